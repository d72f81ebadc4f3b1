//! Administrative procedures (thủ tục hành chính): `content/procedures/`,
//! with every component Decree 63/2010/NĐ-CP art. 8 requires.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::check::{opt, Check};
use super::dates::vn_date;
use super::source::Source;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown;

/// Dịch vụ công trực tuyến: toàn trình, một phần, or none.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Online {
    Full,
    Partial,
    None,
}

impl Online {
    pub const ALL: [Online; 3] = [Online::Full, Online::Partial, Online::None];

    pub fn label(self) -> &'static str {
        match self {
            Online::Full => "Dịch vụ công trực tuyến toàn trình",
            Online::Partial => "Dịch vụ công trực tuyến một phần",
            Online::None => "Chưa cung cấp trực tuyến",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Online::Full => "toan-trinh",
            Online::Partial => "mot-phan",
            Online::None => "khong-truc-tuyen",
        }
    }
}

/// Which level of government settles the procedure.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Tinh,
    Xa,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    #[default]
    Active,
    Amended,
    Abolished,
}

/// Time and fee for one way of filing (trực tiếp, trực tuyến, bưu chính).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub name: String,
    pub days: Option<String>,
    pub fee: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    code: String,
    name: String,
    field: String,
    level: Level,
    agency: String,
    statutory_days: f64,
    processing_days: Option<f64>,
    fee: String,
    online: Online,
    #[serde(default)]
    boundary_free: bool,
    /// Related to businesses (seeds 000, 002: "100% thủ tục hành chính
    /// liên quan đến doanh nghiệp được thực hiện trực tuyến").
    #[serde(default)]
    business_related: bool,
    /// Fees can be paid without cash (seed 001 §2.4).
    #[serde(default)]
    payment_online: bool,
    /// A procedure inside the state administration (TTHC nội bộ, seed 002
    /// §2.1): listed on its own page, not among those for citizens.
    #[serde(default)]
    internal: bool,
    #[serde(default)]
    illustrative: bool,
    #[serde(default)]
    documents: Vec<String>,
    #[serde(default)]
    steps: Vec<String>,
    #[serde(default)]
    legal_basis: Vec<String>,
    #[serde(default)]
    forms: Vec<String>,
    #[serde(default)]
    requirements: Vec<String>,
    result: Option<String>,
    applicants: Option<String>,
    #[serde(default)]
    status: Status,
    announcement: Option<String>,
    dvc_url: Option<String>,
    last_verified: Option<String>,
    #[serde(default)]
    channels: Vec<Channel>,
    slug: Option<String>,
}

/// A procedure, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Procedure {
    pub code: String,
    pub name: String,
    pub slug: String,
    pub url: String,
    pub field: String,
    pub field_slug: String,
    pub level: Level,
    pub level_label: &'static str,
    pub agency: String,
    pub statutory_days: String,
    pub processing_days: Option<String>,
    pub fee: String,
    pub online: Online,
    pub online_label: &'static str,
    pub online_slug: &'static str,
    pub boundary_free: bool,
    pub business_related: bool,
    pub payment_online: bool,
    pub internal: bool,
    /// An example, not official information: marked wherever it is shown.
    pub illustrative: bool,
    /// The statutory limit and the time actually promised, in days, when
    /// both are known: for the time cut (seed 002: "cắt giảm ít nhất 30%
    /// thời gian giải quyết").
    #[serde(skip)]
    pub days_statutory: f64,
    #[serde(skip)]
    pub days_processing: Option<f64>,
    /// How much shorter the processing time is than the statutory limit,
    /// in percent rounded down; None without a processing time.
    pub time_cut_percent: Option<u32>,
    pub documents: Vec<String>,
    pub steps: Vec<String>,
    pub legal_basis: Vec<String>,
    pub forms: Vec<String>,
    pub requirements: Vec<String>,
    pub result: Option<String>,
    pub applicants: Option<String>,
    pub status: Status,
    pub announcement: Option<String>,
    pub dvc_url: Option<String>,
    /// dd/mm/yyyy.
    pub last_verified: Option<String>,
    /// YYYY-MM-DD, for data exports.
    pub last_verified_iso: Option<String>,
    pub channels: Vec<Channel>,
    /// Legally required components that are empty (should be none).
    pub missing: Vec<&'static str>,
    #[serde(skip)]
    pub body_html: String,
    #[serde(skip)]
    pub source: PathBuf,
}

impl Procedure {
    /// Abolished procedures stay published (with their status) but no
    /// longer count as procedures the department handles.
    pub fn is_abolished(&self) -> bool {
        self.status == Status::Abolished
    }
}

pub fn resolve(src: &Source, config: &Config) -> Result<Procedure, Vec<Diagnostic>> {
    let (raw, mut c): (Raw, _) = Check::parse(src, &super::kinds::PROCEDURE)?;
    for (key, value) in [
        ("code", &raw.code),
        ("name", &raw.name),
        ("field", &raw.field),
        ("agency", &raw.agency),
        ("fee", &raw.fee),
    ] {
        c.required(key, value);
    }
    c.required_list("documents", &raw.documents);
    c.required_list("steps", &raw.steps);
    c.required_list("legal_basis", &raw.legal_basis);
    if raw.channels.iter().any(|ch| ch.name.trim().is_empty()) {
        c.fail(
            "channels",
            "a way of filing under `channels` has no `name`",
            "name each way: Trực tiếp, Trực tuyến or Bưu chính",
            crate::messages::channel_unnamed(),
        );
    }
    if raw.statutory_days.is_nan() || raw.statutory_days < 0.0 {
        c.fail(
            "statutory_days",
            "`statutory_days` must be a number of days, 0 or more",
            "write e.g. statutory_days: 20",
            crate::messages::not_a_number(c.staff_label("statutory_days")),
        );
    }
    let last_verified = c.optional_date("last_verified", raw.last_verified.as_ref());
    c.web_address(
        "dvc_url",
        raw.dvc_url.as_deref(),
        "copy the full address from the national portal, starting with https://",
    );
    let slug = c.slug(raw.slug.as_deref());
    c.finish()?;
    let missing = missing_components(&raw);
    Ok(Procedure {
        code: raw.code.trim().to_string(),
        name: raw.name.trim().to_string(),
        url: super::kinds::PROCEDURE.item_url(&slug),
        slug,
        field_slug: crate::slug::slugify(&raw.field),
        field: raw.field.trim().to_string(),
        level: raw.level,
        level_label: match raw.level {
            Level::Tinh => "cấp tỉnh",
            Level::Xa => "cấp xã",
        },
        agency: raw.agency.trim().to_string(),
        statutory_days: days(raw.statutory_days),
        processing_days: raw.processing_days.map(days),
        fee: raw.fee.trim().to_string(),
        online: raw.online,
        online_label: raw.online.label(),
        online_slug: raw.online.slug(),
        boundary_free: raw.boundary_free,
        business_related: raw.business_related,
        payment_online: raw.payment_online,
        internal: raw.internal,
        illustrative: raw.illustrative,
        days_statutory: raw.statutory_days,
        days_processing: raw.processing_days,
        time_cut_percent: time_cut(raw.statutory_days, raw.processing_days),
        documents: clean(raw.documents),
        steps: clean(raw.steps),
        legal_basis: clean(raw.legal_basis),
        forms: clean(raw.forms),
        requirements: clean(raw.requirements),
        result: opt(raw.result),
        applicants: opt(raw.applicants),
        status: raw.status,
        announcement: opt(raw.announcement),
        dvc_url: opt(raw.dvc_url),
        last_verified: last_verified.map(vn_date),
        last_verified_iso: last_verified.map(|d| d.to_string()),
        channels: raw.channels,
        missing,
        body_html: markdown::render(&src.body, config.allow_raw_html),
        source: src.path.clone(),
    })
}

/// The share of the statutory time cut, in percent rounded down.
pub fn time_cut(statutory: f64, processing: Option<f64>) -> Option<u32> {
    let processing = processing?;
    (statutory > 0.0 && processing <= statutory)
        .then(|| ((statutory - processing) / statutory * 100.0).floor() as u32)
}

/// The optional-in-YAML components the law still expects to be published.
fn missing_components(raw: &Raw) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if raw.result.as_deref().is_none_or(|r| r.trim().is_empty()) {
        missing.push("result");
    }
    if raw
        .applicants
        .as_deref()
        .is_none_or(|a| a.trim().is_empty())
    {
        missing.push("applicants");
    }
    missing
}

fn clean(v: Vec<String>) -> Vec<String> {
    v.into_iter().filter_map(|s| opt(Some(s))).collect()
}

/// "20", "0,5": days written the Vietnamese way.
fn days(d: f64) -> String {
    if d.fract() == 0.0 {
        format!("{}", d as i64)
    } else {
        format!("{d}").replace('.', ",")
    }
}
