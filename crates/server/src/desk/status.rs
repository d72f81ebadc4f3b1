//! What the desk's lists and forms say about where each item stands:
//! the list's summaries (title, day-first date, group label, status),
//! read with the loader itself so the desk never calls public what the
//! build keeps back, cached by each file's size and modification time,
//! and the sentence that says what happens next after a save.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use super::store::ItemFile;
use super::Desk;
use congkhai_core::config::Config;
use congkhai_core::content::compose::fields_of;
use congkhai_core::content::kinds::{Field, FieldType, KindSpec};
use congkhai_core::content::{dates, Source, Standing};

/// One item in a list.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Summary {
    pub id: String,
    pub file: String,
    pub title: String,
    /// The date as files write it (`2026-12-01`, `2026-12-01 08:00`...).
    pub date: String,
    /// The date as staff read it (`01/12/2026`, `01/12/2026 08:00`).
    pub date_shown: String,
    /// The year, for the filter.
    pub year: String,
    /// The grouping field's value (a category's key) and its label.
    pub group: String,
    pub group_label: String,
    pub draft: bool,
    /// One of `published`, `draft`, `scheduled`, `pending`, `returned`,
    /// `unanswered`, `unreadable`.
    pub status: &'static str,
    /// "Đã đăng", "Hẹn đăng 08:00 20/12/2026"...
    pub status_label: String,
    /// Where the file stands, kept with the cached summary; the status is
    /// worked out from it at the time of each list.
    #[serde(skip)]
    standing: Option<Standing>,
}

/// The statuses of a list, with their labels, in the order the filter
/// offers them.
pub(crate) const STATUSES: &[(&str, &str)] = &[
    ("published", "Đã đăng"),
    ("scheduled", "Hẹn đăng"),
    ("draft", "Bản nháp"),
    ("pending", "Chờ duyệt"),
    ("returned", "Trả lại"),
    ("unanswered", "Chưa trả lời"),
    ("unreadable", "Lỗi đọc tệp"),
];

/// When the desk's lists call something public: the day of the last
/// build, and with the publishing server on the clock, the minute.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clock {
    pub(crate) today: chrono::NaiveDate,
    pub(crate) now: Option<chrono::DateTime<chrono_tz::Tz>>,
}

impl Summary {
    /// Works out the status at `clock`, with the publishing server's open
    /// revision (`draft`, `pending`, `returned`) when there is one.
    fn settle(&mut self, clock: Clock, revision: Option<&str>) {
        (self.status, self.status_label) = status(self.standing, clock, revision);
    }
}

/// What happens next to an item at `status`, said after a save and on
/// its form.
pub(crate) fn next_step(status: &str) -> String {
    match status {
        "draft" => "Mục chưa hiện trên Trang thông tin điện tử. Khi muốn đăng, bỏ chọn «Bản nháp» rồi bấm «Lưu».".into(),
        "scheduled" => "Mục sẽ tự hiện trên Trang thông tin điện tử vào lúc đó; trước đó chưa ai thấy.".into(),
        "unanswered" => "Phản ánh chưa có câu trả lời nên chưa được công khai. Ghi câu trả lời và ngày trả lời để công khai.".into(),
        "pending" => "Chờ duyệt: Ban biên tập sẽ xem và đăng.".into(),
        "returned" => "Bị trả lại: sửa theo góp ý rồi gửi duyệt lại.".into(),
        "published" => "Mục đang hiện trên Trang thông tin điện tử; thay đổi hiện ra sau vài giây.".into(),
        _ => "Mục này đang có lỗi nên chưa hiện trên Trang thông tin điện tử.".into(),
    }
}

/// The status of what a save wrote, for its answer: `status`,
/// `status_label` and the `next` sentence.
pub(crate) fn saved_status(desk: &Desk, spec: &KindSpec, rel: &Path, text: &str) -> Value {
    let Ok(config) = Config::from_disk(desk.store.root()) else {
        return json!({});
    };
    let standing = standing_of(&config, spec, rel, text.as_bytes());
    let (code, label) = status(standing, desk.clock(&config), None);
    json!({ "status": code, "status_label": label, "next": next_step(code) })
}

/// When the item in `bytes` is public, by the loader; [`status`] compares
/// its date with the clock at each list.
pub(crate) fn standing_of(
    config: &Config,
    spec: &KindSpec,
    rel: &Path,
    bytes: &[u8],
) -> Option<Standing> {
    congkhai_core::content::standing(config, spec.kind, rel, bytes).ok()
}

/// An item's status code and label at `clock` (see [`STATUSES`]).
pub(crate) fn status(
    standing: Option<Standing>,
    clock: Clock,
    revision: Option<&str>,
) -> (&'static str, String) {
    let (status, label) = match (revision, standing) {
        (Some("pending"), _) => ("pending", "Chờ duyệt".to_string()),
        (Some("returned"), _) => ("returned", "Trả lại".to_string()),
        (_, None) => ("unreadable", "Lỗi đọc tệp".to_string()),
        (_, Some(Standing::Draft)) => ("draft", "Bản nháp".to_string()),
        (_, Some(Standing::Unanswered)) => ("unanswered", "Chưa trả lời".to_string()),
        (_, Some(Standing::PublicAt(at))) => {
            let due = match clock.now {
                Some(now) => at <= now,
                None => at.date_naive() <= clock.today,
            };
            if due {
                ("published", "Đã đăng".to_string())
            } else {
                (
                    "scheduled",
                    format!("Hẹn đăng {}", at.format("%H:%M %d/%m/%Y")),
                )
            }
        }
        (_, Some(Standing::PublicFrom(day))) if day > clock.today => (
            "scheduled",
            format!("Hẹn đăng {}", congkhai_core::content::dates::vn_date(day)),
        ),
        (_, Some(_)) => ("published", "Đã đăng".to_string()),
    };
    // A published item with a draft revision is still published.
    match (revision, status) {
        (Some("draft"), "published") => (status, format!("{label}; có bản sửa chưa gửi duyệt")),
        (Some("draft"), _) => ("draft", "Bản nháp".to_string()),
        _ => (status, label),
    }
}

/// Every item of a kind, newest first (then by title), with its status
/// at `clock`.
pub(crate) fn summaries(desk: &Desk, spec: &KindSpec) -> Vec<Summary> {
    let files = desk.store.list(spec);
    let Ok(config) = Config::from_disk(desk.store.root()) else {
        return Vec::new();
    };
    let clock = desk.clock(&config);
    let open = desk
        .revisions
        .get()
        .map(|r| r.open_states(spec.key()))
        .unwrap_or_default();
    let mut items: Vec<Summary> = files
        .par_iter()
        .map(|f| {
            let mut s = cached_summary(desk, &config, spec, f);
            s.settle(clock, open.get(&f.id).map(String::as_str));
            s
        })
        .collect();
    // In the publishing server a new item is only a revision until it is
    // approved: it is listed too, as the draft or the wait it is.
    if let Some(revisions) = desk.revisions.get() {
        let known: std::collections::HashSet<&str> = files.iter().map(|f| f.id.as_str()).collect();
        for (id, state) in &open {
            if known.contains(id.as_str()) {
                continue;
            }
            let Some(rev) = revisions.open(spec.key(), id) else {
                continue;
            };
            let file = ItemFile {
                rel: PathBuf::from(&rev.file),
                id: id.clone(),
            };
            let mut s = summary_of(&config, spec, &file, rev.text.as_bytes());
            // Not on the public site in any state until approved.
            if state == "draft" {
                s.standing = Some(Standing::Draft);
            }
            s.settle(clock, Some(state));
            items.push(s);
        }
    }
    items.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
    items
}

/// A file's summary, read again only when its size or modification time
/// changed since the last list (a list of 10,000 posts then costs their
/// `stat`s, not their parsing).
fn cached_summary(desk: &Desk, config: &Config, spec: &KindSpec, file: &ItemFile) -> Summary {
    let stamp = std::fs::metadata(desk.store.root().join(&file.rel))
        .ok()
        .and_then(|m| Some((m.modified().ok()?, m.len())));
    let cache = &desk.summaries;
    if let Some(stamp) = stamp {
        let hit = cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&file.rel)
            .and_then(|(s, summary)| (*s == stamp).then(|| summary.clone()));
        if let Some(summary) = hit {
            return summary;
        }
    }
    let fresh = summary(desk, config, spec, file);
    if let Some(stamp) = stamp {
        cache
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(file.rel.clone(), (stamp, fresh.clone()));
    }
    fresh
}

fn summary(desk: &Desk, config: &Config, spec: &KindSpec, file: &ItemFile) -> Summary {
    let bytes = desk.store.read(&file.rel).unwrap_or_default();
    summary_of(config, spec, file, &bytes)
}

/// The summary of an item whose text is `bytes`.
fn summary_of(config: &Config, spec: &KindSpec, file: &ItemFile, bytes: &[u8]) -> Summary {
    let read = Source::split(&file.rel, bytes)
        .map_err(|d| d.message)
        .and_then(|src| fields_of(spec, &src).map(|(fields, _)| fields));
    let text = |fields: &Map<String, Value>, key: Option<&str>| {
        key.and_then(|k| fields.get(k))
            .map(|v| match v {
                Value::String(s) => s.trim().to_string(),
                Value::Null => String::new(),
                other => other.to_string(),
            })
            .unwrap_or_default()
    };
    let fields = read.unwrap_or_default();
    let raw_date = text(&fields, spec.date);
    let date = dates::day_first_to_iso(&raw_date).unwrap_or(raw_date);
    let group = text(&fields, spec.group);
    let group_label = spec
        .group
        .and_then(|g| spec.field(g))
        .and_then(|f| choice_label(f, config, &group))
        .unwrap_or_else(|| group.clone());
    let standing = standing_of(config, spec, &file.rel, bytes);
    Summary {
        id: file.id.clone(),
        file: file.rel.to_string_lossy().into(),
        title: match text(&fields, Some(spec.title)) {
            t if t.is_empty() => file.id.clone(),
            t => t,
        },
        date_shown: dates::to_day_first(&date),
        year: date
            .get(..4)
            .filter(|y| y.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or_default()
            .to_string(),
        date,
        group,
        group_label,
        draft: standing == Some(Standing::Draft),
        status: "unreadable",
        status_label: String::new(),
        standing,
    }
}

/// The label of `value` among a field's choices (a category's name).
fn choice_label(field: &Field, config: &Config, value: &str) -> Option<String> {
    match field.ty {
        FieldType::Choice(c) => c
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, l)| l.to_string()),
        FieldType::Category => config.categories.get(value).cloned(),
        _ => None,
    }
}
