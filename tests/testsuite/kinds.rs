//! The kinds' descriptions agree with the loader: a form built from them
//! can never offer a field the build would reject, nor leave out one it
//! requires. Files are written with the desk's composer.

use std::path::{Path, PathBuf};

use congkhai_core::config::Config;
use congkhai_core::content::compose::compose;
use congkhai_core::content::kinds::{Field, FieldType, KindSpec};
use congkhai_core::content::{check_file, Kind};
use serde_json::{json, Map, Value};

use crate::support::TestSite;

/// A valid value for a field of any type.
fn sample(field: &Field, config: &Config) -> Value {
    match field.ty {
        FieldType::Text | FieldType::Long => json!(format!("Mẫu {}", field.name)),
        FieldType::Date | FieldType::PartialDate => json!("2026-11-20"),
        FieldType::DateTime => json!("2026-11-20 09:30"),
        FieldType::Number => json!(5),
        FieldType::Bool(default) => json!(!default),
        FieldType::Url => json!("https://example.gov.vn/x"),
        FieldType::Email => json!("vanphong@example.gov.vn"),
        FieldType::Choice(choices) => json!(choices[0].0),
        FieldType::Category => json!(config.categories.keys().next().unwrap()),
        FieldType::Procedure => json!("1.000001"),
        FieldType::Attachment => json!("tep.pdf"),
        FieldType::Attachments => json!(["tep.pdf"]),
        FieldType::List => json!(["Dòng một", "Dòng hai"]),
        FieldType::Rows(sub) => json!([record(sub, config, |_| true)]),
        FieldType::Group(sub) => json!(record(sub, config, |_| true)),
    }
}

fn record(fields: &[Field], config: &Config, keep: impl Fn(&Field) -> bool) -> Map<String, Value> {
    fields
        .iter()
        .filter(|f| keep(f))
        .map(|f| (f.name.to_string(), sample(f, config)))
        .collect()
}

/// Fields that only make sense together with another value: the loader
/// rightly refuses them alone (an expiry date on a document in force).
fn companions(kind: Kind, name: &str) -> &'static [(&'static str, &'static str)] {
    match (kind, name) {
        (Kind::Document, "expired_on" | "replaced_by") => &[("in_force", "expired")],
        (Kind::Feedback, "answer") => &[("answered", "2026-11-20")],
        (Kind::Feedback, "answered") => &[("answer", "Trả lời.")],
        _ => &[],
    }
}

fn problems(site: &TestSite, kind: Kind, fields: &Map<String, Value>) -> Vec<String> {
    let spec = KindSpec::of(kind);
    let composed = compose(spec, fields, "Nội dung.").expect("described fields compose");
    let rel = PathBuf::from("content")
        .join(kind.folder())
        .join(format!("mau.{}", spec.extension()));
    let config = Config::from_disk(site.root()).unwrap();
    check_file(&config, kind, &rel, composed.text.as_bytes())
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| format!("{}: {}\n{}", d.message, d.line.unwrap_or(0), composed.text))
        .collect()
}

fn site() -> TestSite {
    let site = TestSite::fixture("basic");
    for kind in Kind::ALL {
        site.write(&format!("content/{}/tep.pdf", kind.folder()), "%PDF-1.4\n");
    }
    site
}

#[test]
fn every_described_field_is_accepted_together() {
    let site = site();
    let config = Config::from_disk(site.root()).unwrap();
    for kind in Kind::ALL {
        let spec = KindSpec::of(kind);
        let mut fields = record(spec.fields, &config, |_| true);
        if kind == Kind::Document {
            fields.insert("in_force".into(), json!("expired"));
        }
        let p = problems(&site, kind, &fields);
        assert!(p.is_empty(), "{kind:?}: {p:#?}");
    }
}

#[test]
fn every_optional_field_may_be_left_out_and_given_alone() {
    let site = site();
    let config = Config::from_disk(site.root()).unwrap();
    for kind in Kind::ALL {
        let spec = KindSpec::of(kind);
        let base = record(spec.fields, &config, |f| f.required);
        let p = problems(&site, kind, &base);
        assert!(
            p.is_empty(),
            "{kind:?} with only its required fields: {p:#?}"
        );
        for field in spec.fields.iter().filter(|f| !f.required) {
            let mut fields = base.clone();
            fields.insert(field.name.into(), sample(field, &config));
            for (k, v) in companions(kind, field.name) {
                fields.insert((*k).into(), json!(v));
            }
            let p = problems(&site, kind, &fields);
            assert!(p.is_empty(), "{kind:?}.{}: {p:#?}", field.name);
        }
    }
}

#[test]
fn every_required_field_is_refused_when_blank_at_its_line() {
    let site = site();
    let config = Config::from_disk(site.root()).unwrap();
    for kind in Kind::ALL {
        let spec = KindSpec::of(kind);
        let base = record(spec.fields, &config, |f| f.required);
        for field in spec.fields.iter().filter(|f| f.required) {
            let mut fields = base.clone();
            fields.remove(field.name);
            let composed = compose(spec, &fields, "").unwrap();
            let rel = Path::new("content")
                .join(kind.folder())
                .join(format!("mau.{}", spec.extension()));
            let found = check_file(&config, kind, &rel, composed.text.as_bytes());
            let at_field = found.iter().any(|d| {
                d.is_error() && d.line.and_then(|l| composed.field_at(l)) == Some(field.name)
            });
            assert!(
                at_field,
                "{kind:?}.{} left blank must be refused at its line: {found:#?}\n{}",
                field.name, composed.text
            );
        }
    }
}

#[test]
fn required_rows_fields_are_described_as_the_loader_wants() {
    let site = site();
    let config = Config::from_disk(site.root()).unwrap();
    for kind in Kind::ALL {
        let spec = KindSpec::of(kind);
        for field in spec.fields {
            let FieldType::Rows(sub) = field.ty else {
                continue;
            };
            for missing in sub.iter().filter(|f| f.required) {
                let mut row = record(sub, &config, |_| true);
                row.remove(missing.name);
                let mut fields = record(spec.fields, &config, |f| f.required);
                fields.insert(field.name.into(), json!([row]));
                assert!(
                    !problems(&site, kind, &fields).is_empty(),
                    "{kind:?}.{}.{} is described as required but accepted blank",
                    field.name,
                    missing.name
                );
            }
        }
    }
}

#[test]
fn unknown_fields_are_refused_before_writing() {
    let mut fields = Map::new();
    fields.insert("titel".into(), json!("x"));
    let err = compose(KindSpec::of(Kind::News), &fields, "").unwrap_err();
    assert_eq!(err[0].field, "titel");
    assert!(err[0].hint.contains("title"), "{err:?}");
}

#[test]
fn composed_files_keep_the_documented_order() {
    let mut fields = Map::new();
    fields.insert("category".into(), json!("hoat-dong"));
    fields.insert("tags".into(), json!("Một\n\nHai "));
    fields.insert("title".into(), json!("Tin"));
    fields.insert("date".into(), json!("2026-11-20"));
    fields.insert("draft".into(), json!(false));
    let out = compose(KindSpec::of(Kind::News), &fields, "Thân bài.\r\n").unwrap();
    let keys: Vec<&str> = out
        .text
        .lines()
        .filter_map(|l| l.split_once(':').map(|p| p.0))
        .filter(|k| !k.starts_with(['-', ' ']))
        .collect();
    assert_eq!(keys, ["title", "date", "category", "tags"], "{}", out.text);
    assert!(out.text.ends_with("---\nThân bài.\n"), "{}", out.text);
    assert_eq!(out.field_at(3), Some("date"));
}

#[test]
fn new_files_follow_the_descriptions() {
    for kind in Kind::ALL {
        let spec = KindSpec::of(kind);
        let site = TestSite::fixture("basic");
        let out = crate::support::congkhai()
            .args(["new", kind_arg(kind), "Mục mẫu", "--root"])
            .arg(site.root())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", crate::support::stderr(&out));
        let path = site
            .root()
            .join("content")
            .join(kind.folder())
            .join(format!("muc-mau.{}", spec.extension()));
        let text = std::fs::read_to_string(path).unwrap();
        let mut at = 0;
        for field in spec.fields {
            let found = text[at..]
                .find(&format!("{}: ", field.name))
                .unwrap_or_else(|| panic!("{kind:?}: `{}` missing in\n{text}", field.name));
            at += found;
            let line = text[at..].lines().next().unwrap();
            assert!(line.contains(field.label), "{kind:?}: {line}");
            assert_eq!(
                line.contains("bắt buộc"),
                field.required,
                "{kind:?}: {line}"
            );
        }
    }
}

fn kind_arg(kind: Kind) -> &'static str {
    match kind {
        Kind::News => "news",
        Kind::Document => "document",
        Kind::Plan => "plan",
        Kind::Procedure => "procedure",
        Kind::Feedback => "feedback",
        Kind::Consultation => "consultation",
        Kind::Page => "page",
    }
}
