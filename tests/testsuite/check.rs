//! `congkhai check`: validates and checks links without writing anything.

use crate::support::*;

fn check(site: &TestSite, extra: &[&str]) -> std::process::Output {
    congkhai()
        .arg("check")
        .arg("--root")
        .arg(site.root())
        .args(["--today", "2026-04-20"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn clean_site_passes_and_nothing_is_written() {
    let site = TestSite::fixture("basic");
    let out = check(&site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!site.root().join("public").exists());
    assert!(String::from_utf8_lossy(&out.stdout).contains("check passed: 0 error(s)"));
}

#[test]
fn errors_on_a_link_to_a_missing_page_naming_the_content_file() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/pages/lien-he.md",
        "---\ntitle: Liên hệ\n---\nXem [trang cũ](/tin-tuc/khong-con/).\n",
    );
    let out = check(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/pages/lien-he.md")
            && err.contains("links to /tin-tuc/khong-con/, which the site does not have"),
        "{err}"
    );
    // A build publishes anyway, with a warning.
    let out = site.build("2026-04-20", &[]);
    assert!(out.status.success());
    assert!(stderr(&out).contains("warning: content/pages/lien-he.md"));
}

#[test]
fn errors_on_a_link_to_a_missing_anchor() {
    let site = TestSite::fixture("basic");
    site.write("content/pages/lien-he.md", "---\ntitle: Liên hệ\n---\nXem [các bước](/tin-tuc/dang-ky-ho-tich-truc-tuyen/#cac-buoc) và [mục sai](/tin-tuc/dang-ky-ho-tich-truc-tuyen/#khong-co).\n");
    let err = stderr(&check(&site, &[]));
    assert!(err.contains("no anchor `#khong-co`"), "{err}");
    assert!(!err.contains("#cac-buoc"), "{err}");
}

#[test]
fn errors_on_a_missing_attachment() {
    let site = TestSite::fixture("basic");
    std::fs::remove_file(site.root().join("content/documents/huong-dan.pdf")).unwrap();
    let out = check(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/documents/15-hd-stp.md:")
            && err.contains("attachment `huong-dan.pdf` not found"),
        "{err}"
    );
}

#[test]
fn json_format_lists_problems_for_tools() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/news/x.md",
        "---\ntitle: X\ndate: 2026-02-30\ncategory: hoat-dong\n---\n",
    );
    let out = check(&site, &["--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    let p = &v["problems"][0];
    assert_eq!(p["severity"], "error");
    assert_eq!(p["file"], "content/news/x.md");
    assert_eq!(p["line"], 3);
    assert!(p["message"].as_str().unwrap().contains("has 28 days"));
}

#[test]
fn errors_on_a_body_link_to_a_file_that_is_not_attached() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/news/co-tep.md",
        "---\ntitle: Có tệp\ndate: 2026-04-01\ncategory: hoat-dong\n---\nTải [giấy mời](giay-moi.pdf).\n",
    );
    let out = check(&site, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/news/co-tep.md:6")
            && err.contains("links to `giay-moi.pdf`, which is not one of this item's attachments"),
        "{err}"
    );
    // Attached beside the post, the same link is fine and published.
    site.write("content/news/giay-moi.pdf", "%PDF-1.4 x");
    site.write(
        "content/news/co-tep.md",
        "---\ntitle: Có tệp\ndate: 2026-04-01\ncategory: hoat-dong\nfiles:\n- giay-moi.pdf\n---\nTải [giấy mời](giay-moi.pdf).\n",
    );
    let out = check(&site, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}
