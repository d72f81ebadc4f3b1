//! The build pipeline: config → content → site model → render → output.
//!
//! [`build`] runs every stage and returns what it wrote, or every problem
//! that stopped it. Pages are rendered and written in parallel into a
//! staging folder, which replaces the output only at the very end.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::content;
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{self, Staging};
use crate::render::pages::{jobs, Shared};
use crate::render::Renderer;
use crate::site::tracker::Tracker;
use crate::site::{BuildOptions, Site};
use crate::theme::Theme;

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildConfig {
    pub root: PathBuf,
    /// Defaults to `ROOT/public`.
    pub output: Option<PathBuf>,
    /// "Today" for scheduled posts and the tracker; defaults to the current
    /// date in the site's time zone.
    pub today: Option<NaiveDate>,
    pub include_drafts: bool,
}

/// What a build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    /// Pages written per section ("tin-tuc", "van-ban", ...; "" for root pages).
    pub pages: BTreeMap<String, usize>,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub today: NaiveDate,
}

impl BuildReport {
    pub fn page_count(&self) -> usize {
        self.pages.values().sum()
    }
}

/// The date today in the site's time zone.
pub fn today_in(config: &Config) -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&config.timezone)
        .date_naive()
}

/// Loads, checks and models the site without writing anything.
pub fn load_site(
    root: &Path,
    today: Option<NaiveDate>,
    include_drafts: bool,
) -> Result<Site, Diagnostics> {
    let config = Config::from_disk(root)?;
    let today = today.unwrap_or_else(|| today_in(&config));
    let content = content::load(&config)?;
    Site::new(
        content,
        config,
        BuildOptions {
            today,
            include_drafts,
        },
    )
}

/// Builds the site into its output folder.
pub fn build(cfg: &BuildConfig) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    let output = cfg
        .output
        .clone()
        .unwrap_or_else(|| cfg.root.join("public"));
    check_output_location(&cfg.root, &output)?;
    let site = load_site(&cfg.root, cfg.today, cfg.include_drafts)?;
    let theme = Theme::load(&site.config)?;
    let tracker = Tracker::compute(&site);
    let renderer = Renderer::new(&theme, &site, &tracker)?;
    let staging = Staging::create(&output)
        .map_err(|e| io_error(&output, "cannot create the output folder", e))?;
    let written = write_pages(&site, &tracker, &renderer, &staging)?;
    let mut files: HashSet<PathBuf> = written.iter().map(|(rel, _, _)| rel.clone()).collect();
    files.extend(write_assets(&site, &theme, &staging)?);
    let mut warnings = site.warnings.clone();
    warnings.extend(broken_links(&written, &files));
    let mut pages: BTreeMap<String, usize> = BTreeMap::new();
    for (rel, _, _) in &written {
        let section = rel
            .components()
            .next()
            .filter(|_| rel.components().count() > 1);
        let key = section
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .unwrap_or_default();
        *pages.entry(key).or_default() += 1;
    }
    staging
        .commit()
        .map_err(|e| io_error(&output, "cannot replace the output folder", e))?;
    Ok(BuildReport {
        output,
        pages,
        files: files.len(),
        warnings,
        elapsed: started.elapsed(),
        today: site.today,
    })
}

type Written = (PathBuf, String, Vec<String>);

/// Renders and writes every page; returns (file, url, internal links).
fn write_pages(
    site: &Site,
    tracker: &Tracker,
    renderer: &Renderer,
    staging: &Staging,
) -> Result<Vec<Written>, Diagnostics> {
    let shared = Shared::new(site, tracker);
    let all_news: Vec<&content::news::News> = site.news.iter().collect();
    let jobs = jobs(&shared, &all_news);
    let results: Vec<Result<Written, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let p = job.prepare(&shared);
            let html = renderer.render(&site.config, p.template, &p.context)?;
            staging
                .write(&p.url, html.as_bytes())
                .map_err(|e| Diagnostic::error(&p.url, format!("cannot write the page: {e}")))?;
            let links = output::internal_links(&html)
                .into_iter()
                .map(str::to_string)
                .collect();
            Ok((
                output::url_to_file(&p.url).expect("checked by write"),
                p.url,
                links,
            ))
        })
        .collect();
    let mut problems = Diagnostics::default();
    let mut written = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(w) => written.push(w),
            Err(d) => {
                if !problems
                    .0
                    .iter()
                    .any(|p| p.path == d.path && p.message == d.message)
                {
                    problems.push(d);
                }
            }
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(written)
}

/// Copies theme assets to `/assets/`, the site's `static/` to the root and
/// document attachments next to their pages; returns the files written.
fn write_assets(
    site: &Site,
    theme: &Theme,
    staging: &Staging,
) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut files = Vec::new();
    let fail = |path: &Path, e: std::io::Error| {
        Diagnostics(vec![Diagnostic::error(path, format!("cannot copy: {e}"))])
    };
    for (path, bytes) in &theme.assets {
        let url = format!("/assets/{path}");
        staging
            .write(&url, bytes)
            .map_err(|e| fail(Path::new(&url), e))?;
        files.push(output::url_to_file(&url).expect("theme paths are relative"));
    }
    let static_dir = site.config.root.join("static");
    for entry in walkdir::WalkDir::new(&static_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(&static_dir)
                .expect("under static");
            let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            let bytes = std::fs::read(entry.path()).map_err(|e| fail(entry.path(), e))?;
            staging
                .write(&url, &bytes)
                .map_err(|e| fail(entry.path(), e))?;
            files.push(
                output::url_to_file(&url)
                    .ok_or_else(|| fail(entry.path(), std::io::ErrorKind::InvalidInput.into()))?,
            );
        }
    }
    for a in site.documents.iter().filter_map(|d| d.attachment.as_ref()) {
        let bytes = std::fs::read(&a.disk_path).map_err(|e| fail(&a.disk_path, e))?;
        staging
            .write(&a.url, &bytes)
            .map_err(|e| fail(&a.disk_path, e))?;
        files.push(output::url_to_file(&a.url).expect("attachment URLs are slugs"));
    }
    Ok(files)
}

/// A warning for each internal link that points nowhere.
fn broken_links(written: &[Written], files: &HashSet<PathBuf>) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (_, url, links) in written {
        let mut seen = HashSet::new();
        for link in links.iter().filter(|l| !output::link_exists(l, files)) {
            if seen.insert(link) {
                warnings.push(
                    Diagnostic::warning(
                        url,
                        format!("links to {link}, which the site does not have"),
                    )
                    .hint("fix the link in the content or template that produces this page"),
                );
            }
        }
    }
    warnings
}

/// Refuses an output folder that would swallow the site itself.
fn check_output_location(root: &Path, output: &Path) -> Result<(), Diagnostics> {
    let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out) = (abs(root), abs(output));
    let protected = ["content", "themes", "static", "site.yaml"].map(|n| root.join(n));
    if root.starts_with(&out) || protected.iter().any(|p| out.starts_with(p)) {
        return Err(Diagnostics(vec![Diagnostic::error(
            output,
            "refusing to write the site over its own sources",
        )
        .hint(
            "choose an output folder outside content/, themes/ and static/, such as public/",
        )]));
    }
    Ok(())
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(path, format!("{what}: {e}"))
        .hint("check the folder's permissions and free disk space")])
}
