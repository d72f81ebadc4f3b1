//! The preview's HTTP server, on axum: GET and HEAD of files inside the
//! output folder only (no `..`, no symlink escapes), clean-URL folders, the
//! site's 404 page, correct content types, a server-sent events stream that
//! tells open pages to reload or to show an error, and the editing desk
//! ([`super::desk`]) under `/__congkhai/`. It answers from the start: while
//! the first build runs, a file it has not written yet is waited for.
//!
//! Every route checks `Host` (a page of another site that rebinds its name
//! to 127.0.0.1 gets 403), and every response carries a Content Security
//! Policy (`script-src 'self'`, `object-src 'none'`, `base-uri 'none'`,
//! `frame-ancestors 'none'`), `X-Frame-Options: DENY`, `nosniff`,
//! `no-referrer` and `no-store`. Connections are capped and a client that
//! does not send its request headers in time is dropped, so idle sockets
//! can neither freeze the server nor take the descriptors rebuilds need.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::watch;
use tower_http::set_header::SetResponseHeaderLayer;

use super::desk::{self, Desk};

/// What the preview shows about the build: a version that changes with
/// every successful rebuild, and the current error, if any.
pub struct Live {
    state: watch::Sender<LiveState>,
}

/// What open pages are told: which build they may show, which of its pages
/// changed, and the problems when the last rebuild failed.
#[derive(Default)]
struct LiveState {
    /// Changes after every event that may reload pages.
    version: u64,
    /// The rebuild the pages belong to: a page reloaded for it once is not
    /// reloaded again for it.
    rebuild: u64,
    /// The pages this rebuild wrote so far; None for every page.
    pages: Option<Vec<String>>,
    /// Whether the rebuild's last files (feeds, sitemaps, search index)
    /// are written.
    settled: bool,
    /// The first build is under way: a file it has not written yet is
    /// waited for instead of answered with 404.
    starting: bool,
    error: Option<String>,
}

impl Default for Live {
    fn default() -> Self {
        Live {
            state: watch::Sender::new(LiveState {
                settled: true,
                ..LiveState::default()
            }),
        }
    }
}

/// More pages than this, and every open page reloads.
const MAX_LISTED: usize = 500;

impl Live {
    /// The state of a preview whose first build is under way: requests for
    /// files it has not written yet wait for them.
    pub fn starting() -> Live {
        Live {
            state: watch::Sender::new(LiveState {
                starting: true,
                ..LiveState::default()
            }),
        }
    }

    /// A rebuild is starting.
    pub fn begin(&self) {
        self.state.send_if_modified(|s| {
            s.rebuild += 1;
            s.pages = Some(Vec::new());
            false
        });
    }

    /// The rebuild wrote `pages` (None: every page may have changed): open
    /// pages among them reload, the others stay.
    pub fn pages_written(&self, pages: Option<&[String]>) {
        self.state.send_modify(|s| {
            s.version += 1;
            s.error = None;
            s.settled = false;
            s.starting = false;
            s.pages = match (s.pages.take(), pages) {
                (Some(mut so_far), Some(more)) if so_far.len() + more.len() <= MAX_LISTED => {
                    so_far.extend(more.iter().cloned());
                    Some(so_far)
                }
                _ => None,
            };
        });
    }

    /// A rebuild succeeded and every open page reloads.
    pub fn rebuilt(&self) {
        self.pages_written(None);
    }

    /// The rebuild's feeds, sitemaps and search index are written too.
    pub fn settled(&self) {
        self.state.send_modify(|s| s.settled = true);
    }

    /// A rebuild failed: open pages show `problems` and keep their content.
    pub fn failed(&self, problems: String) {
        self.state.send_modify(|s| {
            s.error = Some(problems);
            s.settled = true;
            s.starting = false;
        });
    }

    /// The state as JSON; the error's text only when `full` (it may quote
    /// personal data that the privacy check caught).
    fn json(&self, full: bool) -> String {
        state_json(&self.state.borrow(), full)
    }
}

/// What a page without the desk's cookie sees of a failed build.
const ERROR_HIDDEN: &str = "Trang chưa dựng lại được vì nội dung có lỗi. Xem chi tiết trong cửa sổ dòng lệnh đang chạy congkhai, hoặc mở trang soạn thảo bằng đường dẫn in ra khi khởi động.";

fn state_json(s: &LiveState, full: bool) -> String {
    let error = s
        .error
        .as_deref()
        .map(|e| if full { e } else { ERROR_HIDDEN });
    serde_json::json!({
        "version": s.version,
        "rebuild": s.rebuild,
        "pages": s.pages,
        "settled": s.settled,
        "starting": s.starting,
        "error": error,
    })
    .to_string()
}

const CLIENT: &str = include_str!("livereload.js");

/// What the preview's handlers share.
struct Preview {
    root: PathBuf,
    live: Arc<Live>,
    /// The desk, when it is served: pages get a link to their item.
    desk: Option<Arc<Desk>>,
}

impl Preview {
    /// Build errors may quote what the privacy check caught: only a browser
    /// logged in to the desk sees them.
    fn may_see_errors(&self, headers: &axum::http::HeaderMap) -> bool {
        self.desk.as_ref().is_some_and(|d| d.logged_in(headers))
    }
}

/// The Content Security Policy of every response: scripts only from the
/// server itself (no inline script, no event handler attribute runs), no
/// plugins, no `<base>`, never framed.
pub(crate) const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The preview's routes (and the desk's, when given), for a server at `addr`.
pub(crate) fn router(
    root: PathBuf,
    live: Arc<Live>,
    desk: Option<Arc<Desk>>,
    addr: SocketAddr,
) -> Router {
    let preview = Arc::new(Preview {
        root,
        live,
        desk: desk.clone(),
    });
    let mut app = Router::new()
        .route("/__congkhai/events", get(events))
        .route("/__congkhai/livereload.js", get(client))
        .route("/__congkhai/status", get(status))
        .fallback(file)
        .with_state(preview);
    if let Some(desk) = desk {
        app = app
            .merge(desk::router(desk.clone()))
            .layer(axum::middleware::from_fn_with_state(desk, desk::log_in));
    }
    let hosts = Arc::new(Hosts::new(addr));
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
    ];
    let mut app = app.layer(axum::middleware::from_fn_with_state(hosts, check_host));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app
}

/// The `Host` values the server answers to: its own address, and
/// `localhost`, `127.0.0.1` and `[::1]` with its port. Bound to every
/// address (`--bind 0.0.0.0`), any IP address with its port too: a name
/// other than `localhost` is what DNS rebinding needs, an IP is not.
pub(crate) struct Hosts {
    port: u16,
    names: Vec<String>,
    any_ip: bool,
    /// The public address behind a proxy (`https://desk.example.gov.vn`),
    /// whose host and origin are accepted too.
    public: Option<(String, String)>,
}

impl Hosts {
    pub(crate) fn new(addr: SocketAddr) -> Hosts {
        let port = addr.port();
        let mut names = vec![addr.to_string(), format!("localhost:{port}")];
        names.extend(["127.0.0.1", "[::1]"].iter().map(|h| format!("{h}:{port}")));
        names.dedup();
        Hosts {
            port,
            names,
            any_ip: addr.ip().is_unspecified(),
            public: None,
        }
    }

    /// Also answers to the host of `url` (scheme and host, no path), as a
    /// server behind nginx is reached.
    pub(crate) fn with_public(mut self, url: &str) -> Hosts {
        let origin = url.trim_end_matches('/').to_string();
        let host = origin
            .split_once("://")
            .map_or(origin.as_str(), |(_, h)| h)
            .to_string();
        self.public = Some((host, origin));
        self
    }

    pub(crate) fn allows(&self, host: &str) -> bool {
        if self.names.iter().any(|h| h.eq_ignore_ascii_case(host)) {
            return true;
        }
        if self
            .public
            .as_ref()
            .is_some_and(|(h, _)| h.eq_ignore_ascii_case(host))
        {
            return true;
        }
        self.any_ip
            && host
                .parse::<SocketAddr>()
                .is_ok_and(|a| a.port() == self.port)
    }

    /// Whether `origin` (an `Origin` header) is this server.
    pub(crate) fn is_origin(&self, origin: &str) -> bool {
        if self
            .public
            .as_ref()
            .is_some_and(|(_, o)| o.eq_ignore_ascii_case(origin))
        {
            return true;
        }
        origin.strip_prefix("http://").is_some_and(|host| {
            self.names.iter().any(|h| h.eq_ignore_ascii_case(host))
                || (self.any_ip
                    && host
                        .parse::<SocketAddr>()
                        .is_ok_and(|a| a.port() == self.port))
        })
    }
}

pub(crate) async fn check_host(
    State(hosts): State<Arc<Hosts>>,
    req: Request,
    next: Next,
) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !hosts.allows(host) {
        return plain(
            StatusCode::FORBIDDEN,
            "Máy chủ này chỉ trả lời theo địa chỉ của chính nó (Host không đúng). Hãy mở đúng địa chỉ máy chủ đã in ra khi khởi động.",
        );
    }
    next.run(req).await
}

/// At most this many connections at once; more wait in the kernel's queue.
/// Far below the descriptors the process may open ([`raise_fd_limit`]), so
/// a rebuild always has the files it needs.
const MAX_CONNECTIONS: usize = 512;
/// A client must send its request headers within this time, on a new
/// connection and between requests on a kept-alive one.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// Raises the soft limit of open files to the hard one (often 1,024 and
/// 524,288): the connections and a rebuild's files then never compete.
pub(crate) fn raise_fd_limit() {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit and setrlimit only read and write `limit`.
    unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 && limit.rlim_cur < limit.rlim_max
        {
            limit.rlim_cur = limit.rlim_max.min(65_536);
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}

/// Serves `app` on `listener` until the process ends.
pub(crate) fn run(listener: std::net::TcpListener, app: Router) {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the preview server: {e}");
            return;
        }
    };
    runtime.block_on(async move {
        let listener = listener
            .set_nonblocking(true)
            .and_then(|()| tokio::net::TcpListener::from_std(listener));
        match listener {
            Ok(l) => accept(l, app).await,
            Err(e) => eprintln!("error: cannot listen: {e}"),
        }
    });
}

/// Accepts connections, at most [`MAX_CONNECTIONS`] at once, each served by
/// hyper with [`HEADER_TIMEOUT`].
async fn accept(listener: tokio::net::TcpListener, app: Router) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    loop {
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of descriptors or a reset before accept: wait, go on.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIMEOUT)
                .max_headers(64)
                .serve_connection(TokioIo::new(stream), service);
            let _ = connection.await;
        });
    }
}

async fn client() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        CLIENT,
    )
        .into_response()
}

async fn status(State(p): State<Arc<Preview>>, req: Request) -> Response {
    let full = p.may_see_errors(req.headers());
    (
        [(header::CONTENT_TYPE, "application/json")],
        p.live.json(full),
    )
        .into_response()
}

/// The build state now and after every change, as server-sent events.
async fn events(
    State(p): State<Arc<Preview>>,
    req: Request,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let full = p.may_see_errors(req.headers());
    let rx = p.live.state.subscribe();
    let stream = futures_util::stream::unfold((rx, true), move |(mut rx, first)| async move {
        if !first && rx.changed().await.is_err() {
            return None;
        }
        let data = {
            let s = rx.borrow_and_update();
            state_json(&s, full)
        };
        Some((Ok(Event::default().event("state").data(data)), (rx, false)))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// Any other path: a file of the preview.
async fn file(State(p): State<Arc<Preview>>, req: Request) -> Response {
    let head = req.method() == Method::HEAD;
    if req.method() != Method::GET && !head {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
    }
    let path = req.uri().path().to_string();
    if !written_or_built(&p, &path).await {
        return starting();
    }
    let p2 = p.clone();
    let answer = tokio::task::spawn_blocking(move || serve_file(&p2, &path)).await;
    let mut response = answer.unwrap_or_else(|_| plain(StatusCode::INTERNAL_SERVER_ERROR, "error"));
    if head {
        *response.body_mut() = Body::empty();
    }
    response
}

/// How long a request waits for a file the first build has not written.
const FIRST_BUILD_WAIT: Duration = Duration::from_secs(60);

/// Whether `path` may be answered now: the first build is over, or it has
/// written the file (pages are written whole, through a rename). A reader
/// who opens the preview while a large site's first build runs gets the
/// home page and the lists as soon as they are written (they come first)
/// and every other page when it is; false after [`FIRST_BUILD_WAIT`].
async fn written_or_built(p: &Arc<Preview>, path: &str) -> bool {
    let mut rx = p.live.state.subscribe();
    let waited = tokio::time::timeout(FIRST_BUILD_WAIT, async {
        loop {
            if !rx.borrow_and_update().starting {
                return;
            }
            let (root, path) = (p.root.clone(), path.to_string());
            let found = tokio::task::spawn_blocking(move || {
                !matches!(resolve(&root, &path), Resolved::NotFound)
            })
            .await
            .unwrap_or(true);
            if found {
                return;
            }
            // Look again when the build ends, or in a moment.
            let _ = tokio::time::timeout(Duration::from_millis(50), rx.changed()).await;
        }
    });
    waited.await.is_ok()
}

/// The answer to a page the first build has not reached in a minute.
fn starting() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::RETRY_AFTER, "10"),
        ],
        "Trang xem trước đang được dựng lần đầu; trang này chưa xong. Tải lại trang sau ít giây.",
    )
        .into_response()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn serve_file(p: &Preview, path: &str) -> Response {
    match resolve(&p.root, path) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let kind = content_type(&file);
                let bytes = if kind.starts_with("text/html") {
                    inject(bytes, edit_link(p, path).as_deref())
                } else {
                    bytes
                };
                (StatusCode::OK, [(header::CONTENT_TYPE, kind)], bytes).into_response()
            }
            Err(_) => plain(StatusCode::NOT_FOUND, "not found"),
        },
        Resolved::Redirect(to) => {
            (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, to)]).into_response()
        }
        Resolved::BadRequest => plain(StatusCode::BAD_REQUEST, "bad request"),
        Resolved::NotFound => {
            let page = std::fs::read(p.root.join("404.html"))
                .unwrap_or_else(|_| b"<!doctype html><title>404</title><h1>404</h1>".to_vec());
            (
                StatusCode::NOT_FOUND,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                inject(page, None),
            )
                .into_response()
        }
    }
}

/// The desk page of the item a page URL shows, if any.
fn edit_link(p: &Preview, path: &str) -> Option<String> {
    let desk = p.desk.as_ref()?;
    let decoded = percent_decode(path)?;
    let info = desk.info();
    let url = if decoded.ends_with(".html") {
        decoded.trim_end_matches("index.html").to_string()
    } else {
        decoded
    };
    info.edit_of(&url)
}

enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Maps a request path to a file inside `root`, or refuses it.
fn resolve(root: &Path, path: &str) -> Resolved {
    let Some(decoded) = percent_decode(path) else {
        return Resolved::BadRequest;
    };
    let rel = Path::new(decoded.trim_start_matches('/'));
    if decoded.contains('\0') || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Resolved::BadRequest;
    }
    let (Ok(base), Ok(full)) = (root.canonicalize(), root.join(rel).canonicalize()) else {
        return Resolved::NotFound;
    };
    if !full.starts_with(&base) {
        return Resolved::NotFound; // a symlink pointing outside the output
    }
    if full.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        let index = full.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if full.is_file() {
        Resolved::File(full)
    } else {
        Resolved::NotFound
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload client before `</body>`, and the desk's "Sửa
/// trang này" link when the page shows an item.
fn inject(mut html: Vec<u8>, edit: Option<&str>) -> Vec<u8> {
    // The link is a bar at the top of the page, in the flow: it pushes the
    // page down instead of covering its heading or its last lines.
    if let Some(edit) = edit {
        let bar = format!(
            "<p id=\"congkhai-edit\" style=\"margin:0;background:#0b3d73;padding:.25rem 1rem;font:600 1rem/1.2 system-ui,sans-serif\"><a href=\"{}\" style=\"color:#fff;display:inline-flex;align-items:center;min-height:44px\">Sửa trang này trong bàn soạn thảo</a></p>",
            congkhai_core::escape::xml(edit)
        );
        let open = html
            .windows(5)
            .position(|w| w.eq_ignore_ascii_case(b"<body"))
            .and_then(|at| {
                html[at..]
                    .iter()
                    .position(|b| *b == b'>')
                    .map(|end| at + end + 1)
            });
        match open {
            Some(at) => {
                html.splice(at..at, bar.bytes());
            }
            None => html.splice(0..0, bar.bytes()).for_each(drop),
        }
    }
    let tag = "<script src=\"/__congkhai/livereload.js\"></script>";
    match html.windows(7).rposition(|w| w == b"</body>") {
        Some(at) => {
            html.splice(at..at, tag.bytes());
        }
        None => html.extend_from_slice(tag.as_bytes()),
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "x").unwrap();
        assert!(matches!(resolve(dir.path(), "/a.html"), Resolved::File(_)));
        assert!(matches!(
            resolve(dir.path(), "/../etc/passwd"),
            Resolved::BadRequest
        ));
        assert!(matches!(
            resolve(dir.path(), "/%2e%2e/etc/passwd"),
            Resolved::BadRequest
        ));
        assert!(matches!(resolve(dir.path(), "/nope"), Resolved::NotFound));
    }

    #[test]
    fn the_edit_link_opens_the_body_and_covers_nothing() {
        let html = inject(
            b"<html><body class=\"x\"><h1>T</h1></body></html>".to_vec(),
            Some("/__congkhai/desk/news/a"),
        );
        let html = String::from_utf8(html).unwrap();
        let bar = html.find("id=\"congkhai-edit\"").unwrap();
        assert!(html.find("<body class=\"x\">").unwrap() < bar);
        assert!(bar < html.find("<h1>").unwrap());
        assert!(!html.contains("position:fixed"));
    }

    #[test]
    fn injects_before_the_body_end() {
        let html = inject(b"<html><body><p>x</p></body></html>".to_vec(), None);
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__congkhai/livereload.js\"></script></body></html>"
        );
    }
}
