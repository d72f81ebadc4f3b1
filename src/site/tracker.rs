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

/// A reporting period of whole months: a quarter, the first 6 or 9 months,
/// a year, or any span given as two months.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day of the first month.
    pub first: NaiveDate,
    /// The last day of the last month.
    pub last: NaiveDate,
    kind: PeriodKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodKind {
    Quarter(u32),
    FirstMonths(u32),
    Year,
    Span,
}

impl Period {
    /// Parses `2026-Q1`..`2026-Q4`, `2026-6M` (first six months; also
    /// `2026-H1`), `2026-9M`, or `2026` (the whole year).
    pub fn parse(text: &str) -> Result<Period, String> {
        let bad = || {
            format!("`{text}` is not a period: write 2026-Q1 (quarter), 2026-6M (6 months), 2026-9M (9 months) or 2026 (year)")
        };
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r.to_ascii_uppercase())),
            None => (text, None),
        };
        let year: i32 = year.parse().map_err(|_| bad())?;
        let (from, to, kind) = match rest.as_deref() {
            None => (1, 12, PeriodKind::Year),
            Some(q @ ("Q1" | "Q2" | "Q3" | "Q4")) => {
                let n: u32 = q[1..].parse().expect("digit");
                (n * 3 - 2, n * 3, PeriodKind::Quarter(n))
            }
            Some("6M" | "H1" | "6T") => (1, 6, PeriodKind::FirstMonths(6)),
            Some("9M" | "9T") => (1, 9, PeriodKind::FirstMonths(9)),
            Some(_) => return Err(bad()),
        };
        Period::months(year, from, year, to)
            .map(|p| Period { kind, ..p })
            .ok_or_else(bad)
    }

    /// From the first day of `y1-m1` to the last day of `y2-m2`.
    pub fn months(y1: i32, m1: u32, y2: i32, m2: u32) -> Option<Period> {
        let first = NaiveDate::from_ymd_opt(y1, m1, 1)?;
        let last = NaiveDate::from_ymd_opt(y2, m2, days_in_month(y2, m2)?)?;
        (first <= last).then_some(Period {
            first,
            last,
            kind: PeriodKind::Span,
        })
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// Whether a `YYYY-MM` month lies within the period.
    pub fn contains_month(&self, month: &str) -> bool {
        let first = format!("{:04}-{:02}", self.first.year(), self.first.month());
        let last = format!("{:04}-{:02}", self.last.year(), self.last.month());
        first.as_str() <= month && month <= last.as_str()
    }

    /// The period as the department's reports name it.
    pub fn label(&self) -> String {
        let y = self.first.year();
        match self.kind {
            PeriodKind::Quarter(n) => {
                format!("Quý {} năm {y}", ["I", "II", "III", "IV"][n as usize - 1])
            }
            PeriodKind::FirstMonths(n) => format!("{n} tháng đầu năm {y}"),
            PeriodKind::Year => format!("Năm {y}"),
            PeriodKind::Span => format!("Từ {} đến {}", vn_date(self.first), vn_date(self.last)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_reporting_periods() {
        let q1 = Period::parse("2026-Q1").unwrap();
        assert_eq!(
            (q1.first.to_string(), q1.last.to_string()),
            ("2026-01-01".into(), "2026-03-31".into())
        );
        assert_eq!(q1.label(), "Quý I năm 2026");
        assert_eq!(
            Period::parse("2026-9M").unwrap().last.to_string(),
            "2026-09-30"
        );
        assert_eq!(Period::parse("2028").unwrap().label(), "Năm 2028");
        assert!(Period::parse("2026-Q5").is_err());
        assert!(Period::parse("nam").is_err());
        assert!(Period::parse("2026-Q2").unwrap().contains_month("2026-06"));
        assert!(!Period::parse("2026-Q2").unwrap().contains_month("2026-07"));
    }
}
