//! Publishing: the public site in the web server's folder (`--publish
//! DIR`), at start, after every approval, when the day changes in the
//! site's time zone (items dated that day go live; countdowns, overdue
//! flags and the tracker's month move on), and at the minute of a post
//! dated later the same day. One publication at a time.
//!
//! Every publication fills a staging folder beside the public one and
//! swaps it in with one atomic exchange (`build`'s staging and marker), so
//! a server killed at any moment leaves the public folder whole. The site
//! stays in memory between publications (a [`Session`] of its own): when
//! only content files changed since the last one, the staging folder starts
//! as hard links to the public folder's files and only the pages those
//! files affect are rendered and replaced; anything else (site.yaml, the
//! theme, static files) builds the whole site again, and so does the first
//! publication of a new day.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use chrono::NaiveDate;
use serde::Serialize;

use congkhai_core::error::{Diagnostic, Diagnostics};

use crate::session::Session;

/// The outcome of the last publication, for the desk.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Publication {
    /// When it finished (UTC, RFC 3339).
    pub(crate) at: String,
    /// Why it ran: "khởi động", "duyệt …", "sang ngày mới".
    pub(crate) reason: String,
    /// Whether the public site was replaced.
    pub(crate) ok: bool,
    /// Pages and files written, or what stopped the build.
    pub(crate) summary: String,
    /// The build's "today".
    pub(crate) today: Option<NaiveDate>,
    /// How long it took, in milliseconds.
    pub(crate) millis: u128,
    /// When the next item waiting for its date goes live (RFC 3339).
    pub(crate) next: Option<String>,
    #[serde(skip)]
    next_at: Option<chrono::DateTime<chrono_tz::Tz>>,
}

/// Builds the site into the public folder.
pub(crate) struct Publisher {
    root: PathBuf,
    dir: PathBuf,
    today: Option<NaiveDate>,
    /// Held for a whole publication (approvals queue behind each other):
    /// the site in memory as the public folder shows it, once known.
    running: Mutex<Option<Kept>>,
    /// Why the publication under way runs, while one does.
    busy: Mutex<Option<String>>,
    /// Told what the desk shows of the public site after each publication
    /// (the month's status, what needs attention, which item each page
    /// shows).
    on_published: std::sync::OnceLock<Box<dyn Fn(Arc<crate::desk::Info>) + Send + Sync>>,
    last: Mutex<Option<Publication>>,
}

/// What the public folder was made from, kept for the next publication.
struct Kept {
    session: Session,
    /// Every source file as it was read for it.
    listing: Listing,
}

/// Marks a publication as under way for as long as it lives.
struct Busy<'a>(&'a Mutex<Option<String>>);

impl<'a> Busy<'a> {
    fn new(slot: &'a Mutex<Option<String>>, reason: &str) -> Busy<'a> {
        *slot.lock().unwrap_or_else(|e| e.into_inner()) = Some(reason.to_string());
        Busy(slot)
    }
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl Publisher {
    /// A publisher of the site at `root` into `dir`; `today` fixes the date
    /// (for tests), None follows the clock.
    pub(crate) fn new(root: &Path, dir: &Path, today: Option<NaiveDate>) -> Publisher {
        Publisher {
            root: root.to_path_buf(),
            dir: dir.to_path_buf(),
            today,
            running: Mutex::new(None),
            busy: Mutex::new(None),
            on_published: std::sync::OnceLock::new(),
            last: Mutex::new(None),
        }
    }

    /// At start: publishes unless the public folder already holds this
    /// very site for this day (same sources, same congkhai, nothing
    /// scheduled has come due since), as the stamp of the last publication
    /// says; a restart of a large site then takes seconds, not a rebuild.
    pub(crate) fn publish_unless_current(
        self: &Arc<Self>,
        reason: &str,
    ) -> Result<Publication, String> {
        let mut kept = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let _busy = Busy::new(&self.busy, reason);
        let started = Instant::now();
        let listing = listing(&self.root, &self.dir);
        let sources = fingerprint(&listing);
        let today = self.day();
        let stamp = Stamp::read(&self.root);
        let current = stamp.as_ref().is_some_and(|s| {
            s.sources == sources
                && s.version == env!("CARGO_PKG_VERSION")
                && s.output == self.dir
                && Some(s.today) == today
                && s.next.is_none_or(|next| next > chrono::Utc::now())
                && self.made_public_folder()
        });
        match (current, stamp) {
            (true, Some(stamp)) => {
                let tz = chrono_tz::Asia::Ho_Chi_Minh;
                let publication = Publication {
                    at: chrono::Utc::now().to_rfc3339(),
                    reason: reason.to_string(),
                    ok: true,
                    summary: format!("{} (đã có sẵn, không cần dựng lại)", stamp.summary),
                    today: Some(stamp.today),
                    millis: started.elapsed().as_millis(),
                    next: stamp.next.map(|t| t.to_rfc3339()),
                    next_at: stamp.next.map(|t| t.with_timezone(&tz)),
                };
                *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(publication.clone());
                Ok(publication)
            }
            _ => self.publish_locked(&mut kept, reason, started, listing),
        }
    }

    /// Who is told what the desk shows of the public site once each
    /// publication (or [`Publisher::remember_public_site`]) is done.
    pub(crate) fn on_published(
        &self,
        tell: impl Fn(Arc<crate::desk::Info>) + Send + Sync + 'static,
    ) {
        let _ = self.on_published.set(Box::new(tell));
    }

    /// Tells the desk what the kept session shows.
    fn tell(&self, kept: &Option<Kept>) {
        let info = kept.as_ref().and_then(|k| k.session.desk_info());
        if let (Some(tell), Some(info)) = (self.on_published.get(), info) {
            tell(info);
        }
    }

    /// Learns what the public folder shows when a start kept it as it was
    /// (renders the site in memory, writing nothing), so the next approval
    /// replaces only what it changes. Approvals wait for it.
    pub(crate) fn remember_public_site(&self) {
        let mut kept = self.running.lock().unwrap_or_else(|e| e.into_inner());
        if kept.is_some() {
            return;
        }
        let listing = listing(&self.root, &self.dir);
        let mut session = Session::public(&self.root, self.today);
        session.set_now(self.now());
        let made = session.full().map_err(|e| e.to_string());
        match made.and_then(|_| session.finish()) {
            Ok(()) => {
                *kept = Some(Kept { session, listing });
                self.tell(&kept);
            }
            // The next publication builds everything.
            Err(e) => eprintln!("warning: the site is not kept in memory:\n{e}"),
        }
    }

    /// Builds and swaps the public folder; on failure the folder is left
    /// as it was and the problems are returned.
    pub(crate) fn publish(self: &Arc<Self>, reason: &str) -> Result<Publication, String> {
        let mut kept = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let _busy = Busy::new(&self.busy, reason);
        let started = Instant::now();
        // Read before building: an edit made during the build is not
        // recorded as published.
        let listing = listing(&self.root, &self.dir);
        self.publish_locked(&mut kept, reason, started, listing)
    }

    /// Deletes the previous public folder after the approver has their
    /// answer (100,000 pages take most of a second), under the same lock
    /// as publications: the next one would otherwise remove it as a
    /// leftover while this is at it.
    fn remove_later(self: &Arc<Self>, previous: PathBuf) {
        let publisher = self.clone();
        std::thread::spawn(move || {
            let _one = publisher.running.lock().unwrap_or_else(|e| e.into_inner());
            match std::fs::remove_dir_all(&previous) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => eprintln!(
                    "warning: could not remove {} ({e}); the next publication will",
                    previous.display()
                ),
                _ => {}
            }
        });
    }

    /// Whether the public folder is one congkhai made (it holds the marker).
    fn made_public_folder(&self) -> bool {
        self.dir
            .join(congkhai_core::output::staging::MARKER)
            .is_file()
    }

    /// The day a publication now is for: the fixed one (tests), else
    /// today in the site's time zone.
    fn day(&self) -> Option<NaiveDate> {
        self.today.or_else(|| {
            congkhai_core::config::Config::from_disk(&self.root)
                .ok()
                .map(|c| c.today())
        })
    }

    /// With the clock (not a fixed test day), posts wait for their minute.
    fn now(&self) -> Option<chrono::DateTime<chrono_tz::Tz>> {
        match self.today {
            Some(_) => None,
            None => congkhai_core::config::Config::from_disk(&self.root)
                .ok()
                .map(|c| chrono::Utc::now().with_timezone(&c.timezone)),
        }
    }

    fn publish_locked(
        self: &Arc<Self>,
        kept: &mut Option<Kept>,
        reason: &str,
        started: Instant,
        listing: Listing,
    ) -> Result<Publication, String> {
        let now = self.now();
        let sources = fingerprint(&listing);
        // What is kept is of the public folder as it is now; a failure
        // leaves it, and the next publication builds everything.
        let result = self.stage(kept.take(), &listing, now);
        let pages = result
            .as_ref()
            .map_or(0, |(session, ..)| session.page_count());
        let (ok, summary, today, next_at) = match &result {
            Ok((session, rendered, _)) => {
                let summary = match rendered {
                    Some(n) => format!("{pages} trang, dựng lại {n} trang"),
                    None => format!("{pages} trang"),
                };
                (true, summary, session.today(), session.next_scheduled())
            }
            // The day stays the last good one's; a failed scheduled
            // publication is tried again ten minutes later.
            Err(problems) => {
                let last = self.last();
                let retry = chrono::Utc::now() + chrono::Duration::minutes(10);
                let tz = now.map_or(chrono_tz::Asia::Ho_Chi_Minh, |n| n.timezone());
                eprintln!("error: publication failed ({reason}):\n{problems}");
                (
                    false,
                    congkhai_core::messages::overview(problems),
                    last.as_ref().and_then(|p| p.today),
                    last.and_then(|p| p.next_at)
                        .map(|_| retry.with_timezone(&tz)),
                )
            }
        };
        if let Ok((session, _, previous)) = result {
            *kept = Some(Kept { session, listing });
            self.tell(kept);
            if let Some(previous) = previous {
                self.remove_later(previous);
            }
        }
        let publication = Publication {
            at: chrono::Utc::now().to_rfc3339(),
            reason: reason.to_string(),
            ok,
            summary: summary.clone(),
            today,
            millis: started.elapsed().as_millis(),
            next: next_at.map(|t| t.to_rfc3339()),
            next_at,
        };
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(publication.clone());
        match (ok, today) {
            (true, Some(today)) => {
                let stamp = Stamp {
                    sources,
                    version: env!("CARGO_PKG_VERSION").to_string(),
                    output: self.dir.clone(),
                    today,
                    next: next_at.map(|t| t.with_timezone(&chrono::Utc)),
                    summary: format!("{} trang", pages),
                };
                stamp.write(&self.root);
                Ok(publication)
            }
            (true, None) => Ok(publication),
            (false, _) => {
                // The public folder is the last good one; the next start
                // publishes again.
                Stamp::remove(&self.root);
                Err(summary)
            }
        }
    }

    /// Makes the new public folder in a staging folder and swaps it in:
    /// from the session in memory when only content files changed since it
    /// was made (returning how many pages were rendered again), else
    /// whole from disk (None). Returns where the previous public folder
    /// now is, to delete.
    fn stage(
        &self,
        kept: Option<Kept>,
        listing: &Listing,
        now: Option<chrono::DateTime<chrono_tz::Tz>>,
    ) -> Result<(Session, Option<usize>, Option<PathBuf>), Diagnostics> {
        let mut timer = congkhai_core::build::PhaseTimer::from_env();
        let staging = congkhai_core::build::prepare_output(&self.root, &self.dir, false)?;
        let io = |what: &str, e: &dyn std::fmt::Display| {
            Diagnostics(vec![Diagnostic::error(&self.dir, format!("{what}: {e}"))
                .hint("check the folder's permissions and free disk space")])
        };
        // A new day renders every page anyway: it is made from scratch, so
        // the public folder is once a day exactly what `build` makes even
        // if someone changed a file in it by hand.
        let today = self.day();
        // And a public folder that is not the last one made (removed or
        // replaced by hand) is made whole.
        let ours = self.made_public_folder();
        let changed = kept
            .as_ref()
            .filter(|k| ours && k.session.today() == today)
            .and_then(|k| content_changes(&k.listing, listing));
        // (The session is dropped here when everything is built again: two
        // sites in memory at once would double the server's peak.)
        let incremental = match (kept, changed) {
            (Some(Kept { session, .. }), Some(changed)) => Some((session, changed)),
            _ => None,
        };
        let (mut session, rendered) = match incremental {
            Some((mut session, changed)) => {
                staging
                    .link_previous()
                    .map_err(|e| io("cannot copy the public folder", &e))?;
                timer.lap("link the public folder's files into staging");
                session.write_into(Some(staging.dir()));
                session.set_now(now);
                let outcome = session.content_changed(&changed, &mut |_| {})?;
                session
                    .finish()
                    .map_err(|e| io("cannot write the public site", &e))?;
                (session, Some(outcome.pages))
            }
            None => {
                let mut session = Session::public(&self.root, self.today);
                session.write_into(Some(staging.dir()));
                session.set_now(now);
                session.full_into(Some(&staging))?;
                (session, None)
            }
        };
        timer.lap("rendered");
        // Nothing is written into the public folder once it is swapped in.
        session.write_into(None);
        let previous = staging
            .commit_keeping_previous()
            .map_err(|e| io("cannot replace the public folder", &e))?;
        timer.lap("swap");
        Ok((session, rendered, previous))
    }

    /// Why the publication under way runs, while one does.
    pub(crate) fn busy(&self) -> Option<String> {
        self.busy.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The last publication, if there was one.
    pub(crate) fn last(&self) -> Option<Publication> {
        self.last.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Publishes again whenever the date changes in the site's time zone or
    /// an item's scheduled moment has come, checking every `tick`, on a
    /// thread of its own.
    pub(crate) fn on_new_day(self: &Arc<Self>, tick: Duration) {
        let publisher = self.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(tick);
            let Ok(config) = congkhai_core::config::Config::from_disk(&publisher.root) else {
                continue;
            };
            let today = publisher.today.unwrap_or_else(|| config.today());
            let last = publisher.last();
            let new_day = last
                .as_ref()
                .and_then(|p| p.today)
                .is_some_and(|d| d != today);
            let due = last
                .as_ref()
                .and_then(|p| p.next_at)
                .is_some_and(|at| at <= chrono::Utc::now());
            let reason = match (new_day, due) {
                (true, _) => "sang ngày mới",
                (false, true) => "đến giờ đăng đã hẹn",
                _ => continue,
            };
            if let Err(e) = publisher.publish(reason) {
                eprintln!("error: the scheduled publication failed:\n{e}");
            }
        });
    }
}

/// What the last good publication published, kept in the site's
/// `.congkhai/published.json`.
#[derive(Debug, Serialize, serde::Deserialize)]
struct Stamp {
    /// The [`fingerprint`] of the sources' [`Listing`] when it started.
    sources: u64,
    /// The congkhai that built it.
    version: String,
    output: PathBuf,
    /// Its "today".
    today: NaiveDate,
    /// When the next item waiting for its date goes live.
    next: Option<chrono::DateTime<chrono::Utc>>,
    summary: String,
}

impl Stamp {
    fn path(root: &Path) -> PathBuf {
        root.join(".congkhai").join("published.json")
    }

    fn read(root: &Path) -> Option<Stamp> {
        serde_json::from_slice(&std::fs::read(Self::path(root)).ok()?).ok()
    }

    fn write(&self, root: &Path) {
        let path = Self::path(root);
        let json = serde_json::to_vec_pretty(self).expect("a stamp serialises");
        let tmp = path.with_extension("json.tmp");
        let written = std::fs::create_dir_all(root.join(".congkhai"))
            .and_then(|()| std::fs::write(&tmp, json))
            .and_then(|()| std::fs::rename(&tmp, &path));
        if let Err(e) = written {
            eprintln!(
                "warning: {}: {e} (the next start publishes again)",
                path.display()
            );
        }
    }

    fn remove(root: &Path) {
        let _ = std::fs::remove_file(Self::path(root));
    }
}

/// Every file a build reads, by path from the site's folder, with its size
/// and time of modification, in path order: everything under the site's
/// folder but congkhai's own (`.congkhai/`), version control and the
/// outputs (`public/`, the public folder).
type Listing = Vec<(PathBuf, u64, Option<SystemTime>)>;

fn listing(root: &Path, out: &Path) -> Listing {
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let mut entries: Listing = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|e| {
            let ours = e.depth() == 1
                && matches!(
                    e.file_name().to_str(),
                    Some(".congkhai" | ".git" | "public")
                );
            !ours && e.path() != out
        })
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            let rel = e.path().strip_prefix(root).ok()?.to_path_buf();
            Some((rel, meta.len(), meta.modified().ok()))
        })
        .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    entries
}

/// A fingerprint of a [`Listing`], for the stamp.
fn fingerprint(listing: &Listing) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(listing)
}

/// The files that were added, changed or removed between two listings,
/// when all of them are under `content/` (items and their attachments);
/// None when anything else changed (site.yaml, the theme, static files,
/// data), which needs the whole site built again.
fn content_changes(old: &Listing, new: &Listing) -> Option<Vec<PathBuf>> {
    use std::cmp::Ordering;
    let (mut a, mut b) = (old.iter().peekable(), new.iter().peekable());
    let mut changed = Vec::new();
    loop {
        let path = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some(_), None) => &a.next()?.0,
            (None, Some(_)) => &b.next()?.0,
            (Some(x), Some(y)) => match x.0.cmp(&y.0) {
                Ordering::Less => &a.next()?.0,
                Ordering::Greater => &b.next()?.0,
                Ordering::Equal => {
                    let (x, y) = (a.next()?, b.next()?);
                    if x == y {
                        continue;
                    }
                    &x.0
                }
            },
        };
        if !path.starts_with("content") {
            return None;
        }
        changed.push(path.clone());
    }
    Some(changed)
}
