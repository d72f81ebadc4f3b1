//! The parse cache (`.congkhai/cache/news/`): a build that takes posts
//! from it writes exactly what a build that parses them all writes, and
//! every change that could alter a post is seen.

use std::path::Path;

use crate::support::*;

const TODAY: &str = "2026-04-20";
const POST: &str = "tin-tuc/dang-ky-ho-tich-truc-tuyen/index.html";
const SOURCE: &str = "content/news/Đăng ký hộ tịch trực tuyến.md";

fn cache_files(site: &TestSite) -> Vec<std::path::PathBuf> {
    let dir = site.root().join(".congkhai/cache/news");
    snapshot_tree(&dir).into_iter().map(|(p, _)| p).collect()
}

fn build_into(site: &TestSite, out: &Path, extra: &[&str]) {
    let mut args = vec!["--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let built = site.build(TODAY, &args);
    assert!(built.status.success(), "{}", stderr(&built));
}

#[test]
fn a_build_from_the_cache_writes_what_a_build_without_it_writes() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    let (cold, warm, none) = (
        out.path().join("a"),
        out.path().join("b"),
        out.path().join("c"),
    );
    build_into(&site, &cold, &[]);
    assert!(
        !cache_files(&site).is_empty(),
        "the first build fills the cache"
    );
    let cache = snapshot_tree(&site.root().join(".congkhai/cache"));
    build_into(&site, &warm, &[]);
    assert_eq!(
        cache,
        snapshot_tree(&site.root().join(".congkhai/cache")),
        "nothing changed: the cache is not rewritten"
    );
    build_into(&site, &none, &["--no-cache"]);
    let all = snapshot_tree(&cold);
    assert!(all.len() > 20);
    assert_eq!(all, snapshot_tree(&warm));
    assert_eq!(all, snapshot_tree(&none));
}

#[test]
fn an_edited_post_is_parsed_again() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let text = std::fs::read_to_string(site.root().join(SOURCE)).unwrap();
    site.write(SOURCE, text.replace("**đăng ký**", "**đăng ký mới sửa**"));
    site.build_ok(TODAY);
    assert!(site.read(POST).contains("<strong>đăng ký mới sửa</strong>"));
}

#[test]
fn a_changed_site_yaml_is_seen_by_cached_posts() {
    // A post's category label is resolved from site.yaml when the post is read.
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    assert!(site.read(POST).contains("Tin hoạt động"));
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write(
        "site.yaml",
        config.replace("\"Tin hoạt động\"", "\"Hoạt động của Sở\""),
    );
    site.build_ok(TODAY);
    assert!(site.read(POST).contains("Hoạt động của Sở"));
}

#[test]
fn a_deleted_post_leaves_the_site_and_the_cache() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let held = |site: &TestSite| {
        snapshot_tree(&site.root().join(".congkhai/cache/news"))
            .iter()
            .any(|(_, bytes)| {
                let name = "Đăng ký hộ tịch trực tuyến.md".as_bytes();
                bytes.windows(name.len()).any(|w| w == name)
            })
    };
    assert!(held(&site));
    std::fs::remove_file(site.root().join(SOURCE)).unwrap();
    site.build_ok(TODAY);
    assert!(!site.exists(POST));
    assert!(!held(&site), "the cache no longer holds the deleted post");
}

#[test]
fn a_broken_post_is_reported_on_every_build_not_cached() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    site.write(
        "content/news/hong.md",
        "---\ntitle: Hỏng\ndate: 2026-04-01\ncategory: khong-co\n---\nx\n",
    );
    for _ in 0..2 {
        let out = site.build(TODAY, &[]);
        assert!(!out.status.success());
        assert!(stderr(&out).contains("khong-co"), "{}", stderr(&out));
    }
}

#[test]
fn a_corrupt_or_truncated_cache_is_ignored() {
    let site = TestSite::fixture("basic");
    let out = tempfile::tempdir().unwrap();
    build_into(&site, &out.path().join("a"), &[]);
    let dir = site.root().join(".congkhai/cache/news");
    for (i, rel) in cache_files(&site).iter().enumerate() {
        let path = dir.join(rel);
        let bytes = std::fs::read(&path).unwrap();
        let broken = match i % 3 {
            0 => bytes[..bytes.len() / 2].to_vec(),
            1 => bytes.iter().map(|b| b.wrapping_add(1)).collect(),
            _ => [bytes.as_slice(), b"more"].concat(),
        };
        std::fs::write(&path, broken).unwrap();
    }
    build_into(&site, &out.path().join("b"), &[]);
    assert_eq!(
        snapshot_tree(&out.path().join("a")),
        snapshot_tree(&out.path().join("b"))
    );
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let site = TestSite::fixture("basic");
    let built = site.build(TODAY, &["--no-cache"]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(!site.root().join(".congkhai/cache").exists());
}

#[test]
fn a_read_only_cache_folder_does_not_stop_the_build() {
    let site = TestSite::fixture("basic");
    std::fs::create_dir_all(site.root().join(".congkhai")).unwrap();
    // A file where the cache folder would go: it cannot be created.
    site.write(".congkhai/cache", "");
    site.build_ok(TODAY);
    assert!(site.read(POST).contains("<strong>đăng ký</strong>"));
}

#[test]
fn a_warm_build_takes_unchanged_posts_from_the_cache() {
    // Proves the cache is read: a post's HTML changed inside the cache (to
    // text of the same length) is what the next build publishes, since the
    // post's file did not change.
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let (from, to) = ("<strong>đăng ký</strong>", "<strong>ĐĂNG KÝ</strong>");
    assert_eq!(from.len(), to.len());
    let dir = site.root().join(".congkhai/cache/news");
    let mut changed = 0;
    for (rel, bytes) in snapshot_tree(&dir) {
        let Some(at) = bytes.windows(from.len()).position(|w| w == from.as_bytes()) else {
            continue;
        };
        let mut bytes = bytes;
        bytes[at..at + to.len()].copy_from_slice(to.as_bytes());
        std::fs::write(dir.join(rel), bytes).unwrap();
        changed += 1;
    }
    assert_eq!(changed, 1, "one shard holds the post");
    site.build_ok(TODAY);
    assert!(site.read(POST).contains(to));
    // Without the cache, the post is parsed from its file again.
    site.build(TODAY, &["--no-cache"]);
    assert!(site.read(POST).contains(from));
}

#[test]
fn builds_running_at_once_share_the_cache_safely() {
    let site = TestSite::fixture("basic");
    for i in 0..60 {
        site.write(
            &format!("content/news/bai-{i:02}.md"),
            format!("---\ntitle: Bài số {i}\ndate: 2026-03-{:02}\ncategory: hoat-dong\n---\nNội dung {i}.\n", i % 28 + 1),
        );
    }
    let out = tempfile::tempdir().unwrap();
    let runs: Vec<_> = (0..4)
        .map(|n| {
            let target = out.path().join(format!("o{n}"));
            congkhai()
                .args(["build", "--quiet", "--today", TODAY, "--root"])
                .arg(site.root())
                .arg("--output")
                .arg(&target)
                .spawn()
                .unwrap()
        })
        .collect();
    for mut run in runs {
        assert!(run.wait().unwrap().success());
    }
    build_into(&site, &out.path().join("after"), &[]);
    build_into(&site, &out.path().join("fresh"), &["--no-cache"]);
    let fresh = snapshot_tree(&out.path().join("fresh"));
    for n in ["o0", "o1", "o2", "o3", "after"] {
        assert_eq!(snapshot_tree(&out.path().join(n)), fresh, "{n}");
    }
    let left: Vec<_> = cache_files(&site)
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
