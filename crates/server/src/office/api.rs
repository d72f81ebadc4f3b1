//! The publishing server's JSON API, under `/__congkhai/api/`: log in and
//! out, items saved as revisions, the editorial workflow (submit, approve,
//! return), the queue, the last publication and the audit log. Messages
//! are Vietnamese, for the office staff who read them.

// Early returns are responses, made once per request; boxing them would
// only add noise.
#![allow(clippy::result_large_err)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::accounts::{self, Role};
use super::db::{AuditEntry, Revision, User};
use super::Office;
use crate::desk::api::{checked, prepare_edit, prepare_new, ItemRequest};
use crate::desk::store::WriteError;
use crate::desk::version;
use congkhai_core::content::compose::fields_of;
use congkhai_core::content::kinds::KindSpec;
use congkhai_core::content::{check_file, Kind, Source};

/// The session cookie.
pub(super) const COOKIE: &str = "congkhai_session";
/// The header a write carries the CSRF token in.
const TOKEN: &str = "x-congkhai-token";
/// Failed logins that lock an account, and for how long (seconds).
const MAX_FAILURES: i64 = 5;
const LOCK: i64 = 15 * 60;
/// Failed logins from one address within `LOCK` that refuse it.
const MAX_FROM_ADDRESS: i64 = 20;

/// The logged-in user of a request.
#[derive(Clone)]
struct Current {
    user: User,
    session: String,
    csrf: String,
}

/// The API's routes; everything but login needs a session.
pub(super) fn routes(office: Arc<Office>) -> Router {
    let guarded = Router::new()
        .route("/__congkhai/api/logout", post(logout))
        .route("/__congkhai/api/session", get(session))
        .route("/__congkhai/api/items/{kind}", post(create))
        .route("/__congkhai/api/items/{kind}/{id}", get(read).put(update))
        .route("/__congkhai/api/items/{kind}/{id}/submit", post(submit))
        .route("/__congkhai/api/items/{kind}/{id}/approve", post(approve))
        .route("/__congkhai/api/items/{kind}/{id}/return", post(give_back))
        .route(
            "/__congkhai/api/items/{kind}/{id}/unpublish",
            post(unpublish),
        )
        .route("/__congkhai/api/queue", get(queue))
        .route("/__congkhai/api/publication", get(publication))
        .route("/__congkhai/api/audit.csv", get(audit_csv))
        .layer(axum::middleware::from_fn_with_state(office.clone(), guard));
    Router::new()
        .route("/__congkhai/api/login", post(login))
        .merge(guarded)
        .fallback(|| async { problem(StatusCode::NOT_FOUND, "Không có địa chỉ này.", "") })
        .with_state(office)
}

/// A JSON error with what is wrong and what to do.
pub(super) fn problem(status: StatusCode, error: &str, hint: &str) -> Response {
    (status, Json(json!({ "error": error, "hint": hint }))).into_response()
}

pub(super) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn failed(e: impl std::fmt::Display) -> Response {
    eprintln!("error: desk database: {e}");
    problem(
        StatusCode::INTERNAL_SERVER_ERROR,
        "Máy chủ không ghi được dữ liệu.",
        "Hãy báo cán bộ phụ trách kỹ thuật.",
    )
}

pub(super) fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A write from another site (its `Origin`), refused.
fn foreign_origin(office: &Office, headers: &HeaderMap) -> bool {
    headers
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| !office.hosts.is_origin(o))
}

/// The live session a request's cookie names: its id, user and CSRF
/// token (the session is touched).
pub(super) fn session_of(
    office: &Office,
    headers: &HeaderMap,
) -> rusqlite::Result<Option<(String, User, String)>> {
    let id = cookie_value(headers, COOKIE).unwrap_or("");
    if id.is_empty() {
        return Ok(None);
    }
    let found = office.db.session(id, now(), office.idle, office.absolute)?;
    Ok(found.map(|(user, csrf)| (id.to_string(), user, csrf)))
}

/// Whether a write carries the session's CSRF token and no foreign Origin.
pub(super) fn write_allowed(office: &Office, headers: &HeaderMap, csrf: &str) -> bool {
    let token = headers.get(TOKEN).and_then(|v| v.to_str().ok());
    token == Some(csrf) && !foreign_origin(office, headers)
}

/// The `Set-Cookie` value that ends the session cookie in the browser.
pub(super) fn expired_cookie() -> String {
    format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// Needs a live session (401 otherwise); a write also needs the
/// session's CSRF token and no foreign Origin (403).
async fn guard(State(office): State<Arc<Office>>, mut req: Request, next: Next) -> Response {
    let (id, user, csrf) = match session_of(&office, req.headers()) {
        Ok(Some(x)) => x,
        Ok(None) => {
            return problem(
                StatusCode::UNAUTHORIZED,
                "Bạn chưa đăng nhập, hoặc phiên làm việc đã hết hạn.",
                "Hãy đăng nhập lại; nội dung đang soạn trong trình duyệt không bị mất.",
            )
        }
        Err(e) => return failed(e),
    };
    let write = req.method() != Method::GET && req.method() != Method::HEAD;
    if write && !write_allowed(&office, req.headers(), &csrf) {
        return problem(
            StatusCode::FORBIDDEN,
            "Yêu cầu ghi không kèm mã xác nhận của phiên làm việc, hoặc đến từ trang khác.",
            "Hãy tải lại trang bàn soạn thảo rồi thử lại.",
        );
    }
    req.extensions_mut().insert(Current {
        user,
        session: id,
        csrf,
    });
    next.run(req).await
}

impl Office {
    /// Appends to the audit log (a failure to is reported, never fatal).
    pub(super) fn record(
        &self,
        who: Option<&str>,
        action: &str,
        kind: Option<&str>,
        item: Option<&str>,
        revision: Option<i64>,
        detail: Option<String>,
    ) {
        let entry = AuditEntry {
            at: now(),
            login: who.map(str::to_string),
            action: action.into(),
            kind: kind.map(str::to_string),
            item: item.map(str::to_string),
            revision,
            detail,
        };
        if let Err(e) = self.db.audit(&entry) {
            eprintln!("error: audit log not written: {e}");
        }
    }
}

#[derive(Deserialize)]
struct Credentials {
    login: String,
    password: String,
}

/// `POST /__congkhai/api/login`: 200 with the session cookie and the CSRF
/// token; 401 whatever was wrong (no telling which); 429 when the account
/// or the address is locked.
async fn login(
    State(office): State<Arc<Office>>,
    headers: HeaderMap,
    Json(c): Json<Credentials>,
) -> Response {
    match start_session(&office, &headers, &c.login, &c.password).await {
        Ok((cookie, user, csrf)) => (
            [(header::SET_COOKIE, cookie)],
            Json(json!({"user": user.login, "name": user.name, "role": user.role, "csrf": csrf})),
        )
            .into_response(),
        Err((status, error, hint)) => problem(status, &error, &hint),
    }
}

/// Checks a login and starts a session: its cookie, the user and the CSRF
/// token; or the status and what to tell the user.
pub(super) async fn start_session(
    office: &Arc<Office>,
    headers: &HeaderMap,
    login: &str,
    password: &str,
) -> Result<(String, User, String), (StatusCode, String, String)> {
    let refused = |status, error: &str, hint: &str| (status, error.to_string(), hint.to_string());
    if foreign_origin(office, headers) {
        return Err(refused(
            StatusCode::FORBIDDEN,
            "Yêu cầu đến từ trang khác.",
            "",
        ));
    }
    let address = headers
        .get("x-real-ip")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("direct")
        .to_string();
    let c = Credentials {
        login: login.to_string(),
        password: password.to_string(),
    };
    let office2 = office.clone();
    let outcome = tokio::task::spawn_blocking(move || check_login(&office2, &c, &address)).await;
    let internal = || {
        refused(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Máy chủ không ghi được dữ liệu.",
            "Hãy báo cán bộ phụ trách kỹ thuật.",
        )
    };
    let user = match outcome {
        Ok(Ok(user)) => user,
        Ok(Err(e)) => return Err(e),
        Err(_) => return Err(internal()),
    };
    let (Ok(id), Ok(csrf)) = (crate::desk::random_hex(), crate::desk::random_hex()) else {
        return Err(internal());
    };
    if office
        .db
        .add_session(&id, &user.login, &csrf, now())
        .is_err()
    {
        return Err(internal());
    }
    office.record(Some(&user.login), "login", None, None, None, None);
    let secure = if office.secure { "; Secure" } else { "" };
    let cookie = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict{secure}");
    Ok((cookie, user, csrf))
}

/// Verifies credentials (a hash is checked even for an unknown login, so
/// both take as long) and keeps count of failures.
fn check_login(
    office: &Office,
    c: &Credentials,
    address: &str,
) -> Result<User, (StatusCode, String, String)> {
    let t = now();
    let locked = || {
        (
            StatusCode::TOO_MANY_REQUESTS,
            "Đăng nhập sai quá nhiều lần; tài khoản tạm khóa 15 phút.".to_string(),
            "Hãy chờ 15 phút rồi thử lại, hoặc nhờ quản trị viên đặt lại mật khẩu.".to_string(),
        )
    };
    let internal = |e: rusqlite::Error| {
        eprintln!("error: desk database: {e}");
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Máy chủ không ghi được dữ liệu.".to_string(),
            "Hãy báo cán bộ phụ trách kỹ thuật.".to_string(),
        )
    };
    if office
        .db
        .failures_from(address, t - LOCK)
        .map_err(internal)?
        >= MAX_FROM_ADDRESS
    {
        return Err(locked());
    }
    let account = office.db.account(&c.login).map_err(internal)?;
    if account.as_ref().is_some_and(|a| a.locked_until > t) {
        office.record(Some(&c.login), "login-locked", None, None, None, None);
        return Err(locked());
    }
    let hash = account
        .as_ref()
        .map_or(accounts::dummy_hash(), |a| a.password.as_str());
    let good = accounts::verify(&c.password, hash);
    match account {
        Some(a) if good && !a.user.disabled => {
            office.db.login_succeeded(&a.user.login).map_err(internal)?;
            Ok(a.user)
        }
        _ => {
            let _ = a_failure(office, &c.login, address, t);
            Err((
                StatusCode::UNAUTHORIZED,
                "Tên đăng nhập hoặc mật khẩu không đúng.".to_string(),
                "Kiểm tra lại (chú ý chữ hoa, chữ thường và bộ gõ tiếng Việt); sai 5 lần thì tài khoản bị khóa 15 phút.".to_string(),
            ))
        }
    }
}

fn a_failure(office: &Office, login: &str, address: &str, t: i64) -> rusqlite::Result<()> {
    office.record(
        Some(login),
        "login-failed",
        None,
        None,
        None,
        Some(address.to_string()),
    );
    office
        .db
        .login_failed(login, address, t, MAX_FAILURES, LOCK)
}

async fn logout(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
    _body: axum::body::Bytes,
) -> Response {
    if let Err(e) = office.db.end_session(&me.session) {
        return failed(e);
    }
    office.record(Some(&me.user.login), "logout", None, None, None, None);
    let expired = expired_cookie();
    ([(header::SET_COOKIE, expired)], Json(json!({"ok": true}))).into_response()
}

async fn session(Extension(me): Extension<Current>) -> Response {
    Json(json!({
        "user": me.user.login, "name": me.user.name, "role": me.user.role,
        "feedback": me.user.feedback, "csrf": me.csrf,
    }))
    .into_response()
}

fn kind_of(key: &str) -> Result<&'static KindSpec, Response> {
    KindSpec::by_key(key)
        .ok_or_else(|| problem(StatusCode::NOT_FOUND, "Không có loại nội dung này.", ""))
}

/// Feedback holds senders' personal data: only users with the feedback
/// permission may open or write it.
fn may_touch(me: &Current, spec: &KindSpec) -> Result<(), Response> {
    if spec.kind == Kind::Feedback && !me.user.feedback {
        return Err(problem(
            StatusCode::FORBIDDEN,
            "Bạn không có quyền xử lý phản ánh, kiến nghị (có thông tin cá nhân của người gửi).",
            "Nhờ quản trị viên cấp quyền nếu công việc của bạn cần.",
        ));
    }
    Ok(())
}

/// `GET /__congkhai/api/items/{kind}/{id}`: the open revision when there
/// is one, the approved file otherwise.
async fn read(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
    UrlPath((key, id)): UrlPath<(String, String)>,
) -> Response {
    let spec = match kind_of(&key).and_then(|s| may_touch(&me, s).map(|_| s)) {
        Ok(s) => s,
        Err(r) => return r,
    };
    match office.db.open_revision(spec.key(), &id) {
        Ok(Some(rev)) => {
            let rel = PathBuf::from(&rev.file);
            let parsed = Source::split(&rel, rev.text.as_bytes())
                .map_err(|d| d.message)
                .and_then(|src| fields_of(spec, &src));
            match parsed {
                Ok((fields, body)) => Json(json!({
                    "fields": fields, "body": body, "file": rev.file,
                    "state": rev.state, "revision": rev.id, "comment": rev.comment,
                    "author": rev.author, "version": rev.base,
                }))
                .into_response(),
                Err(e) => failed(e),
            }
        }
        Ok(None) => match crate::desk::api::open(&office.desk, spec, &id) {
            Ok((_, _, mut value)) => {
                value["state"] = json!("approved");
                Json(value).into_response()
            }
            Err(r) => *r,
        },
        Err(e) => failed(e),
    }
}

/// `POST /__congkhai/api/items/{kind}`: a new item, saved as a draft
/// revision; nothing is written to `content/` until it is approved.
async fn create(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
    UrlPath(key): UrlPath<String>,
    Json(mut req): Json<ItemRequest>,
) -> Response {
    let spec = match kind_of(&key).and_then(|s| may_touch(&me, s).map(|_| s)) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let new = match prepare_new(&office.desk, spec, &mut req) {
        Ok(n) => n,
        Err(r) => return *r,
    };
    if let Ok(Some(_)) = office.db.open_revision(spec.key(), &new.slug) {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Đã có một mục mới cùng địa chỉ đang chờ duyệt.",
            "Hãy đổi tiêu đề, hoặc ghi địa chỉ khác ở mục “Địa chỉ trang”.",
        );
    }
    let file = new.rel.to_string_lossy().to_string();
    match office.db.save_draft(
        spec.key(),
        &new.slug,
        &file,
        None,
        &new.composed.text,
        &me.user.login,
        now(),
    ) {
        Ok(rev) => {
            office.record(
                Some(&me.user.login),
                "create",
                Some(spec.key()),
                Some(&new.slug),
                Some(rev),
                None,
            );
            (
                StatusCode::CREATED,
                Json(json!({
                    "state": "draft", "id": new.slug, "revision": rev, "file": file,
                    "edit": format!("{}{}/{}", crate::desk::DESK, spec.key(), new.slug),
                    "warnings": new.warnings,
                })),
            )
                .into_response()
        }
        Err(e) => failed(e),
    }
}

/// `PUT /__congkhai/api/items/{kind}/{id}`: saves the item's open
/// revision as a draft (the public site keeps the approved text).
async fn update(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    Json(req): Json<ItemRequest>,
) -> Response {
    let spec = match kind_of(&key).and_then(|s| may_touch(&me, s).map(|_| s)) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let open = match office.db.open_revision(spec.key(), &id) {
        Ok(o) => o,
        Err(e) => return failed(e),
    };
    let (file, base, text, warnings) = if office.desk.store.find(spec, &id).is_some() {
        match prepare_edit(&office.desk, spec, &id, &req) {
            Ok((file, bytes, composed, warnings)) => {
                (file.rel, Some(version(&bytes)), composed.text, warnings)
            }
            Err(r) => return *r,
        }
    } else if let Some(rev) = &open {
        // A new item not approved yet: checked at the file it will have.
        let rel = PathBuf::from(&rev.file);
        match checked(&office.desk, spec, &rel, &req, None) {
            Ok((composed, warnings)) => (rel, None, composed.text, warnings),
            Err(r) => return *r,
        }
    } else {
        return problem(
            StatusCode::NOT_FOUND,
            "Không có mục này.",
            "Có thể mục đã bị xóa.",
        );
    };
    let file = file.to_string_lossy().to_string();
    match office.db.save_draft(
        spec.key(),
        &id,
        &file,
        base.as_deref(),
        &text,
        &me.user.login,
        now(),
    ) {
        Ok(rev) => {
            office.record(
                Some(&me.user.login),
                "edit",
                Some(spec.key()),
                Some(&id),
                Some(rev),
                None,
            );
            Json(json!({"state": "draft", "id": id, "revision": rev, "file": file, "warnings": warnings}))
                .into_response()
        }
        Err(e) => failed(e),
    }
}

/// The open revision of an item, or 404 in Vietnamese.
fn open_or_404(office: &Office, spec: &KindSpec, id: &str) -> Result<Revision, Response> {
    match office.db.open_revision(spec.key(), id) {
        Ok(Some(rev)) => Ok(rev),
        Ok(None) => Err(problem(
            StatusCode::NOT_FOUND,
            "Mục này không có bản nào đang soạn hoặc chờ duyệt.",
            "Hãy sửa và lưu mục trước.",
        )),
        Err(e) => Err(failed(e)),
    }
}

/// `POST …/submit`: a draft (or a returned one) goes to the approvers.
async fn submit(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    // Read, so the connection stays usable whatever the answer.
    _body: axum::body::Bytes,
) -> Response {
    let spec = match kind_of(&key).and_then(|s| may_touch(&me, s).map(|_| s)) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let rev = match open_or_404(&office, spec, &id) {
        Ok(r) => r,
        Err(r) => return r,
    };
    if rev.state == "pending" {
        return Json(json!({"state": "pending", "revision": rev.id})).into_response();
    }
    if let Err(e) = office.db.set_state(rev.id, "pending", None, None, now()) {
        return failed(e);
    }
    office.record(
        Some(&me.user.login),
        "submit",
        Some(spec.key()),
        Some(&id),
        Some(rev.id),
        None,
    );
    Json(json!({"state": "pending", "revision": rev.id})).into_response()
}

/// Only approvers (and admins) approve, return and unpublish.
fn approver(me: &Current) -> Result<(), Response> {
    if me.user.role() < Role::Approver {
        return Err(problem(
            StatusCode::FORBIDDEN,
            "Chỉ người duyệt (Ban biên tập) được duyệt hoặc trả lại bài.",
            "Hãy gửi duyệt; người duyệt sẽ xem và đăng.",
        ));
    }
    Ok(())
}

#[derive(Deserialize, Default)]
struct Comment {
    #[serde(default)]
    comment: String,
}

/// `POST …/return {"comment"}`: back to the writer, with why.
async fn give_back(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    body: Option<Json<Comment>>,
) -> Response {
    let comment = body.map(|Json(c)| c.comment).unwrap_or_default();
    let spec = match kind_of(&key).and_then(|s| approver(&me).map(|_| s)) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let rev = match open_or_404(&office, spec, &id) {
        Ok(r) => r,
        Err(r) => return r,
    };
    if comment.trim().is_empty() {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Hãy ghi lý do trả lại để người viết biết cần sửa gì.",
            "",
        );
    }
    if let Err(e) = office.db.set_state(
        rev.id,
        "returned",
        Some(&me.user.login),
        Some(comment.trim()),
        now(),
    ) {
        return failed(e);
    }
    office.record(
        Some(&me.user.login),
        "return",
        Some(spec.key()),
        Some(&id),
        Some(rev.id),
        Some(comment),
    );
    Json(json!({"state": "returned", "revision": rev.id})).into_response()
}

/// `POST …/approve`: writes the revision into `content/` through the same
/// checks as a save, commits it, and publishes. A build that fails puts
/// the file back as it was, leaves the public folder untouched and the
/// revision waiting, and says why.
async fn approve(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    // Read, so the connection stays usable whatever the answer.
    _body: axum::body::Bytes,
) -> Response {
    let spec = match kind_of(&key).and_then(|s| approver(&me).map(|_| s)) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let rev = match open_or_404(&office, spec, &id) {
        Ok(r) => r,
        Err(r) => return r,
    };
    if rev.state != "pending" {
        return problem(
            StatusCode::CONFLICT,
            "Bản này chưa được gửi duyệt.",
            "Người viết cần bấm “Gửi duyệt” trước.",
        );
    }
    if rev.author == me.user.login && !office.self_approval {
        return problem(
            StatusCode::FORBIDDEN,
            "Bạn không thể tự duyệt bài do chính mình viết.",
            "Một thành viên khác của Ban biên tập cần duyệt bài này.",
        );
    }
    let office2 = office.clone();
    let approver_user = me.user.clone();
    let result =
        tokio::task::spawn_blocking(move || publish_revision(&office2, spec, &rev, &approver_user))
            .await;
    match result {
        Ok(r) => r,
        Err(e) => failed(e),
    }
}

fn publish_revision(office: &Office, spec: &KindSpec, rev: &Revision, me: &User) -> Response {
    let rel = PathBuf::from(&rev.file);
    let config = match congkhai_core::config::Config::from_disk(office.desk.store.root()) {
        Ok(c) => c,
        Err(e) => return failed(e),
    };
    let found = check_file(&config, spec.kind, &rel, rev.text.as_bytes());
    if found.iter().any(|d| d.is_error()) {
        return problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Bản này không còn hợp lệ với trang (có thể do thay đổi khác đã được đăng).",
            "Hãy trả lại để người viết sửa và gửi duyệt lại.",
        );
    }
    let before = office.desk.store.read(&rel).ok();
    let written = match &rev.base {
        None => office.desk.store.create(&rel, rev.text.as_bytes()),
        Some(base) => office.desk.store.replace(&rel, base, &rev.text),
    };
    match written {
        Ok(()) => {}
        Err(WriteError::Exists(_)) | Err(WriteError::Conflict { .. }) => {
            return problem(
                StatusCode::CONFLICT,
                "Tệp đã được thay đổi sau khi bản này được soạn.",
                "Hãy trả lại để người viết mở lại mục, áp dụng thay đổi và gửi duyệt lại.",
            )
        }
        Err(WriteError::Io(e)) => return failed(e),
    }
    let reason = format!("duyệt {} {}", spec.noun, rev.item);
    if let Err(problems) = office.publisher.publish(&reason) {
        restore(office, &rel, before.as_deref(), &rev.text);
        office.record(
            Some(&me.login),
            "publish-failed",
            Some(spec.key()),
            Some(&rev.item),
            Some(rev.id),
            Some(problems.clone()),
        );
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({
                "error": "Không đăng được: trang không dựng được với bản này. Trang công khai giữ nguyên; bản này vẫn chờ duyệt.",
                "hint": "Xem chi tiết bên dưới; trả lại để người viết sửa.",
                "details": problems,
                "state": "pending",
            })),
        )
            .into_response();
    }
    if let Err(e) = office
        .db
        .set_state(rev.id, "approved", Some(&me.login), None, now())
    {
        return failed(e);
    }
    let git = office.git.then(|| commit(office, &rel, rev, me));
    office.record(
        Some(&me.login),
        "approve",
        Some(spec.key()),
        Some(&rev.item),
        Some(rev.id),
        git.clone().flatten(),
    );
    let url = Source::split(&rel, rev.text.as_bytes())
        .ok()
        .and_then(|_| rel.file_stem().map(|s| spec.item_url(&s.to_string_lossy())));
    Json(json!({"state": "approved", "revision": rev.id, "published": true, "url": url, "git": git.flatten()}))
        .into_response()
}

/// Puts `rel` back as it was before an approval whose build failed.
fn restore(office: &Office, rel: &Path, before: Option<&[u8]>, written: &str) {
    let now_version = version(written.as_bytes());
    let result = match before {
        Some(bytes) => office
            .desk
            .store
            .replace(rel, &now_version, &String::from_utf8_lossy(bytes))
            .map_err(|e| format!("{e:?}")),
        None => std::fs::remove_file(office.desk.store.root().join(rel)).map_err(|e| e.to_string()),
    };
    if let Err(e) = result {
        eprintln!(
            "error: could not put {} back after a failed publication: {e}",
            rel.display()
        );
    }
}

/// Commits the approved file: the writer is the author, the approver
/// named in an `Approved-by:` trailer. None when it worked, else why not.
fn commit(office: &Office, rel: &Path, rev: &Revision, approver: &User) -> Option<String> {
    let author = office
        .db
        .account(&rev.author)
        .ok()
        .flatten()
        .map_or(rev.author.clone(), |a| a.user.name);
    let message = format!(
        "Approve {} {}\n\n{}",
        rev.kind,
        rev.item,
        approved_by(approver)
    );
    let author = format!("{author} <{}@desk.invalid>", rev.author);
    git_commit(office, rel, &message, Some(&author))
}

/// The trailer naming who approved a change.
fn approved_by(approver: &User) -> String {
    format!(
        "Approved-by: {} <{}@desk.invalid>",
        approver.name, approver.login
    )
}

/// Commits `rel` (written or removed) in the site's work tree with
/// `message`, by `author` when given; None when it worked, else why not.
fn git_commit(office: &Office, rel: &Path, message: &str, author: Option<&str>) -> Option<String> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(office.desk.store.root())
            .args([
                "-c",
                "user.name=congkhai desk",
                "-c",
                "user.email=desk@congkhai.invalid",
            ])
            .args(args)
            .output()
    };
    let path = rel.to_string_lossy().to_string();
    let mut commit = vec!["commit", "--quiet"];
    if let Some(author) = author {
        commit.extend(["--author", author]);
    }
    commit.extend(["-m", message, "--", path.as_str()]);
    for args in [vec!["add", "--all", "--", path.as_str()], commit] {
        match git(&args) {
            Ok(out) if out.status.success() => {}
            Ok(out) => return Some(String::from_utf8_lossy(&out.stderr).trim().to_string()),
            Err(e) => return Some(e.to_string()),
        }
    }
    None
}

/// `POST …/unpublish`: an approver takes a published item off the public
/// site. Its file goes to `.congkhai/trash/` (kept, restorable), the public
/// folder is rebuilt, and the removal is committed; a build that fails puts
/// the file back.
async fn unpublish(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    _body: axum::body::Bytes,
) -> Response {
    let spec = match kind_of(&key).and_then(|s| approver(&me).map(|_| s)) {
        Ok(s) => s,
        Err(r) => return r,
    };
    let office2 = office.clone();
    let result = tokio::task::spawn_blocking(move || {
        let Some(file) = office2.desk.store.find(spec, &id) else {
            return problem(StatusCode::NOT_FOUND, "Mục này không có trên trang.", "");
        };
        let bytes = match office2.desk.store.read(&file.rel) {
            Ok(b) => b,
            Err(e) => return failed(e),
        };
        let trash = match office2.desk.store.delete(&file.rel, &version(&bytes)) {
            Ok(t) => t,
            Err(e) => return failed(format!("{e:?}")),
        };
        if let Err(problems) = office2.publisher.publish(&format!("gỡ {} {id}", spec.noun)) {
            if let Err(e) = office2.desk.store.create(&file.rel, &bytes) {
                eprintln!("error: could not put {} back: {e:?}", file.rel.display());
            }
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({
                    "error": "Không gỡ được: trang không dựng được khi thiếu mục này (có thể mục khác liên kết tới nó). Trang công khai giữ nguyên.",
                    "hint": "Xem chi tiết bên dưới.",
                    "details": problems,
                })),
            )
                .into_response();
        }
        let git = office2.git.then(|| {
            let message = format!("Unpublish {} {id}\n\n{}", spec.key(), approved_by(&me.user));
            git_commit(&office2, &file.rel, &message, None)
        });
        office2.record(Some(&me.user.login), "unpublish", Some(spec.key()), Some(&id), None, Some(trash.display().to_string()));
        Json(json!({"state": "unpublished", "kept": trash, "git": git.flatten()})).into_response()
    })
    .await;
    match result {
        Ok(r) => r,
        Err(e) => failed(e),
    }
}

/// `GET /__congkhai/api/queue`: revisions waiting for approval, oldest
/// first, without their text.
async fn queue(State(office): State<Arc<Office>>, Extension(me): Extension<Current>) -> Response {
    match office.db.queue() {
        Ok(revs) => {
            let items: Vec<Value> = revs
                .iter()
                .filter(|r| r.kind != Kind::Feedback.folder() || me.user.feedback)
                .map(|r| json!({"kind": r.kind, "id": r.item, "revision": r.id, "author": r.author, "updated": r.updated, "new": r.base.is_none()}))
                .collect();
            Json(json!({"items": items})).into_response()
        }
        Err(e) => failed(e),
    }
}

/// `GET /__congkhai/api/publication`: the last publication.
async fn publication(State(office): State<Arc<Office>>) -> Response {
    Json(json!({"last": office.publisher.last()})).into_response()
}

/// `GET /__congkhai/api/audit.csv`: the whole audit log, for admins.
async fn audit_csv(
    State(office): State<Arc<Office>>,
    Extension(me): Extension<Current>,
) -> Response {
    if me.user.role() < Role::Admin {
        return problem(
            StatusCode::FORBIDDEN,
            "Chỉ quản trị viên xem được nhật ký.",
            "",
        );
    }
    let log = match office.db.audit_log() {
        Ok(l) => l,
        Err(e) => return failed(e),
    };
    let mut out = String::from("\u{feff}at,login,action,kind,item,revision,detail\r\n");
    for e in log {
        let at =
            chrono::DateTime::from_timestamp(e.at, 0).map_or(String::new(), |d| d.to_rfc3339());
        let cells = [
            at,
            e.login.unwrap_or_default(),
            e.action,
            e.kind.unwrap_or_default(),
            e.item.unwrap_or_default(),
            e.revision.map_or(String::new(), |r| r.to_string()),
            e.detail.unwrap_or_default(),
        ];
        let row: Vec<String> = cells
            .iter()
            .map(|c| congkhai_core::report::csv_field(c))
            .collect();
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], out).into_response()
}
