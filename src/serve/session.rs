//! The preview's build state, kept in memory between changes so that an
//! edited content file re-renders only the pages that show it.
//!
//! A change to `site.yaml`, a template or a static file rebuilds everything;
//! so does a change that alters what every page shows (the menu of pages,
//! the month's status line in the footer). Otherwise only the item's own
//! page, the index pages of its kind, the pages that list it (home, tracker,
//! related posts, a procedure's feedback) and the generated files are
//! rendered again, and only files whose bytes changed are written.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::build::{generated, render_some, today_in};
use crate::config::Config;
use crate::content::{self, Content, Kind};
use crate::error::{Diagnostic, Diagnostics};
use crate::output::{InPlace, Sink};
use crate::render::pages::Job;
use crate::render::Renderer;
use crate::site::tracker::{MonthFigure, Tracker};
use crate::site::{BuildOptions, Site};
use crate::theme::Theme;

/// What one rebuild did.
#[derive(Debug)]
pub struct Outcome {
    pub pages: usize,
    pub full: bool,
    pub elapsed: Duration,
}

pub struct Session {
    root: PathBuf,
    out: PathBuf,
    today: Option<NaiveDate>,
    drafts: bool,
    state: Option<State>,
}

/// The last good build.
struct State {
    config: Config,
    theme: Theme,
    content: Content,
    current: MonthFigure,
    /// Page URL of each content file, to remove pages whose address changed.
    urls: Vec<(PathBuf, String)>,
}

impl Session {
    pub fn new(root: &Path, out: &Path, today: Option<NaiveDate>, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            today,
            drafts,
            state: None,
        }
    }

    pub fn out(&self) -> &Path {
        &self.out
    }

    /// Rebuilds everything from disk.
    pub fn full(&mut self) -> Result<Outcome, Diagnostics> {
        let started = Instant::now();
        let config = Config::from_disk(&self.root)?;
        let theme = Theme::load(&config)?;
        let content = content::load(&config)?;
        let pages = self.render(&config, &theme, &content, None)?;
        Ok(Outcome {
            pages,
            full: true,
            elapsed: started.elapsed(),
        })
    }

    /// Applies changed content files (paths relative to the root).
    pub fn content_changed(&mut self, changed: &[PathBuf]) -> Result<Outcome, Diagnostics> {
        let Some(state) = self.state.as_ref() else {
            return self.full();
        };
        let started = Instant::now();
        let (config, theme, mut content) = (
            state.config.clone(),
            state.theme.clone(),
            state.content.clone(),
        );
        let mut kinds = HashSet::new();
        let mut problems = Diagnostics::default();
        for rel in changed {
            match content.update(&config, rel) {
                Ok(Some(kind)) => {
                    kinds.insert(kind);
                }
                Ok(None) => {}
                Err(ds) => problems.extend(ds),
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        let changes = Changes {
            sources: changed.iter().cloned().collect(),
            kinds,
        };
        let pages = self.render(&config, &theme, &content, Some(&changes))?;
        Ok(Outcome {
            pages,
            full: false,
            elapsed: started.elapsed(),
        })
    }

    /// Renders (everything, or what `changes` touches) and records the new state.
    fn render(
        &mut self,
        config: &Config,
        theme: &Theme,
        content: &Content,
        changes: Option<&Changes>,
    ) -> Result<usize, Diagnostics> {
        let today = self.today.unwrap_or_else(|| today_in(config));
        let site = Site::new(
            content.clone(),
            config.clone(),
            BuildOptions {
                today,
                include_drafts: self.drafts,
            },
        )?;
        let tracker = Tracker::compute(&site);
        let renderer = Renderer::new(theme, &site, &tracker)?;
        let everything = match (changes, &self.state) {
            (None, _) | (_, None) => true,
            (Some(ch), Some(old)) => {
                ch.kinds.contains(&Kind::Page) || old.current != tracker.current
            }
        };
        let sink = InPlace {
            dir: self.out.clone(),
        };
        let related = changes
            .map(|ch| related_posts(&site, ch))
            .unwrap_or_default();
        let wanted =
            |job: &Job<'_>| everything || changes.is_some_and(|ch| ch.affects(job, &related));
        let pages = render_some(&site, &tracker, &renderer, Some(&sink), &wanted)?;
        let write = |url: &str, bytes: &[u8]| {
            sink.write(url, bytes).map_err(|e| {
                Diagnostics(vec![Diagnostic::error(url, format!("cannot write: {e}"))])
            })
        };
        for g in generated(&site, &tracker, &pages) {
            write(&g.url, &g.bytes)?;
        }
        if everything {
            for (path, bytes) in &theme.assets {
                write(&format!("/assets/{path}"), bytes)?;
            }
        }
        copy_files(config, &site, &sink, everything)?;
        let urls = page_urls(&site);
        if let Some(old) = &self.state {
            self.remove_moved_pages(&old.urls, &urls);
        }
        self.state = Some(State {
            config: config.clone(),
            theme: theme.clone(),
            content: content.clone(),
            current: tracker.current.clone(),
            urls,
        });
        Ok(pages.len())
    }

    /// Deletes the page of an item whose address changed or that is gone.
    fn remove_moved_pages(&self, old: &[(PathBuf, String)], new: &[(PathBuf, String)]) {
        let current: HashSet<&str> = new.iter().map(|(_, u)| u.as_str()).collect();
        for (_, url) in old.iter().filter(|(_, u)| !current.contains(u.as_str())) {
            if let Some(rel) = crate::output::url_to_file(url) {
                let _ = std::fs::remove_file(self.out.join(rel));
            }
        }
    }
}

/// What changed since the last build.
struct Changes {
    sources: HashSet<PathBuf>,
    kinds: HashSet<Kind>,
}

impl Changes {
    /// Whether a page shows something that changed.
    fn affects(&self, job: &Job<'_>, related: &HashSet<&str>) -> bool {
        let kind = |k: Kind| self.kinds.contains(&k);
        let own = |source: &Path| self.sources.contains(source);
        match job {
            Job::Home | Job::NotFound | Job::Tracker | Job::Search | Job::Data | Job::TagIndex => {
                true
            }
            Job::Page(p) => own(&p.source),
            Job::News(n) => own(&n.source) || related.contains(n.url.as_str()),
            Job::NewsList { .. } => kind(Kind::News),
            Job::Document(d) => own(&d.source),
            Job::DocumentList { .. } => kind(Kind::Document),
            Job::Plan(p) => own(&p.source),
            Job::PlanList | Job::Units | Job::Unit(_) => kind(Kind::Plan),
            Job::Procedure(p) => own(&p.source) || kind(Kind::Feedback),
            Job::ProcedureCatalogue | Job::ProcedureGroup { .. } => kind(Kind::Procedure),
            Job::Feedback(f) => own(&f.source) || kind(Kind::Procedure),
            Job::FeedbackList { .. } => kind(Kind::Feedback),
        }
    }
}

/// Posts whose "same category" box may show a changed post: the newest
/// five of each category a changed post is in.
fn related_posts<'a>(site: &'a Site, changes: &Changes) -> HashSet<&'a str> {
    let categories: HashSet<&str> = site
        .news
        .iter()
        .filter(|n| changes.sources.contains(&n.source))
        .map(|n| n.category.as_str())
        .collect();
    let mut urls = HashSet::new();
    for cat in categories {
        urls.extend(
            site.news
                .iter()
                .filter(|n| n.category == cat)
                .take(5)
                .map(|n| n.url.as_str()),
        );
    }
    urls
}

fn page_urls(site: &Site) -> Vec<(PathBuf, String)> {
    let news = site.news.iter().map(|x| (x.source.clone(), x.url.clone()));
    let docs = site
        .documents
        .iter()
        .map(|x| (x.source.clone(), x.url.clone()));
    let plans = site.plans.iter().map(|x| (x.source.clone(), x.url.clone()));
    let procs = site
        .procedures
        .iter()
        .map(|x| (x.source.clone(), x.url.clone()));
    let feedback = site
        .published_feedback()
        .map(|x| (x.source.clone(), x.url.clone()));
    let pages = site.pages.iter().map(|x| (x.source.clone(), x.url.clone()));
    news.chain(docs)
        .chain(plans)
        .chain(procs)
        .chain(feedback)
        .chain(pages)
        .collect()
}

/// Document attachments (always: cheap when unchanged) and, on a full
/// rebuild, the site's `static/` folder.
fn copy_files(
    config: &Config,
    site: &Site,
    sink: &InPlace,
    with_static: bool,
) -> Result<(), Diagnostics> {
    let fail = |p: &Path, e: std::io::Error| {
        Diagnostics(vec![Diagnostic::error(p, format!("cannot copy: {e}"))])
    };
    let static_dir = config.root.join("static");
    let walk = walkdir::WalkDir::new(&static_dir)
        .into_iter()
        .flatten()
        .filter(|_| with_static);
    for entry in walk.filter(|e| e.file_type().is_file()) {
        let rel = entry
            .path()
            .strip_prefix(&static_dir)
            .expect("under static");
        let bytes = std::fs::read(entry.path()).map_err(|e| fail(entry.path(), e))?;
        sink.write(
            &format!("/{}", rel.to_string_lossy().replace('\\', "/")),
            &bytes,
        )
        .map_err(|e| fail(entry.path(), e))?;
    }
    for a in site.documents.iter().filter_map(|d| d.attachment.as_ref()) {
        let bytes = std::fs::read(&a.disk_path).map_err(|e| fail(&a.disk_path, e))?;
        sink.write(&a.url, &bytes)
            .map_err(|e| fail(&a.disk_path, e))?;
    }
    Ok(())
}
