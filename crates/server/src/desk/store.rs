//! The desk's files: finding an item's file, reading it with its version,
//! and every write the desk makes. Nothing is ever lost: a file is written
//! whole and renamed into place, a replaced version is kept under
//! `.congkhai/history/`, a deleted file is moved to `.congkhai/trash/`, and
//! an edit refused because the file changed on disk is kept under
//! `.congkhai/conflicts/`. No path leaves the kind's folder: items are
//! found by listing the folder (never by joining a requested name), and
//! new names are folded slugs or checked plain file names.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use congkhai_core::confine::SiteRoot;
use congkhai_core::content::kinds::KindSpec;
use congkhai_core::content::Kind;

/// A kept copy of an item: when (the slot's name, `20261201-143012.123`),
/// which file it was, and the item's id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Kept {
    pub(crate) stamp: String,
    pub(crate) rel: PathBuf,
    pub(crate) id: String,
}

impl Kept {
    /// "14:30 01/12/2026".
    pub(crate) fn when(&self) -> String {
        chrono::NaiveDateTime::parse_from_str(
            &self.stamp[..self.stamp.len().min(15)],
            "%Y%m%d-%H%M%S",
        )
        .map_or_else(
            |_| self.stamp.clone(),
            |t| t.format("%H:%M %d/%m/%Y").to_string(),
        )
    }
}

/// An item's file: its path from the site root and its id in the desk
/// (the path inside the kind's folder without the extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ItemFile {
    pub(crate) rel: PathBuf,
    pub(crate) id: String,
}

/// Why a write did not happen.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// The target already exists (a new item or an upload).
    Exists(PathBuf),
    /// The file changed on disk since the version the editor had; the
    /// refused text was kept at the path given.
    Conflict {
        kept: PathBuf,
    },
    Io(String),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Io(e.to_string())
    }
}

pub(crate) struct Store {
    root: PathBuf,
    /// Commit each write (`serve --git`).
    git: bool,
    /// Desk writes one at a time: a version check and its write are not
    /// interleaved with another request's.
    lock: Mutex<()>,
}

/// An "already exists" error as [`WriteError::Exists`].
fn exists_or(e: std::io::Error, rel: &Path) -> WriteError {
    match e.kind() {
        std::io::ErrorKind::AlreadyExists => WriteError::Exists(rel.to_path_buf()),
        _ => e.into(),
    }
}

/// A file's version: its length and a 64-bit FNV-1a hash of its bytes.
pub(crate) fn version(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:x}-{h:016x}", bytes.len())
}

/// The kind and desk id of a content file (`content/news/2026/x.md` is
/// news `2026/x`); None for a path that is no content file.
pub(super) fn item_id(rel: &Path) -> Option<(Kind, String)> {
    let kind = Kind::of_path(rel)?;
    let inner = rel
        .strip_prefix(Path::new("content").join(kind.folder()))
        .ok()?;
    let id = inner
        .with_extension("")
        .to_string_lossy()
        .replace('\\', "/");
    Some((kind, id))
}

impl Store {
    pub(super) fn new(root: &Path, git: bool) -> Store {
        Store {
            root: root.to_path_buf(),
            git,
            lock: Mutex::new(()),
        }
    }

    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// The kind's content files, sorted, as the loader finds them.
    pub(crate) fn list(&self, spec: &KindSpec) -> Vec<ItemFile> {
        let site = SiteRoot::new(&self.root);
        let folder = self.root.join("content").join(spec.key());
        let (files, _) = site.files_under(&folder, true);
        let mut items: Vec<ItemFile> = files
            .iter()
            .map(|p| site.shown(p))
            .filter_map(|rel| match item_id(&rel) {
                Some((kind, id)) if kind == spec.kind => Some(ItemFile { rel, id }),
                _ => None,
            })
            .collect();
        items.sort_by(|a, b| a.rel.cmp(&b.rel));
        items
    }

    /// The file of item `id`, found among the kind's files.
    pub(crate) fn find(&self, spec: &KindSpec, id: &str) -> Option<ItemFile> {
        self.list(spec).into_iter().find(|f| f.id == id)
    }

    pub(crate) fn read(&self, rel: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.root.join(rel))
    }

    /// Writes a new file; refuses when it exists.
    pub(crate) fn create(&self, rel: &Path, bytes: &[u8]) -> Result<(), WriteError> {
        let _guard = self.lock.lock().expect("store lock");
        let path = self.root.join(rel);
        if path.exists() {
            return Err(WriteError::Exists(rel.to_path_buf()));
        }
        self.create_new(&path, bytes).map_err(|e| exists_or(e, rel))
    }

    /// Replaces a file if it is still at `expected` version; the replaced
    /// text goes to `.congkhai/history/`. A file that is a link (inside the
    /// site, as the loader allows) is written through: its target changes,
    /// the link stays.
    pub(crate) fn replace(&self, rel: &Path, expected: &str, text: &str) -> Result<(), WriteError> {
        let _guard = self.lock.lock().expect("store lock");
        let path = self.target(rel)?;
        let current = std::fs::read(&path)?;
        if version(&current) != expected {
            let kept = self.keep("conflicts", rel, text.as_bytes())?;
            return Err(WriteError::Conflict { kept });
        }
        if current == text.as_bytes() {
            return Ok(());
        }
        self.keep("history", rel, &current)?;
        let tmp = self.temp_beside(&path, text.as_bytes())?;
        std::fs::rename(&tmp, &path)?;
        Ok(())
    }

    /// Keeps the text of a save whose item was renamed or deleted meanwhile,
    /// under `.congkhai/conflicts/`, named after the item (folded, so the
    /// request's id cannot lead anywhere); returns where.
    pub(super) fn keep_lost(
        &self,
        spec: &KindSpec,
        id: &str,
        text: &str,
    ) -> std::io::Result<PathBuf> {
        let _guard = self.lock.lock().expect("store lock");
        let name = match congkhai_core::slug::slugify(id) {
            s if s.is_empty() => "muc".to_string(),
            s => s,
        };
        let rel = Path::new("content")
            .join(spec.key())
            .join(format!("{name}.{}", spec.extension()));
        self.keep("conflicts", &rel, text.as_bytes())
    }

    /// The file to write for `rel`: itself, or the target of a link that
    /// stays inside the site (one leading out is refused).
    fn target(&self, rel: &Path) -> Result<PathBuf, WriteError> {
        let path = self.root.join(rel);
        let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link {
            return Ok(path);
        }
        SiteRoot::new(&self.root)
            .resolve(&path)
            .map_err(|d| WriteError::Io(d.message))
    }

    /// Moves a file at `expected` version to `.congkhai/trash/`; returns
    /// where it went.
    pub(crate) fn delete(&self, rel: &Path, expected: &str) -> Result<PathBuf, WriteError> {
        let _guard = self.lock.lock().expect("store lock");
        let path = self.root.join(rel);
        let current = std::fs::read(&path)?;
        if version(&current) != expected {
            return Err(WriteError::Conflict {
                kept: rel.to_path_buf(),
            });
        }
        // The trash copy is written new (never over another one), then
        // the item's file (or link) removed.
        let to = self.keep("trash", rel, &current)?;
        std::fs::remove_file(&path)?;
        Ok(to)
    }

    /// Stores an uploaded file beside the kind's items under `name` (a
    /// plain, already folded file name); refuses to overwrite.
    pub(super) fn upload(
        &self,
        spec: &KindSpec,
        name: &str,
        bytes: &[u8],
    ) -> Result<PathBuf, WriteError> {
        let rel = Path::new("content").join(spec.key()).join(name);
        self.create(&rel, bytes)?;
        // Noted until an item names it (see `sweep_uploads`).
        let marker = self.upload_marker(spec, name);
        if let Some(dir) = marker.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(&marker, b"");
        Ok(rel)
    }

    /// Where the note of an upload not yet adopted by an item is kept.
    fn upload_marker(&self, spec: &KindSpec, name: &str) -> PathBuf {
        self.root
            .join(".congkhai")
            .join("uploads")
            .join(spec.key())
            .join(name)
    }

    /// Uploads older than `age` that no item names (neither a file of the
    /// kind nor one of the `pending` texts: the publishing server's open
    /// revisions) are moved to the trash, so files uploaded for an item
    /// never saved do not pile up beside the content; a named one is
    /// adopted (its note removed). Returns the names moved.
    pub(crate) fn sweep_uploads(
        &self,
        spec: &KindSpec,
        age: std::time::Duration,
        pending: &dyn Fn() -> Vec<String>,
    ) -> Vec<String> {
        let dir = self.root.join(".congkhai").join("uploads").join(spec.key());
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return Vec::new();
        };
        let stale: Vec<(PathBuf, String)> = entries
            .flatten()
            .filter(|e| {
                e.metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|elapsed| elapsed > age)
            })
            .map(|e| (e.path(), e.file_name().to_string_lossy().to_string()))
            .collect();
        if stale.is_empty() {
            return Vec::new();
        }
        // Every text that could name an upload, read once.
        let mut texts: Vec<String> = self
            .list(spec)
            .iter()
            .filter_map(|f| self.read(&f.rel).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect();
        texts.extend(pending());
        let mut moved = Vec::new();
        for (marker, name) in stale {
            let named = texts.iter().any(|t| t.contains(&name));
            let rel = Path::new("content").join(spec.key()).join(&name);
            if !named {
                let _guard = self.lock.lock().expect("store lock");
                if let Ok(bytes) = std::fs::read(self.root.join(&rel)) {
                    if self.keep("trash", &rel, &bytes).is_ok()
                        && std::fs::remove_file(self.root.join(&rel)).is_ok()
                    {
                        moved.push(name.clone());
                    }
                }
            }
            let _ = std::fs::remove_file(marker);
        }
        moved
    }

    /// Writes a file that must not exist yet: whole into a temporary file
    /// beside it, then hard-linked into place (which fails, rather than
    /// overwrites, when the name was taken meanwhile).
    fn create_new(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
        std::fs::create_dir_all(path.parent().expect("content files have a folder"))?;
        let tmp = self.temp_beside(path, bytes)?;
        let linked = std::fs::hard_link(&tmp, path);
        std::fs::remove_file(&tmp)?;
        linked
    }

    /// A hidden temporary file beside `path` (ignored by the loader and the
    /// watcher), written and synced.
    fn temp_beside(&self, path: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let name = path
            .file_name()
            .expect("files have names")
            .to_string_lossy();
        let tmp = path.with_file_name(format!(".{name}.congkhai-desk-{}", std::process::id()));
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        Ok(tmp)
    }

    /// `.congkhai/<what>/<time>[-n]/<rel>`, relative to the root.
    fn slot(&self, what: &str, stamp: &str, n: u32, rel: &Path) -> PathBuf {
        let folder = match n {
            0 => stamp.to_string(),
            n => format!("{stamp}-{n}"),
        };
        Path::new(".congkhai").join(what).join(folder).join(rel)
    }

    /// Writes `bytes` to a slot of its own, created new (never over another
    /// copy: two saves in the same millisecond get `-1`, `-2` ...); returns
    /// its path from the root.
    fn keep(&self, what: &str, rel: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f").to_string();
        for n in 0..10_000 {
            let to = self.slot(what, &stamp, n, rel);
            let full = self.root.join(&to);
            std::fs::create_dir_all(full.parent().expect("slots have a folder"))?;
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&full);
            match file {
                Ok(mut f) => {
                    f.write_all(bytes)?;
                    f.sync_all()?;
                    return Ok(to);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(std::io::Error::other("no free name for a copy"))
    }

    /// The copies kept under `.congkhai/<what>/` (`history`, `trash`) of
    /// the kind's items, newest first: (stamp, the item's file).
    pub(crate) fn kept(&self, what: &str, spec: &KindSpec) -> Vec<Kept> {
        let base = self.root.join(".congkhai").join(what);
        let Ok(slots) = std::fs::read_dir(&base) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for slot in slots.flatten() {
            let stamp = slot.file_name().to_string_lossy().to_string();
            let folder = slot.path().join("content").join(spec.key());
            for entry in walkdir::WalkDir::new(&folder)
                .follow_links(false)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
            {
                let Ok(inner) = entry.path().strip_prefix(slot.path()) else {
                    continue;
                };
                if let Some((kind, id)) = item_id(inner) {
                    if kind == spec.kind {
                        out.push(Kept {
                            stamp: stamp.clone(),
                            rel: inner.to_path_buf(),
                            id,
                        });
                    }
                }
            }
        }
        out.sort_by(|a, b| b.stamp.cmp(&a.stamp));
        out
    }

    /// The bytes of a kept copy, found among the listed ones (a stamp or id
    /// from a request is never joined into a path).
    pub(crate) fn read_kept(
        &self,
        what: &str,
        spec: &KindSpec,
        stamp: &str,
        id: &str,
    ) -> Option<(Kept, Vec<u8>)> {
        let kept = self
            .kept(what, spec)
            .into_iter()
            .find(|k| k.stamp == stamp && k.id == id)?;
        let path = self
            .root
            .join(".congkhai")
            .join(what)
            .join(&kept.stamp)
            .join(&kept.rel);
        let bytes = std::fs::read(path).ok()?;
        Some((kept, bytes))
    }

    /// Commits `paths` (changed or removed) with `message` when `--git` was
    /// given and the site is a Git work tree; never pushes. Returns a
    /// warning when the commit did not happen.
    pub(super) fn commit(&self, paths: &[&Path], message: &str) -> Option<String> {
        if !self.git {
            return None;
        }
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .arg("-C")
                .arg(&self.root)
                .args(args)
                .output()
        };
        match git(&["rev-parse", "--is-inside-work-tree"]) {
            Ok(out) if out.status.success() => {}
            _ => return Some("the site is not a Git work tree: nothing was committed".into()),
        }
        let mut add = vec!["add", "--all", "--"];
        let shown: Vec<String> = paths
            .iter()
            .map(|p| p.to_string_lossy().to_string())
            .collect();
        add.extend(shown.iter().map(String::as_str));
        let mut commit = vec![
            "-c",
            "user.name=congkhai desk",
            "-c",
            "user.email=desk@congkhai.invalid",
            "commit",
            "--quiet",
            "-m",
            message,
            "--",
        ];
        // A configured identity wins over the fallback above.
        if git(&["config", "user.email"]).is_ok_and(|o| o.status.success()) {
            commit.drain(..4);
        }
        commit.extend(shown.iter().map(String::as_str));
        for args in [add, commit] {
            match git(&args) {
                Ok(out) if out.status.success() => {}
                Ok(out) => {
                    return Some(format!(
                        "git {} failed: {}",
                        args.iter()
                            .find(|a| !a.starts_with('-') && !a.contains('='))
                            .unwrap_or(&""),
                        String::from_utf8_lossy(&out.stderr).trim()
                    ))
                }
                Err(e) => return Some(format!("cannot run git: {e}")),
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_differ_with_content() {
        assert_ne!(version(b"a"), version(b"b"));
        assert_eq!(version(b"abc"), version(b"abc"));
    }

    #[test]
    fn create_never_overwrites_and_replace_checks_the_version() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path(), false);
        let rel = Path::new("content/news/a.md");
        store.create(rel, b"one").unwrap();
        assert!(matches!(
            store.create(rel, b"two"),
            Err(WriteError::Exists(_))
        ));
        let v1 = version(b"one");
        store.replace(rel, &v1, "two").unwrap();
        let Err(WriteError::Conflict { kept }) = store.replace(rel, &v1, "three") else {
            panic!("a stale version must conflict");
        };
        assert_eq!(
            std::fs::read_to_string(dir.path().join(kept)).unwrap(),
            "three"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join(rel)).unwrap(),
            "two"
        );
        let trash = store.delete(rel, &version(b"two")).unwrap();
        assert!(!dir.path().join(rel).exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join(trash)).unwrap(),
            "two"
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("content/news"))
            .unwrap()
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left");
    }

    #[test]
    fn sixty_stale_saves_keep_sixty_texts() {
        let dir = tempfile::tempdir().unwrap();
        let store = std::sync::Arc::new(Store::new(dir.path(), false));
        let rel = Path::new("content/news/a.md");
        store.create(rel, b"one").unwrap();
        let stale = version(b"stale");
        let kept: Vec<PathBuf> = (0..60)
            .map(|i| {
                let store = store.clone();
                let stale = stale.clone();
                std::thread::spawn(
                    move || match store.replace(rel, &stale, &format!("text {i}")) {
                        Err(WriteError::Conflict { kept }) => (i, kept),
                        other => panic!("{other:?}"),
                    },
                )
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| {
                let (i, kept) = t.join().unwrap();
                let text = std::fs::read_to_string(dir.path().join(&kept)).unwrap();
                assert_eq!(text, format!("text {i}"), "each answer names its own text");
                kept
            })
            .collect();
        let mut unique = kept.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), 60);
    }

    #[cfg(unix)]
    #[test]
    fn a_save_through_a_link_writes_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path(), false);
        std::fs::create_dir_all(dir.path().join("content/news")).unwrap();
        std::fs::create_dir_all(dir.path().join("shared")).unwrap();
        std::fs::write(dir.path().join("shared/real.md"), "one").unwrap();
        std::os::unix::fs::symlink("../../shared/real.md", dir.path().join("content/news/a.md"))
            .unwrap();
        let rel = Path::new("content/news/a.md");
        store.replace(rel, &version(b"one"), "two").unwrap();
        let meta = std::fs::symlink_metadata(dir.path().join(rel)).unwrap();
        assert!(meta.file_type().is_symlink(), "the link is kept");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("shared/real.md")).unwrap(),
            "two"
        );
        // A link leading out of the site is refused, nothing written.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.md"), "out").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("x.md"),
            dir.path().join("content/news/b.md"),
        )
        .unwrap();
        let b = Path::new("content/news/b.md");
        assert!(store.replace(b, &version(b"out"), "in").is_err());
        assert_eq!(
            std::fs::read_to_string(outside.path().join("x.md")).unwrap(),
            "out"
        );
    }
}
