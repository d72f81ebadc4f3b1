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
        FieldType::Named(names) => json!(names[0]),
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
    KindSpec::of(kind).names[0]
}

/// Every file under `public/PREFIX` whose text contains `needle`.
fn files_holding(site: &TestSite, prefix: &str, needle: &str) -> Vec<String> {
    let public = site.root().join("public");
    walkdir::WalkDir::new(public.join(prefix.trim_start_matches('/')))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains(needle))
        })
        .map(|e| {
            let rel = e.path().strip_prefix(&public).unwrap();
            format!("/{}", rel.to_string_lossy())
        })
        .collect()
}

/// Writes one published item of `spec` (and, for kinds with drafts, one
/// draft) from the description alone, and returns their slugs.
fn write_items(site: &TestSite, config: &Config, spec: &KindSpec) -> (String, Option<String>) {
    // Every field, so that rows (a plan's tasks and indicators) are there.
    let mut fields = record(spec.fields, config, |_| true);
    if spec.kind == Kind::Document {
        fields.insert("in_force".into(), json!("expired"));
    }
    if spec.field("draft").is_some() {
        fields.insert("draft".into(), json!(false));
    }
    if spec.kind == Kind::Feedback {
        // The procedure written by this test, whose code is rewritten below.
        fields.insert("procedure".into(), json!("MA-muc-thu-procedures"));
    }
    let write = |slug: &str, fields: &Map<String, Value>| {
        let mut fields = fields.clone();
        fields.insert("slug".into(), json!(slug));
        // The title marks the item in every output file (data files
        // name plans by title, not address).
        fields.insert(spec.title.into(), json!(format!("Mục {slug}")));
        if let Some(code) = fields.get_mut("code") {
            *code = json!(format!("MA-{slug}"));
        }
        let composed = compose(spec, &fields, "Nội dung.").expect("described fields compose");
        let path = format!("content/{}/{slug}.{}", spec.key(), spec.extension());
        site.write(&path, composed.text);
    };
    let slug = format!("muc-thu-{}", spec.key());
    write(&slug, &fields);
    let draft = spec.field("draft").map(|_| {
        let draft = format!("ban-nhap-{}", spec.key());
        let mut fields = fields.clone();
        fields.insert("draft".into(), json!(true));
        write(&draft, &fields);
        draft
    });
    (slug, draft)
}

#[test]
fn every_kind_reaches_the_stages_its_description_names() {
    let site = site();
    // The fixture's procedure code, which `FieldType::Procedure` samples use.
    let config = Config::from_disk(site.root()).unwrap();
    let mut written = Vec::new();
    for spec in KindSpec::all() {
        written.push((spec, write_items(&site, &config, spec)));
    }
    // `--drafts`: drafts get pages, yet never reach feeds, data or sitemaps.
    let out = site.build("2026-12-01", &["--drafts"]);
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    for (spec, (slug, draft)) in &written {
        let kind = spec.kind;
        let url = spec.item_url(slug);
        assert!(
            site.exists(&format!("{}index.html", &url[1..])),
            "{kind:?}: no page {url}"
        );
        // Feeds: the section's and the combined one, when fed.
        let feeds = files_holding(&site, "/", &format!("{url}</id>"));
        match (spec.feed, spec.section) {
            (Some(_), Some(section)) => {
                for feed in ["/atom.xml".to_string(), format!("{}atom.xml", section.url)] {
                    assert!(feeds.contains(&feed), "{kind:?}: {url} not in {feed}");
                }
            }
            _ => assert!(feeds.is_empty(), "{kind:?} is not fed, yet {feeds:?}"),
        }
        // Open data: exactly the datasets the description names.
        // The tracker's report (theo-doi.*) names plans in its figures; it
        // is a report, not an export of items.
        let mut data = files_holding(&site, "/du-lieu", &format!("Mục {slug}"));
        data.retain(|f| !f.ends_with(".html") && !f.contains("/theo-doi."));
        data.sort();
        let mut expected: Vec<String> = spec.open_data.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(data, expected, "{kind:?}: open data");
        // Search and the sitemap.
        let searched = !files_holding(&site, "/tim-kiem/d", &url).is_empty();
        assert_eq!(searched, spec.searched, "{kind:?}: search index");
        assert!(site.read("sitemap.xml").contains(&url), "{kind:?}: sitemap");
        if let Some(draft) = draft {
            let draft_url = spec.item_url(draft);
            assert!(
                site.exists(&format!("{}index.html", &draft_url[1..])),
                "{kind:?}: draft page"
            );
            let leaks: Vec<String> = ["/du-lieu", "/sitemap.xml"]
                .iter()
                .flat_map(|p| files_holding(&site, p, &format!("Mục {draft}")))
                .chain(files_holding(&site, "/sitemap.xml", &draft_url))
                .chain(
                    files_holding(&site, "/", &draft_url)
                        .into_iter()
                        .filter(|f| f.ends_with(".xml")),
                )
                .filter(|f| !f.ends_with(".html"))
                .collect();
            assert!(leaks.is_empty(), "{kind:?}: a draft in {leaks:?}");
        }
    }
    // `init` makes every kind's folder, `new` knows every kind by name.
    let fresh = tempfile::tempdir().unwrap();
    let out = crate::support::congkhai()
        .arg("init")
        .arg(fresh.path().join("site"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::support::stderr(&out));
    for spec in KindSpec::all() {
        let folder = fresh.path().join("site/content").join(spec.key());
        assert!(folder.is_dir(), "init made no {}", folder.display());
        for name in spec.names {
            assert_eq!(KindSpec::by_name(name).map(|s| s.kind), Some(spec.kind));
        }
    }
    let help = crate::support::congkhai()
        .args(["new", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    for spec in KindSpec::all() {
        assert!(
            help.contains(spec.names[0]),
            "`new --help` omits {}",
            spec.names[0]
        );
    }
}

#[test]
fn two_pages_at_one_address_are_an_error_naming_the_file() {
    // `/ke-hoach/don-vi/` is the list of lead units: a plan there would
    // silently replace it.
    let site = TestSite::fixture("basic");
    let plan = std::fs::read_to_string(site.root().join("content/plans/ke-hoach-cchc.md")).unwrap();
    let plan = plan.replacen("---\n", "---\nslug: don-vi\n", 1);
    site.write("content/plans/ke-hoach-cchc.md", plan);
    let out = site.build("2026-12-01", &[]);
    assert!(!out.status.success());
    let err = crate::support::stderr(&out);
    assert!(
        err.contains("content/plans/ke-hoach-cchc.md")
            && err.contains("two pages at the web address /ke-hoach/don-vi/"),
        "{err}"
    );
    assert!(!site.exists("index.html"), "nothing is written");
}
