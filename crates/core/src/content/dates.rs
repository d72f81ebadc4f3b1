//! Dates in content: parsing, the site time zone, Vietnamese display.
//!
//! A date without an offset is in the site's time zone (`site.yaml`
//! `timezone`); one with an offset (`+07:00`, `Z`) is converted to it, so a
//! post written at 23:30 UTC on the 31st counts on the 1st in Hà Nội.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday};
use chrono_tz::Tz;

/// Parses a date or date-time. Accepted forms:
/// `2026-01-31`, `2026-01-31 08:30`, `2026-01-31T08:30:00`,
/// `2026-01-31T08:30:00+07:00`, `2026-01-31T01:30:00Z`, `31/01/2026` and
/// `31-01-2026`. The year must be within [`YEARS`].
pub fn parse_datetime(text: &str, tz: Tz) -> Result<DateTime<Tz>, String> {
    let dt = parse_any_datetime(text, tz)?;
    in_range(dt.date_naive())?;
    Ok(dt)
}

fn parse_any_datetime(text: &str, tz: Tz) -> Result<DateTime<Tz>, String> {
    let s = text.trim();
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return Ok(dt.with_timezone(&tz));
    }
    for fmt in [
        "%Y-%m-%d %H:%M:%S%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M%:z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(s, fmt) {
            return Ok(dt.with_timezone(&tz));
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%d/%m/%Y %H:%M",
        "%d-%m-%Y %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(s, fmt) {
            return local(naive, tz);
        }
    }
    let date = parse_date(s)?;
    local(date.and_time(NaiveTime::MIN), tz)
}

/// A date typed day first, as the desk shows dates (`1/12/2026`,
/// `01-12-2026`, with ` 08:30` after it, or a month `02/2026`), in the
/// form files are written in (`2026-12-01`, `2026-12-01 08:30`,
/// `2026-02`); None for anything else, which is kept as typed for the
/// loader to judge.
pub fn day_first_to_iso(text: &str) -> Option<String> {
    let s = text.trim();
    let (date, time) = match s.split_once(' ') {
        Some((d, t)) => (d, Some(t.trim())),
        None => (s, None),
    };
    let parts: Vec<&str> = date.split(['/', '-', '.']).collect();
    let num = |p: &str| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [d, m, y] if d.len() <= 2 && m.len() <= 2 && y.len() == 4 => {
            let day = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)?;
            let time = match time {
                None => String::new(),
                Some(t) => {
                    let t = NaiveTime::parse_from_str(t, "%H:%M")
                        .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
                        .or_else(|_| NaiveTime::parse_from_str(t, "%Hh%M"))
                        .ok()?;
                    format!(" {}", t.format("%H:%M"))
                }
            };
            Some(format!("{}{time}", day.format("%Y-%m-%d")))
        }
        [m, y] if time.is_none() && m.len() <= 2 && y.len() == 4 => {
            let day = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, 1)?;
            Some(day.format("%Y-%m").to_string())
        }
        _ => None,
    }
}

/// How the desk shows a date written in a file: day first (`01/12/2026`,
/// `01/12/2026 08:30`, `02/2026`); a text it cannot read is shown as it is.
pub fn to_day_first(text: &str) -> String {
    let s = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return vn_date(d);
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
        return dt.naive_local().format("%d/%m/%Y %H:%M").to_string();
    }
    for fmt in [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
    ] {
        if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
            return dt.format("%d/%m/%Y %H:%M").to_string();
        }
    }
    if let Some((y, m)) = s.split_once('-') {
        if y.len() == 4
            && m.len() <= 2
            && y.parse::<u32>().is_ok()
            && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m))
        {
            return format!("{m:0>2}/{y}");
        }
    }
    s.to_string()
}

/// The years a date in content may fall in. A year such as 0001 or 9999 is
/// a typing slip, and would make the tracker list every month in between.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// `d`, or an error when its year is outside [`YEARS`].
pub fn in_range(d: NaiveDate) -> Result<NaiveDate, String> {
    if YEARS.contains(&d.year()) {
        Ok(d)
    } else {
        Err(format!(
            "the year {} is outside {}–{}; check the date for a typing slip",
            d.year(),
            YEARS.start(),
            YEARS.end()
        ))
    }
}

/// Parses a calendar date: `2026-01-31` or Vietnamese style `31/01/2026`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let s = text.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return in_range(d);
    }
    // Day first, as Vietnamese write it: 31/01/2026, 1/12/2026, 01-12-2026.
    for fmt in ["%d/%m/%Y", "%d-%m-%Y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            if s.rsplit(['/', '-']).next().is_some_and(|y| y.len() == 4) {
                return in_range(d);
            }
        }
    }
    Err(explain_bad_date(s))
}

fn explain_bad_date(s: &str) -> String {
    let parts: Vec<&str> = s.split(['-', '/', 'T', ' ']).collect();
    let nums: Vec<u32> = parts
        .iter()
        .take(3)
        .filter_map(|p| p.parse().ok())
        .collect();
    if nums.len() == 3 {
        let day_first = s.contains('/') || parts.first().is_some_and(|p| p.len() <= 2);
        let (y, m, d) = if day_first {
            (nums[2], nums[1], nums[0])
        } else {
            (nums[0], nums[1], nums[2])
        };
        if (1..=12).contains(&m) {
            if let Some(days) = days_in_month(y as i32, m) {
                if d > days {
                    return format!("`{s}` is not a real date: month {m}/{y} has {days} days");
                }
            }
        } else {
            return format!("`{s}` is not a real date: there is no month {m}");
        }
    }
    format!("`{s}` is not a date; write YYYY-MM-DD (e.g. 2026-01-31) or DD/MM/YYYY")
}

/// Number of days in a month, or None for an invalid month.
pub fn days_in_month(year: i32, month: u32) -> Option<u32> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    Some((next - first).num_days() as u32)
}

fn local(naive: NaiveDateTime, tz: Tz) -> Result<DateTime<Tz>, String> {
    tz.from_local_datetime(&naive)
        .earliest()
        .ok_or_else(|| format!("`{naive}` does not exist in time zone {tz}"))
}

/// `31/01/2026`.
pub fn vn_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `tháng 01/2026`.
pub fn vn_month(year: i32, month: u32) -> String {
    format!("tháng {month:02}/{year}")
}

/// Whether a day is a working day (Monday to Friday, not a listed holiday).
pub fn is_working_day(d: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&d)
}

/// The date `n` working days after `start` (start itself not counted).
pub fn add_working_days(start: NaiveDate, n: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut d = start;
    let mut left = n;
    while left > 0 {
        d = d.succ_opt().expect("date in range");
        if is_working_day(d, holidays) {
            left -= 1;
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    const HCM: Tz = Tz::Asia__Ho_Chi_Minh;

    #[test]
    fn offset_dates_convert_to_site_zone() {
        let d = parse_datetime("2026-01-31T17:30:00Z", HCM).unwrap();
        assert_eq!(d.date_naive(), NaiveDate::from_ymd_opt(2026, 2, 1).unwrap());
        let d = parse_datetime("2026-01-31 23:30", HCM).unwrap();
        assert_eq!(
            d.date_naive(),
            NaiveDate::from_ymd_opt(2026, 1, 31).unwrap()
        );
    }

    #[test]
    fn impossible_dates_are_explained() {
        let e = parse_date("2026-02-30").unwrap_err();
        assert!(e.contains("has 28 days"), "{e}");
        assert!(parse_date("2028-02-29").is_ok());
        assert!(parse_date("29/02/2027").unwrap_err().contains("28 days"));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let fri = NaiveDate::from_ymd_opt(2026, 4, 24).unwrap();
        let hol = [NaiveDate::from_ymd_opt(2026, 4, 30).unwrap()];
        // Mon 27, Tue 28, Wed 29, (Thu 30 holiday), Fri 1 May
        assert_eq!(
            add_working_days(fri, 4, &hol),
            NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
        );
    }

    #[test]
    fn day_first_dates_are_written_year_first_and_shown_day_first() {
        assert_eq!(day_first_to_iso("1/12/2026").as_deref(), Some("2026-12-01"));
        assert_eq!(
            day_first_to_iso("01-12-2026").as_deref(),
            Some("2026-12-01")
        );
        assert_eq!(
            day_first_to_iso("20/12/2026 8:00").as_deref(),
            Some("2026-12-20 08:00")
        );
        assert_eq!(day_first_to_iso("02/2026").as_deref(), Some("2026-02"));
        assert_eq!(day_first_to_iso("31/02/2026"), None);
        assert_eq!(day_first_to_iso("2026-12-01"), None);
        assert_eq!(to_day_first("2026-12-01"), "01/12/2026");
        assert_eq!(
            to_day_first("2026-11-18T10:15:00+07:00"),
            "18/11/2026 10:15"
        );
        assert_eq!(to_day_first("2026-11-18 10:15"), "18/11/2026 10:15");
        assert_eq!(to_day_first("2026-02"), "02/2026");
        assert_eq!(to_day_first("2026"), "2026");
    }

    #[test]
    fn day_first_dates_and_sane_years() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(parse_date("1/12/2026"), Ok(d));
        assert_eq!(parse_date("01-12-2026"), Ok(d));
        assert!(parse_date("0001-01-01").unwrap_err().contains("1900"));
        assert!(parse_date("9999-12-31").is_err());
        assert!(parse_datetime("0001-01-01 08:00", Tz::Asia__Ho_Chi_Minh).is_err());
        assert!(parse_date("31-02-2026")
            .unwrap_err()
            .contains("month 2/2026"));
    }
}
