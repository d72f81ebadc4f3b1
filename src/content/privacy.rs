//! Spotting personal data in text that will be published: Vietnamese phone
//! numbers, email addresses and 12-digit citizen identity numbers.
//!
//! Feedback is written by citizens and often quotes their own details; the
//! build refuses to publish such text unless the item lists the value under
//! `public_contacts` (an official hotline in an answer, say).

/// What a match looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Phone,
    Email,
    CitizenId,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Phone => "a phone number",
            Kind::Email => "an email address",
            Kind::CitizenId => "a citizen identity number",
        }
    }
}

/// A piece of text that looks like personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    /// As written in the text.
    pub text: String,
}

/// Every email, phone number and 12-digit ID in `text`.
pub fn find(text: &str) -> Vec<Found> {
    let mut found = emails(text);
    found.extend(numbers(text));
    found
}

/// A value normalised for comparison with `public_contacts`: digits only for
/// numbers, lowercase for emails.
pub fn normalise(value: &str) -> String {
    if value.contains('@') {
        value.trim().to_lowercase()
    } else {
        let digits: String = value.chars().filter(char::is_ascii_digit).collect();
        match digits.strip_prefix("84") {
            Some(rest) if value.trim_start().starts_with('+') => format!("0{rest}"),
            _ => digits,
        }
    }
}

fn emails(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let local = |b: u8| b.is_ascii_alphanumeric() || b"._%+-".contains(&b);
    let domain = |b: u8| b.is_ascii_alphanumeric() || b".-".contains(&b);
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = (0..at)
            .rev()
            .take_while(|&i| local(bytes[i]))
            .last()
            .unwrap_or(at);
        let end = (at + 1..bytes.len())
            .take_while(|&i| domain(bytes[i]))
            .last()
            .map_or(at + 1, |i| i + 1);
        let domain_part = text[at + 1..end].trim_end_matches('.');
        if start < at && domain_part.contains('.') && !domain_part.starts_with('.') {
            found.push(Found {
                kind: Kind::Email,
                text: text[start..at + 1 + domain_part.len()].to_string(),
            });
        }
    }
    found
}

/// Runs of digits, allowing single spaces, dots or dashes between groups
/// ("0912 345 678", "0912.345.678"), and a leading `+`.
fn numbers(text: &str) -> Vec<Found> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = if i > 0 && chars[i - 1].1 == '+' {
            i - 1
        } else {
            i
        };
        let mut end = i;
        while end < chars.len() {
            let c = chars[end].1;
            let sep_then_digit = matches!(c, ' ' | '.' | '-')
                && chars.get(end + 1).is_some_and(|n| n.1.is_ascii_digit());
            if c.is_ascii_digit() || sep_then_digit {
                end += 1;
            } else {
                break;
            }
        }
        let byte_start = chars[start].0;
        let byte_end = chars.get(end).map_or(text.len(), |c| c.0);
        let written = &text[byte_start..byte_end];
        if let Some(kind) = classify(written) {
            found.push(Found {
                kind,
                text: written.to_string(),
            });
        }
        i = end.max(i + 1);
    }
    found
}

fn classify(written: &str) -> Option<Kind> {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    let grouped_like_money =
        written.contains('.') && written.split('.').skip(1).all(|g| g.len() == 3);
    if grouped_like_money {
        return None;
    }
    if digits.len() == 12 && !written.contains([' ', '.', '-']) {
        return Some(Kind::CitizenId);
    }
    let national = match digits.strip_prefix("84") {
        Some(rest) if written.starts_with('+') || digits.len() == 11 => format!("0{rest}"),
        _ => digits,
    };
    let mobile = national.len() == 10
        && national.starts_with('0')
        && matches!(national.as_bytes()[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let landline = national.len() == 11 && national.starts_with("02");
    (mobile || landline).then_some(Kind::Phone)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(Kind, String)> {
        find(text).into_iter().map(|f| (f.kind, f.text)).collect()
    }

    #[test]
    fn finds_phones_emails_and_ids() {
        assert_eq!(
            kinds("gọi 0912345678 nhé"),
            vec![(Kind::Phone, "0912345678".into())]
        );
        assert_eq!(
            kinds("SĐT: 0912 345 678."),
            vec![(Kind::Phone, "0912 345 678".into())]
        );
        assert_eq!(
            kinds("+84 912 345 678"),
            vec![(Kind::Phone, "+84 912 345 678".into())]
        );
        assert_eq!(
            kinds("máy bàn 0205.3812.345"),
            vec![(Kind::Phone, "0205.3812.345".into())]
        );
        assert_eq!(
            kinds("thư an.nguyen@gmail.com."),
            vec![(Kind::Email, "an.nguyen@gmail.com".into())]
        );
        assert_eq!(
            kinds("CCCD 001234567890"),
            vec![(Kind::CitizenId, "001234567890".into())]
        );
    }

    #[test]
    fn leaves_ordinary_numbers_alone() {
        for text in [
            "lệ phí 3.000.000 đồng",
            "mã 1.013837",
            "ngày 2026-01-31",
            "số 15/HD-STP",
            "năm 2026, 20 ngày",
            "@ và 12 3",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn normalises_for_comparison() {
        assert_eq!(normalise("0205.3812.345"), "02053812345");
        assert_eq!(normalise("+84 912 345 678"), "0912345678");
        assert_eq!(normalise(" STP@LangSon.gov.vn "), "stp@langson.gov.vn");
    }
}
