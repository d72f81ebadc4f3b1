//! The editing desk's HTTP contract, through a real HTTP client against a
//! running `congkhai serve`: every status code, the token, Origin and Host
//! checks, and names that try to leave `content/`.

use std::path::Path;

use serde_json::{json, Value};

use crate::serve::{start_with, wait_for, Preview};
use crate::support::*;

/// A client that returns every status as a response, never as an error.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        // The server drops a kept-alive connection idle for 10 s; a client
        // must not reuse one that old (ureq's default is 15 s).
        .max_idle_age(std::time::Duration::from_secs(5))
        .build()
        .into()
}

pub struct Desk {
    preview: Preview,
    token: String,
    agent: ureq::Agent,
}

impl Desk {
    pub fn start(site: &TestSite, extra: &[&str]) -> Desk {
        let preview = start_with(site, extra);
        let agent = agent();
        // The start-up address logs this client in (a cookie) and redirects
        // to the desk.
        let login = preview
            .desk_login
            .clone()
            .expect("the desk's address is printed");
        let (status, page) = get_text(&agent, &login);
        assert_eq!(status, 200, "{page}");
        let token = page
            .split("name=\"congkhai-token\" content=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("the desk page carries the token")
            .to_string();
        assert_eq!(token.len(), 48, "a 24-byte random token");
        Desk {
            preview,
            token,
            agent,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.preview.port)
    }

    pub fn get(&self, path: &str) -> (u16, Value) {
        let mut res = self.agent.get(self.url(path)).call().unwrap();
        let status = res.status().as_u16();
        (status, res.body_mut().read_json().unwrap_or(Value::Null))
    }

    /// A write with the token; `method` is POST, PUT or DELETE.
    pub fn send(&self, method: &str, path: &str, body: Value) -> (u16, Value) {
        self.send_with(method, path, body, &[("X-Congkhai-Token", &self.token)])
    }

    fn send_with(
        &self,
        method: &str,
        path: &str,
        body: Value,
        headers: &[(&str, &str)],
    ) -> (u16, Value) {
        let url = self.url(path);
        let mut req = match method {
            "POST" => self.agent.post(&url),
            "PUT" => self.agent.put(&url),
            "DELETE" => self.agent.delete(&url).force_send_body(),
            other => panic!("{other}"),
        };
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let mut res = req.send_json(&body).unwrap();
        let status = res.status().as_u16();
        (status, res.body_mut().read_json().unwrap_or(Value::Null))
    }

    /// Uploads one file; status 0 when the server closed the connection
    /// before the body was sent (what it does with a body over the limit).
    fn upload(&self, kind: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
        self.upload_parts(kind, &[(name, bytes)])
    }

    /// Uploads a multipart body with one part per file.
    fn upload_parts(&self, kind: &str, files: &[(&str, &[u8])]) -> (u16, Value) {
        let boundary = "congkhaitestboundary";
        let mut body = Vec::new();
        for (name, bytes) in files {
            body.extend_from_slice(format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ).as_bytes());
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let res = self
            .agent
            .post(self.url(&format!("/__congkhai/api/files/{kind}")))
            .header("X-Congkhai-Token", &self.token)
            .header(
                "Content-Type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .send(&body[..]);
        let Ok(mut res) = res else {
            return (0, Value::Null);
        };
        let status = res.status().as_u16();
        (status, res.body_mut().read_json().unwrap_or(Value::Null))
    }
}

fn get_text(agent: &ureq::Agent, url: &str) -> (u16, String) {
    let mut res = agent.get(url).call().unwrap();
    let status = res.status().as_u16();
    (status, res.body_mut().read_to_string().unwrap_or_default())
}

/// Extra request headers.
type Headers<'a> = Vec<(&'a str, &'a str)>;

fn news(title: &str, date: &str) -> Value {
    json!({ "fields": { "title": title, "date": date, "category": "hoat-dong" }, "body": "Nội dung **đậm**." })
}

/// Every file under the site, outside the preview's own folders.
fn files(site: &TestSite) -> Vec<String> {
    let mut out: Vec<String> = walk(site.root())
        .into_iter()
        .filter(|p| !p.starts_with(".congkhai"))
        .map(|p| p.to_string_lossy().to_string())
        .collect();
    out.sort();
    out
}

fn walk(root: &Path) -> Vec<std::path::PathBuf> {
    snapshot_tree(root).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn kinds_list_every_field_with_labels_and_the_sites_choices() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let (status, kinds) = desk.get("/__congkhai/api/kinds");
    assert_eq!(status, 200);
    let kinds = kinds["kinds"].as_array().unwrap();
    assert_eq!(kinds.len(), 7);
    let news = kinds.iter().find(|k| k["name"] == "news").unwrap();
    let names: Vec<&str> = news["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["title", "date", "category", "summary", "author", "tags", "files", "draft", "slug"]
    );
    let category = &news["fields"][2];
    assert_eq!(category["label"], "Chuyên mục");
    assert_eq!(category["required"], true);
    assert_eq!(category["type"], "category");
    assert_eq!(category["choices"][1]["value"], "chi-dao-dieu-hanh");
    let plan = kinds.iter().find(|k| k["name"] == "plans").unwrap();
    let tasks = plan["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "tasks")
        .unwrap();
    assert_eq!(tasks["type"], "rows");
    assert_eq!(tasks["fields"][1]["label"], "Đơn vị chủ trì");
    let feedback = kinds.iter().find(|k| k["name"] == "feedback").unwrap();
    let procedure = feedback["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "procedure")
        .unwrap();
    assert!(
        procedure["choices"][0]["label"]
            .as_str()
            .unwrap()
            .contains("nhập quốc tịch"),
        "{procedure}"
    );
}

#[test]
fn create_answers_201_and_the_preview_shows_the_new_post() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let (status, created) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        news("Tin từ bàn soạn thảo", "2026-04-18 08:00"),
    );
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["file"], "content/news/tin-tu-ban-soan-thao.md");
    assert_eq!(created["url"], "/tin-tuc/tin-tu-ban-soan-thao/");
    let text =
        std::fs::read_to_string(site.root().join("content/news/tin-tu-ban-soan-thao.md")).unwrap();
    assert_eq!(
        text,
        "---\ntitle: Tin từ bàn soạn thảo\ndate: 2026-04-18 08:00\ncategory: hoat-dong\n---\nNội dung **đậm**.\n"
    );
    let page = desk
        .preview
        .out
        .join("tin-tuc/tin-tu-ban-soan-thao/index.html");
    wait_for("the new post in the preview", || page.is_file());
    let html = std::fs::read_to_string(page).unwrap();
    assert!(html.contains("<strong>đậm</strong>"));
    // The page links back to the desk when served, never in the files.
    assert!(!html.contains("Sửa trang này"));
    wait_for("the page's link to the desk", || {
        let (_, served) = get_text(&desk.agent, &desk.url("/tin-tuc/tin-tu-ban-soan-thao/"));
        served.contains("href=\"/__congkhai/desk/news/tin-tu-ban-soan-thao\"")
    });
}

#[test]
fn invalid_input_is_422_beside_its_field_and_nothing_is_written() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let before = files(&site);
    let (status, body) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        news("Ngày sai", "2026-02-30"),
    );
    assert_eq!(status, 422, "{body}");
    let problem = &body["problems"][0];
    assert_eq!(problem["field"], "date");
    assert_eq!(problem["severity"], "error");
    assert_eq!(problem["line"], 3);
    // What staff read: the field's label, the value, why, and what to do.
    assert_eq!(
        problem["message"],
        "«Ngày đăng»: «2026-02-30» không phải là ngày có thật: tháng 2/2026 chỉ có 28 ngày.",
        "{problem}"
    );
    assert!(
        problem["hint"]
            .as_str()
            .unwrap()
            .contains("20/12/2026 08:00"),
        "{problem}"
    );
    let (status, body) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        json!({ "fields": { "title": "x", "ngay": "2026-01-01" } }),
    );
    assert_eq!(status, 422);
    assert_eq!(body["problems"][0]["field"], "ngay");
    let (status, _) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        news("Nhập quốc tịch", "2026-04-01"),
    );
    assert_eq!(status, 201);
    let (status, body) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        news("Nhập quốc tịch", "2026-04-02"),
    );
    assert_eq!(
        status, 422,
        "an existing address is never overwritten: {body}"
    );
    assert_eq!(body["problems"][0]["field"], "title");
    let (status, _) = desk.send(
        "POST",
        "/__congkhai/api/items/tin-tuc",
        news("x", "2026-04-01"),
    );
    assert_eq!(status, 404);
    let mut after = files(&site);
    after.retain(|f| f != "content/news/nhap-quoc-tich.md");
    assert_eq!(before, after);
}

#[test]
fn replace_needs_the_current_version_and_a_conflict_loses_neither_text() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let (status, item) = desk.get("/__congkhai/api/items/procedures/nhap-quoc-tich");
    assert_eq!(status, 200, "{item}");
    let version = item["version"].as_str().unwrap().to_string();
    let mut fields = item["fields"].clone();
    fields["steps"] = json!(["Nộp hồ sơ", "Nhận kết quả"]);
    let (status, saved) = desk.send(
        "PUT",
        "/__congkhai/api/items/procedures/nhap-quoc-tich",
        json!({ "fields": fields, "version": version }),
    );
    assert_eq!(status, 200, "{saved}");
    let path = site.root().join("content/procedures/nhap-quoc-tich.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("steps:\n- Nộp hồ sơ\n- Nhận kết quả\n"),
        "{text}"
    );
    // Someone edits the file on disk; the desk still holds the old version.
    let on_disk = text.replace("Nhận kết quả", "Nhận kết quả tại Bộ phận một cửa");
    std::fs::write(&path, &on_disk).unwrap();
    fields["fee"] = json!("Theo quy định");
    let (status, body) = desk.send(
        "PUT",
        "/__congkhai/api/items/procedures/nhap-quoc-tich",
        json!({ "fields": fields, "version": saved["version"] }),
    );
    assert_eq!(status, 409, "{body}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        on_disk,
        "the other change is kept"
    );
    let kept = site.root().join(body["kept"].as_str().unwrap());
    assert!(
        std::fs::read_to_string(kept)
            .unwrap()
            .contains("Theo quy định"),
        "and ours too"
    );
    assert_eq!(
        body["current"]["fields"]["steps"][1],
        "Nhận kết quả tại Bộ phận một cửa"
    );
    let (status, _) = desk.send(
        "PUT",
        "/__congkhai/api/items/procedures/nhap-quoc-tich",
        json!({ "fields": fields }),
    );
    assert_eq!(status, 422, "a replace without a version is refused");
}

#[test]
fn delete_moves_the_file_to_the_trash_at_the_right_version() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let (_, item) = desk.get("/__congkhai/api/items/news/thang-hai");
    let (status, _) = desk.send(
        "DELETE",
        "/__congkhai/api/items/news/thang-hai",
        json!({ "version": "0-0" }),
    );
    assert_eq!(status, 409);
    assert!(site.root().join("content/news/thang-hai.md").is_file());
    let (status, body) = desk.send(
        "DELETE",
        "/__congkhai/api/items/news/thang-hai",
        json!({ "version": item["version"] }),
    );
    assert_eq!(status, 200, "{body}");
    assert!(!site.root().join("content/news/thang-hai.md").exists());
    let trash = body["trash"].as_str().unwrap();
    assert!(trash.starts_with(".congkhai/trash/"), "{trash}");
    assert!(site.root().join(trash).is_file());
    let (status, _) = desk.get("/__congkhai/api/items/news/thang-hai");
    assert_eq!(status, 404);
}

#[test]
fn writes_without_the_token_or_from_another_origin_are_403() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let before = snapshot_tree(site.root());
    let (_, item) = desk.get("/__congkhai/api/items/news/thang-hai");
    let put = json!({ "fields": item["fields"], "body": "x", "version": item["version"] });
    let origin = format!("http://evil.example:{}", desk.preview.port);
    let cases: Vec<(&str, &str, Value, Headers)> = vec![
        (
            "POST",
            "/__congkhai/api/items/news",
            news("A", "2026-04-01"),
            vec![],
        ),
        (
            "POST",
            "/__congkhai/api/items/news",
            news("A", "2026-04-01"),
            vec![("X-Congkhai-Token", "0000")],
        ),
        (
            "PUT",
            "/__congkhai/api/items/news/thang-hai",
            put.clone(),
            vec![],
        ),
        (
            "DELETE",
            "/__congkhai/api/items/news/thang-hai",
            json!({ "version": item["version"] }),
            vec![],
        ),
        (
            "POST",
            "/__congkhai/api/items/news",
            news("A", "2026-04-01"),
            vec![("X-Congkhai-Token", &desk.token), ("Origin", &origin)],
        ),
        (
            "PUT",
            "/__congkhai/api/items/news/thang-hai",
            put.clone(),
            vec![("X-Congkhai-Token", &desk.token), ("Origin", "null")],
        ),
    ];
    for (method, path, body, headers) in cases {
        let (status, _) = desk.send_with(method, path, body, &headers);
        assert_eq!(status, 403, "{method} {path} {headers:?}");
    }
    assert_eq!(before, snapshot_tree(site.root()), "nothing was written");
    // The desk's own origin is accepted.
    let own = desk.url("");
    let (status, _) = desk.send_with(
        "POST",
        "/__congkhai/api/items/news",
        news("A", "2026-04-01"),
        &[("X-Congkhai-Token", &desk.token), ("Origin", &own)],
    );
    assert_eq!(status, 201);
}

#[test]
fn another_host_name_is_403_even_for_reading() {
    // DNS rebinding: a page of evil.example resolved to 127.0.0.1 would
    // otherwise read feedback senders' personal data.
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let host = format!("evil.example:{}", desk.preview.port);
    for path in [
        "/__congkhai/api/items/feedback/pakn-001",
        "/__congkhai/desk/",
        "/__congkhai/api/kinds",
    ] {
        let mut res = desk
            .agent
            .get(desk.url(path))
            .header("Host", &host)
            .call()
            .unwrap();
        assert_eq!(res.status().as_u16(), 403, "{path}");
        assert!(!res.body_mut().read_to_string().unwrap().contains("0912"));
    }
    let (status, _) = desk.send_with(
        "POST",
        "/__congkhai/api/items/news",
        news("A", "2026-04-01"),
        &[("X-Congkhai-Token", &desk.token), ("Host", &host)],
    );
    assert_eq!(status, 403);
    assert!(!site.root().join("content/news/a.md").exists());
}

#[test]
fn no_write_leaves_the_content_folder() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let mut body = news("Thoát", "2026-04-01");
    body["fields"]["slug"] = json!("../../x");
    let (status, created) = desk.send("POST", "/__congkhai/api/items/news", body);
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["file"], "content/news/x.md");
    let text = std::fs::read_to_string(site.root().join("content/news/x.md")).unwrap();
    assert!(text.contains("slug: x\n"), "{text}");
    for path in [
        "/__congkhai/api/items/news/..%2F..%2Fsite",
        "/__congkhai/api/items/news/../../site",
    ] {
        let (status, _) = desk.get(path);
        assert_eq!(status, 404, "{path}");
        let (status, _) = desk.send("DELETE", path, json!({ "version": "x" }));
        assert!(status == 404 || status == 405, "{path}: {status}");
    }
    assert!(site.root().join("site.yaml").is_file());
    let (status, up) = desk.upload("documents", "../../../Tờ trình.PDF", b"%PDF-1.4\n");
    assert_eq!(status, 201, "{up}");
    assert_eq!(up["file"], "content/documents/to-trinh.pdf");
    let (status, up) = desk.upload("documents", "to-trinh.pdf", b"%PDF-1.4 second\n");
    assert_eq!(status, 201, "{up}");
    assert_eq!(up["name"], "to-trinh-2.pdf", "an upload never overwrites");
    let (status, _) = desk.upload("documents", "run.sh", b"#!/bin/sh\n");
    assert_eq!(status, 422);
    let big = vec![b'x'; 21 * 1024 * 1024];
    let (status, _) = desk.upload("documents", "big.pdf", &big);
    assert!(
        status == 413 || status == 0,
        "refused before it is read: {status}"
    );
    assert!(!site.root().join("content/documents/big.pdf").exists());
    assert!(!site.root().join("content/documents/run.sh").exists());
}

#[test]
fn git_commits_each_save_when_asked() {
    let site = TestSite::fixture("basic");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .arg("-C")
            .arg(site.root())
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    git(&["init", "--quiet"]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "add",
        "--all",
    ]);
    git(&[
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@example.invalid",
        "commit",
        "--quiet",
        "-m",
        "start",
    ]);
    let desk = Desk::start(&site, &["--git"]);
    let (status, created) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        news("Tin có Git", "2026-04-01"),
    );
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["git"], Value::Null, "no warning");
    let log = git(&["log", "--format=%s", "-n", "1"]);
    assert!(
        log.contains("content/news/tin-co-git.md") && log.contains("Tin có Git"),
        "{log}"
    );
    assert_eq!(
        git(&["status", "--porcelain", "--", "content"]),
        "",
        "the save is committed"
    );
    assert_eq!(git(&["remote"]), "", "never pushes anywhere");
}

#[test]
fn every_route_checks_host_and_status_quotes_no_personal_data() {
    // The privacy check stops the build and its error quotes the phone
    // number: a rebinding page must not read it from /__congkhai/status.
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    site.write(
        "content/feedback/lo.yaml",
        "code: LO\nreceived: 2026-03-01\nsubject: S\ncontent: \"Gọi 0987654321\"\nunit: U\n",
    );
    let mut failed = String::new();
    wait_for("the build to fail on the phone number", || {
        failed = get_text(&desk.agent, &desk.url("/__congkhai/status")).1;
        failed.contains("\"error\":\"")
    });
    assert!(
        failed.contains("0987"),
        "the logged-in desk sees why: {failed}"
    );
    let host = format!("evil.example:{}", desk.preview.port);
    for path in [
        "/__congkhai/status",
        "/__congkhai/events",
        "/",
        "/tin-tuc/",
        "/__congkhai/livereload.js",
    ] {
        let res = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent()
            .get(desk.url(path))
            .header("Host", &host)
            .call()
            .unwrap();
        assert_eq!(res.status().as_u16(), 403, "{path}");
    }
    // Without the desk's cookie the state says there is an error, not what.
    let (status, body) = get_text(&agent(), &desk.url("/__congkhai/status"));
    assert_eq!(status, 200);
    assert!(
        body.contains("\"error\"") && !body.contains("0987"),
        "{body}"
    );
}

#[test]
fn every_response_carries_the_csp_and_refuses_framing() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    for path in [
        "/",
        "/no-such-page/",
        "/__congkhai/status",
        "/__congkhai/desk/",
        "/__congkhai/desk/news/",
        "/__congkhai/api/kinds",
    ] {
        let res = desk.agent.get(desk.url(path)).call().unwrap();
        let h = |n: &str| {
            res.headers()
                .get(n)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let csp = h("content-security-policy");
        for part in [
            "script-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(csp.contains(part), "{path}: {csp}");
        }
        assert_eq!(h("x-frame-options"), "DENY", "{path}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
    }
}

#[test]
fn without_the_start_up_secret_the_desk_answers_401() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let stranger = agent();
    for path in [
        "/__congkhai/desk/",
        "/__congkhai/desk/feedback/pakn-001",
        "/__congkhai/api/items/feedback/pakn-001",
        "/__congkhai/api/items/feedback",
        "/__congkhai/api/kinds",
    ] {
        let (status, body) = get_text(&stranger, &desk.url(path));
        assert_eq!(status, 401, "{path}");
        assert!(
            !body.contains("0912") && !body.contains(&desk.token),
            "{path}: {body}"
        );
        assert!(body.contains("Bạn chưa đăng nhập"), "{path}: {body}");
    }
    // A write with the right token but no session is refused too.
    let mut res = stranger
        .delete(desk.url("/__congkhai/api/items/news/thang-hai"))
        .header("X-Congkhai-Token", &desk.token)
        .force_send_body()
        .send_json(json!({"version": "x"}))
        .unwrap();
    assert_eq!(
        res.status().as_u16(),
        401,
        "{}",
        res.body_mut().read_to_string().unwrap()
    );
    assert!(site.root().join("content/news/thang-hai.md").exists());
    // A wrong secret logs nobody in.
    let login = desk.preview.desk_login.clone().unwrap();
    let last = if login.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{last}", &login[..login.len() - 1]);
    let (status, _) = get_text(&stranger, &wrong);
    assert_eq!(status, 401);
    // The cookie is HttpOnly and SameSite=Strict.
    let res = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent()
        .get(&login)
        .call()
        .unwrap();
    assert_eq!(res.status().as_u16(), 303);
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert_eq!(res.headers().get("location").unwrap(), "/__congkhai/desk/");
}

#[test]
fn unknown_or_ill_typed_keys_at_any_depth_are_422_naming_the_path() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let before = snapshot_tree(&site.root().join("content"));
    let plan = json!({"fields": {
        "number": "1/KH-STP", "title": "Kế hoạch thử", "date": "2026-03-01", "issuer": "Sở Tư pháp",
        "tasks": [{"title": "Việc", "lead": "Văn phòng Sở", "deadlin": "2026-05-01"}]
    }, "body": ""});
    let (status, v) = desk.send("POST", "/__congkhai/api/items/plans", plan);
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("tasks.0.deadlin"), "{v}");
    let feedback = json!({"fields": {
        "code": "K1", "received": "2026-03-01", "subject": "S", "content": "C", "unit": "U",
        "sender": {"name": "A", "phon": "0912345678"}
    }, "body": ""});
    let (status, v) = desk.send("POST", "/__congkhai/api/items/feedback", feedback);
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("sender.phon"), "{v}");
    let mut post = news("Thẻ là đối tượng", "2026-04-01");
    post["fields"]["tags"] = json!({"a": "b"});
    let (status, v) = desk.send("POST", "/__congkhai/api/items/news", post);
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("tags"), "{v}");
    assert_eq!(
        snapshot_tree(&site.root().join("content")),
        before,
        "nothing written"
    );
}

#[test]
fn saving_an_item_deleted_meanwhile_keeps_the_text_and_says_where() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let (_, item) = desk.get("/__congkhai/api/items/news/thang-hai");
    std::fs::remove_file(site.root().join("content/news/thang-hai.md")).unwrap();
    let mut fields = item["fields"].clone();
    fields["title"] = json!("Bản tôi đang sửa");
    let (status, v) = desk.send(
        "PUT",
        "/__congkhai/api/items/news/thang-hai",
        json!({"fields": fields, "body": "Đoạn văn quý giá.", "version": item["version"]}),
    );
    assert_eq!(status, 404, "{v}");
    let kept = v["kept"].as_str().expect("where the text is kept");
    let text = std::fs::read_to_string(site.root().join(kept)).unwrap();
    assert!(
        text.contains("Bản tôi đang sửa") && text.contains("Đoạn văn quý giá."),
        "{text}"
    );
    assert_eq!(v["body"], "Đoạn văn quý giá.");
}

#[test]
fn uploads_must_be_what_their_name_says_and_come_one_at_a_time() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let before = files(&site);
    let (status, v) = desk.upload("documents", "to-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00PE");
    assert_eq!(status, 422, "a program renamed .pdf: {v}");
    assert!(
        v.to_string()
            .contains("Tệp «to-trinh.pdf» không đăng được: chỉ nhận PDF"),
        "{v}"
    );
    for name in ["trang.html", "hinh.svg"] {
        let (status, _) = desk.upload("documents", name, b"<svg onload=alert(1)>");
        assert_eq!(status, 422, "{name}");
    }
    let (status, v) = desk.upload_parts(
        "documents",
        &[("mot.pdf", b"%PDF-1.4 a"), ("hai.pdf", b"%PDF-1.4 b")],
    );
    assert_eq!(status, 400, "two files in one upload: {v}");
    assert_eq!(files(&site), before, "nothing written");
}

#[test]
fn saves_the_build_would_refuse_are_422_beside_the_field() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let before = files(&site);
    // Titles whose address is a list page of the news section.
    for title in ["Trang", "Năm", "Thẻ"] {
        let (status, v) = desk.send(
            "POST",
            "/__congkhai/api/items/news",
            news(title, "2026-04-01"),
        );
        assert_eq!(status, 422, "{title}: {v}");
        assert_eq!(v["problems"][0]["field"], "title", "{title}: {v}");
    }
    // The address of another post (thang-hai.md is published at tin-thang-2).
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        news("Tin tháng 2", "2026-04-01"),
    );
    assert_eq!(status, 422, "{v}");
    assert!(v.to_string().contains("mục khác dùng địa chỉ trang"), "{v}");
    // Feedback naming a procedure that does not exist; a code used twice.
    let fb = |code: &str, procedure: &str| json!({"fields": {"code": code, "received": "2026-03-01", "subject": "S", "content": "C", "unit": "U", "procedure": procedure}, "body": ""});
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/feedback",
        fb("MOI-1", "9.999999"),
    );
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["problems"][0]["field"], "procedure", "{v}");
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/feedback",
        fb("PAKN-2026-001", "1.013837"),
    );
    assert_eq!(status, 422, "{v}");
    assert_eq!(v["problems"][0]["field"], "code", "{v}");
    assert_eq!(files(&site), before, "nothing written");
    // The site still builds.
    site.build_ok("2026-04-20");
}

#[test]
fn personal_data_in_a_save_is_422_beside_its_field_in_vietnamese() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let item = json!({"fields": {
        "code": "K9", "received": "2026-03-01", "subject": "S", "content": "C", "unit": "U",
        "answer": "Kính gửi ông Hoàng Văn Nam, Sở đã gọi 0912.345.678.", "answered": "2026-03-02",
        "sender": {"name": "Hoàng Văn Nam", "phone": "0912345678"}
    }, "body": ""});
    let (status, v) = desk.send("POST", "/__congkhai/api/items/feedback", item);
    assert_eq!(status, 422, "{v}");
    let problems = v["problems"].as_array().unwrap();
    assert!(problems.iter().all(|p| p["field"] == "answer"), "{v}");
    assert!(
        problems
            .iter()
            .any(|p| p["message"].as_str().unwrap().contains("họ tên người gửi")),
        "{v}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p["message"].as_str().unwrap().contains("số điện thoại")),
        "{v}"
    );
    assert!(!site.root().join("content/feedback/k9.yaml").exists());
}

/// Problems as staff read them: Vietnamese, no key, path or back-tick.
fn assert_staff_words(problem: &Value) {
    for key in ["message", "hint"] {
        let text = problem[key].as_str().unwrap_or_default();
        assert!(!text.is_empty(), "{key} is empty: {problem}");
        for word in ["`", "yaml", "site.", "content/", "slug", "field", "YYYY"] {
            assert!(!text.contains(word), "{key} says {word}: {problem}");
        }
    }
}

#[test]
fn a_save_reports_every_problem_at_once_in_vietnamese() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let before = files(&site);
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        json!({ "fields": { "title": "", "date": "01-13-2026", "category": "" }, "body": "" }),
    );
    assert_eq!(status, 422, "{v}");
    let problems = v["problems"].as_array().unwrap();
    let fields: Vec<&str> = problems
        .iter()
        .filter_map(|p| p["field"].as_str())
        .collect();
    for field in ["title", "date", "category"] {
        assert!(fields.contains(&field), "{field} missing from {v}");
    }
    for p in problems {
        assert_staff_words(p);
    }
    let said = |field: &str| {
        problems
            .iter()
            .find(|p| p["field"] == field)
            .map(|p| p["message"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(said("title"), "Chưa điền «Tiêu đề».");
    assert_eq!(
        said("date"),
        "«Ngày đăng»: «01-13-2026» không phải là ngày có thật: không có tháng 13."
    );
    assert_eq!(said("category"), "Chưa chọn «Chuyên mục».");
    assert_eq!(files(&site), before, "nothing written");
}

#[test]
fn every_desk_api_problem_is_worded_for_staff() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let cases = [
        ("GET", "/__congkhai/api/items/news/khong-co", Value::Null),
        ("GET", "/__congkhai/api/items/tin-tuc", Value::Null),
        (
            "POST",
            "/__congkhai/api/items/news",
            json!({"fields": {"ngay": "1"}}),
        ),
        (
            "POST",
            "/__congkhai/api/items/news",
            news("!!!", "2026-04-01"),
        ),
        (
            "PUT",
            "/__congkhai/api/items/news/nhap",
            json!({"fields": {}}),
        ),
        (
            "POST",
            "/__congkhai/api/items/procedures",
            json!({"fields": {"statutory_days": "mười"}}),
        ),
    ];
    for (method, url, body) in cases {
        let (status, v) = match method {
            "GET" => desk.get(url),
            _ => desk.send(method, url, body),
        };
        assert!(status >= 400, "{method} {url}: {status} {v}");
        let problems = v["problems"].as_array().unwrap_or_else(|| panic!("{v}"));
        assert!(!problems.is_empty(), "{v}");
        for p in problems {
            assert_staff_words(p);
        }
    }
    let (status, v) = desk.upload("documents", "chay.exe", b"MZ");
    assert_eq!(status, 422);
    assert_staff_words(&v["problems"][0]);
}

#[test]
fn pasted_text_is_saved_composed_without_invisible_characters() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    // Word's paste: decomposed letters, a BOM, a zero-width space, a soft
    // hyphen, no-break spaces, and "•⇥" bullets.
    let title = "\u{FEFF}Hội\u{00A0}nghi\u{323}\u{200B} tư\u{00AD} pháp";
    let body = "Nội dung:\n•\tThứ nhất\n•\tThứ hai\n";
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        json!({ "fields": { "title": title, "date": "2026-04-01", "category": "hoat-dong" }, "body": body }),
    );
    assert_eq!(status, 201, "{v}");
    let text = std::fs::read_to_string(site.root().join(v["file"].as_str().unwrap())).unwrap();
    assert!(text.contains("title: Hội nghị tư pháp\n"), "{text}");
    assert!(
        text.contains("Nội dung:\n- Thứ nhất\n- Thứ hai\n"),
        "{text}"
    );
    assert!(!text.contains(['\u{FEFF}', '\u{200B}', '\u{00AD}', '\u{00A0}']));
}

#[test]
fn dates_typed_day_first_are_saved_year_first() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        news("Tin hẹn giờ", "1/4/2026 08:30"),
    );
    assert_eq!(status, 201, "{v}");
    let text = std::fs::read_to_string(site.root().join(v["file"].as_str().unwrap())).unwrap();
    assert!(text.contains("date: 2026-04-01 08:30\n"), "{text}");
}

#[test]
fn titles_over_250_characters_are_refused_with_their_count() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let title = "Hội nghị ".repeat(152);
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        news(&title, "2026-04-01"),
    );
    assert_eq!(status, 422, "{v}");
    let p = &v["problems"][0];
    assert_eq!(p["field"], "title");
    assert_eq!(
        p["message"],
        "«Tiêu đề» dài 1367 ký tự, quá 250 ký tự cho phép."
    );
}

#[test]
fn a_post_carries_attachments_published_beside_it_and_a_link_to_a_missing_file_is_refused() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let (status, v) = desk.upload("news", "Giấy mời hội nghị.pdf", b"%PDF-1.4 giay moi");
    assert_eq!(status, 201, "{v}");
    let name = v["name"].as_str().unwrap().to_string();
    assert_eq!(name, "giay-moi-hoi-nghi.pdf");
    // A body link to a file that is not attached is refused on save...
    let post = |files: Value, body: &str| json!({ "fields": { "title": "Tin có tệp đính kèm", "date": "2026-04-01", "category": "hoat-dong", "files": files }, "body": body });
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        post(
            json!([]),
            "Xem [giấy mời](giay-moi-hoi-nghi.pdf) và [kế hoạch](ke-hoach.docx).",
        ),
    );
    assert_eq!(status, 422, "{v}");
    let said = v.to_string();
    assert!(
        said.contains("«giay-moi-hoi-nghi.pdf»") && said.contains("«ke-hoach.docx»"),
        "{v}"
    );
    // ...and accepted once the file is attached.
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        post(json!([name]), "Xem [giấy mời](giay-moi-hoi-nghi.pdf)."),
    );
    assert_eq!(status, 201, "{v}");
    site.build_ok("2026-04-20");
    let html = site.read("tin-tuc/tin-co-tep-dinh-kem/index.html");
    assert!(html.contains("Tệp đính kèm"), "{html}");
    assert!(html.contains("giay-moi-hoi-nghi.pdf (PDF, "), "{html}");
    assert!(site.exists("tin-tuc/tin-co-tep-dinh-kem/giay-moi-hoi-nghi.pdf"));
}

#[test]
fn uploads_no_item_names_within_a_day_go_to_the_trash() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    let (_, v) = desk.upload("news", "bo-quen.pdf", b"%PDF-1.4 bo quen");
    assert_eq!(v["name"], "bo-quen.pdf", "{v}");
    let (_, v) = desk.upload("news", "dung-den.pdf", b"%PDF-1.4 dung den");
    assert_eq!(v["name"], "dung-den.pdf", "{v}");
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/news",
        json!({ "fields": { "title": "Tin dùng tệp", "date": "2026-04-01", "category": "hoat-dong", "files": ["dung-den.pdf"] }, "body": "" }),
    );
    assert_eq!(status, 201, "{v}");
    // A day and more later...
    let two_days_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(2 * 86400);
    for name in ["bo-quen.pdf", "dung-den.pdf"] {
        let marker = site.root().join(".congkhai/uploads/news").join(name);
        std::fs::File::options()
            .write(true)
            .open(&marker)
            .unwrap()
            .set_modified(two_days_ago)
            .unwrap();
    }
    // ...the next upload of the kind sweeps: the forgotten file goes to the
    // trash (not deleted), the one a post names stays.
    let (status, _) = desk.upload("news", "moi.pdf", b"%PDF-1.4 moi");
    assert_eq!(status, 201);
    assert!(!site.root().join("content/news/bo-quen.pdf").exists());
    assert!(site.root().join("content/news/dung-den.pdf").exists());
    let trashed: Vec<String> = walk(&site.root().join(".congkhai/trash"))
        .into_iter()
        .map(|p| p.to_string_lossy().to_string())
        .collect();
    assert!(
        trashed
            .iter()
            .any(|p| p.ends_with("content/news/bo-quen.pdf")),
        "{trashed:?}"
    );
    assert!(
        !site
            .root()
            .join(".congkhai/uploads/news/dung-den.pdf")
            .exists(),
        "adopted"
    );
    assert!(
        site.root().join(".congkhai/uploads/news/moi.pdf").exists(),
        "the new upload waits"
    );
}

#[test]
fn a_feedback_form_with_the_forwarding_left_blank_saves() {
    let site = TestSite::fixture("basic");
    let desk = Desk::start(&site, &[]);
    // What the form sends: every field, groups included, blank or not.
    let (status, v) = desk.send(
        "POST",
        "/__congkhai/api/items/feedback",
        json!({"fields": {
            "code": "PAKN-MAU-9", "received": "2026-03-01", "subject": "Hỏi thủ tục", "content": "Nội dung.",
            "sender": {"name": "", "phone": "", "email": "", "address": "", "id_number": "", "commune": ""},
            "procedure": "", "unit": "Văn phòng Sở", "due": "", "answer": "", "answered": "",
            "forwarded": {"agency": "", "date": ""}, "public_contacts": [], "slug": ""
        }, "body": ""}),
    );
    assert_eq!(status, 201, "{v}");
    let text = std::fs::read_to_string(site.root().join(v["file"].as_str().unwrap())).unwrap();
    assert!(
        !text.contains("forwarded") && !text.contains("sender"),
        "{text}"
    );
}
