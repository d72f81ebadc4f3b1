//! Publishing: the public site in the web server's folder (`--publish
//! DIR`), built with `build`'s staging, marker and atomic swap, at start,
//! after every approval, when the day changes in the site's time zone
//! (items dated that day go live; countdowns, overdue flags and the
//! tracker's month move on), and at the minute of a post dated later the
//! same day. One publication at a time.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use serde::Serialize;

use congkhai_core::build::{build, BuildConfig};

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
    /// Held for a whole publication: approvals queue behind each other.
    running: Mutex<()>,
    /// Why the publication under way runs, while one does.
    busy: Mutex<Option<String>>,
    last: Mutex<Option<Publication>>,
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
            running: Mutex::new(()),
            busy: Mutex::new(None),
            last: Mutex::new(None),
        }
    }

    /// At start: publishes unless the public folder already holds this
    /// very site for this day (same sources, same congkhai, nothing
    /// scheduled has come due since), as the stamp of the last publication
    /// says; a restart of a large site then takes seconds, not a rebuild.
    pub(crate) fn publish_unless_current(&self, reason: &str) -> Result<Publication, String> {
        let _one = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let _busy = Busy::new(&self.busy, reason);
        let started = Instant::now();
        let sources = sources_fingerprint(&self.root, &self.dir);
        let today = self.today.or_else(|| {
            congkhai_core::config::Config::from_disk(&self.root)
                .ok()
                .map(|c| c.today())
        });
        let stamp = Stamp::read(&self.root);
        let current = stamp.as_ref().is_some_and(|s| {
            s.sources == sources
                && s.version == env!("CARGO_PKG_VERSION")
                && s.output == self.dir
                && Some(s.today) == today
                && s.next.is_none_or(|next| next > chrono::Utc::now())
                && self
                    .dir
                    .join(congkhai_core::output::staging::MARKER)
                    .is_file()
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
            _ => self.publish_locked(reason, started, sources),
        }
    }

    /// Builds and swaps the public folder; on failure the folder is left
    /// as it was and the problems are returned.
    pub(crate) fn publish(&self, reason: &str) -> Result<Publication, String> {
        let _one = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let _busy = Busy::new(&self.busy, reason);
        let started = Instant::now();
        // Read before building: an edit made during the build is not
        // recorded as published.
        let sources = sources_fingerprint(&self.root, &self.dir);
        self.publish_locked(reason, started, sources)
    }

    fn publish_locked(
        &self,
        reason: &str,
        started: Instant,
        sources: u64,
    ) -> Result<Publication, String> {
        // With the clock (not a fixed test day), posts wait for their minute.
        let now = match self.today {
            Some(_) => None,
            None => congkhai_core::config::Config::from_disk(&self.root)
                .ok()
                .map(|c| chrono::Utc::now().with_timezone(&c.timezone)),
        };
        let result = build(&BuildConfig {
            root: self.root.clone(),
            output: Some(self.dir.clone()),
            today: self.today,
            now,
            include_drafts: false,
            force: false,
            progress: None,
        });
        let (ok, summary, today, next_at) = match &result {
            Ok(report) => (
                true,
                format!(
                    "{} trang, {} tệp",
                    report.pages.iter().map(|p| p.1).sum::<usize>(),
                    report.files
                ),
                Some(report.today),
                report.next_scheduled,
            ),
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
                    summary: summary.clone(),
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
    /// [`sources_fingerprint`] when it started.
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

/// A fingerprint of every file a build reads: names, sizes and times of
/// modification of everything under the site's folder but congkhai's own
/// (`.congkhai/`), version control and the outputs (`public/`, `out`).
fn sources_fingerprint(root: &Path, out: &Path) -> u64 {
    use std::hash::BuildHasher;
    let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
    let mut entries: Vec<(PathBuf, u64, Option<std::time::SystemTime>)> =
        walkdir::WalkDir::new(root)
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
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                let rel = e.path().strip_prefix(root).ok()?.to_path_buf();
                Some((rel, meta.len(), meta.modified().ok()))
            })
            .collect();
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    rustc_hash::FxBuildHasher.hash_one(entries)
}
