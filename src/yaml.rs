//! YAML parsing with positions that point into the real file.
//!
//! We use `yaml_serde` (the YAML organisation's maintained fork of the archived
//! `serde_yaml`): same API, YAML 1.2 scalars (`NO` stays a string), and errors
//! carry a line and column. Front matter starts a few lines into its file, so
//! callers pass the line offset and the diagnostic is shifted to match.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::error::Diagnostic;

/// Parses `text` (which starts on line `first_line` of `path`) into `T`.
pub fn parse<T: DeserializeOwned>(
    text: &str,
    path: &Path,
    first_line: usize,
    known_fields: &[&str],
) -> Result<T, Diagnostic> {
    // An empty document is an empty mapping, so that "missing field" errors
    // name the field rather than complaining about an empty file.
    let source = if text.trim().is_empty() { "{}" } else { text };
    yaml_serde::from_str(source).map_err(|e| to_diagnostic(&e, path, first_line, known_fields))
}

fn to_diagnostic(
    e: &yaml_serde::Error,
    path: &Path,
    first_line: usize,
    known_fields: &[&str],
) -> Diagnostic {
    let raw = e.to_string();
    let message = strip_position(&raw);
    let mut d = Diagnostic::error(path, message.clone());
    if let Some(loc) = e.location() {
        d = d.at(loc.line() + first_line - 1, Some(loc.column()));
    } else {
        d = d.at(first_line, None);
    }
    d.hint = Some(hint_for(&message, known_fields));
    d
}

/// Drops serde_yaml's " at line X column Y" tail: the diagnostic carries it.
fn strip_position(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
    .trim_start_matches(": ")
    .to_string()
}

fn hint_for(message: &str, known: &[&str]) -> String {
    if let Some(field) = between(message, "unknown field `", "`") {
        return match nearest(field, known) {
            Some(best) => format!("did you mean `{best}`? Known fields: {}", known.join(", ")),
            None => format!("remove it, or use one of: {}", known.join(", ")),
        };
    }
    if let Some(field) = between(message, "missing field `", "`") {
        return format!("add a line `{field}: ...` to this file's header");
    }
    if message.contains("invalid type") || message.contains("unknown variant") {
        return "check the value's spelling and form against the README's content format".into();
    }
    "check the indentation and quoting of the header lines; text with a `:` or `#` needs \"double quotes\"".into()
}

fn between<'a>(s: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let i = s.find(start)? + start.len();
    let j = s[i..].find(end)? + i;
    Some(&s[i..j])
}

/// The known name closest to `word` by edit distance, if any is close.
pub fn nearest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3))
        .min()
        .map(|(_, k)| k)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_nearest_field() {
        assert_eq!(nearest("titel", &["title", "date"]), Some("title"));
        assert_eq!(nearest("zzzzzz", &["title", "date"]), None);
    }
}
