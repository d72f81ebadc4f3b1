//! Nothing lost, nothing leaked: the output folder is replaced only when
//! congkhai made it, symlinks never carry files from outside the site into
//! the output, and killed builds leave the previous output complete.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::*;

fn foreign_folder(dir: &Path) {
    std::fs::create_dir_all(dir.join("ho-so")).unwrap();
    std::fs::write(dir.join("bao-cao.docx"), "tài liệu của ai đó").unwrap();
    std::fs::write(dir.join("ho-so/danh-sach.xlsx"), "bảng").unwrap();
}

#[test]
fn a_foreign_output_folder_is_refused_and_left_as_it_was() {
    let site = TestSite::fixture("basic");
    let out = site.root().join("tai-lieu");
    foreign_folder(&out);
    let before = snapshot_tree(&out);
    let run = site.build("2026-04-20", &["--output", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let err = stderr(&run);
    assert!(err.contains("tai-lieu"), "names the folder: {err}");
    assert!(err.contains("not made by congkhai"), "{err}");
    assert!(err.contains("--force"), "says what to do: {err}");
    assert_eq!(snapshot_tree(&out), before, "every file survives");
    let beside = congkhai_folders(site.root());
    assert!(beside.is_empty(), "no staging folder left: {beside:?}");
}

#[test]
fn a_foreign_file_as_output_is_refused() {
    let site = TestSite::fixture("basic");
    let out = site.root().join("notes.txt");
    std::fs::write(&out, "ghi chép").unwrap();
    let run = site.build("2026-04-20", &["--output", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "ghi chép");
}

#[test]
fn force_replaces_a_foreign_output_folder() {
    let site = TestSite::fixture("basic");
    let out = site.root().join("tai-lieu");
    foreign_folder(&out);
    let run = site.build(
        "2026-04-20",
        &["--output", out.to_str().unwrap(), "--force"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    assert!(!out.join("bao-cao.docx").exists());
    assert!(out.join("index.html").is_file());
    assert!(
        out.join(".congkhai-output").is_file(),
        "marked as congkhai's"
    );
}

#[test]
fn an_empty_folder_and_congkhais_own_output_are_replaced_without_force() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir(site.root().join("public")).unwrap();
    site.build_ok("2026-04-20");
    assert!(site.exists(".congkhai-output"));
    site.build_ok("2026-04-20");
    assert!(site.exists("index.html"));
}

#[test]
fn an_output_that_is_a_symlink_is_refused_even_with_force() {
    let site = TestSite::fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    foreign_folder(elsewhere.path());
    let before = snapshot_tree(elsewhere.path());
    std::os::unix::fs::symlink(elsewhere.path(), site.root().join("public")).unwrap();
    let run = site.build("2026-04-20", &["--force"]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("symbolic link"), "{}", stderr(&run));
    assert_eq!(snapshot_tree(elsewhere.path()), before);
}

#[test]
fn a_symlinked_attachment_outside_the_site_is_refused_and_never_published() {
    let site = TestSite::fixture("basic");
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(secret.path().join("passwd"), "root:x:0:0:SECRET").unwrap();
    let pdf = site.root().join("content/documents/huong-dan.pdf");
    std::fs::remove_file(&pdf).unwrap();
    std::os::unix::fs::symlink(secret.path().join("passwd"), &pdf).unwrap();
    for out in [site.build("2026-04-20", &[]), check(&site)] {
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains("content/documents/15-hd-stp.md"), "{err}");
        assert!(err.contains("outside the site folder"), "{err}");
    }
    assert!(!site.root().join("public").exists(), "nothing published");
    assert_no_file_contains(site.root(), "SECRET");
}

#[test]
fn symlinked_content_static_and_theme_files_outside_the_site_are_refused() {
    let secret = tempfile::tempdir().unwrap();
    std::fs::write(
        secret.path().join("x.md"),
        "---\ntitle: SECRET\ndate: 2026-04-01\ncategory: chi-dao-dieu-hanh\n---\nSECRET\n",
    )
    .unwrap();
    for link in [
        "content/news/leak.md",
        "static/leak.txt",
        "themes/default/static/leak.css",
    ] {
        let site = TestSite::fixture("basic");
        let path = site.root().join(link);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(secret.path().join("x.md"), &path).unwrap();
        let out = site.build("2026-04-20", &[]);
        assert_eq!(out.status.code(), Some(1), "{link} accepted");
        let err = stderr(&out);
        assert!(
            err.contains(link) && err.contains("outside the site folder"),
            "{link}: {err}"
        );
        assert!(!site.root().join("public").exists());
    }
}

#[test]
fn symlinks_inside_the_site_are_followed() {
    let site = TestSite::fixture("basic");
    site.write("shared/ghi-chu.txt", "dùng chung");
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(
        site.root().join("shared/ghi-chu.txt"),
        site.root().join("static/ghi-chu.txt"),
    )
    .unwrap();
    site.build_ok("2026-04-20");
    assert_eq!(site.read("ghi-chu.txt"), "dùng chung");
}

/// Builds of a few hundred posts, killed with SIGKILL at random moments:
/// the output is always one complete build (the old or the new one), and
/// the next good build removes every staging folder the kills left.
#[test]
fn killed_builds_leave_a_complete_output_and_the_next_build_cleans_up() {
    let site = TestSite::fixture("basic");
    for i in 0..400 {
        site.write(
            &format!("content/news/bai-{i:03}.md"),
            format!("---\ntitle: Bài số {i}\ndate: 2026-03-{:02}\ncategory: chi-dao-dieu-hanh\n---\nNội dung {i}.\n", i % 28 + 1),
        );
    }
    site.build_ok("2026-04-20");
    let old = snapshot_tree(&site.root().join("public"));
    site.write(
        "content/news/bai-000.md",
        "---\ntitle: Bài đã sửa\ndate: 2026-03-01\ncategory: chi-dao-dieu-hanh\n---\nMới.\n",
    );
    let new_out = tempfile::tempdir().unwrap();
    let new_public = new_out.path().join("public");
    let started = Instant::now();
    let run = site.build("2026-04-20", &["--output", new_public.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let full = started.elapsed().max(Duration::from_millis(50));
    let new = snapshot_tree(&new_public);
    assert_ne!(old, new);

    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    for round in 0..6 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = full.mul_f64((seed >> 33) as f64 / (1u64 << 31) as f64 * 1.2);
        let mut child = congkhai()
            .args(["build", "--quiet", "--today", "2026-04-20", "--root"])
            .arg(site.root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        let _ = child.kill();
        child.wait().unwrap();
        let now = snapshot_tree(&site.root().join("public"));
        assert!(
            now == old || now == new,
            "round {round} (killed after {delay:?}, seed {seed}): the output is neither the old nor the new build"
        );
    }
    // A build killed while it saved the parse cache leaves a half-written
    // shard; the next save removes it.
    let cache = site.root().join(".congkhai/cache/news");
    std::fs::write(cache.join(".4000001.0.tmp"), "half").unwrap();
    site.write(
        "content/news/bai-001.md",
        "---\ntitle: Bài một\ndate: 2026-03-02\ncategory: chi-dao-dieu-hanh\n---\nMột.\n",
    );
    site.build_ok("2026-04-20");
    site.write(
        "content/news/bai-001.md",
        "---\ntitle: Bài số 1\ndate: 2026-03-02\ncategory: chi-dao-dieu-hanh\n---\nNội dung 1.\n",
    );
    site.build_ok("2026-04-20");
    assert_eq!(snapshot_tree(&site.root().join("public")), new);
    let left = congkhai_folders(site.root());
    assert!(left.is_empty(), "left beside the output: {left:?}");
    let shards = snapshot_tree(&cache);
    let half = shards
        .iter()
        .filter(|(p, _)| p.to_string_lossy().ends_with(".tmp"));
    assert_eq!(half.count(), 0, "left in the cache: {shards:?}");
}

#[test]
fn staging_folders_of_other_names_and_foreign_folders_are_never_removed() {
    let site = TestSite::fixture("basic");
    // Looks like a leftover but holds no marker: not congkhai's to delete.
    let lookalike = site.root().join(".public.congkhai-new-4000001");
    foreign_folder(&lookalike);
    // A real leftover of a dead process: removed.
    let leftover = site.root().join(".public.congkhai-new-4000002");
    std::fs::create_dir(&leftover).unwrap();
    std::fs::write(leftover.join(".congkhai-output"), "x").unwrap();
    site.build_ok("2026-04-20");
    assert!(lookalike.join("bao-cao.docx").is_file());
    assert!(!leftover.exists());
}

/// Names in `dir` that look like congkhai's staging or old-output folders.
fn congkhai_folders(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("congkhai") && n != ".congkhai")
        .collect()
}

fn check(site: &TestSite) -> std::process::Output {
    congkhai()
        .args(["check", "--today", "2026-04-20", "--root"])
        .arg(site.root())
        .output()
        .unwrap()
}

fn assert_no_file_contains(dir: &Path, needle: &str) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains(needle),
                "{} holds {needle}",
                entry.path().display()
            );
        }
    }
}

/// Attachments are documents, sheets, images or archives whose content
/// matches their name: a hand-placed page, an SVG with script or a program
/// renamed `.pdf` stops the build, naming the file, and reaches no output.
#[test]
fn only_real_documents_are_published_as_attachments() {
    for (name, bytes) in [
        ("trang.html", &b"<script>alert(1)</script>"[..]),
        (
            "hinh.svg",
            &b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"[..],
        ),
        ("chuong-trinh.pdf", &b"MZ\x90\x00\x03\x00\x00\x00"[..]),
        ("bang.xlsx", &b"<html></html>"[..]),
    ] {
        let site = TestSite::fixture("basic");
        site.write(&format!("content/documents/{name}"), bytes);
        let doc =
            std::fs::read_to_string(site.root().join("content/documents/15-hd-stp.md")).unwrap();
        site.write(
            "content/documents/15-hd-stp.md",
            doc.replace("file: huong-dan.pdf", &format!("file: {name}")),
        );
        let out = site.build("2026-04-20", &[]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = stderr(&out);
        assert!(
            err.contains("content/documents/15-hd-stp.md:") && err.contains(name),
            "{err}"
        );
        assert!(!site.public("").exists(), "{name}: nothing published");
    }
}

/// A full disk: one clear error saying so, not one line per file, and the
/// previous output untouched. Needs root (a 1 MB tmpfs is mounted), as CI
/// and the development machines run.
#[test]
fn a_full_disk_gives_one_clear_error() {
    let site = TestSite::fixture("basic");
    for i in 0..400 {
        site.write(
            &format!("content/news/n{i}.md"),
            format!("---\ntitle: \"Tin số {i}\"\ndate: 2026-03-01 08:00\ncategory: hoat-dong\n---\n{}\n", "Nội dung. ".repeat(200)),
        );
    }
    let disk = tempfile::tempdir().unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
        .arg(disk.path())
        .status()
        .unwrap();
    assert!(mounted.success(), "mounting a small tmpfs needs root");
    let out = site.build(
        "2026-04-20",
        &["--output", &disk.path().join("public").to_string_lossy()],
    );
    let _ = std::process::Command::new("umount")
        .arg(disk.path())
        .status();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.matches("error:").count(), 1, "{err}");
    assert!(err.contains("disk is full"), "{err}");
}
