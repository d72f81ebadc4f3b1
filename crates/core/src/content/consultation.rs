//! Draft consultations (lấy ý kiến dự thảo): `content/consultations/*.md`
//! → `/lay-y-kien/<slug>/`. The draft's title, the drafting unit, when
//! comments are open, the draft files beside the item, how to send
//! comments, and once closed, the summary of the comments received and how
//! they were taken in (`result:`).

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::check::{opt, Check};
use super::dates::vn_date;
use super::document::Attachment;
use super::source::Source;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: String,
    drafting_unit: String,
    opens: String,
    closes: String,
    #[serde(default)]
    files: Vec<String>,
    address: Option<String>,
    email: Option<String>,
    summary: Option<String>,
    result: Option<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
}

/// Where a consultation stands on the build's "today".
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Open,
    Closed,
}

/// A draft consultation, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Consultation {
    pub title: String,
    pub slug: String,
    pub url: String,
    /// Đơn vị soạn thảo.
    pub drafting_unit: String,
    #[serde(skip)]
    pub opens: NaiveDate,
    #[serde(skip)]
    pub closes: NaiveDate,
    pub opens_display: String,
    pub closes_display: String,
    pub opens_iso: String,
    pub closes_iso: String,
    /// The draft and its accompanying files, published beside the page.
    pub files: Vec<Attachment>,
    /// Where to send written comments.
    pub address: Option<String>,
    pub email: Option<String>,
    pub summary: String,
    /// Once closed: the comments received and how they were taken in.
    pub result_html: Option<String>,
    /// Set by the site model from "today".
    pub status: Status,
    /// Days left to comment, today not counted (0: today is the last day).
    pub days_left: i64,
    #[serde(skip)]
    pub draft: bool,
    #[serde(skip)]
    pub body_html: String,
    #[serde(skip)]
    pub source: PathBuf,
}

impl Consultation {
    /// Sets `status` and `days_left` for `today`.
    pub fn set_today(&mut self, today: NaiveDate) {
        self.days_left = (self.closes - today).num_days().max(0);
        self.status = if today > self.closes {
            Status::Closed
        } else {
            Status::Open
        };
    }
}

/// Reads and checks one consultation file.
pub fn resolve(src: &Source, config: &Config) -> Result<Consultation, Vec<Diagnostic>> {
    let (raw, mut c): (Raw, _) = Check::parse(src, &super::kinds::CONSULTATION)?;
    c.required("title", &raw.title);
    c.required("drafting_unit", &raw.drafting_unit);
    let opens = c.date("opens", &raw.opens);
    let closes = c.date("closes", &raw.closes);
    if let (Some(o), Some(cl)) = (opens, closes) {
        if cl < o {
            c.fail(
                "closes",
                format!(
                    "comments close on {} but open on {}: closes before it opens",
                    vn_date(cl),
                    vn_date(o)
                ),
                "check both dates",
                crate::messages::dates_reversed("Ngày kết thúc", "Ngày bắt đầu", cl, o),
            );
        }
    }
    let email = opt(raw.email);
    if let Some(e) = &email {
        if !e.contains('@') || e.contains(char::is_whitespace) {
            c.fail(
                "email",
                format!("`{e}` is not an e-mail address"),
                "write the address comments go to, e.g. vanphong@stp.langson.gov.vn",
                crate::messages::bad_email(c.staff_label("email"), e),
            );
        }
    }
    let slug = c.slug(raw.slug.as_deref());
    let url = super::kinds::CONSULTATION.item_url(&slug);
    let files = super::document::attachments(&mut c, config, &raw.files, &url);
    c.finish()?;
    let (opens, closes) = (opens.expect("checked"), closes.expect("checked"));
    let summary = opt(raw.summary)
        .unwrap_or_else(|| markdown::truncate_words(&markdown::first_paragraph(&src.body), 220));
    Ok(Consultation {
        title: raw.title.trim().to_string(),
        slug,
        url,
        drafting_unit: raw.drafting_unit.trim().to_string(),
        opens,
        closes,
        opens_display: vn_date(opens),
        closes_display: vn_date(closes),
        opens_iso: opens.to_string(),
        closes_iso: closes.to_string(),
        files,
        address: opt(raw.address),
        email,
        summary,
        result_html: opt(raw.result).map(|r| markdown::render(&r, config.allow_raw_html)),
        status: Status::Open,
        days_left: 0,
        draft: raw.draft,
        body_html: markdown::render(&src.body, config.allow_raw_html),
        source: src.path.clone(),
    })
}
