//! The build state kept in memory between changes, so that an edited
//! content file re-renders only the pages that show it: the preview's
//! (`serve`), and the publishing server's ([`Session::public`], written
//! into a staging copy of the public folder).
//!
//! A change to `site.yaml`, a template or a static file rebuilds everything;
//! so does a change that alters what every page shows (the menu of pages,
//! the month's status line in the footer). Otherwise a page is rendered
//! again when what it displays, as the site model says ([`PageJob::shows`](congkhai_core::render::pages::PageJob::shows)),
//! changed: one of the files it shows was edited, or its list is not the
//! one it showed (an item entered, left or moved; an index page's section
//! navigation changed). Pages that summarise the whole site (home, tracker)
//! and the generated files are always rendered again, and only files whose
//! bytes changed are written.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use congkhai_core::build::PhaseTimer;
use congkhai_core::config::Config;
use congkhai_core::content::{self, Content};
use congkhai_core::error::Diagnostics;
use congkhai_core::output::search::LiveIndex;
use congkhai_core::output::{InPlace, Sink};
use congkhai_core::pipeline::{self, emit, write_assets, Pipeline};
use congkhai_core::render::pages::Shows;
use congkhai_core::site::tracker::{MonthFigure, Tracker};
use congkhai_core::site::{BuildOptions, Site};
use congkhai_core::theme::Theme;

/// What one rebuild did.
#[derive(Debug)]
pub struct Outcome {
    /// How many pages were rendered.
    pub pages: usize,
    /// The pages written after those [`Session::content_changed`] told of
    /// first; None when every page may have changed.
    pub urls: Option<Vec<String>>,
    /// How long it took.
    pub elapsed: Duration,
}

/// The preview's state between edits: the content in memory, the
/// theme, and what each page showed, so an edit renders only what it touches.
pub struct Session {
    root: PathBuf,
    /// Where files are written; None renders without writing (to learn
    /// what a folder built earlier shows).
    out: Option<PathBuf>,
    today: Option<NaiveDate>,
    /// The present moment, when posts dated to the minute wait for it.
    now: Option<chrono::DateTime<chrono_tz::Tz>>,
    drafts: bool,
    /// The publishing server's session: the approved site, as `build`
    /// makes it (no preview notes), and the search index written before a
    /// rebuild returns (the folder is swapped in right after).
    public: bool,
    /// The site's sources as last read; edits are applied to them in place.
    sources: Option<Sources>,
    state: Option<State>,
    /// What is left of the last rebuild once its pages are written.
    tail: Option<Tail>,
    /// The search index in memory, once made; updated for edited items.
    search: Arc<Mutex<Option<LiveIndex>>>,
    /// The site the preview's search index is being made for on another
    /// thread, and the newest one waiting for it.
    search_waiting: Arc<Mutex<SearchWaiting>>,
    /// The files of the search index last written, so a new index removes
    /// those it no longer has (fewer documents, fewer chunks).
    search_files: Arc<Mutex<HashSet<String>>>,
}

/// What a rebuild still writes after open pages are told to reload: files
/// nobody is looking at while editing (feeds, open data, sitemaps, the
/// search index), and the removal of pages the site no longer has.
struct Tail {
    site: Arc<Site>,
    tracker: Tracker,
    /// Pages and published files (attachments) of the last build that
    /// this one does not have.
    gone: Vec<String>,
    /// Files the site publishes as they are, already written: a static
    /// `robots.txt` stands over the generated one.
    assets: HashSet<String>,
}

/// The site's configuration, theme and content, kept between edits.
struct Sources {
    config: Config,
    theme: Theme,
    content: Content,
    /// Content files applied since the last good build: a build that
    /// failed (a duplicate address, say) leaves them to the next one.
    pending: HashSet<PathBuf>,
}

/// What the last good build rendered.
struct State {
    /// The day it was built for: countdowns and overdue flags move on.
    today: NaiveDate,
    /// When the next item held back for its minute becomes public.
    next_scheduled: Option<chrono::DateTime<chrono_tz::Tz>>,
    current: MonthFigure,
    /// What every page shows on every page: the menu of pages.
    menu: u64,
    /// A fingerprint of what each page displayed ([`PageJob::shows`](congkhai_core::render::pages::PageJob::shows)), to
    /// render again only the pages whose display changed.
    shown: HashMap<String, u64>,
    /// Every page URL, for the sitemap.
    all_urls: BTreeSet<String>,
    /// Every file published as it is (theme assets, static files,
    /// attachments), by URL.
    assets: HashSet<String>,
    /// What the editing desk shows from this build.
    desk: Arc<super::desk::Info>,
}

impl Session {
    /// A preview session for the site at `root`, rendering into `out`.
    pub fn new(root: &Path, out: &Path, today: Option<NaiveDate>, drafts: bool) -> Session {
        Session {
            root: root.to_path_buf(),
            out: Some(out.to_path_buf()),
            today,
            now: None,
            drafts,
            public: false,
            sources: None,
            state: None,
            tail: None,
            search: Arc::new(Mutex::new(None)),
            search_waiting: Arc::new(Mutex::new(SearchWaiting::default())),
            search_files: Arc::new(Mutex::new(HashSet::new())),
        }
    }

    /// A session of the public site (the publishing server): no drafts, no
    /// preview notes, the same files as `build`. Writes nothing until told
    /// where ([`Session::write_into`]).
    pub fn public(root: &Path, today: Option<NaiveDate>) -> Session {
        Session {
            out: None,
            public: true,
            ..Session::new(root, root, today, false)
        }
    }

    /// Where the next rebuild writes (a staging copy of the public
    /// folder), or None to render without writing.
    pub fn write_into(&mut self, out: Option<&Path>) {
        self.out = out.map(Path::to_path_buf);
    }

    /// The day the next rebuild is for, or None for the site's today.
    pub fn set_today(&mut self, today: Option<NaiveDate>) {
        self.today = today;
    }

    /// The present moment for the next rebuild (posts dated to the minute
    /// wait for it), or None to show a post dated today all day.
    pub fn set_now(&mut self, now: Option<chrono::DateTime<chrono_tz::Tz>>) {
        self.now = now;
    }

    /// How many pages the last good build has.
    pub fn page_count(&self) -> usize {
        self.state.as_ref().map_or(0, |s| s.all_urls.len())
    }

    /// When the next item held back for its minute becomes public, as the
    /// last good build says.
    pub fn next_scheduled(&self) -> Option<chrono::DateTime<chrono_tz::Tz>> {
        self.state.as_ref().and_then(|s| s.next_scheduled)
    }

    /// The day the last good build was made for.
    pub fn today(&self) -> Option<NaiveDate> {
        self.state.as_ref().map(|s| s.today)
    }

    /// Whether the content in memory holds an item read from under `rel`
    /// (a folder, relative to the root); true when there is no content in
    /// memory, as anything may be there.
    pub fn holds_items_under(&self, rel: &Path) -> bool {
        self.sources
            .as_ref()
            .is_none_or(|s| s.content.items().any(|i| i.source().starts_with(rel)))
    }

    /// Rebuilds everything from disk.
    pub fn full(&mut self) -> Result<Outcome, Diagnostics> {
        let sink = self.sink();
        self.full_into(sink.as_ref().map(|s| s as &dyn Sink))
    }

    /// Rebuilds everything from disk, writing pages and published files
    /// into `sink` (a fresh staging folder, say); what follows the pages
    /// ([`Session::finish`]) goes where [`Session::write_into`] says.
    pub fn full_into(&mut self, sink: Option<&dyn Sink>) -> Result<Outcome, Diagnostics> {
        let started = Instant::now();
        let config = Config::from_disk(&self.root)?;
        let theme = Theme::load(&config)?;
        let content = content::load(&config)?;
        let (pages, _) = self.render(&config, &theme, &content, None, &mut |_| {}, sink)?;
        // A whole rebuild (a template, site.yaml, a static file) may change
        // what every page shows: nothing waits for after the reload.
        if let Err(e) = self.finish() {
            let at = self.out.clone().unwrap_or_else(|| self.root.clone());
            return Err(Diagnostics(vec![congkhai_core::error::Diagnostic::error(
                at, e,
            )
            .hint("check the folder's permissions and free disk space")]));
        }
        self.sources = Some(Sources {
            config,
            theme,
            content,
            pending: HashSet::new(),
        });
        Ok(Outcome {
            pages,
            urls: None,
            elapsed: started.elapsed(),
        })
    }

    /// Applies changed content files (paths relative to the root) to the
    /// content in memory, in place (a copy of 10,000 posts costs more than
    /// the rest of an edit), and renders what they affect: first the pages
    /// of the changed items themselves, whose URLs `written` is told as
    /// soon as they are written, then the rest.
    pub fn content_changed(
        &mut self,
        changed: &[PathBuf],
        written: &mut dyn FnMut(&[String]),
    ) -> Result<Outcome, Diagnostics> {
        let Some(mut sources) = self.sources.take() else {
            return self.full();
        };
        let started = Instant::now();
        let mut problems = Diagnostics::default();
        for rel in changed {
            sources.pending.insert(rel.clone());
            // A file that fails keeps its last good version.
            if let Err(ds) = sources.content.update(&sources.config, rel) {
                problems.extend(ds);
            }
        }
        let result = if problems.has_errors() {
            Err(problems)
        } else {
            let changes = Changes {
                sources: sources.pending.clone(),
            };
            let sink = self.sink();
            self.render(
                &sources.config,
                &sources.theme,
                &sources.content,
                Some(&changes),
                written,
                sink.as_ref().map(|s| s as &dyn Sink),
            )
        };
        if result.is_ok() {
            sources.pending.clear();
        }
        self.sources = Some(sources);
        let (pages, urls) = result?;
        Ok(Outcome {
            pages,
            urls,
            elapsed: started.elapsed(),
        })
    }

    /// Renders (everything, or what `changes` touches: the changed items'
    /// own pages first, told to `written`) and records the new state.
    /// Returns how many pages were rendered and, unless every page was,
    /// the URLs of those rendered after the first.
    fn render(
        &mut self,
        config: &Config,
        theme: &Theme,
        content: &Content,
        changes: Option<&Changes>,
        written: &mut dyn FnMut(&[String]),
        sink: Option<&dyn Sink>,
    ) -> Result<(usize, Option<Vec<String>>), Diagnostics> {
        let mut timer = PhaseTimer::from_env();
        let today = self.today.unwrap_or_else(|| config.today());
        let site = Site::new(
            content.clone(),
            config.clone(),
            BuildOptions {
                today,
                now: self.now,
                include_drafts: self.drafts,
                preview: !self.public,
            },
        )?;
        timer.lap("site model");
        let pipeline = Pipeline::new(site, theme.clone())?;
        timer.lap("tracker and templates");
        let (site, tracker) = (&pipeline.site, &pipeline.tracker);
        // What every page shows (the menu of pages, the month's status
        // line) changed, or the day did (countdowns, overdue flags): every
        // page is rendered again.
        let menu = menu(site);
        let everything = match (changes, &self.state) {
            (None, _) | (_, None) => true,
            (Some(_), Some(old)) => {
                old.current != tracker.current || old.menu != menu || old.today != today
            }
        };
        let old_shown = self.state.as_ref().map(|s| &s.shown);
        // What each page shows, gathered by each rendering thread in its
        // own list (one shared map under a lock cost a second at 100,000
        // pages).
        let threads = rayon::current_num_threads() + 1;
        let shown: Vec<Mutex<Vec<(String, u64)>>> =
            (0..threads).map(|_| Mutex::new(Vec::new())).collect();
        let wanted = pipeline::wanted(|job, shared| match job.shows(shared) {
            Shows::Site => true,
            Shows::Sources(sources) => {
                let url = job.url();
                let fingerprint = fingerprint(&sources) ^ job.navigation(shared);
                let render = everything
                    || changes.is_some_and(|ch| sources.iter().any(|s| ch.sources.contains(*s)))
                    || old_shown.and_then(|l| l.get(&url)) != Some(&fingerprint);
                let slot = rayon::current_thread_index().map_or(threads - 1, |i| i % threads);
                shown[slot]
                    .lock()
                    .expect("shown lock")
                    .push((url, fingerprint));
                render
            }
        });
        // The changed items' own pages go first: the page being edited
        // reloads without waiting for the lists around it. The first build
        // writes the files every page links to (styles, scripts) and the
        // pages at the top of the site (home, section lists) first: the
        // preview serves them while the rest is written.
        let first_build = self.state.is_none();
        let written_first = if first_build {
            Some(publish_assets(&pipeline, sink)?)
        } else {
            None
        };
        let own = pipeline::wanted(|job, _| match changes {
            _ if first_build => at_the_top(&job.url()),
            Some(ch) if !everything => job.source().is_some_and(|s| ch.sources.contains(s)),
            _ => false,
        });
        let mut first = 0;
        let (pages, all_urls) = pipeline.render_staged(
            sink,
            &own,
            &mut |urls| {
                first = urls.len();
                written(urls);
            },
            &wanted,
        )?;
        let rendered = pages.len();
        let later = (!everything).then(|| pages[first..].iter().map(|p| p.url.clone()).collect());
        timer.lap("pages");
        let shown: HashMap<String, u64> = shown
            .into_iter()
            .flat_map(|list| list.into_inner().expect("shown lock"))
            .collect();
        let assets = match written_first {
            Some(assets) => assets,
            None => publish_assets(&pipeline, sink)?,
        };
        // Pages of items that moved or went, index pages that are no longer
        // needed (a tag no post has, a trailing page of a shorter list) and
        // attachments no item names any more are removed after the reload.
        let gone = match &self.state {
            Some(old) => old
                .all_urls
                .difference(&all_urls)
                .chain(old.assets.difference(&assets))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        timer.lap("assets");
        let next_scheduled = pipeline.site.next_scheduled;
        let (site, tracker) = pipeline.into_parts();
        let site = Arc::new(site);
        let desk = Arc::new(super::desk::Info::new(site.clone(), &tracker));
        let current = tracker.current.clone();
        timer.lap("desk");
        self.tail = Some(Tail {
            site,
            tracker,
            gone,
            assets: assets.clone(),
        });
        self.state = Some(State {
            today,
            next_scheduled,
            current,
            menu,
            shown,
            all_urls,
            assets,
            desk,
        });
        Ok((rendered, later))
    }

    /// Writes what the last rebuild left for after the reload: removes the
    /// pages the site no longer has, writes feeds, open data and sitemaps,
    /// and brings the search index up to date. Returns what could not be
    /// written (the preview warns; the publishing server does not swap).
    pub fn finish(&mut self) -> Result<(), String> {
        let Some(tail) = self.tail.take() else {
            return Ok(());
        };
        let mut timer = PhaseTimer::from_env();
        let Some(sink) = self.sink() else {
            // Nothing is written: the search index is only made in memory.
            return self.update_search(tail.site);
        };
        remove_files(&sink.dir, tail.gone.iter())?;
        let urls = self.state.as_ref().map(|s| &s.all_urls);
        let mut files = pipeline::feeds_and_data(&tail.site, &tail.tracker);
        files.extend(pipeline::sitemaps(
            &tail.site,
            urls.into_iter().flatten().map(String::as_str),
        ));
        files.retain(|f| !tail.assets.contains(&f.url));
        emit(files, Some(&sink))
            .map_err(|problems| format!("feeds, open data or sitemaps not written: {problems}"))?;
        timer.lap("feeds, data and sitemaps");
        let written = self.update_search(tail.site);
        timer.lap("search index");
        written
    }

    /// What the editing desk shows from the last good build.
    pub fn desk_info(&self) -> Option<Arc<super::desk::Info>> {
        self.state.as_ref().map(|s| s.desk.clone())
    }

    /// Where files go now, if anywhere.
    fn sink(&self) -> Option<InPlace> {
        self.out.clone().map(|dir| InPlace { dir })
    }

    /// Brings the search index to `site`: in place when the documents
    /// kept their order (an edit, a new or deleted item), writing only the
    /// files that changed; else made anew: before returning for the public
    /// site, on another thread for the preview. That thread, once done,
    /// brings what it made to the newest site the edits saved meanwhile
    /// asked for (in place, or made anew once more), so edits in a row
    /// never start one index each. A new index removes the old one's files
    /// it does not have.
    fn update_search(&self, site: Arc<Site>) -> Result<(), String> {
        let sink = self.sink();
        let mut live = self.search.lock().expect("search lock");
        if let Some(update) = live.as_mut().and_then(|index| index.update(site.clone())) {
            return apply_update(&self.search_files, sink.as_ref(), update);
        }
        // The index in memory is of an older site (or being made).
        *live = None;
        if self.public {
            let (index, files) = LiveIndex::build(site);
            write_whole_index(&self.search_files, sink.as_ref(), files)?;
            *live = Some(index);
            return Ok(());
        }
        let mut waiting = self.search_waiting.lock().expect("search waiting lock");
        waiting.site = Some((site, sink));
        if !waiting.running {
            waiting.running = true;
            let (search, waiting, written) = (
                self.search.clone(),
                self.search_waiting.clone(),
                self.search_files.clone(),
            );
            std::thread::spawn(move || {
                // On a pool of one thread of its own: an edit saved
                // meanwhile renders its pages on the shared pool instead of
                // queueing behind the index's work (seconds at 100,000 posts).
                let make = || make_index_behind(&search, &waiting, &written);
                let made = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                    Ok(pool) => pool.install(make),
                    Err(_) => make(),
                };
                if let Err(e) = made {
                    waiting.lock().expect("search waiting lock").running = false;
                    eprintln!("warning: {e}");
                }
            });
        }
        Ok(())
    }
}

/// The newest site the preview's search index is to be made for, with
/// where to write it, and whether a thread is making it.
#[derive(Default)]
struct SearchWaiting {
    site: Option<ToIndex>,
    running: bool,
}

/// A site whose search index is to be made, and where to write it.
type ToIndex = (Arc<Site>, Option<InPlace>);

/// The preview's index maker: makes the index of the site waiting, then
/// brings it to any newer site that came meanwhile; ends when none waits.
/// Locks are taken in one order (the index, then what waits).
fn make_index_behind(
    search: &Mutex<Option<LiveIndex>>,
    waiting: &Mutex<SearchWaiting>,
    written: &Mutex<HashSet<String>>,
) -> Result<(), String> {
    let mut next = waiting.lock().expect("search waiting lock").site.take();
    while let Some((site, sink)) = next.take() {
        let (index, files) = LiveIndex::build(site);
        let mut live = search.lock().expect("search lock");
        write_whole_index(written, sink.as_ref(), files)?;
        next = bring_to_newest(live.insert(index), waiting, written)?;
        if next.is_some() {
            *live = None;
        }
    }
    Ok(())
}

/// Brings an index just made to the newest site that waits for one, in
/// place; returns that site when it must be made anew (an item moved),
/// else marks the maker idle.
fn bring_to_newest(
    index: &mut LiveIndex,
    waiting: &Mutex<SearchWaiting>,
    written: &Mutex<HashSet<String>>,
) -> Result<Option<ToIndex>, String> {
    let mut waiting = waiting.lock().expect("search waiting lock");
    while let Some((site, sink)) = waiting.site.take() {
        match index.update(site.clone()) {
            Some(update) => apply_update(written, sink.as_ref(), update)?,
            None => return Ok(Some((site, sink))),
        }
    }
    waiting.running = false;
    Ok(None)
}

/// Writes the files an index update changed and removes those it no
/// longer has, keeping `written` (the index's files) up to date.
fn apply_update(
    written: &Mutex<HashSet<String>>,
    sink: Option<&InPlace>,
    update: congkhai_core::output::search::IndexUpdate,
) -> Result<(), String> {
    let mut files = written.lock().expect("search files lock");
    files.extend(update.files.iter().map(|f| f.url.clone()));
    for url in &update.gone {
        files.remove(url);
    }
    write_index(sink, update.files)?;
    if let Some(sink) = sink {
        remove_files(&sink.dir, update.gone.iter())?;
    }
    Ok(())
}

/// Writes a whole new index and removes the files of the one before that
/// it does not have.
fn write_whole_index(
    written: &Mutex<HashSet<String>>,
    sink: Option<&InPlace>,
    files: Vec<congkhai_core::output::Generated>,
) -> Result<(), String> {
    let urls: HashSet<String> = files.iter().map(|f| f.url.clone()).collect();
    write_index(sink, files)?;
    let mut old = written.lock().expect("search files lock");
    if let Some(sink) = sink {
        remove_files(&sink.dir, old.difference(&urls))?;
    }
    *old = urls;
    Ok(())
}

/// Deletes the files of pages and published files the site no longer has.
fn remove_files<'a>(dir: &Path, gone: impl Iterator<Item = &'a String>) -> Result<(), String> {
    for url in gone {
        if let Some(rel) = congkhai_core::output::url_to_file(url) {
            match std::fs::remove_file(dir.join(&rel)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(format!("could not remove {}: {e}", rel.display()));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// What changed since the last build: the content files, from the root.
struct Changes {
    sources: HashSet<PathBuf>,
}

/// A hash of the menu of pages every page shows.
/// Writes theme assets, static files and attachments as a build writes
/// them (a static robots.txt over the generated one; only files whose
/// bytes changed); returns their URLs.
fn publish_assets(
    pipeline: &Pipeline,
    sink: Option<&dyn Sink>,
) -> Result<HashSet<String>, Diagnostics> {
    let assets = pipeline.assets(&mut Vec::new())?;
    if let Some(sink) = sink {
        write_assets(&assets, sink)?;
    }
    Ok(assets.iter().map(|a| a.url().to_string()).collect())
}

/// Whether a page is at the top of the site: the home page, a section's
/// list, a page of its own (`/`, `/tin-tuc/`, `/404.html`).
fn at_the_top(url: &str) -> bool {
    !url.trim_matches('/').contains('/')
}

fn menu(site: &Site) -> u64 {
    use std::hash::BuildHasher;
    let pages: Vec<(&str, &str)> = site
        .pages
        .iter()
        .filter(|p| p.menu)
        .map(|p| (p.title.as_str(), p.url.as_str()))
        .collect();
    rustc_hash::FxBuildHasher.hash_one(pages)
}

/// A hash of what an index page lists, in order.
fn fingerprint(sources: &[&Path]) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    // The paths' bytes: hashing a `Path` parses its components.
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    for s in sources {
        s.as_os_str().as_encoded_bytes().hash(&mut h);
    }
    h.finish()
}

/// Writes search-index files (nowhere when there is no sink).
fn write_index(
    sink: Option<&InPlace>,
    files: Vec<congkhai_core::output::Generated>,
) -> Result<(), String> {
    let Some(sink) = sink else {
        return Ok(());
    };
    for f in files {
        if let Err(e) = sink.write(&f.url, &f.bytes) {
            // The preview folder is gone when serve is stopping.
            return match sink.dir.is_dir() {
                true => Err(format!("search index not updated: {}: {e}", f.url)),
                false => Ok(()),
            };
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_path_buf();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// A copy of the fixture site `name`.
    fn fixture(name: &str) -> tempfile::TempDir {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
            let to = dir.path().join(entry.path().strip_prefix(&src).unwrap());
            match entry.file_type().is_dir() {
                true => std::fs::create_dir_all(&to).unwrap(),
                false => drop(std::fs::copy(entry.path(), &to).unwrap()),
            }
        }
        dir
    }

    /// Waits for the preview's index maker to have made the index.
    fn wait_for_index(session: &Session) {
        for _ in 0..600 {
            let idle = !session.search_waiting.lock().unwrap().running;
            if idle && session.search.lock().unwrap().is_some() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("the search index was not made");
    }

    /// The search-index files in a preview folder.
    fn index_files(out: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        tree(&out.join("tim-kiem"))
            .into_iter()
            .filter(|(rel, _)| rel.extension().is_some_and(|e| e == "json"))
            .collect()
    }

    #[test]
    fn an_index_made_behind_edits_is_brought_to_the_newest_site_that_waits() {
        let site = fixture("basic");
        let day = NaiveDate::from_ymd_opt(2026, 4, 20);
        let (kept, fresh) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut session = Session::new(site.path(), kept.path(), day, false);
        session.full().unwrap();
        wait_for_index(&session);
        // The maker has just made the index of the first build; the sites
        // of edits saved meanwhile wait for it (each newer replacing the one
        // before): a new title (brought in place), then a new date (the
        // post moves ahead of the others: to be made anew).
        let mut index = session.search.lock().unwrap().take().unwrap();
        let post = site.path().join("content/news/thang-hai.md");
        let text = std::fs::read_to_string(&post).unwrap();
        let retitled = text.replacen("title: \"", "title: \"Tiêu đề mới ", 1);
        let moved = retitled.replacen("date: 2026-02-28", "date: 2026-04-18", 1);
        let site_after = |session: &mut Session, text: &str| {
            std::fs::write(&post, text).unwrap();
            let rel = Path::new("content/news/thang-hai.md").to_path_buf();
            session.content_changed(&[rel], &mut |_| {}).unwrap();
            let site = session.tail.take().unwrap().site;
            *session.search_waiting.lock().unwrap() = SearchWaiting {
                site: Some((site.clone(), session.sink())),
                running: true,
            };
            site
        };
        site_after(&mut session, &retitled);
        let next = bring_to_newest(&mut index, &session.search_waiting, &session.search_files);
        assert!(next.unwrap().is_none(), "a new title is brought in place");
        assert!(!session.search_waiting.lock().unwrap().running);
        let mut reference = Session::new(site.path(), fresh.path(), day, false);
        reference.full().unwrap();
        wait_for_index(&reference);
        let expected = index_files(fresh.path());
        assert!(!expected.is_empty());
        assert!(
            index_files(kept.path()) == expected,
            "not the index of the newest site"
        );
        let newest = site_after(&mut session, &moved);
        let next = bring_to_newest(&mut index, &session.search_waiting, &session.search_files);
        let (site, _) = next.unwrap().expect("a moved post: made anew");
        assert!(Arc::ptr_eq(&site, &newest));
    }

    #[test]
    fn a_post_whose_minute_comes_is_published_as_a_whole_build_would() {
        let site = fixture("basic");
        std::fs::write(
            site.path().join("content/news/den-gio.md"),
            "---\ntitle: Tin đến giờ đăng\ndate: 2026-12-01 10:00\ncategory: hoat-dong\n---\nNội dung.\n",
        )
        .unwrap();
        let at = |h, m| {
            use chrono::TimeZone;
            Some(
                chrono_tz::Asia::Ho_Chi_Minh
                    .with_ymd_and_hms(2026, 12, 1, h, m, 0)
                    .unwrap(),
            )
        };
        let day = NaiveDate::from_ymd_opt(2026, 12, 1);
        let (kept, fresh) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut session = Session::public(site.path(), day);
        session.write_into(Some(kept.path()));
        session.set_now(at(9, 0));
        session.full().unwrap();
        assert!(!kept.path().join("tin-tuc/den-gio/index.html").exists());
        assert_eq!(session.next_scheduled(), at(10, 0));
        session.set_now(at(10, 1));
        session.content_changed(&[], &mut |_| {}).unwrap();
        session.finish().unwrap();
        assert!(kept.path().join("tin-tuc/den-gio/index.html").is_file());
        let mut reference = Session::public(site.path(), day);
        reference.write_into(Some(fresh.path()));
        reference.set_now(at(10, 1));
        reference.full().unwrap();
        assert!(
            tree(kept.path()) == tree(fresh.path()),
            "not what a whole build makes"
        );
    }

    #[test]
    fn a_new_day_renders_every_page_again_even_when_no_file_changed() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/basic");
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d);
        let (kept, fresh) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut session = Session::public(&root, day(1));
        session.write_into(Some(kept.path()));
        session.full().unwrap();
        session.set_today(day(2));
        let outcome = session.content_changed(&[], &mut |_| {}).unwrap();
        session.finish().unwrap();
        let mut reference = Session::public(&root, day(2));
        reference.write_into(Some(fresh.path()));
        let all = reference.full().unwrap().pages;
        assert_eq!(
            outcome.pages, all,
            "not every page was rendered for the new day"
        );
        assert!(
            tree(kept.path()) == tree(fresh.path()),
            "the pages are not the new day's"
        );
    }
}
