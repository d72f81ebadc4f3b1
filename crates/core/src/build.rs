//! The build pipeline: config → content → site model → render → output.
//!
//! [`build`] runs every stage and returns what it wrote, or every problem
//! that stopped it. Pages are rendered and written in parallel into a
//! staging folder, which replaces the output only at the very end.
//! [`check`] runs the same stages without writing anything.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::config::Config;
use crate::content::{self, Kind};
use crate::error::{Diagnostic, Diagnostics, Severity};
use crate::links::{self, LinkTable, PageLinks};
use crate::output::staging::{Refusal, MARKER};
use crate::output::{Sink, Staging};
use crate::pipeline::{emit, write_assets, Asset, Pipeline};
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
    /// The present moment, when posts dated to the minute wait for it (the
    /// publishing server); None shows a post dated today all day.
    pub now: Option<chrono::DateTime<chrono_tz::Tz>>,
    pub include_drafts: bool,
    /// Replace an existing output folder even when congkhai did not make it.
    pub force: bool,
    /// Counts rendered pages as they are written, for a progress display.
    pub progress: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
    /// Use and refresh the parse cache (`.congkhai/cache/`); false parses
    /// every post again.
    pub cache: bool,
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
    /// When the next item held back for its date becomes public.
    pub next_scheduled: Option<chrono::DateTime<chrono_tz::Tz>>,
}

impl BuildReport {
    pub fn page_count(&self) -> usize {
        self.pages.iter().map(|(_, n)| n).sum()
    }
}

/// Loads, checks and models the site without rendering anything.
pub fn load_site(
    root: &Path,
    today: Option<NaiveDate>,
    include_drafts: bool,
) -> Result<Site, Diagnostics> {
    load_site_at(root, today, None, include_drafts, true)
}

/// [`load_site`] with the present moment (posts wait for their minute).
pub fn load_site_at(
    root: &Path,
    today: Option<NaiveDate>,
    now: Option<chrono::DateTime<chrono_tz::Tz>>,
    include_drafts: bool,
    cache: bool,
) -> Result<Site, Diagnostics> {
    let config = Config::from_disk(root)?;
    let today = today.unwrap_or_else(|| config.today());
    let content = content::load_cached(&config, cache)?;
    Site::new(
        content,
        config,
        BuildOptions {
            today,
            now,
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
    let mut timer = PhaseTimer::from_env();
    let staging = prepare_output(&cfg.root, &output, cfg.force)?;
    let progress = cfg.progress.as_deref();
    let Rendered {
        pipeline,
        pages,
        links,
        generated,
    } = render_site(
        &cfg.root,
        (cfg.today, cfg.now),
        (cfg.include_drafts, cfg.cache),
        Some(&staging),
        progress,
        &mut timer,
    )?;
    let site = &pipeline.site;
    let mut warnings = site.warnings.clone();
    let assets = pipeline.assets(&mut warnings)?;
    write_assets(&assets, &staging)?;
    let files = file_set(&pages, &generated, &assets);
    warnings.extend(links::check(&pages, links, &files, Severity::Warning));
    let sections = count_kinds(&pages);
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
        next_scheduled: site.next_scheduled,
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
        pipeline,
        pages,
        links,
        generated,
    } = render_site(
        root,
        (today, None),
        (false, true),
        None,
        None,
        &mut PhaseTimer(None),
    )?;
    let mut problems = Diagnostics(pipeline.site.warnings.clone());
    problems.extend(contact_problem(&pipeline.site.config));
    let files = file_set(&pages, &generated, &pipeline.assets(&mut problems.0)?);
    problems.extend(links::check(&pages, links, &files, Severity::Error));
    problems.sort();
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(CheckReport {
        warnings: problems.0,
        status_line: crate::render::status_line(&pipeline.tracker, true),
    })
}

/// `check` fails on a portal that does not publish the agency's address,
/// phone, e-mail and the person responsible for its content (Decree
/// 42/2022/NĐ-CP art. 4(1)); a site of illustrative content is told so as
/// a warning (the seeds give no contact details to show).
fn contact_problem(config: &crate::config::Config) -> Option<crate::error::Diagnostic> {
    let missing = config.contact.missing();
    if missing.is_empty() {
        return None;
    }
    let message = format!(
        "the portal must show the agency's contact details (Decree 42/2022/NĐ-CP art. 4(1)); missing: {}",
        missing.join(", ")
    );
    let d = if config.sample_content {
        crate::error::Diagnostic::warning(crate::config::CONFIG_FILE, message)
    } else {
        crate::error::Diagnostic::error(crate::config::CONFIG_FILE, message)
    };
    Some(d.hint("add them under `contact:` in site.yaml (address, phone, email, editor: the person responsible for the content)"))
}

/// A site rendered in full: its pages (written or not) and the URLs of the
/// generated files.
struct Rendered {
    pipeline: Pipeline,
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
    (today, now): (Option<NaiveDate>, Option<chrono::DateTime<chrono_tz::Tz>>),
    (drafts, cache): (bool, bool),
    sink: Option<&dyn Sink>,
    progress: Option<&std::sync::atomic::AtomicUsize>,
    timer: &mut PhaseTimer,
) -> Result<Rendered, Diagnostics> {
    let site = load_site_at(root, today, now, drafts, cache)?;
    timer.lap("load content");
    let theme = Theme::load(&site.config)?;
    let pipeline = Pipeline::new(site, theme)?;
    timer.lap("model and templates");
    let mut generated = pipeline.emit_search_index(sink)?;
    timer.lap("search index");
    generated.extend(emit(pipeline.feeds_and_data(), sink)?);
    timer.lap("feeds and open data");
    let links = LinkTable::default();
    let pages = pipeline.render(sink, &|_, _| true, progress, Some(&links))?;
    timer.lap("render and write pages");
    let sitemaps = pipeline.sitemaps(pages.iter().map(|p| p.url.as_str()));
    generated.extend(emit(sitemaps, sink)?);
    Ok(Rendered {
        pipeline,
        pages,
        links,
        generated,
    })
}

fn file_set(
    pages: &[PageLinks],
    generated: &[String],
    assets: &[Asset<'_>],
) -> rustc_hash::FxHashSet<String> {
    let pages = pages.iter().map(|p| p.file.clone());
    let others = generated.iter().map(String::as_str);
    let others = others.chain(assets.iter().map(Asset::url));
    pages.chain(others.filter_map(links::file_key)).collect()
}

/// Pages per content kind (by the file each page shows), in
/// [`Kind::ALL`] order; the rest are index, taxonomy and other pages.
fn count_kinds(pages: &[PageLinks]) -> Vec<(&'static str, usize)> {
    let mut counts = [0usize; Kind::ALL.len()];
    for page in pages {
        let kind = page.source.as_deref().and_then(Kind::of_path);
        if let Some(i) = kind.and_then(|k| Kind::ALL.iter().position(|x| *x == k)) {
            counts[i] += 1;
        }
    }
    let items: usize = counts.iter().sum();
    let kinds = Kind::ALL.iter().zip(counts).map(|(k, n)| (k.folder(), n));
    kinds
        .chain([("index and other", pages.len() - items)])
        .collect()
}

/// A staging folder beside `output`, once it is sure that `output` may be
/// replaced: not over the site's sources, and congkhai's own (or empty)
/// unless `force`.
pub fn prepare_output(root: &Path, output: &Path, force: bool) -> Result<Staging, Diagnostics> {
    check_output_location(root, output)?;
    Staging::create(output, force).map_err(|r| refused(output, r))
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
pub struct PhaseTimer(Option<(Instant, Option<u64>)>);

impl PhaseTimer {
    pub fn from_env() -> Self {
        PhaseTimer(std::env::var_os("CONGKHAI_TIMINGS").map(|_| (Instant::now(), cpu_ms())))
    }

    pub fn lap(&mut self, what: &str) {
        if let Some((start, cpu_start)) = self.0 {
            let cpu_now = cpu_ms();
            let cpu = match (cpu_start, cpu_now) {
                (Some(a), Some(b)) => format!(", CPU {} ms", b - a),
                _ => String::new(),
            };
            let peak = peak_memory_mib().map_or(String::new(), |m| format!(", peak {m} MiB"));
            eprintln!(
                "timing: {what}: {} ms{cpu}{peak}",
                start.elapsed().as_millis()
            );
            self.0 = Some((Instant::now(), cpu_now));
        }
    }
}

/// The most memory this process has held so far (VmHWM), from /proc.
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// User + system CPU time of this process so far, from /proc (10 ms ticks).
fn cpu_ms() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks * 10)
}
