//! Static pages (giới thiệu, liên hệ, ...): `content/pages/*.md`.

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
    draft: bool,
    slug: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub title: String,
    pub slug: String,
    pub url: String,
    pub summary: Option<String>,
    pub order: i32,
    pub menu: bool,
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
    c.finish()?;
    Ok(Page {
        title: raw.title.trim().to_string(),
        url: super::kinds::PAGE.item_url(&slug),
        slug,
        summary: opt(raw.summary),
        order: raw.order,
        menu: raw.menu,
        draft: raw.draft,
        body_html: markdown::render(&src.body, config.allow_raw_html),
        source: src.path.clone(),
    })
}
