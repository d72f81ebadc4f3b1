//! `congkhai serve`: build, serve on 127.0.0.1, watch the site, rebuild
//! what a change touches, and reload open pages (or show the error over
//! them while the last good site stays served).

mod http;
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

use crate::error::Diagnostics;

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    pub port: u16,
    pub open: bool,
    pub today: Option<NaiveDate>,
    pub drafts: bool,
}

/// Runs the preview until the process is stopped.
pub fn serve(opts: &ServeOptions) -> Result<(), String> {
    let root = opts
        .root
        .canonicalize()
        .map_err(|e| format!("{}: {e}", opts.root.display()))?;
    let out = preview_dir(&root);
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let live = Arc::new(Live::default());
    let mut session = Session::new(&root, &out, opts.today, opts.drafts);
    report(&live, session.full(), "built");

    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !opts.bind.is_loopback() {
        eprintln!("warning: serving on {addr}, reachable from other machines; the preview may show drafts");
    }
    let url = format!("http://{addr}/");
    {
        let (live, out) = (live.clone(), out.clone());
        std::thread::spawn(move || http::run(listener, out, live));
    }
    // Watch before announcing, so no change made after the announcement is missed.
    let (mut watcher, changes) = watcher(&root)?;
    println!("serving {} at {url} (Ctrl+C to stop)", root.display());
    println!("preview files in {}", out.display());
    if opts.open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    rebuild_on_change(&root, &mut session, &live, &mut watcher, &changes);
    Ok(())
}

/// The preview's output folder: outside the site, one per site.
fn preview_dir(root: &Path) -> PathBuf {
    let hash = crate::output::search::fnv1a(&root.to_string_lossy());
    std::env::temp_dir().join(format!("congkhai-serve-{hash:08x}"))
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
    watcher: &mut notify::RecommendedWatcher,
    rx: &Changes,
) {
    while let Ok(first) = rx.recv() {
        let mut paths = first;
        // Editors save in bursts: gather what follows within 50 ms.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(50)) {
            paths.extend(more);
        }
        let rel: Vec<PathBuf> = paths
            .iter()
            .filter_map(|p| p.strip_prefix(root).ok())
            .filter(|p| relevant(p))
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
        let full = rel.iter().any(|p| !p.starts_with("content"));
        let result = if full {
            session.full()
        } else {
            session.content_changed(&dedup(rel))
        };
        report(
            live,
            result,
            if full {
                "rebuilt everything"
            } else {
                "rebuilt"
            },
        );
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
            live.rebuilt();
        }
        Err(problems) => {
            eprintln!("{problems}");
            eprintln!("still serving the last good site; fix the file and save to rebuild");
            live.failed(problems.to_string());
        }
    }
}
