//! The build pipeline: config → content → site model → render → output.
//!
//! [`build`] runs every stage and returns what it wrote, or every problem
//! that stopped it. Pages are rendered and written in parallel into a
//! staging folder, which replaces the output only at the very end.
//! [`check`] runs the same stages without writing anything.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::config::Config;
use crate::confine::SiteRoot;
use crate::content;
use crate::error::{Diagnostic, Diagnostics, Severity};
use crate::links::{self, LinkTable, PageLinks};
use crate::output::staging::{Refusal, MARKER};
use crate::output::{data, feeds, search, sitemap, Generated, Sink, Staging};
use crate::render::pages::{jobs, Job, Shared};
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
    /// Replace an existing output folder even when congkhai did not make it.
    pub force: bool,
    /// Counts rendered pages as they are written, for a progress display.
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
}

/// What a build wrote.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    /// Pages written per kind, in a fixed order ("news", ..., "index and other").
    pub pages: Vec<(&'static str, usize)>,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    pub today: NaiveDate,
}

impl BuildReport {
    pub fn page_count(&self) -> usize {
        self.pages.iter().map(|(_, n)| n).sum()
    }
}

/// The date today in the site's time zone.
pub fn today_in(config: &Config) -> NaiveDate {
    chrono::Utc::now()
        .with_timezone(&config.timezone)
        .date_naive()
}

/// Loads, checks and models the site without rendering anything.
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
            preview: false,
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
    let mut timer = PhaseTimer::from_env();
    let staging = Staging::create(&output, cfg.force).map_err(|r| refused(&output, r))?;
    let progress = cfg.progress.as_deref();
    let Rendered {
        site,
        theme,
        pages,
        links,
        generated,
    } = render_site(
        &cfg.root,
        cfg.today,
        cfg.include_drafts,
        Some(&staging),
        progress,
        &mut timer,
    )?;
    let mut warnings = site.warnings.clone();
    let assets = assets(&site, &theme, &mut warnings)?;
    write_assets(&assets, &staging)?;
    let files = file_set(&pages, &generated, &assets);
    warnings.extend(links::check(&pages, links, &files, Severity::Warning));
    let sections = count_kinds(&site, pages.len());
    timer.lap("sitemap, assets and link check");
    staging
        .commit()
        .map_err(|e| io_error(&output, "cannot replace the output folder", e))?;
    timer.lap("swap output");
    Ok(BuildReport {
        output,
        pages: sections,
        files: files.len(),
        warnings,
        elapsed: started.elapsed(),
        today: site.today,
    })
}

/// What a clean `check` found.
#[derive(Debug)]
pub struct CheckReport {
    pub warnings: Vec<Diagnostic>,
    /// The month's status for editors, with what is still needed.
    pub status_line: String,
}

/// Validates everything a build would, renders every page in memory, and
/// checks every internal link and anchor; writes nothing. Returns the
/// warnings and the month's status when clean, every problem otherwise.
pub fn check(root: &Path, today: Option<NaiveDate>) -> Result<CheckReport, Diagnostics> {
    let Rendered {
        site,
        theme,
        pages,
        links,
        generated,
    } = render_site(root, today, false, None, None, &mut PhaseTimer(None))?;
    let mut problems = Diagnostics(site.warnings.clone());
    let files = file_set(&pages, &generated, &assets(&site, &theme, &mut problems.0)?);
    problems.extend(links::check(&pages, links, &files, Severity::Error));
    problems.sort();
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(CheckReport {
        warnings: problems.0,
        status_line: crate::render::status_line(&Tracker::compute(&site), true),
    })
}

/// A site rendered in full: its pages (written or not) and the URLs of the
/// generated files.
struct Rendered {
    site: Site,
    theme: Theme,
    pages: Vec<PageLinks>,
    links: LinkTable,
    generated: Vec<String>,
}

/// The stages `build` and `check` share: load, model, generate the search
/// index, feeds and open data, render every page, then the sitemap. Files
/// go to `sink` as soon as they are made (when there is one), so the search
/// index is never in memory with the rendered pages' link lists.
fn render_site(
    root: &Path,
    today: Option<NaiveDate>,
    drafts: bool,
    sink: Option<&dyn Sink>,
    progress: Option<&std::sync::atomic::AtomicUsize>,
    timer: &mut PhaseTimer,
) -> Result<Rendered, Diagnostics> {
    let site = load_site(root, today, drafts)?;
    timer.lap("load content");
    let theme = Theme::load(&site.config)?;
    let tracker = Tracker::compute(&site);
    let renderer = Renderer::new(&theme, &site, &tracker)?;
    timer.lap("model and templates");
    let mut generated = emit(search::index(&site), sink)?;
    timer.lap("search index");
    generated.extend(emit(feeds_and_data(&site, &tracker), sink)?);
    timer.lap("feeds and open data");
    let links = LinkTable::default();
    let pages = render_some(
        &site,
        &tracker,
        &renderer,
        sink,
        &|_| true,
        progress,
        Some(&links),
    )?;
    timer.lap("render and write pages");
    let sitemaps = sitemap::sitemaps(&site.config.base_url, &sitemap_urls(&urls_of(&pages)));
    generated.extend(emit(sitemaps, sink)?);
    Ok(Rendered {
        site,
        theme,
        pages,
        links,
        generated,
    })
}

/// Writes generated files to `sink`, in parallel; returns their URLs.
pub(crate) fn emit(
    files: Vec<Generated>,
    sink: Option<&dyn Sink>,
) -> Result<Vec<String>, Diagnostics> {
    if let Some(sink) = sink {
        files.par_iter().try_for_each(|g| {
            sink.write(&g.url, &g.bytes).map_err(|e| {
                Diagnostics(vec![Diagnostic::error(
                    &g.url,
                    format!("cannot write: {e}"),
                )])
            })
        })?;
    }
    Ok(files.into_iter().map(|g| g.url).collect())
}

/// Renders the pages `wanted` selects (in parallel), writing them to `sink`
/// and scanning their links into `links` when given.
pub(crate) fn render_some(
    site: &Site,
    tracker: &Tracker,
    renderer: &Renderer,
    staging: Option<&dyn Sink>,
    wanted: &(dyn Fn(&Job<'_>) -> bool + Sync),
    progress: Option<&std::sync::atomic::AtomicUsize>,
    links: Option<&LinkTable>,
) -> Result<Vec<PageLinks>, Diagnostics> {
    let shared = Shared::new(site, tracker);
    let jobs = jobs(&shared);
    let results: Vec<Result<PageLinks, Diagnostic>> = jobs
        .par_iter()
        .filter(|job| wanted(job))
        .map(|job| {
            let p = job.prepare(&shared);
            let mut html = Vec::with_capacity(16 * 1024);
            renderer.render_to(&site.config, p.template, &p.context, &mut html)?;
            let file = links::file_key(&p.url)
                .ok_or_else(|| Diagnostic::error(&p.url, "unsafe output path"))?;
            if let Some(staging) = staging {
                staging.write(&p.url, &html).map_err(|e| {
                    Diagnostic::error(&p.url, format!("cannot write the page: {e}"))
                })?;
            }
            if let Some(counter) = progress {
                counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            }
            let source = job.source().map(Path::to_path_buf);
            Ok(match links {
                Some(table) => PageLinks::scan(file, p.url, source, &html, table),
                None => PageLinks::unscanned(file, p.url, source),
            })
        })
        .collect();
    let mut problems = Diagnostics::default();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(page) => pages.push(page),
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
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(pages)
}

/// A file the build copies: its URL and where its bytes come from.
enum Asset<'a> {
    Bytes(String, &'a [u8]),
    Disk(String, PathBuf),
}

impl Asset<'_> {
    fn url(&self) -> &str {
        match self {
            Asset::Bytes(u, _) | Asset::Disk(u, _) => u,
        }
    }
}

fn urls_of(pages: &[PageLinks]) -> Vec<&str> {
    pages.iter().map(|p| p.url.as_str()).collect()
}

/// Feeds and open data.
fn feeds_and_data(site: &Site, tracker: &Tracker) -> Vec<Generated> {
    let mut files = feeds::feeds(site);
    files.extend(data::datasets(site, tracker));
    files
}

/// The page URLs a sitemap lists: folders, not files such as 404.html, in
/// sorted order (so `build` and the `serve` preview write the same file).
fn sitemap_urls<'a>(page_urls: &[&'a str]) -> Vec<&'a str> {
    let mut folders: Vec<&str> = page_urls
        .iter()
        .filter(|u| u.ends_with('/'))
        .copied()
        .collect();
    folders.sort_unstable();
    folders.dedup();
    folders
}

/// Feeds, open data and the sitemap (of `page_urls`); the search index is
/// [`search::index`].
pub(crate) fn generated(site: &Site, tracker: &Tracker, page_urls: &[&str]) -> Vec<Generated> {
    let mut files = feeds_and_data(site, tracker);
    files.extend(sitemap::sitemaps(
        &site.config.base_url,
        &sitemap_urls(page_urls),
    ));
    files
}

/// Theme assets under `/assets/`, the site's `static/` at the root (written
/// after the generated files, so it overrides a generated robots.txt), and
/// document attachments next to their pages.
fn assets<'a>(
    site: &Site,
    theme: &'a Theme,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Vec<Asset<'a>>, Diagnostics> {
    let theme_assets = theme.published_assets().into_iter();
    let mut list: Vec<Asset<'a>> = theme_assets
        .map(|(url, bytes)| Asset::Bytes(url, bytes))
        .collect();
    let statics = static_files(&site.config, warnings)?;
    list.extend(
        statics
            .into_iter()
            .map(|(url, path)| Asset::Disk(url, path)),
    );
    for a in site.attachments() {
        list.push(Asset::Disk(a.url.clone(), a.disk_path.clone()));
    }
    Ok(list)
}

/// The files of the site's `static/` folder (hidden ones too, such as
/// `.well-known/`), as (URL, path on disk), in path order. A link leading
/// outside the site is an error ([`crate::confine`]); a broken link is a
/// warning, added to `warnings`.
pub(crate) fn static_files(
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

fn write_assets(assets: &[Asset<'_>], staging: &dyn Sink) -> Result<(), Diagnostics> {
    for asset in assets {
        let result = match asset {
            Asset::Bytes(url, bytes) => staging.write(url, bytes),
            Asset::Disk(url, path) => {
                std::fs::read(path).and_then(|bytes| staging.write(url, &bytes))
            }
        };
        result.map_err(|e| {
            Diagnostics(vec![Diagnostic::error(
                asset.url(),
                format!("cannot copy: {e}"),
            )])
        })?;
    }
    Ok(())
}

fn file_set(pages: &[PageLinks], generated: &[String], assets: &[Asset<'_>]) -> HashSet<String> {
    let pages = pages.iter().map(|p| p.file.clone());
    let others = generated.iter().map(String::as_str);
    let others = others.chain(assets.iter().map(Asset::url));
    pages.chain(others.filter_map(links::file_key)).collect()
}

/// Pages per content kind; the rest are index, taxonomy and other pages.
fn count_kinds(site: &Site, total: usize) -> Vec<(&'static str, usize)> {
    let kinds = [
        ("news", site.news.len()),
        ("documents", site.documents.len()),
        ("plans", site.plans.len()),
        ("procedures", site.procedures.len()),
        ("feedback", site.published_feedback().count()),
        ("consultations", site.consultations.len()),
        ("pages", site.pages.len()),
    ];
    let items: usize = kinds.iter().map(|(_, n)| n).sum();
    kinds
        .into_iter()
        .chain([("index and other", total - items)])
        .collect()
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

/// The error for an output folder that [`Staging::create`] would not replace.
fn refused(output: &Path, refusal: Refusal) -> Diagnostics {
    let d = match refusal {
        Refusal::Foreign { entries } => Diagnostic::error(
            output,
            format!(
                "the output folder already exists and was not made by congkhai ({entries} item(s) in it); \
                 a build replaces its output whole, so nothing was written and the folder is untouched"
            ),
        )
        .hint(format!(
            "choose an empty or new folder with --output, or, if everything in it may be deleted, \
             run again with --force (an output written by an earlier congkhai version has no `{MARKER}` \
             file: --force once is safe for it)"
        )),
        Refusal::Symlink => Diagnostic::error(
            output,
            "the output is a symbolic link; congkhai replaces its output folder whole and will not \
             act on what a link points to",
        )
        .hint("give the real folder with --output"),
        Refusal::Io(e) => return io_error(output, "cannot prepare the output folder", e),
    };
    Diagnostics(vec![d])
}

fn io_error(path: &Path, what: &str, e: std::io::Error) -> Diagnostics {
    Diagnostics(vec![Diagnostic::error(path, format!("{what}: {e}"))
        .hint("check the folder's permissions and free disk space")])
}

/// Prints how long each stage took when `CONGKHAI_TIMINGS` is set, for
/// profiling builds without a profiler: wall time, and on Linux the CPU
/// time of all threads (CPU ÷ wall shows how well a stage uses the cores).
struct PhaseTimer(Option<(Instant, Option<u64>)>);

impl PhaseTimer {
    fn from_env() -> Self {
        PhaseTimer(std::env::var_os("CONGKHAI_TIMINGS").map(|_| (Instant::now(), cpu_ms())))
    }

    fn lap(&mut self, what: &str) {
        if let Some((start, cpu_start)) = self.0 {
            let cpu_now = cpu_ms();
            let cpu = match (cpu_start, cpu_now) {
                (Some(a), Some(b)) => format!(", CPU {} ms", b - a),
                _ => String::new(),
            };
            eprintln!("timing: {what}: {} ms{cpu}", start.elapsed().as_millis());
            self.0 = Some((Instant::now(), cpu_now));
        }
    }
}

/// User + system CPU time of this process so far, from /proc (10 ms ticks).
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10)
}
