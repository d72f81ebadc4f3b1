//! `congkhai new` and `congkhai init`, and the build's progress output.

use crate::support::*;

#[test]
fn init_creates_a_site_that_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("moi");
    let out = congkhai().arg("init").arg(&site).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let out = congkhai()
        .arg("build")
        .arg("--root")
        .arg(&site)
        .arg("--quiet")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.join("public/gioi-thieu/index.html").exists());
    let again = congkhai().arg("init").arg(&site).output().unwrap();
    assert_eq!(again.status.code(), Some(1), "init never overwrites a site");
}

#[test]
fn new_writes_a_prefilled_file_named_after_the_title() {
    let site = TestSite::fixture("basic");
    let out = congkhai()
        .args(["new", "news", "Tiêu đề bài viết"])
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text =
        std::fs::read_to_string(site.root().join("content/news/tieu-de-bai-viet.md")).unwrap();
    assert!(
        text.contains("title: \"Tiêu đề bài viết\"")
            && text.contains("category: \"hoat-dong\"")
            && text.contains("draft: true")
    );
    assert!(text.contains("# bắt buộc"), "required fields are marked");
    // A draft: builds, but is not published until draft is removed.
    site.build_ok("2030-01-01");
    assert!(!site.exists("tin-tuc/tieu-de-bai-viet/index.html"));
}

#[test]
fn new_refuses_to_overwrite() {
    let site = TestSite::fixture("basic");
    let run = || {
        congkhai()
            .args(["new", "procedure", "Thủ tục thử"])
            .arg("--root")
            .arg(site.root())
            .output()
            .unwrap()
    };
    assert!(run().status.success());
    std::fs::write(
        site.root().join("content/procedures/thu-tuc-thu.yaml"),
        "kept",
    )
    .unwrap();
    let second = run();
    assert_eq!(second.status.code(), Some(1));
    assert!(stderr(&second).contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(site.root().join("content/procedures/thu-tuc-thu.yaml")).unwrap(),
        "kept"
    );
}

#[test]
fn new_procedure_asks_for_its_required_fields() {
    let site = TestSite::fixture("basic");
    assert!(congkhai()
        .args(["new", "thu-tuc", "Thủ tục mới"])
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap()
        .status
        .success());
    let out = site.build("2026-04-20", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/procedures/thu-tuc-moi.yaml:1") && err.contains("`code` is empty"),
        "{err}"
    );
}

#[test]
fn piped_build_prints_only_the_summary() {
    let site = TestSite::fixture("basic");
    let out = site.build_ok("2026-04-20");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stderr(&out).is_empty(),
        "no progress bar when piped: {}",
        stderr(&out)
    );
    let quiet = site.build("2026-04-20", &["--quiet"]);
    assert!(quiet.stdout.is_empty());
}
