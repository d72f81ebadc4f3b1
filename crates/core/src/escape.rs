//! Escaping for the formats congkhai writes: XML and HTML text and
//! attributes, and JSON that may end up inside HTML. Used by every output,
//! the preview and the desk (CSV cells: [`crate::report::csv_field`]); and
//! the way back, sanitised HTML to plain text for exports and search.

/// Text safe in XML and HTML, in element content and in quoted attributes.
/// Control characters XML 1.0 forbids (and that have no business in a
/// page) are dropped.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The templates' escaper: text safe in HTML content and in attributes
/// quoted with `"` or `'`; control characters (NUL, escape, form feed ...,
/// which a YAML `"\x00"` escape can produce) are dropped.
pub fn html_into(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    while let Some(i) = next_special(bytes, start) {
        let replacement: &[u8] = match bytes[i] {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => b"", // a control character
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(replacement)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// Where the first byte [`html_into`] replaces is at or after `from`.
/// Most values (titles, addresses) have none: eight bytes are looked up
/// in the table at a time, with one branch for the eight.
fn next_special(bytes: &[u8], from: usize) -> Option<usize> {
    let rest = &bytes[from..];
    let mut chunks = rest.chunks_exact(8);
    let mut at = from;
    for chunk in &mut chunks {
        if chunk
            .iter()
            .fold(false, |any, &b| any | SPECIAL[usize::from(b)])
        {
            break;
        }
        at += 8;
    }
    bytes[at..]
        .iter()
        .position(|&b| SPECIAL[usize::from(b)])
        .map(|i| at + i)
}

/// The bytes [`html_into`] replaces: `& < > " '` and control characters
/// other than tab and line breaks.
const SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = !matches!(b as u8, b'\t' | b'\n' | b'\r');
        b += 1;
    }
    table[0x7f] = true;
    table[b'&' as usize] = true;
    table[b'<' as usize] = true;
    table[b'>' as usize] = true;
    table[b'"' as usize] = true;
    table[b'\'' as usize] = true;
    table
};

/// Serialised JSON with `<`, `>` and `&` (only ever inside strings) written
/// as `\u` escapes, so no published JSON (a data file, a search shard,
/// JSON-LD inside `<script>`) holds markup, whatever its strings say.
pub fn json(json: Vec<u8>) -> Vec<u8> {
    if memchr::memchr3(b'<', b'>', b'&', &json).is_none() {
        return json;
    }
    let mut out = Vec::with_capacity(json.len() + 32);
    for &b in &json {
        match b {
            b'<' => out.extend_from_slice(b"\\u003c"),
            b'>' => out.extend_from_slice(b"\\u003e"),
            b'&' => out.extend_from_slice(b"\\u0026"),
            b => out.push(b),
        }
    }
    out
}

/// Plain text for exports of citizen-written text: no angle brackets at
/// all, so no consumer can mistake it for markup.
pub fn plain(text: &str) -> String {
    text.replace(['<', '>'], "")
}

/// The text of sanitised HTML: tags removed, entities decoded, runs of
/// white space folded, and (as [`plain`]) no angle brackets. One pass.
pub fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut space = true;
    let mut push = |out: &mut String, c: char| {
        if c.is_whitespace() {
            if !space {
                out.push(' ');
                space = true;
            }
        } else if c != '<' && c != '>' {
            out.push(c);
            space = false;
        }
    };
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
                push(&mut out, ' ');
            }
            '&' => {
                let entity = [
                    ("&amp;", '&'),
                    ("&lt;", '<'),
                    ("&gt;", '>'),
                    ("&quot;", '"'),
                    ("&#39;", '\''),
                    ("&nbsp;", ' '),
                ]
                .iter()
                .find(|(e, _)| rest.starts_with(e));
                match entity {
                    Some((e, ch)) => {
                        push(&mut out, *ch);
                        rest = &rest[e.len()..];
                    }
                    None => {
                        push(&mut out, '&');
                        rest = &rest[1..];
                    }
                }
            }
            c => {
                push(&mut out, c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_close_a_script_element() {
        let v = serde_json::json!({"name": "</script><script>alert(1 && 2)</script>"});
        let s = json(serde_json::to_vec(&v).unwrap());
        assert!(!s.contains(&b'<'));
        let back: serde_json::Value = serde_json::from_slice(&s).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn html_escapes_quotes_and_drops_control_characters() {
        let mut out = Vec::new();
        html_into("a\u{0}'\"<b>&\u{1b}é\n", &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a&#39;&quot;&lt;b&gt;&amp;é\n"
        );
    }

    proptest::proptest! {
        #[test]
        fn html_escapes_every_special_byte_wherever_it_is(text in "[a-zé&<>\"'\\x00\\x1b\\x7f\t\n ]{0,40}") {
            let mut out = Vec::new();
            html_into(&text, &mut out).unwrap();
            let expected: String = text
                .chars()
                .filter(|&c| !((c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'))
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }

    #[test]
    fn xml_drops_control_characters() {
        assert_eq!(xml("a\u{0}b\u{1b}<c>"), "ab&lt;c&gt;");
    }
}
