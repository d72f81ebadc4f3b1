//! Checks that catch the office's real slips, as warnings (`check` shows
//! them, `build` prints them and still publishes):
//!
//! - a document, plan or feedback answer dated on a Saturday, a Sunday or
//!   a holiday listed in `site.yaml` (offices do not sign on those days: the
//!   date is most likely mistyped);
//! - a plan number still holding the blank of a draft ("…", "...");
//! - a news post linking to a plan dated after the post;
//! - a procedure whose `last_verified` is older than
//!   `procedure_review_days` (default 180);
//! - a consultation closed without the summary of comments (`result:`).

use std::collections::HashMap;
use std::path::Path;

use chrono::{Datelike, NaiveDate, Weekday};

use crate::config::Config;
use crate::content::consultation::{Consultation, Status};
use crate::content::dates::vn_date;
use crate::content::{
    document::Document, feedback::Feedback, news::News, plan::Plan, procedure::Procedure,
};
use crate::error::Diagnostic;

/// The published items the checks look at.
pub struct Items<'a> {
    /// Published posts.
    pub news: &'a [std::sync::Arc<News>],
    /// Published documents.
    pub documents: &'a [Document],
    /// Published plans.
    pub plans: &'a [Plan],
    /// Procedures.
    pub procedures: &'a [Procedure],
    /// All feedback.
    pub feedback: &'a [Feedback],
    /// Published consultations.
    pub consultations: &'a [Consultation],
}

/// Every slip found, as warnings located at the field's line.
pub fn slips(config: &Config, today: NaiveDate, items: &Items<'_>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let day_off = |d: NaiveDate| day_off(d, &config.holidays);
    for d in items.documents {
        if let Some(why) = day_off(d.date) {
            found.push(dated_off(config, &d.source, "date", d.date, why));
        }
    }
    for p in items.plans {
        let exact = p.precision == crate::content::plan::Precision::Day;
        if let Some(why) = day_off(p.date).filter(|_| exact) {
            found.push(dated_off(config, &p.source, "date", p.date, why));
        }
        if p.number.contains('…') || p.number.contains("...") {
            found.push(
                at(config, &p.source, "number", Diagnostic::warning(
                    &p.source,
                    format!("the plan number `{}` still has the blank of the draft", p.number),
                ))
                .hint("write the number the plan was issued with (e.g. 25/KH-STP); if it is unknown, leave `number:` empty so the page says \"(chưa có số)\""),
            );
        }
    }
    for f in items.feedback.iter().filter(|f| f.is_answered()) {
        let answered = f.answered.expect("answered");
        if let Some(why) = day_off(answered) {
            found.push(dated_off(config, &f.source, "answered", answered, why));
        }
    }
    for c in items
        .consultations
        .iter()
        .filter(|c| c.status == Status::Closed)
    {
        if c.result_html.is_none() {
            let d = Diagnostic::warning(
                &c.source,
                format!(
                    "comments closed on {}, but there is no `result:` yet",
                    c.closes_display
                ),
            )
            .hint(
                "add `result:` with the comments received and how the drafting unit took them in",
            );
            found.push(at(config, &c.source, "closes", d));
        }
    }
    found.extend(news_before_plans(config, items));
    found.extend(stale_procedures(config, today, items.procedures));
    found
}

/// Why `d` is not a working day, if it is not.
fn day_off(d: NaiveDate, holidays: &[NaiveDate]) -> Option<&'static str> {
    match d.weekday() {
        Weekday::Sat => Some("a Saturday"),
        Weekday::Sun => Some("a Sunday"),
        _ if holidays.contains(&d) => Some("a holiday listed in site.yaml"),
        _ => None,
    }
}

fn dated_off(config: &Config, source: &Path, key: &str, d: NaiveDate, why: &str) -> Diagnostic {
    let d = Diagnostic::warning(source, format!("`{key}` is {}, {why}", vn_date(d)))
        .hint("check the date on the signed document: offices do not sign on days off");
    at(config, source, key, d)
}

/// A news post that links to a plan dated after the post: the link or one
/// of the dates is wrong.
fn news_before_plans(config: &Config, items: &Items<'_>) -> Vec<Diagnostic> {
    let plans: HashMap<&str, &Plan> = items.plans.iter().map(|p| (p.url.as_str(), p)).collect();
    let mut found = Vec::new();
    if plans.is_empty() {
        return found;
    }
    // Run on every rebuild of the preview, over every post's body: one
    // searcher built once (a site of 10,000 posts is 35 MB of HTML).
    let prefix = format!("href=\"{}", crate::routes::PLANS.url);
    let finder = memchr::memmem::Finder::new(prefix.as_bytes());
    for n in items.news {
        for start in finder.find_iter(n.body_html.as_bytes()) {
            let link = &n.body_html[start + 6..];
            let link = &link[..link.find(['"', '#', '?']).unwrap_or(link.len())];
            let Some(plan) = plans.get(link) else {
                continue;
            };
            if plan.date > n.local_date() {
                let d = Diagnostic::warning(
                    &n.source,
                    format!(
                        "the post, dated {}, links to the plan {} issued later, on {}",
                        vn_date(n.local_date()),
                        plan.number,
                        plan.date_display
                    ),
                )
                .hint("check the post's date and the plan's date and link");
                found.push(at(config, &n.source, "date", d));
            }
        }
    }
    found
}

fn stale_procedures(
    config: &Config,
    today: NaiveDate,
    procedures: &[Procedure],
) -> Vec<Diagnostic> {
    let limit = i64::from(config.procedure_review_days);
    procedures
        .iter()
        .filter_map(|p| {
            let checked = p.last_verified_iso.as_deref()?;
            let checked = NaiveDate::parse_from_str(checked, "%Y-%m-%d").ok()?;
            let age = (today - checked).num_days();
            (age > limit).then(|| {
                let d = Diagnostic::warning(
                    &p.source,
                    format!(
                        "last verified {age} days ago ({}), more than {limit} days",
                        vn_date(checked)
                    ),
                )
                .hint("compare the procedure with the national database (csdl.dichvucong.gov.vn) and set `last_verified` to the day you did");
                at(config, &p.source, "last_verified", d)
            })
        })
        .collect()
}

/// Puts a diagnostic at the line of `key:` in the file, when it is there.
fn at(config: &Config, source: &Path, key: &str, d: Diagnostic) -> Diagnostic {
    let Ok(text) = std::fs::read_to_string(config.root.join(source)) else {
        return d;
    };
    let line = text.lines().position(|l| {
        l.strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    d.at_line(line.map(|i| i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekends_and_listed_holidays_are_days_off() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let holidays = [d("2026-09-02")];
        assert_eq!(day_off(d("2026-11-21"), &holidays), Some("a Saturday"));
        assert_eq!(day_off(d("2026-11-22"), &holidays), Some("a Sunday"));
        assert_eq!(
            day_off(d("2026-09-02"), &holidays),
            Some("a holiday listed in site.yaml")
        );
        assert_eq!(day_off(d("2026-11-23"), &holidays), None);
    }
}
