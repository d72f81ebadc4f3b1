//! Citizen feedback (phản ánh, kiến nghị): `content/feedback/`.
//!
//! The `sender` block is read only to validate it and to derive initials and
//! the commune; the resolved [`Feedback`] holds no personal data at all, so
//! nothing later in the pipeline can leak it. Subject, content and answer are
//! citizen-written or quoted and are sanitised when rendered.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::check::{opt, Check};
use super::dates::{add_working_days, vn_date};
use super::privacy;
use super::source::Source;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown;

/// Who sent the item: kept in the content for the office, never published.
/// Only `name` (as initials) and `commune` are used.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Sender {
    name: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    address: Option<String>,
    id_number: Option<String>,
    commune: Option<String>,
}

/// Sent on to the competent agency ("chuyển", "kiến nghị xử lý").
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Forwarded {
    agency: String,
    date: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    code: String,
    received: String,
    subject: String,
    content: String,
    #[serde(default)]
    sender: Sender,
    procedure: Option<String>,
    unit: String,
    due: Option<String>,
    answer: Option<String>,
    answered: Option<String>,
    /// Forwarded to the competent agency instead of (or before) answering.
    forwarded: Option<Forwarded>,
    /// Official contacts the answer may publish (a hotline, an office email).
    #[serde(default)]
    public_contacts: Vec<String>,
    slug: Option<String>,
}

/// A feedback item, resolved. Holds no personal data by construction.
#[derive(Debug, Clone, Serialize)]
pub struct Feedback {
    /// Problems that do not stop the build (names after "ông/bà"), for the
    /// editor.
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    pub code: String,
    pub slug: String,
    pub url: String,
    #[serde(skip)]
    pub received: NaiveDate,
    pub received_display: String,
    #[serde(skip)]
    pub due: NaiveDate,
    pub due_display: String,
    #[serde(skip)]
    pub answered: Option<NaiveDate>,
    pub answered_display: Option<String>,
    /// Plain text; escaped by the templates.
    pub subject: String,
    /// Sanitised HTML.
    pub content_html: String,
    /// Sanitised HTML.
    pub answer_html: Option<String>,
    /// The agency it was forwarded to (handled by forwarding, seed 001
    /// §3.2: "được xử lý hoặc kiến nghị xử lý").
    pub forwarded_to: Option<String>,
    pub procedure: Option<String>,
    pub unit: String,
    /// "N.V.A.", never the full name.
    pub sender_initials: Option<String>,
    pub commune: Option<String>,
    pub on_time: Option<bool>,
    #[serde(skip)]
    pub source: PathBuf,
}

impl Feedback {
    /// Published items are those with both an answer and its date.
    pub fn is_answered(&self) -> bool {
        self.answered.is_some() && self.answer_html.is_some()
    }
}

pub fn resolve(src: &Source, config: &Config) -> Result<Feedback, Vec<Diagnostic>> {
    let (raw, mut c): (Raw, _) = Check::parse(src, &super::kinds::FEEDBACK)?;
    for (key, value) in [
        ("code", &raw.code),
        ("subject", &raw.subject),
        ("content", &raw.content),
        ("unit", &raw.unit),
    ] {
        c.required(key, value);
    }
    let received = c.date("received", &raw.received);
    let due = c.optional_date("due", raw.due.as_ref());
    let mut answered = c.optional_date("answered", raw.answered.as_ref());
    let mut answer = opt(raw.answer.clone());
    let forwarded_to = forwarded(&mut c, &raw, &mut answered, &mut answer);
    if let (Some(r), Some(a)) = (received, answered) {
        if a < r {
            c.fail(
                "answered",
                format!(
                    "answered on {} but received on {}: answered before it was received",
                    vn_date(a),
                    vn_date(r)
                ),
                "check both dates",
                crate::messages::dates_reversed("Ngày trả lời", "Ngày nhận", a, r),
            );
        }
    }
    if answered.is_some() != answer.is_some() {
        let (key, what, missing) = if answer.is_some() {
            ("answer", "`answered` (the date of the answer)", "answered")
        } else {
            ("answered", "`answer` (the text of the answer)", "answer")
        };
        let staff = crate::messages::answer_incomplete(c.staff_label(missing));
        c.fail(
            key,
            format!("the answer is incomplete: {what} is missing"),
            "give both the answer and its date, or neither while the item is open",
            staff,
        );
    }
    check_privacy(&mut c, &raw, answer.as_ref());
    let slug = c.slug(raw.slug.as_deref());
    let warnings: Vec<Diagnostic> = c
        .problems
        .iter()
        .filter(|d| !d.is_error())
        .cloned()
        .collect();
    c.finish()?;
    let received = received.expect("checked above");
    let due = due.unwrap_or_else(|| {
        add_working_days(received, config.feedback_due_working_days, &config.holidays)
    });
    Ok(Feedback {
        warnings,
        code: raw.code.trim().to_string(),
        url: super::kinds::FEEDBACK.item_url(&slug),
        slug,
        received,
        received_display: vn_date(received),
        due,
        due_display: vn_date(due),
        answered,
        answered_display: answered.map(vn_date),
        subject: raw.subject.trim().to_string(),
        content_html: markdown::render_untrusted(&raw.content),
        answer_html: answer.as_deref().map(markdown::render_untrusted),
        forwarded_to,
        procedure: opt(raw.procedure),
        unit: raw.unit.trim().to_string(),
        sender_initials: raw.sender.name.as_deref().and_then(initials),
        commune: opt(raw.sender.commune),
        on_time: answered.map(|a| a <= due),
        source: src.path.clone(),
    })
}

/// A forwarded item is handled on the day it was forwarded: its result is
/// that it went to the competent agency (with the answer, when one was
/// written too). Returns the agency.
fn forwarded(
    c: &mut Check<'_>,
    raw: &Raw,
    answered: &mut Option<NaiveDate>,
    answer: &mut Option<String>,
) -> Option<String> {
    let f = raw.forwarded.as_ref()?;
    let agency = f.agency.trim();
    if agency.is_empty() {
        c.fail(
            "forwarded",
            "the feedback is forwarded, but to no agency",
            "write the competent agency under `forwarded: agency:`",
            crate::messages::forwarded_nowhere(),
        );
        return None;
    }
    let on = c.date("forwarded", &f.date)?;
    let note = format!(
        "Phản ánh, kiến nghị đã được chuyển đến {agency} ngày {} để xử lý theo thẩm quyền.",
        vn_date(on)
    );
    *answer = Some(match answer.take() {
        Some(text) => format!("{note}\n\n{text}"),
        None => note,
    });
    if answered.is_none() {
        *answered = Some(on);
    }
    Some(agency.to_string())
}

/// Refuses personal data in every published field: phone, e-mail and ID
/// numbers however written, and the sender's own details; warns of other
/// names after "ông/bà/anh/chị" for the editor to look at.
fn check_privacy(c: &mut Check<'_>, raw: &Raw, answer: Option<&String>) {
    let allowed: Vec<String> = raw
        .public_contacts
        .iter()
        .map(|v| privacy::normalise(v))
        .collect();
    let s = &raw.sender;
    let sender = privacy::Sender {
        name: s.name.as_deref(),
        phone: s.phone.as_deref(),
        email: s.email.as_deref(),
        id_number: s.id_number.as_deref(),
        address: s.address.as_deref(),
    };
    let own_name = s.name.as_deref().map(privacy::normalise_name);
    let published = [
        ("code", Some(&raw.code)),
        ("subject", Some(&raw.subject)),
        ("content", Some(&raw.content)),
        ("unit", Some(&raw.unit)),
        ("procedure", raw.procedure.as_ref()),
        ("answer", answer),
        ("commune", raw.sender.commune.as_ref()),
        ("slug", raw.slug.as_ref()),
    ];
    for (key, text) in published {
        let Some(text) = text else { continue };
        let mut found = privacy::find(text);
        found.extend(privacy::find_sender(text, &sender));
        found.retain(|f| !allowed.contains(&privacy::normalise(&f.text)));
        found.dedup_by(|a, b| a.text == b.text);
        let label = c.spec.field(key).map_or(key, |f| f.label).to_string();
        let label = if key == "commune" {
            "Xã, phường".to_string()
        } else {
            label
        };
        for f in found {
            let staff = crate::messages::personal_data(&label, f.kind.describe_vi(), &f.text);
            c.fail(key, staff.message.clone(), staff.hint.clone(), staff);
        }
        for name in privacy::addressed_names(text) {
            if own_name.as_deref() == Some(privacy::normalise_name(&name).as_str()) {
                continue; // already an error above
            }
            let staff = crate::messages::addressed_name(&label, &name);
            c.problems.push(
                Diagnostic::warning(&c.src.path, staff.message.clone())
                    .at_line(c.src.line_of(key))
                    .hint(staff.hint.clone())
                    .staff(staff),
            );
        }
    }
}

/// "Nguyễn Văn An" → "N.V.A."; None when the name has no letters.
pub fn initials(name: &str) -> Option<String> {
    let s: String = name
        .split_whitespace()
        .filter_map(|w| w.chars().find(|c| c.is_alphabetic()))
        .flat_map(|c| c.to_uppercase().chain(std::iter::once('.')))
        .collect();
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_hide_the_name() {
        assert_eq!(initials("Nguyễn Văn An").as_deref(), Some("N.V.A."));
        assert_eq!(initials("  đỗ   thị "), Some("Đ.T.".to_string()));
        assert_eq!(initials("  "), None);
    }
}
