//! Plan task deadlines as the plans write them, with their meaning:
//! "trước ngày 30/4/2025" is due at the end of 29/4/2025, "đến hết ngày
//! 15/6/2025" at the end of that day, "trong quý I năm 2026" at the end of
//! March, "trong tháng 5/2026" at the end of May, "trong năm 2026" at the end
//! of the year; "thường xuyên" and other phrases have no date; no deadline
//! at all is "Chưa nêu thời hạn". The text is shown as written; lateness is
//! computed from the meaning.

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use super::dates::{in_range, vn_date};

/// What kind of deadline a plan wrote.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    /// A date: due at the end of it ("30/4/2025", "đến hết ngày ...").
    On,
    /// "trước ngày X": due at the end of the day before X.
    Before,
    /// A month, a quarter or a year: due at its end.
    Period,
    /// "thường xuyên", "hằng năm": ongoing, never late.
    Ongoing,
    /// Another phrase ("theo kế hoạch"): no date to be late against.
    Phrase,
    /// The plan gives no deadline.
    Missing,
}

/// A task's deadline: as written, and the last day it is on time.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline {
    /// The last day the task is on time; None when it cannot be late.
    #[serde(skip)]
    pub date: Option<NaiveDate>,
    /// As the plan wrote it (a bare date in Vietnamese form).
    pub display: String,
    /// What kind of deadline the text states.
    pub kind: DeadlineKind,
}

impl Deadline {
    /// Reads a deadline; an error for a date that does not exist.
    pub fn parse(text: Option<&str>) -> Result<Deadline, String> {
        let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else {
            return Ok(Deadline {
                date: None,
                display: "Chưa nêu thời hạn".into(),
                kind: DeadlineKind::Missing,
            });
        };
        let lower = text.to_lowercase();
        let folded = deunicode::deunicode(&lower);
        let as_written = capitalise(text);
        // A bare date: shown the Vietnamese way.
        if let Some(d) = bare_date(text)? {
            return Ok(Deadline {
                date: Some(d),
                display: vn_date(d),
                kind: DeadlineKind::On,
            });
        }
        let found = |kind, date| Deadline {
            date: Some(date),
            display: as_written.clone(),
            kind,
        };
        if let Some(d) = date_in(text)? {
            return Ok(if folded.contains("truoc ngay") {
                found(DeadlineKind::Before, d - Days::new(1))
            } else {
                found(DeadlineKind::On, d)
            });
        }
        if let Some(d) = quarter_end(&folded) {
            return Ok(found(DeadlineKind::Period, d));
        }
        if let Some(d) = month_end(&folded) {
            return Ok(found(DeadlineKind::Period, d));
        }
        let ongoing = [
            "thuong xuyen",
            "hang nam",
            "hang thang",
            "hang quy",
            "dinh ky",
        ]
        .iter()
        .any(|w| folded.contains(w));
        if ongoing {
            return Ok(Deadline {
                date: None,
                display: as_written,
                kind: DeadlineKind::Ongoing,
            });
        }
        if let Some(d) = year_end(&folded) {
            return Ok(found(DeadlineKind::Period, d));
        }
        Ok(Deadline {
            date: None,
            display: as_written,
            kind: DeadlineKind::Phrase,
        })
    }

    /// Whether the deadline has passed on `today` (the due day is over).
    pub fn passed(&self, today: NaiveDate) -> bool {
        self.date.is_some_and(|d| d < today)
    }
}

/// The whole text as one date: `2026-04-30`, `30/4/2026`, `30-04-2026`.
fn bare_date(text: &str) -> Result<Option<NaiveDate>, String> {
    let looks = text.starts_with(|c: char| c.is_ascii_digit())
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == '/');
    if !looks {
        return Ok(None);
    }
    super::dates::parse_date(text).map(Some)
}

/// The first day/month/year date inside a phrase ("trước ngày 30/4/2025").
fn date_in(text: &str) -> Result<Option<NaiveDate>, String> {
    for word in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
        let word = word.trim_end_matches(['.', ')']);
        let parts: Vec<&str> = word.split('/').collect();
        if parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        {
            let (d, m, y) = (
                parts[0].parse::<u32>(),
                parts[1].parse::<u32>(),
                parts[2].parse::<i32>(),
            );
            if let (Ok(d), Ok(m), Ok(y)) = (d, m, y) {
                let date = NaiveDate::from_ymd_opt(y, m, d)
                    .ok_or_else(|| format!("`{word}` is not a real date"))?;
                return in_range(date).map(Some);
            }
        }
    }
    Ok(None)
}

/// "quý I năm 2026", "quý 2/2026", "quý III/2025": the quarter's last day.
fn quarter_end(folded: &str) -> Option<NaiveDate> {
    let rest = folded.split("quy ").nth(1)?;
    let mut words = rest.split([' ', '/']).filter(|w| !w.is_empty());
    let q = match words.next()?.trim_end_matches(',') {
        "i" | "1" => 1,
        "ii" | "2" => 2,
        "iii" | "3" => 3,
        "iv" | "4" => 4,
        _ => return None,
    };
    let year = words.find_map(|w| w.trim_end_matches([',', '.']).parse::<i32>().ok())?;
    let first_of_next = match q {
        4 => NaiveDate::from_ymd_opt(year + 1, 1, 1)?,
        q => NaiveDate::from_ymd_opt(year, q * 3 + 1, 1)?,
    };
    in_range(first_of_next.pred_opt()?).ok()
}

/// "tháng 5/2026", "tháng 5 năm 2026": the month's last day.
fn month_end(folded: &str) -> Option<NaiveDate> {
    let rest = folded.split("thang ").nth(1)?;
    let mut words = rest
        .split([' ', '/'])
        .filter(|w| !w.is_empty() && *w != "nam");
    let month = words.next()?.parse::<u32>().ok()?;
    let year = words
        .next()?
        .trim_end_matches([',', '.'])
        .parse::<i32>()
        .ok()?;
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    in_range(next.pred_opt()?).ok()
}

/// "năm 2026", "trong năm 2026": 31 December.
fn year_end(folded: &str) -> Option<NaiveDate> {
    let rest = folded.split("nam ").nth(1)?;
    let year = rest
        .split([' ', ',', '.', ';'])
        .next()?
        .parse::<i32>()
        .ok()?;
    let d = NaiveDate::from_ymd_opt(year, 12, 31)?;
    (d.year() == year)
        .then_some(d)
        .and_then(|d| in_range(d).ok())
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn parse(text: &str) -> Deadline {
        Deadline::parse(Some(text)).unwrap()
    }

    #[test]
    fn deadlines_as_the_plans_write_them() {
        let before = parse("trước ngày 30/4/2025");
        assert_eq!(
            (before.date, before.kind),
            (Some(d(2025, 4, 29)), DeadlineKind::Before)
        );
        assert_eq!(before.display, "Trước ngày 30/4/2025");
        assert_eq!(parse("đến hết ngày 15/6/2025").date, Some(d(2025, 6, 15)));
        assert_eq!(parse("trong quý I năm 2026").date, Some(d(2026, 3, 31)));
        assert_eq!(parse("quý IV/2025").date, Some(d(2025, 12, 31)));
        assert_eq!(parse("trong tháng 5/2026").date, Some(d(2026, 5, 31)));
        assert_eq!(parse("trong năm 2025").date, Some(d(2025, 12, 31)));
        assert_eq!(parse("2025-06-30").display, "30/06/2025");
        let ongoing = parse("thường xuyên trong năm 2026");
        assert_eq!((ongoing.date, ongoing.kind), (None, DeadlineKind::Ongoing));
        assert_eq!(parse("theo kế hoạch").kind, DeadlineKind::Phrase);
        let missing = Deadline::parse(None).unwrap();
        assert_eq!(
            (missing.display.as_str(), missing.kind),
            ("Chưa nêu thời hạn", DeadlineKind::Missing)
        );
    }

    #[test]
    fn before_a_day_is_late_on_that_day() {
        let t = parse("trước ngày 30/4/2025");
        assert!(!t.passed(d(2025, 4, 29)));
        assert!(t.passed(d(2025, 4, 30)));
        let on = parse("đến hết ngày 30/4/2025");
        assert!(!on.passed(d(2025, 4, 30)));
        assert!(on.passed(d(2025, 5, 1)));
    }

    #[test]
    fn impossible_dates_are_errors() {
        assert!(Deadline::parse(Some("trước ngày 31/4/2025")).is_err());
        assert!(Deadline::parse(Some("2025-02-30")).is_err());
    }
}
