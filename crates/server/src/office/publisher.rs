//! Publishing: the public site in the web server's folder (`--publish
//! DIR`), built with `build`'s staging, marker and atomic swap, at start,
//! after every approval, and when the day changes in the site's time zone
//! (items dated that day go live; countdowns, overdue flags and the
//! tracker's month move on). One publication at a time.

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
        let result = build(&BuildConfig {
            root: self.root.clone(),
            output: Some(self.dir.clone()),
            today: self.today,
            include_drafts: false,
            force: false,
            progress: None,
        });
        let (ok, summary, today) = match &result {
            Ok(report) => (
                true,
                format!(
                    "{} trang, {} tệp",
                    report.pages.iter().map(|p| p.1).sum::<usize>(),
                    report.files
                ),
                Some(report.today),
            ),
            Err(problems) => (false, problems.to_string(), None),
        };
        let publication = Publication {
            at: chrono::Utc::now().to_rfc3339(),
            reason: reason.to_string(),
            ok,
            summary: summary.clone(),
            today,
            millis: started.elapsed().as_millis(),
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

    /// Publishes again whenever the date changes in the site's time zone,
    /// checking every `tick`, on a thread of its own.
    pub(crate) fn on_new_day(self: &Arc<Self>, tick: Duration) {
        let publisher = self.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(tick);
            let Ok(config) = congkhai_core::config::Config::from_disk(&publisher.root) else {
                continue;
            };
            let today = publisher.today.unwrap_or_else(|| config.today());
            let published = publisher.last().and_then(|p| p.today);
            if published.is_some_and(|d| d != today) {
                if let Err(e) = publisher.publish("sang ngày mới") {
                    eprintln!("error: the day's publication failed:\n{e}");
                }
            }
        });
    }
}
