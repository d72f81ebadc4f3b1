//! `congkhai serve`: a real server on a free port, edited, broken and
//! attacked while it runs.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use crate::support::*;

/// A running preview, stopped when dropped.
pub struct Preview {
    child: Child,
    pub port: u16,
    pub out: std::path::PathBuf,
    /// The desk's address with its secret, as printed at start-up.
    pub desk_login: Option<String>,
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(site: &TestSite) -> Preview {
    start_with(site, &[])
}

/// Starts `serve` on a free port with `extra` arguments and waits for
/// its first build to be over.
pub fn start_with(site: &TestSite, extra: &[&str]) -> Preview {
    let p = announced(site, extra);
    wait_for("the first build", || first_build_over(&p));
    p
}

/// Whether the preview's first build is over (written, or failed).
fn first_build_over(p: &Preview) -> bool {
    let body = get(p, "/__congkhai/status").2;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    v["starting"] == false && v["settled"] == true
}

/// Starts `serve` and returns as soon as it has said where it listens,
/// which it does before its first build.
fn announced(site: &TestSite, extra: &[&str]) -> Preview {
    let mut child = congkhai()
        .arg("serve")
        .arg("--root")
        .arg(site.root())
        .args(["--port", "0", "--today", "2026-04-20"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut port, mut out, mut desk_login) = (0, std::path::PathBuf::new(), None);
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.strip_prefix("editing desk at ") {
            desk_login = rest.split_whitespace().next().map(str::to_string);
            continue;
        }
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
    Preview {
        child,
        port,
        out,
        desk_login,
    }
}

/// GET a raw path; (status, content type, body).
fn get(p: &Preview, path: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", p.port)).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n",
        p.port
    )
    .unwrap();
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
        .find_map(|l| {
            let (name, value) = l.split_once(": ")?;
            name.eq_ignore_ascii_case("content-type").then_some(value)
        })
        .unwrap_or("")
        .to_string();
    (status, kind, body.to_string())
}

pub fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
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
    // The error's text goes only to a browser logged in with the printed
    // secret; others are told there is an error.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let login = p.desk_login.clone().expect("the desk's address");
    assert_eq!(agent.get(&login).call().unwrap().status().as_u16(), 200);
    let status_url = format!("http://127.0.0.1:{}/__congkhai/status", p.port);
    wait_for("the error", || {
        let mut res = agent.get(&status_url).call().unwrap();
        res.body_mut()
            .read_to_string()
            .unwrap()
            .contains("Tin, bài «utc-offset»: «Ngày đăng»: «2026-02-30» không phải là ngày có thật")
    });
    let hidden = get(&p, "/__congkhai/status").2;
    assert!(
        hidden.contains("\"error\":\"") && !hidden.contains("utc-offset"),
        "{hidden}"
    );
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
    // Removed beside the first build.
    wait_for("the killed preview's folder to be removed", || {
        !first.out.exists()
    });
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

/// The preview's version counter (it changes after every good rebuild).
#[test]
fn edits_made_while_the_site_is_broken_are_shown_once_it_is_fixed() {
    let site = TestSite::fixture("basic");
    let text = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", text + "tracker: { show_needed: true }\n");
    let p = start(&site);
    let error = |p: &Preview| {
        let body = get(p, "/__congkhai/status").2;
        serde_json::from_str::<serde_json::Value>(&body).unwrap_or_default()["error"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    // A second post takes the address of another: the site cannot build.
    site.write(
        "content/news/trung-dia-chi.md",
        "---\ntitle: \"Trùng\"\ndate: 2026-03-01\ncategory: hoat-dong\nslug: tin-thang-2\n---\nA.\n",
    );
    wait_for("the duplicate address error", || !error(&p).is_empty());
    // Meanwhile a good file is edited: it cannot be shown yet. (Given a
    // moment to be rebuilt on its own, failing again, before the fix.)
    let post = std::fs::read_to_string(site.root().join("content/news/utc-offset.md")).unwrap();
    site.write(
        "content/news/utc-offset.md",
        post.replacen("Bài viết giờ UTC", "Sửa khi đang lỗi", 1),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(!error(&p).is_empty());
    let v = version(&p);
    site.write(
        "content/news/trung-dia-chi.md",
        "---\ntitle: \"Hết trùng\"\ndate: 2026-03-01\ncategory: hoat-dong\n---\nA.\n",
    );
    wait_for("the fixed build", || {
        settled_after(&p, v) && error(&p).is_empty()
    });
    let diff = differences(&site, &p.out);
    assert!(
        diff.is_empty(),
        "the preview differs from a build:\n{}",
        diff.join("\n")
    );
}

fn version(p: &Preview) -> u64 {
    let body = get(p, "/__congkhai/status").2;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    v["version"].as_u64().unwrap_or(0)
}

/// Whether a rebuild after version `before` has written everything: its
/// pages first, then its feeds, sitemaps and search index ("settled").
fn settled_after(p: &Preview, before: u64) -> bool {
    let body = get(p, "/__congkhai/status").2;
    let v: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    v["version"].as_u64().unwrap_or(0) > before && v["settled"] == true
}

/// Files that differ between the preview folder and a fresh full build of
/// the same site. Deliberately left out: the output marker (each names its
/// maker) and, unless `with_index`, the search index, which the preview
/// rebuilds on a background thread after the page has reloaded.
fn differences(site: &TestSite, preview: &std::path::Path) -> Vec<String> {
    compare(site, preview, false)
}

fn compare(site: &TestSite, preview: &std::path::Path, with_index: bool) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let run = site.build(
        "2026-04-20",
        &["--output", public.to_str().unwrap(), "--quiet"],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    let skip = |p: &std::path::Path| {
        let index = p.starts_with("tim-kiem") && p != std::path::Path::new("tim-kiem/index.html");
        p == std::path::Path::new(".congkhai-output") || (index && !with_index)
    };
    let built: std::collections::BTreeMap<_, _> = snapshot_tree(&public)
        .into_iter()
        .filter(|(p, _)| !skip(p))
        .collect();
    let shown: std::collections::BTreeMap<_, _> = snapshot_tree(preview)
        .into_iter()
        .filter(|(p, _)| !skip(p))
        .collect();
    let mut diff = Vec::new();
    for (path, bytes) in &built {
        match shown.get(path) {
            None => diff.push(format!("missing in preview: {}", path.display())),
            Some(b) if b != bytes => diff.push(format!("differs: {}", path.display())),
            _ => {}
        }
    }
    for path in shown.keys().filter(|p| !built.contains_key(*p)) {
        diff.push(format!("only in preview: {}", path.display()));
    }
    diff
}

#[test]
fn the_preview_matches_a_full_build_after_a_scripted_series_of_edits() {
    let site = TestSite::fixture("basic");
    // The one deliberate difference: the preview tells editors what the
    // month still needs; with show_needed the build does too.
    let text = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", text + "tracker: { show_needed: true }\n");
    let p = start(&site);
    let post = |name: &str, title: &str, date: &str, category: &str| {
        site.write(
            &format!("content/news/{name}.md"),
            format!("---\ntitle: \"{title}\"\ndate: {date}\ncategory: {category}\n---\nNội dung {title}.\n"),
        );
    };
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step<'_>> = vec![
        (
            "create a post",
            Box::new(|| post("moi", "Bài mới", "2026-04-18", "hoat-dong")),
        ),
        (
            "retitle it",
            Box::new(|| post("moi", "Bài mới đã sửa tên", "2026-04-18", "hoat-dong")),
        ),
        (
            "change its category",
            Box::new(|| {
                post(
                    "moi",
                    "Bài mới đã sửa tên",
                    "2026-04-18",
                    "chi-dao-dieu-hanh",
                )
            }),
        ),
        (
            "change its date to another month",
            Box::new(|| {
                post(
                    "moi",
                    "Bài mới đã sửa tên",
                    "2026-03-03",
                    "chi-dao-dieu-hanh",
                )
            }),
        ),
        (
            "rename its file",
            Box::new(|| {
                std::fs::rename(
                    site.root().join("content/news/moi.md"),
                    site.root().join("content/news/moi-doi-ten.md"),
                )
                .unwrap();
            }),
        ),
        (
            "delete a post",
            Box::new(|| {
                std::fs::remove_file(site.root().join("content/news/thang-hai.md")).unwrap();
            }),
        ),
        (
            "change a template",
            Box::new(|| {
                site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block main %}<h1>{{ title }}</h1><div class=\"prose\">{{ content | safe }}</div><p>Mẫu đã sửa</p>{% endblock main %}");
            }),
        ),
        (
            "change site.yaml",
            Box::new(|| {
                let text = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
                site.write("site.yaml", text.replace("Thử nghiệm", "Thử nghiệm hai"));
            }),
        ),
    ];
    for (what, step) in steps {
        let before = version(&p);
        step();
        wait_for(what, || settled_after(&p, before));
        let diff = differences(&site, &p.out);
        assert!(
            diff.is_empty(),
            "after '{what}', the preview differs from a build:\n{}",
            diff.join("\n")
        );
    }
    wait_for("the search index to match a build", || {
        compare(&site, &p.out, true).is_empty()
    });
}

/// One edit an office editor might make, for the randomised sequence.
fn random_edit(site: &TestSite, n: u64, step: usize) -> String {
    let root = site.root();
    let news: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("content/news"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    let pick = |v: &[std::path::PathBuf]| v[(n as usize / 7) % v.len()].clone();
    let categories = ["hoat-dong", "chi-dao-dieu-hanh"];
    let post = |name: &str, title: &str, date: &str, cat: &str, tags: &str| {
        site.write(
            &format!("content/news/{name}.md"),
            format!("---\ntitle: \"{title}\"\ndate: {date}\ncategory: {cat}\ntags: [{tags}]\n---\nNội dung {title}.\n"),
        );
    };
    match n % 14 {
        0 => {
            let name = format!("bai-{step}");
            let day = 1 + (n % 28);
            post(
                &name,
                &format!("Bài {step}"),
                &format!("2026-0{}-{day:02}", 1 + n % 4),
                categories[(n % 2) as usize],
                "hộ tịch",
            );
            format!("create {name}")
        }
        1 if news.len() > 2 => {
            let victim = pick(&news);
            std::fs::remove_file(&victim).unwrap();
            format!("delete {}", victim.display())
        }
        2 => {
            let file = pick(&news);
            let name = file.file_stem().unwrap().to_string_lossy().to_string();
            post(
                &name,
                &format!("Sửa {step}"),
                "2026-03-10",
                categories[(n % 2) as usize],
                "",
            );
            format!("retitle {name}")
        }
        3 => {
            let file = pick(&news);
            let name = file.file_stem().unwrap().to_string_lossy().to_string();
            post(
                &name,
                &format!("Đổi ngày {step}"),
                &format!("2026-04-{:02}", 1 + n % 19),
                categories[((n / 2) % 2) as usize],
                "trực tuyến",
            );
            format!("change the date and category of {name}")
        }
        4 => {
            let file = pick(&news);
            let to = root.join(format!("content/news/doi-ten-{step}.md"));
            std::fs::rename(&file, &to).unwrap();
            format!("rename {} to {}", file.display(), to.display())
        }
        5 => {
            site.write(
                "content/documents/huong-dan.pdf",
                format!("%PDF-1.4 phiên bản {step}"),
            );
            "change an attachment".into()
        }
        6 => {
            site.write(
                &format!("content/documents/vb-{step}.md"),
                format!("---\nnumber: \"{step}/HD-STP\"\ntitle: \"Văn bản {step}\"\ndate: 2026-03-{:02}\nkind: Hướng dẫn\nfield: Lĩnh vực {}\n---\nNội dung.\n", 2 + n % 20, n % 2),
            );
            format!("add document vb-{step}")
        }
        7 => {
            site.write(
                "themes/default/templates/page.html",
                format!("{{% extends \"base.html\" %}}{{% block main %}}<h1>{{{{ title }}}}</h1><div class=\"prose\">{{{{ content | safe }}}}</div><p>Mẫu {step}</p>{{% endblock main %}}"),
            );
            "change a template".into()
        }
        8 => {
            site.write(
                "content/feedback/pakn-002.yaml",
                format!("code: \"PAKN-2026-002\"\nreceived: 2026-03-02\nsubject: \"Hỏi về thủ tục {step}\"\ncontent: \"Nội dung\"\nunit: Văn phòng Sở\nprocedure: \"1.013837\"\nanswer: \"Trả lời {step}\"\nanswered: 2026-03-0{}\n", 3 + n % 6),
            );
            "answer a feedback item".into()
        }
        9 => {
            site.write(
                &format!("content/consultations/du-thao-{step}.md"),
                format!("---\ntitle: \"Dự thảo {step}\"\ndrafting_unit: Phòng Nghiệp vụ I\nopens: 2026-04-{:02}\ncloses: 2026-05-{:02}\n---\nNội dung.\n", 1 + n % 19, 1 + n % 28),
            );
            format!("add consultation du-thao-{step}")
        }
        10 => {
            site.write(
                "static/robots.txt",
                format!("User-agent: *\nAllow: /\n# {step}\n"),
            );
            "change a static file".into()
        }
        11 => {
            // Its name shows on its feedback's pages, its field on the index.
            let path = root.join("content/procedures/nhap-quoc-tich.yaml");
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text
                .lines()
                .map(|l| match l {
                    l if l.starts_with("name:") => format!("name: \"Nhập quốc tịch {step}\""),
                    l if l.starts_with("field:") => format!("field: \"Lĩnh vực {}\"", n % 3),
                    l => l.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(path, text + "\n").unwrap();
            "rename a procedure and change its field".into()
        }
        12 => {
            let (menu, title) = if n.is_multiple_of(2) {
                ("true", "Giới thiệu")
            } else {
                ("false", "Về Sở")
            };
            site.write(
                "content/pages/gioi-thieu.md",
                format!("---\ntitle: {title}\nmenu: {menu}\norder: 1\n---\nSở Tư pháp là cơ quan chuyên môn ({step}).\n"),
            );
            "edit a page of the menu".into()
        }
        _ => {
            let text = std::fs::read_to_string(root.join("site.yaml")).unwrap();
            let text = text
                .lines()
                .map(|l| if l.starts_with("description:") { "" } else { l })
                .collect::<Vec<_>>()
                .join("\n");
            site.write(
                "site.yaml",
                format!("{text}\ndescription: \"Mô tả {step}\"\n"),
            );
            "change site.yaml".into()
        }
    }
}

/// Random sequences of edits (a fixed seed each run is printed on failure):
/// after each, the preview folder equals a fresh full build.
#[test]
fn the_preview_matches_a_full_build_after_random_edits() {
    let site = TestSite::fixture("basic");
    let text = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", text + "tracker: { show_needed: true }\n");
    let p = start(&site);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let mut n = seed;
    for step in 0..14 {
        n = n
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let before = version(&p);
        let what = random_edit(&site, n >> 33, step);
        wait_for(&what, || settled_after(&p, before));
        let diff = differences(&site, &p.out);
        assert!(
            diff.is_empty(),
            "seed {seed}, step {step} ({what}): the preview differs from a build:\n{}",
            diff.join("\n")
        );
    }
    wait_for("the search index to match a build", || {
        compare(&site, &p.out, true).is_empty()
    });
}

#[test]
fn idle_connections_are_dropped_and_never_stop_a_rebuild() {
    let site = TestSite::fixture("basic");
    let p = start(&site);
    // 300 sockets that never send a request (a slowloris, or a buggy
    // client), opened before an edit.
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(("127.0.0.1", p.port)).unwrap())
        .collect();
    site.write(
        "content/news/thang-hai.md",
        "---\ntitle: \"Sửa khi có kết nối treo\"\ndate: 2026-02-28 09:00\ncategory: hoat-dong\nslug: tin-thang-2\n---\nX.\n",
    );
    wait_for("the edit to be served", || {
        get(&p, "/tin-tuc/tin-thang-2/")
            .2
            .contains("Sửa khi có kết nối treo")
    });
    // The server closes each of them once its header time is up.
    let started = Instant::now();
    for mut s in idle {
        let left = Duration::from_secs(25).saturating_sub(started.elapsed());
        s.set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        let mut buf = [0u8; 64];
        match s.read(&mut buf) {
            Ok(n) => {
                assert!(n == 0 || String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 408"))
            }
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!("an idle connection is still open after 25 s: {e}"),
        }
    }
}

#[test]
fn a_folder_moved_out_of_content_leaves_no_page_behind() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/news/2026/tin-trong-thu-muc.md",
        "---\ntitle: \"Tin trong thư mục\"\ndate: 2026-03-05 08:00\ncategory: hoat-dong\n---\nX.\n",
    );
    let p = start(&site);
    assert_eq!(get(&p, "/tin-tuc/tin-trong-thu-muc/").0, 200);
    let away = tempfile::tempdir().unwrap();
    std::fs::rename(
        site.root().join("content/news/2026"),
        away.path().join("2026"),
    )
    .unwrap();
    wait_for("the moved post to leave the preview", || {
        get(&p, "/tin-tuc/tin-trong-thu-muc/").0 == 404
    });
}

/// A site whose first build takes a while (3,000 posts).
fn large_site() -> TestSite {
    let site = TestSite::fixture("basic");
    for i in 0..3000 {
        site.write(
            &format!("content/news/n{i}.md"),
            format!("---\ntitle: \"Tin số {i}\"\ndate: 2026-03-01 08:00\ncategory: hoat-dong\n---\nNội dung tin {i}.\n"),
        );
    }
    site
}

#[test]
fn the_preview_answers_while_its_first_build_runs() {
    let site = large_site();
    let p = announced(&site, &[]);
    // Asked for before the build reached them: the home page (written
    // first), a post deep in the site and a page the site does not have.
    let (status, _, home) = get(&p, "/");
    assert_eq!(status, 200);
    assert!(home.contains("</html>"), "the home page is whole");
    let (status, _, post) = get(&p, "/tin-tuc/n2999/");
    assert_eq!(status, 200, "a page not written yet is waited for");
    assert!(post.contains("Tin số 2999") && post.contains("</html>"));
    let (status, _, _) = get(&p, "/khong-co-trang-nay/");
    assert_eq!(status, 404);
    assert!(
        first_build_over(&p),
        "a missing page is answered 404 only once the first build is over"
    );
    // Pages opened during the first build are not reloaded when it ends.
    let state: serde_json::Value = serde_json::from_str(&get(&p, "/__congkhai/status").2).unwrap();
    assert_eq!(state["pages"], serde_json::json!([]), "{state}");
}

#[test]
fn sigterm_during_the_first_build_ends_the_preview() {
    // A site big enough that the first build is still running when the
    // signal comes.
    let site = large_site();
    let mut child = congkhai()
        .args(["serve", "--port", "0", "--today", "2026-04-20", "--root"])
        .arg(site.root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "still running after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(!status.success());
}

/// The preview's server-sent events, one JSON state at a time.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(p: &Preview) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", p.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        write!(
            s,
            "GET /__congkhai/events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
            p.port
        )
        .unwrap();
        Events(BufReader::new(s))
    }

    /// The next state that satisfies `wanted`.
    fn next_where(&mut self, wanted: impl Fn(&serde_json::Value) -> bool) -> serde_json::Value {
        loop {
            let mut line = String::new();
            assert!(self.0.read_line(&mut line).unwrap() > 0, "events ended");
            if let Some(data) = line.trim_end().strip_prefix("data: ") {
                let state: serde_json::Value = serde_json::from_str(data).unwrap();
                if wanted(&state) {
                    return state;
                }
            }
        }
    }
}

#[test]
fn an_edit_reloads_the_edited_page_first_and_never_the_pages_it_does_not_touch() {
    let site = TestSite::fixture("basic");
    let p = start(&site);
    let mut events = Events::open(&p);
    let now = events.next_where(|_| true);
    let before = now["version"].as_u64().unwrap();
    let post = "/tin-tuc/utc-offset/";
    assert!(get(&p, post).2.contains("Bài viết giờ UTC"));
    let text = std::fs::read_to_string(site.root().join("content/news/utc-offset.md")).unwrap();
    site.write(
        "content/news/utc-offset.md",
        text.replacen("Bài viết giờ UTC", "Bài viết đã sửa", 1),
    );
    // First the post's own page, already written when the event comes.
    let first = events.next_where(|s| s["version"].as_u64() > Some(before));
    assert_eq!(first["pages"], serde_json::json!([post]), "{first}");
    assert_eq!(first["settled"], false);
    assert!(get(&p, post).2.contains("Bài viết đã sửa"));
    // Then the lists that show it, for this same rebuild.
    let last = events.next_where(|s| s["settled"] == true);
    assert_eq!(last["rebuild"], first["rebuild"]);
    let pages: Vec<&str> = last["pages"]
        .as_array()
        .expect("the rebuild lists its pages")
        .iter()
        .map(|u| u.as_str().unwrap())
        .collect();
    for listed in [post, "/tin-tuc/", "/"] {
        assert!(pages.contains(&listed), "{listed} not in {pages:?}");
    }
    for untouched in ["/thu-tuc-hanh-chinh/", "/van-ban/", "/gioi-thieu/"] {
        assert!(!pages.contains(&untouched), "{untouched} in {pages:?}");
    }
    assert!(get(&p, "/tin-tuc/").2.contains("Bài viết đã sửa"));
}

#[test]
fn an_edit_saved_through_a_temporary_file_rebuilds_only_what_it_touches() {
    // `sed -i` (and some editors) write the new text to a temporary file
    // beside the post and rename it over the post: the temporary file is
    // gone by the time the preview looks, and held no item.
    let site = TestSite::fixture("basic");
    let p = start(&site);
    let mut events = Events::open(&p);
    let before = events.next_where(|_| true)["version"].as_u64().unwrap();
    let post = "/tin-tuc/utc-offset/";
    let source = site.root().join("content/news/utc-offset.md");
    let text = std::fs::read_to_string(&source).unwrap();
    let temp = site.root().join("content/news/sedK3xQ9a");
    std::fs::write(
        &temp,
        text.replacen("Bài viết giờ UTC", "Bài viết sửa bằng sed", 1),
    )
    .unwrap();
    std::fs::rename(&temp, &source).unwrap();
    let first = events.next_where(|s| s["version"].as_u64() > Some(before));
    assert_eq!(first["pages"], serde_json::json!([post]), "{first}");
    let last = events.next_where(|s| s["settled"] == true);
    let pages = last["pages"]
        .as_array()
        .expect("the rebuild lists its pages");
    assert!(
        !pages.contains(&serde_json::json!("/thu-tuc-hanh-chinh/")),
        "not a whole rebuild: {pages:?}"
    );
    assert!(get(&p, post).2.contains("Bài viết sửa bằng sed"));
}
