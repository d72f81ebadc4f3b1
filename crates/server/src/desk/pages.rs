//! The desk's HTML pages: the overview (the month's status and what needs
//! attention), each kind's list (search, filters, pages), and the form
//! built from the kind's description ([`super::model`]), rendered by the
//! Tera templates of `templates/desk/` embedded in the binary. Pages work
//! without script for reading and filtering; `desk.js` adds saving,
//! repeatable rows, uploads and the Markdown preview.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::sync::{Arc, OnceLock};

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Extension;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tera::{Context, Tera};

use super::api::{MAX_UPLOAD, UPLOAD_EXTENSIONS};
use super::model::{FieldView, Sources};
use super::status::{summaries, Summary, STATUSES};
use super::{Desk, Info, Viewer, DESK};
use congkhai_core::config::Config;
use congkhai_core::content::compose::fields_of;
use congkhai_core::content::kinds::{FieldType, KindSpec};
use congkhai_core::content::Source;
use congkhai_core::messages;

/// The desk's templates, embedded in the binary.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "layout.html",
        include_str!("../../templates/desk/layout.html"),
    ),
    (
        "components.html",
        include_str!("../../templates/desk/components.html"),
    ),
    ("home.html", include_str!("../../templates/desk/home.html")),
    ("list.html", include_str!("../../templates/desk/list.html")),
    ("form.html", include_str!("../../templates/desk/form.html")),
    (
        "versions.html",
        include_str!("../../templates/desk/versions.html"),
    ),
    (
        "guide.html",
        include_str!("../../templates/desk/guide.html"),
    ),
    (
        "not_found.html",
        include_str!("../../templates/desk/not_found.html"),
    ),
    (
        "not_logged_in.html",
        include_str!("../../templates/desk/not_logged_in.html"),
    ),
    (
        "login.html",
        include_str!("../../templates/desk/login.html"),
    ),
    (
        "audit.html",
        include_str!("../../templates/desk/audit.html"),
    ),
];

fn tera() -> &'static Tera {
    static TERA: OnceLock<Tera> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html"]);
        tera.add_raw_templates(TEMPLATES.iter().copied())
            .expect("the desk's templates are valid (tested)");
        tera
    })
}

/// Renders a desk template with `status`; a template error is a bug,
/// shown as a 500 that says so in Vietnamese.
pub(crate) fn render(status: StatusCode, name: &str, context: &Context) -> Response {
    match tera().render(name, context) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            eprintln!("error: desk template {name}: {e:?}");
            let html = "<!doctype html><html lang=\"vi\"><title>Lỗi</title><p>Bàn soạn thảo gặp lỗi khi hiển thị trang này. Hãy báo cán bộ phụ trách kỹ thuật.</p></html>";
            (StatusCode::INTERNAL_SERVER_ERROR, Html(html)).into_response()
        }
    }
}

/// One kind in the desk's menu and overview.
#[derive(Serialize)]
struct KindLink {
    key: &'static str,
    label: &'static str,
    noun: &'static str,
    count: usize,
}

fn kind_links(counts: &[usize]) -> Vec<KindLink> {
    KindSpec::all()
        .enumerate()
        .map(|(i, spec)| KindLink {
            key: spec.key(),
            label: spec.label,
            noun: spec.noun,
            count: counts.get(i).copied().unwrap_or(0),
        })
        .collect()
}

const CSS: &str = include_str!("desk.css");
const JS: &str = include_str!("desk.js");
/// Items per list page.
const PER_PAGE: usize = 50;

pub(crate) async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

pub(crate) async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        JS,
    )
        .into_response()
}

/// The context every desk page's layout needs; `current` is the kind
/// whose pages these are ("" for the overview).
pub(crate) fn layout(viewer: &Viewer, info: &Info, title: &str, current: &str) -> Context {
    let mut c = Context::new();
    c.insert("desk", DESK);
    c.insert("token", &viewer.token);
    c.insert("viewer", viewer);
    c.insert("title", title);
    c.insert("site_title", info.title());
    c.insert("current", current);
    c.insert("nav", &kind_links(&[]));
    c
}

pub(crate) fn page(name: &str, context: &Context) -> Response {
    render(StatusCode::OK, name, context)
}

/// What a browser without the desk's session gets: 401, with what to do.
pub(super) fn not_logged_in(api: bool) -> Response {
    const WHY: &str = "Bạn chưa đăng nhập bàn soạn thảo.";
    const HOW: &str = "Mở đường dẫn có mã bí mật (…/__congkhai/desk/?key=…) mà congkhai in ra trong cửa sổ dòng lệnh khi khởi động. Mã đổi mỗi lần khởi động lại.";
    if api {
        let body = serde_json::json!({ "error": WHY, "hint": HOW });
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    let mut c = Context::new();
    c.insert("desk", DESK);
    c.insert("token", "");
    c.insert("title", "Chưa đăng nhập");
    c.insert("site_title", "");
    c.insert("why", WHY);
    c.insert("how", HOW);
    render(StatusCode::UNAUTHORIZED, "not_logged_in.html", &c)
}

pub(crate) fn not_found(viewer: &Viewer, info: &Info, what: &str) -> Response {
    let mut c = layout(viewer, info, "Không tìm thấy", "-");
    c.insert("what", what);
    render(StatusCode::NOT_FOUND, "not_found.html", &c)
}

/// `/__congkhai/desk/`: the month's status, what needs attention, the kinds.
pub(crate) async fn home(
    State(desk): State<Arc<Desk>>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    let info = desk.info();
    let desk2 = desk.clone();
    let counts = tokio::task::spawn_blocking(move || {
        KindSpec::all()
            .map(|spec| desk2.store.list(spec).len())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    #[derive(Serialize)]
    struct Group<'a> {
        heading: &'a str,
        items: &'a [super::Attention],
    }
    let attention = [
        Group {
            heading: "Phản ánh, kiến nghị sắp đến hạn hoặc quá hạn",
            items: &info.feedback_due,
        },
        Group {
            heading: "Nhiệm vụ kế hoạch quá hạn hoặc chưa cập nhật kết quả",
            items: &info.overdue_tasks,
        },
    ];
    let mut c = layout(&viewer, &info, "Bàn soạn thảo", "");
    // Before a good build there is nothing to count: say why, and list
    // no "nothing needs attention".
    let built = info.today().is_some();
    c.insert(
        "status",
        if built {
            info.status.as_str()
        } else {
            desk.no_figures_yet()
        },
    );
    // In the publishing server: what waits for approval, and the last
    // publication.
    #[derive(Serialize)]
    struct Waiting {
        edit: String,
        text: String,
    }
    let revisions = desk.revisions.get();
    let waiting: Vec<Waiting> = revisions
        .map(|r| r.queue())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|(key, id, author)| {
            let spec = KindSpec::by_key(&key)?;
            Some(Waiting {
                edit: format!("{DESK}{key}/{id}"),
                text: format!("{}: {id} (người viết: {author})", spec.label),
            })
        })
        .collect();
    c.insert("waiting", &waiting);
    c.insert("published", &revisions.and_then(|r| r.last_publication()));
    c.insert("attention", if built { &attention[..] } else { &[] });
    c.insert("kinds", &kind_links(&counts));
    page("home.html", &c)
}

#[derive(Debug, Deserialize, Default)]
pub(crate) struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    year: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    page: Option<usize>,
    #[serde(default)]
    deleted: Option<String>,
}

/// `/__congkhai/desk/{kind}/`: the kind's items, newest first, with search
/// by title, filters by year, group and status, and pages of 50.
pub(crate) async fn list(
    State(desk): State<Arc<Desk>>,
    Extension(viewer): Extension<Viewer>,
    UrlPath(key): UrlPath<String>,
    Query(q): Query<ListQuery>,
) -> Response {
    let info = desk.info();
    let Some(spec) = KindSpec::by_key(&key) else {
        return not_found(&viewer, &info, "Không có loại nội dung này.");
    };
    let desk2 = desk.clone();
    let all = tokio::task::spawn_blocking(move || summaries(&desk2, spec))
        .await
        .unwrap_or_default();
    let folded = congkhai_core::slug::fold(q.q.trim());
    let shown: Vec<&Summary> = all
        .iter()
        .filter(|s| folded.is_empty() || congkhai_core::slug::fold(&s.title).contains(&folded))
        .filter(|s| q.year.is_empty() || s.year == q.year)
        .filter(|s| q.group.is_empty() || s.group == q.group)
        .filter(|s| q.status.is_empty() || s.status == q.status)
        .collect();
    let pages = shown.len().div_ceil(PER_PAGE).max(1);
    let page_no = q.page.unwrap_or(1).clamp(1, pages);
    let on_page = &shown[(page_no - 1) * PER_PAGE..(page_no * PER_PAGE).min(shown.len())];
    let mut c = layout(&viewer, &info, spec.label, spec.key());
    c.insert("label", spec.label);
    c.insert("key", spec.key());
    c.insert("noun", spec.noun);
    c.insert("deleted", &q.deleted);
    c.insert("q", &q.q);
    c.insert("selects", &selects(spec, &all, &q));
    c.insert("count", &shown.len());
    c.insert("page", &page_no);
    c.insert("pages", &pages);
    c.insert(
        "previous",
        &(page_no > 1).then(|| page_link(spec, &q, page_no - 1)),
    );
    c.insert(
        "next",
        &(page_no < pages).then(|| page_link(spec, &q, page_no + 1)),
    );
    c.insert(
        "title_label",
        spec.field(spec.title).map_or("Tên", |f| f.label),
    );
    let group = spec.group.and_then(|g| spec.field(g));
    c.insert("group_label", group.map_or("", |f| f.label));
    c.insert("rows", &rows(spec, &info, on_page));
    page("list.html", &c)
}

/// A filter of the list: a choice among the values its items have, each
/// with the label staff read.
#[derive(Serialize)]
struct Select<'a> {
    name: &'static str,
    label: &'static str,
    values: Vec<Choice>,
    chosen: &'a str,
}

#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
}

fn selects<'a>(spec: &KindSpec, all: &[Summary], q: &'a ListQuery) -> Vec<Select<'a>> {
    let mut selects = Vec::new();
    if spec.date.is_some() {
        let years: BTreeSet<&str> = all
            .iter()
            .filter(|s| !s.year.is_empty())
            .map(|s| s.year.as_str())
            .collect();
        selects.push(Select {
            name: "year",
            label: "Năm",
            values: years
                .into_iter()
                .rev()
                .map(|y| Choice {
                    value: y.into(),
                    label: y.into(),
                })
                .collect(),
            chosen: &q.year,
        });
    }
    if let Some(group) = spec.group {
        let values: std::collections::BTreeMap<&str, &str> = all
            .iter()
            .filter(|s| !s.group.is_empty())
            .map(|s| (s.group.as_str(), s.group_label.as_str()))
            .collect();
        let mut values: Vec<Choice> = values
            .into_iter()
            .map(|(v, l)| Choice {
                value: v.into(),
                label: l.into(),
            })
            .collect();
        values.sort_by(|a, b| a.label.cmp(&b.label));
        selects.push(Select {
            name: "group",
            label: spec.field(group).map_or(group, |f| f.label),
            values,
            chosen: &q.group,
        });
    }
    let present: BTreeSet<&str> = all.iter().map(|s| s.status).collect();
    selects.push(Select {
        name: "status",
        label: "Trạng thái",
        values: STATUSES
            .iter()
            .filter(|(v, _)| present.contains(v))
            .map(|(v, l)| Choice {
                value: (*v).into(),
                label: (*l).into(),
            })
            .collect(),
        chosen: &q.status,
    });
    selects
}

/// One row of the list's table.
#[derive(Serialize)]
struct Row<'a> {
    edit: String,
    title: &'a str,
    date: &'a str,
    group: &'a str,
    status: &'a str,
    /// The status's code, for the style.
    state: &'a str,
    /// The public page, once the item is on the site.
    view: Option<String>,
}

fn rows<'a>(spec: &KindSpec, info: &Info, items: &[&'a Summary]) -> Vec<Row<'a>> {
    items
        .iter()
        .map(|s| {
            let edit = format!("{DESK}{}/{}", spec.key(), s.id);
            Row {
                view: info.view_of(&edit),
                edit,
                title: if s.title.is_empty() { &s.id } else { &s.title },
                date: &s.date_shown,
                group: &s.group_label,
                status: &s.status_label,
                state: s.status,
            }
        })
        .collect()
}

/// The address of page `p` of the list, with the same filters.
fn page_link(spec: &KindSpec, q: &ListQuery, p: usize) -> String {
    let mut url = format!("{DESK}{}/?page={p}", spec.key());
    for (k, v) in [
        ("q", &q.q),
        ("year", &q.year),
        ("group", &q.group),
        ("status", &q.status),
    ] {
        if !v.is_empty() {
            let _ = write!(url, "&{k}={}", percent(v));
        }
    }
    url
}

pub(crate) fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `/__congkhai/desk/huong-dan`: how to write the body, for staff.
pub(crate) async fn guide(
    State(desk): State<Arc<Desk>>,
    Extension(viewer): Extension<Viewer>,
) -> Response {
    let info = desk.info();
    let c = layout(&viewer, &info, "Hướng dẫn soạn thảo", "huong-dan");
    page("guide.html", &c)
}

/// A problem in one paragraph.
fn said(staff: &messages::Staff) -> String {
    format!("{} {}", staff.message, staff.hint)
}

/// `/__congkhai/desk/{kind}/new`.
pub(crate) async fn new_item(
    State(desk): State<Arc<Desk>>,
    Extension(viewer): Extension<Viewer>,
    UrlPath(key): UrlPath<String>,
    Query(from): Query<FromQuery>,
) -> Response {
    let info = desk.info();
    let Some(spec) = KindSpec::by_key(&key) else {
        return not_found(&viewer, &info, "Không có loại nội dung này.");
    };
    let config = match Config::from_disk(desk.store.root()) {
        Ok(c) => c,
        Err(p) => {
            eprintln!("error: the desk cannot read the site's settings:\n{p}");
            return not_found(&viewer, &info, &said(&messages::settings_broken()));
        }
    };
    let mut fields = Map::new();
    // A new item starts dated today, issued by the site's agency.
    for field in spec.fields {
        let start = match (field.ty, field.name) {
            (FieldType::Date | FieldType::DateTime | FieldType::PartialDate, _)
                if field.required =>
            {
                info.today().map(|d| Value::String(d.to_string()))
            }
            // In the publishing server approval decides what goes public:
            // a new item is not also held back as a draft.
            // Not a draft by default: the form says what a draft is.
            (FieldType::Bool(_), "draft") => None,
            (_, "issuer" | "agency") if field.required => Some(Value::String(config.title.clone())),
            _ => None,
        };
        if let Some(v) = start {
            fields.insert(field.name.into(), v);
        }
    }
    let mut body = String::new();
    let mut restored = None;
    if let Some(tu) = from.tu.as_deref() {
        match super::versions::restoring(&desk, spec, tu, None) {
            Some((f, b, when)) => (fields, body, restored) = (f, b, Some(when)),
            None => return not_found(&viewer, &info, "Không có mục này trong Thùng rác."),
        }
    }
    let title = format!("Thêm {}", spec.noun);
    let mut c = form(
        &viewer,
        spec,
        &config,
        &info,
        (&title, &title),
        None,
        &fields,
        &body,
    );
    c.insert("restored", &restored);
    page("form.html", &c)
}

/// `/__congkhai/desk/{kind}/{id}`.
pub(crate) async fn edit_item(
    State(desk): State<Arc<Desk>>,
    Extension(viewer): Extension<Viewer>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    Query(from): Query<FromQuery>,
) -> Response {
    let info = desk.info();
    let Some(spec) = KindSpec::by_key(&key) else {
        return not_found(&viewer, &info, "Không có loại nội dung này.");
    };
    let config = match Config::from_disk(desk.store.root()) {
        Ok(c) => c,
        Err(p) => {
            eprintln!("error: the desk cannot read the site's settings:\n{p}");
            return not_found(&viewer, &info, &said(&messages::settings_broken()));
        }
    };
    let file = desk.store.find(spec, &id);
    // In the publishing server an open revision is what the form edits.
    let revision = desk.revisions.get().and_then(|r| r.open(spec.key(), &id));
    let (rel, bytes) = match (&revision, &file) {
        (Some(rev), _) => (
            std::path::PathBuf::from(&rev.file),
            rev.text.clone().into_bytes(),
        ),
        (None, Some(file)) => match desk.store.read(&file.rel) {
            Ok(b) => (file.rel.clone(), b),
            Err(e) => {
                eprintln!("error: the desk cannot read {}: {e}", file.rel.display());
                return not_found(&viewer, &info, &said(&messages::unreadable()));
            }
        },
        (None, None) => {
            return not_found(
                &viewer,
                &info,
                "Không có mục này; có thể tệp đã bị xóa hoặc đổi tên.",
            )
        }
    };
    let version = file
        .as_ref()
        .and_then(|f| desk.store.read(&f.rel).ok())
        .map_or(String::new(), |b| super::version(&b));
    // Opened from the history, the form holds that version (read once).
    let restored = from
        .tu
        .as_deref()
        .and_then(|tu| super::versions::restoring(&desk, spec, tu, Some(&id)));
    let (parsed, when) = match restored {
        Some((f, b, when)) => (Ok((f, b)), Some(when)),
        None => (
            Source::split(&rel, &bytes)
                .map_err(|d| d.message)
                .and_then(|src| fields_of(spec, &src)),
            None,
        ),
    };
    let (fields, body) = match parsed {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {} cannot be read as fields: {e}", rel.display());
            return not_found(&viewer, &info, &said(&messages::broken_header(None)));
        }
    };
    let title = fields
        .get(spec.title)
        .and_then(Value::as_str)
        .unwrap_or(&id)
        .to_string();
    let standing = super::status::standing_of(&config, spec, &rel, &bytes);
    let (status, status_label) = super::status::status(
        standing,
        desk.clock(&config),
        revision.as_ref().map(|r| r.state.as_str()),
    );
    let edit = Edit {
        id: &id,
        status: (status, status_label),
        version: &version,
        view: info.view_of(&format!("{DESK}{}/{id}", spec.key())),
        revision: revision.as_ref(),
    };
    let heading = format!("Sửa {}", spec.noun);
    let title = format!("{heading}: {title}");
    let mut c = form(
        &viewer,
        spec,
        &config,
        &info,
        (&title, &heading),
        Some(&edit),
        &fields,
        &body,
    );
    c.insert("restored", &when);
    c.insert("history", &format!("{DESK}lich-su/{}/{id}", spec.key()));
    page("form.html", &c)
}

/// `?tu=`: the kept copy a form is opened from, to restore it.
#[derive(Debug, Deserialize, Default)]
pub(crate) struct FromQuery {
    #[serde(default)]
    tu: Option<String>,
}

/// What the form of an existing item knows about its file.
struct Edit<'a> {
    id: &'a str,
    /// Its status code and label.
    status: (&'static str, String),
    version: &'a str,
    view: Option<String>,
    /// The open revision shown, in the publishing server.
    revision: Option<&'a super::OpenRevision>,
}

/// The upload limits every file control states.
#[derive(Serialize)]
struct Upload {
    accept: String,
    megabytes: usize,
}

/// The form of `spec` holding `fields` and `body`; `titles` are the
/// page's title and its heading.
#[allow(clippy::too_many_arguments)]
fn form(
    viewer: &Viewer,
    spec: &KindSpec,
    config: &Config,
    info: &Info,
    (title, heading): (&str, &str),
    edit: Option<&Edit<'_>>,
    fields: &Map<String, Value>,
    body: &str,
) -> Context {
    let src = Sources { config, info };
    let views: Vec<FieldView> = spec
        .fields
        .iter()
        .map(|f| FieldView::new(f, fields.get(f.name), "f", &src))
        .collect();
    let mut c = layout(viewer, info, title, spec.key());
    c.insert("heading", heading);
    c.insert("key", spec.key());
    c.insert("title_field", spec.title);
    if let Some(e) = edit {
        c.insert("status", e.status.0);
        c.insert("status_label", &e.status.1);
        c.insert("next", &super::status::next_step(e.status.0));
    }
    c.insert("view", &edit.and_then(|e| e.view.as_deref()));
    c.insert("id", edit.map_or("", |e| e.id));
    c.insert("version", edit.map_or("", |e| e.version));
    let revision = edit.and_then(|e| e.revision);
    c.insert(
        "state",
        revision.map_or(if edit.is_some() { "approved" } else { "new" }, |r| {
            r.state.as_str()
        }),
    );
    c.insert("comment", &revision.and_then(|r| r.comment.as_deref()));
    c.insert("max_upload", &MAX_UPLOAD);
    c.insert("fields", &views);
    c.insert("body_label", &spec.body);
    c.insert("body", body);
    let accept: Vec<String> = UPLOAD_EXTENSIONS.iter().map(|e| format!(".{e}")).collect();
    c.insert(
        "upload",
        &Upload {
            accept: accept.join(","),
            megabytes: MAX_UPLOAD / 1024 / 1024,
        },
    );
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file of `templates/desk/` is embedded, and they all compile.
    #[test]
    fn every_desk_template_is_embedded_and_compiles() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/desk");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = TEMPLATES.iter().map(|(n, _)| n.to_string()).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
        let _ = tera();
    }
}
