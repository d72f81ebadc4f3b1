//! `site.yaml`: what serde reads ([`RawConfig`]) and what the build uses
//! ([`Config`]: parsed time zone, normalised base URL, categories in order).
//!
//! Unknown keys are an error, with the nearest known key suggested, so a typo
//! in `site.yaml` never silently falls back to a default.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use chrono_tz::Tz;
use indexmap::IndexMap;
use serde::Deserialize;

use crate::error::{Diagnostic, Diagnostics};

/// The file name of a site's configuration, at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// Keys accepted at the top level of `site.yaml` (for suggestions).
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "theme",
    "targets",
    "categories",
    "feedback_due_working_days",
    "holidays",
    "paginate_by",
    "allow_raw_html",
    "contact",
    "national_portal_url",
    "area",
    "reporting",
    "procedure_catalogue",
    "tracker",
    "feedback_channels",
    "procedure_review_days",
    "sample_content",
    "consultation_portal_url",
    "units",
    "law_portal_url",
    "feedback_due_basis",
    "access_to_information",
    "procedure_catalogue_decision",
    "desk",
];

/// `site.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    /// The site's name, shown in every page title.
    pub title: String,
    /// One sentence about the site, for the home page and search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// Absolute URL the site is served from, used for canonical links and feeds.
    pub base_url: String,
    /// The content language; `vi` for the department's portal.
    #[serde(default = "default_language")]
    pub language: String,
    /// IANA time zone; dates without an offset are in this zone.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// Theme folder name under `themes/`; the embedded default is `default`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Publication targets the tracker checks.
    #[serde(default)]
    pub targets: Targets,
    /// News categories, key: Vietnamese label, in menu order.
    #[serde(default)]
    pub categories: Option<IndexMap<String, String>>,
    /// Working days a feedback item may take when it has no `due` date.
    #[serde(default = "default_feedback_days")]
    pub feedback_due_working_days: u32,
    /// Public holidays (YYYY-MM-DD) skipped when counting working days.
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Items per page on index pages.
    #[serde(default = "default_paginate_by")]
    pub paginate_by: usize,
    /// Whether staff Markdown may contain raw HTML (citizen text never may).
    #[serde(default)]
    pub allow_raw_html: bool,
    /// Contact details shown in the footer and on the contact page.
    #[serde(default)]
    pub contact: Contact,
    /// The national public-service portal, linked from procedure pages.
    #[serde(default = "default_portal")]
    pub national_portal_url: String,
    /// The area the agency serves (schema.org `areaServed`), e.g. "Tỉnh Lạng Sơn".
    #[serde(default)]
    pub area: Option<String>,
    /// How periodic reports cut their data.
    #[serde(default)]
    pub reporting: Reporting,
    /// A CSV file (relative to the site root) with the province's announced
    /// list of procedures: header with at least `code,name`.
    #[serde(default)]
    pub procedure_catalogue: Option<String>,
    /// What the public tracker shows.
    #[serde(default)]
    pub tracker: TrackerOptions,
    /// How citizens send feedback, shown on every feedback page.
    #[serde(default)]
    pub feedback_channels: FeedbackChannels,
    /// Days after which a procedure's `last_verified` is too old (a warning).
    #[serde(default = "default_review_days")]
    pub procedure_review_days: u32,
    /// The site carries illustrative content: every page and feed says so.
    #[serde(default)]
    pub sample_content: bool,
    /// Where drafts are also open for comments online (the national or
    /// provincial portal), linked from every consultation.
    #[serde(default)]
    pub consultation_portal_url: Option<String>,
    /// The agency's own units (phòng, đơn vị thuộc Sở): plan tasks they or
    /// the agency lead are the agency's own; others' are shown with their
    /// lead, never counted as the agency's shortfall.
    #[serde(default)]
    pub units: Vec<String>,
    /// Cổng Pháp luật quốc gia (seed 004 §4.1: "Liên kết thực hiện có hiệu
    /// quả với Cổng Pháp luật Quốc gia"), linked from every legal document.
    #[serde(default)]
    pub law_portal_url: Option<String>,
    /// The legal basis of the feedback due date, shown beside the rule.
    #[serde(default)]
    pub feedback_due_basis: Option<String>,
    /// The decision that announced the catalogue of `procedure_catalogue`
    /// ("Quyết định số .../QĐ-UBND ngày ... của Chủ tịch UBND tỉnh"),
    /// shown on its page.
    #[serde(default)]
    pub procedure_catalogue_decision: Option<String>,
    /// The "Tiếp cận thông tin" section (Law 104/2016/QH13 art. 19, Decree
    /// 13/2018/NĐ-CP arts. 6 and 11).
    #[serde(default)]
    pub access_to_information: AccessToInformation,
    /// The publishing server's rules (`congkhai desk`).
    #[serde(default)]
    pub desk: DeskRules,
}

/// The editorial rules of the publishing server (`desk:` in site.yaml).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeskRules {
    /// Whether an approver may approve a revision they wrote themselves
    /// (false: the Ban biên tập's second pair of eyes is required).
    pub self_approval: bool,
}

/// What `/tiep-can-thong-tin/` says beyond what the site lists itself.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct AccessToInformation {
    /// The unit that receives requests for information, with its address,
    /// phone and e-mail (đầu mối cung cấp thông tin).
    pub contact: Option<String>,
    /// Information published elsewhere than in the site's own sections.
    pub entries: Vec<InformationEntry>,
}

/// One row of the list of information the agency publishes.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct InformationEntry {
    /// What is published.
    pub what: String,
    /// Where (an address on this site or another).
    #[serde(rename = "where")]
    pub location: String,
    /// How often it is updated.
    pub frequency: String,
}

fn hundred() -> u32 {
    100
}

fn default_review_days() -> u32 {
    180
}

/// How a citizen sends a new feedback item (phản ánh, kiến nghị): shown as a
/// short list on the feedback index and every feedback page. The site has no
/// form of its own.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedbackChannels {
    /// The national system for feedback on administrative rules.
    pub national_url: Option<String>,
    /// The office's postal address for written feedback.
    pub address: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub hotline: Option<String>,
}

/// Data cut-off of periodic reports (Decree 09/2019/NĐ-CP art. 12): a
/// period runs from this day of the month before it to the day before this
/// day of its last month (15 → Q1 is 15/12 to 14/03). `1` gives calendar
/// periods.
#[derive(Debug, Clone, Copy, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reporting {
    pub period_start_day: u32,
}

impl Default for Reporting {
    fn default() -> Self {
        Reporting {
            period_start_day: 15,
        }
    }
}

/// What the public tracker shows.
#[derive(Debug, Clone, Copy, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrackerOptions {
    /// Show "cần thêm N tin, bài" for the month in progress on public pages
    /// too (by default only the preview, `report` and `check` show it).
    pub show_needed: bool,
}

/// Targets from the department's plans.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    /// News posts required each month ("mỗi tháng có từ 07 tin, bài trở lên").
    pub posts_per_month: u32,
    /// Guidance documents required each year ("trong năm có từ 60 văn bản").
    pub guidance_docs_per_year: u32,
    /// When set, only documents and plans of these agencies count as
    /// guidance (compared after NFC, ignoring case and repeated spaces); by
    /// default any issuer counts: a UBND tỉnh document on the department's
    /// fields guides its work too.
    pub guidance_issuers: Vec<String>,
    /// The kinds of document that guide or direct and so count (plans count
    /// as "Kế hoạch"); by default Hướng dẫn, Chỉ thị, Kế hoạch and a Công
    /// văn whose title says hướng dẫn or chỉ đạo. Any document marked
    /// `guidance: true` counts too, any marked `guidance: false` does not.
    pub guidance_kinds: Option<Vec<String>>,
    /// The first calendar year judged against the yearly target; by default
    /// the first year the content covers from January. Earlier years are
    /// listed with no verdict.
    pub since: Option<i32>,
    /// The share of feedback to be handled on time, in percent (seed 000's
    /// appendix: 100).
    #[serde(default = "hundred")]
    pub feedback_on_time_percent: u32,
    /// The sentence that sets the targets and where it is, shown on the
    /// tracker ("Kế hoạch ... mục II.2.4: «mỗi tháng có từ 07 tin, bài trở
    /// lên; ...»").
    pub source: Option<String>,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            posts_per_month: 7,
            guidance_docs_per_year: 60,
            guidance_issuers: Vec::new(),
            guidance_kinds: None,
            since: None,
            source: None,
            feedback_on_time_percent: 100,
        }
    }
}

/// The agency's contact details.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Contact {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    /// The person responsible for the site's content (Decree 42/2022 art. 4).
    pub editor: Option<String>,
    /// The agency's contact officers: name, title, phone, e-mail.
    pub officers: Vec<Officer>,
}

/// A contact officer of the agency (Decree 42/2022/NĐ-CP art. 4(1)).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Officer {
    pub name: String,
    pub title: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

impl Contact {
    /// The contact items Decree 42/2022/NĐ-CP art. 4(1) requires that are
    /// not given, by their `site.yaml` names.
    pub fn missing(&self) -> Vec<&'static str> {
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|s| s.trim().is_empty());
        [
            ("contact.address", blank(&self.address)),
            ("contact.phone", blank(&self.phone)),
            ("contact.email", blank(&self.email)),
            ("contact.editor", blank(&self.editor)),
        ]
        .into_iter()
        .filter_map(|(name, missing)| missing.then_some(name))
        .collect()
    }
}

fn default_language() -> String {
    "vi".into()
}
fn default_timezone() -> String {
    "Asia/Ho_Chi_Minh".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_feedback_days() -> u32 {
    10
}
fn default_paginate_by() -> usize {
    20
}
fn default_portal() -> String {
    "https://dichvucong.gov.vn".into()
}

/// The built-in news categories, used when `site.yaml` lists none.
pub const DEFAULT_CATEGORIES: &[(&str, &str)] = &[
    ("hoat-dong", "Tin hoạt động"),
    ("chi-dao-dieu-hanh", "Chỉ đạo, điều hành"),
    ("pho-bien-phap-luat", "Phổ biến, giáo dục pháp luật"),
    ("cai-cach-hanh-chinh", "Cải cách hành chính"),
];

/// The configuration the build uses.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Without a trailing slash.
    pub base_url: String,
    pub language: String,
    pub timezone: Tz,
    pub theme: String,
    pub targets: Targets,
    pub categories: IndexMap<String, String>,
    pub feedback_due_working_days: u32,
    pub holidays: Vec<NaiveDate>,
    pub paginate_by: usize,
    pub allow_raw_html: bool,
    pub contact: Contact,
    pub national_portal_url: String,
    pub area: Option<String>,
    pub reporting: Reporting,
    pub procedure_catalogue: Option<PathBuf>,
    pub tracker: TrackerOptions,
    pub feedback_channels: FeedbackChannels,
    pub procedure_review_days: u32,
    pub sample_content: bool,
    pub consultation_portal_url: Option<String>,
    /// The agency's own units (`units:`).
    pub units: Vec<String>,
    pub law_portal_url: Option<String>,
    pub feedback_due_basis: Option<String>,
    pub access_to_information: AccessToInformation,
    pub procedure_catalogue_decision: Option<String>,
    pub desk: DeskRules,
    /// The site root folder.
    pub root: PathBuf,
}

impl Config {
    /// The date today in the site's time zone.
    pub fn today(&self) -> NaiveDate {
        chrono::Utc::now()
            .with_timezone(&self.timezone)
            .date_naive()
    }
    /// Whether a plan task's lead is the agency itself or one of its units:
    /// the title or a listed unit (case, diacritics and spacing ignored),
    /// or a phrase naming the agency's own units ("các phòng, đơn vị thuộc
    /// Sở", "các đơn vị sự nghiệp trực thuộc Sở").
    pub fn is_own_unit(&self, lead: &str) -> bool {
        let fold = |s: &str| crate::slug::slugify(s);
        let lead_folded = fold(lead);
        if lead_folded.is_empty() {
            return false;
        }
        let own = std::iter::once(self.title.as_str())
            .chain(self.agency_short())
            .chain(self.units.iter().map(String::as_str));
        if own.map(fold).any(|u| u == lead_folded) {
            return true;
        }
        ["thuoc-so", "truc-thuoc-so", "cua-so"]
            .iter()
            .any(|m| lead_folded.ends_with(m) || lead_folded.contains(&format!("{m}-")))
    }

    /// The agency's name without its province ("Sở Tư pháp" of "Sở Tư pháp
    /// tỉnh Lạng Sơn"), as plans often write it.
    fn agency_short(&self) -> Option<&str> {
        self.title
            .split(" tỉnh ")
            .next()
            .filter(|s| s.len() < self.title.len())
    }
}

impl Config {
    /// Reads and resolves `ROOT/site.yaml`.
    pub fn from_disk(root: &Path) -> Result<Config, Diagnostics> {
        let path = root.join(CONFIG_FILE);
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let hint = if e.kind() == std::io::ErrorKind::NotFound {
                "run congkhai from the site's folder, pass --root DIR, or create a site with `congkhai init DIR`"
            } else {
                "check that the file is readable UTF-8 text"
            };
            Diagnostics(vec![Diagnostic::error(CONFIG_FILE, format!("cannot read the site configuration: {e}")).hint(hint)])
        })?;
        Config::parse(&text, root)
    }

    /// Parses `site.yaml` text; `root` is recorded for later path lookups.
    pub fn parse(text: &str, root: &Path) -> Result<Config, Diagnostics> {
        let file = Path::new(CONFIG_FILE);
        let raw: RawConfig =
            crate::yaml::parse(text, file, 1, KNOWN_KEYS).map_err(|d| Diagnostics(vec![d]))?;
        Config::resolve(raw, root)
    }

    fn resolve(raw: RawConfig, root: &Path) -> Result<Config, Diagnostics> {
        let file = Path::new(CONFIG_FILE);
        let mut problems = Diagnostics::default();
        let timezone = raw.timezone.parse::<Tz>().unwrap_or_else(|_| {
            problems.push(
                Diagnostic::error(file, format!("unknown time zone `{}`", raw.timezone))
                    .hint("use an IANA name such as Asia/Ho_Chi_Minh"),
            );
            Tz::Asia__Ho_Chi_Minh
        });
        if !(raw.base_url.starts_with("https://") || raw.base_url.starts_with("http://")) {
            problems.push(
                Diagnostic::error(
                    file,
                    format!("base_url `{}` is not an absolute URL", raw.base_url),
                )
                .hint("write the full address, e.g. https://sotuphap.langson.gov.vn"),
            );
        } else if let Some(bad) = raw
            .base_url
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || "\"'<>&\\`{}|^".contains(*c))
        {
            // Such a character would break every feed, the sitemap and
            // every canonical link, or smuggle markup into them.
            problems.push(
                Diagnostic::error(
                    file,
                    format!(
                        "base_url `{}` holds `{}`, which a web address cannot hold",
                        raw.base_url.escape_debug(),
                        bad.escape_debug()
                    ),
                )
                .hint("write only the site's address, e.g. https://sotuphap.langson.gov.vn"),
            );
        }
        if !(1..=28).contains(&raw.reporting.period_start_day) {
            problems.push(
                Diagnostic::error(
                    file,
                    format!(
                        "reporting.period_start_day is {}: it must be a day from 1 to 28",
                        raw.reporting.period_start_day
                    ),
                )
                .hint("write 15 for the cut-off of Decree 09/2019/NĐ-CP art. 12, or 1 for calendar periods"),
            );
        }
        if let Some(url) = &raw.feedback_channels.national_url {
            if !url.starts_with("https://") && !url.starts_with("http://") {
                problems.push(
                    Diagnostic::error(
                        file,
                        format!("feedback_channels.national_url `{url}` is not a web address"),
                    )
                    .hint("write the full address, starting with https://"),
                );
            }
        }
        if raw.paginate_by == 0 {
            problems.push(Diagnostic::error(file, "paginate_by must be at least 1"));
        }
        let holidays = raw
            .holidays
            .iter()
            .filter_map(|h| match NaiveDate::parse_from_str(h, "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    problems.push(
                        Diagnostic::error(file, format!("holiday `{h}` is not a date"))
                            .hint("write holidays as YYYY-MM-DD"),
                    );
                    None
                }
            })
            .collect();
        let categories = raw.categories.unwrap_or_else(|| {
            DEFAULT_CATEGORIES
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        });
        for key in categories.keys() {
            if crate::slug::slugify(key) != *key {
                problems.push(
                    Diagnostic::error(file, format!("category key `{key}` is not a slug")).hint(
                        format!(
                            "use lowercase ASCII with dashes, e.g. `{}`",
                            crate::slug::slugify(key)
                        ),
                    ),
                );
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(Config {
            title: raw.title,
            description: raw.description.unwrap_or_default(),
            base_url: raw.base_url.trim_end_matches('/').to_string(),
            language: raw.language,
            timezone,
            theme: raw.theme,
            targets: raw.targets,
            categories,
            feedback_due_working_days: raw.feedback_due_working_days,
            holidays,
            paginate_by: raw.paginate_by,
            allow_raw_html: raw.allow_raw_html,
            contact: raw.contact,
            national_portal_url: raw.national_portal_url,
            area: raw.area,
            reporting: raw.reporting,
            procedure_catalogue: raw.procedure_catalogue.map(PathBuf::from),
            tracker: raw.tracker,
            feedback_channels: raw.feedback_channels,
            procedure_review_days: raw.procedure_review_days,
            sample_content: raw.sample_content,
            consultation_portal_url: raw.consultation_portal_url,
            units: raw.units,
            law_portal_url: raw.law_portal_url,
            feedback_due_basis: raw.feedback_due_basis,
            access_to_information: raw.access_to_information,
            procedure_catalogue_decision: raw.procedure_catalogue_decision,
            desk: raw.desk,
            root: root.to_path_buf(),
        })
    }

    /// A minimal valid configuration, for tests.
    pub fn default_for_test() -> Config {
        Config::parse(
            "title: Test\nbase_url: https://example.gov.vn\n",
            Path::new("."),
        )
        .expect("test config parses")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply() {
        let c = Config::default_for_test();
        assert_eq!(c.targets.posts_per_month, 7);
        assert_eq!(c.targets.guidance_docs_per_year, 60);
        assert!(c.categories.contains_key("pho-bien-phap-luat"));
        assert_eq!(c.timezone, Tz::Asia__Ho_Chi_Minh);
    }

    #[test]
    fn unknown_key_is_an_error_with_suggestion() {
        let err = Config::parse(
            "title: T\nbase_url: https://x.vn\ntimezon: UTC\n",
            Path::new("."),
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("unknown field `timezon`"), "{text}");
        assert!(text.contains("did you mean `timezone`"), "{text}");
        assert_eq!(err.0[0].line, Some(3));
    }
}
