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
    let mut out = String::with_capacity(text.len().min(MAX_LEN + 8));
    let mut pending_dash = false;
    let mut push = |out: &mut String, c: char| {
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
    };
    for ch in text.chars() {
        // Past MAX_LEN the kept part is settled: long titles stop here.
        if out.len() > MAX_LEN {
            break;
        }
        if ch.is_ascii() {
            push(&mut out, ch);
        } else {
            for c in fold_char(ch).chars() {
                push(&mut out, c);
            }
        }
    }
    if out.len() > MAX_LEN {
        // Cut between words (`...-ho-tich`, never `...-ho-ti`) unless the
        // last word alone is half the slug.
        let cut = match out[..=MAX_LEN].rfind('-') {
            Some(i) if i >= MAX_LEN / 2 => i,
            _ => MAX_LEN,
        };
        out.truncate(cut);
        while out.ends_with('-') {
            out.pop();
        }
    }
    out
}

/// Removes Vietnamese diacritics, keeping case: "Đường" → "Duong".
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        if ch.is_ascii() {
            out.push(ch);
        } else {
            out.push_str(fold_char(ch));
        }
    }
    out
}

/// A non-ASCII character without its marks, in ASCII ("" when it has no
/// ASCII form).
fn fold_char(ch: char) -> &'static str {
    match ch {
        'đ' => "d",
        'Đ' => "D",
        c => deunicode::deunicode_char(c).unwrap_or(""),
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

    /// The whole text folded, then cut: what `slugify` computes, the slow way.
    fn slug_of_whole_text(text: &str) -> String {
        let folded = fold(text).to_ascii_lowercase();
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mut out = words.join("-");
        if out.len() > MAX_LEN {
            let cut = out[..=MAX_LEN]
                .rfind('-')
                .filter(|i| *i >= MAX_LEN / 2)
                .unwrap_or(MAX_LEN);
            out.truncate(cut);
        }
        out.trim_end_matches('-').to_string()
    }

    #[test]
    fn long_titles_lose_whole_words() {
        let title = "Hội nghị tổng kết công tác tư pháp năm 2026 và triển khai nhiệm vụ trọng tâm năm 2027 của Sở";
        let slug = slugify(title);
        assert_eq!(
            slug,
            "hoi-nghi-tong-ket-cong-tac-tu-phap-nam-2026-va-trien-khai-nhiem-vu-trong-tam-nam"
        );
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary_or_the_limit() {
        let title = "Sửa lần 5 1795387970.8355968 ".repeat(8);
        let slug = slugify(&title);
        assert!(slug.len() <= MAX_LEN && !slug.ends_with('-'), "{slug}");
        assert_eq!(slug, slug_of_whole_text(&title));
    }

    proptest::proptest! {
        #[test]
        fn slugs_equal_the_whole_text_folded_and_cut(text in "[a-zA-Z0-9 đĐăâêôơưáàảãạ/.\\-]{0,120}") {
            proptest::prop_assert_eq!(slugify(&text), slug_of_whole_text(&text));
        }
    }
}
