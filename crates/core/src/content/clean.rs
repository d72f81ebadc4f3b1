//! What text typed or pasted into the desk becomes before it is written.
//!
//! Word and web pages paste Vietnamese in decomposed form (NFD, which
//! searches and sorts differently from the same letters typed), with
//! zero-width spaces, byte-order marks, soft hyphens, direction marks and
//! no-break spaces that nobody sees and that then sit in a public heading,
//! and with "•⇥" bullets that Markdown reads as one paragraph. Every value
//! the desk writes goes through here: text is NFC, invisible characters
//! are dropped, a one-line field has plain spaces, and pasted bullets in a
//! body become a Markdown list.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters nobody sees, dropped everywhere: zero-width space and
/// non-joiner, word joiner, BOM, soft hyphen, direction marks and the bidi
/// embeddings and isolates (which can also make a text read backwards).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'
            | '\u{200C}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
    )
}

/// Spaces other than the plain one: no-break, narrow, thin, ideographic...
fn odd_space(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// NFC without invisible characters: for long text and bodies.
pub fn text(s: &str) -> Cow<'_, str> {
    let clean = !s.chars().any(invisible);
    if clean && is_nfc_quick(s.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(s);
    }
    Cow::Owned(s.chars().filter(|c| !invisible(*c)).nfc().collect())
}

/// [`text`] for a one-line field: other spaces (no-break, tab...) made
/// plain, runs of spaces made one, and the ends trimmed. A value over
/// several lines (old files fold long values) is only [`text`].
pub fn line(s: &str) -> String {
    let t = text(s);
    if t.contains('\n') {
        return t.trim().to_string();
    }
    t.split(|c: char| c == ' ' || c == '\t' || odd_space(c))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bullets Word and PDFs paste (followed by a tab or spaces); U+F0B7 is
/// Word's Symbol-font bullet.
const BULLETS: &[char] = &['•', '◦', '▪', '■', '●', '○', '·', '‣', '⁃', '\u{F0B7}'];

/// A body as Markdown should read it: [`text`], and lines starting with a
/// pasted bullet (`•⇥`, `◦ `, Word's `o⇥` for the second level) turned
/// into list items, so they are not merged into one paragraph.
pub fn body(s: &str) -> String {
    let t = text(s);
    let mut out = String::with_capacity(t.len());
    for line in t.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = &line[indent..];
        let mut chars = rest.chars();
        let first = chars.next();
        let after = chars.as_str();
        let bullet = first.is_some_and(|c| BULLETS.contains(&c))
            || (first == Some('o') && after.starts_with('\t'));
        if bullet && (after.starts_with([' ', '\t']) || after.trim().is_empty()) {
            // Word's deeper levels come indented: keep them nested.
            let depth = if indent > 0 || first == Some('o') || first == Some('◦') {
                "  "
            } else {
                ""
            };
            out.push_str(depth);
            out.push_str("- ");
            out.push_str(after.trim_start_matches([' ', '\t']));
        } else {
            out.push_str(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_vietnamese_becomes_composed() {
        let nfd = "Tie\u{302}\u{301}p nha\u{302}\u{323}n";
        assert_eq!(line(nfd), "Tiếp nhận");
    }

    #[test]
    fn invisible_characters_are_dropped_and_spaces_made_plain() {
        assert_eq!(
            line("\u{FEFF}Hội\u{00A0}nghị\u{200B} tư\u{00AD}pháp\u{202E}  "),
            "Hội nghị tưpháp"
        );
        // A body keeps its no-break spaces (15 ngày), loses the rest.
        assert_eq!(text("15\u{00A0}ngày\u{200B}"), "15\u{00A0}ngày");
    }

    #[test]
    fn pasted_bullets_become_a_list() {
        let pasted = "Nội dung:\n•\tThứ nhất\n•\tThứ hai\no\tÝ nhỏ\n";
        assert_eq!(
            body(pasted),
            "Nội dung:\n- Thứ nhất\n- Thứ hai\n  - Ý nhỏ\n"
        );
        // A word starting with o is not a bullet.
        assert_eq!(body("o day\n"), "o day\n");
    }
}
