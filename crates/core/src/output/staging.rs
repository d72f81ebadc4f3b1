//! The staging folder a build writes into, and the rules that keep a build
//! from losing anything:
//!
//! - the output is replaced only when congkhai made it (it holds the
//!   [`MARKER`] file) or is empty, unless the caller forces it;
//! - the new output is swapped in with one atomic exchange (Linux
//!   `renameat2(RENAME_EXCHANGE)`), so a build killed at any moment leaves
//!   the previous output complete;
//! - staging folders left by killed builds of the same output are removed
//!   by the next build: only folders with congkhai's own name pattern, of a
//!   process that is no longer running, holding the marker (or empty).

use std::io;
use std::path::{Path, PathBuf};

use super::{relative, remove_tree, same_bytes, write_new};

/// The file congkhai writes at the top of every output folder it creates.
pub const MARKER: &str = ".congkhai-output";

const MARKER_TEXT: &str = "This folder was written by congkhai. The next `congkhai build` \
replaces it whole: keep no other files here.\n";

/// Why an existing output folder is not replaced.
#[derive(Debug)]
pub enum Refusal {
    /// A folder or file that congkhai did not create, with how many entries
    /// it holds at its top level.
    Foreign {
        /// How many files and folders it holds at its top level.
        entries: usize,
    },
    /// A symbolic link: replacing it would act on what it points to.
    Symlink,
    /// Reading or preparing the folder failed.
    Io(io::Error),
}

impl From<io::Error> for Refusal {
    fn from(e: io::Error) -> Self {
        Refusal::Io(e)
    }
}

/// A folder being filled; becomes the output on [`Staging::commit`],
/// disappears if dropped before that.
///
/// A file whose bytes are the same as in the output it replaces is hard
/// linked from there instead of written: it keeps its timestamp (rsync and
/// web caches see it unchanged) and costs a read instead of a write.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// The output being replaced, when there is one.
    previous: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target`, after checking
    /// that `target` may be replaced (always, with `force`, unless it is a
    /// symbolic link) and removing what killed builds left beside it.
    pub fn create(target: &Path, force: bool) -> Result<Staging, Refusal> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "public".into());
        let leftovers = Leftovers::scan(parent, &name)?;
        leftovers.restore_interrupted_swap(target)?;
        replaceable(target, force)?;
        leftovers.remove()?;
        let dir = parent.join(format!(".{name}.congkhai-new-{}", std::process::id()));
        if dir.exists() {
            remove_tree(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            previous: target.is_dir().then(|| target.to_path_buf()),
            committed: false,
        })
    }

    /// Fills the staging folder with hard links to every file of the
    /// output it replaces (but the marker), so that a rebuild that writes
    /// only what changed, replacing each such file by a rename and never
    /// writing into one ([`super::InPlace`]), makes the whole new output
    /// while the old one is served untouched. Returns how many files it
    /// linked (none when there is no previous output).
    pub fn link_previous(&self) -> io::Result<usize> {
        use rayon::prelude::*;
        let Some(previous) = &self.previous else {
            return Ok(0);
        };
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(previous).min_depth(1) {
            let entry = entry.map_err(io::Error::other)?;
            let rel = entry
                .path()
                .strip_prefix(previous)
                .map_err(io::Error::other)?;
            let file_type = entry.file_type();
            if file_type.is_dir() {
                std::fs::create_dir(self.dir.join(rel))?;
            } else if file_type.is_file() && rel != Path::new(MARKER) {
                files.push(rel.to_path_buf());
            }
        }
        files
            .par_iter()
            .try_for_each(|rel| std::fs::hard_link(previous.join(rel), self.dir.join(rel)))?;
        Ok(files.len())
    }

    /// The staging folder being written.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at the URL path `url` ("/a/b/" → a/b/index.html).
    pub fn write(&self, url: &str, bytes: &[u8]) -> io::Result<()> {
        let rel = relative(url)?;
        let path = self.dir.join(&rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if let Some(previous) = &self.previous {
            let old = previous.join(&rel);
            if same_bytes(&old, bytes) && std::fs::hard_link(&old, &path).is_ok() {
                return Ok(());
            }
        }
        // A second write to the same path (site static/ over a generated
        // file) must replace the file, never write into it: it may be a
        // link to the previous output, which stays untouched until commit.
        match write_new(&path, bytes) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                std::fs::remove_file(&path)?;
                write_new(&path, bytes)
            }
            done => done,
        }
    }

    /// Replaces the target with the staging folder, then deletes the old
    /// output. The exchange is one atomic step where the system has it; a
    /// kill between the two renames of the fallback is repaired by the next
    /// build (see `Leftovers::restore_interrupted_swap`).
    pub fn commit(self) -> io::Result<()> {
        match self.commit_keeping_previous()? {
            Some(previous) => remove_any(&previous),
            None => Ok(()),
        }
    }

    /// [`Staging::commit`], but the previous output is left for the
    /// caller to delete (at a moment when no other build of the same
    /// output runs: the next build removes it as a leftover otherwise).
    /// Returns where it is, if there was one.
    pub fn commit_keeping_previous(mut self) -> io::Result<Option<PathBuf>> {
        let exists = std::fs::symlink_metadata(&self.target).is_ok();
        if !exists {
            std::fs::rename(&self.dir, &self.target)?;
            self.committed = true;
            return Ok(None);
        }
        match exchange(&self.dir, &self.target) {
            Ok(()) => {
                // `dir` now holds the previous output.
                self.committed = true;
                Ok(Some(self.dir.clone()))
            }
            Err(_) => self.commit_by_renames().map(Some),
        }
    }

    fn commit_by_renames(&mut self) -> io::Result<PathBuf> {
        let old = self.dir.with_file_name(format!(
            ".{}.congkhai-old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default(),
            std::process::id()
        ));
        std::fs::rename(&self.target, &old)?;
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            return match std::fs::rename(&old, &self.target) {
                Ok(()) => Err(e),
                Err(back) => Err(io::Error::other(format!(
                    "{e}; the previous output is kept in {} ({back})",
                    old.display()
                ))),
            };
        }
        self.committed = true;
        Ok(old)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed && std::fs::remove_dir_all(&self.dir).is_err() {
            // Nothing to lose (it is only staging), and the next build
            // removes it: say so rather than fail a drop.
            eprintln!(
                "warning: could not remove the staging folder {}; the next build will",
                self.dir.display()
            );
        }
    }
}

/// Whether `target` may be replaced: missing, an empty folder, a folder
/// congkhai wrote, or anything but a symbolic link when `force` is given.
fn replaceable(target: &Path, force: bool) -> Result<(), Refusal> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e.into()),
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal::Symlink);
    }
    if force {
        return Ok(());
    }
    if !meta.is_dir() {
        return Err(Refusal::Foreign { entries: 1 });
    }
    if is_marked(target) {
        return Ok(());
    }
    let entries = std::fs::read_dir(target)?.count();
    match entries {
        0 => Ok(()),
        n => Err(Refusal::Foreign { entries: n }),
    }
}

/// Whether `dir` holds congkhai's marker file (a regular file, not a link).
fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Staging and old-output folders of earlier builds of one output whose
/// process is no longer running.
struct Leftovers {
    /// `(path, is an old output)`, newest first.
    found: Vec<(PathBuf, bool)>,
}

impl Leftovers {
    fn scan(parent: &Path, name: &str) -> io::Result<Leftovers> {
        let new_prefix = format!(".{name}.congkhai-new-");
        let old_prefix = format!(".{name}.congkhai-old-");
        let mut found = Vec::new();
        for entry in std::fs::read_dir(parent)? {
            let entry = entry?;
            let file_name = entry.file_name().to_string_lossy().to_string();
            let (pid, old) = if let Some(pid) = file_name.strip_prefix(&new_prefix) {
                (pid, false)
            } else if let Some(pid) = file_name.strip_prefix(&old_prefix) {
                (pid, true)
            } else {
                continue;
            };
            let Ok(pid) = pid.parse::<u32>() else {
                continue;
            };
            let path = entry.path();
            let ours = entry.file_type()?.is_dir() && (is_marked(&path) || is_empty(&path));
            if ours && (pid == std::process::id() || !is_running(pid)) {
                let modified = entry.metadata()?.modified()?;
                found.push((path, old, modified));
            }
        }
        found.sort_by_key(|f| std::cmp::Reverse(f.2));
        Ok(Leftovers {
            found: found.into_iter().map(|(p, old, _)| (p, old)).collect(),
        })
    }

    /// A build killed between the two renames of the fallback swap left no
    /// output and the previous one under its "old" name: put it back.
    fn restore_interrupted_swap(&self, target: &Path) -> io::Result<()> {
        if std::fs::symlink_metadata(target).is_ok() {
            return Ok(());
        }
        if let Some((old, _)) = self.found.iter().find(|(p, old)| *old && is_marked(p)) {
            std::fs::rename(old, target)?;
        }
        Ok(())
    }

    fn remove(&self) -> io::Result<()> {
        for (path, _) in &self.found {
            if std::fs::symlink_metadata(path).is_ok() {
                remove_tree(path)?;
            }
        }
        Ok(())
    }
}

fn is_empty(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut d| d.next().is_none())
}

/// Removes a folder tree or a single file.
fn remove_any(path: &Path) -> io::Result<()> {
    let meta = std::fs::symlink_metadata(path)?;
    if meta.is_dir() {
        remove_tree(path)
    } else {
        std::fs::remove_file(path)
    }
}

/// Whether a process with this id is running (on other systems than Unix:
/// assumed running, so nothing of it is ever removed).
pub fn is_running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: kill with signal 0 sends nothing; it only asks whether
        // the process exists.
        let r = unsafe { libc::kill(pid, 0) };
        r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Swaps two paths in one atomic step.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    // SAFETY: both are valid NUL-terminated paths that outlive the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_is_running_and_a_reaped_child_is_not() {
        assert!(is_running(std::process::id()));
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let pid = child.id();
        child.wait().unwrap();
        assert!(!is_running(pid));
    }

    #[test]
    fn commit_swaps_and_removes_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let first = Staging::create(&target, false).ok().unwrap();
        first.write("/a/", b"one").unwrap();
        first.commit().unwrap();
        let second = Staging::create(&target, false).ok().unwrap();
        second.write("/b/", b"two").unwrap();
        second.commit().unwrap();
        assert!(!target.join("a/index.html").exists());
        assert_eq!(std::fs::read(target.join("b/index.html")).unwrap(), b"two");
        assert!(target.join(MARKER).is_file());
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "only the output remains");
    }

    #[test]
    fn an_interrupted_fallback_swap_is_put_back() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let old = tmp.path().join(".public.congkhai-old-4000000");
        std::fs::create_dir(&old).unwrap();
        std::fs::write(old.join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(old.join("index.html"), "kept").unwrap();
        let staging = Staging::create(&target, false).ok().unwrap();
        assert_eq!(
            std::fs::read(target.join("index.html")).unwrap(),
            b"kept",
            "the previous output is back before the build writes anything"
        );
        drop(staging);
        assert!(!old.exists());
    }
}
