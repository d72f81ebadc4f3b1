//! Plans (kế hoạch): `content/plans/*.md`, with their tasks and the
//! indicator table (chỉ tiêu) of their appendix as structured data.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::check::{opt, Check};
use super::dates::{parse_date, vn_date};
use super::source::Source;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown;

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
    #[serde(default)]
    number: String,
    title: String,
    date: DateText,
    issuer: String,
    signer: Option<String>,
    signer_title: Option<String>,
    #[serde(default)]
    based_on: Vec<String>,
    #[serde(default)]
    tasks: Vec<RawTask>,
    #[serde(default)]
    indicators: Vec<RawIndicator>,
    appendix: Option<String>,
    summary: Option<String>,
    guidance: Option<bool>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
}

/// A `date:` written as text or, for a year alone (`date: 2026`), a number.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DateText {
    Text(String),
    Year(i64),
}

impl DateText {
    fn into_string(self) -> String {
        match self {
            DateText::Text(s) => s,
            DateText::Year(y) => y.to_string(),
        }
    }
}

/// How much of a plan's date is known: archived copies often leave the day
/// ("ngày   tháng 02 năm 2026") or the whole date blank.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Year,
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
    /// As written; empty when the number is not known.
    pub number: String,
    /// The number, or "(chưa có số)".
    pub number_display: String,
    pub title: String,
    pub slug: String,
    pub url: String,
    #[serde(skip)]
    pub date: NaiveDate,
    /// How much of `date` is known; `date` is the first day it may be.
    pub precision: Precision,
    /// "05/02/2026", "(chưa rõ ngày) tháng 02/2026" or "(chưa rõ ngày) năm 2026".
    pub date_display: String,
    /// "2026-02-05", "2026-02" or "2026" (valid HTML `<time>` values).
    pub date_iso: String,
    pub issuer: String,
    pub signer: Option<String>,
    pub signer_title: Option<String>,
    pub based_on: Vec<String>,
    pub tasks: Vec<Task>,
    pub indicators: Vec<Indicator>,
    /// The title of the appendix the indicators come from, when they are
    /// its table; None when they are targets stated in the plan's text.
    pub appendix: Option<String>,
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
    let (raw, mut c): (Raw, _) = Check::parse(src, &super::kinds::PLAN)?;
    c.required("title", &raw.title);
    c.required("issuer", &raw.issuer);
    let date = plan_date(&mut c, &raw.date.into_string());
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
    let (date, precision) = date.expect("checked above");
    let summary = opt(raw.summary)
        .unwrap_or_else(|| markdown::truncate_words(&markdown::first_paragraph(&src.body), 220));
    let number = raw.number.trim().to_string();
    let (date_display, date_iso) = match precision {
        Precision::Day => (vn_date(date), date.to_string()),
        Precision::Month => (
            format!("(chưa rõ ngày) tháng {:02}/{}", date.month(), date.year()),
            format!("{}-{:02}", date.year(), date.month()),
        ),
        Precision::Year => (
            format!("(chưa rõ ngày) năm {}", date.year()),
            date.year().to_string(),
        ),
    };
    Ok(Plan {
        number_display: match number.as_str() {
            "" => "(chưa có số)".to_string(),
            n => n.to_string(),
        },
        number,
        title: raw.title.trim().to_string(),
        url: super::kinds::PLAN.item_url(&slug),
        slug,
        date,
        precision,
        date_display,
        date_iso,
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
        appendix: opt(raw.appendix),
        summary,
        guidance: raw.guidance.unwrap_or(true),
        draft: raw.draft,
        body_html: markdown::render(&src.body, config.allow_raw_html),
        source: src.path.clone(),
    })
}

/// Parses a plan's date: `YYYY-MM-DD` (or `DD/MM/YYYY`), `YYYY-MM` when the
/// day is not known, or `YYYY` when only the year is.
fn plan_date(c: &mut Check<'_>, text: &str) -> Option<(NaiveDate, Precision)> {
    let t = text.trim();
    let month = t.split_once('-').and_then(|(y, m)| {
        let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
        (y > 999 && m.to_string().len() <= 2).then(|| NaiveDate::from_ymd_opt(y, m, 1))?
    });
    let month = month.filter(|d| super::dates::in_range(*d).is_ok());
    if t.len() <= 7 && month.is_some() {
        return month.map(|d| (d, Precision::Month));
    }
    if t.len() == 4 {
        if let Some(d) = t
            .parse::<i32>()
            .ok()
            .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
            .filter(|d| super::dates::in_range(*d).is_ok())
        {
            return Some((d, Precision::Year));
        }
    }
    parse_date(t)
        .map_err(|e| {
            c.fail(
                "date",
                e,
                "write the date as YYYY-MM-DD; if the day is not known, YYYY-MM; if only the year is, YYYY",
            )
        })
        .ok()
        .map(|d| (d, Precision::Day))
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
