//! Spotting personal data in text that will be published: Vietnamese phone
//! numbers, e-mail addresses, citizen identity numbers (12 digits) and old
//! identity card numbers (9 digits), however they are written, and the
//! sender's own name, phone, e-mail, ID number and address typed into any
//! published field ("Kính gửi ông Hoàng Văn Nam, ...").
//!
//! Text is compared in a normalised form: NFKC (full-width digits, NBSP and
//! the like become plain), numbers as digits only with the `+84`/`84`/`0`
//! prefix folded, e-mail obfuscations (`ten [at] gmail.com`) undone, names
//! and addresses compared with case and diacritics folded. Feedback is
//! written by citizens and often quotes their own details; the build refuses
//! to publish such text unless the item lists the value under
//! `public_contacts` (an official hotline in an answer, say).

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use unicode_normalization::UnicodeNormalization;

/// What a match looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Phone,
    Email,
    CitizenId,
    OldId,
    /// The sender's own name.
    SenderName,
    /// The sender's own address.
    SenderAddress,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Phone => "a phone number",
            Kind::Email => "an email address",
            Kind::CitizenId => "a citizen identity number",
            Kind::OldId => "an identity card number",
            Kind::SenderName => "the sender's name",
            Kind::SenderAddress => "the sender's address",
        }
    }

    /// The same, in Vietnamese, for staff.
    pub fn describe_vi(self) -> &'static str {
        match self {
            Kind::Phone => "số điện thoại",
            Kind::Email => "địa chỉ thư điện tử",
            Kind::CitizenId => "số định danh cá nhân (căn cước)",
            Kind::OldId => "số chứng minh nhân dân",
            Kind::SenderName => "họ tên người gửi",
            Kind::SenderAddress => "địa chỉ người gửi",
        }
    }
}

/// A piece of text that looks like personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub kind: Kind,
    /// As written in the (normalised) text.
    pub text: String,
}

/// What the office knows of the sender, to be found in published text.
#[derive(Debug, Default)]
pub struct Sender<'a> {
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub email: Option<&'a str>,
    pub id_number: Option<&'a str>,
    pub address: Option<&'a str>,
}

/// Every e-mail address, phone number and ID number in `text`.
pub fn find(text: &str) -> Vec<Found> {
    let text = normalise_text(text);
    let mut found = emails(&text);
    found.extend(
        number_runs(&text)
            .into_iter()
            .filter_map(|(written, context)| {
                classify(&written, &context).map(|kind| Found {
                    kind,
                    text: written,
                })
            }),
    );
    found
}

/// The sender's own details found in `text`, in whatever form they are
/// written there.
pub fn find_sender(text: &str, sender: &Sender<'_>) -> Vec<Found> {
    let normal = normalise_text(text);
    let mut found = Vec::new();
    let numbers: Vec<(String, String)> = number_runs(&normal)
        .into_iter()
        .map(|(written, _)| (normalise(&written), written))
        .collect();
    for (value, kind) in [
        (sender.phone, Kind::Phone),
        (sender.id_number, Kind::CitizenId),
    ] {
        let Some(value) = value.map(normalise).filter(|v| v.len() >= 6) else {
            continue;
        };
        for (digits, written) in &numbers {
            if digits.contains(&value) {
                found.push(Found {
                    kind,
                    text: written.clone(),
                });
            }
        }
    }
    if let Some(email) = sender.email.map(normalise).filter(|e| e.contains('@')) {
        if deobfuscate(&normal).to_lowercase().contains(&email) {
            found.push(Found {
                kind: Kind::Email,
                text: email,
            });
        }
    }
    let folded = fold(&normal);
    let name = sender.name.map(fold).filter(|n| n.split(' ').count() >= 2);
    if name.is_some_and(|n| contains_words(&folded, &n)) {
        found.push(Found {
            kind: Kind::SenderName,
            text: sender.name.unwrap_or_default().trim().to_string(),
        });
    }
    let address = sender.address.map(fold).filter(|a| a.chars().count() >= 8);
    if address.is_some_and(|a| folded.contains(a.as_str())) {
        found.push(Found {
            kind: Kind::SenderAddress,
            text: sender.address.unwrap_or_default().trim().to_string(),
        });
    }
    found
}

/// Names written after a form of address (ông, bà, anh, chị, em, cô, chú)
/// in `text`: "Kính gửi ông Hoàng Văn Nam" → "Hoàng Văn Nam". Not always
/// personal data (an official may be named), so the editor is warned.
pub fn addressed_names(text: &str) -> Vec<String> {
    const FORMS: &[&str] = &["ông", "bà", "anh", "chị", "cô", "chú", "em"];
    let normal = normalise_text(text);
    let words: Vec<&str> = normal.split_whitespace().collect();
    let mut names = Vec::new();
    for (i, w) in words.iter().enumerate() {
        if !FORMS.contains(&w.to_lowercase().as_str()) {
            continue;
        }
        let mut name: Vec<&str> = Vec::new();
        for word in words[i + 1..].iter().take(5) {
            let bare = word.trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
            if !bare.chars().next().is_some_and(char::is_uppercase) {
                break;
            }
            name.push(bare);
            if bare.len() != word.len() {
                break; // the name ends at its punctuation
            }
        }
        // A family name and a given name at least: "ông Nam" names nobody.
        if name.len() >= 2 {
            names.push(name.join(" "));
        }
    }
    names
}

/// A value normalised for comparison with `public_contacts` and the sender's
/// details: digits only for numbers (with `+84`/`84` folded to `0`),
/// lowercase for e-mail addresses.
pub fn normalise(value: &str) -> String {
    let value: String = value.nfkc().collect();
    if value.contains('@') || value.contains("[at]") || value.contains("(at)") {
        return deobfuscate(&value).trim().to_lowercase().replace(' ', "");
    }
    let digits: String = value.chars().filter(char::is_ascii_digit).collect();
    fold_prefix(&digits)
}

/// A name folded for comparison: case, diacritics and spacing ignored.
pub fn normalise_name(name: &str) -> String {
    fold(name)
}

/// `84912345678`, `840912345678` → `0912345678`; other digits unchanged.
fn fold_prefix(digits: &str) -> String {
    match digits.strip_prefix("84") {
        Some(rest) if rest.starts_with('0') && rest.len() == 10 => rest.to_string(),
        Some(rest) if (9..=10).contains(&rest.len()) && !rest.starts_with('0') => {
            format!("0{rest}")
        }
        _ => digits.to_string(),
    }
}

/// NFKC, with every kind of space as a plain one and invisible characters
/// (zero-width spaces, soft hyphens, BOM) removed.
fn normalise_text(text: &str) -> String {
    text.nfkc()
        .filter(|c| {
            !matches!(
                c,
                '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
            )
        })
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect()
}

/// Lowercase, without diacritics (đ → d), words separated by one space.
fn fold(text: &str) -> String {
    let lower = normalise_text(text).to_lowercase();
    deunicode::deunicode(&lower)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn contains_words(haystack: &str, needle: &str) -> bool {
    format!(" {haystack} ").contains(&format!(" {needle} "))
}

/// Undoes the usual ways of hiding an address from robots: `ten [at]
/// gmail.com`, `ten(at)gmail(dot)com`, `ten @ gmail . com`, `ten a còng
/// gmail chấm com`.
fn deobfuscate(text: &str) -> String {
    let mut s = text.to_string();
    // "[ at ]" is "[at]".
    for (from, to) in [
        ("[ ", "["),
        (" ]", "]"),
        ("( ", "("),
        (" )", ")"),
        ("{ ", "{"),
        (" }", "}"),
    ] {
        while s.contains(from) {
            s = s.replace(from, to);
        }
    }
    for (from, to) in [
        ("[at]", "@"),
        ("(at)", "@"),
        ("{at}", "@"),
        ("[a còng]", "@"),
        (" a còng ", "@"),
        ("[dot]", "."),
        ("(dot)", "."),
        ("{dot}", "."),
        ("[chấm]", "."),
        (" chấm ", "."),
    ] {
        s = replace_ignoring_case(&s, from, to);
    }
    // Spaces around @ and around the dots of the domain after it.
    let mut out = String::with_capacity(s.len());
    let chars: Vec<char> = s.chars().collect();
    let mut after_at = false;
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.trim_end().chars().last();
            let next = chars[i + 1..].iter().find(|c| **c != ' ');
            let glue = |x: Option<&char>| x.is_some_and(|c| *c == '@' || (after_at && *c == '.'));
            if glue(prev.as_ref()) || glue(next) {
                continue;
            }
            after_at = false;
        }
        if c == '@' {
            after_at = true;
        }
        out.push(c);
    }
    out
}

fn replace_ignoring_case(text: &str, from: &str, to: &str) -> String {
    let lower = text.to_lowercase();
    if !lower.contains(from) || lower.len() != text.len() {
        return if lower.len() == text.len() {
            text.to_string()
        } else {
            text.replace(from, to)
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in lower.match_indices(from) {
        out.push_str(&text[last..at]);
        out.push_str(to);
        last = at + from.len();
    }
    out.push_str(&text[last..]);
    out
}

fn emails(text: &str) -> Vec<Found> {
    let text = deobfuscate(text);
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

/// Runs of digits in normalised text as written, with the few words before
/// them (folded) for context: groups may be separated by up to three
/// spaces, dots, dashes, slashes or brackets ("0912.345.678",
/// "(091) 234 5678", "(+84) 912 345 678", "001 234 567 890").
fn number_runs(text: &str) -> Vec<(String, String)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_sep = |c: char| matches!(c, ' ' | '.' | '-' | '/' | '(' | ')' | '_');
    let mut runs = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        // Include a leading "+" or "(+" / "(".
        let mut start = i;
        while start > 0 && matches!(chars[start - 1].1, '+' | '(') && i - start < 2 {
            start -= 1;
        }
        let mut end = i;
        let mut last_digit = i;
        while end < chars.len() {
            let c = chars[end].1;
            if c.is_ascii_digit() {
                last_digit = end;
                end += 1;
                continue;
            }
            let gap = chars[end..]
                .iter()
                .take(4)
                .take_while(|(_, c)| is_sep(*c))
                .count();
            // " - " or " / " between numbers is a range or a list
            // ("2026 - 2030"), not the grouping of one number.
            let gap_chars = &chars[end..end + gap];
            let spaced_dash = gap > 1
                && gap_chars.iter().any(|(_, c)| *c == ' ')
                && gap_chars.iter().any(|(_, c)| matches!(c, '-' | '/'));
            let resumes = gap > 0
                && gap <= 3
                && !spaced_dash
                && chars
                    .get(end + gap)
                    .is_some_and(|(_, c)| c.is_ascii_digit());
            if resumes {
                end += gap;
            } else {
                break;
            }
        }
        let from = chars[start].0;
        let to = chars.get(last_digit + 1).map_or(text.len(), |c| c.0);
        let context_from = text[..from]
            .char_indices()
            .rev()
            .nth(24)
            .map_or(0, |(at, _)| at);
        let after_to = text[to..]
            .char_indices()
            .nth(8)
            .map_or(text.len(), |(at, _)| to + at);
        let context = fold(&format!(
            "{} | {}",
            &text[context_from..from],
            &text[to..after_to]
        ));
        runs.push((text[from..to].to_string(), context));
        i = last_digit + 1;
    }
    runs
}

/// What a run of digits is, from its digits, how it is grouped and the
/// words around it; None for ordinary numbers (money, codes, dates).
fn classify(written: &str, context: &str) -> Option<Kind> {
    let digits: String = written.chars().filter(char::is_ascii_digit).collect();
    // A list of years ("2024/2025/2026", "2025-2026") is no number of anyone.
    let groups: Vec<&str> = written
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty())
        .collect();
    let years = groups.len() > 1
        && groups
            .iter()
            .all(|g| g.len() == 4 && (g.starts_with("19") || g.starts_with("20")));
    if years {
        return None;
    }
    let (before, after) = context.split_once('|').unwrap_or((context, ""));
    let money = matches!(
        after.split_whitespace().next(),
        Some("dong" | "d" | "vnd" | "trieu" | "ty" | "nghin" | "usd")
    );
    let grouped_by_thousands = written.contains('.')
        && written.split('.').skip(1).all(|g| g.len() == 3)
        && !written.contains([' ', '-', '/', '(', ')']);
    let national = fold_prefix(&digits);
    let mobile = national.len() == 10
        && national.starts_with('0')
        && matches!(national.as_bytes()[1], b'3' | b'5' | b'7' | b'8' | b'9');
    let landline = national.len() == 11 && national.starts_with("02");
    if mobile || landline {
        // A mobile number grouped 0.912.345.678 is still a number, but
        // "3.000.000.000 đồng" is money.
        return (!money).then_some(Kind::Phone);
    }
    let id_words = [
        "cccd",
        "cmnd",
        "cmt",
        "can cuoc",
        "chung minh",
        "dinh danh",
        "so id",
    ];
    let named_as_id = id_words.iter().any(|w| before.contains(w));
    if money || (grouped_by_thousands && !named_as_id) {
        return None;
    }
    // An old identity card number is 9 digits written together or in
    // three groups of three ("012 345 678"); other 9-digit runs (a year
    // and a count) are not taken for one unless the text names it.
    let three_by_three = written
        .split([' ', '.', '-'])
        .filter(|g| !g.is_empty())
        .map(str::len)
        .eq([3, 3, 3]);
    match digits.len() {
        12 => Some(Kind::CitizenId),
        9 if named_as_id || written.len() == 9 || three_by_three => Some(Kind::OldId),
        _ => None,
    }
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
            "lệ phí 100.000.000 đồng",
            "mã 1.013837",
            "ngày 2026-01-31",
            "số 15/HD-STP",
            "năm 2026, 20 ngày",
            "@ và 12 3",
            "Quyết định số 93/QĐ-UBND ngày 16/01/2026",
            "từ ngày 01/01/2026 đến ngày 31/12/2026",
        ] {
            assert!(find(text).is_empty(), "{text}: {:?}", find(text));
        }
    }

    #[test]
    fn normalises_for_comparison() {
        assert_eq!(normalise("0205.3812.345"), "02053812345");
        assert_eq!(normalise("+84 912 345 678"), "0912345678");
        assert_eq!(normalise("(+84) 0912 345 678"), "0912345678");
        assert_eq!(normalise("０９１２３４５６７８"), "0912345678");
        assert_eq!(normalise(" STP@LangSon.gov.vn "), "stp@langson.gov.vn");
    }

    #[test]
    fn finds_the_senders_own_details() {
        let sender = Sender {
            name: Some("Hoàng Văn Nam"),
            phone: Some("0912345678"),
            email: Some("nam.hv@gmail.com"),
            id_number: Some("001 234 567 890"),
            address: Some("Số 5, ngõ 12, đường Lê Lợi"),
        };
        let text = "Kính gửi ông HOANG VAN NAM, số 5 ngõ 12 đường Lê Lợi; đã gọi 0912.345.678, \
                    thư NAM.HV [at] gmail.com, CCCD 001.234.567.890";
        let kinds: Vec<Kind> = find_sender(text, &sender)
            .into_iter()
            .map(|f| f.kind)
            .collect();
        for k in [
            Kind::Phone,
            Kind::CitizenId,
            Kind::Email,
            Kind::SenderName,
            Kind::SenderAddress,
        ] {
            assert!(kinds.contains(&k), "{k:?} in {kinds:?}");
        }
        assert!(find_sender("Kính gửi ông Trần Văn Bình", &sender).is_empty());
    }

    #[test]
    fn names_after_a_form_of_address() {
        assert_eq!(
            addressed_names("Kính gửi ông Hoàng Văn Nam, Sở đã nhận."),
            vec!["Hoàng Văn Nam".to_string()]
        );
        assert!(addressed_names("ông bà ta có câu").is_empty());
    }
}
