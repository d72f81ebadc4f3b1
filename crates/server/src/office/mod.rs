//! `congkhai desk`: the department's publishing server. Staff log in from
//! their own PCs (behind nginx with TLS); writers save drafts and submit
//! them; an approver (Ban biên tập) approves, which writes the file into
//! `content/`, commits it when the site is a Git work tree, and publishes
//! the public site into the web server's folder.
//!
//! `content/` holds only approved text: drafts and revisions waiting for
//! approval live in the SQLite file ([`db`]), with the accounts, sessions
//! and the audit log. Every route checks Host; every response carries the
//! CSP; every write needs the session's CSRF token and no foreign Origin;
//! roles are checked here, on the server.

mod accounts;
mod api;
mod db;
mod pages;
mod publisher;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue};
use tower_http::set_header::SetResponseHeaderLayer;

pub use accounts::{user_command, UserCommand};
use db::Db;
use publisher::Publisher;

/// How `congkhai desk` runs.
#[derive(Debug, Clone)]
pub struct OfficeOptions {
    /// The site folder.
    pub root: PathBuf,
    /// The web server's document root, kept as the public site.
    pub publish: PathBuf,
    /// The address to listen on (loopback behind nginx by default).
    pub bind: IpAddr,
    /// The port to listen on.
    pub port: u16,
    /// The SQLite file; `ROOT/.congkhai/desk.sqlite` by default.
    pub data: Option<PathBuf>,
    /// The address staff open (`https://desk.example.gov.vn`): its host is
    /// accepted, and cookies are `Secure` when it is https.
    pub public_url: Option<String>,
    /// Seconds of inactivity that end a session.
    pub idle: u64,
    /// The day to build for, instead of today (tests).
    pub today: Option<chrono::NaiveDate>,
}

/// Writes a consistent copy of the database `data` to `to` (SQLite's
/// backup API: safe while the server runs).
pub fn backup(data: &std::path::Path, to: &std::path::Path) -> Result<(), String> {
    Db::open(data)?
        .backup(to)
        .map_err(|e| format!("{}: {e}", to.display()))
}

/// The default SQLite file of a site.
pub fn default_data(root: &std::path::Path) -> PathBuf {
    root.join(".congkhai").join("desk.sqlite")
}

/// The server's state, shared by every request.
pub(crate) struct Office {
    db: Arc<Db>,
    /// The desk of `serve`, for its file store and its checks.
    desk: Arc<crate::desk::Desk>,
    publisher: Arc<Publisher>,
    hosts: Arc<crate::http::Hosts>,
    secure: bool,
    /// `desk: {self_approval: true}` in site.yaml lets an approver approve
    /// their own revision.
    self_approval: bool,
    idle: i64,
    absolute: i64,
    git: bool,
}

/// Sessions end after 12 hours whatever the activity.
const ABSOLUTE: i64 = 12 * 3600;

/// Runs the publishing server until it is stopped.
pub fn run(opts: &OfficeOptions) -> Result<(), String> {
    let root =
        std::fs::canonicalize(&opts.root).map_err(|e| format!("{}: {e}", opts.root.display()))?;
    let config = congkhai_core::config::Config::from_disk(&root).map_err(|e| e.to_string())?;
    let data = opts.data.clone().unwrap_or_else(|| default_data(&root));
    let db = Db::open(&data)?;
    if db.users().map_err(|e| e.to_string())?.is_empty() {
        eprintln!(
            "warning: no user yet: add the first admin with `congkhai desk user add LOGIN --name \"Họ tên\" --role admin --root {}`",
            opts.root.display()
        );
    }
    let publisher = Arc::new(Publisher::new(&root, &opts.publish, opts.today));
    let listener = TcpListener::bind(SocketAddr::new(opts.bind, opts.port))
        .map_err(|e| format!("cannot listen on {}:{}: {e}", opts.bind, opts.port))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let mut hosts = crate::http::Hosts::new(addr);
    if let Some(url) = &opts.public_url {
        hosts = hosts.with_public(url);
    }
    let git = std::process::Command::new("git")
        .arg("-C")
        .arg(&root)
        .args(["rev-parse", "--is-inside-work-tree"])
        .output()
        .is_ok_and(|o| o.status.success());
    let db = Arc::new(db);
    let desk = Arc::new(crate::desk::Desk::new(&root, addr, false)?);
    // On the clock, posts go public at their minute (see the publisher).
    desk.by_minute
        .store(opts.today.is_none(), std::sync::atomic::Ordering::Relaxed);
    let _ = desk
        .revisions
        .set(Arc::new(pages::DbRevisions(db.clone(), publisher.clone())));
    desk.sweep_uploads();
    refresh_info(&desk, &root, opts.today);
    {
        // From now on the desk's overview is the public site's, as each
        // publication leaves it.
        let desk = desk.clone();
        publisher.on_published(move |info| {
            desk.set_info(info);
        });
    }
    desk.warm_lists();
    let office = Arc::new(Office {
        db,
        desk,
        publisher,
        hosts: Arc::new(hosts),
        secure: opts
            .public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://")),
        self_approval: config.desk.self_approval,
        idle: opts.idle as i64,
        absolute: ABSOLUTE,
        git,
    });
    println!(
        "publishing desk of {} at http://{addr}/__congkhai/api/ (Ctrl+C to stop)",
        root.display()
    );
    // Staff log in while the public site is published (a large site takes
    // seconds); approvals wait for it, and the public folder stays the last
    // good one until it is done.
    let start = office.publisher.clone();
    let publish = opts.publish.clone();
    std::thread::spawn(move || {
        match start.publish_unless_current("khởi động") {
            Ok(p) => println!(
                "published {} into {} in {} ms",
                p.summary,
                publish.display(),
                p.millis
            ),
            Err(e) => {
                eprintln!("error: the public site was not published (left as it was):\n{e}");
                println!("not published at start: the public folder is left as it was");
            }
        }
        start.remember_public_site();
        start.on_new_day(Duration::from_secs(30));
    });
    crate::http::run(listener, router(office));
    Ok(())
}

/// Gives the desk's pages what the approved site knows (the month's
/// status, what needs attention, which item each page shows), until the
/// first publication tells it.
pub(crate) fn refresh_info(
    desk: &crate::desk::Desk,
    root: &std::path::Path,
    today: Option<chrono::NaiveDate>,
) {
    match congkhai_core::build::load_site(root, today, false) {
        Ok(site) => {
            let tracker = congkhai_core::site::tracker::Tracker::compute(&site);
            let info = crate::desk::Info::new(Arc::new(site), &tracker);
            desk.set_info(Arc::new(info));
        }
        Err(e) => eprintln!("warning: the desk's overview is not up to date:\n{e}"),
    }
}

/// Every route, guarded: Host first, then the session inside the API.
fn router(office: Arc<Office>) -> axum::Router {
    let hosts = office.hosts.clone();
    let mut app = api::routes(office.clone())
        .merge(pages::routes(office))
        .layer(axum::middleware::from_fn_with_state(
            hosts,
            crate::http::check_host,
        ));
    let headers = [
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::CONTENT_SECURITY_POLICY, crate::http::CSP),
        (header::X_FRAME_OPTIONS, "DENY"),
        // Not no-referrer: with it, Chromium sends `Origin: null` on a
        // form's POST and the Origin check could not tell the login form
        // from another site's. same-origin still tells no other site.
        (header::REFERRER_POLICY, "same-origin"),
    ];
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app
}
