//! The desk's history and trash: each item's earlier versions and the
//! deleted items of a kind, listed, compared field by field with the
//! version now in use, and opened in the form to be restored. A restore is
//! an ordinary save of that form, so the version check (and, in the
//! publishing server, approval) applies to it like to any other edit.

use std::sync::Arc;

use axum::extract::{Path as UrlPath, Query, State};
use axum::response::Response;
use axum::Extension;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::model::value_text;
use super::pages::{layout, not_found, page};
use super::store::Kept;
use super::{Desk, Viewer, DESK};
use congkhai_core::content::compose::fields_of;
use congkhai_core::content::kinds::KindSpec;
use congkhai_core::content::Source;

/// Folder names of the kept copies.
pub(crate) const HISTORY: &str = "history";
pub(crate) const TRASH: &str = "trash";

#[derive(Debug, Deserialize, Default)]
pub(crate) struct VersionQuery {
    /// The stamp of the version to compare.
    #[serde(default)]
    ban: Option<String>,
    /// In the trash: the id of the deleted item.
    #[serde(default)]
    muc: Option<String>,
}

/// One kept version in a list.
#[derive(Serialize)]
struct Entry {
    when: String,
    title: String,
    compare: String,
    restore: String,
}

/// One field of a comparison.
#[derive(Serialize)]
struct Row {
    label: &'static str,
    old: String,
    now: String,
    changed: bool,
}

/// The fields and body of a file, or None when it cannot be read as fields.
pub(crate) fn read_fields(
    spec: &KindSpec,
    rel: &std::path::Path,
    bytes: &[u8],
) -> Option<(Map<String, Value>, String)> {
    let src = Source::split(rel, bytes).ok()?;
    fields_of(spec, &src).ok()
}

fn title_of(spec: &KindSpec, fields: &Map<String, Value>, id: &str) -> String {
    match value_text(fields.get(spec.title)) {
        t if t.trim().is_empty() => id.to_string(),
        t => t,
    }
}

/// The field-by-field comparison of a kept version with the current one
/// (empty when the item is gone).
fn compare(
    spec: &KindSpec,
    old: &(Map<String, Value>, String),
    now: Option<&(Map<String, Value>, String)>,
) -> Vec<Row> {
    let empty = (Map::new(), String::new());
    let now = now.unwrap_or(&empty);
    let mut rows: Vec<Row> = spec
        .fields
        .iter()
        .map(|f| {
            let (a, b) = (shown(old.0.get(f.name)), shown(now.0.get(f.name)));
            Row {
                label: f.label,
                changed: a != b,
                old: a,
                now: b,
            }
        })
        .filter(|r| !r.old.is_empty() || !r.now.is_empty())
        .collect();
    if let Some(label) = spec.body {
        rows.push(Row {
            label,
            changed: old.1.trim() != now.1.trim(),
            old: old.1.trim().to_string(),
            now: now.1.trim().to_string(),
        });
    }
    rows
}

/// A value as staff read it in a comparison.
fn shown(v: Option<&Value>) -> String {
    match v {
        Some(Value::Bool(true)) => "Có".into(),
        Some(Value::Bool(false)) => "Không".into(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| shown(Some(i)))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(Value::Object(map)) => map
            .values()
            .map(|v| shown(Some(v)))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · "),
        other => value_text(other),
    }
}

/// `/__congkhai/desk/lich-su/{kind}/{id}`: the item's earlier versions,
/// and with `?ban=`, one of them beside the current one.
pub(crate) async fn history(
    State(desk): State<Arc<Desk>>,
    Extension(viewer): Extension<Viewer>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    Query(q): Query<VersionQuery>,
) -> Response {
    let info = desk.info();
    let Some(spec) = KindSpec::by_key(&key) else {
        return not_found(&viewer, &info, "Không có loại nội dung này.");
    };
    let Some(file) = desk.store.find(spec, &id) else {
        return not_found(
            &viewer,
            &info,
            "Không có mục này; nếu mục đã bị xóa, hãy xem Thùng rác.",
        );
    };
    let current = desk
        .store
        .read(&file.rel)
        .ok()
        .and_then(|b| read_fields(spec, &file.rel, &b));
    let versions: Vec<Kept> = desk
        .store
        .kept(HISTORY, spec)
        .into_iter()
        .filter(|k| k.id == id)
        .collect();
    let edit = format!("{DESK}{}/{id}", spec.key());
    let title = current
        .as_ref()
        .map_or(id.clone(), |c| title_of(spec, &c.0, &id));
    let mut c = layout(&viewer, &info, &format!("Lịch sử: {title}"), spec.key());
    c.insert("heading", &format!("Lịch sử sửa đổi: {title}"));
    c.insert("back", &edit);
    c.insert("back_label", "Quay lại biểu mẫu");
    c.insert(
        "empty",
        "Mục này chưa có bản cũ: bản cũ được giữ mỗi khi mục được lưu lại.",
    );
    let entries: Vec<Entry> = versions
        .iter()
        .map(|k| {
            let fields = desk
                .store
                .read_kept(HISTORY, spec, &k.stamp, &k.id)
                .and_then(|(k, b)| read_fields(spec, &k.rel, &b));
            Entry {
                when: k.when(),
                title: fields.map_or(id.clone(), |f| title_of(spec, &f.0, &id)),
                compare: format!("{DESK}lich-su/{}/{id}?ban={}", spec.key(), k.stamp),
                restore: format!("{edit}?tu=lich-su:{}", k.stamp),
            }
        })
        .collect();
    c.insert("entries", &entries);
    if let Some(stamp) = q.ban.as_deref() {
        let Some((kept, bytes)) = desk.store.read_kept(HISTORY, spec, stamp, &id) else {
            return not_found(&viewer, &info, "Không có bản này trong lịch sử của mục.");
        };
        let Some(old) = read_fields(spec, &kept.rel, &bytes) else {
            return not_found(&viewer, &info, "Bản này bị hỏng nên không so sánh được.");
        };
        c.insert("compared", &kept.when());
        c.insert("rows", &compare(spec, &old, current.as_ref()));
        c.insert("restore", &format!("{edit}?tu=lich-su:{}", kept.stamp));
    }
    page("versions.html", &c)
}

/// `/__congkhai/desk/thung-rac/{kind}`: the kind's deleted items, and with
/// `?ban=&muc=`, one of them.
pub(crate) async fn trash(
    State(desk): State<Arc<Desk>>,
    Extension(viewer): Extension<Viewer>,
    UrlPath(key): UrlPath<String>,
    Query(q): Query<VersionQuery>,
) -> Response {
    let info = desk.info();
    let Some(spec) = KindSpec::by_key(&key) else {
        return not_found(&viewer, &info, "Không có loại nội dung này.");
    };
    let new = format!("{DESK}{}/new", spec.key());
    let mut c = layout(
        &viewer,
        &info,
        &format!("Thùng rác: {}", spec.label),
        spec.key(),
    );
    c.insert("heading", &format!("Thùng rác: {}", spec.label));
    c.insert("back", &format!("{DESK}{}/", spec.key()));
    c.insert("back_label", "Quay lại danh sách");
    c.insert("empty", "Thùng rác trống.");
    let entries: Vec<Entry> = desk
        .store
        .kept(TRASH, spec)
        .iter()
        .map(|k| {
            let fields = desk
                .store
                .read_kept(TRASH, spec, &k.stamp, &k.id)
                .and_then(|(k, b)| read_fields(spec, &k.rel, &b));
            let query = format!("ban={}&muc={}", k.stamp, super::pages::percent(&k.id));
            Entry {
                when: format!("Xóa lúc {}", k.when()),
                title: fields.map_or(k.id.clone(), |f| title_of(spec, &f.0, &k.id)),
                compare: format!("{DESK}thung-rac/{}?{query}", spec.key()),
                restore: format!(
                    "{new}?tu=thung-rac:{}:{}",
                    k.stamp,
                    super::pages::percent(&k.id)
                ),
            }
        })
        .collect();
    c.insert("entries", &entries);
    if let (Some(stamp), Some(id)) = (q.ban.as_deref(), q.muc.as_deref()) {
        let Some((kept, bytes)) = desk.store.read_kept(TRASH, spec, stamp, id) else {
            return not_found(&viewer, &info, "Không có mục này trong Thùng rác.");
        };
        let Some(old) = read_fields(spec, &kept.rel, &bytes) else {
            return not_found(&viewer, &info, "Mục này bị hỏng nên không xem được.");
        };
        let now = desk.store.find(spec, id).and_then(|f| {
            desk.store
                .read(&f.rel)
                .ok()
                .and_then(|b| read_fields(spec, &f.rel, &b))
        });
        c.insert("compared", &format!("{} (đã xóa)", kept.when()));
        c.insert("exists", &now.is_some());
        c.insert("rows", &compare(spec, &old, now.as_ref()));
        c.insert(
            "restore",
            &format!(
                "{new}?tu=thung-rac:{}:{}",
                kept.stamp,
                super::pages::percent(id)
            ),
        );
    }
    page("versions.html", &c)
}

/// The fields and body of the kept copy a form is opened from (`tu=`:
/// `lich-su:STAMP` for item `id`, `thung-rac:STAMP:ID`), with when it was
/// kept.
pub(crate) fn restoring(
    desk: &Desk,
    spec: &KindSpec,
    tu: &str,
    id: Option<&str>,
) -> Option<(Map<String, Value>, String, String)> {
    let (what, rest) = tu.split_once(':')?;
    let (what, stamp, id) = match (what, id) {
        ("lich-su", Some(id)) => (HISTORY, rest, id.to_string()),
        ("thung-rac", None) => {
            let (stamp, id) = rest.split_once(':')?;
            (TRASH, stamp, id.to_string())
        }
        _ => return None,
    };
    let (kept, bytes) = desk.store.read_kept(what, spec, stamp, &id)?;
    let (mut fields, body) = read_fields(spec, &kept.rel, &bytes)?;
    // A deleted item comes back at its own address.
    if what == TRASH && spec.field("slug").is_some() && !fields.contains_key("slug") {
        let last = id.rsplit('/').next().unwrap_or(&id).to_string();
        fields.insert("slug".into(), Value::String(last));
    }
    Some((fields, body, kept.when()))
}
