//! `congkhai serve`: a real server on a free port, edited, broken and
//! attacked while it runs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// A running preview, stopped when dropped.
struct Preview {
    child: Child,
    port: u16,
    out: std::path::PathBuf,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Preview {
    let mut child = congkhai()
        .arg("serve")
        .arg("--root")
        .arg(site.root())
        .args(["--port", "0", "--today", "2026-04-20"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut port, mut out) = (0, std::path::PathBuf::new());
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("127.0.0.1:").nth(1) {
            port = rest.split('/').next().unwrap().parse().unwrap();
        }
        if let Some(dir) = line.strip_prefix("preview files in ") {
            out = dir.into();
            break;
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    assert!(port > 0, "no port announced");
    Preview { child, port, out }
}

/// GET a raw path; (status, content type, body).
fn get(p: &Preview, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", p.port)).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .unwrap_or("0")
        .parse()
        .unwrap();
    let kind = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))
        .unwrap_or("")
        .to_string();
    (status, kind, body.to_string())
}

fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    let start = Instant::now();
    while !cond() {
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serves_pages_and_shows_edits() {
    let site = TestSite::fixture("basic");
    let p = start(&site);
    let (status, kind, body) = get(&p, "/tin-tuc/utc-offset/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("Bài viết giờ UTC"));
    assert!(
        body.contains("/__congkhai/livereload.js"),
        "reload client injected when serving"
    );
    site.write("content/news/utc-offset.md", "---\ntitle: \"Tiêu đề đã sửa\"\ndate: 2026-03-31T17:30:00Z\ncategory: chi-dao-dieu-hanh\n---\nMới.\n");
    wait_for("the edited title", || {
        get(&p, "/tin-tuc/utc-offset/").2.contains("Tiêu đề đã sửa")
    });
    wait_for("the list page", || {
        get(&p, "/tin-tuc/").2.contains("Tiêu đề đã sửa")
    });
    let on_disk = std::fs::read_to_string(p.out.join("tin-tuc/utc-offset/index.html")).unwrap();
    assert!(
        !on_disk.contains("__congkhai"),
        "the reload client is never written to files"
    );
}

#[test]
fn a_broken_file_shows_an_error_and_keeps_the_last_good_site() {
    let site = TestSite::fixture("basic");
    let p = start(&site);
    site.write(
        "content/news/utc-offset.md",
        "---\ntitle: \"Hỏng\"\ndate: 2026-02-30\ncategory: chi-dao-dieu-hanh\n---\n",
    );
    wait_for("the error", || {
        get(&p, "/__congkhai/status")
            .2
            .contains("content/news/utc-offset.md:3")
    });
    let (status, _, body) = get(&p, "/tin-tuc/utc-offset/");
    assert_eq!(status, 200);
    assert!(
        body.contains("Bài viết giờ UTC"),
        "the last good page is still served"
    );
    site.write(
        "content/news/utc-offset.md",
        "---\ntitle: \"Đã sửa lỗi\"\ndate: 2026-03-30\ncategory: chi-dao-dieu-hanh\n---\n",
    );
    wait_for("the error to clear", || {
        get(&p, "/__congkhai/status").2.contains("\"error\":null")
    });
    assert!(get(&p, "/tin-tuc/utc-offset/").2.contains("Đã sửa lỗi"));
}

#[test]
fn template_changes_rebuild_everything() {
    let site = TestSite::fixture("basic");
    let p = start(&site);
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block main %}<h1>Mẫu mới {{ page.title }}</h1>{% endblock main %}");
    wait_for("the new template", || {
        get(&p, "/gioi-thieu/").2.contains("Mẫu mới Giới thiệu")
    });
}

#[test]
fn refuses_paths_outside_the_output() {
    let site = TestSite::fixture("basic");
    let p = start(&site);
    for path in [
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/tin-tuc/..%2f..%2f..%2fetc/passwd",
        "/a\\..\\..\\etc\\passwd",
    ] {
        let (status, _, body) = get(&p, path);
        assert!(status == 400 || status == 404, "{path}: {status}");
        assert!(!body.contains("root:"), "{path} leaked a file");
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/etc", p.out.join("ra-ngoai")).unwrap();
        let (status, _, body) = get(&p, "/ra-ngoai/passwd");
        assert_eq!(status, 404, "symlink escape");
        assert!(!body.contains("root:"));
    }
}

#[test]
fn content_types_clean_urls_and_the_404_page() {
    let site = TestSite::fixture("basic");
    let p = start(&site);
    assert_eq!(get(&p, "/assets/style.css").1, "text/css; charset=utf-8");
    assert_eq!(get(&p, "/assets/favicon.svg").1, "image/svg+xml");
    assert_eq!(
        get(&p, "/assets/search.js").1,
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        get(&p, "/van-ban/15-hd-stp/huong-dan.pdf").1,
        "application/pdf"
    );
    let (status, _, _) = get(&p, "/gioi-thieu");
    assert_eq!(status, 301, "folder without slash redirects");
    let (status, kind, body) = get(&p, "/khong-co/");
    assert_eq!((status, kind.as_str()), (404, "text/html; charset=utf-8"));
    assert!(body.contains("Không tìm thấy trang"));
}

#[test]
fn build_output_never_contains_the_reload_client() {
    let site = TestSite::fixture("basic");
    site.build_ok("2026-04-20");
    for (path, bytes) in snapshot_tree(&site.root().join("public")) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("__congkhai"),
            "{}",
            path.display()
        );
    }
}

#[test]
fn serve_help_documents_port_bind_and_open() {
    let out = congkhai().args(["serve", "--help"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--port") && text.contains("--bind") && text.contains("--open"));
}

#[test]
fn sigterm_removes_the_preview_folder() {
    let site = TestSite::fixture("basic");
    let mut p = start(&site);
    assert!(p.out.join("index.html").is_file());
    let term = std::process::Command::new("kill")
        .args(["-TERM", &p.child.id().to_string()])
        .status()
        .unwrap();
    assert!(term.success());
    p.child.wait().unwrap();
    assert!(!p.out.exists(), "{} left behind", p.out.display());
}

#[test]
fn a_new_preview_removes_the_folders_of_killed_ones() {
    let site = TestSite::fixture("basic");
    let mut first = start(&site);
    first.child.kill().unwrap(); // SIGKILL: no chance to clean up
    first.child.wait().unwrap();
    assert!(first.out.exists());
    let second = start(&site);
    assert!(
        !first.out.exists(),
        "the killed preview's folder is removed"
    );
    assert!(second.out.join("index.html").is_file());
}

#[test]
fn the_preview_tells_editors_what_the_month_still_needs() {
    let site = TestSite::fixture("basic");
    let p = start(&site);
    let home = get(&p, "/").2;
    assert!(home.contains("cần thêm"), "{home}");
    // The built site does not.
    site.build_ok("2026-04-20");
    assert!(!site.read("index.html").contains("cần thêm"));
}
