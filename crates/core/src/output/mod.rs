//! Writing the site: generated files (feeds, sitemaps, open data) and a
//! staging folder beside the output ([`staging`]), swapped in only when the
//! whole build succeeded, so a failed or killed build leaves the last good
//! `public/` exactly as it was.

pub mod data;
pub mod feeds;
pub mod search;
pub mod sitemap;
pub mod staging;

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Set when the process is stopping (SIGTERM, Ctrl+C): every later write
/// fails at once, so a build in progress stops filling the folder that is
/// being removed.
static STOPPING: AtomicBool = AtomicBool::new(false);

/// Makes every later write of this process fail (see [`STOPPING`]).
pub fn stop_writing() {
    STOPPING.store(true, Ordering::SeqCst);
}

fn check_not_stopping() -> io::Result<()> {
    if STOPPING.load(Ordering::Relaxed) {
        return Err(io::Error::new(io::ErrorKind::Interrupted, "stopping"));
    }
    Ok(())
}

/// A file the build generates besides pages: feeds, sitemaps, data.
#[derive(Debug, Clone)]
pub struct Generated {
    /// Its address from the site root.
    pub url: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Where built files go: a staging folder for `build`, the preview folder
/// for `serve`.
pub trait Sink: Sync {
    /// Writes `bytes` at the URL path `url` ("/a/b/" → a/b/index.html).
    fn write(&self, url: &str, bytes: &[u8]) -> io::Result<()>;
}

pub use staging::Staging;

impl Sink for Staging {
    fn write(&self, url: &str, bytes: &[u8]) -> io::Result<()> {
        check_not_stopping()?;
        Staging::write(self, url, bytes)
    }
}

/// Writes into a folder in place, leaving files whose bytes did not change
/// untouched (their timestamps too), and replacing the others atomically so
/// a reader never sees half a file. Used by `serve`.
pub struct InPlace {
    /// The folder written into.
    pub dir: PathBuf,
}

impl Sink for InPlace {
    fn write(&self, url: &str, bytes: &[u8]) -> io::Result<()> {
        check_not_stopping()?;
        let path = target(&self.dir, url)?;
        if same_bytes(&path, bytes) {
            return Ok(());
        }
        // Never recreate the folder itself: once `serve` removed it on its
        // way out, a late write from a background thread must fail.
        if !self.dir.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is gone", self.dir.display()),
            ));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let tmp = path.with_file_name(format!(
            ".{}.tmp",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("f")
        ));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, &path)
    }
}

/// Creates `path`, which must not exist yet, holding `bytes`.
fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    file.write_all(bytes)
}

/// Whether the file at `path` holds exactly `bytes` (false when unreadable).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    // Not through a symlink: only a regular file the last build wrote is reused.
    let meta = std::fs::symlink_metadata(path);
    let same_size = meta.is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64);
    same_size && std::fs::read(path).is_ok_and(|old| old == bytes)
}

/// Removes a folder tree, its subfolders in parallel (deleting the previous
/// output of a large site is as much work as writing it), congkhai's marker
/// file last.
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut subdirs = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            subdirs.extend(std::fs::read_dir(entry.path())?.flatten().map(|e| e.path()));
        }
    }
    subdirs.par_iter().try_for_each(|p| {
        if p.is_dir() {
            std::fs::remove_dir_all(p)
        } else {
            std::fs::remove_file(p)
        }
    })?;
    // Congkhai's marker goes last: a removal killed half-way leaves a
    // folder the next build still recognises as its own and removes.
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name() != staging::MARKER {
            match entry.file_type()?.is_dir() {
                true => std::fs::remove_dir_all(entry.path())?,
                false => std::fs::remove_file(entry.path())?,
            }
        }
    }
    std::fs::remove_dir_all(dir)
}

/// The file under `dir` that the URL path `url` is written to.
fn target(dir: &Path, url: &str) -> io::Result<PathBuf> {
    Ok(dir.join(relative(url)?))
}

/// [`url_to_file`], or an error for a path that would leave the output.
fn relative(url: &str) -> io::Result<PathBuf> {
    url_to_file(url).ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("unsafe output path {url}"),
        )
    })
}

/// The file a URL path is written to, relative to the output; None for a
/// path that would leave the output folder.
pub fn url_to_file(url: &str) -> Option<PathBuf> {
    let trimmed = url.trim_start_matches('/');
    let mut rel = PathBuf::from(trimmed);
    if trimmed.is_empty() || trimmed.ends_with('/') {
        rel.push("index.html");
    }
    rel.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_files_inside_the_output() {
        assert_eq!(
            url_to_file("/tin-tuc/a/"),
            Some(PathBuf::from("tin-tuc/a/index.html"))
        );
        assert_eq!(url_to_file("/"), Some(PathBuf::from("index.html")));
        assert_eq!(
            url_to_file("/assets/style.css"),
            Some(PathBuf::from("assets/style.css"))
        );
        assert_eq!(url_to_file("/../etc/passwd"), None);
    }
}
