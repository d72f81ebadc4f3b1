//! Field checks shared by the content kinds: required text, dates, slugs.
//!
//! A [`Check`] collects every problem of one file, so an editor sees all of
//! them at once; the kind's resolver asks it for values and calls
//! [`Check::finish`] at the end.

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;

use super::dates;
use super::kinds::KindSpec;
use super::source::Source;
use crate::error::Diagnostic;
use crate::messages::{self, Staff};
use crate::slug::slugify;

/// The longest title accepted, in characters: a heading of two or three
/// lines on a phone.
pub const TITLE_MAX: usize = 250;

/// The checks of one content file's fields, collecting every problem
/// (with its line) instead of stopping at the first.
pub struct Check<'a> {
    /// The file being checked.
    pub src: &'a Source,
    /// The kind's description: labels for the messages.
    pub spec: &'static KindSpec,
    /// What was found so far.
    pub problems: Vec<Diagnostic>,
}

impl<'a> Check<'a> {
    fn new(src: &'a Source, spec: &'static KindSpec) -> Self {
        Check {
            src,
            spec,
            problems: Vec::new(),
        }
    }

    /// Reads `src`'s header into a kind's raw struct, accepting the field
    /// names of the kind's description, and starts checking it.
    pub fn parse<T: serde::de::DeserializeOwned>(
        src: &'a Source,
        spec: &'static KindSpec,
    ) -> Result<(T, Check<'a>), Vec<Diagnostic>> {
        let raw = src.parse(&spec.names()).map_err(|d| vec![d])?;
        Ok((raw, Check::new(src, spec)))
    }

    /// Records an error located at `key`'s line: the English `message` and
    /// `hint` for the CLI, and what staff read.
    pub fn fail(
        &mut self,
        key: &str,
        message: impl Into<String>,
        hint: impl Into<String>,
        staff: Staff,
    ) {
        let d = self.src.error_at(key, message).hint(hint).staff(staff);
        self.problems.push(d);
    }

    /// The field's label for staff ("Tiêu đề"); the key for a field the
    /// kind does not describe.
    pub fn staff_label(&self, key: &str) -> &'static str {
        self.spec.field(key).map_or("(không rõ)", |f| f.label)
    }

    /// The field's label for staff ("Tiêu đề (`title`)"), from the kind's
    /// description; the bare key for a field it does not describe.
    pub fn label(&self, key: &str) -> String {
        match self.spec.field(key) {
            Some(f) => format!("{} (`{key}`)", f.label),
            None => format!("`{key}`"),
        }
    }

    /// A required text field must not be blank; the kind's title (which
    /// becomes the page's heading) must not run over [`TITLE_MAX`]
    /// characters either.
    pub fn required(&mut self, key: &str, value: &str) {
        let count = value.trim().chars().count();
        if key == self.spec.title && count > TITLE_MAX {
            let staff = messages::too_long(self.staff_label(key), count, TITLE_MAX);
            self.fail(
                key,
                format!("`{key}` is {count} characters long, more than {TITLE_MAX}"),
                "shorten it; put the details in the body",
                staff,
            );
        }
        if value.trim().is_empty() {
            let label = self.label(key);
            let staff = messages::required(self.staff_label(key));
            self.fail(
                key,
                format!("`{key}` is empty"),
                format!("write {label}; it is required"),
                staff,
            );
        }
    }

    /// A required list must have at least one non-blank entry.
    pub fn required_list(&mut self, key: &str, values: &[String]) {
        if values.iter().all(|v| v.trim().is_empty()) {
            let staff = messages::required_list(self.staff_label(key));
            self.fail(
                key,
                format!("`{key}` has no entries"),
                format!(
                    "{}: list at least one entry under `{key}:`, one per line starting with `- `",
                    self.label(key)
                ),
                staff,
            );
        }
    }

    /// The date (with an optional time) of field `key`, read in `tz`; a
    /// problem at its line when it is not one.
    pub fn datetime(&mut self, key: &str, value: &str, tz: Tz) -> Option<DateTime<Tz>> {
        dates::parse_datetime(value, tz)
            .map_err(|e| {
                let staff = messages::bad_date(self.staff_label(key), value, true);
                self.fail(
                    key,
                    e,
                    "write the date as YYYY-MM-DD, optionally with a time HH:MM",
                    staff,
                )
            })
            .ok()
    }

    /// The calendar date of field `key`; a problem at its line when it is
    /// not one.
    pub fn date(&mut self, key: &str, value: &str) -> Option<NaiveDate> {
        dates::parse_date(value)
            .map_err(|e| {
                let staff = messages::bad_date(self.staff_label(key), value, false);
                self.fail(key, e, "write the date as YYYY-MM-DD", staff)
            })
            .ok()
    }

    /// [`Check::date`] of a field that may be left out.
    pub fn optional_date(&mut self, key: &str, value: Option<&String>) -> Option<NaiveDate> {
        value
            .filter(|v| !v.trim().is_empty())
            .and_then(|v| self.date(key, v))
    }

    /// An optional web address must start with `https://` or `http://`.
    pub fn web_address(&mut self, key: &str, value: Option<&str>, hint: &str) {
        let Some(url) = value.map(str::trim).filter(|u| !u.is_empty()) else {
            return;
        };
        if !url.starts_with("https://") && !url.starts_with("http://") {
            let staff = messages::bad_web_address(self.staff_label(key), url);
            self.fail(
                key,
                format!("`{key}` `{url}` is not a web address"),
                hint,
                staff,
            );
        }
    }

    /// The URL slug: the `slug` field when given, otherwise the file name.
    pub fn slug(&mut self, explicit: Option<&str>) -> String {
        let stem = self
            .src
            .path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        let wanted = explicit.unwrap_or(stem);
        let slug = slugify(wanted);
        if slug.is_empty() {
            let label = if explicit.is_some() {
                "Địa chỉ trang"
            } else {
                self.staff_label(self.spec.title)
            };
            self.fail(
                "slug",
                format!("cannot make a web address from `{wanted}`"),
                "give the file a name with letters or digits, or add a `slug:` field",
                messages::no_address(label),
            );
        }
        slug
    }

    /// Every problem found, or Ok when there was none.
    pub fn finish(self) -> Result<(), Vec<Diagnostic>> {
        if self.problems.iter().any(Diagnostic::is_error) {
            Err(self.problems)
        } else {
            Ok(())
        }
    }
}

/// Trims an optional text field, dropping it when blank.
pub fn opt(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}
