//! The compliance tracker: posts per month against the monthly target,
//! guidance documents per year, feedback answered on time, procedures
//! published with every component.
//!
//! Counting rules (also in the README):
//! - a post counts in the month of its date in the site time zone; drafts and
//!   posts dated after "today" never count;
//! - every month from the first post's month to today's month is listed,
//!   months without posts included; today's month is in progress, and
//!   `needed` = max(0, target − posts);
//! - a year's guidance documents = documents plus plans dated in that year;
//! - feedback is on time when answered on or before its due date; open
//!   feedback past its due date is overdue.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

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

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct YearFigure {
    pub year: i32,
    pub count: u32,
    pub documents: u32,
    pub plans: u32,
    pub target: u32,
    pub in_progress: bool,
    pub needed: u32,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct FeedbackFigures {
    pub received: u32,
    pub answered: u32,
    pub published: u32,
    pub answered_on_time: u32,
    pub answered_late: u32,
    pub overdue_open: u32,
    /// Percent answered on time among answered, rounded down; 100 when none.
    pub on_time_percent: u32,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct ProcedureFigures {
    pub total: u32,
    pub online_full: u32,
    pub online_partial: u32,
    pub boundary_free: u32,
    pub incomplete: u32,
}

/// Every figure the tracker page, the home page and `report` show.
#[derive(Debug, Clone, Serialize)]
pub struct Tracker {
    pub today: String,
    pub today_display: String,
    pub months: Vec<MonthFigure>,
    pub guidance_docs: Vec<YearFigure>,
    pub feedback: FeedbackFigures,
    pub procedures: ProcedureFigures,
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
        Tracker {
            today: today.to_string(),
            today_display: vn_date(today),
            guidance_docs: year_figures(site, today),
            feedback: feedback_figures(site, today),
            procedures: procedure_figures(site),
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

fn year_figures(site: &Site, today: NaiveDate) -> Vec<YearFigure> {
    let target = site.config.targets.guidance_docs_per_year;
    let docs: Vec<i32> = site
        .documents
        .iter()
        .filter(|d| !d.draft && d.date <= today)
        .map(|d| d.date.year())
        .collect();
    let plans: Vec<i32> = site
        .plans
        .iter()
        .filter(|p| !p.draft && p.date <= today)
        .map(|p| p.date.year())
        .collect();
    let first = docs
        .iter()
        .chain(&plans)
        .copied()
        .min()
        .unwrap_or(today.year())
        .min(today.year());
    (first..=today.year())
        .map(|year| {
            let documents = docs.iter().filter(|y| **y == year).count() as u32;
            let plans = plans.iter().filter(|y| **y == year).count() as u32;
            let count = documents + plans;
            YearFigure {
                year,
                count,
                documents,
                plans,
                target,
                in_progress: year == today.year(),
                needed: target.saturating_sub(count),
            }
        })
        .collect()
}

fn feedback_figures(site: &Site, today: NaiveDate) -> FeedbackFigures {
    let mut f = FeedbackFigures::default();
    for item in &site.feedback {
        f.received += 1;
        match item.answered {
            Some(answered) if item.is_answered() => {
                f.answered += 1;
                f.published += 1;
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
    f.on_time_percent = (f.answered_on_time * 100)
        .checked_div(f.answered)
        .unwrap_or(100);
    f
}

fn procedure_figures(site: &Site) -> ProcedureFigures {
    let ps = &site.procedures;
    let count = |pred: &dyn Fn(&crate::content::procedure::Procedure) -> bool| {
        ps.iter().filter(|p| pred(p)).count() as u32
    };
    ProcedureFigures {
        total: ps.len() as u32,
        online_full: count(&|p| p.online == Online::Full),
        online_partial: count(&|p| p.online == Online::Partial),
        boundary_free: count(&|p| p.boundary_free),
        incomplete: count(&|p| !p.missing.is_empty()),
    }
}
