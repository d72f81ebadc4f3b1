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
    // Aliases need an anchor: only then can a short text expand into a
    // huge one ("billion laughs"), so only then is the expansion counted.
    if source.contains('&') && source.contains('*') {
        let mut count = Counter { left: MAX_NODES };
        serde::de::DeserializeSeed::deserialize(
            &mut count,
            yaml_serde::Deserializer::from_str(source),
        )
        .map_err(|e| {
            let mut d = to_diagnostic(&e, path, first_line, known_fields);
            if count.left == 0 || e.to_string().contains("repetition limit") {
                d.hint = Some("write the values out instead of repeating anchors (`&name`) with aliases (`*name`)".into());
            }
            d
        })?;
    }
    yaml_serde::from_str(source).map_err(|e| to_diagnostic(&e, path, first_line, known_fields))
}

/// Refuses a YAML text whose aliases expand past [`MAX_NODES`] values, for
/// readers that do not go through [`parse`] (the desk's forms).
pub fn check_expansion(text: &str) -> Result<(), String> {
    if !(text.contains('&') && text.contains('*')) {
        return Ok(());
    }
    let mut count = Counter { left: MAX_NODES };
    serde::de::DeserializeSeed::deserialize(&mut count, yaml_serde::Deserializer::from_str(text))
        .map_err(|e| e.to_string())
}

/// The most values a header may hold once its aliases are expanded: far
/// beyond any real item (a plan with 100 tasks has a few thousand), far
/// below what takes a noticeable time to expand.
const MAX_NODES: usize = 200_000;

/// Counts the values of a YAML document as it is expanded, and stops the
/// expansion with an error past [`MAX_NODES`].
struct Counter {
    left: usize,
}

impl Counter {
    fn take<E: serde::de::Error>(&mut self) -> Result<(), E> {
        if self.left == 0 {
            return Err(E::custom(format!(
                "the header expands into more than {MAX_NODES} values through its aliases"
            )));
        }
        self.left -= 1;
        Ok(())
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for &mut Counter {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for &mut Counter {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.take()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.take()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.take()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.take()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.take()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.take()
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.take()
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.take()?;
        while seq.next_element_seed(&mut *self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.take()?;
        while map.next_key_seed(&mut *self)?.is_some() {
            map.next_value_seed(&mut *self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(&mut *self)?;
        variant.newtype_variant_seed(&mut *self)
    }
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
    let line = d.line;
    d.staff(crate::messages::broken_header(line))
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

    /// 2,000 values, then nine levels of ten aliases each: 2·10^12 values
    /// if expanded (a 20 KB file).
    fn laughs() -> String {
        let lols = vec!["\"lol\""; 2000].join(", ");
        let mut y = format!("a0: &a0 [{lols}]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            y.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        y.push_str("title: x\n");
        y
    }

    #[test]
    fn alias_bombs_are_refused_quickly() {
        let err = parse::<serde_json::Value>(&laughs(), Path::new("a.md"), 2, &[]).unwrap_err();
        assert!(err.message.contains("aliases"), "{}", err.message);
        assert_eq!(err.line, Some(2), "located in the file");
        assert!(err.hint.unwrap().contains("&name"));
    }

    #[test]
    fn a_few_aliases_are_fine() {
        let v: serde_json::Value = parse(
            "a: &x [1, 2]\nb: *x\nc: \"Q&A *\"\n",
            Path::new("a.yaml"),
            1,
            &[],
        )
        .unwrap();
        assert_eq!(v["b"], serde_json::json!([1, 2]));
    }
}
