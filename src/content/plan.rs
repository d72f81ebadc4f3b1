//! Plans (kế hoạch): `content/plans/*.md`, with their tasks and the
//! indicator table (chỉ tiêu) of their appendix as structured data.

use std::path::PathBuf;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::check::{opt, Check};
use super::dates::{parse_date, vn_date};
use super::source::Source;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown;

pub const FIELDS: &[&str] = &[
    "number",
    "title",
    "date",
    "issuer",
    "signer",
    "signer_title",
    "based_on",
    "tasks",
    "indicators",
    "summary",
    "guidance",
    "draft",
    "slug",
];

/// A value written either as one string or as a list of strings.
#[derive(Debug, Deserialize, Default)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn into_vec(self) -> Vec<String> {
        let v = match self {
            OneOrMany::None => vec![],
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        };
        v.into_iter().filter_map(|s| opt(Some(s))).collect()
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    title: String,
    lead: String,
    #[serde(default)]
    partners: OneOrMany,
    deadline: Option<String>,
    status: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    name: String,
    unit: Option<String>,
    target: String,
    lead: Option<String>,
    monitor: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    number: String,
    title: String,
    date: String,
    issuer: String,
    signer: Option<String>,
    signer_title: Option<String>,
    #[serde(default)]
    based_on: Vec<String>,
    #[serde(default)]
    tasks: Vec<RawTask>,
    #[serde(default)]
    indicators: Vec<RawIndicator>,
    summary: Option<String>,
    guidance: Option<bool>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
}

/// When a task is due: a date, or a phrase such as "thường xuyên".
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline {
    #[serde(skip)]
    pub date: Option<NaiveDate>,
    pub display: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// 1-based position in the plan, for "Nhiệm vụ 3".
    pub number: usize,
    pub title: String,
    pub lead: String,
    pub lead_slug: String,
    pub partners: Vec<String>,
    pub deadline: Deadline,
    pub status: Option<String>,
    /// Past its deadline (a date before today) and not done; set by the
    /// site model, which knows today.
    pub overdue: bool,
}

impl Task {
    /// Whether `status` says the task is done ("Hoàn thành", "Đã hoàn
    /// thành", in any case, with or without diacritics).
    pub fn is_done(&self) -> bool {
        self.status.as_deref().is_some_and(|s| {
            matches!(
                crate::slug::slugify(s).as_str(),
                "hoan-thanh" | "da-hoan-thanh" | "done"
            )
        })
    }

    /// Whether the task is overdue on `today`.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.deadline.date.is_some_and(|d| d < today) && !self.is_done()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub lead: Option<String>,
    pub monitor: Option<String>,
}

/// A plan, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub number: String,
    pub title: String,
    pub slug: String,
    pub url: String,
    #[serde(skip)]
    pub date: NaiveDate,
    pub date_display: String,
    pub date_iso: String,
    pub issuer: String,
    pub signer: Option<String>,
    pub signer_title: Option<String>,
    pub based_on: Vec<String>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    pub summary: String,
    /// Whether it may count as guidance (`guidance: false` opts out).
    #[serde(skip)]
    pub guidance: bool,
    #[serde(skip)]
    pub draft: bool,
    #[serde(skip)]
    pub body_html: String,
    #[serde(skip)]
    pub source: PathBuf,
}

pub fn resolve(src: &Source, config: &Config) -> Result<Plan, Vec<Diagnostic>> {
    let raw: Raw = src.parse(FIELDS).map_err(|d| vec![d])?;
    let mut c = Check::new(src);
    c.required("number", &raw.number);
    c.required("title", &raw.title);
    c.required("issuer", &raw.issuer);
    let date = c.date("date", &raw.date);
    let slug = c.slug(raw.slug.as_deref());
    let tasks: Vec<Task> = raw
        .tasks
        .into_iter()
        .enumerate()
        .map(|(i, t)| task(&mut c, i + 1, t))
        .collect();
    let indicators = raw
        .indicators
        .into_iter()
        .map(|i| indicator(&mut c, i))
        .collect();
    c.finish()?;
    let date = date.expect("checked above");
    let summary = opt(raw.summary)
        .unwrap_or_else(|| markdown::truncate_words(&markdown::first_paragraph(&src.body), 220));
    Ok(Plan {
        number: raw.number.trim().to_string(),
        title: raw.title.trim().to_string(),
        url: format!("/ke-hoach/{slug}/"),
        slug,
        date,
        date_display: vn_date(date),
        date_iso: date.to_string(),
        issuer: raw.issuer.trim().to_string(),
        signer: opt(raw.signer),
        signer_title: opt(raw.signer_title),
        based_on: raw
            .based_on
            .into_iter()
            .filter_map(|s| opt(Some(s)))
            .collect(),
        tasks,
        indicators,
        summary,
        guidance: raw.guidance.unwrap_or(true),
        draft: raw.draft,
        body_html: markdown::render(&src.body, config.allow_raw_html),
        source: src.path.clone(),
    })
}

fn task(c: &mut Check<'_>, number: usize, t: RawTask) -> Task {
    if t.title.trim().is_empty() {
        c.fail(
            "title",
            format!("task {number} has an empty `title`"),
            "describe the task",
        );
    }
    if t.lead.trim().is_empty() {
        c.fail(
            "lead",
            format!(
                "task {number} (\"{}\") has an empty `lead` unit",
                t.title.trim()
            ),
            "name the unit in charge (đơn vị chủ trì), e.g. Văn phòng Sở",
        );
    }
    Task {
        number,
        title: t.title.trim().to_string(),
        lead_slug: crate::slug::slugify(&t.lead),
        lead: t.lead.trim().to_string(),
        partners: t.partners.into_vec(),
        deadline: deadline(c, number, t.deadline),
        status: opt(t.status),
        overdue: false,
    }
}

/// A deadline is a date when it looks like one, otherwise a phrase.
fn deadline(c: &mut Check<'_>, number: usize, text: Option<String>) -> Deadline {
    let text = opt(text).unwrap_or_else(|| "Thường xuyên".to_string());
    let looks_like_date = text.chars().next().is_some_and(|ch| ch.is_ascii_digit())
        && text
            .chars()
            .all(|ch| ch.is_ascii_digit() || ch == '-' || ch == '/');
    if !looks_like_date {
        return Deadline {
            date: None,
            display: capitalise(&text),
        };
    }
    match parse_date(&text) {
        Ok(d) => Deadline {
            date: Some(d),
            display: vn_date(d),
        },
        Err(e) => {
            c.fail(
                "deadline",
                format!("task {number}: {e}"),
                "write the deadline as YYYY-MM-DD or a phrase such as \"thường xuyên\"",
            );
            Deadline {
                date: None,
                display: text,
            }
        }
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn indicator(c: &mut Check<'_>, i: RawIndicator) -> Indicator {
    if i.name.trim().is_empty() {
        c.fail(
            "name",
            "an indicator has an empty `name`",
            "name the indicator (chỉ tiêu)",
        );
    }
    if i.target.trim().is_empty() {
        c.fail(
            "target",
            format!("indicator \"{}\" has an empty `target`", i.name.trim()),
            "write the target, e.g. 100%",
        );
    }
    Indicator {
        name: i.name.trim().to_string(),
        unit: opt(i.unit),
        target: i.target.trim().to_string(),
        lead: opt(i.lead),
        monitor: opt(i.monitor),
    }
}
