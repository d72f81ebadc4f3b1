//! Vietnamese-aware slugs: "Đăng ký hộ tịch" becomes `dang-ky-ho-tich`.
//!
//! Slugs are the only part of an output path that comes from content, so they
//! are folded to `[a-z0-9-]` here and nowhere else: whatever a title, file name
//! or `slug` field says (`../`, `/etc`, odd Unicode), the result cannot leave
//! its folder.

/// Longest slug kept, in bytes (ASCII after folding).
const MAX_LEN: usize = 80;

/// Folds Vietnamese (and any other) text to an ASCII slug.
///
/// `đ`/`Đ` fold to `d` (not `dj`), tone marks are dropped, every run of other
/// characters becomes one `-`. An input with no letters or digits gives "".
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in text.chars() {
        let folded = fold_char(ch);
        for c in folded.chars() {
            let c = c.to_ascii_lowercase();
            if c.is_ascii_alphanumeric() {
                if pending_dash && !out.is_empty() {
                    out.push('-');
                }
                pending_dash = false;
                out.push(c);
            } else {
                pending_dash = true;
            }
        }
    }
    if out.len() > MAX_LEN {
        out.truncate(MAX_LEN);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// Removes Vietnamese diacritics, keeping case: "Đường" → "Duong".
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

fn fold_char(ch: char) -> std::borrow::Cow<'static, str> {
    match ch {
        'đ' => "d".into(),
        'Đ' => "D".into(),
        c if c.is_ascii() => c.to_string().into(),
        c => deunicode::deunicode_char(c).unwrap_or("").into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(slugify("Đăng ký hộ tịch"), "dang-ky-ho-tich");
        assert_eq!(
            slugify("Thủ tục nhập quốc tịch Việt Nam"),
            "thu-tuc-nhap-quoc-tich-viet-nam"
        );
        assert_eq!(fold("Đường"), "Duong");
    }

    #[test]
    fn cannot_escape() {
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("/"), "");
        assert_eq!(slugify("a\u{202e}b"), "ab");
    }
}
