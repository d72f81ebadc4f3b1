//! The desk's HTML pages: the overview (the month's status and what needs
//! attention), each kind's list (search, filters, pages), and the form
//! built from the kind's description. Pages work without script for
//! reading and filtering; `desk.js` adds saving, repeatable rows, uploads
//! and the Markdown preview.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::sync::Arc;

use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Map, Value};

use super::api::{choices, summaries, Summary, MAX_UPLOAD, UPLOAD_EXTENSIONS};
use super::{Desk, Info, DESK};
use congkhai_core::config::Config;
use congkhai_core::content::compose::fields_of;
use congkhai_core::content::kinds::{Field, FieldType, KindSpec};
use congkhai_core::content::{Kind, Source};
use congkhai_core::escape::xml as esc;

const CSS: &str = include_str!("desk.css");
const JS: &str = include_str!("desk.js");
/// Items per list page.
const PER_PAGE: usize = 50;

pub async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

pub async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        JS,
    )
        .into_response()
}

/// The page around every desk page.
fn layout(
    desk: &Desk,
    info: &Info,
    title: &str,
    current: Option<Kind>,
    main: &str,
) -> Html<String> {
    let mut nav = String::new();
    let here = |yes: bool| if yes { " aria-current=\"page\"" } else { "" };
    let _ = write!(
        nav,
        "<li><a href=\"{DESK}\"{}>Tổng quan</a></li>",
        here(current.is_none() && title == "Bàn soạn thảo")
    );
    for kind in Kind::ALL {
        let spec = KindSpec::of(kind);
        let _ = write!(
            nav,
            "<li><a href=\"{DESK}{}/\"{}>{}</a></li>",
            spec.key(),
            here(current == Some(kind)),
            esc(spec.label)
        );
    }
    Html(format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<meta name=\"congkhai-token\" content=\"{token}\">\
<title>{title} · Bàn soạn thảo · {site}</title>\
<link rel=\"stylesheet\" href=\"{DESK}desk.css\">\
<script src=\"{DESK}desk.js\" defer></script></head>\
<body><a class=\"skip\" href=\"#main\">Bỏ qua, đến nội dung chính</a>\
<header class=\"top\"><p class=\"brand\"><a href=\"{DESK}\">Bàn soạn thảo</a> <span>{site}</span></p>\
<p class=\"view\"><a href=\"/\">Xem trang xem trước</a></p>\
<nav aria-label=\"Loại nội dung\"><ul>{nav}</ul></nav></header>\
<main id=\"main\" tabindex=\"-1\">{main}</main></body></html>",
        token = esc(&desk.token),
        title = esc(title),
        site = esc(info.title()),
    ))
}

/// What a browser without the desk's session gets: 401, with what to do.
pub fn not_logged_in(api: bool) -> Response {
    const WHY: &str = "Bạn chưa đăng nhập bàn soạn thảo.";
    const HOW: &str = "Mở đường dẫn có mã bí mật (…/__congkhai/desk/?key=…) mà congkhai in ra trong cửa sổ dòng lệnh khi khởi động. Mã đổi mỗi lần khởi động lại.";
    if api {
        let body = serde_json::json!({ "error": WHY, "hint": HOW });
        return (StatusCode::UNAUTHORIZED, axum::Json(body)).into_response();
    }
    let page = format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Chưa đăng nhập · Bàn soạn thảo</title>\
<link rel=\"stylesheet\" href=\"{DESK}desk.css\"></head>\
<body><main id=\"main\"><h1>{WHY}</h1><p>{HOW}</p></main></body></html>"
    );
    (StatusCode::UNAUTHORIZED, Html(page)).into_response()
}

fn not_found(desk: &Desk, info: &Info, what: &str) -> Response {
    let main = format!(
        "<h1>Không tìm thấy</h1><p>{}</p><p><a href=\"{DESK}\">Về trang tổng quan</a></p>",
        esc(what)
    );
    (
        StatusCode::NOT_FOUND,
        layout(desk, info, "Không tìm thấy", None, &main),
    )
        .into_response()
}

/// `/__congkhai/desk/`: the month's status, what needs attention, the kinds.
pub async fn home(State(desk): State<Arc<Desk>>) -> Response {
    let info = desk.info();
    let mut main = String::from("<h1>Bàn soạn thảo</h1>");
    let _ = write!(
        main,
        "<p class=\"status\" role=\"status\">{}</p>",
        esc(&info.status)
    );
    attention(
        &mut main,
        "Phản ánh, kiến nghị sắp đến hạn hoặc quá hạn",
        &info.feedback_due,
    );
    attention(
        &mut main,
        "Nhiệm vụ kế hoạch quá hạn hoặc chưa cập nhật kết quả",
        &info.overdue_tasks,
    );
    main.push_str("<h2>Nội dung</h2><ul class=\"kinds\">");
    let desk2 = desk.clone();
    let counts = tokio::task::spawn_blocking(move || {
        Kind::ALL
            .iter()
            .map(|k| desk2.store.list(KindSpec::of(*k)).len())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap_or_default();
    for (kind, count) in Kind::ALL.iter().zip(counts) {
        let spec = KindSpec::of(*kind);
        let _ = write!(
            main,
            "<li><a href=\"{DESK}{key}/\">{label}</a> <span class=\"count\">{count} mục</span> \
<a class=\"button\" href=\"{DESK}{key}/new\">Thêm {noun}</a></li>",
            key = spec.key(),
            label = esc(spec.label),
            noun = esc(spec.noun),
        );
    }
    main.push_str("</ul>");
    layout(&desk, &info, "Bàn soạn thảo", None, &main).into_response()
}

fn attention(main: &mut String, heading: &str, items: &[super::Attention]) {
    let _ = write!(main, "<h2>{}</h2>", esc(heading));
    if items.is_empty() {
        main.push_str("<p>Không có.</p>");
        return;
    }
    main.push_str("<ul class=\"attention\">");
    for item in items {
        let _ = write!(
            main,
            "<li{}><a href=\"{}\">{}</a> <span>{}</span></li>",
            if item.late { " class=\"late\"" } else { "" },
            esc(&item.edit),
            esc(&item.text),
            esc(&item.note)
        );
    }
    main.push_str("</ul>");
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
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
pub async fn list(
    State(desk): State<Arc<Desk>>,
    UrlPath(key): UrlPath<String>,
    Query(q): Query<ListQuery>,
) -> Response {
    let info = desk.info();
    let Some(spec) = KindSpec::by_key(&key) else {
        return not_found(&desk, &info, "Không có loại nội dung này.");
    };
    let desk2 = desk.clone();
    let all = tokio::task::spawn_blocking(move || summaries(&desk2, spec))
        .await
        .unwrap_or_default();
    let folded = congkhai_core::slug::fold(q.q.trim());
    let shown: Vec<&Summary> = all
        .iter()
        .filter(|s| folded.is_empty() || congkhai_core::slug::fold(&s.title).contains(&folded))
        .filter(|s| q.year.is_empty() || s.date.starts_with(&q.year))
        .filter(|s| q.group.is_empty() || s.group == q.group)
        .filter(|s| q.status.is_empty() || s.status == q.status)
        .collect();
    let mut main = format!("<h1>{}</h1>", esc(spec.label));
    if let Some(file) = &q.deleted {
        let _ = write!(
            main,
            "<p class=\"notice\" role=\"status\">Đã xóa {}: tệp được chuyển vào thư mục .congkhai/trash/ và có thể lấy lại.</p>",
            esc(file)
        );
    }
    let _ = write!(
        main,
        "<p><a class=\"button primary\" href=\"{DESK}{}/new\">Thêm {}</a></p>",
        spec.key(),
        esc(spec.noun)
    );
    filters(&mut main, spec, &all, &q);
    let pages = shown.len().div_ceil(PER_PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let _ = write!(
        main,
        "<p role=\"status\">{} mục{}</p>",
        shown.len(),
        if pages > 1 {
            format!(", trang {page}/{pages}")
        } else {
            String::new()
        }
    );
    table(
        &mut main,
        spec,
        &info,
        &shown[(page - 1) * PER_PAGE..(page * PER_PAGE).min(shown.len())],
    );
    pager(&mut main, spec, &q, page, pages);
    layout(&desk, &info, spec.label, Some(spec.kind), &main).into_response()
}

fn filters(main: &mut String, spec: &KindSpec, all: &[Summary], q: &ListQuery) {
    let _ = write!(
        main,
        "<form class=\"filters\" method=\"get\" action=\"{DESK}{}/\" role=\"search\">\
<div><label for=\"q\">Tìm theo tên</label><input id=\"q\" name=\"q\" type=\"search\" value=\"{}\"></div>",
        spec.key(),
        esc(&q.q)
    );
    let select = |main: &mut String, name: &str, label: &str, values: Vec<String>, chosen: &str| {
        let _ = write!(
            main,
            "<div><label for=\"{name}\">{label}</label><select id=\"{name}\" name=\"{name}\"><option value=\"\">Tất cả</option>"
        );
        for v in values {
            let _ = write!(
                main,
                "<option{}>{}</option>",
                if v == chosen { " selected" } else { "" },
                esc(&v)
            );
        }
        main.push_str("</select></div>");
    };
    if spec.date.is_some() {
        let years: BTreeSet<String> = all
            .iter()
            .filter(|s| s.date.len() >= 4)
            .map(|s| s.date[..4].to_string())
            .collect();
        select(
            main,
            "year",
            "Năm",
            years.into_iter().rev().collect(),
            &q.year,
        );
    }
    if let Some(group) = spec.group {
        let label = spec.field(group).map_or(group, |f| f.label);
        let values: BTreeSet<String> = all
            .iter()
            .filter(|s| !s.group.is_empty())
            .map(|s| s.group.clone())
            .collect();
        select(main, "group", label, values.into_iter().collect(), &q.group);
    }
    let statuses: BTreeSet<String> = all.iter().map(|s| s.status.clone()).collect();
    select(
        main,
        "status",
        "Trạng thái",
        statuses.into_iter().collect(),
        &q.status,
    );
    main.push_str("<div><button type=\"submit\">Lọc</button></div></form>");
}

fn table(main: &mut String, spec: &KindSpec, info: &Info, items: &[&Summary]) {
    if items.is_empty() {
        main.push_str("<p>Không có mục nào.</p>");
        return;
    }
    let group = spec
        .group
        .and_then(|g| spec.field(g))
        .map_or("", |f| f.label);
    let _ = write!(
        main,
        "<div class=\"table\"><table><caption class=\"visually-hidden\">Danh sách {}</caption>\
<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">Ngày</th><th scope=\"col\">{}</th><th scope=\"col\">Trạng thái</th><th scope=\"col\">Trang</th></tr></thead><tbody>",
        esc(spec.label),
        esc(spec.field(spec.title).map_or("Tên", |f| f.label)),
        esc(group)
    );
    for s in items {
        let edit = format!("{DESK}{}/{}", spec.key(), s.id);
        let view = info
            .view_of(&edit)
            .map(|url| {
                format!(
                    "<a href=\"{}\">Xem<span class=\"visually-hidden\">: {}</span></a>",
                    esc(&url),
                    esc(&s.title)
                )
            })
            .unwrap_or_else(|| "Chưa đăng".into());
        let _ = write!(
            main,
            "<tr><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&edit),
            esc(if s.title.is_empty() { &s.id } else { &s.title }),
            esc(&s.date),
            esc(&s.group),
            esc(&s.status),
            view
        );
    }
    main.push_str("</tbody></table></div>");
}

fn pager(main: &mut String, spec: &KindSpec, q: &ListQuery, page: usize, pages: usize) {
    if pages < 2 {
        return;
    }
    let link = |p: usize| {
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
    };
    main.push_str("<nav aria-label=\"Phân trang\"><ul class=\"pager\">");
    if page > 1 {
        let _ = write!(
            main,
            "<li><a href=\"{}\">Trang trước</a></li>",
            esc(&link(page - 1))
        );
    }
    let _ = write!(main, "<li aria-current=\"page\">Trang {page}/{pages}</li>");
    if page < pages {
        let _ = write!(
            main,
            "<li><a href=\"{}\">Trang sau</a></li>",
            esc(&link(page + 1))
        );
    }
    main.push_str("</ul></nav>");
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `/__congkhai/desk/{kind}/new`.
pub async fn new_item(State(desk): State<Arc<Desk>>, UrlPath(key): UrlPath<String>) -> Response {
    let info = desk.info();
    let Some(spec) = KindSpec::by_key(&key) else {
        return not_found(&desk, &info, "Không có loại nội dung này.");
    };
    let config = match Config::from_disk(desk.store.root()) {
        Ok(c) => c,
        Err(p) => return not_found(&desk, &info, &format!("site.yaml có lỗi: {p}")),
    };
    let mut fields = Map::new();
    // A new item starts as it would with `congkhai new`: dated today, a
    // draft, issued by the site's agency.
    for field in spec.fields {
        let start = match (field.ty, field.name) {
            (FieldType::Date | FieldType::DateTime | FieldType::PartialDate, _)
                if field.required =>
            {
                info.today().map(|d| Value::String(d.to_string()))
            }
            (FieldType::Bool(_), "draft") => Some(Value::Bool(true)),
            (_, "issuer" | "agency") if field.required => Some(Value::String(config.title.clone())),
            _ => None,
        };
        if let Some(v) = start {
            fields.insert(field.name.into(), v);
        }
    }
    let title = format!("Thêm {}", spec.noun);
    let main = form(spec, &config, &info, &title, None, &fields, "");
    layout(&desk, &info, &title, Some(spec.kind), &main).into_response()
}

/// `/__congkhai/desk/{kind}/{id}`.
pub async fn edit_item(
    State(desk): State<Arc<Desk>>,
    UrlPath((key, id)): UrlPath<(String, String)>,
) -> Response {
    let info = desk.info();
    let Some(spec) = KindSpec::by_key(&key) else {
        return not_found(&desk, &info, "Không có loại nội dung này.");
    };
    let Some(file) = desk.store.find(spec, &id) else {
        return not_found(
            &desk,
            &info,
            "Không có mục này; có thể tệp đã bị xóa hoặc đổi tên.",
        );
    };
    let config = match Config::from_disk(desk.store.root()) {
        Ok(c) => c,
        Err(p) => return not_found(&desk, &info, &format!("site.yaml có lỗi: {p}")),
    };
    let bytes = match desk.store.read(&file.rel) {
        Ok(b) => b,
        Err(e) => {
            return not_found(
                &desk,
                &info,
                &format!("Không đọc được {}: {e}", file.rel.display()),
            )
        }
    };
    let parsed = Source::split(&file.rel, &bytes)
        .map_err(|d| d.message)
        .and_then(|src| fields_of(spec, &src));
    let (fields, body) = match parsed {
        Ok(x) => x,
        Err(e) => {
            return not_found(
                &desk,
                &info,
                &format!(
                    "Tệp {} có lỗi nên chưa sửa được ở đây: {e}. Hãy sửa tệp bằng trình soạn thảo văn bản.",
                    file.rel.display()
                ),
            )
        }
    };
    let title = fields
        .get(spec.title)
        .and_then(Value::as_str)
        .unwrap_or(&id)
        .to_string();
    let edit = Edit {
        id: &file.id,
        file: &file.rel.to_string_lossy(),
        version: &super::version(&bytes),
        view: info.view_of(&format!("{DESK}{}/{}", spec.key(), file.id)),
    };
    let heading = format!("Sửa {}", spec.noun);
    let main = form(spec, &config, &info, &heading, Some(&edit), &fields, &body);
    layout(
        &desk,
        &info,
        &format!("{heading}: {title}"),
        Some(spec.kind),
        &main,
    )
    .into_response()
}

/// What the form of an existing item knows about its file.
struct Edit<'a> {
    id: &'a str,
    file: &'a str,
    version: &'a str,
    view: Option<String>,
}

fn form(
    spec: &KindSpec,
    config: &Config,
    info: &Info,
    heading: &str,
    edit: Option<&Edit<'_>>,
    fields: &Map<String, Value>,
    body: &str,
) -> String {
    let mut out = format!("<h1>{}</h1>", esc(heading));
    if let Some(e) = edit {
        let _ = write!(out, "<p class=\"file\">Tệp: <code>{}</code>", esc(e.file));
        if let Some(url) = &e.view {
            let _ = write!(out, " · <a href=\"{}\">Xem trang</a>", esc(url));
        }
        out.push_str("</p>");
    }
    let _ = write!(
        out,
        "<form id=\"desk-form\" novalidate data-kind=\"{}\" data-id=\"{}\" data-version=\"{}\" data-max-upload=\"{MAX_UPLOAD}\">",
        spec.key(),
        esc(edit.map_or("", |e| e.id)),
        esc(edit.map_or("", |e| e.version)),
    );
    out.push_str(
        "<div id=\"summary\" class=\"summary\" tabindex=\"-1\" hidden></div>\
<p class=\"legend-required\">Các mục có dấu <span class=\"req\" aria-hidden=\"true\">*</span> là bắt buộc.</p>",
    );
    for field in spec.fields {
        field_html(&mut out, field, config, info, fields.get(field.name), "f");
    }
    if let Some(label) = spec.body {
        let _ = write!(
            out,
            "<div class=\"field body\" data-field=\"body\"><label for=\"f-body\">{}</label>\
<p class=\"help\" id=\"f-body-help\">Viết bằng Markdown: dòng trống tách đoạn, <code>## </code> đầu dòng cho tiêu đề mục, <code>- </code> cho danh sách.</p>\
<div class=\"editor\"><textarea id=\"f-body\" name=\"body\" rows=\"14\" aria-describedby=\"f-body-help\">{}</textarea>\
<section class=\"preview\" aria-labelledby=\"preview-heading\"><h2 id=\"preview-heading\">Xem trước nội dung</h2><div id=\"preview\" aria-live=\"polite\"></div></section></div>\
<p class=\"error\" id=\"f-body-error\" hidden></p></div>",
            esc(label),
            esc(body)
        );
    }
    out.push_str("<div class=\"actions\"><button type=\"submit\" class=\"primary\">Lưu</button>");
    if edit.is_some() {
        out.push_str("<button type=\"button\" id=\"delete\" class=\"danger\">Xóa</button>");
    }
    let _ = write!(
        out,
        "<a href=\"{DESK}{}/\">Quay lại danh sách</a></div>\
<p id=\"saved\" class=\"notice\" role=\"status\" hidden></p></form>",
        spec.key()
    );
    out
}

/// One field's control, label, help and error place. `prefix` makes ids
/// unique inside rows (`f-tasks-0-title`).
fn field_html(
    out: &mut String,
    field: &Field,
    config: &Config,
    info: &Info,
    value: Option<&Value>,
    prefix: &str,
) {
    let id = format!("{prefix}-{}", field.name);
    let req = if field.required {
        " <span class=\"req\" aria-hidden=\"true\">*</span><span class=\"visually-hidden\"> (bắt buộc)</span>"
    } else {
        ""
    };
    let help = if field.help.is_empty() && !field.private {
        String::new()
    } else {
        let private = if field.private {
            " <strong>Không công khai.</strong>"
        } else {
            ""
        };
        format!(
            "<p class=\"help\" id=\"{id}-help\">{}{private}</p>",
            esc(field.help)
        )
    };
    let described = if help.is_empty() {
        format!("{id}-error")
    } else {
        format!("{id}-help {id}-error")
    };
    let required = if field.required {
        " required aria-required=\"true\""
    } else {
        ""
    };
    let text = value_text(value);
    let attrs = format!(
        "id=\"{id}\" data-name=\"{}\" aria-describedby=\"{described}\"{required}",
        field.name
    );
    let error = format!("<p class=\"error\" id=\"{id}-error\" hidden></p>");
    let open = |out: &mut String, extra: &str| {
        let _ = write!(
            out,
            "<div class=\"field{extra}\" data-field=\"{}\" data-type=\"{}\">",
            field.name,
            field.ty.name()
        );
    };
    match field.ty {
        FieldType::Bool(default) => {
            let checked = match value {
                Some(Value::Bool(b)) => *b,
                _ => default,
            };
            open(out, " check");
            let _ = write!(
                out,
                "<input type=\"checkbox\" {attrs}{}><label for=\"{id}\">{}{req}</label>{help}{error}</div>",
                if checked { " checked" } else { "" },
                esc(field.label)
            );
        }
        FieldType::List | FieldType::Attachments => {
            open(out, "");
            let _ = write!(
                out,
                "<fieldset><legend id=\"{id}-legend\">{}{req}</legend>{help}<ol class=\"rows\" data-list=\"{}\">",
                esc(field.label),
                field.name
            );
            let items: Vec<String> = match value {
                Some(Value::Array(a)) => a.iter().map(|v| value_text(Some(v))).collect(),
                Some(v) if !value_text(Some(v)).is_empty() => vec![value_text(Some(v))],
                _ => Vec::new(),
            };
            let items = if items.is_empty() && field.required {
                vec![String::new()]
            } else {
                items
            };
            for (i, item) in items.iter().enumerate() {
                list_row(out, field, &id, i, item);
            }
            out.push_str("</ol><template>");
            list_row(out, field, &id, usize::MAX, "");
            let _ = write!(
                out,
                "</template><button type=\"button\" class=\"add\" data-add=\"{}\">Thêm dòng<span class=\"visually-hidden\">: {}</span></button>",
                field.name,
                esc(field.label)
            );
            if matches!(field.ty, FieldType::Attachments) {
                upload_control(out, &id);
            }
            let _ = write!(out, "</fieldset>{error}</div>");
        }
        FieldType::Rows(sub) => {
            open(out, "");
            let _ = write!(
                out,
                "<fieldset><legend>{}{req}</legend>{help}<ol class=\"rows records\" data-rows=\"{}\">",
                esc(field.label),
                field.name
            );
            if let Some(Value::Array(rows)) = value {
                for (i, row) in rows.iter().enumerate() {
                    record_row(
                        out,
                        field,
                        sub,
                        config,
                        info,
                        &id,
                        &i.to_string(),
                        row.as_object(),
                    );
                }
            }
            out.push_str("</ol><template>");
            record_row(out, field, sub, config, info, &id, "N", None);
            let _ = write!(
                out,
                "</template><button type=\"button\" class=\"add\" data-add=\"{}\">Thêm {}</button></fieldset>{error}</div>",
                field.name,
                esc(&field.label.to_lowercase())
            );
        }
        FieldType::Group(sub) => {
            open(out, "");
            let _ = write!(
                out,
                "<fieldset data-group=\"{}\"><legend>{}</legend>{help}",
                field.name,
                esc(field.label)
            );
            let map = value.and_then(Value::as_object);
            for f in sub {
                field_html(out, f, config, info, map.and_then(|m| m.get(f.name)), &id);
            }
            let _ = write!(out, "</fieldset>{error}</div>");
        }
        _ => {
            open(out, "");
            let _ = write!(
                out,
                "<label for=\"{id}\">{}{req}</label>{help}",
                esc(field.label)
            );
            control(out, field, config, info, &attrs, &text);
            if matches!(field.ty, FieldType::Attachment) {
                upload_control(out, &id);
            }
            let _ = write!(out, "{error}</div>");
        }
    }
}

/// The input of a one-value field.
fn control(out: &mut String, field: &Field, config: &Config, info: &Info, attrs: &str, text: &str) {
    let input = |out: &mut String, ty: &str, extra: &str| {
        let _ = write!(
            out,
            "<input type=\"{ty}\" {attrs} value=\"{}\"{extra}>",
            esc(text)
        );
    };
    match field.ty {
        FieldType::Long => {
            let _ = write!(out, "<textarea {attrs} rows=\"3\">{}</textarea>", esc(text));
        }
        FieldType::Date => input(out, "date", ""),
        FieldType::DateTime => input(
            out,
            "text",
            " inputmode=\"numeric\" placeholder=\"YYYY-MM-DD HH:MM\" autocomplete=\"off\"",
        ),
        FieldType::PartialDate => input(
            out,
            "text",
            " inputmode=\"numeric\" placeholder=\"YYYY-MM-DD\" autocomplete=\"off\"",
        ),
        FieldType::Number => input(out, "text", " inputmode=\"decimal\""),
        FieldType::Url => input(out, "url", " placeholder=\"https://\""),
        FieldType::Email => input(out, "email", ""),
        FieldType::Choice(_) | FieldType::Category | FieldType::Procedure => {
            let _ = write!(out, "<select {attrs}>");
            let options = choices(field, config, info);
            let known = options.iter().any(|(v, _)| v == text);
            if !field.required || !known {
                let _ = write!(out, "<option value=\"\">(chưa chọn)</option>");
            }
            if !known && !text.is_empty() {
                let _ = write!(
                    out,
                    "<option value=\"{0}\" selected>{0}</option>",
                    esc(text)
                );
            }
            for (v, l) in options {
                let _ = write!(
                    out,
                    "<option value=\"{}\"{}>{}</option>",
                    esc(&v),
                    if v == text { " selected" } else { "" },
                    esc(&l)
                );
            }
            out.push_str("</select>");
        }
        _ => input(out, "text", ""),
    }
}

fn upload_control(out: &mut String, id: &str) {
    let _ = write!(
        out,
        "<div class=\"upload\"><label for=\"{id}-upload\">Tải tệp lên</label>\
<input type=\"file\" id=\"{id}-upload\" data-upload-for=\"{id}\" accept=\"{}\" aria-describedby=\"{id}-upload-help\">\
<p class=\"help\" id=\"{id}-upload-help\">Tối đa {} MB; PDF, Word, Excel, ảnh hoặc ZIP. Tệp được lưu cạnh tệp nội dung.</p>\
<p class=\"upload-status\" role=\"status\"></p></div>",
        UPLOAD_EXTENSIONS.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(","),
        MAX_UPLOAD / 1024 / 1024
    );
}

fn list_row(out: &mut String, field: &Field, id: &str, i: usize, value: &str) {
    let n = if i == usize::MAX {
        "N".to_string()
    } else {
        i.to_string()
    };
    let shown = if i == usize::MAX {
        String::new()
    } else {
        (i + 1).to_string()
    };
    let _ = write!(
        out,
        "<li class=\"row\"><label class=\"visually-hidden\" for=\"{id}-{n}\">{} {shown}</label>\
<input type=\"text\" id=\"{id}-{n}\" data-item value=\"{}\">\
<button type=\"button\" class=\"remove\">Xóa<span class=\"visually-hidden\"> dòng {shown}</span></button></li>",
        esc(field.label),
        esc(value)
    );
}

#[allow(clippy::too_many_arguments)]
fn record_row(
    out: &mut String,
    field: &Field,
    sub: &[Field],
    config: &Config,
    info: &Info,
    id: &str,
    n: &str,
    values: Option<&Map<String, Value>>,
) {
    let number = n
        .parse::<usize>()
        .map_or(String::new(), |i| (i + 1).to_string());
    let _ = write!(
        out,
        "<li class=\"row record\"><fieldset><legend>{} <span class=\"n\">{number}</span></legend>",
        esc(field.label)
    );
    for f in sub {
        field_html(
            out,
            f,
            config,
            info,
            values.and_then(|m| m.get(f.name)),
            &format!("{id}-{n}"),
        );
    }
    out.push_str("<button type=\"button\" class=\"remove\">Xóa mục này</button></fieldset></li>");
}

/// A value as the text of an input.
fn value_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| value_text(Some(v)))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
    }
}
