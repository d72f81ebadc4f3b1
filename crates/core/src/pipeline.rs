//! One site, ready to render: its model, tracker, theme and compiled
//! templates, with every kind of file the site publishes. `build`, `check`
//! and the `serve` preview all render through a [`Pipeline`], so the
//! preview shows what a build publishes; they differ only in which pages
//! they render and where the bytes go (a [`Sink`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::confine::SiteRoot;
use crate::error::{Diagnostic, Diagnostics};
use crate::links::{self, LinkTable, PageLinks};
use crate::output::{data, feeds, search, sitemap, Generated, Sink};
use crate::render::pages::{jobs, Job, Shared};
use crate::render::Renderer;
use crate::site::tracker::Tracker;
use crate::site::Site;
use crate::theme::Theme;

/// A site with its tracker and compiled templates.
pub struct Pipeline {
    /// The site model.
    pub site: Site,
    /// The theme, its overrides applied.
    pub theme: Theme,
    /// The targets' figures.
    pub tracker: Tracker,
    renderer: Renderer,
}

/// What a page selection is asked: render this page?
pub type Wanted<'w> = &'w (dyn for<'a> Fn(&Job<'a>, &Shared<'a>) -> bool + Sync);

/// Gives a closure the signature [`Wanted`] needs (a closure with typed
/// arguments would get two unrelated lifetimes).
pub fn wanted<F>(f: F) -> F
where
    F: for<'a> Fn(&Job<'a>, &Shared<'a>) -> bool + Sync,
{
    f
}

impl Pipeline {
    /// Computes the tracker and compiles the templates for `site`.
    pub fn new(site: Site, theme: Theme) -> Result<Pipeline, Diagnostics> {
        let tracker = Tracker::compute(&site);
        let renderer = Renderer::new(&theme, &site, &tracker)?;
        Ok(Pipeline {
            site,
            theme,
            tracker,
            renderer,
        })
    }

    /// Renders the pages `wanted` selects (in parallel), writing them to
    /// `sink` and scanning their links into `links` when given.
    pub fn render(
        &self,
        sink: Option<&dyn Sink>,
        wanted: Wanted<'_>,
        progress: Option<&std::sync::atomic::AtomicUsize>,
        links: Option<&LinkTable>,
    ) -> Result<Vec<PageLinks>, Diagnostics> {
        let shared = Shared::new(&self.site, &self.tracker);
        let jobs = jobs(&shared);
        no_collisions(&jobs)?;
        self.render_jobs(&shared, &jobs, sink, wanted, progress, links)
    }

    /// [`Pipeline::render`] without a progress count or link table, also
    /// returning the URL of every page the site has (rendered or not), from
    /// the same list of jobs.
    pub fn render_listing_all(
        &self,
        sink: Option<&dyn Sink>,
        wanted: Wanted<'_>,
    ) -> Result<(Vec<PageLinks>, BTreeSet<String>), Diagnostics> {
        self.render_staged(sink, &|_, _| false, &mut |_| {}, wanted)
    }

    /// [`Pipeline::render_listing_all`] in two stages: the pages `first`
    /// selects are rendered and written, `written` is told their URLs, then
    /// the pages `wanted` selects among the others.
    pub fn render_staged(
        &self,
        sink: Option<&dyn Sink>,
        first: Wanted<'_>,
        written: &mut dyn FnMut(&[String]),
        wanted: Wanted<'_>,
    ) -> Result<(Vec<PageLinks>, BTreeSet<String>), Diagnostics> {
        let shared = Shared::new(&self.site, &self.tracker);
        let jobs = jobs(&shared);
        no_collisions(&jobs)?;
        let mut pages = self.render_jobs(&shared, &jobs, sink, first, None, None)?;
        let done: rustc_hash::FxHashSet<&str> = pages.iter().map(|p| p.url.as_str()).collect();
        let first_urls: Vec<String> = done.iter().map(|u| u.to_string()).collect();
        written(&first_urls);
        let rest = self.render_jobs(
            &shared,
            &jobs,
            sink,
            &|job, shared| wanted(job, shared) && !done.contains(job.url().as_str()),
            None,
            None,
        )?;
        drop(done);
        pages.extend(rest);
        Ok((pages, jobs.iter().map(|job| job.url()).collect()))
    }

    fn render_jobs<'a>(
        &self,
        shared: &Shared<'a>,
        jobs: &[Job<'a>],
        sink: Option<&dyn Sink>,
        wanted: Wanted<'_>,
        progress: Option<&std::sync::atomic::AtomicUsize>,
        links: Option<&LinkTable>,
    ) -> Result<Vec<PageLinks>, Diagnostics> {
        // Once a write fails (a full disk), the other pages are not even
        // rendered: one error says it all.
        let write_failed = std::sync::atomic::AtomicBool::new(false);
        let results: Vec<Result<PageLinks, Diagnostic>> = jobs
            .par_iter()
            .filter(|job| wanted(job, shared))
            .filter(|_| !write_failed.load(std::sync::atomic::Ordering::Relaxed))
            .map(|job| {
                let r = self.render_one(shared, job, sink, progress, links);
                if r.as_ref()
                    .is_err_and(|d| d.message.starts_with(CANNOT_WRITE))
                {
                    write_failed.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                r
            })
            .collect();
        let mut problems = Diagnostics::default();
        let mut pages = Vec::with_capacity(results.len());
        let mut first_write_error: Option<Diagnostic> = None;
        for r in results {
            match r {
                Ok(page) => pages.push(page),
                Err(d) if d.message.starts_with(CANNOT_WRITE) => {
                    first_write_error.get_or_insert(d);
                }
                Err(d)
                    if !problems
                        .0
                        .iter()
                        .any(|p| p.path == d.path && p.message == d.message) =>
                {
                    problems.push(d)
                }
                Err(_) => {}
            }
        }
        if let Some(d) = first_write_error {
            problems.push(write_error(d));
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(pages)
    }

    fn render_one<'a>(
        &self,
        shared: &Shared<'a>,
        job: &Job<'a>,
        sink: Option<&dyn Sink>,
        progress: Option<&std::sync::atomic::AtomicUsize>,
        links: Option<&LinkTable>,
    ) -> Result<PageLinks, Diagnostic> {
        let p = job.prepare(shared);
        let mut html = Vec::with_capacity(16 * 1024);
        self.renderer
            .render_to(&self.site.config, p.template, &p.context, &mut html)?;
        let file = links::file_key(&p.url)
            .ok_or_else(|| Diagnostic::error(&p.url, "unsafe output path"))?;
        if let Some(sink) = sink {
            sink.write(&p.url, &html)
                .map_err(|e| Diagnostic::error(&p.url, format!("{CANNOT_WRITE} {e}")))?;
        }
        if let Some(counter) = progress {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        let source = job.source().map(Path::to_path_buf);
        Ok(match links {
            Some(table) => PageLinks::scan(file, p.url, source, &html, table),
            None => PageLinks::unscanned(file, p.url, source),
        })
    }

    /// The site model and its tracker, once rendering is done.
    pub fn into_parts(self) -> (Site, Tracker) {
        (self.site, self.tracker)
    }

    /// Writes the search index (the largest generated files) to `sink`,
    /// each file as soon as it is made; returns their URLs.
    pub fn emit_search_index(&self, sink: Option<&dyn Sink>) -> Result<Vec<String>, Diagnostics> {
        search::index_each(&self.site, |g| {
            if let Some(sink) = sink {
                sink.write(&g.url, &g.bytes).map_err(|e| {
                    Diagnostics(vec![write_error(Diagnostic::error(
                        &g.url,
                        format!("{CANNOT_WRITE} {e}"),
                    ))])
                })?;
            }
            Ok(g.url)
        })
    }

    /// Feeds and open data.
    pub fn feeds_and_data(&self) -> Vec<Generated> {
        feeds_and_data(&self.site, &self.tracker)
    }

    /// The sitemap(s) of `page_urls` ([`sitemaps`]).
    pub fn sitemaps<'a>(&self, page_urls: impl Iterator<Item = &'a str>) -> Vec<Generated> {
        sitemaps(&self.site, page_urls)
    }

    /// Theme assets under `/assets/`, the site's `static/` at the root (to
    /// be written after the generated files, so it overrides a generated
    /// robots.txt), and attachments next to their pages. Broken links in
    /// `static/` are added to `warnings`.
    pub fn assets(&self, warnings: &mut Vec<Diagnostic>) -> Result<Vec<Asset<'_>>, Diagnostics> {
        let theme_assets = self.theme.published_assets().into_iter();
        let mut list: Vec<Asset<'_>> = theme_assets
            .map(|(url, bytes)| Asset::Bytes(url, bytes))
            .collect();
        let statics = static_files(&self.site.config, warnings)?;
        list.extend(
            statics
                .into_iter()
                .map(|(url, path)| Asset::Disk(url, path)),
        );
        for a in self.site.attachments() {
            list.push(Asset::Disk(a.url.clone(), a.disk_path.clone()));
        }
        Ok(list)
    }
}

/// Feeds and open data of `site`.
pub fn feeds_and_data(site: &Site, tracker: &Tracker) -> Vec<Generated> {
    let mut files = feeds::feeds(site);
    files.extend(data::datasets(site, tracker));
    files
}

/// The sitemap(s) of `page_urls`: folders, not files such as 404.html,
/// in sorted order.
pub fn sitemaps<'a>(site: &Site, page_urls: impl Iterator<Item = &'a str>) -> Vec<Generated> {
    // Drafts shown by `--drafts` are pages of the preview, not of the site.
    let drafts: std::collections::HashSet<&str> = site
        .items()
        .filter(|item| !item.is_public())
        .map(|item| item.url())
        .collect();
    let mut folders: Vec<&str> = page_urls
        .filter(|u| u.ends_with('/') && !drafts.contains(u))
        .collect();
    folders.sort_unstable();
    folders.dedup();
    sitemap::sitemaps(&site.config.base_url, &folders, site.config.sample_content)
}

/// Two pages at one address are an error, found before anything is written.
fn no_collisions(jobs: &[Job<'_>]) -> Result<(), Diagnostics> {
    let collisions = crate::render::pages::collisions(jobs);
    if collisions.is_empty() {
        return Ok(());
    }
    let mut problems = Diagnostics::default();
    problems.extend(collisions);
    Err(problems)
}

/// How a failed write starts its message (gathered into one error).
const CANNOT_WRITE: &str = "cannot write:";

/// The one error for pages that could not be written, saying what to do
/// when the disk is full.
fn write_error(first: Diagnostic) -> Diagnostic {
    let full = first.message.contains("No space left") || first.message.contains("quota");
    let mut d = Diagnostic::error(&first.path, format!("the build stopped: {}", first.message));
    d.hint = Some(if full {
        "the disk is full: free some space (`df -h` shows how much is left) and build again; the previous output is unchanged".into()
    } else {
        "check that the output folder's disk is writable and has room; the previous output is unchanged".into()
    });
    d
}

/// A file the site publishes as it is: its URL and where its bytes come from.
pub enum Asset<'a> {
    /// Embedded bytes (the default theme's assets) at a URL.
    Bytes(String, &'a [u8]),
    /// A file on disk (static files, attachments) at a URL.
    Disk(String, PathBuf),
}

impl Asset<'_> {
    /// Where it is published.
    pub fn url(&self) -> &str {
        match self {
            Asset::Bytes(u, _) | Asset::Disk(u, _) => u,
        }
    }
}

/// Writes `assets` to `sink`, in order.
pub fn write_assets(assets: &[Asset<'_>], sink: &dyn Sink) -> Result<(), Diagnostics> {
    for asset in assets {
        let result = match asset {
            Asset::Bytes(url, bytes) => sink.write(url, bytes),
            Asset::Disk(url, path) => std::fs::read(path).and_then(|bytes| sink.write(url, &bytes)),
        };
        result.map_err(|e| {
            Diagnostics(vec![write_error(Diagnostic::error(
                asset.url(),
                format!("{CANNOT_WRITE} {e}"),
            ))])
        })?;
    }
    Ok(())
}

/// Writes generated files to `sink`, in parallel; returns their URLs.
pub fn emit(files: Vec<Generated>, sink: Option<&dyn Sink>) -> Result<Vec<String>, Diagnostics> {
    if let Some(sink) = sink {
        files.par_iter().try_for_each(|g| {
            sink.write(&g.url, &g.bytes).map_err(|e| {
                Diagnostics(vec![write_error(Diagnostic::error(
                    &g.url,
                    format!("{CANNOT_WRITE} {e}"),
                ))])
            })
        })?;
    }
    Ok(files.into_iter().map(|g| g.url).collect())
}

/// The files of the site's `static/` folder (hidden ones too, such as
/// `.well-known/`), as (URL, path on disk), in path order. A link leading
/// outside the site is an error ([`crate::confine`]); a broken link is a
/// warning, added to `warnings`.
fn static_files(
    config: &Config,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<(String, PathBuf)>, Diagnostics> {
    let static_dir = config.root.join("static");
    let (files, problems) = SiteRoot::new(&config.root).files_under(&static_dir, false);
    let problems = Diagnostics(problems);
    if problems.has_errors() {
        return Err(problems);
    }
    warnings.extend(problems.0);
    Ok(files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&static_dir).expect("under static");
            let url = format!("/{}", rel.to_string_lossy().replace('\\', "/"));
            (url, path)
        })
        .collect())
}
