//! Static pages (giới thiệu, liên hệ, ...): `content/pages/*.md`, and
//! the English pages of `content/en/` (Decree 42/2022/NĐ-CP asks for the
//! organisation, functions and contacts in English), published under
//! `/en/` with `lang="en"` (`content/en/index.md` is `/en/`).

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::check::{opt, Check};
use super::source::Source;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::markdown;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    title: String,
    summary: Option<String>,
    #[serde(default)]
    order: i32,
    #[serde(default)]
    menu: bool,
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    draft: bool,
    slug: Option<String>,
}

/// The folder of English pages under `content/`.
pub const ENGLISH_FOLDER: &str = "en";

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The page's language: the site's, or `en` for `content/en/`.
    pub lang: String,
    pub title: String,
    pub slug: String,
    pub url: String,
    pub summary: Option<String>,
    pub order: i32,
    pub menu: bool,
    /// Files published beside the page and listed under it.
    pub files: Vec<super::document::Attachment>,
    #[serde(skip)]
    pub draft: bool,
    #[serde(skip)]
    pub body_html: String,
    #[serde(skip)]
    pub source: PathBuf,
}

pub fn resolve(src: &Source, config: &Config) -> Result<Page, Vec<Diagnostic>> {
    let (raw, mut c): (Raw, _) = Check::parse(src, &super::kinds::PAGE)?;
    c.required("title", &raw.title);
    let slug = c.slug(raw.slug.as_deref());
    let english = src
        .path
        .starts_with(std::path::Path::new("content").join(ENGLISH_FOLDER));
    let url = match (english, slug.as_str()) {
        (true, "index") => format!("/{ENGLISH_FOLDER}/"),
        (true, s) => format!("/{ENGLISH_FOLDER}/{s}/"),
        (false, _) => super::kinds::PAGE.item_url(&slug),
    };
    let files = super::document::attachments(&mut c, config, &raw.files, &url);
    c.finish()?;
    Ok(Page {
        lang: if english {
            "en".into()
        } else {
            config.language.clone()
        },
        title: raw.title.trim().to_string(),
        url,
        slug,
        summary: opt(raw.summary),
        order: raw.order,
        menu: raw.menu,
        files,
        draft: raw.draft,
        body_html: markdown::render(&src.body, config.allow_raw_html),
        source: src.path.clone(),
    })
}
