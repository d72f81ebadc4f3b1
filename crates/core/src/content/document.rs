//! Guidance documents (văn bản hướng dẫn, chỉ đạo): `content/documents/*.md`.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::check::{opt, Check};
use super::dates::vn_date;
use super::source::Source;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown;

/// What a document is, for the filters of `/van-ban/`. Left out, a
/// document that guides or directs ([`guides`]) is `chi-dao`, any other
/// (a notice, a decision) `khac`.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
pub enum DocType {
    /// Văn bản quy phạm pháp luật.
    #[serde(rename = "vbqppl")]
    Legal,
    /// Văn bản chỉ đạo, hướng dẫn.
    #[serde(rename = "chi-dao")]
    Direction,
    /// Công khai ngân sách: dự toán, tình hình thực hiện, quyết toán (seed
    /// 001 §3.4: "công khai, chấp hành dự toán ngân sách ... quyết toán").
    #[serde(rename = "ngan-sach")]
    Budget,
    /// Thông báo, quyết định and other documents.
    #[serde(rename = "khac")]
    Other,
}

impl DocType {
    /// The slug of its filter page, `/van-ban/loai/<slug>/`.
    pub fn slug(self) -> &'static str {
        match self {
            DocType::Legal => "vbqppl",
            DocType::Direction => "chi-dao",
            DocType::Budget => "ngan-sach",
            DocType::Other => "khac",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DocType::Legal => "Văn bản quy phạm pháp luật",
            DocType::Direction => "Văn bản chỉ đạo, hướng dẫn",
            DocType::Budget => "Công khai ngân sách",
            DocType::Other => "Văn bản khác",
        }
    }
}

/// Whether a document guides or directs work ("văn bản hướng dẫn chỉ đạo",
/// seed 001 §II.2 item 2.4): `guidance:` when written decides; otherwise its
/// kind, from `kinds` when `site.yaml` lists them, else Hướng dẫn, Chỉ thị,
/// Kế hoạch, and a Công văn whose title says hướng dẫn or chỉ đạo. A Thông
/// báo or a Quyết định counts only when marked `guidance: true`.
pub fn guides(kinds: Option<&[String]>, kind: &str, title: &str, marked: Option<bool>) -> bool {
    if let Some(marked) = marked {
        return marked;
    }
    let plain =
        |s: &str| deunicode::deunicode(&crate::slug::slugify(s).replace('-', " ")).to_lowercase();
    let kind = plain(kind);
    if let Some(kinds) = kinds {
        return kinds.iter().any(|k| plain(k) == kind);
    }
    match kind.as_str() {
        "huong dan" | "chi thi" | "ke hoach" => true,
        "cong van" => {
            let title = plain(title);
            title.contains("huong dan") || title.contains("chi dao")
        }
        _ => false,
    }
}

/// Whether a document is in force (hiệu lực).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum InForce {
    #[default]
    Effective,
    PartlyExpired,
    Expired,
}

impl InForce {
    pub fn label(self) -> &'static str {
        match self {
            InForce::Effective => "Còn hiệu lực",
            InForce::PartlyExpired => "Hết hiệu lực một phần",
            InForce::Expired => "Hết hiệu lực toàn bộ",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    number: String,
    title: String,
    date: String,
    kind: String,
    #[serde(rename = "type")]
    doc_type: Option<DocType>,
    field: Option<String>,
    issuer: Option<String>,
    signer: Option<String>,
    #[serde(default)]
    in_force: InForce,
    /// Ngày có hiệu lực (Decree 42/2022/NĐ-CP art. 4(1)).
    effective_from: Option<String>,
    expired_on: Option<String>,
    replaced_by: Option<String>,
    source_url: Option<String>,
    file: Option<String>,
    summary: Option<String>,
    guidance: Option<bool>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
}

/// An attachment copied next to the page that links it.
#[derive(Debug, Clone, Serialize)]
pub struct Attachment {
    /// The file name as published.
    pub name: String,
    pub url: String,
    /// Size in KB, for the link text ("PDF, 120 KB").
    pub size_kb: u64,
    pub format: String,
    /// Where the file is on disk.
    #[serde(skip)]
    pub disk_path: PathBuf,
}

/// A guidance document, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub number: String,
    pub title: String,
    pub slug: String,
    pub url: String,
    #[serde(skip)]
    pub date: NaiveDate,
    pub date_display: String,
    pub date_iso: String,
    pub kind: String,
    pub doc_type: DocType,
    pub type_label: &'static str,
    /// Lĩnh vực.
    pub field: Option<String>,
    pub issuer: Option<String>,
    pub signer: Option<String>,
    pub in_force: InForce,
    pub in_force_label: &'static str,
    /// The day it takes effect, dd/mm/yyyy.
    pub effective_from: Option<String>,
    pub effective_from_iso: Option<String>,
    pub expired_on: Option<String>,
    pub expired_on_iso: Option<String>,
    pub replaced_by: Option<String>,
    /// The page of the national legal database (vbpl.vn) or another source.
    pub source_url: Option<String>,
    pub attachment: Option<Attachment>,
    pub summary: String,
    /// `guidance:` as written: true or false decides whether it counts as
    /// guidance; left out, its kind decides ([`crate::site::tracker`]).
    #[serde(skip)]
    pub guidance: Option<bool>,
    #[serde(skip)]
    pub draft: bool,
    #[serde(skip)]
    pub body_html: String,
    #[serde(skip)]
    pub source: PathBuf,
}

pub fn resolve(src: &Source, config: &Config) -> Result<Document, Vec<Diagnostic>> {
    let (raw, mut c): (Raw, _) = Check::parse(src, &super::kinds::DOCUMENT)?;
    c.required("number", &raw.number);
    c.required("title", &raw.title);
    c.required("kind", &raw.kind);
    let date = c.date("date", &raw.date);
    let expired_on = c.optional_date("expired_on", raw.expired_on.as_ref());
    let effective_from = c.optional_date("effective_from", raw.effective_from.as_ref());
    if let (Some(from), Some(to)) = (effective_from, expired_on) {
        if to < from {
            c.fail(
                "expired_on",
                format!(
                    "expires on {} but takes effect on {}",
                    vn_date(to),
                    vn_date(from)
                ),
                "check both dates",
                crate::messages::dates_reversed("Ngày hết hiệu lực", "Ngày có hiệu lực", to, from),
            );
        }
    }
    if raw.in_force == InForce::Effective
        && (expired_on.is_some() || opt(raw.replaced_by.clone()).is_some())
    {
        c.fail(
            "in_force",
            "`expired_on` or `replaced_by` is given but `in_force` says the document is effective",
            "write `in_force: expired` (or `partly_expired`), or remove `expired_on` and `replaced_by`",
            crate::messages::in_force_conflict(),
        );
    }
    let source_url = opt(raw.source_url);
    c.web_address(
        "source_url",
        source_url.as_deref(),
        "copy the full address of the document's page, starting with https://",
    );
    let slug = c.slug(raw.slug.as_deref());
    let url = super::kinds::DOCUMENT.item_url(&slug);
    let attachment = raw
        .file
        .as_deref()
        .and_then(|f| attachment(&mut c, config, f, &url));
    check_file_links(&mut c, attachment.as_slice());
    c.finish()?;
    let date = date.expect("checked above");
    let doc_type = raw.doc_type.unwrap_or_else(|| {
        let guiding = guides(
            config.targets.guidance_kinds.as_deref(),
            &raw.kind,
            &raw.title,
            raw.guidance,
        );
        if guiding {
            DocType::Direction
        } else {
            DocType::Other
        }
    });
    let summary = opt(raw.summary)
        .unwrap_or_else(|| markdown::truncate_words(&markdown::first_paragraph(&src.body), 220));
    Ok(Document {
        number: raw.number.trim().to_string(),
        title: raw.title.trim().to_string(),
        slug,
        url,
        date,
        date_display: vn_date(date),
        date_iso: date.to_string(),
        kind: raw.kind.trim().to_string(),
        doc_type,
        type_label: doc_type.label(),
        field: opt(raw.field),
        in_force: raw.in_force,
        in_force_label: raw.in_force.label(),
        effective_from: effective_from.map(vn_date),
        effective_from_iso: effective_from.map(|d| d.to_string()),
        expired_on: expired_on.map(vn_date),
        expired_on_iso: expired_on.map(|d| d.to_string()),
        replaced_by: opt(raw.replaced_by),
        source_url,
        issuer: opt(raw.issuer),
        signer: opt(raw.signer),
        attachment,
        summary,
        guidance: raw.guidance,
        draft: raw.draft,
        body_html: markdown::render(&src.body, config.allow_raw_html),
        source: src.path.clone(),
    })
}

/// Every link of `body` to a file beside the page (see
/// [`markdown::relative_file_links`]) must name one of the item's
/// attachments: anything else would be a link to a page that is not
/// there. An error at the body's first line otherwise.
pub fn check_file_links(c: &mut Check<'_>, attached: &[Attachment]) {
    for target in markdown::relative_file_links(&c.src.body) {
        if attached.iter().any(|a| a.name == target) {
            continue;
        }
        let line = c.src.header_line + c.src.header.lines().count() + 1;
        let staff = crate::messages::broken_file_link(&target);
        c.problems.push(
            Diagnostic::error(
                &c.src.path,
                format!(
                    "the body links to `{target}`, which is not one of this item's attachments"
                ),
            )
            .at_line(Some(line))
            .hint("attach the file (files:) or fix the link")
            .staff(staff),
        );
    }
}

/// Resolves a `files:` field (posts, pages, consultations): each file beside
/// the content file, published beside the page, and the body's links to
/// files checked against them.
pub fn attachments(
    c: &mut Check<'_>,
    config: &Config,
    files: &[String],
    page_url: &str,
) -> Vec<Attachment> {
    let attached: Vec<Attachment> = files
        .iter()
        .filter_map(|f| attachment_at(c, "files", config, f, page_url))
        .collect();
    check_file_links(c, &attached);
    attached
}

/// Resolves a `file:` field: a file beside the content file, published under
/// the page's folder with a folded name.
pub fn attachment(
    c: &mut Check<'_>,
    config: &Config,
    file: &str,
    page_url: &str,
) -> Option<Attachment> {
    attachment_at(c, "file", config, file, page_url)
}

/// [`attachment`] of the field `key` (`file`, `files`).
pub fn attachment_at(
    c: &mut Check<'_>,
    key: &str,
    config: &Config,
    file: &str,
    page_url: &str,
) -> Option<Attachment> {
    let name = std::path::Path::new(file.trim())
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("");
    let dir = c.src.path.parent().unwrap_or(std::path::Path::new(""));
    let disk_path = config.root.join(dir).join(name);
    let meta = match std::fs::metadata(&disk_path) {
        Ok(m) if m.is_file() && name == file.trim() => m,
        _ => {
            c.fail(
                key,
                format!("attachment `{file}` not found next to this file"),
                format!("put the file in {} and write only its name", dir.display()),
                crate::messages::attachment_missing(file.trim()),
            );
            return None;
        }
    };
    // A link is followed only inside the site: `x.pdf -> /etc/passwd` is
    // refused here, so it can reach no output.
    if std::fs::symlink_metadata(&disk_path).is_ok_and(|m| m.file_type().is_symlink()) {
        if let Err(d) = crate::confine::SiteRoot::new(&config.root).resolve(&disk_path) {
            c.fail(
                key,
                d.message,
                d.hint.unwrap_or_default(),
                crate::messages::attachment_refused(name),
            );
            return None;
        }
    }
    // Only documents, sheets, images and archives whose content matches
    // their name: never a page, an SVG or a program.
    if let Err(why) = crate::filetype::check_file(&disk_path) {
        c.fail(
            key,
            why,
            "attach the file as PDF, Word, Excel, an image or a ZIP archive",
            crate::messages::attachment_refused(name),
        );
        return None;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s, e.to_ascii_lowercase()),
        None => (name, String::new()),
    };
    let ext_slug = crate::slug::slugify(&ext);
    let published = match ext_slug.as_str() {
        "" => crate::slug::slugify(stem),
        e => format!("{}.{e}", crate::slug::slugify(stem)),
    };
    Some(Attachment {
        url: format!("{page_url}{published}"),
        name: published,
        size_kb: meta.len().div_ceil(1024),
        format: ext.to_uppercase(),
        disk_path,
    })
}
