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
    last: Mutex<Option<Publication>>,
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
            last: Mutex::new(None),
        }
    }

    /// Builds and swaps the public folder; on failure the folder is left
    /// as it was and the problems are returned.
    pub(crate) fn publish(&self, reason: &str) -> Result<Publication, String> {
        let _one = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let started = Instant::now();
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
        match ok {
            true => Ok(publication),
            false => Err(summary),
        }
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
