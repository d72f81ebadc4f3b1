//! The compliance tracker: the figures the department's plans define.
//!
//! Counting rules (also in the README):
//! - a post counts in the month of its date in the site time zone; drafts and
//!   posts dated after "today" never count;
//! - every month from the first post's month to today's month is listed,
//!   months without posts included; today's month is in progress, and
//!   `needed` = max(0, target − posts). Months are calendar months;
//! - guidance documents (seed 001 §2.4: 60 a year *of the department*) are
//!   documents and plans whose issuer is the site's own agency
//!   (`targets.guidance_issuers`, default the site's title; an empty issuer
//!   counts), not marked `guidance: false`, of `targets.guidance_kinds` when
//!   set; they are counted per reporting year ([`Period`]);
//! - feedback is on time when answered on or before its due date; open
//!   feedback past its due date is overdue; the on-time rate is answered on
//!   time ÷ (answered + overdue open), none when nothing is due;
//! - procedures: abolished ones no longer count; with a catalogue, the
//!   announced codes not listed are missing;
//! - a plan task is overdue when its deadline has passed and its status
//!   says it is not done (chưa thực hiện, đang thực hiện); one with no
//!   status is not overdue but unreported. Both are counted only for tasks
//!   the agency or its units lead (`units:`).

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use super::catalogue::CatalogueEntry;
pub use super::period::Period;
use super::Site;
use crate::content::dates::{days_in_month, vn_date, vn_month};
use crate::content::procedure::Online;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MonthFigure {
    /// `YYYY-MM`.
    pub month: String,
    /// `tháng 01/2026`.
    pub label: String,
    pub posts: u32,
    pub target: u32,
    pub met: bool,
    pub in_progress: bool,
    pub needed: u32,
}

/// One document or plan counted as the agency's guidance.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct GuidanceItem {
    pub url: String,
    pub number: String,
    pub title: String,
    /// The document's kind, or "Kế hoạch" for a plan.
    pub kind: String,
    pub date: String,
    #[serde(skip)]
    pub day: NaiveDate,
    #[serde(skip)]
    pub is_plan: bool,
}

/// Guidance documents of one reporting year.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct YearFigure {
    pub year: i32,
    /// The dates counted, dd/mm/yyyy.
    pub from: String,
    pub to: String,
    pub count: u32,
    pub documents: u32,
    pub plans: u32,
    pub target: u32,
    pub in_progress: bool,
    pub needed: u32,
    /// Whether the year is judged against the target: false before
    /// `targets.since` (the content does not cover it whole).
    pub judged: bool,
    /// What was counted, newest first, so the figure can be audited.
    pub items: Vec<GuidanceItem>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FeedbackFigures {
    pub received: u32,
    pub answered: u32,
    pub published: u32,
    pub answered_on_time: u32,
    pub answered_late: u32,
    /// Handled by forwarding to the competent agency (counted in
    /// `answered` too: "được xử lý hoặc kiến nghị xử lý").
    pub forwarded: u32,
    pub overdue_open: u32,
    /// Answered on time ÷ (answered + open past due), in percent rounded
    /// down; None when nothing is due.
    pub on_time_percent: Option<u32>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ProcedureFigures {
    /// Listed procedures that are not abolished.
    pub total: u32,
    pub online_full: u32,
    pub online_partial: u32,
    pub boundary_free: u32,
    /// Related to businesses, and of those the fully online ones.
    pub business_related: u32,
    pub business_online_full: u32,
    /// Fees payable online.
    pub payment_online: u32,
    /// Internal procedures (TTHC nội bộ), not in `total`.
    pub internal: u32,
    /// Procedures marked as illustrative (examples, not official): the
    /// figures are then examples too, and the pages say so.
    pub illustrative: u32,
    /// The processing time cut against the statutory limit over every
    /// procedure with both (Σ statutory − Σ processing) ÷ Σ statutory, in
    /// percent rounded down; None when no procedure gives a processing time.
    pub time_cut_percent: Option<u32>,
    pub incomplete: u32,
    /// Listed with `status: abolished` (not in `total`).
    pub abolished: u32,
    /// Codes in the province's catalogue; None without one.
    pub catalogue: Option<u32>,
    /// Active listed procedures whose code is in the catalogue.
    pub listed_of_catalogue: Option<u32>,
    /// Codes in the catalogue that are not listed, sorted.
    pub missing: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct PlanFigures {
    pub tasks: u32,
    /// Tasks led by the agency or its units.
    pub tasks_own: u32,
    /// Own tasks past their deadline whose status says not done.
    pub tasks_overdue: u32,
    /// Own tasks past their deadline with no status reported.
    pub tasks_status_unknown: u32,
}

/// A plan task past its deadline and not done.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct OverdueTask {
    pub plan_title: String,
    pub plan_number: String,
    /// What the tracker's table links to the plan with.
    pub plan_label: String,
    pub plan_url: String,
    pub number: usize,
    pub title: String,
    pub lead: String,
    pub lead_slug: String,
    pub deadline: String,
    pub status: Option<String>,
}

/// One indicator of a plan with its latest result, for the tracker and
/// `report --json` (`indicators[]`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct IndicatorRow {
    /// The plan's number (or "(chưa có số)"), what links to it, and its
    /// address.
    pub plan: String,
    pub plan_label: String,
    pub plan_url: String,
    pub name: String,
    pub target: String,
    pub actual: Option<String>,
    pub as_of: Option<String>,
    pub source: Option<String>,
    pub met: Option<bool>,
}

/// The figures of one reporting period.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PeriodFigures {
    pub label: String,
    /// The dates counted, dd/mm/yyyy.
    pub from: String,
    pub to: String,
    /// Posts dated within the dates.
    pub posts: u32,
    /// Calendar months the period is named after that met or missed the
    /// target (the month in progress counts only once met).
    pub months_met: u32,
    pub months_short: u32,
    pub guidance_docs: u32,
    pub documents: u32,
    pub plans: u32,
    /// Feedback received within the dates.
    pub feedback_received: u32,
    /// Whether today falls within the dates.
    pub in_progress: bool,
}

/// Every figure the tracker page, the home page and `report` show.
#[derive(Debug, Clone, Serialize)]
pub struct Tracker {
    pub today: String,
    pub today_display: String,
    pub months: Vec<MonthFigure>,
    /// One per reporting year, oldest first.
    pub guidance_docs: Vec<YearFigure>,
    pub feedback: FeedbackFigures,
    pub procedures: ProcedureFigures,
    /// The catalogue entries not listed (code and name), for the page.
    pub missing_procedures: Vec<CatalogueEntry>,
    pub plans: PlanFigures,
    /// The agency's own tasks past their deadline and not done.
    pub overdue_tasks: Vec<OverdueTask>,
    /// The agency's own tasks past their deadline with no status (for the
    /// office: the desk and `report`; public pages say "chưa cập nhật kết
    /// quả").
    pub unreported_tasks: Vec<OverdueTask>,
    /// Every plan's indicators with their latest results.
    pub indicators: Vec<IndicatorRow>,
    /// The quarters of the current reporting year up to today's.
    pub quarters: Vec<PeriodFigures>,
    /// The day reporting periods start (15, or 1 for calendar periods).
    pub period_start_day: u32,
    /// Today's month (also the last entry of `months`).
    pub current: MonthFigure,
    /// Days left in today's month, today included.
    pub days_left: u32,
    /// The last day of today's month, dd/mm/yyyy.
    pub month_end_display: String,
}

impl Tracker {
    pub fn compute(site: &Site) -> Tracker {
        let today = site.today;
        let months = month_figures(site, today);
        let current = months
            .last()
            .cloned()
            .expect("today's month is always listed");
        let days = days_in_month(today.year(), today.month()).expect("valid month");
        let month_end =
            NaiveDate::from_ymd_opt(today.year(), today.month(), days).expect("valid day");
        let (procedures, missing_procedures) = procedure_figures(site);
        let overdue_tasks = own_tasks(site, |t| t.overdue);
        let unreported = own_tasks(site, |t| t.unreported);
        let start_day = site.config.reporting.period_start_day;
        let (year, quarter) = Period::quarter_of(today, start_day);
        let guidance = guidance_items(site);
        let quarters = (1..=quarter)
            .filter_map(|n| Period::quarter(year, n, start_day))
            .map(|p| figures_of_period(site, &months, &guidance, p))
            .collect();
        Tracker {
            today: today.to_string(),
            today_display: vn_date(today),
            guidance_docs: year_figures(site, today, &guidance),
            feedback: feedback_figures(site, today),
            procedures,
            missing_procedures,
            plans: PlanFigures {
                tasks: site.plans.iter().map(|p| p.tasks.len() as u32).sum(),
                tasks_own: site
                    .plans
                    .iter()
                    .flat_map(|p| &p.tasks)
                    .filter(|t| t.own)
                    .count() as u32,
                tasks_overdue: overdue_tasks.len() as u32,
                tasks_status_unknown: unreported.len() as u32,
            },
            overdue_tasks,
            unreported_tasks: unreported,
            indicators: indicator_rows(site),
            quarters,
            period_start_day: start_day,
            current,
            months,
            days_left: days - today.day() + 1,
            month_end_display: vn_date(month_end),
        }
    }
}

fn month_index(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

fn month_figures(site: &Site, today: NaiveDate) -> Vec<MonthFigure> {
    let target = site.config.targets.posts_per_month;
    let counted: Vec<i32> = site
        .news
        .iter()
        .filter(|n| !n.draft && n.local_date() <= today)
        .map(|n| month_index(n.local_date()))
        .collect();
    let last = month_index(today);
    let first = counted.iter().copied().min().unwrap_or(last).min(last);
    let mut counts = vec![0u32; (last - first + 1) as usize];
    for m in counted {
        counts[(m - first) as usize] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, posts)| {
            let m = first + i as i32;
            let (year, month) = (m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
            MonthFigure {
                month: format!("{year:04}-{month:02}"),
                label: vn_month(year, month),
                posts,
                target,
                met: posts >= target,
                in_progress: m == last,
                needed: target.saturating_sub(posts),
            }
        })
        .collect()
}

/// The documents and plans that count as the agency's guidance, newest
/// first (the site holds only published items dated up to today).
pub fn guidance_items(site: &Site) -> Vec<GuidanceItem> {
    let t = &site.config.targets;
    let issuers: Vec<String> = t.guidance_issuers.iter().map(|i| fold_name(i)).collect();
    let issuer_counts = |issuer: Option<&str>| {
        issuers.is_empty()
            || issuer.is_none_or(|i| i.trim().is_empty() || issuers.contains(&fold_name(i)))
    };
    let docs = site.documents.iter().filter(|d| {
        !d.draft
            && issuer_counts(d.issuer.as_deref())
            && guides(t.guidance_kinds.as_deref(), &d.kind, &d.title, d.guidance)
    });
    let mut items: Vec<GuidanceItem> = docs
        .map(|d| GuidanceItem {
            url: d.url.clone(),
            number: d.number.clone(),
            title: d.title.clone(),
            kind: d.kind.clone(),
            date: d.date_display.clone(),
            day: d.date,
            is_plan: false,
        })
        .collect();
    let plans = site.plans.iter().filter(|p| {
        !p.draft
            && p.guidance
            && issuer_counts(Some(&p.issuer))
            && guides(t.guidance_kinds.as_deref(), PLAN_KIND, &p.title, None)
    });
    items.extend(plans.map(|p| GuidanceItem {
        url: p.url.clone(),
        number: p.number_display.clone(),
        title: p.title.clone(),
        kind: PLAN_KIND.to_string(),
        date: p.date_display.clone(),
        day: p.date,
        is_plan: true,
    }));
    items.sort_by(|a, b| b.day.cmp(&a.day).then_with(|| a.url.cmp(&b.url)));
    items
}

/// The kind a plan has for `targets.guidance_kinds`.
pub const PLAN_KIND: &str = "Kế hoạch";

/// A name as compared for issuers and kinds: NFC, lower case, single spaces.
pub fn fold_name(s: &str) -> String {
    let nfc: String = s.nfc().collect::<String>().to_lowercase();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Guidance per calendar year ("trong năm"), from the first year with an
/// item to this one; years before `targets.since` get no verdict.
fn year_figures(site: &Site, today: NaiveDate, items: &[GuidanceItem]) -> Vec<YearFigure> {
    let target = site.config.targets.guidance_docs_per_year;
    let this_year = today.year();
    let first = items
        .iter()
        .map(|i| i.day.year())
        .min()
        .unwrap_or(this_year)
        .min(this_year);
    let since = site
        .config
        .targets
        .since
        .unwrap_or_else(|| first_whole_year(site));
    (first..=this_year)
        .filter_map(|year| Period::year(year, 1).map(|p| (year, p)))
        .map(|(year, period)| {
            let counted: Vec<GuidanceItem> = items
                .iter()
                .filter(|i| period.contains(i.day))
                .cloned()
                .collect();
            let plans = counted.iter().filter(|i| i.is_plan).count() as u32;
            let count = counted.len() as u32;
            YearFigure {
                year,
                from: vn_date(period.first),
                to: vn_date(period.last),
                count,
                documents: count - plans,
                plans,
                target,
                in_progress: year == this_year,
                needed: target.saturating_sub(count),
                judged: year >= since,
                items: counted,
            }
        })
        .collect()
}

fn indicator_rows(site: &Site) -> Vec<IndicatorRow> {
    site.plans
        .iter()
        .flat_map(|p| p.indicators.iter().map(move |i| (p, i)))
        .map(|(p, i)| IndicatorRow {
            plan: p.number_display.clone(),
            plan_label: p.label.clone(),
            plan_url: p.url.clone(),
            name: i.name.clone(),
            target: i.target.clone(),
            actual: i.latest.as_ref().map(|r| r.actual.clone()),
            as_of: i.latest.as_ref().map(|r| r.as_of_iso.clone()),
            source: i.latest.as_ref().and_then(|r| r.source.clone()),
            met: i.latest.as_ref().and_then(|r| r.met),
        })
        .collect()
}

/// The first calendar year the content covers from January: the year of
/// the earliest post, document or (fully dated) plan when that is in
/// January, else the next one.
fn first_whole_year(site: &Site) -> i32 {
    let dates = site
        .news
        .iter()
        .map(|n| n.local_date())
        .chain(site.documents.iter().map(|d| d.date))
        // A plan dated only by its year or month has no day to start from.
        .chain(
            site.plans
                .iter()
                .filter(|p| p.precision == crate::content::plan::Precision::Day)
                .map(|p| p.date),
        );
    match dates.min() {
        Some(d) if d.month() == 1 => d.year(),
        Some(d) => d.year() + 1,
        None => site.today.year(),
    }
}

use crate::content::document::guides;

/// The figures of one reporting period; `months` are the tracker's month rows.
pub fn period_figures(site: &Site, months: &[MonthFigure], p: Period) -> PeriodFigures {
    figures_of_period(site, months, &guidance_items(site), p)
}

/// [`period_figures`] with the site's guidance items already listed.
fn figures_of_period(
    site: &Site,
    months: &[MonthFigure],
    items: &[GuidanceItem],
    p: Period,
) -> PeriodFigures {
    let named: Vec<&MonthFigure> = months
        .iter()
        .filter(|m| p.contains_month(&m.month))
        .collect();
    let guidance: Vec<&GuidanceItem> = items.iter().filter(|i| p.contains(i.day)).collect();
    let plans = guidance.iter().filter(|i| i.is_plan).count() as u32;
    let posts = site
        .news
        .iter()
        .filter(|n| !n.draft && p.contains(n.local_date()) && n.local_date() <= site.today)
        .count() as u32;
    PeriodFigures {
        label: p.label(),
        from: vn_date(p.first),
        to: vn_date(p.last),
        posts,
        months_met: named.iter().filter(|m| m.met).count() as u32,
        months_short: named.iter().filter(|m| !m.met && !m.in_progress).count() as u32,
        guidance_docs: guidance.len() as u32,
        documents: guidance.len() as u32 - plans,
        plans,
        feedback_received: site
            .feedback
            .iter()
            .filter(|f| p.contains(f.received))
            .count() as u32,
        in_progress: p.contains(site.today),
    }
}

/// Feedback figures as of `today`, for items received within `period` (all
/// items when None).
pub fn feedback_figures_in(
    site: &Site,
    today: NaiveDate,
    period: Option<Period>,
) -> FeedbackFigures {
    feedback_figures_of(
        site.feedback
            .iter()
            .filter(|f| period.is_none_or(|p| p.contains(f.received))),
        today,
    )
}

fn feedback_figures(site: &Site, today: NaiveDate) -> FeedbackFigures {
    feedback_figures_in(site, today, None)
}

fn feedback_figures_of<'a>(
    items: impl Iterator<Item = &'a crate::content::feedback::Feedback>,
    today: NaiveDate,
) -> FeedbackFigures {
    let mut f = FeedbackFigures::default();
    for item in items {
        f.received += 1;
        match item.answered {
            Some(answered) if item.is_answered() => {
                f.answered += 1;
                f.published += 1;
                f.forwarded += u32::from(item.forwarded_to.is_some());
                if answered <= item.due {
                    f.answered_on_time += 1;
                } else {
                    f.answered_late += 1;
                }
            }
            _ if item.due < today => f.overdue_open += 1,
            _ => {}
        }
    }
    f.on_time_percent = (f.answered_on_time * 100).checked_div(f.answered + f.overdue_open);
    f
}

fn procedure_figures(site: &Site) -> (ProcedureFigures, Vec<CatalogueEntry>) {
    // Internal procedures are counted apart: the figures are about the
    // procedures citizens and businesses file.
    let active: Vec<&crate::content::procedure::Procedure> = site
        .procedures
        .iter()
        .filter(|p| !p.is_abolished() && !p.internal)
        .collect();
    let internal = site
        .procedures
        .iter()
        .filter(|p| !p.is_abolished() && p.internal)
        .count() as u32;
    let count = |pred: &dyn Fn(&crate::content::procedure::Procedure) -> bool| {
        active.iter().filter(|p| pred(p)).count() as u32
    };
    let mut figures = ProcedureFigures {
        total: active.len() as u32,
        online_full: count(&|p| p.online == Online::Full),
        online_partial: count(&|p| p.online == Online::Partial),
        boundary_free: count(&|p| p.boundary_free),
        business_related: count(&|p| p.business_related),
        business_online_full: count(&|p| p.business_related && p.online == Online::Full),
        payment_online: count(&|p| p.payment_online),
        illustrative: count(&|p| p.illustrative),
        time_cut_percent: {
            let with: Vec<_> = active
                .iter()
                .filter(|p| p.days_processing.is_some())
                .collect();
            let statutory: f64 = with.iter().map(|p| p.days_statutory).sum();
            let processing: f64 = with.iter().filter_map(|p| p.days_processing).sum();
            crate::content::procedure::time_cut(statutory, (!with.is_empty()).then_some(processing))
        },
        incomplete: count(&|p| !p.missing.is_empty()),
        abolished: site.procedures.iter().filter(|p| p.is_abolished()).count() as u32,
        internal,
        ..ProcedureFigures::default()
    };
    let Some(catalogue) = &site.catalogue else {
        return (figures, Vec::new());
    };
    let listed: std::collections::HashSet<String> =
        active.iter().map(|p| p.code.to_uppercase()).collect();
    let mut missing: Vec<CatalogueEntry> = catalogue
        .entries
        .iter()
        .filter(|e| !listed.contains(&e.code.to_uppercase()))
        .cloned()
        .collect();
    missing.sort_by(|a, b| a.code.cmp(&b.code));
    figures.catalogue = Some(catalogue.entries.len() as u32);
    figures.listed_of_catalogue = Some((catalogue.entries.len() - missing.len()) as u32);
    figures.missing = missing.iter().map(|e| e.code.clone()).collect();
    (figures, missing)
}

/// The agency's own plan tasks that `pick` selects (overdue, or past due
/// with no status), by deadline. Other agencies' tasks are never the
/// agency's shortfall.
fn own_tasks(site: &Site, pick: impl Fn(&crate::content::plan::Task) -> bool) -> Vec<OverdueTask> {
    let mut list: Vec<(NaiveDate, OverdueTask)> = site
        .plans
        .iter()
        .flat_map(|p| {
            p.tasks
                .iter()
                .filter(|t| t.own && pick(t))
                .map(move |t| (p, t))
        })
        .map(|(p, t)| {
            (
                t.deadline.date.expect("late tasks have a date"),
                OverdueTask {
                    plan_title: p.title.clone(),
                    plan_number: p.number_display.clone(),
                    plan_label: p.label.clone(),
                    plan_url: p.url.clone(),
                    number: t.number,
                    title: t.title.clone(),
                    lead: t.lead.clone(),
                    lead_slug: t.lead_slug.clone(),
                    deadline: t.deadline.display.clone(),
                    status: t.status.clone(),
                },
            )
        })
        .collect();
    list.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.plan_url.cmp(&b.1.plan_url)));
    list.into_iter().map(|(_, t)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_after_nfc_ignoring_case_and_spaces() {
        // "ở" precomposed vs "o" + combining horn + combining hook.
        let decomposed = "S\u{1EDF} T\u{01B0} ph\u{00E1}p";
        let combining = "So\u{031B}\u{0309}  TƯ   PHÁP";
        assert_eq!(fold_name(decomposed), fold_name(combining));
        assert_eq!(fold_name(" Sở Tư pháp "), "sở tư pháp");
    }
}
