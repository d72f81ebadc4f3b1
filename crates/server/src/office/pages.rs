//! The publishing server's pages: the login form, and the desk's own pages
//! (overview, lists, forms) for the logged-in user, whose saves become
//! revisions and whose form offers "Gửi duyệt", and to approvers "Duyệt
//! và đăng" and "Trả lại". Pages work without script for logging in and
//! out; a page without a session sends the browser to the login form.

use std::sync::Arc;

use axum::extract::{Form, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use tera::Context;

use super::accounts::Role;
use super::api::{expired_cookie, session_of, start_session, write_allowed};
use super::Office;
use crate::desk::pages::{self as desk_pages, render};
use crate::desk::{OpenRevision, Revisions, Viewer, DESK};

/// The desk's pages, behind the login.
pub(super) fn routes(office: Arc<Office>) -> Router {
    let desk = office.desk.clone();
    // An upload lands beside the kind's items but is published only once
    // an approved item names it.
    let uploads = Router::new()
        .route(
            "/__congkhai/api/files/{kind}",
            post(crate::desk::api::upload),
        )
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(
            crate::desk::api::MAX_UPLOAD + 64 * 1024,
        ));
    let pages = Router::new()
        .route(DESK, get(desk_pages::home))
        .route(&format!("{DESK}{{kind}}/"), get(desk_pages::list))
        .route(&format!("{DESK}{{kind}}/new"), get(desk_pages::new_item))
        .route(
            &format!("{DESK}{{kind}}/{{*id}}"),
            get(desk_pages::edit_item),
        )
        .route(&format!("{DESK}huong-dan"), get(desk_pages::guide))
        .route(
            &format!("{DESK}thung-rac/{{kind}}"),
            get(crate::desk::versions::trash),
        )
        .route(
            &format!("{DESK}lich-su/{{kind}}/{{*id}}"),
            get(crate::desk::versions::history),
        )
        .route("/__congkhai/api/preview", post(crate::desk::api::preview))
        .merge(uploads)
        .with_state(desk)
        .layer(axum::middleware::from_fn_with_state(office.clone(), guard));
    Router::new()
        .route(&format!("{DESK}login"), get(login_page).post(login_form))
        .route(&format!("{DESK}logout"), post(logout_form))
        .route(
            &format!("{DESK}nhat-ky"),
            get(audit_page).layer(axum::middleware::from_fn_with_state(office.clone(), guard)),
        )
        .route(&format!("{DESK}desk.css"), get(desk_pages::css))
        .route(&format!("{DESK}desk.js"), get(desk_pages::js))
        .route("/", get(|| async { Redirect::to(DESK) }))
        .with_state(office)
        .merge(pages)
}

/// Sends a browser without a session to the login form; gives the pages
/// who is looking. A write (the Markdown preview) needs the CSRF token.
async fn guard(State(office): State<Arc<Office>>, mut req: Request, next: Next) -> Response {
    let Some((_, user, csrf)) = session_of(&office, req.headers()).ok().flatten() else {
        if req.uri().path().starts_with("/__congkhai/api/") {
            return super::api::problem(
                StatusCode::UNAUTHORIZED,
                "Bạn chưa đăng nhập, hoặc phiên làm việc đã hết hạn.",
                "Hãy đăng nhập lại.",
            );
        }
        return Redirect::to(&format!("{DESK}login")).into_response();
    };
    if req.method() == axum::http::Method::POST && !write_allowed(&office, req.headers(), &csrf) {
        return super::api::problem(
            StatusCode::FORBIDDEN,
            "Yêu cầu không kèm mã xác nhận của phiên làm việc, hoặc đến từ trang khác.",
            "Hãy tải lại trang.",
        );
    }
    req.extensions_mut().insert(Viewer {
        token: csrf,
        name: user.name.clone(),
        workflow: true,
        approver: user.role() >= Role::Approver,
        admin: user.role() >= Role::Admin,
    });
    next.run(req).await
}

fn login_context(office: &Office, login: &str, error: Option<(&str, &str)>) -> Context {
    let mut c = Context::new();
    c.insert("desk", DESK);
    c.insert("token", "");
    c.insert("title", "Đăng nhập");
    c.insert("site_title", office.desk.info().title());
    c.insert("login", login);
    c.insert("error", &error.map(|e| e.0));
    c.insert("hint", &error.map(|e| e.1));
    c
}

async fn login_page(State(office): State<Arc<Office>>) -> Response {
    render(
        StatusCode::OK,
        "login.html",
        &login_context(&office, "", None),
    )
}

#[derive(Deserialize)]
struct LoginForm {
    login: String,
    password: String,
}

/// The login form's POST: the same checks as the API's login; on success
/// the session cookie and a redirect to the overview.
async fn login_form(
    State(office): State<Arc<Office>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    match start_session(&office, &headers, &f.login, &f.password).await {
        Ok((cookie, _, _)) => (
            StatusCode::SEE_OTHER,
            [
                (header::SET_COOKIE, cookie),
                (header::LOCATION, DESK.to_string()),
            ],
        )
            .into_response(),
        Err((status, error, hint)) => render(
            status,
            "login.html",
            &login_context(&office, &f.login, Some((&error, &hint))),
        ),
    }
}

#[derive(Deserialize)]
struct LogoutForm {
    token: String,
}

async fn logout_form(
    State(office): State<Arc<Office>>,
    headers: HeaderMap,
    Form(f): Form<LogoutForm>,
) -> Response {
    if let Some((id, user, csrf)) = session_of(&office, &headers).ok().flatten() {
        if csrf == f.token {
            let _ = office.db.end_session(&id);
            office.record(Some(&user.login), "logout", None, None, None, None);
        }
    }
    let expired = expired_cookie();
    (
        StatusCode::SEE_OTHER,
        [
            (header::SET_COOKIE, expired),
            (header::LOCATION, format!("{DESK}login")),
        ],
    )
        .into_response()
}

/// `/__congkhai/desk/nhat-ky`: the newest lines of the audit log, for
/// admins (the whole log is the CSV export).
async fn audit_page(
    State(office): State<Arc<Office>>,
    axum::Extension(viewer): axum::Extension<Viewer>,
) -> Response {
    let info = office.desk.info();
    if !viewer.admin {
        let mut c = desk_pages::layout(&viewer, &info, "Không có quyền", "-");
        c.insert("what", "Chỉ quản trị viên xem được nhật ký hoạt động.");
        return render(StatusCode::FORBIDDEN, "not_found.html", &c);
    }
    let log = office.db.audit_log().unwrap_or_default();
    let tz = chrono_tz::Asia::Ho_Chi_Minh;
    let entries: Vec<serde_json::Value> = log
        .iter()
        .rev()
        .take(500)
        .map(|e| {
            let at = chrono::DateTime::from_timestamp(e.at, 0)
                .map(|d| d.with_timezone(&tz).format("%H:%M:%S %d/%m/%Y").to_string());
            let item = match (&e.kind, &e.item) {
                (Some(k), Some(i)) => format!("{k}/{i}"),
                (None, Some(i)) => i.clone(),
                _ => String::new(),
            };
            serde_json::json!({
                "at": at, "login": e.login, "action": e.action, "item": item, "detail": e.detail,
            })
        })
        .collect();
    let mut c = desk_pages::layout(&viewer, &info, "Nhật ký hoạt động", "-");
    c.insert("total", &log.len());
    c.insert("shown", &entries.len());
    c.insert("entries", &entries);
    render(StatusCode::OK, "audit.html", &c)
}

/// The desk's form shows an item's open revision from the database, and
/// its overview what waits and the last publication.
pub(super) struct DbRevisions(
    pub(super) Arc<super::db::Db>,
    pub(super) Arc<super::publisher::Publisher>,
);

impl Revisions for DbRevisions {
    fn queue(&self) -> Vec<(String, String, String)> {
        self.0
            .queue()
            .unwrap_or_default()
            .into_iter()
            .map(|r| (r.kind, r.item, r.author))
            .collect()
    }

    fn last_publication(&self) -> Option<String> {
        let busy = self.1.busy().map(|reason| {
            format!("Đang đăng trang công khai ({reason}); trang công khai giữ bản trước cho đến khi xong.")
        });
        let last = self.1.last().and_then(|p| describe(&p));
        match (busy, last) {
            (Some(busy), Some(last)) => Some(format!("{busy} {last}")),
            (busy, last) => busy.or(last),
        }
    }

    fn open_texts(&self, key: &str) -> Vec<String> {
        self.0.open_texts(key).unwrap_or_default()
    }

    fn open_states(&self, key: &str) -> std::collections::HashMap<String, String> {
        self.0.open_states(key).unwrap_or_default()
    }

    fn open(&self, key: &str, id: &str) -> Option<OpenRevision> {
        let rev = self.0.open_revision(key, id).ok()??;
        Some(OpenRevision {
            file: rev.file,
            text: rev.text,
            state: rev.state,
            comment: rev.comment,
        })
    }
}

/// The last publication, in a sentence for the desk's home.
fn describe(p: &super::publisher::Publication) -> Option<String> {
    let at = chrono::DateTime::parse_from_rfc3339(&p.at).ok()?;
    let tz = chrono_tz::Asia::Ho_Chi_Minh;
    let when = at.with_timezone(&tz).format("%H:%M %d/%m/%Y");
    Some(match p.ok {
        true => format!("Lần đăng gần nhất: {when} ({}; {}).", p.reason, p.summary),
        false => format!(
            "Lần đăng gần nhất không thành ({when}, {}): trang công khai giữ nguyên bản trước.",
            p.reason
        ),
    })
}
