//! Test helpers: a fixture site in a temp folder, the binary, file checks.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// A copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> TestSite {
        let src = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&src, dir.path());
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `congkhai build --root DIR --today TODAY EXTRA...`.
    pub fn build(&self, today: &str, extra: &[&str]) -> Output {
        let mut cmd = congkhai();
        cmd.arg("build")
            .arg("--root")
            .arg(self.root())
            .arg("--today")
            .arg(today)
            .args(extra);
        cmd.output().expect("run congkhai")
    }

    /// Builds and asserts success.
    pub fn build_ok(&self, today: &str) -> Output {
        let out = self.build(today, &[]);
        assert!(
            out.status.success(),
            "build failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// `report --json --today TODAY`, parsed; the report must succeed.
    pub fn report_json(&self, today: &str) -> serde_json::Value {
        let out = congkhai()
            .args(["report", "--json", "--today", today, "--root"])
            .arg(self.root())
            .output()
            .expect("run congkhai");
        assert!(out.status.success(), "{}", stderr(&out));
        serde_json::from_slice(&out.stdout).expect("valid JSON")
    }

    /// Adds `yaml` at the end of `site.yaml`.
    pub fn append_config(&self, yaml: &str) {
        let text = std::fs::read_to_string(self.root().join("site.yaml")).unwrap();
        self.write("site.yaml", text + yaml);
    }

    pub fn public(&self, rel: &str) -> PathBuf {
        self.root().join("public").join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        let path = self.public(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.public(rel).exists()
    }
}

pub fn congkhai() -> Command {
    Command::new(env!("CARGO_BIN_EXE_congkhai"))
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

pub fn copy_tree(src: &Path, dst: &Path) {
    for entry in walkdir::WalkDir::new(src) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(src).unwrap();
        if rel.starts_with("public") {
            continue;
        }
        let target = dst.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, for before/after comparisons.
pub fn snapshot_tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}
