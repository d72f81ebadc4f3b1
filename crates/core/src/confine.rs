//! Keeping every file a build reads inside the site folder.
//!
//! The rule, for content files, attachments, `static/` and theme files: a
//! symbolic link is followed when what it points to is inside the site root
//! (the folder holding `site.yaml`), and is an error naming the link when
//! it points outside, so that `huong-dan.pdf -> /etc/passwd` can never be
//! published. Broken links are reported and skipped.

use std::io;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;

/// The site root, resolved once, against which links are checked.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    given: PathBuf,
    resolved: PathBuf,
}

impl SiteRoot {
    /// Links are followed only inside `root`.
    pub fn new(root: &Path) -> SiteRoot {
        SiteRoot {
            given: root.to_path_buf(),
            resolved: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// `path` as shown in diagnostics: relative to the root when under it.
    pub fn shown(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.given).unwrap_or(path).to_path_buf()
    }

    /// Resolves `path` (under the root, possibly through links) and checks
    /// that it stays inside the root; the error names the file.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, Diagnostic> {
        let shown = self.shown(path);
        let real = std::fs::canonicalize(path).map_err(|e| broken(&shown, &e))?;
        if real.starts_with(&self.resolved) {
            Ok(real)
        } else {
            Err(outside(&shown, &real))
        }
    }

    /// Every regular file under `dir` (which may be missing), sorted by
    /// path, following links that stay inside the root, and passing over
    /// hidden names when `skip_hidden`. Returns the files and the problems:
    /// errors for links leading outside or in a loop, warnings for broken
    /// links.
    pub fn files_under(&self, dir: &Path, skip_hidden: bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let mut walk = walkdir::WalkDir::new(dir).follow_links(true).into_iter();
        while let Some(next) = walk.next() {
            let entry = match next {
                Ok(entry) => entry,
                Err(e) => {
                    if let Some(d) = self.walk_problem(dir, &e, skip_hidden) {
                        problems.push(d);
                    }
                    continue;
                }
            };
            if skip_hidden && entry.depth() > 0 && hidden(entry.path()) {
                if entry.file_type().is_dir() {
                    walk.skip_current_dir();
                }
                continue;
            }
            if entry.path_is_symlink() {
                if let Err(d) = self.resolve(entry.path()) {
                    problems.push(d);
                    if entry.file_type().is_dir() {
                        walk.skip_current_dir();
                    }
                    continue;
                }
            }
            if entry.file_type().is_file() {
                files.push(entry.into_path());
            }
        }
        // Sorted here rather than by walkdir, which re-parses both paths at
        // every comparison (a tenth of a second on 10,000 files).
        files.sort_unstable_by(|a, b| by_components(a, b));
        problems.sort_by(|a, b| a.path.cmp(&b.path));
        (files, problems)
    }

    fn walk_problem(
        &self,
        dir: &Path,
        e: &walkdir::Error,
        skip_hidden: bool,
    ) -> Option<Diagnostic> {
        let path = e.path().unwrap_or(dir);
        let shown = self.shown(path);
        if e.loop_ancestor().is_some() {
            return Some(
                Diagnostic::error(&shown, "a symbolic link here leads back into its own folder")
                    .hint("remove the link; congkhai follows links only to files and folders inside the site"),
            );
        }
        let missing = e.io_error().map(io::Error::kind) == Some(io::ErrorKind::NotFound);
        if missing && (path == dir || (skip_hidden && hidden(path))) {
            return None; // An absent folder, or an editor's lock link.
        }
        Some(match e.io_error() {
            Some(io) if missing => broken(&shown, io),
            Some(io) => Diagnostic::error(&shown, format!("cannot read: {io}"))
                .hint("check the file's permissions"),
            None => Diagnostic::error(&shown, e.to_string()),
        })
    }
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(['.', '~', '#']))
}

fn outside(shown: &Path, real: &Path) -> Diagnostic {
    Diagnostic::error(
        shown,
        format!(
            "this is a symbolic link to {}, outside the site folder: it is not published",
            real.display()
        ),
    )
    .hint("copy the file into the site folder instead of linking to it; links are followed only inside the site folder")
}

fn broken(shown: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::warning(
        shown,
        format!("this symbolic link leads nowhere ({e}): it is not published"),
    )
    .hint("remove the link, or point it at a file inside the site folder")
}

/// The order of `a` and `b` component by component (`a/b` before `a-b`),
/// as `Path`'s own `Ord` gives, for the clean paths a walk yields: the
/// bytes compared with a separator below every other byte, so that no
/// comparison allocates or parses (sorting 100,000 paths by their
/// collected components took a fifth of a second).
fn by_components(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |c: u8| {
        if std::path::is_separator(char::from(c)) {
            0
        } else {
            c
        }
    };
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    match a.iter().zip(b).position(|(x, y)| x != y) {
        Some(i) => key(a[i]).cmp(&key(b[i])),
        None => a.len().cmp(&b.len()),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn links_inside_are_followed_and_links_outside_refused() {
        let outside_dir = tempfile::tempdir().unwrap();
        std::fs::write(outside_dir.path().join("secret.txt"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        let dir = site.path().join("static");
        std::fs::create_dir_all(dir.join("real")).unwrap();
        std::fs::write(dir.join("real/a.txt"), "a").unwrap();
        symlink(dir.join("real"), dir.join("inside")).unwrap();
        symlink(outside_dir.path().join("secret.txt"), dir.join("leak.txt")).unwrap();
        symlink(outside_dir.path(), dir.join("leakdir")).unwrap();
        let root = SiteRoot::new(site.path());
        let (files, problems) = root.files_under(&dir, true);
        let names: Vec<_> = files.iter().map(|f| root.shown(f)).collect();
        assert_eq!(
            names,
            [
                PathBuf::from("static/inside/a.txt"),
                PathBuf::from("static/real/a.txt")
            ]
        );
        let shown: Vec<_> = problems.iter().map(|d| d.path.clone()).collect();
        assert_eq!(
            shown,
            [
                PathBuf::from("static/leak.txt"),
                PathBuf::from("static/leakdir")
            ]
        );
        assert!(problems
            .iter()
            .all(|d| d.message.contains("outside the site")));
    }

    proptest::proptest! {
        #[test]
        fn paths_sort_as_their_components_do(
            a in proptest::collection::vec("[a-c.\\- ]{1,3}", 1..4),
            b in proptest::collection::vec("[a-c.\\- ]{1,3}", 1..4),
        ) {
            // A walk never yields the `.` and `..` that `Path` drops or keeps.
            let special = |c: &String| c == "." || c == "..";
            proptest::prop_assume!(!a.iter().chain(&b).any(special));
            let (a, b) = (Path::new("site").join(a.join("/")), Path::new("site").join(b.join("/")));
            proptest::prop_assert_eq!(by_components(&a, &b), a.cmp(&b));
        }
    }
}
