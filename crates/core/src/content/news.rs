//! News posts (tin, bài): `content/news/*.md`.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use chrono::{DateTime, NaiveDate};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::check::{opt, Check};
use super::dates::vn_date;
use super::source::Source;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: String,
    date: String,
    category: String,
    summary: Option<String>,
    author: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
}

/// A tag (từ khóa) with its page.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub url: String,
}

impl Tag {
    fn new(name: String) -> Option<Tag> {
        let slug = crate::slug::slugify(&name);
        (!slug.is_empty()).then(|| Tag {
            url: format!("{}{slug}/", crate::routes::news_tags()),
            name,
            slug,
        })
    }
}

/// A news post, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct News {
    pub title: String,
    pub slug: String,
    pub url: String,
    #[serde(skip)]
    pub date: DateTime<Tz>,
    /// dd/mm/yyyy in the site time zone.
    pub date_display: String,
    /// RFC 3339, for `<time datetime>` and feeds.
    pub date_iso: String,
    pub category: String,
    pub category_label: String,
    pub summary: String,
    /// Whether the page prints the summary as its lead: only a written
    /// summary that is not the body's first paragraph again.
    pub lead: bool,
    pub author: Option<String>,
    pub tags: Vec<Tag>,
    /// Files published beside the post and listed under it.
    pub files: Vec<super::document::Attachment>,
    #[serde(skip)]
    pub draft: bool,
    #[serde(skip)]
    pub body_html: String,
    #[serde(skip)]
    pub source: std::path::PathBuf,
}

impl News {
    /// The post's calendar date in the site time zone.
    pub fn local_date(&self) -> NaiveDate {
        self.date.date_naive()
    }
}

pub fn resolve(src: &Source, config: &Config) -> Result<News, Vec<Diagnostic>> {
    let (raw, mut c): (Raw, _) = Check::parse(src, &super::kinds::NEWS)?;
    c.required("title", &raw.title);
    let date = c.datetime("date", &raw.date, config.timezone);
    let category_label = match config.categories.get(raw.category.trim()) {
        Some(label) => label.clone(),
        None => {
            let keys: Vec<&str> = config.categories.keys().map(String::as_str).collect();
            let hint = match crate::yaml::nearest(raw.category.trim(), &keys) {
                Some(k) => format!("did you mean `{k}`? Categories: {}", keys.join(", ")),
                None => format!(
                    "use one of the categories in site.yaml: {}",
                    keys.join(", ")
                ),
            };
            let labels: Vec<&str> = config.categories.values().map(String::as_str).collect();
            let staff = crate::messages::not_a_choice("Chuyên mục", &raw.category, &labels);
            c.fail(
                "category",
                format!("unknown news category `{}`", raw.category),
                hint,
                staff,
            );
            String::new()
        }
    };
    let slug = c.slug(raw.slug.as_deref());
    let url = super::kinds::NEWS.item_url(&slug);
    let files = super::document::attachments(&mut c, config, &raw.files, &url);
    c.finish()?;
    let date = date.expect("checked above");
    let (body_html, first) =
        markdown::render_with_first_paragraph(&src.body, config.allow_raw_html);
    let written = opt(raw.summary);
    // The page prints a written summary as its lead, unless it is the
    // body's first paragraph again (or the start of it).
    // `first` has its spaces collapsed already (first_paragraph).
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let lead = written.as_deref().is_some_and(|w| {
        let w = fold(w);
        !first.starts_with(w.trim_end_matches(['…', '.'])) || w.is_empty()
    });
    let summary = written.unwrap_or_else(|| markdown::truncate_words(&first, 220));
    Ok(News {
        url,
        slug,
        date_display: vn_date(date.date_naive()),
        date_iso: date.to_rfc3339(),
        date,
        title: raw.title.trim().to_string(),
        category: raw.category.trim().to_string(),
        category_label,
        summary,
        lead,
        author: opt(raw.author),
        tags: raw
            .tags
            .into_iter()
            .filter_map(|t| opt(Some(t)))
            .filter_map(Tag::new)
            .collect(),
        files,
        draft: raw.draft,
        body_html,
        source: src.path.clone(),
    })
}
