//! Citizen feedback (phản ánh, kiến nghị): `content/feedback/`.
//!
//! The `sender` block is read only to validate it and to derive initials and
//! the commune; the resolved [`Feedback`] holds no personal data at all, so
//! nothing later in the pipeline can leak it. Subject, content and answer are
//! citizen-written or quoted and are sanitised when rendered.

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
    /// Official contacts the answer may publish (a hotline, an office email).
    #[serde(default)]
    public_contacts: Vec<String>,
    slug: Option<String>,
}

/// A feedback item, resolved. Holds no personal data by construction.
#[derive(Debug, Clone, Serialize)]
pub struct Feedback {
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
    let answered = c.optional_date("answered", raw.answered.as_ref());
    let answer = opt(raw.answer);
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
            );
        }
    }
    if answered.is_some() != answer.is_some() {
        let (key, what) = if answer.is_some() {
            ("answer", "`answered` (the date of the answer)")
        } else {
            ("answered", "`answer` (the text of the answer)")
        };
        c.fail(
            key,
            format!("the answer is incomplete: {what} is missing"),
            "give both the answer and its date, or neither while the item is open",
        );
    }
    let allowed: Vec<String> = raw
        .public_contacts
        .iter()
        .map(|v| privacy::normalise(v))
        .collect();
    let published = [
        ("subject", Some(&raw.subject)),
        ("content", Some(&raw.content)),
        ("answer", answer.as_ref()),
        ("commune", raw.sender.commune.as_ref()),
    ];
    for (key, text) in published {
        for found in text.map(|t| privacy::find(t)).unwrap_or_default() {
            if !allowed.contains(&privacy::normalise(&found.text)) {
                c.fail(
                    key,
                    format!("`{key}` contains what looks like {} ({}): personal data must not be published", found.kind.describe(), found.text),
                    "remove it (the sender's details belong under `sender:`), or, if it is an official contact, list it under `public_contacts:`",
                );
            }
        }
    }
    let slug = c.slug(raw.slug.as_deref());
    c.finish()?;
    let received = received.expect("checked above");
    let due = due.unwrap_or_else(|| {
        add_working_days(received, config.feedback_due_working_days, &config.holidays)
    });
    Ok(Feedback {
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
        procedure: opt(raw.procedure),
        unit: raw.unit.trim().to_string(),
        sender_initials: raw.sender.name.as_deref().and_then(initials),
        commune: opt(raw.sender.commune),
        on_time: answered.map(|a| a <= due),
        source: src.path.clone(),
    })
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
