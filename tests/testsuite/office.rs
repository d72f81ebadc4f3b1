//! The publishing server (`congkhai desk`) over HTTP: accounts, sessions,
//! the editorial workflow and publication into the web server's folder,
//! with every refusal (no session, wrong role, missing CSRF token, foreign
//! Origin, locked account, expired session, self-approval).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};

use serde_json::{json, Value};

use crate::support::*;

/// A running `congkhai desk` on a free port, publishing into `public`.
struct Office {
    child: Child,
    port: u16,
    public: PathBuf,
    _public_dir: Option<tempfile::TempDir>,
}

impl Drop for Office {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Adds a user with `password` through the command line.
fn add_user(site: &TestSite, login: &str, role: &str, password: &str, extra: &[&str]) {
    let mut child = congkhai()
        .args([
            "desk",
            "user",
            "add",
            login,
            "--name",
            &format!("Cán bộ {login}"),
            "--role",
            role,
            "--root",
        ])
        .arg(site.root())
        .args(extra)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A fixture site with a writer, two approvers and an admin.
/// Adds `n` posts (`bai-000` …) to the site, so that a build takes a while.
fn add_posts(site: &TestSite, n: usize) {
    for i in 0..n {
        site.write(
            &format!("content/news/bai-{i:03}.md"),
            format!("---\ntitle: Bài số {i}\ndate: 2026-11-{:02}\ncategory: hoat-dong\n---\nNội dung {i}.\n", i % 28 + 1),
        );
    }
}

fn office_site() -> TestSite {
    let site = TestSite::fixture("basic");
    add_user(&site, "viet", "writer", "mat-khau-viet-1", &[]);
    add_user(&site, "duyet", "approver", "mat-khau-duyet-1", &[]);
    add_user(&site, "duyet2", "approver", "mat-khau-duyet-2", &[]);
    add_user(
        &site,
        "quantri",
        "admin",
        "mat-khau-quantri",
        &["--feedback"],
    );
    site
}

fn start(site: &TestSite, extra: &[&str]) -> Office {
    let public_dir = tempfile::tempdir().unwrap();
    let mut office = start_at(site, extra, &public_dir.path().join("www"));
    office._public_dir = Some(public_dir);
    office
}

/// [`start`], publishing into `public` (for 2026-12-01 unless `extra` says),
/// once the publication at start is done.
fn start_at(site: &TestSite, extra: &[&str], public: &std::path::Path) -> Office {
    launch(site, extra, public, true)
}

/// Starts the server; returns once it listens, and when `published`, once
/// the publication at start is done too.
fn launch(site: &TestSite, extra: &[&str], public: &std::path::Path, published: bool) -> Office {
    let public = public.to_path_buf();
    let today = if extra.contains(&"--today") {
        &[][..]
    } else {
        &["--today", "2026-12-01"][..]
    };
    let mut child = congkhai()
        .args(["desk", "--root"])
        .arg(site.root())
        .arg("--publish")
        .arg(&public)
        .args(["--port", "0"])
        .args(today)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    // The desk listens first; the publication at start follows.
    let mut port = 0;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            port = rest.split('/').next().unwrap().parse().unwrap();
        }
        let done = line.starts_with("published ") || line.starts_with("not published");
        if done || (port > 0 && !published) {
            break;
        }
    }
    std::thread::spawn(move || lines.for_each(drop));
    assert!(port > 0, "no port announced");
    Office {
        child,
        port,
        public,
        _public_dir: None,
    }
}

/// One logged-in (or not) browser: its cookies and CSRF token.
struct Client {
    agent: ureq::Agent,
    base: String,
    csrf: String,
}

impl Client {
    fn new(office: &Office) -> Client {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_idle_age(std::time::Duration::from_secs(5))
            .build()
            .into();
        Client {
            agent,
            base: format!("http://127.0.0.1:{}/__congkhai/api", office.port),
            csrf: String::new(),
        }
    }

    fn login(office: &Office, login: &str, password: &str) -> Client {
        let mut c = Client::new(office);
        let (status, body) = c.post("/login", json!({"login": login, "password": password}));
        assert_eq!(status, 200, "{body}");
        c.csrf = body["csrf"].as_str().unwrap().to_string();
        c
    }

    fn answer(r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> (u16, Value) {
        let mut r = r.unwrap();
        let status = r.status().as_u16();
        let text = r.body_mut().read_to_string().unwrap_or_default();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    fn get(&self, path: &str) -> (u16, Value) {
        Self::answer(self.agent.get(format!("{}{path}", self.base)).call())
    }

    fn post(&self, path: &str, body: Value) -> (u16, Value) {
        Self::answer(
            self.agent
                .post(format!("{}{path}", self.base))
                .header("x-congkhai-token", &self.csrf)
                .send_json(body),
        )
    }

    /// Uploads `bytes` as the attachment `name` of an item of `kind`.
    fn upload(&self, kind: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
        let boundary = "congkhaitestboundary";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
        )
        .into_bytes();
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        Self::answer(
            self.agent
                .post(format!("{}/files/{kind}", self.base))
                .header("x-congkhai-token", &self.csrf)
                .header(
                    "content-type",
                    format!("multipart/form-data; boundary={boundary}"),
                )
                .send(&body[..]),
        )
    }

    /// A desk page (`path` under `/__congkhai/desk/`): its status and HTML.
    fn desk_page(&self, path: &str) -> (u16, String) {
        let desk = self.base.replace("/__congkhai/api", "/__congkhai/desk/");
        let mut r = self.agent.get(format!("{desk}{path}")).call().unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    }

    fn put(&self, path: &str, body: Value) -> (u16, Value) {
        Self::answer(
            self.agent
                .put(format!("{}{path}", self.base))
                .header("x-congkhai-token", &self.csrf)
                .send_json(body),
        )
    }
}

fn post_fields(title: &str) -> Value {
    json!({"fields": {"title": title, "date": "2026-11-30", "category": "hoat-dong"}, "body": "Nội dung bài."})
}

fn page(office: &Office, url: &str) -> PathBuf {
    office
        .public
        .join(url.trim_start_matches('/'))
        .join("index.html")
}

#[test]
fn a_writers_post_goes_live_only_when_an_approver_approves_it() {
    let site = office_site();
    let office = start(&site, &[]);
    assert!(
        office.public.join("index.html").is_file(),
        "published at start"
    );
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let (status, body) = writer.post(
        "/items/news",
        post_fields("Hội nghị triển khai công tác tư pháp"),
    );
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["state"], "draft");
    let id = body["id"].as_str().unwrap().to_string();
    let file = site.root().join(body["file"].as_str().unwrap());
    assert!(!file.exists(), "content/ holds only approved text");
    let (status, body) = writer.post(&format!("/items/news/{id}/submit"), json!({}));
    assert_eq!((status, body["state"].as_str()), (200, Some("pending")));
    let (status, _) = writer.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 403, "a writer cannot approve");

    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (status, queue) = approver.get("/queue");
    assert_eq!(status, 200);
    assert_eq!(queue["items"][0]["id"], id.as_str());
    let (status, body) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["state"], "approved");
    assert!(file.is_file(), "approved text is written to content/");
    // Live in the web server's folder when the call returns.
    let live = page(&office, body["url"].as_str().unwrap());
    let html = std::fs::read_to_string(&live).unwrap();
    assert!(html.contains("Hội nghị triển khai công tác tư pháp"));
    let (_, queue) = approver.get("/queue");
    assert_eq!(queue["items"], json!([]));
}

#[test]
fn an_edit_of_a_published_item_waits_while_the_public_site_keeps_the_approved_text() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (_, body) = writer.post("/items/news", post_fields("Bản đầu tiên của tin"));
    let id = body["id"].as_str().unwrap().to_string();
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    let (_, body) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    let live = page(&office, body["url"].as_str().unwrap());

    let (_, item) = writer.get(&format!("/items/news/{id}"));
    assert_eq!(item["state"], "approved");
    let mut fields = item["fields"].clone();
    fields["summary"] = json!("Tóm tắt đã sửa");
    let (status, body) = writer.put(
        &format!("/items/news/{id}"),
        json!({"fields": fields, "body": "Nội dung đã sửa.", "version": item["version"]}),
    );
    assert_eq!(
        (status, body["state"].as_str()),
        (200, Some("draft")),
        "{body}"
    );
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    let (_, item) = writer.get(&format!("/items/news/{id}"));
    assert_eq!(item["state"], "pending");
    assert_eq!(
        item["body"].as_str().map(str::trim),
        Some("Nội dung đã sửa.")
    );
    assert!(!std::fs::read_to_string(&live)
        .unwrap()
        .contains("Nội dung đã sửa."));
    // Returned with a comment, then approved once fixed.
    let (status, _) = approver.post(&format!("/items/news/{id}/return"), json!({"comment": ""}));
    assert_eq!(status, 422, "a return says why");
    let (status, body) = approver.post(
        &format!("/items/news/{id}/return"),
        json!({"comment": "Bổ sung nguồn tin."}),
    );
    assert_eq!((status, body["state"].as_str()), (200, Some("returned")));
    let (_, item) = writer.get(&format!("/items/news/{id}"));
    assert_eq!(item["comment"], "Bổ sung nguồn tin.");
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    let (status, _) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 200);
    assert!(std::fs::read_to_string(&live)
        .unwrap()
        .contains("Nội dung đã sửa."));
}

#[test]
fn an_approver_cannot_approve_their_own_revision_unless_the_site_allows_it() {
    let site = office_site();
    let office = start(&site, &[]);
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (_, body) = approver.post("/items/news", post_fields("Tin do người duyệt viết"));
    let id = body["id"].as_str().unwrap().to_string();
    approver.post(&format!("/items/news/{id}/submit"), json!({}));
    let (status, body) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 403, "{body}");
    assert!(body["error"].as_str().unwrap().contains("tự duyệt"));
    let other = Client::login(&office, "duyet2", "mat-khau-duyet-2");
    let (status, _) = other.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 200);
    drop(office);

    site.append_config("desk:\n  self_approval: true\n");
    let office = start(&site, &[]);
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (_, body) = approver.post("/items/news", post_fields("Tin thứ hai của người duyệt"));
    let id = body["id"].as_str().unwrap().to_string();
    approver.post(&format!("/items/news/{id}/submit"), json!({}));
    let (status, _) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 200);
}

#[test]
fn without_a_session_csrf_token_or_with_a_foreign_origin_writes_are_refused() {
    let site = office_site();
    let office = start(&site, &[]);
    let anonymous = Client::new(&office);
    let (status, body) = anonymous.get("/queue");
    assert_eq!(status, 401);
    assert!(body["error"].as_str().unwrap().contains("đăng nhập"));
    assert_eq!(anonymous.post("/items/news", post_fields("X")).0, 401);

    let mut writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let token = std::mem::take(&mut writer.csrf);
    assert_eq!(writer.post("/items/news", post_fields("Không mã")).0, 403);
    writer.csrf = token;
    let r = writer
        .agent
        .post(format!("{}/items/news", writer.base))
        .header("x-congkhai-token", &writer.csrf)
        .header("origin", "http://evil.example")
        .send_json(post_fields("Từ trang khác"));
    assert_eq!(Client::answer(r).0, 403);
    // Another Host (DNS rebinding) is refused on every route.
    let r = writer
        .agent
        .get(format!("{}/session", writer.base))
        .header("host", "evil.example")
        .call();
    assert_eq!(Client::answer(r).0, 403);
    // Logged out, the session is gone.
    assert_eq!(writer.post("/logout", json!({})).0, 200);
    assert_eq!(writer.get("/session").0, 401);
}

#[test]
fn five_wrong_passwords_lock_the_account_with_one_message_for_every_mistake() {
    let site = office_site();
    let office = start(&site, &[]);
    let c = Client::new(&office);
    let (status, unknown) = c.post("/login", json!({"login": "khong-co", "password": "x"}));
    assert_eq!(status, 401);
    let (status, wrong) = c.post("/login", json!({"login": "viet", "password": "sai"}));
    assert_eq!(status, 401);
    assert_eq!(unknown, wrong, "no telling which of the two was wrong");
    for _ in 0..4 {
        c.post("/login", json!({"login": "viet", "password": "sai"}));
    }
    let (status, body) = c.post(
        "/login",
        json!({"login": "viet", "password": "mat-khau-viet-1"}),
    );
    assert_eq!(status, 429, "{body}");
    // A new password set by the IT officer unlocks it.
    let mut child = congkhai()
        .args(["desk", "user", "passwd", "viet", "--root"])
        .arg(site.root())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "mat-khau-moi-viet").unwrap();
    assert!(child.wait().unwrap().success());
    let (status, _) = c.post(
        "/login",
        json!({"login": "viet", "password": "mat-khau-moi-viet"}),
    );
    assert_eq!(status, 200);
}

#[test]
fn an_idle_session_expires_and_a_disabled_user_is_logged_out() {
    let site = office_site();
    let office = start(&site, &["--idle-seconds", "1"]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    assert_eq!(writer.get("/session").0, 200);
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(writer.get("/session").0, 401, "idle past the limit");
    drop(office);

    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let out = congkhai()
        .args(["desk", "user", "disable", "viet", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(writer.get("/session").0, 401);
}

#[test]
fn feedback_needs_the_feedback_permission() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let id = first_item(site.root(), "feedback");
    let (status, body) = writer.get(&format!("/items/feedback/{id}"));
    assert_eq!(status, 403, "{body}");
    let admin = Client::login(&office, "quantri", "mat-khau-quantri");
    assert_eq!(admin.get(&format!("/items/feedback/{id}")).0, 200);
}

#[test]
fn a_build_that_fails_leaves_the_public_site_and_the_revision_waiting() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (_, body) = writer.post("/items/news", post_fields("Tin gặp lỗi khi đăng"));
    let id = body["id"].as_str().unwrap().to_string();
    let file = site.root().join(body["file"].as_str().unwrap());
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    // Meanwhile someone breaks a template on the server.
    site.write("themes/default/templates/news.html", "{% if %}");
    let before = std::fs::read_to_string(office.public.join("index.html")).unwrap();
    let (status, body) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["state"], "pending");
    // Staff read which part failed, in Vietnamese; the log has the rest.
    assert!(
        body["details"]
            .as_str()
            .unwrap()
            .contains("Giao diện: Giao diện của Trang thông tin điện tử có lỗi"),
        "{body}"
    );
    assert!(!file.exists(), "the file is put back as it was");
    assert_eq!(
        std::fs::read_to_string(office.public.join("index.html")).unwrap(),
        before
    );
    let (_, queue) = approver.get("/queue");
    assert_eq!(queue["items"][0]["id"], id.as_str());
}

#[test]
fn every_action_is_in_the_audit_log_which_only_admins_read() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    Client::new(&office).post("/login", json!({"login": "viet", "password": "sai"}));
    let (_, body) = writer.post("/items/news", post_fields("Tin cho nhật ký"));
    let id = body["id"].as_str().unwrap().to_string();
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(writer.get("/audit.csv").0, 403);
    let admin = Client::login(&office, "quantri", "mat-khau-quantri");
    let (status, csv) = admin.get("/audit.csv");
    assert_eq!(status, 200);
    let csv = csv.as_str().unwrap().to_string();
    for action in [
        "user-add",
        "login",
        "login-failed",
        "create",
        "submit",
        "approve",
    ] {
        assert!(
            csv.lines().any(|l| l.split(',').nth(2) == Some(action)),
            "no {action} in\n{csv}"
        );
    }
    assert!(csv
        .lines()
        .any(|l| l.contains(",approve,news,") && l.contains(&id)));
    // And in the desk, for admins only.
    let page = |c: &Client| c.desk_page("nhat-ky");
    let (status, html) = page(&admin);
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains(&format!("news/{id}")) && html.contains("approve"),
        "{html}"
    );
    assert_eq!(page(&writer).0, 403);
}

/// The id of the first item of a kind's folder.
fn first_item(root: &Path, folder: &str) -> String {
    let mut names: Vec<String> = std::fs::read_dir(root.join("content").join(folder))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    names[0].rsplit_once('.').unwrap().0.to_string()
}

#[test]
fn two_approvals_at_once_are_both_published_and_the_overview_lists_what_waits() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let mut ids = Vec::new();
    for title in ["Tin thứ nhất cùng lúc", "Tin thứ hai cùng lúc"] {
        let (_, body) = writer.post("/items/news", post_fields(title));
        let id = body["id"].as_str().unwrap().to_string();
        writer.post(&format!("/items/news/{id}/submit"), json!({}));
        ids.push(id);
    }
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (_, home) = approver.desk_page("");
    assert!(home.contains("Chờ duyệt"), "{home}");
    for id in &ids {
        assert!(
            home.contains(&format!("/__congkhai/desk/news/{id}")),
            "{id} not listed"
        );
    }
    let other = Client::login(&office, "duyet2", "mat-khau-duyet-2");
    let answers: Vec<(u16, Value)> = std::thread::scope(|s| {
        let a = s.spawn(|| approver.post(&format!("/items/news/{}/approve", ids[0]), json!({})));
        let b = s.spawn(|| other.post(&format!("/items/news/{}/approve", ids[1]), json!({})));
        vec![a.join().unwrap(), b.join().unwrap()]
    });
    for (status, body) in &answers {
        assert_eq!(*status, 200, "{body}");
    }
    for id in &ids {
        assert!(
            page(&office, &format!("/tin-tuc/{id}/")).is_file(),
            "{id} is live"
        );
    }
}

/// The server killed (SIGKILL) at random moments of an approval: the
/// public folder is always one whole build, the one before or the one
/// with the approved item.
#[test]
fn a_server_killed_during_a_publication_leaves_the_public_folder_whole() {
    let site = office_site();
    add_posts(&site, 300);
    // How long an approval takes here, from a first one run to its end.
    let full = {
        let office = start(&site, &[]);
        let writer = Client::login(&office, "viet", "mat-khau-viet-1");
        let (_, body) = writer.post("/items/news", post_fields("Tin đo thời gian đăng"));
        let id = body["id"].as_str().unwrap().to_string();
        writer.post(&format!("/items/news/{id}/submit"), json!({}));
        let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
        let started = std::time::Instant::now();
        assert_eq!(
            approver
                .post(&format!("/items/news/{id}/approve"), json!({}))
                .0,
            200
        );
        started.elapsed()
    };
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as u64;
    for round in 0..5 {
        let mut office = start(&site, &[]);
        let old = snapshot_tree(&office.public);
        let writer = Client::login(&office, "viet", "mat-khau-viet-1");
        let (_, body) = writer.post(
            "/items/news",
            post_fields(&format!("Tin lần {round} khi máy chủ bị tắt")),
        );
        let id = body["id"].as_str().unwrap().to_string();
        let file = site.root().join(body["file"].as_str().unwrap());
        writer.post(&format!("/items/news/{id}/submit"), json!({}));
        let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let delay = full.mul_f64((seed >> 33) as f64 / (1u64 << 31) as f64 * 1.2);
        std::thread::scope(|s| {
            s.spawn(|| {
                let _ = approver
                    .agent
                    .post(format!("{}/items/news/{id}/approve", approver.base))
                    .header("x-congkhai-token", &approver.csrf)
                    .send_json(json!({}));
            });
            std::thread::sleep(delay);
            let _ = office.child.kill();
            office.child.wait().unwrap();
        });
        let now = snapshot_tree(&office.public);
        if now != old {
            // Then it is exactly the build with the approved file.
            assert!(
                file.is_file(),
                "round {round}: the public folder changed without the file"
            );
            let reference = tempfile::tempdir().unwrap();
            let out = reference.path().join("www");
            let run = site.build("2026-12-01", &["--output", out.to_str().unwrap()]);
            assert!(run.status.success(), "{}", stderr(&run));
            assert!(
                now == snapshot_tree(&out),
                "round {round} (killed after {delay:?}): the public folder is neither the old nor the new build"
            );
        }
    }
}

#[test]
fn an_approver_unpublishes_an_item_which_is_kept_in_the_trash() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (_, body) = writer.post("/items/news", post_fields("Tin sẽ được gỡ xuống"));
    let id = body["id"].as_str().unwrap().to_string();
    let file = site.root().join(body["file"].as_str().unwrap());
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    let (_, body) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    let live = page(&office, body["url"].as_str().unwrap());
    assert!(live.is_file());
    let (status, _) = writer.post(&format!("/items/news/{id}/unpublish"), json!({}));
    assert_eq!(status, 403, "a writer cannot unpublish");
    let (status, body) = approver.post(&format!("/items/news/{id}/unpublish"), json!({}));
    assert_eq!(status, 200, "{body}");
    assert!(!live.exists(), "the page is gone from the public folder");
    assert!(!file.exists());
    let kept = site.root().join(body["kept"].as_str().unwrap());
    assert!(std::fs::read_to_string(kept)
        .unwrap()
        .contains("Tin sẽ được gỡ xuống"));
}

#[test]
fn an_attachment_uploaded_with_a_document_is_published_when_the_document_is_approved() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let (status, uploaded) =
        writer.upload("documents", "quyet-dinh-12.pdf", b"%PDF-1.4 quyet dinh");
    assert_eq!(status, 201, "{uploaded}");
    let published = office.public.join("van-ban");
    let count = |dir: &Path| {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_name() == "quyet-dinh-12.pdf")
            .count()
    };
    assert_eq!(
        count(&published),
        0,
        "not public before an approved item names it"
    );
    let (status, body) = writer.post(
        "/items/documents",
        json!({"fields": {"number": "12/QĐ-STP", "title": "Quyết định về việc thử đính kèm", "date": "2026-11-20", "kind": "Quyết định", "file": "quyet-dinh-12.pdf"}, "body": ""}),
    );
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    writer.post(&format!("/items/documents/{id}/submit"), json!({}));
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (status, body) = approver.post(&format!("/items/documents/{id}/approve"), json!({}));
    assert_eq!(status, 200, "{body}");
    assert_eq!(count(&published), 1, "published beside the document");
}

#[test]
fn a_post_approved_for_later_today_waits_for_its_minute_and_is_scheduled() {
    let site = office_site();
    // On the clock (no fixed day): posts wait for their minute.
    let public_dir = tempfile::tempdir().unwrap();
    let public = public_dir.path().join("www");
    let mut child = congkhai()
        .args(["desk", "--root"])
        .arg(site.root())
        .arg("--publish")
        .arg(&public)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let port = lines
        .by_ref()
        .find_map(|l| {
            let l = l.unwrap();
            l.split("http://127.0.0.1:")
                .nth(1)
                .map(|r| r.split('/').next().unwrap().parse().unwrap())
        })
        .unwrap();
    std::thread::spawn(move || lines.for_each(drop));
    let office = Office {
        child,
        port,
        public,
        _public_dir: Some(public_dir),
    };
    let later = chrono::Utc::now().with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        + chrono::Duration::hours(2);
    // Past 21:59 the two hours fall on the next day; both cases are a schedule.
    let when = later.format("%Y-%m-%d %H:%M").to_string();
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let (status, body) = writer.post(
        "/items/news",
        json!({"fields": {"title": "Tin hẹn giờ đăng", "date": when, "category": "hoat-dong"}, "body": "Nội dung."}),
    );
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_string();
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (status, body) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 200, "{body}");
    assert!(
        !page(&office, &format!("/tin-tuc/{id}/")).exists(),
        "not before its time"
    );
    let (_, publication) = approver.get("/publication");
    let next = publication["last"]["next"].as_str().unwrap_or("");
    let next =
        chrono::DateTime::parse_from_rfc3339(next).unwrap_or_else(|_| panic!("{publication}"));
    assert!(
        next <= later && next > chrono::Utc::now(),
        "next {next}, post at {later}"
    );
}

#[test]
fn the_list_says_whether_a_post_is_a_draft_waiting_returned_or_published() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let title = "Tin theo dõi trạng thái";
    let (_, body) = writer.post("/items/news", post_fields(title));
    let id = body["id"].as_str().unwrap().to_string();
    let status_in_list = |client: &Client| {
        let url = format!(
            "http://127.0.0.1:{}/__congkhai/desk/news/?q=trang+thai",
            office.port
        );
        let (status, html) = Client::answer(client.agent.get(url).call());
        assert_eq!(status, 200);
        let html = html.as_str().unwrap().to_string();
        let row = html
            .split("<tr>")
            .find(|r| r.contains(title))
            .unwrap_or_else(|| panic!("{title} not listed: {html}"))
            .to_string();
        let state = row
            .split("class=\"state state-")
            .nth(1)
            .and_then(|r| r.split('<').next())
            .unwrap_or_default()
            .to_string();
        state
    };
    assert_eq!(status_in_list(&writer), "draft\">Bản nháp");
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    assert_eq!(status_in_list(&writer), "pending\">Chờ duyệt");
    approver.post(
        &format!("/items/news/{id}/return"),
        json!({"comment": "Bổ sung ảnh"}),
    );
    assert_eq!(status_in_list(&writer), "returned\">Trả lại");
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    approver.post(&format!("/items/news/{id}/approve"), json!({}));
    // Dated 30/11/2026, the office's day: on the public site.
    assert_eq!(status_in_list(&writer), "published\">Đã đăng");
}

/// A restart with nothing changed keeps the public folder as it is (a
/// province-sized site is back in seconds); a changed file, or a day gone
/// by, publishes again.
#[test]
fn a_restart_republishes_only_when_the_site_or_the_day_changed() {
    let site = office_site();
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("www");
    let summary = |office: &Office| {
        let approver = Client::login(office, "duyet", "mat-khau-duyet-1");
        approver.get("/publication").1["last"]["summary"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let office = start_at(&site, &[], &public);
    assert!(!summary(&office).contains("đã có sẵn"));
    drop(office);
    // A file the build would remove if it ran again.
    let sentinel = public.join("con-nguyen.txt");
    std::fs::write(&sentinel, "x").unwrap();
    let office = start_at(&site, &[], &public);
    assert!(
        summary(&office).contains("đã có sẵn"),
        "{}",
        summary(&office)
    );
    assert!(sentinel.exists(), "the public folder was rebuilt");
    drop(office);
    // An edit made while the server was down is published at start.
    site.write(
        "content/news/sua-khi-tat.md",
        "---\ntitle: \"Sửa khi máy chủ tắt\"\ndate: 2026-11-20\ncategory: hoat-dong\n---\nA.\n",
    );
    let office = start_at(&site, &[], &public);
    assert!(!summary(&office).contains("đã có sẵn"));
    assert!(!sentinel.exists());
    assert!(public.join("tin-tuc/sua-khi-tat/index.html").is_file());
    drop(office);
    // Another day: the countdowns and the month move on.
    std::fs::write(&sentinel, "x").unwrap();
    let office = start_at(&site, &["--today", "2026-12-02"], &public);
    assert!(!summary(&office).contains("đã có sẵn"));
    assert!(!sentinel.exists());
}

#[test]
fn staff_log_in_while_the_site_is_published_at_start_and_an_approval_waits_for_it() {
    let site = office_site();
    add_posts(&site, 300);
    let dir = tempfile::tempdir().unwrap();
    let office = launch(&site, &[], &dir.path().join("www"), false);
    // The desk answers at once, whether or not the public site is done.
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let (_, body) = writer.post(
        "/items/news",
        post_fields("Tin duyệt khi đang đăng lần đầu"),
    );
    let id = body["id"].as_str().unwrap().to_string();
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let (status, body) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 200, "{body}");
    // The approval queued behind the publication at start, then published.
    assert!(page(&office, body["url"].as_str().unwrap()).is_file());
    assert!(office.public.join("tin-tuc/bai-299/index.html").is_file());
    let (_, publication) = approver.get("/publication");
    assert!(
        publication["last"]["reason"]
            .as_str()
            .unwrap()
            .starts_with("duyệt"),
        "{publication}"
    );
}

/// The public folder is, file for file and byte for byte, what `congkhai
/// build` makes of the same sources (the publication's stamp aside).
fn assert_same_as_a_build(site: &TestSite, office: &Office, step: &str) {
    let reference = tempfile::tempdir().unwrap();
    let out = reference.path().join("www");
    let run = site.build("2026-12-01", &["--output", out.to_str().unwrap()]);
    assert!(run.status.success(), "{}", stderr(&run));
    let (public, built) = (snapshot_tree(&office.public), snapshot_tree(&out));
    let paths = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&public), paths(&built), "{step}: not the same files");
    for ((path, a), (_, b)) in public.iter().zip(&built) {
        assert!(a == b, "{step}: {} differs from a build's", path.display());
    }
}

#[test]
fn an_approval_renders_only_what_it_changes_and_leaves_exactly_what_a_build_makes() {
    let site = office_site();
    for i in 0..30 {
        site.write(
            &format!("content/news/bai-{i:03}.md"),
            format!("---\ntitle: Bài số {i}\ndate: 2026-11-{:02}\ncategory: hoat-dong\ntags: [the-{}]\n---\nNội dung {i}.\n", i % 28 + 1, i % 3),
        );
    }
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let summary = || approver.get("/publication").1["last"]["summary"].to_string();
    let approve = |kind: &str, id: &str| {
        writer.post(&format!("/items/{kind}/{id}/submit"), json!({}));
        let (status, body) = approver.post(&format!("/items/{kind}/{id}/approve"), json!({}));
        assert_eq!(status, 200, "{body}");
        body
    };
    assert_same_as_a_build(&site, &office, "at start");

    // A new post: its page, the lists and feeds that show it, the search index.
    let (_, body) = writer.post("/items/news", post_fields("Tin mới được duyệt"));
    let id = body["id"].as_str().unwrap().to_string();
    let url = approve("news", &id)["url"].as_str().unwrap().to_string();
    assert!(
        summary().contains("dựng lại"),
        "not incremental: {}",
        summary()
    );
    assert!(page(&office, &url).is_file());
    assert_same_as_a_build(&site, &office, "a new post");

    // An edit of a published post.
    let (_, item) = writer.get(&format!("/items/news/{id}"));
    let mut fields = item["fields"].clone();
    fields["title"] = json!("Tin mới được duyệt, đã sửa tên");
    writer.put(
        &format!("/items/news/{id}"),
        json!({"fields": fields, "body": "Nội dung đã sửa.", "version": item["version"]}),
    );
    approve("news", &id);
    assert!(
        summary().contains("dựng lại"),
        "not incremental: {}",
        summary()
    );
    assert_same_as_a_build(&site, &office, "an edit");

    // A document with its attachment.
    let (status, _) = writer.upload("documents", "quyet-dinh-7.pdf", b"%PDF-1.4 quyet dinh");
    assert_eq!(status, 201);
    let (_, body) = writer.post(
        "/items/documents",
        json!({"fields": {"number": "7/QĐ-STP", "title": "Quyết định thử đăng từng phần", "date": "2026-11-20", "kind": "Quyết định", "file": "quyet-dinh-7.pdf"}, "body": ""}),
    );
    let doc = body["id"].as_str().unwrap().to_string();
    approve("documents", &doc);
    assert!(
        summary().contains("dựng lại"),
        "not incremental: {}",
        summary()
    );
    assert_same_as_a_build(&site, &office, "a document and its attachment");

    // Taken down: its page, and the attachment no item names any more.
    let (status, _) = approver.post(&format!("/items/documents/{doc}/unpublish"), json!({}));
    assert_eq!(status, 200);
    let (status, _) = approver.post(&format!("/items/news/{id}/unpublish"), json!({}));
    assert_eq!(status, 200);
    assert!(!page(&office, &url).exists());
    assert_same_as_a_build(&site, &office, "two items taken down");

    // The public folder removed by hand: the next approval makes it whole.
    std::fs::remove_dir_all(&office.public).unwrap();
    let (_, body) = writer.post("/items/news", post_fields("Tin sau khi thư mục bị xóa"));
    approve("news", body["id"].as_str().unwrap());
    assert!(!summary().contains("dựng lại"), "{}", summary());
    assert_same_as_a_build(&site, &office, "after the public folder was removed");

    // A change to site.yaml builds everything again.
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", format!("{config}\n# sửa cấu hình\n"));
    let (_, body) = writer.post("/items/news", post_fields("Tin sau khi sửa cấu hình"));
    approve("news", body["id"].as_str().unwrap());
    assert!(!summary().contains("dựng lại"), "{}", summary());
    assert_same_as_a_build(&site, &office, "after a change to site.yaml");
}

#[test]
fn the_desk_counts_an_approved_post_in_the_months_figures_as_soon_as_it_is_live() {
    let site = office_site();
    let office = start(&site, &[]);
    let writer = Client::login(&office, "viet", "mat-khau-viet-1");
    let approver = Client::login(&office, "duyet", "mat-khau-duyet-1");
    let published = || {
        let (_, home) = approver.desk_page("");
        let at = home
            .find("Tháng 12/2026: đã đăng ")
            .unwrap_or_else(|| panic!("{home}"));
        let count: String = home[at + "Tháng 12/2026: đã đăng ".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        count.parse::<u32>().unwrap()
    };
    let before = published();
    let (_, body) = writer.post(
        "/items/news",
        json!({"fields": {"title": "Tin đầu tháng Mười hai", "date": "2026-12-01", "category": "hoat-dong"}, "body": "Nội dung."}),
    );
    let id = body["id"].as_str().unwrap().to_string();
    writer.post(&format!("/items/news/{id}/submit"), json!({}));
    let (status, _) = approver.post(&format!("/items/news/{id}/approve"), json!({}));
    assert_eq!(status, 200);
    // No wait: the publication tells the desk before the approval answers.
    assert_eq!(published(), before + 1);
    let (status, _) = approver.post(&format!("/items/news/{id}/unpublish"), json!({}));
    assert_eq!(status, 200);
    assert_eq!(published(), before);
}
