//! The desk's JSON API (`/__congkhai/api/`): the kinds and their fields,
//! items read, created, replaced and deleted, uploads, and the Markdown
//! preview. Each problem is answered as staff read it (`message`, `hint`
//! from [`congkhai_core::messages`]) with the field it concerns, every
//! problem of a save at once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Multipart, Path as UrlPath, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::status::{saved_status, summaries};
use super::store::{version, ItemFile, WriteError};
use super::{Desk, Info};
use congkhai_core::config::Config;
use congkhai_core::content::compose::{
    compose, compose_over, fields_of, plain_file_name, Composed,
};
use congkhai_core::content::kinds::{Field, FieldType, KindSpec};
use congkhai_core::content::{check_file, Source};
use congkhai_core::error::Diagnostic;
use congkhai_core::messages::{self, Staff};
use congkhai_core::slug::slugify;

/// Largest JSON body accepted.
pub(super) const MAX_JSON: usize = 2 * 1024 * 1024;
/// Largest upload accepted.
pub(crate) const MAX_UPLOAD: usize = 20 * 1024 * 1024;
/// Extensions an upload may have.
pub(super) const UPLOAD_EXTENSIONS: &[&str] = congkhai_core::filetype::ALLOWED;

/// One problem as the API sends it: what staff read, and the field it
/// concerns (the top-level field, and the full `path` when it is inside a
/// record).
pub(crate) fn problem(staff: &Staff, field: Option<&str>, path: Option<&str>) -> Value {
    json!({
        "severity": "error", "message": staff.message, "hint": staff.hint,
        "field": field, "path": path.or(field),
    })
}

/// A warning or error of the loader, as the API sends it.
fn diagnostic(d: &Diagnostic, field: Option<&str>) -> Value {
    let mut v = problem(&d.for_staff(), field, None);
    v["severity"] = json!(if d.is_error() { "error" } else { "warning" });
    v["line"] = json!(d.line);
    v
}

fn error(status: StatusCode, staff: Staff) -> Response {
    (
        status,
        Json(json!({ "problems": [problem(&staff, None, None)] })),
    )
        .into_response()
}

fn not_found() -> Response {
    error(StatusCode::NOT_FOUND, messages::no_such_item())
}

fn unknown_kind(_key: &str) -> Response {
    error(StatusCode::NOT_FOUND, messages::no_such_kind())
}

pub(crate) fn config(desk: &Desk) -> Result<Config, Box<Response>> {
    Config::from_disk(desk.store.root()).map_err(|problems| {
        eprintln!("error: the desk cannot read the site's settings:\n{problems}");
        Box::new(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            messages::settings_broken(),
        ))
    })
}

/// `GET /__congkhai/api/kinds`: every kind with its fields.
pub(super) async fn kinds(State(desk): State<Arc<Desk>>) -> Response {
    let config = match config(&desk) {
        Ok(c) => c,
        Err(r) => return *r,
    };
    let info = desk.info();
    let kinds: Vec<Value> = congkhai_core::content::Kind::ALL
        .iter()
        .map(|k| {
            let spec = KindSpec::of(*k);
            json!({
                "name": spec.key(),
                "label": spec.label,
                "noun": spec.noun,
                "format": spec.format,
                "title_field": spec.title,
                "date_field": spec.date,
                "body": spec.body,
                "fields": spec.fields.iter().map(|f| field_json(f, &config, &info)).collect::<Vec<_>>(),
            })
        })
        .collect();
    Json(json!({ "kinds": kinds })).into_response()
}

fn field_json(field: &Field, config: &Config, info: &Info) -> Value {
    let mut v = json!({
        "name": field.name,
        "label": field.label,
        "help": field.help,
        "required": field.required,
        "type": field.ty.name(),
        "private": field.private,
    });
    let choices = choices(field, config, info);
    if !choices.is_empty() {
        v["choices"] = Value::Array(
            choices
                .into_iter()
                .map(|(value, label)| json!({ "value": value, "label": label }))
                .collect(),
        );
    }
    match field.ty {
        FieldType::Rows(sub) | FieldType::Group(sub) => {
            v["fields"] = sub.iter().map(|f| field_json(f, config, info)).collect();
        }
        FieldType::Bool(default) => v["default"] = json!(default),
        _ => {}
    }
    v
}

/// The values a field may take, with labels: fixed choices, the site's
/// categories, or its procedures.
pub(super) fn choices(field: &Field, config: &Config, info: &Info) -> Vec<(String, String)> {
    match field.ty {
        FieldType::Choice(c) => c
            .iter()
            .map(|(v, l)| (v.to_string(), l.to_string()))
            .collect(),
        FieldType::Category => config
            .categories
            .iter()
            .map(|(k, l)| (k.clone(), l.clone()))
            .collect(),
        FieldType::Procedure => info
            .procedures()
            .map(|(code, name)| (code.to_string(), format!("{code}: {name}")))
            .collect(),
        _ => Vec::new(),
    }
}

/// `GET /__congkhai/api/items/{kind}`.
pub(super) async fn list(State(desk): State<Arc<Desk>>, UrlPath(key): UrlPath<String>) -> Response {
    let Some(spec) = Desk::spec(&key) else {
        return unknown_kind(&key);
    };
    let desk2 = desk.clone();
    let items = tokio::task::spawn_blocking(move || summaries(&desk2, spec))
        .await
        .unwrap_or_default();
    Json(json!({ "items": items })).into_response()
}

/// The body of a create or replace request.
#[derive(Debug, Deserialize)]
pub(crate) struct ItemRequest {
    #[serde(default)]
    pub(crate) fields: Map<String, Value>,
    #[serde(default)]
    pub(crate) body: String,
    pub(crate) version: Option<String>,
}

/// Checks what would be written at `rel`: the composer's problems, then
/// the loader's, each with the field it concerns. Warnings come back
/// with the file when there is no error.
pub(crate) fn checked(
    desk: &Desk,
    spec: &KindSpec,
    rel: &Path,
    req: &ItemRequest,
    original: Option<&Source>,
) -> Result<(Composed, Vec<Value>), Box<Response>> {
    checked_with(desk, spec, rel, req, original, Vec::new())
}

/// [`checked`], reporting `earlier` problems (the address, found before)
/// together with the file's: every problem of a save at once.
pub(crate) fn checked_with(
    desk: &Desk,
    spec: &KindSpec,
    rel: &Path,
    req: &ItemRequest,
    original: Option<&Source>,
    mut problems: Vec<Value>,
) -> Result<(Composed, Vec<Value>), Box<Response>> {
    if spec.body.is_none() && !req.body.trim().is_empty() {
        problems.push(problem(&messages::no_body(spec.noun), None, None));
        return Err(Box::new(unprocessable(problems)));
    }
    let composed = match original {
        Some(src) => compose_over(spec, src, &req.fields, &req.body),
        None => compose(spec, &req.fields, &req.body),
    };
    let composed = match composed {
        Ok(c) => c,
        Err(found) => {
            problems.extend(
                found
                    .iter()
                    .map(|p| problem(&p.staff, p.field.split('.').next(), Some(&p.field))),
            );
            return Err(Box::new(unprocessable(problems)));
        }
    };
    let config = config(desk)?;
    let found = check_file(&config, spec.kind, rel, composed.text.as_bytes());
    let with_field = |d: &Diagnostic| diagnostic(d, d.line.and_then(|l| composed.field_at(l)));
    if found.iter().any(Diagnostic::is_error) {
        problems.extend(found.iter().filter(|d| d.is_error()).map(with_field));
    }
    if problems.is_empty() {
        problems = site_problems(&config, spec, rel, composed.text.as_bytes());
    }
    if !problems.is_empty() {
        return Err(Box::new(unprocessable(problems)));
    }
    let warnings = found.iter().map(with_field).collect();
    Ok((composed, warnings))
}

/// The rules that need the whole site (an address or a code used twice, an
/// address a list page has, feedback naming a procedure that does not
/// exist), run by the build's own site model on the content as the save
/// would leave it, drafts and items dated later included: the desk never
/// saves what the build would then refuse. Only problems of this file, or
/// naming it, are returned, each with its field.
fn site_problems(config: &Config, spec: &KindSpec, rel: &Path, bytes: &[u8]) -> Vec<Value> {
    // When the rest of the site does not load, the preview shows why; the
    // file's own checks have passed.
    let Ok(content) = congkhai_core::content::Content::load_with(config, spec.kind, rel, bytes)
    else {
        return Vec::new();
    };
    let opts = congkhai_core::site::BuildOptions {
        now: None,
        today: chrono::NaiveDate::from_ymd_opt(*congkhai_core::content::dates::YEARS.end(), 12, 31)
            .expect("a real date"),
        include_drafts: true,
        preview: false,
    };
    let Err(problems) = congkhai_core::site::Site::new(content, config.clone(), opts) else {
        return Vec::new();
    };
    let shown = rel.display().to_string();
    problems
        .0
        .iter()
        .filter(|d| d.is_error() && (d.path == rel || d.message.contains(&shown)))
        .map(|d| {
            let (field, staff) = site_rule(spec, d);
            problem(&staff, Some(field), None)
        })
        .collect()
}

/// The field a site-wide problem concerns, and what to tell staff.
fn site_rule(spec: &KindSpec, d: &Diagnostic) -> (&'static str, Staff) {
    // The address is made from the title unless one is written.
    let address_field = spec.title;
    let title = spec.field(spec.title).map_or("Tiêu đề", |f| f.label);
    let m = d.message.as_str();
    if let Some(staff) = &d.staff {
        return (address_field, (**staff).clone());
    }
    if m.starts_with("procedure code") || m.starts_with("feedback code") {
        ("code", messages::code_taken())
    } else if m.starts_with("feedback refers to procedure") {
        ("procedure", messages::unknown_procedure())
    } else if m.contains("taken by") {
        (address_field, messages::address_reserved(title))
    } else if m.starts_with("web address") {
        (address_field, messages::address_taken(title))
    } else {
        (spec.title, messages::site_conflict())
    }
}

pub(crate) fn unprocessable(problems: Vec<Value>) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "problems": problems })),
    )
        .into_response()
}

/// A new item, checked and composed, not yet written.
pub(crate) struct New {
    /// Its file, from the site root.
    pub(crate) rel: PathBuf,
    /// Its file name without extension: its id.
    pub(crate) slug: String,
    /// The field the address came from (`slug` or the title).
    pub(crate) slug_field: &'static str,
    /// The text to write.
    pub(crate) composed: Composed,
    /// Problems that do not stop the save.
    pub(crate) warnings: Vec<Value>,
}

/// Names a new item after its `slug` field or its title, refuses a name
/// taken, and checks what would be written: the composer's problems, the
/// loader's and the site-wide rules, as 422.
pub(crate) fn prepare_new(
    desk: &Desk,
    spec: &'static KindSpec,
    req: &mut ItemRequest,
) -> Result<New, Box<Response>> {
    // A `slug` given is written folded, as the build would read it.
    if let Some(Value::String(s)) = req.fields.get_mut("slug") {
        *s = slugify(s);
    }
    let (slug_field, wanted) = match given(req, "slug") {
        Some(s) => ("slug", s),
        None => (spec.title, given(req, spec.title).unwrap_or("")),
    };
    let slug = slugify(wanted);
    let label = spec.field(slug_field).map_or("Tiêu đề", |f| f.label);
    // The address's problem is reported with the rest of the form's.
    let mut earlier = Vec::new();
    if slug.is_empty() {
        // A blank title is the loader's "required" problem; only a title
        // with no letter or digit needs its own.
        if !wanted.is_empty() {
            earlier.push(problem(
                &messages::no_address(label),
                Some(slug_field),
                None,
            ));
        }
    } else if desk.store.list(spec).iter().any(|f| f.id == slug) {
        earlier.push(problem(
            &messages::address_taken(label),
            Some(slug_field),
            None,
        ));
    }
    // Checked under a stand-in name until the title gives one.
    let stem = if slug.is_empty() {
        "muc-moi"
    } else {
        slug.as_str()
    };
    let rel = Path::new("content")
        .join(spec.key())
        .join(format!("{stem}.{}", spec.extension()));
    let (composed, warnings) = checked_with(desk, spec, &rel, req, None, earlier)?;
    Ok(New {
        rel,
        slug,
        slug_field,
        composed,
        warnings,
    })
}

/// The trimmed text of field `name` of a request, when it is not blank.
pub(crate) fn given<'r>(req: &'r ItemRequest, name: &str) -> Option<&'r str> {
    req.fields
        .get(name)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// An item's file, its bytes, the text to write and the warnings.
pub(crate) type Edit = (ItemFile, Vec<u8>, Composed, Vec<Value>);

/// An edit of an existing item, checked and composed over its file (so
/// untouched fields keep their lines): the file, its current bytes, and
/// what would be written.
pub(crate) fn prepare_edit(
    desk: &Desk,
    spec: &'static KindSpec,
    id: &str,
    req: &ItemRequest,
) -> Result<Edit, Box<Response>> {
    let file = desk
        .store
        .find(spec, id)
        .ok_or_else(|| Box::new(not_found()))?;
    let bytes = desk.store.read(&file.rel).unwrap_or_default();
    let original = Source::split(&file.rel, &bytes).ok();
    let (composed, warnings) = checked(desk, spec, &file.rel, req, original.as_ref())?;
    Ok((file, bytes, composed, warnings))
}

/// `POST /__congkhai/api/items/{kind}`: a new item, named after its
/// `slug` field or its title.
pub(super) async fn create(
    State(desk): State<Arc<Desk>>,
    UrlPath(key): UrlPath<String>,
    Json(mut req): Json<ItemRequest>,
) -> Response {
    let Some(spec) = Desk::spec(&key) else {
        return unknown_kind(&key);
    };
    let New {
        rel,
        slug,
        slug_field,
        composed,
        warnings,
    } = match prepare_new(&desk, spec, &mut req) {
        Ok(new) => new,
        Err(r) => return *r,
    };
    match desk.store.create(&rel, composed.text.as_bytes()) {
        Ok(()) => {}
        Err(WriteError::Exists(_)) => {
            let label = spec.field(slug_field).map_or("Tiêu đề", |f| f.label);
            return unprocessable(vec![problem(
                &messages::address_taken(label),
                Some(slug_field),
                None,
            )]);
        }
        Err(e) => return write_failed(e),
    }
    let title = given(&req, spec.title).unwrap_or(&slug);
    let git = desk.store.commit(
        &[&rel],
        &format!("Add {} {} ({title})", spec.noun, rel.display()),
    );
    (
        StatusCode::CREATED,
        Json(json!({
            "file": rel,
            "url": spec.item_url(&slugify(given(&req, "slug").unwrap_or(&slug))),
            "id": slug,
            "edit": super::edit_url(&rel),
            "version": version(composed.text.as_bytes()),
            "warnings": warnings,
            "git": git,
            "saved": saved_status(&desk, spec, &rel, &composed.text),
        })),
    )
        .into_response()
}

fn write_failed(e: WriteError) -> Response {
    let message = match e {
        WriteError::Io(e) => e,
        WriteError::Exists(p) => format!("{} already exists", p.display()),
        WriteError::Conflict { kept } => format!("conflict; kept at {}", kept.display()),
    };
    eprintln!("error: the desk cannot write: {message}");
    error(StatusCode::INTERNAL_SERVER_ERROR, messages::not_written())
}

/// The file of `id`, its bytes, fields and body.
pub(crate) fn open(
    desk: &Desk,
    spec: &KindSpec,
    id: &str,
) -> Result<(ItemFile, Vec<u8>, Value), Box<Response>> {
    let file = desk
        .store
        .find(spec, id)
        .ok_or_else(|| Box::new(not_found()))?;
    let bytes = desk.store.read(&file.rel).map_err(|e| {
        eprintln!("error: the desk cannot read {}: {e}", file.rel.display());
        Box::new(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            messages::unreadable(),
        ))
    })?;
    let parsed = Source::split(&file.rel, &bytes)
        .map_err(|d| d.message)
        .and_then(|src| fields_of(spec, &src));
    let value = match parsed {
        Ok((fields, body)) => {
            let info = desk.info();
            let url = super::edit_url(&file.rel).and_then(|e| info.view_of(&e));
            json!({
                "fields": fields, "body": body, "version": version(&bytes),
                "file": file.rel, "url": url,
            })
        }
        Err(e) => {
            eprintln!(
                "error: {} cannot be read as fields: {e}",
                file.rel.display()
            );
            return Err(Box::new(unprocessable(vec![problem(
                &messages::broken_header(None),
                None,
                None,
            )])));
        }
    };
    Ok((file, bytes, value))
}

/// `GET /__congkhai/api/items/{kind}/{id}`.
pub(super) async fn read(
    State(desk): State<Arc<Desk>>,
    UrlPath((key, id)): UrlPath<(String, String)>,
) -> Response {
    let Some(spec) = Desk::spec(&key) else {
        return unknown_kind(&key);
    };
    match open(&desk, spec, &id) {
        Ok((_, _, value)) => Json(value).into_response(),
        Err(r) => *r,
    }
}

/// `PUT /__congkhai/api/items/{kind}/{id}`: replaces the item if the file
/// is still at the given version; 409 (keeping both texts) otherwise.
pub(super) async fn update(
    State(desk): State<Arc<Desk>>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    Json(req): Json<ItemRequest>,
) -> Response {
    let Some(spec) = Desk::spec(&key) else {
        return unknown_kind(&key);
    };
    let Some(expected) = req.version.clone() else {
        return unprocessable(vec![problem(&messages::no_version(), None, None)]);
    };
    let file = match desk.store.find(spec, &id) {
        Some(f) => f,
        None => return lost(&desk, spec, &id, &req),
    };
    // Written over the file as it is: untouched fields keep their lines.
    let original = desk
        .store
        .read(&file.rel)
        .ok()
        .and_then(|bytes| Source::split(&file.rel, &bytes).ok());
    let (composed, warnings) = match checked(&desk, spec, &file.rel, &req, original.as_ref()) {
        Ok(x) => x,
        Err(r) => return *r,
    };
    match desk.store.replace(&file.rel, &expected, &composed.text) {
        Ok(()) => {}
        Err(WriteError::Conflict { kept }) => return conflict(&desk, spec, &id, Some(&kept)),
        Err(e) => return write_failed(e),
    }
    let title = req
        .fields
        .get(spec.title)
        .and_then(Value::as_str)
        .unwrap_or(&id);
    let git = desk.store.commit(
        &[&file.rel],
        &format!("Edit {} {} ({title})", spec.noun, file.rel.display()),
    );
    Json(json!({
        "file": file.rel,
        "version": version(composed.text.as_bytes()),
        "warnings": warnings,
        "git": git,
        "saved": saved_status(&desk, spec, &file.rel, &composed.text),
    }))
    .into_response()
}

/// 404 for a save whose item was renamed or deleted meanwhile: the
/// editor's text is kept (as a file when it can be composed, else as the
/// request's JSON) and the answer says where, and carries it back.
fn lost(desk: &Desk, spec: &KindSpec, id: &str, req: &ItemRequest) -> Response {
    let text = match compose(spec, &req.fields, &req.body) {
        Ok(c) => c.text,
        Err(_) => serde_json::to_string_pretty(&json!({"fields": req.fields, "body": req.body}))
            .expect("JSON serialises"),
    };
    let kept = desk.store.keep_lost(spec, id, &text).ok();
    (
        StatusCode::NOT_FOUND,
        Json(json!({
            "problems": [problem(&messages::gone_meanwhile(), None, None)],
            "gone": true,
            "kept": kept,
            "fields": req.fields,
            "body": req.body,
        })),
    )
        .into_response()
}

/// 409: the file changed on disk. The editor's text was kept at `kept`
/// (when there was one); the file on disk is untouched and sent back.
fn conflict(desk: &Desk, spec: &KindSpec, id: &str, kept: Option<&PathBuf>) -> Response {
    let current = open(desk, spec, id).ok().map(|(_, _, v)| v);
    let said = problem(&messages::changed_meanwhile(), None, None);
    (
        StatusCode::CONFLICT,
        Json(json!({ "problems": [said], "kept": kept, "current": current })),
    )
        .into_response()
}

#[derive(Debug, Deserialize, Default)]
pub(super) struct VersionQuery {
    version: Option<String>,
}

/// `DELETE /__congkhai/api/items/{kind}/{id}` with the version (in a JSON
/// body or `?version=`): moves the file to `.congkhai/trash/`.
pub(super) async fn delete(
    State(desk): State<Arc<Desk>>,
    UrlPath((key, id)): UrlPath<(String, String)>,
    Query(query): Query<VersionQuery>,
    body: Bytes,
) -> Response {
    let Some(spec) = Desk::spec(&key) else {
        return unknown_kind(&key);
    };
    let from_body = serde_json::from_slice::<VersionQuery>(&body)
        .ok()
        .and_then(|q| q.version);
    let Some(expected) = from_body.or(query.version) else {
        return unprocessable(vec![problem(&messages::no_version(), None, None)]);
    };
    let Some(file) = desk.store.find(spec, &id) else {
        return not_found();
    };
    match desk.store.delete(&file.rel, &expected) {
        Ok(trash) => {
            let git = desk.store.commit(
                &[&file.rel],
                &format!(
                    "Delete {} {} (moved to {})",
                    spec.noun,
                    file.rel.display(),
                    trash.display()
                ),
            );
            Json(json!({ "file": file.rel, "trash": trash, "git": git })).into_response()
        }
        Err(WriteError::Conflict { .. }) => conflict(&desk, spec, &id, None),
        Err(e) => write_failed(e),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct PreviewRequest {
    body: String,
}

/// `POST /__congkhai/api/preview`: the body rendered by the build's own
/// Markdown code.
pub(crate) async fn preview(
    State(desk): State<Arc<Desk>>,
    Json(req): Json<PreviewRequest>,
) -> Response {
    let raw = config(&desk).map(|c| c.allow_raw_html).unwrap_or(false);
    // Shown as it will be written: pasted bullets already a list.
    let body = congkhai_core::content::clean::body(&req.body);
    Json(json!({ "html": congkhai_core::markdown::render(&body, raw) })).into_response()
}

/// How long an upload waits for an item to name it.
pub(crate) const UPLOAD_GRACE: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Moves the kind's uploads that no item named within a day to the trash.
pub(crate) fn sweep(desk: &Desk, spec: &KindSpec) {
    let pending = || {
        desk.revisions
            .get()
            .map(|r| r.open_texts(spec.key()))
            .unwrap_or_default()
    };
    for name in desk.store.sweep_uploads(spec, UPLOAD_GRACE, &pending) {
        eprintln!(
            "moved content/{}/{name} to .congkhai/trash/: uploaded a day ago, named by no item",
            spec.key()
        );
    }
}

/// The name an upload is stored under: the folded stem and the lowercase
/// extension, if the extension is allowed.
pub(super) fn upload_name(original: &str) -> Result<String, String> {
    let base = original.rsplit(['/', '\\']).next().unwrap_or("");
    let (stem, ext) = base.rsplit_once('.').ok_or("the file has no extension")?;
    let ext = ext.to_ascii_lowercase();
    if !UPLOAD_EXTENSIONS.contains(&ext.as_str()) {
        return Err(format!(
            "`.{ext}` files cannot be attached; allowed: {}",
            UPLOAD_EXTENSIONS.join(", ")
        ));
    }
    let stem = slugify(stem);
    if stem.is_empty() {
        return Err("the file name has no letters or digits".into());
    }
    let name = format!("{stem}.{ext}");
    debug_assert!(plain_file_name(&name));
    Ok(name)
}

/// `POST /__congkhai/api/files/{kind}` (multipart, one `file` part): stores
/// an attachment beside the kind's items under a folded name (with `-2`,
/// `-3`... when taken) and answers with that name.
pub(crate) async fn upload(
    State(desk): State<Arc<Desk>>,
    UrlPath(key): UrlPath<String>,
    mut multipart: Multipart,
) -> Response {
    let Some(spec) = Desk::spec(&key) else {
        return unknown_kind(&key);
    };
    let too_big = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            messages::upload_too_big(MAX_UPLOAD / 1024 / 1024),
        )
    };
    let broken = |e: axum::extract::multipart::MultipartError| {
        eprintln!("warning: a broken upload: {e}");
        error(StatusCode::BAD_REQUEST, messages::upload_broken())
    };
    let field = match multipart.next_field().await {
        Ok(Some(f)) => f,
        Ok(None) => return error(StatusCode::BAD_REQUEST, messages::upload_broken()),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_big(),
        Err(e) => return broken(e),
    };
    let original = field.file_name().unwrap_or("").to_string();
    let name = match upload_name(&original) {
        Ok(n) => n,
        Err(_) => {
            return unprocessable(vec![problem(
                &messages::upload_bad_name(),
                Some("file"),
                None,
            )])
        }
    };
    let bytes = match field.bytes().await {
        Ok(b) if b.len() > MAX_UPLOAD => return too_big(),
        Ok(b) => b,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_big(),
        Err(e) => return broken(e),
    };
    if congkhai_core::filetype::check(&name, &bytes).is_err() {
        return unprocessable(vec![problem(
            &messages::attachment_refused(&original),
            Some("file"),
            None,
        )]);
    }
    // One file an upload: a second part is refused, not half-read.
    match multipart.next_field().await {
        Ok(None) => {}
        Ok(Some(_)) => return error(StatusCode::BAD_REQUEST, messages::upload_one_at_a_time()),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_big(),
        Err(e) => return broken(e),
    }
    sweep(&desk, spec);
    let (stem, ext) = name
        .rsplit_once('.')
        .expect("upload names have an extension");
    for n in 1..100 {
        let candidate = if n == 1 {
            name.clone()
        } else {
            format!("{stem}-{n}.{ext}")
        };
        match desk.store.upload(spec, &candidate, &bytes) {
            Ok(rel) => {
                let git = desk
                    .store
                    .commit(&[&rel], &format!("Attach {}", rel.display()));
                return (
                    StatusCode::CREATED,
                    Json(
                        json!({ "name": candidate, "file": rel, "size": bytes.len(), "git": git }),
                    ),
                )
                    .into_response();
            }
            Err(WriteError::Exists(_)) => continue,
            Err(e) => return write_failed(e),
        }
    }
    error(StatusCode::CONFLICT, messages::upload_name_used())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upload_names_are_folded_and_checked() {
        assert_eq!(
            upload_name("Dự thảo Kế hoạch.PDF").unwrap(),
            "du-thao-ke-hoach.pdf"
        );
        assert_eq!(upload_name("../../etc/x.pdf").unwrap(), "x.pdf");
        assert_eq!(
            upload_name("C:\\Users\\a\\Tờ trình.docx").unwrap(),
            "to-trinh.docx"
        );
        assert!(upload_name("run.sh").is_err());
        assert!(upload_name("noext").is_err());
        assert!(upload_name("....pdf").is_err());
    }
}
