//! Reporting periods (kỳ báo cáo): quarters, the first 6 or 9 months, a
//! year, or a span of months.
//!
//! Periodic reports in Vietnamese administration cut their data as Decree
//! 09/2019/NĐ-CP art. 12 says: from the 15th of the month before the period
//! to the 14th of its last month (a year: 15/12 of the year before to 14/12).
//! The day is `reporting.period_start_day` in `site.yaml` (default 15); `1`
//! gives calendar periods. Spans given as two months (`--from`/`--to`) are
//! calendar months.

use chrono::{Datelike, NaiveDate};

use crate::content::dates::{days_in_month, vn_date};

/// A reporting period: the exact dates it counts, and the calendar months
/// it is named after (for month-by-month rows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day counted.
    pub first: NaiveDate,
    /// The last day counted.
    pub last: NaiveDate,
    /// The first and last calendar month it is named after, as
    /// `year * 12 + month0`.
    months: (i32, i32),
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
    /// `2026-H1`), `2026-9M`, or `2026` (the whole year), cut at
    /// `start_day` (1 to 28).
    pub fn parse(text: &str, start_day: u32) -> Result<Period, String> {
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
        Period::cut(year, from, to, start_day, kind).ok_or_else(bad)
    }

    /// The reporting year `year`, cut at `start_day`.
    pub fn year(year: i32, start_day: u32) -> Option<Period> {
        Period::cut(year, 1, 12, start_day, PeriodKind::Year)
    }

    /// Quarter `n` (1 to 4) of `year`, cut at `start_day`.
    pub fn quarter(year: i32, n: u32, start_day: u32) -> Option<Period> {
        Period::cut(year, n * 3 - 2, n * 3, start_day, PeriodKind::Quarter(n))
    }

    /// The reporting year a day belongs to: with a cut-off on the 15th,
    /// 20/12/2026 is in the year 2027.
    pub fn year_of(d: NaiveDate, start_day: u32) -> i32 {
        if start_day > 1 && d.month() == 12 && d.day() >= start_day {
            d.year() + 1
        } else {
            d.year()
        }
    }

    /// The quarter a day belongs to, with its reporting year.
    pub fn quarter_of(d: NaiveDate, start_day: u32) -> (i32, u32) {
        let (mut year, mut month) = (d.year(), d.month());
        if start_day > 1 && d.day() >= start_day {
            month += 1;
            if month == 13 {
                (year, month) = (year + 1, 1);
            }
        }
        (year, month.div_ceil(3))
    }

    fn cut(year: i32, m1: u32, m2: u32, start_day: u32, kind: PeriodKind) -> Option<Period> {
        if !(1..=28).contains(&start_day) {
            return None;
        }
        let (first, last) = if start_day == 1 {
            (
                NaiveDate::from_ymd_opt(year, m1, 1)?,
                NaiveDate::from_ymd_opt(year, m2, days_in_month(year, m2)?)?,
            )
        } else {
            let (py, pm) = if m1 == 1 {
                (year - 1, 12)
            } else {
                (year, m1 - 1)
            };
            (
                NaiveDate::from_ymd_opt(py, pm, start_day)?,
                NaiveDate::from_ymd_opt(year, m2, start_day - 1)?,
            )
        };
        Some(Period {
            first,
            last,
            months: (year * 12 + m1 as i32 - 1, year * 12 + m2 as i32 - 1),
            kind,
        })
    }

    /// Calendar months from the first day of `y1-m1` to the last day of
    /// `y2-m2`.
    pub fn months(y1: i32, m1: u32, y2: i32, m2: u32) -> Option<Period> {
        let first = NaiveDate::from_ymd_opt(y1, m1, 1)?;
        let last = NaiveDate::from_ymd_opt(y2, m2, days_in_month(y2, m2)?)?;
        (first <= last).then_some(Period {
            first,
            last,
            months: (y1 * 12 + m1 as i32 - 1, y2 * 12 + m2 as i32 - 1),
            kind: PeriodKind::Span,
        })
    }

    /// Whether `d` falls within the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.first <= d && d <= self.last
    }

    /// Whether a `YYYY-MM` month is one the period is named after.
    pub fn contains_month(&self, month: &str) -> bool {
        let index = month.split_once('-').and_then(|(y, m)| {
            let (y, m) = (y.parse::<i32>().ok()?, m.parse::<i32>().ok()?);
            Some(y * 12 + m - 1)
        });
        index.is_some_and(|i| self.months.0 <= i && i <= self.months.1)
    }

    /// The calendar years the period touches.
    pub fn years(&self) -> std::ops::RangeInclusive<i32> {
        self.first.year()..=self.last.year()
    }

    /// The period as the department's reports name it.
    pub fn label(&self) -> String {
        let y = self.months.1.div_euclid(12);
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

    fn dates(p: Period) -> (String, String) {
        (vn_date(p.first), vn_date(p.last))
    }

    #[test]
    fn periods_are_cut_on_the_15th_by_default() {
        let q1 = Period::parse("2026-Q1", 15).unwrap();
        assert_eq!(dates(q1), ("15/12/2025".into(), "14/03/2026".into()));
        assert_eq!(q1.label(), "Quý I năm 2026");
        assert!(q1.contains_month("2026-03") && !q1.contains_month("2025-12"));
        let y = Period::parse("2026", 15).unwrap();
        assert_eq!(dates(y), ("15/12/2025".into(), "14/12/2026".into()));
        assert_eq!(
            dates(Period::parse("2026-6M", 15).unwrap()),
            ("15/12/2025".into(), "14/06/2026".into())
        );
        assert_eq!(
            dates(Period::parse("2026-Q3", 15).unwrap()),
            ("15/06/2026".into(), "14/09/2026".into())
        );
    }

    #[test]
    fn day_one_gives_calendar_periods() {
        let q1 = Period::parse("2026-Q1", 1).unwrap();
        assert_eq!(dates(q1), ("01/01/2026".into(), "31/03/2026".into()));
        assert_eq!(
            Period::parse("2026-9M", 1).unwrap().last.to_string(),
            "2026-09-30"
        );
        assert_eq!(Period::parse("2028", 1).unwrap().label(), "Năm 2028");
    }

    #[test]
    fn bad_periods_are_refused() {
        assert!(Period::parse("2026-Q5", 15).is_err());
        assert!(Period::parse("nam", 15).is_err());
    }

    #[test]
    fn days_fall_in_the_right_year_and_quarter() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(Period::year_of(d("2026-12-14"), 15), 2026);
        assert_eq!(Period::year_of(d("2026-12-15"), 15), 2027);
        assert_eq!(Period::year_of(d("2026-12-31"), 1), 2026);
        assert_eq!(Period::quarter_of(d("2026-03-14"), 15), (2026, 1));
        assert_eq!(Period::quarter_of(d("2026-03-15"), 15), (2026, 2));
        assert_eq!(Period::quarter_of(d("2025-12-20"), 15), (2026, 1));
        assert_eq!(Period::quarter_of(d("2026-03-31"), 1), (2026, 1));
    }
}
