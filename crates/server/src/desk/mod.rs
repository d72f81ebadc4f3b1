//! The editing desk of `congkhai serve`: Vietnamese forms for office staff
//! at `/__congkhai/desk/`, and the JSON API they (and other tools) use at
//! `/__congkhai/api/`. Forms are built from the kinds' descriptions
//! ([`congkhai_core::content::kinds`]) and saves are checked by the loader itself,
//! so the desk can neither offer a field the build rejects nor write a
//! file the build would refuse. A saved file is picked up by the preview's
//! watcher like any other edit, so the preview reloads after a save.
//!
//! Only served on loopback addresses, and only to a browser that opened the
//! desk's address with the secret printed at start-up
//! (`/__congkhai/desk/?key=...`, as Jupyter does): that sets an HttpOnly,
//! SameSite=Strict session cookie; without it every desk page and API call
//! answers 401, so another account on the same machine can neither read
//! senders' data nor write. Every request must name the server in `Host`
//! (DNS rebinding); every write must also carry the per-process token of
//! the desk page and no foreign `Origin`.

pub(crate) mod api;
mod model;
pub(crate) mod pages;
pub(crate) mod status;
pub(crate) mod store;
pub(crate) mod versions;

use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, RwLock};

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::NaiveDate;

use congkhai_core::content::kinds::KindSpec;
use congkhai_core::content::Kind;
use congkhai_core::site::tracker::Tracker;
use congkhai_core::site::Site;
pub(crate) use store::version;
use store::Store;

/// Where the desk lives.
pub(crate) const DESK: &str = "/__congkhai/desk/";
/// The header a write must carry the token in.
pub(crate) const TOKEN_HEADER: &str = "x-congkhai-token";
/// The desk's session cookie.
const COOKIE: &str = "congkhai_desk";

/// What the desk shows from the last good build: the month's status, the
/// items that need attention, and which item each page URL shows.
#[derive(Clone, Default)]
pub struct Info {
    /// "Tháng 11/2026: đã đăng 5/7 tin, bài; cần thêm 2 ...".
    pub status: String,
    /// Open feedback due within three days or past due.
    pub feedback_due: Vec<Attention>,
    pub overdue_tasks: Vec<Attention>,
    /// The built site (shared with the search index's thread), and where
    /// each page's item is in it.
    site: Option<Arc<Site>>,
    maps: PageMaps,
}

/// Where an item is in the site, by its page URL and by its source file:
/// hashes to (kind, index), checked against the item on lookup. Made in a
/// millisecond at 10,000 posts, with no copy of any name.
#[derive(Clone, Default)]
struct PageMaps {
    by_url: HashMap<u64, (Kind, usize)>,
    by_source: HashMap<u64, (Kind, usize)>,
}

fn hash_of<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(value)
}

/// The page URL and source file of item `i` of `kind`.
fn item(site: &Site, kind: Kind, i: usize) -> Option<(&str, &Path)> {
    site.item(kind, i).map(|x| (x.url(), x.source()))
}

impl PageMaps {
    fn new(site: &Site) -> PageMaps {
        let mut maps = PageMaps::default();
        for kind in Kind::ALL {
            for i in 0.. {
                let Some((url, source)) = item(site, kind, i) else {
                    break;
                };
                maps.by_url.insert(hash_of(url), (kind, i));
                maps.by_source.insert(hash_of(source), (kind, i));
            }
        }
        maps
    }
}

/// One item that needs attention.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Attention {
    pub text: String,
    pub note: String,
    /// The desk page to fix it on.
    pub edit: String,
    pub late: bool,
}

impl Info {
    /// Reads what the desk needs from a built site and its tracker.
    pub fn new(site: Arc<Site>, tracker: &Tracker) -> Info {
        let edit = |source: &Path| edit_url(source).unwrap_or_else(|| DESK.to_string());
        let soon = site.today + chrono::Days::new(3);
        let mut feedback_due: Vec<Attention> = site
            .feedback
            .iter()
            .filter(|f| !f.is_answered() && f.due <= soon)
            .map(|f| Attention {
                text: format!("{}: {}", f.code, f.subject),
                note: if f.due < site.today {
                    format!("Quá hạn trả lời từ {}", f.due_display)
                } else {
                    format!("Hạn trả lời {}", f.due_display)
                },
                edit: edit(&f.source),
                late: f.due < site.today,
            })
            .collect();
        feedback_due.sort_by_key(|a| std::cmp::Reverse(a.late));
        let unreported = tracker.unreported_tasks.iter().map(|t| (t, false));
        let overdue_tasks = tracker
            .overdue_tasks
            .iter()
            .map(|t| (t, true))
            .chain(unreported)
            .map(|(t, late)| Attention {
                text: format!("{} (nhiệm vụ {}: {})", t.plan_title, t.number, t.title),
                note: if late {
                    format!("Quá hạn {}; chủ trì: {}", t.deadline, t.lead)
                } else {
                    format!(
                        "Hạn {}; chủ trì: {}; chưa cập nhật kết quả: ghi tình trạng",
                        t.deadline, t.lead
                    )
                },
                edit: site
                    .plans
                    .iter()
                    .find(|p| p.url == t.plan_url)
                    .map_or_else(|| DESK.to_string(), |p| edit(&p.source)),
                late,
            })
            .collect();
        Info {
            status: congkhai_core::render::status_line(tracker, true),
            feedback_due,
            overdue_tasks,
            maps: PageMaps::new(&site),
            site: Some(site),
        }
    }

    /// The site's title ("" before the first good build).
    pub fn title(&self) -> &str {
        self.site.as_deref().map_or("", |s| s.config.title.as_str())
    }

    /// The build's "today".
    pub fn today(&self) -> Option<NaiveDate> {
        self.site.as_deref().map(|s| s.today)
    }

    /// The site's procedures: code and name.
    pub fn procedures(&self) -> impl Iterator<Item = (&str, &str)> {
        self.site
            .as_deref()
            .into_iter()
            .flat_map(|s| s.procedures.iter())
            .map(|p| (p.code.as_str(), p.name.as_str()))
    }

    /// The desk's edit page of the item shown at page `url`.
    pub fn edit_of(&self, url: &str) -> Option<String> {
        let site = self.site.as_deref()?;
        let (kind, i) = *self.maps.by_url.get(&hash_of(url))?;
        let (found, source) = item(site, kind, i)?;
        (found == url).then(|| edit_url(source)).flatten()
    }

    /// The page URL of the item whose edit page is `edit`.
    pub fn view_of(&self, edit: &str) -> Option<String> {
        let site = self.site.as_deref()?;
        let (key, id) = edit.strip_prefix(DESK)?.split_once('/')?;
        ["md", "markdown", "yaml", "yml"].iter().find_map(|ext| {
            let source = Path::new("content").join(key).join(format!("{id}.{ext}"));
            let (kind, i) = *self.maps.by_source.get(&hash_of(source.as_path()))?;
            let (url, found) = item(site, kind, i)?;
            (found == source).then(|| url.to_string())
        })
    }
}

/// The desk's edit page for a content file (`content/news/x.md`).
pub(crate) fn edit_url(source: &Path) -> Option<String> {
    let (kind, id) = store::item_id(source)?;
    Some(format!("{DESK}{}/{id}", kind.folder()))
}

/// Who is looking at a desk page, and what they may do there: put into
/// each page request by the guard of `serve`'s desk or of the publishing
/// server.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Viewer {
    /// The token every write must send back (the CSRF token).
    pub(crate) token: String,
    /// The logged-in user's name; empty in `serve`.
    pub(crate) name: String,
    /// Saves are revisions that an approver publishes (`congkhai desk`);
    /// false in `serve`, where a save writes the file.
    pub(crate) workflow: bool,
    /// May approve and return (in the workflow).
    pub(crate) approver: bool,
    /// May read the audit log and manage users (in the workflow).
    pub(crate) admin: bool,
}

/// The revisions the publishing server keeps for items: the desk's form
/// shows an item's open revision instead of its file.
pub(crate) trait Revisions: Send + Sync {
    /// The open revision of item `id` of the kind `key`.
    fn open(&self, key: &str, id: &str) -> Option<OpenRevision>;
    /// What waits for approval: (kind key, id, author), oldest first.
    fn queue(&self) -> Vec<(String, String, String)>;
    /// The last publication, in a sentence.
    fn last_publication(&self) -> Option<String>;
    /// The state of each item of the kind `key` with an open revision.
    fn open_states(&self, key: &str) -> HashMap<String, String>;
    /// The texts of the open revisions of the kind `key`.
    fn open_texts(&self, key: &str) -> Vec<String>;
}

/// An item's revision not yet approved.
#[derive(Debug, Clone)]
pub(crate) struct OpenRevision {
    /// Its file, from the site root.
    pub(crate) file: String,
    pub(crate) text: String,
    /// `draft`, `pending` or `returned`.
    pub(crate) state: String,
    /// Why an approver returned it.
    pub(crate) comment: Option<String>,
}

/// The desk's shared state.
pub(crate) struct Desk {
    pub(crate) store: Store,
    /// Written into desk pages; every write must send it back.
    token: String,
    /// The secret of the start-up address, exchanged for a session.
    secret: String,
    /// Session cookies handed out since start.
    sessions: Mutex<HashSet<String>>,
    /// `Host` and `Origin` values the server answers to.
    hosts: crate::http::Hosts,
    /// Replaced whole after each good build; requests hold the one they read.
    info: RwLock<Arc<Info>>,
    /// The publishing server's revisions, when the desk is part of it.
    pub(crate) revisions: std::sync::OnceLock<Arc<dyn Revisions>>,
    /// Each file's list summary with the size and modification time it was
    /// read at.
    summaries: Mutex<SummaryCache>,
    /// Whether the public site is published to the minute (the publishing
    /// server on the clock), not to the day.
    pub(crate) by_minute: std::sync::atomic::AtomicBool,
    /// The preview's first build is under way (the month's figures come
    /// when it is done).
    building: std::sync::atomic::AtomicBool,
}

/// Summaries by file, with the (modified, size) they were read at.
type SummaryCache = HashMap<std::path::PathBuf, ((std::time::SystemTime, u64), status::Summary)>;

/// 24 random bytes as 48 hex digits.
pub(crate) fn random_hex() -> Result<String, String> {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).map_err(|e| format!("cannot make a random secret: {e}"))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

impl Desk {
    /// A desk for the site at `root`, served at `addr` (a loopback address).
    pub(crate) fn new(root: &Path, addr: SocketAddr, git: bool) -> Result<Desk, String> {
        Ok(Desk {
            store: Store::new(root, git),
            token: random_hex()?,
            secret: random_hex()?,
            sessions: Mutex::new(HashSet::new()),
            hosts: crate::http::Hosts::new(addr),
            info: RwLock::new(Arc::new(Info::default())),
            revisions: std::sync::OnceLock::new(),
            summaries: Mutex::new(HashMap::new()),
            by_minute: std::sync::atomic::AtomicBool::new(false),
            building: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Tells the desk whether the preview's first build is under way.
    pub(crate) fn set_building(&self, building: bool) {
        self.building
            .store(building, std::sync::atomic::Ordering::Relaxed);
    }

    /// What the desk's home says instead of the month's figures before a
    /// build has succeeded.
    pub(crate) fn no_figures_yet(&self) -> &'static str {
        if self.building.load(std::sync::atomic::Ordering::Relaxed) {
            "Đang dựng trang xem trước lần đầu; số liệu của tháng và những việc cần làm sẽ hiện khi dựng xong. Tải lại trang này sau ít giây."
        } else {
            "Chưa có số liệu của tháng: trang chưa dựng được vì nội dung có lỗi. Mở trang xem trước để xem lỗi, sửa rồi lưu lại."
        }
    }

    /// `path` with the secret that logs a browser in, for the start-up lines.
    pub(crate) fn login_path(&self, path: &str) -> String {
        format!("{path}?key={}", self.secret)
    }

    /// Whether the request carries a session cookie this desk handed out.
    pub(crate) fn logged_in(&self, headers: &HeaderMap) -> bool {
        let Some(id) = session_cookie(headers) else {
            return false;
        };
        self.sessions.lock().expect("sessions lock").contains(id)
    }

    /// A new session, when `query` holds the secret.
    fn log_in(&self, query: Option<&str>) -> Option<String> {
        let key = query?
            .split('&')
            .find_map(|pair| pair.strip_prefix("key="))?;
        if !same(key.as_bytes(), self.secret.as_bytes()) {
            return None;
        }
        let id = random_hex().ok()?;
        self.sessions
            .lock()
            .expect("sessions lock")
            .insert(id.clone());
        Some(id)
    }

    /// Moves uploads no item named within a day to the trash (at start,
    /// and before each upload of their kind).
    pub(crate) fn sweep_uploads(&self) {
        for spec in KindSpec::all() {
            api::sweep(self, spec);
        }
    }

    /// Reads every kind's list once on another thread, so the first list
    /// a clerk opens costs `stat`s, not the parse of every file (433 ms at
    /// 10,000 posts; 71 ms once read).
    pub(crate) fn warm_lists(self: &Arc<Self>) {
        let desk = self.clone();
        std::thread::spawn(move || {
            // After the first build: the two would share the same cores.
            for _ in 0..6000 {
                if desk.info().today().is_some() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            // On a pool of one thread of its own: an edit saved meanwhile
            // renders on the shared pool instead of queueing behind the
            // reading of every file (seconds at 100,000 posts).
            let warm = || {
                for spec in KindSpec::all() {
                    status::summaries(&desk, spec);
                }
            };
            match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                Ok(pool) => pool.install(warm),
                Err(_) => warm(),
            }
        });
    }

    /// When the lists call an item public: the last build's day (or the
    /// site's today before any build) and, on the clock, the minute.
    pub(crate) fn clock(&self, config: &congkhai_core::config::Config) -> status::Clock {
        let today = self.info().today().unwrap_or_else(|| config.today());
        let minute = self.by_minute.load(std::sync::atomic::Ordering::Relaxed);
        status::Clock {
            today,
            now: minute.then(|| chrono::Utc::now().with_timezone(&config.timezone)),
        }
    }

    pub(crate) fn info(&self) -> Arc<Info> {
        self.info.read().expect("info lock").clone()
    }

    /// Replaces what the desk shows of the last good build.
    pub(crate) fn set_info(&self, info: Arc<Info>) {
        *self.info.write().unwrap_or_else(|e| e.into_inner()) = info;
    }

    /// The kind named `key` in a request path.
    fn spec(key: &str) -> Option<&'static KindSpec> {
        KindSpec::by_key(key)
    }
}

/// The desk's routes, guarded.
pub(crate) fn router(desk: Arc<Desk>) -> Router {
    use axum::extract::DefaultBodyLimit;
    use tower_http::limit::RequestBodyLimitLayer;
    const API: &str = "/__congkhai/api";
    let api = Router::new()
        .route(&format!("{API}/kinds"), get(api::kinds))
        .route(
            &format!("{API}/items/{{kind}}"),
            get(api::list).post(api::create),
        )
        .route(
            &format!("{API}/items/{{kind}}/{{*id}}"),
            get(api::read).put(api::update).delete(api::delete),
        )
        .route(&format!("{API}/preview"), post(api::preview))
        .layer(RequestBodyLimitLayer::new(api::MAX_JSON));
    let uploads = Router::new()
        .route(&format!("{API}/files/{{kind}}"), post(api::upload))
        .layer(DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(api::MAX_UPLOAD + 64 * 1024));
    let pages = Router::new()
        .route(DESK, get(pages::home))
        .route(&format!("{DESK}desk.css"), get(pages::css))
        .route(&format!("{DESK}desk.js"), get(pages::js))
        .route(&format!("{DESK}{{kind}}/"), get(pages::list))
        .route(&format!("{DESK}{{kind}}/new"), get(pages::new_item))
        .route(&format!("{DESK}{{kind}}/{{*id}}"), get(pages::edit_item))
        .route(&format!("{DESK}huong-dan"), get(pages::guide))
        .route(&format!("{DESK}thung-rac/{{kind}}"), get(versions::trash))
        .route(
            &format!("{DESK}lich-su/{{kind}}/{{*id}}"),
            get(versions::history),
        )
        .route(
            DESK.trim_end_matches('/'),
            get(|| async { axum::response::Redirect::permanent(DESK) }),
        );
    api.merge(uploads)
        .merge(pages)
        .layer(axum::middleware::from_fn_with_state(desk.clone(), guard))
        .with_state(desk)
}

/// Refuses requests without a session (401), for another host name (DNS
/// rebinding), and writes without the token or from another origin (403).
async fn guard(State(desk): State<Arc<Desk>>, mut req: Request, next: Next) -> Response {
    if let Err(why) = allowed(&desk, req.method(), req.headers()) {
        // The reason is for whoever runs the server; staff read what to do.
        eprintln!("refused {} {}: {why}", req.method(), req.uri().path());
        let staff = congkhai_core::messages::refused();
        let body = serde_json::json!({
            "problems": [api::problem(&staff, None, None)],
            "error": staff.message, "hint": staff.hint,
        });
        // The request's body is not read: the connection is not reused
        // (a client would find it closed under its next request).
        return (
            StatusCode::FORBIDDEN,
            [(header::CONNECTION, "close")],
            axum::Json(body),
        )
            .into_response();
    }
    let public = [format!("{DESK}desk.css"), format!("{DESK}desk.js")];
    if !desk.logged_in(req.headers()) && !public.iter().any(|p| p == req.uri().path()) {
        return pages::not_logged_in(req.uri().path().starts_with("/__congkhai/api/"));
    }
    req.extensions_mut().insert(Viewer {
        token: desk.token.clone(),
        name: String::new(),
        workflow: false,
        approver: false,
        admin: false,
    });
    next.run(req).await
}

/// Logs a browser in: a GET of any address of the server with `?key=` and
/// the start-up secret sets the session cookie and redirects to the same
/// address without it (the secret leaves the address bar and history).
pub(crate) async fn log_in(State(desk): State<Arc<Desk>>, req: Request, next: Next) -> Response {
    if req.method() == Method::GET {
        if let Some(id) = desk.log_in(req.uri().query()) {
            let cookie = format!("{COOKIE}={id}; Path=/; HttpOnly; SameSite=Strict");
            let to = req.uri().path().to_string();
            return (
                StatusCode::SEE_OTHER,
                [(header::SET_COOKIE, cookie), (header::LOCATION, to)],
            )
                .into_response();
        }
    }
    next.run(req).await
}

/// The value of the desk's session cookie in `Cookie`, if any.
fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
}

fn allowed(desk: &Desk, method: &Method, headers: &HeaderMap) -> Result<(), &'static str> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST).ok_or("missing Host")?;
    if !desk.hosts.allows(host) {
        return Err("the desk answers only to its own address");
    }
    if let Some(origin) = text(header::ORIGIN) {
        if !desk.hosts.is_origin(origin) {
            return Err("requests from other sites are refused");
        }
    }
    let write = !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS);
    if write {
        if text(header::HeaderName::from_static("sec-fetch-site"))
            .is_some_and(|s| s == "cross-site")
        {
            return Err("requests from other sites are refused");
        }
        let token = headers.get(TOKEN_HEADER).map(|v| v.as_bytes());
        if !token.is_some_and(|t| same(t, desk.token.as_bytes())) {
            return Err("missing or wrong X-Congkhai-Token");
        }
    }
    Ok(())
}

/// Compares in time independent of where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
