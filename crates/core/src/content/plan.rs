//! Plans (kế hoạch): `content/plans/*.md`, with their tasks and the
//! indicator table (chỉ tiêu) of their appendix as structured data.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

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
    /// One lead unit, or several (joint leads: "Văn phòng Sở; Nghiệp vụ II").
    #[serde(default)]
    lead: OneOrMany,
    #[serde(default)]
    partners: OneOrMany,
    deadline: Option<String>,
    status: Option<String>,
    /// Why a task is not carried out (with `status: không thực hiện`).
    reason: Option<String>,
    /// The section of the plan the task comes from ("II.2.4").
    #[serde(rename = "ref")]
    reference: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    name: String,
    unit: Option<String>,
    target: String,
    lead: Option<String>,
    monitor: Option<String>,
    #[serde(default)]
    results: Vec<RawResult>,
}

/// A value achieved, as of a date, from a source (a report).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawResult {
    actual: String,
    as_of: String,
    source: Option<String>,
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
    date_note: Option<String>,
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

pub use super::deadline::{Deadline, DeadlineKind};

/// Where a task stands: the plans' vocabulary, or unknown when nobody has
/// said (never taken for "not done").
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum TaskState {
    Unknown,
    NotStarted,
    InProgress,
    Done,
    /// Not carried out, with a reason.
    NotDone,
}

impl TaskState {
    /// The values `status:` is written with, and their labels.
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[
        ("chưa thực hiện", "Chưa thực hiện"),
        ("đang thực hiện", "Đang thực hiện"),
        ("hoàn thành", "Hoàn thành"),
        ("không thực hiện", "Không thực hiện (ghi lý do)"),
    ];

    /// Reads `status:`, also in the older free forms ("Đã hoàn thành",
    /// "Đã thực hiện xong", "done"); None for a text it does not know.
    pub fn parse(text: Option<&str>) -> Option<TaskState> {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Some(TaskState::Unknown);
        };
        Some(match crate::slug::slugify(text).as_str() {
            "chua-thuc-hien" | "chua-trien-khai" | "chua-bat-dau" => TaskState::NotStarted,
            "dang-thuc-hien" | "dang-trien-khai" | "dang-lam" => TaskState::InProgress,
            "hoan-thanh" | "da-hoan-thanh" | "da-thuc-hien" | "da-thuc-hien-xong" | "xong"
            | "done" => TaskState::Done,
            "khong-thuc-hien" | "khong-hoan-thanh" | "dung-thuc-hien" => TaskState::NotDone,
            _ => return None,
        })
    }

    /// The label shown beside the task; None while unknown.
    pub fn label(self) -> Option<&'static str> {
        match self {
            TaskState::Unknown => None,
            TaskState::NotStarted => Some("Chưa thực hiện"),
            TaskState::InProgress => Some("Đang thực hiện"),
            TaskState::Done => Some("Hoàn thành"),
            TaskState::NotDone => Some("Không thực hiện"),
        }
    }
}

/// A lead unit of a task, with the address of its unit page.
#[derive(Debug, Clone, Serialize)]
pub struct Lead {
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// 1-based position in the plan, for "Nhiệm vụ 3".
    pub number: usize,
    pub title: String,
    /// The lead units joined with "; ", as shown in tables.
    pub lead: String,
    /// The first lead's unit page address.
    pub lead_slug: String,
    /// Every lead unit (joint leads share the task).
    pub leads: Vec<Lead>,
    pub partners: Vec<String>,
    pub deadline: Deadline,
    pub state: TaskState,
    /// The status label shown ("Hoàn thành"...), None while unknown.
    pub status: Option<String>,
    /// Why it is not carried out.
    pub reason: Option<String>,
    /// The section of the plan it comes from.
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    /// Led by the site's agency or one of its units (`units:`); set by the
    /// site model.
    pub own: bool,
    /// Past its deadline and its status says not done; set by the site
    /// model, which knows today.
    pub overdue: bool,
    /// Past its deadline with no status: shown neutrally in public ("chưa
    /// cập nhật kết quả"), flagged for the office.
    pub unreported: bool,
}

impl Task {
    /// Whether the task is done.
    pub fn is_done(&self) -> bool {
        self.state == TaskState::Done
    }

    /// Whether the task is overdue on `today`: its deadline has passed and
    /// its status says it is not done. Unknown is not overdue.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.deadline.passed(today)
            && matches!(self.state, TaskState::NotStarted | TaskState::InProgress)
    }

    /// Whether the deadline has passed with nothing said of the task.
    pub fn is_unreported(&self, today: NaiveDate) -> bool {
        self.deadline.passed(today) && self.state == TaskState::Unknown
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    pub name: String,
    pub unit: Option<String>,
    pub target: String,
    pub lead: Option<String>,
    pub monitor: Option<String>,
    /// Values achieved, oldest first.
    pub results: Vec<IndicatorResult>,
    /// The latest result, when there is one.
    pub latest: Option<IndicatorResult>,
}

/// A value an indicator achieved.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorResult {
    pub actual: String,
    /// dd/mm/yyyy.
    pub as_of: String,
    pub as_of_iso: String,
    pub source: Option<String>,
    /// Whether it meets the target; None when the two do not compare.
    pub met: Option<bool>,
}

/// A plan, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// As written; empty when the number is not known.
    pub number: String,
    /// The number, or "(chưa có số)".
    pub number_display: String,
    /// What tables call it in a link: "Kế hoạch số 25/KH-STP", or its
    /// title when it has no number.
    pub label: String,
    pub title: String,
    pub slug: String,
    pub url: String,
    #[serde(skip)]
    pub date: NaiveDate,
    /// How much of `date` is known; `date` is the first day it may be.
    pub precision: Precision,
    /// "05/02/2026", "Tháng 02/2026 (chưa rõ ngày ban hành)" or "Năm 2026
    /// (chưa rõ ngày ban hành)".
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
    /// Where the date comes from when the document does not give it.
    pub date_note: Option<String>,
    pub summary: String,
    /// Whether it counts as guidance (`guidance: false` opts out).
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
            format!(
                "Tháng {:02}/{} (chưa rõ ngày ban hành)",
                date.month(),
                date.year()
            ),
            format!("{}-{:02}", date.year(), date.month()),
        ),
        Precision::Year => (
            format!("Năm {} (chưa rõ ngày ban hành)", date.year()),
            date.year().to_string(),
        ),
    };
    Ok(Plan {
        label: match number.as_str() {
            "" => raw.title.trim().to_string(),
            n => format!("Kế hoạch số {n}"),
        },
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
        date_note: opt(raw.date_note),
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
                crate::messages::plan_date(t),
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
            crate::messages::task_untitled(number),
        );
    }
    let leads: Vec<String> = t
        .lead
        .into_vec()
        .iter()
        .flat_map(|l| l.split(';'))
        .filter_map(|l| opt(Some(l.to_string())))
        .collect();
    if leads.is_empty() {
        c.fail(
            "lead",
            format!(
                "task {number} (\"{}\") has an empty `lead` unit",
                t.title.trim()
            ),
            "name the unit in charge (đơn vị chủ trì), e.g. Văn phòng Sở",
            crate::messages::task_without_lead(number),
        );
    }
    let state = TaskState::parse(t.status.as_deref()).unwrap_or_else(|| {
        c.fail(
            "status",
            format!(
                "task {number}: the status `{}` is not one the tracker knows",
                t.status.as_deref().unwrap_or_default().trim()
            ),
            "write one of: chưa thực hiện, đang thực hiện, hoàn thành, không thực hiện (with `reason:`)",
            crate::messages::task_status_unknown(
                number,
                t.status.as_deref().unwrap_or_default(),
                &TaskState::CHOICES.iter().map(|(_, l)| *l).collect::<Vec<_>>(),
            ),
        );
        TaskState::Unknown
    });
    let reason = opt(t.reason);
    if state == TaskState::NotDone && reason.is_none() {
        c.fail(
            "status",
            format!("task {number} is not carried out, but no `reason:` says why"),
            "add `reason:` with why the task is not carried out",
            crate::messages::task_without_reason(number),
        );
    }
    let deadline = Deadline::parse(t.deadline.as_deref()).unwrap_or_else(|e| {
        c.fail(
            "deadline",
            format!("task {number}: {e}"),
            "write the deadline as the plan does: 30/4/2026, \"trước ngày 30/4/2026\", \"trong quý I năm 2026\", \"thường xuyên\"",
            crate::messages::task_deadline(number, t.deadline.as_deref().unwrap_or_default()),
        );
        Deadline::parse(None).expect("no deadline parses")
    });
    let leads: Vec<Lead> = leads
        .into_iter()
        .map(|name| Lead {
            slug: crate::slug::slugify(&name),
            name,
        })
        .collect();
    Task {
        number,
        title: t.title.trim().to_string(),
        lead: leads
            .iter()
            .map(|l| l.name.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        lead_slug: leads.first().map(|l| l.slug.clone()).unwrap_or_default(),
        leads,
        partners: t.partners.into_vec(),
        deadline,
        status: state.label().map(str::to_string),
        state,
        reason,
        reference: opt(t.reference),
        own: false,
        overdue: false,
        unreported: false,
    }
}

fn indicator(c: &mut Check<'_>, i: RawIndicator) -> Indicator {
    if i.name.trim().is_empty() {
        c.fail(
            "name",
            "an indicator has an empty `name`",
            "name the indicator (chỉ tiêu)",
            crate::messages::indicator_unnamed(),
        );
    }
    if i.target.trim().is_empty() {
        c.fail(
            "target",
            format!("indicator \"{}\" has an empty `target`", i.name.trim()),
            "write the target, e.g. 100%",
            crate::messages::indicator_without_target(&i.name),
        );
    }
    let target = i.target.trim().to_string();
    let mut results: Vec<(NaiveDate, IndicatorResult)> = i
        .results
        .into_iter()
        .filter_map(|r| {
            let day = match parse_date(&r.as_of) {
                Ok(d) => d,
                Err(e) => {
                    c.fail(
                        "as_of",
                        format!("a result of \"{}\": {e}", i.name.trim()),
                        "write the date the value was measured, e.g. 30/6/2026",
                        crate::messages::result_date(&i.name, &r.as_of),
                    );
                    return None;
                }
            };
            if r.actual.trim().is_empty() {
                c.fail(
                    "actual",
                    format!("a result of \"{}\" has no value", i.name.trim()),
                    "write the value achieved, e.g. 95%",
                    crate::messages::result_without_value(&i.name),
                );
                return None;
            }
            Some((
                day,
                IndicatorResult {
                    met: super::measure::met(&target, &r.actual),
                    actual: r.actual.trim().to_string(),
                    as_of: vn_date(day),
                    as_of_iso: day.to_string(),
                    source: opt(r.source),
                },
            ))
        })
        .collect();
    results.sort_by_key(|(d, _)| *d);
    let results: Vec<IndicatorResult> = results.into_iter().map(|(_, r)| r).collect();
    Indicator {
        name: i.name.trim().to_string(),
        unit: opt(i.unit),
        lead: opt(i.lead),
        monitor: opt(i.monitor),
        latest: results.last().cloned(),
        results,
        target,
    }
}
