//! The preview's build state, kept in memory between changes so that an
//! edited content file re-renders only the pages that show it.
//!
//! A change to `site.yaml`, a template or a static file rebuilds everything;
//! so does a change that alters what every page shows (the menu of pages,
//! the month's status line in the footer). Otherwise only the item's own
//! page, the index pages of its kind, the pages that list it (home, tracker,
//! related posts, a procedure's feedback) and the generated files are
//! rendered again, and only files whose bytes changed are written.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use crate::build::today_in;
use crate::config::Config;
use crate::content::{self, Content, Kind};
use crate::error::Diagnostics;
use crate::output::{search, InPlace, Sink};
use crate::pipeline::{emit, write_assets, Pipeline};
use crate::render::pages::Job;
use crate::site::tracker::MonthFigure;
use crate::site::{BuildOptions, Site};
use crate::theme::Theme;

/// What one rebuild did.
#[derive(Debug)]
pub struct Outcome {
    pub pages: usize,
    pub elapsed: Duration,
}

pub struct Session {
    root: PathBuf,
    out: PathBuf,
    today: Option<NaiveDate>,
    drafts: bool,
    state: Option<State>,
    /// Counts search-index rebuilds, so a stale one never overwrites a newer.
    generation: Arc<AtomicU64>,
}

/// The last good build.
struct State {
    config: Config,
    theme: Theme,
    content: Content,
    current: MonthFigure,
    /// What each index page listed, to re-render only those that changed.
    listings: HashMap<String, u64>,
    /// Every page URL, for the sitemap.
    all_urls: BTreeSet<String>,
    /// The posts each category's "same category" boxes draw from.
    top_posts: HashMap<String, Vec<PathBuf>>,
    /// What the editing desk shows from this build.
    desk: super::desk::Info,
}

impl Session {
    pub fn new(root: &Path, out: &Path, today: Option<NaiveDate>, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            out: out.to_path_buf(),
            today,
            drafts,
            state: None,
            generation: Arc::new(AtomicU64::new(0)),
        }
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
                preview: true,
            },
        )?;
        let pipeline = Pipeline::new(site, theme.clone())?;
        let (site, tracker) = (&pipeline.site, &pipeline.tracker);
        let everything = match (changes, &self.state) {
            (None, _) | (_, None) => true,
            (Some(ch), Some(old)) => {
                ch.kinds.contains(&Kind::Page) || old.current != tracker.current
            }
        };
        let sink = InPlace {
            dir: self.out.clone(),
        };
        let old_top = self.state.as_ref().map(|s| &s.top_posts);
        let top_posts = top_posts(site);
        let related = changes
            .map(|ch| related_posts(site, &top_posts, old_top, ch))
            .unwrap_or_default();
        let old_listings = self.state.as_ref().map(|s| &s.listings);
        let listings = Mutex::new(HashMap::new());
        let navs = navigation(site);
        let wanted = |job: &Job<'_>| match job.listing() {
            Some((url, sources)) => {
                let nav = navs
                    .iter()
                    .find(|(base, _)| url.starts_with(base))
                    .map_or(0, |n| n.1);
                let fingerprint = fingerprint(&sources) ^ nav;
                let same = old_listings.and_then(|l| l.get(&url)) == Some(&fingerprint);
                let shows_change =
                    changes.is_some_and(|ch| sources.iter().any(|s| ch.sources.contains(*s)));
                listings
                    .lock()
                    .expect("listings lock")
                    .insert(url, fingerprint);
                everything || !same || shows_change
            }
            None => everything || changes.is_some_and(|ch| ch.affects(job, &related)),
        };
        let (pages, all_urls) = pipeline.render_listing_all(Some(&sink), &wanted)?;
        let rendered = pages.len();
        let listings = listings.into_inner().expect("listings lock");
        // Every page the site has now: pages of items that moved or went,
        // and index pages that are no longer needed (a tag no post has, a
        // trailing page of a shorter list) are removed.
        if let Some(old) = &self.state {
            self.remove_pages(old.all_urls.difference(&all_urls));
        }
        emit(pipeline.feeds_and_data(), Some(&sink))?;
        emit(
            pipeline.sitemaps(all_urls.iter().map(String::as_str)),
            Some(&sink),
        )?;
        // Theme assets, static files and attachments, as a build writes
        // them (a static robots.txt over the generated one); only files
        // whose bytes changed are written.
        write_assets(&pipeline.assets(&mut Vec::new())?, &sink)?;
        let current = tracker.current.clone();
        let desk = super::desk::Info::new(site, tracker);
        self.index_in_background(pipeline.into_site());
        self.state = Some(State {
            config: config.clone(),
            theme: theme.clone(),
            content: content.clone(),
            current,
            listings,
            all_urls,
            top_posts,
            desk,
        });
        Ok(rendered)
    }

    /// What the editing desk shows from the last good build.
    pub fn desk_info(&self) -> Option<super::desk::Info> {
        self.state.as_ref().map(|s| s.desk.clone())
    }

    /// Rebuilds the search index on another thread: the page reloads
    /// without waiting for it, and a newer rebuild supersedes an older one.
    fn index_in_background(&self, site: Site) {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let (latest, out) = (self.generation.clone(), self.out.clone());
        std::thread::spawn(move || {
            let files = search::index(&site);
            if latest.load(Ordering::SeqCst) == generation {
                let sink = InPlace { dir: out };
                for f in files {
                    if let Err(e) = sink.write(&f.url, &f.bytes) {
                        // The preview folder is gone when serve is stopping.
                        if sink.dir.is_dir() {
                            eprintln!("warning: search index not updated: {}: {e}", f.url);
                        }
                        break;
                    }
                }
            }
        });
    }

    /// Deletes the files of pages the site no longer has.
    fn remove_pages<'a>(&self, gone: impl Iterator<Item = &'a String>) {
        for url in gone {
            if let Some(rel) = crate::output::url_to_file(url) {
                match std::fs::remove_file(self.out.join(&rel)) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        eprintln!("warning: could not remove {}: {e}", rel.display());
                    }
                    _ => {}
                }
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
            // Index pages are decided by what they list (see `render`).
            Job::NewsList { .. }
            | Job::DocumentList { .. }
            | Job::FeedbackList { .. }
            | Job::ProcedureGroup { .. } => false,
            Job::Document(d) => own(&d.source),
            Job::Plan(p) => own(&p.source),
            Job::PlanList | Job::Units | Job::Unit(_) => kind(Kind::Plan),
            Job::Procedure(p) => own(&p.source) || kind(Kind::Feedback),
            Job::ProcedureCatalogue => kind(Kind::Procedure),
            Job::Feedback(f) => own(&f.source) || kind(Kind::Procedure),
            Job::Consultation(c) => own(&c.source),
            Job::ConsultationList { .. } => false,
        }
    }
}

/// How many of a category's newest posts its "same category" boxes draw
/// from: each post shows the newest four others (`render::pages`).
const BOX_POOL: usize = 5;

/// The files of each category's newest [`BOX_POOL`] posts.
fn top_posts(site: &Site) -> HashMap<String, Vec<PathBuf>> {
    let mut top: HashMap<String, Vec<PathBuf>> = HashMap::new();
    for n in &site.news {
        let list = top.entry(n.category.clone()).or_default();
        if list.len() < BOX_POOL {
            list.push(n.source.clone());
        }
    }
    top
}

/// Posts whose "same category" box may show something that changed: every
/// post of a category whose newest posts include a changed file, before
/// or after the change (a post entering or leaving them changes every box).
fn related_posts<'a>(
    site: &'a Site,
    new_top: &HashMap<String, Vec<PathBuf>>,
    old_top: Option<&HashMap<String, Vec<PathBuf>>>,
    changes: &Changes,
) -> HashSet<&'a str> {
    let touched = |top: &HashMap<String, Vec<PathBuf>>| -> Vec<String> {
        top.iter()
            .filter(|(_, files)| files.iter().any(|f| changes.sources.contains(f)))
            .map(|(c, _)| c.clone())
            .collect()
    };
    let mut categories: HashSet<String> = touched(new_top).into_iter().collect();
    if let Some(old) = old_top {
        categories.extend(touched(old));
    }
    site.news
        .iter()
        .filter(|n| categories.contains(&n.category))
        .map(|n| n.url.as_str())
        .collect()
}

/// A hash of the navigation every index page of a section shows (the
/// categories, years, types, fields and issuers with their counts): when
/// it changes, every index page of the section is rendered again.
fn navigation(site: &Site) -> [(&'static str, u64); 2] {
    use chrono::Datelike;
    use std::collections::BTreeMap;
    use std::hash::BuildHasher;
    // Counted in one pass each (the groupings themselves sort and collect,
    // which costs more than this on every edit of a large site).
    let mut news: BTreeMap<(u8, &str), usize> = BTreeMap::new();
    let mut years: BTreeMap<i32, usize> = BTreeMap::new();
    for n in &site.news {
        *news.entry((0, n.category.as_str())).or_default() += 1;
        *years.entry(n.local_date().year()).or_default() += 1;
        for t in &n.tags {
            *news.entry((1, t.slug.as_str())).or_default() += 1;
        }
    }
    let mut docs: BTreeMap<(u8, String), usize> = BTreeMap::new();
    for d in &site.documents {
        *docs.entry((0, d.date.year().to_string())).or_default() += 1;
        *docs.entry((1, d.doc_type.slug().to_string())).or_default() += 1;
        if let Some(f) = &d.field {
            *docs.entry((2, f.clone())).or_default() += 1;
        }
        *docs
            .entry((3, d.issuer.clone().unwrap_or_default()))
            .or_default() += 1;
        if d.in_force != crate::content::document::InForce::Effective {
            *docs.entry((4, d.doc_type.slug().to_string())).or_default() += 1;
        }
    }
    let hash = |x: &dyn Fn(&mut rustc_hash::FxHasher)| {
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        x(&mut h);
        std::hash::Hasher::finish(&h)
    };
    use std::hash::Hash;
    [
        (
            crate::routes::NEWS.url,
            hash(&|h| {
                news.hash(h);
                years.hash(h);
            }),
        ),
        (crate::routes::DOCUMENTS.url, hash(&|h| docs.hash(h))),
    ]
}

/// A hash of what an index page lists, in order.
fn fingerprint(sources: &[&Path]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(sources)
}
