//! `congkhai serve`: serve on 127.0.0.1 while the first build writes the
//! site, watch it, rebuild what a change touches, and reload open pages (or
//! show the error over them while the last good site stays served).

mod desk;
mod http;
pub mod office;
mod session;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use notify::{RecursiveMode, Watcher};

pub use http::Live;
pub use session::{Outcome, Session};

use congkhai_core::error::Diagnostics;
use congkhai_core::output::staging::{is_running, MARKER};

/// How `congkhai serve` runs (its command-line arguments).
pub struct ServeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The address to listen on (loopback unless asked).
    pub bind: IpAddr,
    /// The port to listen on.
    pub port: u16,
    /// Open the preview in the browser.
    pub open: bool,
    /// The day to build for, instead of today.
    pub today: Option<NaiveDate>,
    /// Show drafts.
    pub drafts: bool,
    /// Commit each save of the editing desk (`--git`).
    pub git: bool,
}

/// Runs the preview until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<(), String> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", opts.root.display()))?;
    {
        // Folders of killed previews can hold a large site each: removed
        // beside the first build, not before it.
        let root = root.clone();
        std::thread::spawn(move || remove_stale_previews(&root));
    }
    http::raise_fd_limit();
    let preview = PreviewDir::create(&root)?;
    let out = preview.0.clone();
    {
        // Ctrl+C, SIGTERM and SIGHUP end the preview: remove its folder.
        let out = out.clone();
        ctrlc::set_handler(move || {
            congkhai_core::output::stop_writing();
            remove_preview_within(&out, Duration::from_millis(800));
            std::process::exit(130);
        })
        .map_err(|e| format!("cannot handle Ctrl+C: {e}"))?;
    }
    // Listen and announce first: a large site's first build takes seconds,
    // and the home page and the lists are written (and served) first.
    let live = Arc::new(Live::starting());
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !opts.bind.is_loopback() {
        eprintln!("warning: serving on {addr}, reachable from other machines; the preview may show drafts");
    }
    // The desk shows personal data of feedback senders and writes files:
    // only on this machine's loopback address.
    let desk = if opts.bind.is_loopback() {
        let desk = desk::Desk::new(&root, addr, opts.git)?;
        desk.sweep_uploads();
        desk.set_building(true);
        let desk = Arc::new(desk);
        desk.warm_lists();
        Some(desk)
    } else {
        None
    };
    {
        let app = http::router(out.clone(), live.clone(), desk.clone(), addr);
        std::thread::spawn(move || http::run(listener, app));
    }
    // Watch before announcing, so no change made after the announcement is
    // missed (one made during the first build is applied after it).
    let (mut watcher, changes) = watcher(&root)?;
    announce(&root, addr, desk.as_deref(), &out, opts.open);
    let mut session = Session::new(&root, &out, opts.today, opts.drafts);
    live.begin();
    // Pages served while the first build ran were complete (each is
    // written once): none of them reloads when it ends.
    let first = session.full().map(|o| Outcome {
        urls: Some(Vec::new()),
        ..o
    });
    publish(desk.as_deref(), &session);
    if let Some(desk) = &desk {
        desk.set_building(false);
    }
    report(&live, first, "built");
    live.settled();
    rebuild_on_change(
        &root,
        &mut session,
        &live,
        desk.as_deref(),
        &mut watcher,
        &changes,
    );
    Ok(())
}

/// Prints where the preview and the desk are (their addresses carry the
/// secret that logs a browser in to the desk, and lets it see build
/// errors, which may quote personal data), and opens the browser if asked.
fn announce(root: &Path, addr: SocketAddr, desk: Option<&desk::Desk>, out: &Path, open: bool) {
    let login = |path: &str| desk.map_or(path.to_string(), |d| d.login_path(path));
    println!(
        "serving {} at http://{addr}{} (Ctrl+C to stop)",
        root.display(),
        login("/")
    );
    match desk {
        Some(_) => {
            println!(
                "editing desk at http://{addr}{} (keep these addresses to yourself: they log a browser in)",
                login(desk::DESK)
            )
        }
        None => println!("editing desk off: it is only served on a loopback address"),
    }
    println!("preview files in {}", out.display());
    if open {
        let url = format!("http://{addr}{}", login("/"));
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
}

/// Gives the desk what the last good build knows.
fn publish(desk: Option<&desk::Desk>, session: &Session) {
    if let (Some(desk), Some(info)) = (desk, session.desk_info()) {
        desk.set_info(info);
    }
}

/// The preview's output folder: in memory where the system has room for
/// it ([`preview_parent`]), else in the temporary directory; named after
/// the site and the process (`congkhai-serve-HASH-PID`), holding congkhai's
/// marker; removed when dropped (the signal handler removes it on Ctrl+C
/// and SIGTERM, which end the process without dropping anything).
struct PreviewDir(PathBuf);

impl PreviewDir {
    fn create(root: &Path) -> Result<PreviewDir, String> {
        let dir = preview_parent(root).join(format!(
            "{PREFIX}{:08x}-{}",
            site_hash(root),
            std::process::id()
        ));
        let fail = |e: std::io::Error| format!("cannot create {}: {e}", dir.display());
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(fail)?;
        }
        std::fs::create_dir_all(&dir).map_err(fail)?;
        std::fs::write(dir.join(MARKER), "congkhai serve preview\n").map_err(fail)?;
        Ok(PreviewDir(dir))
    }
}

impl Drop for PreviewDir {
    fn drop(&mut self) {
        remove_preview(&self.0);
    }
}

const PREFIX: &str = "congkhai-serve-";

/// Folders held in memory (tmpfs) where a preview may go: the user's
/// runtime folder, then the shared-memory one. Writing a large site's
/// preview there instead of to disk is what makes `serve` start fast (Zola
/// and Hugo keep theirs in memory too).
fn memory_folders() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .into_iter()
        .collect();
    dirs.push(PathBuf::from("/dev/shm"));
    dirs.retain(|d| d.is_dir());
    dirs
}

/// Where the preview of the site at `root` goes: the first memory folder
/// with room for four times the site's content and 256 MB more (the output
/// is about three times its sources), else the temporary directory.
fn preview_parent(root: &Path) -> PathBuf {
    let needed = 4 * content_bytes(&root.join("content")) + (256 << 20);
    memory_folders()
        .into_iter()
        .find(|d| free_bytes(d).is_some_and(|free| free >= needed))
        .unwrap_or_else(std::env::temp_dir)
}

fn content_bytes(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}

/// Bytes an unprivileged process may still write under `dir`.
#[cfg(unix)]
#[allow(
    clippy::useless_conversion,
    reason = "statvfs's field types differ between platforms"
)]
fn free_bytes(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let path = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    // SAFETY: `path` is a valid C string and statvfs only writes `stat`.
    let mut stat: libc::statvfs = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::statvfs(path.as_ptr(), &mut stat) } == 0;
    ok.then(|| u64::from(stat.f_bavail).saturating_mul(u64::from(stat.f_frsize)))
}

#[cfg(not(unix))]
fn free_bytes(_dir: &Path) -> Option<u64> {
    None
}

fn site_hash(root: &Path) -> u32 {
    congkhai_core::hash::fnv1a(&root.to_string_lossy())
}

/// Removes the preview folder, waiting for it at most `limit`: a signal
/// must end the process within a second even while the first build of a
/// large site is writing. What is left keeps its marker and is removed by
/// the next `serve` (its process is gone).
fn remove_preview_within(dir: &Path, limit: Duration) {
    let (done, wait) = mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::spawn(move || {
        remove_preview(&dir);
        let _ = done.send(());
    });
    let _ = wait.recv_timeout(limit);
}

/// Removes a preview folder. A background thread (the search index) may
/// still be writing into it, which makes one removal fail with "directory
/// not empty": try again for a moment; the sinks never recreate the folder.
fn remove_preview(dir: &Path) {
    let mut last = None;
    for _ in 0..50 {
        // The marker last: a removal cut short is still recognised.
        match congkhai_core::output::remove_tree(dir) {
            Ok(()) => last = None,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => last = None,
            Err(e) => last = Some(e),
        }
        // A write that checked for the folder just before it went may
        // still recreate a subfolder: look once more after a moment.
        std::thread::sleep(Duration::from_millis(20));
        if !dir.exists() {
            return;
        }
    }
    if let Some(e) = last {
        eprintln!(
            "warning: could not remove the preview folder {}: {e}",
            dir.display()
        );
    }
}

/// Removes preview folders left by earlier `serve` runs that are no longer
/// running (killed with SIGKILL, or by a reboot that kept the temporary
/// directory): only folders named `congkhai-serve-HASH-PID` holding the
/// marker, and this site's folder of versions that had no PID in the name.
fn remove_stale_previews(root: &Path) {
    let legacy = format!("{PREFIX}{:08x}", site_hash(root));
    let mut parents = memory_folders();
    parents.push(std::env::temp_dir());
    let entries = parents
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let Some(rest) = name.strip_prefix(PREFIX) else {
            continue;
        };
        let path = entry.path();
        let stale = match rest.split_once('-') {
            Some((hash, pid)) => {
                let pid = pid.parse::<u32>().ok();
                hash.len() == 8
                    && pid.is_some_and(|p| !is_running(p))
                    && path.join(MARKER).is_file()
            }
            None => name == legacy,
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_dir()) {
            remove_preview(&path);
        }
    }
}

type Changes = mpsc::Receiver<Vec<PathBuf>>;

/// Watches the site's sources; the receiver gets the paths of each change.
fn watcher(root: &Path) -> Result<(notify::RecommendedWatcher, Changes), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Reading a file raises access events: only writes, creations,
        // renames and removals mean the site changed.
        if let Ok(event) = event {
            if !matches!(
                event.kind,
                notify::EventKind::Access(_) | notify::EventKind::Other
            ) {
                let _ = tx.send(event.paths);
            }
        }
    })
    .map_err(|e| format!("cannot watch files: {e}"))?;
    for name in ["content", "themes", "static"] {
        let dir = root.join(name);
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("cannot watch {}: {e}", dir.display()))?;
        }
    }
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    Ok((watcher, rx))
}

/// Rebuilds on every change until the watcher stops.
fn rebuild_on_change(
    root: &Path,
    session: &mut Session,
    live: &Live,
    desk: Option<&desk::Desk>,
    watcher: &mut notify::RecommendedWatcher,
    rx: &Changes,
) {
    while let Ok(first) = rx.recv() {
        let mut paths = first;
        // Editors save in bursts (a temporary file, a rename, a write and a
        // close): gather what follows until 5 ms pass without more.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(5)) {
            paths.extend(more);
        }
        // A path that is gone, is no content file and held no item was a
        // tool's temporary file (`sed -i` writes `content/news/sedXXXXXX`
        // and renames it over the post): nothing to read or remove.
        let gone_unknown = |p: &Path| {
            p.starts_with("content")
                && congkhai_core::content::Kind::of_path(p).is_none()
                && !root.join(p).exists()
                && !session.holds_items_under(p)
        };
        let rel: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(root).ok())
            .filter(|p| relevant(p) && !gone_unknown(p))
            .map(Path::to_path_buf)
            .collect();
        if rel.is_empty() {
            continue;
        }
        // A source folder created after start (a first theme override) is watched from now on.
        for top in rel
            .iter()
            .filter(|p| p.components().count() == 1 && root.join(p).is_dir())
        {
            let _ = watcher.watch(&root.join(top), RecursiveMode::Recursive);
        }
        // A new folder's files may have been written before it was watched:
        // read everything again rather than miss them.
        // A folder moved out of content/ (or deleted) is reported as its
        // own path only: whatever was under it is gone, so read everything.
        let folder_gone =
            |p: &Path| !root.join(p).exists() && congkhai_core::content::Kind::of_path(p).is_none();
        let full = rel
            .iter()
            .any(|p| !p.starts_with("content") || root.join(p).is_dir() || folder_gone(p));
        live.begin();
        let result = if full {
            session.full()
        } else {
            session.content_changed(&dedup(rel), &mut |urls| {
                if !urls.is_empty() {
                    live.pages_written(Some(urls));
                }
            })
        };
        // The desk learns of the build before open pages reload; feeds,
        // sitemaps and the search index are written after.
        publish(desk, session);
        report(
            live,
            result,
            if full {
                "rebuilt everything"
            } else {
                "rebuilt"
            },
        );
        if let Err(e) = session.finish() {
            eprintln!("warning: {e}");
        }
        live.settled();
    }
}

/// Whether a changed path is part of the site's sources.
fn relevant(rel: &Path) -> bool {
    let hidden = rel
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let temp = name.ends_with('~') || name.ends_with(".swp") || name.starts_with('#');
    let source = rel == Path::new("site.yaml")
        || ["content", "themes", "static"]
            .iter()
            .any(|d| rel.starts_with(d));
    source && !hidden && !temp
}

fn dedup(mut v: Vec<PathBuf>) -> Vec<PathBuf> {
    v.sort();
    v.dedup();
    v
}

fn report(live: &Live, result: Result<Outcome, Diagnostics>, what: &str) {
    match result {
        Ok(o) => {
            println!("{what} {} page(s) in {} ms", o.pages, o.elapsed.as_millis());
            live.pages_written(o.urls.as_deref());
        }
        Err(problems) => {
            eprintln!("{problems}");
            eprintln!("still serving the last good site; fix the file and save to rebuild");
            live.failed(congkhai_core::messages::overview(&problems));
        }
    }
}
