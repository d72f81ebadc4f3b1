//! What the desk saves is exactly what was meant: hand-written files
//! (`tests/fixtures/roundtrip/`: numeric-looking text, both date formats,
//! block and folded text, flow lists, comments, Unicode) are opened in the
//! desk and saved with one field edited; every other field keeps its lines
//! byte for byte, and a save with no edit leaves the file as it was.

use serde_json::{json, Value};

use crate::desk::Desk;
use crate::support::*;

/// (kind, id, file) of every file of the corpus.
const CORPUS: &[(&str, &str, &str)] = &[
    ("procedures", "ma-so", "content/procedures/ma-so.yaml"),
    ("news", "tin", "content/news/tin.md"),
    ("documents", "vb", "content/documents/vb.md"),
    ("plans", "kh", "content/plans/kh.md"),
    ("feedback", "pakn", "content/feedback/pakn.yaml"),
    (
        "consultations",
        "du-thao",
        "content/consultations/du-thao.md",
    ),
    ("pages", "gt", "content/pages/gt.md"),
];

/// The header's top-level fields, each with all its lines.
fn blocks(text: &str) -> Vec<(String, String)> {
    let header = match text.strip_prefix("---\n") {
        Some(rest) => rest.split("\n---\n").next().unwrap_or("").to_string() + "\n",
        None => text.to_string(),
    };
    let mut out: Vec<(String, String)> = Vec::new();
    for line in header.split_inclusive('\n') {
        let key = line.split(':').next().unwrap_or("");
        let top = !key.is_empty() && !key.starts_with([' ', '#', '-']) && line.contains(':');
        match (top, out.last_mut()) {
            (true, _) | (false, None) => out.push((
                if top { key.to_string() } else { String::new() },
                line.to_string(),
            )),
            (false, Some((_, t))) => t.push_str(line),
        }
    }
    out
}

/// Another value of the same type for `value`, or None to leave it.
fn edited(value: &Value) -> Option<Value> {
    Some(match value {
        // A date written the other way (the same day, so the item's own
        // rules still hold).
        Value::String(s) if s.len() == 10 && s.chars().filter(|c| *c == '/').count() == 2 => {
            let p: Vec<&str> = s.split('/').collect();
            json!(format!("{}-{}-{}", p[2], p[1], p[0]))
        }
        Value::String(s) if s.len() == 10 && s.as_bytes()[4] == b'-' => {
            let p: Vec<&str> = s.split('-').collect();
            json!(format!("{}/{}/{}", p[2], p[1], p[0]))
        }
        Value::String(s) if s.len() == 7 && s.as_bytes()[4] == b'-' => json!("2026-03"),
        Value::String(s) if s.chars().all(|c| c.is_ascii_lowercase() || c == '-') => return None, // a choice
        Value::String(s) => json!(format!("{s} (sửa)")),
        Value::Number(n) => json!(n.as_i64()? + 1),
        Value::Bool(b) => json!(!b),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let mut items = items.clone();
            items.push(json!("Dòng thêm"));
            Value::Array(items)
        }
        _ => return None,
    })
}

#[test]
fn a_save_that_edits_one_field_leaves_every_other_line_as_it_was() {
    let site = TestSite::fixture("roundtrip");
    let desk = Desk::start(&site, &[]);
    let mut edits = 0;
    for (kind, id, file) in CORPUS {
        let path = site.root().join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        let item_url = format!("/__congkhai/api/items/{kind}/{id}");
        // A save with no edit changes nothing.
        let (status, item) = desk.get(&item_url);
        assert_eq!(status, 200, "{file}: {item}");
        let body = item["body"].clone();
        let (status, v) = desk.send(
            "PUT",
            &item_url,
            json!({"fields": item["fields"], "body": body, "version": item["version"]}),
        );
        assert_eq!(status, 200, "{file}: {v}");
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            original,
            "{file}: a save with no edit"
        );
        for (key, value) in item["fields"].as_object().unwrap() {
            // Values the site must know (a file beside the item, a category).
            if ["file", "files", "category", "procedure"].contains(&key.as_str()) {
                continue;
            }
            let Some(new_value) = edited(value) else {
                continue;
            };
            let (_, item) = desk.get(&item_url);
            let mut fields = item["fields"].clone();
            fields[key] = new_value.clone();
            let (status, v) = desk.send(
                "PUT",
                &item_url,
                json!({"fields": fields, "body": body, "version": item["version"]}),
            );
            assert_eq!(status, 200, "{file}: editing {key} to {new_value}: {v}");
            let saved = std::fs::read_to_string(&path).unwrap();
            for (other, lines) in blocks(&original) {
                if other != *key {
                    assert!(
                        saved.contains(&lines),
                        "{file}: editing {key} changed {other}:\n{lines}\n---\n{saved}"
                    );
                }
            }
            let (_, back) = desk.get(&item_url);
            // A yes/no set to its default is left out of the file.
            let back = &back["fields"][key];
            // A date typed day first is written year first; the same day
            // written either way is no edit.
            let day = |v: &Value| {
                v.as_str()
                    .and_then(congkhai_core::content::dates::day_first_to_iso)
                    .or_else(|| v.as_str().map(str::to_string))
            };
            assert!(
                *back == new_value
                    || (back.is_null() && new_value.is_boolean())
                    || (new_value.is_string() && day(back) == day(&new_value)),
                "{file}: {key} reads back as {back}, saved {new_value}"
            );
            edits += 1;
            std::fs::write(&path, &original).unwrap();
        }
    }
    eprintln!("{edits} single-field edits");
    assert!(edits >= 40, "{edits} edits");
}

#[test]
fn numeric_looking_text_is_read_as_written() {
    let site = TestSite::fixture("roundtrip");
    let desk = Desk::start(&site, &[]);
    let (_, p) = desk.get("/__congkhai/api/items/procedures/ma-so");
    assert_eq!(p["fields"]["code"], "2.000480");
    assert_eq!(p["fields"]["fee"], "1e5");
    assert_eq!(p["fields"]["statutory_days"], 1);
    let (_, f) = desk.get("/__congkhai/api/items/feedback/pakn");
    assert_eq!(f["fields"]["code"], "0012");
    assert_eq!(f["fields"]["received"], "02/03/2026");
    let (_, n) = desk.get("/__congkhai/api/items/news/tin");
    assert_eq!(n["fields"]["tags"], json!(["hộ tịch", "tập huấn"]));
}

#[test]
fn a_one_word_status_change_rewrites_only_the_tasks() {
    let site = TestSite::fixture("roundtrip");
    let desk = Desk::start(&site, &[]);
    let path = site.root().join("content/plans/kh.md");
    let original = std::fs::read_to_string(&path).unwrap();
    let (_, item) = desk.get("/__congkhai/api/items/plans/kh");
    let mut fields = item["fields"].clone();
    fields["tasks"][1]["status"] = json!("Hoàn thành");
    let (status, v) = desk.send(
        "PUT",
        "/__congkhai/api/items/plans/kh",
        json!({"fields": fields, "body": item["body"], "version": item["version"]}),
    );
    assert_eq!(status, 200, "{v}");
    let saved = std::fs::read_to_string(&path).unwrap();
    for (key, lines) in blocks(&original) {
        if key != "tasks" {
            assert!(saved.contains(&lines), "{key} changed:\n{saved}");
        }
    }
    assert!(saved.contains("Hoàn thành"));
}

mod property {
    use congkhai_core::content::compose::{compose, fields_of};
    use congkhai_core::content::kinds::{FieldType, KindSpec};
    use congkhai_core::content::source::Source;
    use congkhai_core::content::Kind;
    use proptest::prelude::*;
    use serde_json::{Map, Value};

    /// The text fields of a kind (one line or several).
    fn text_fields(spec: &KindSpec) -> Vec<&'static str> {
        spec.fields
            .iter()
            .filter(|f| matches!(f.ty, FieldType::Text | FieldType::Long))
            .map(|f| f.name)
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// `parse(compose(fields)) == fields` for text that looks like
        /// numbers, dates, booleans, YAML syntax or Vietnamese.
        #[test]
        fn compose_then_parse_gives_the_fields_back(
            kind in 0usize..7,
            values in proptest::collection::vec(
                prop_oneof![
                    "[0-9]{1,3}\\.[0-9]{3,6}",
                    "[0-9]e[0-9]",
                    "(yes|no|true|false|null|~|on|off|NO|Yes)",
                    "[0-9]{2}/[0-9]{2}/[0-9]{4}",
                    "[-:#&*!|>'\"%@`{}\\[\\], a-zA-Zđươạễ]{1,24}",
                    "[a-zA-Zăâđêôơư ]{1,12}\n[a-zA-Z ]{1,12}",
                ],
                1..8,
            ),
        ) {
            let spec = KindSpec::of(Kind::ALL[kind % Kind::ALL.len()]);
            let names = text_fields(spec);
            let mut fields = Map::new();
            for (name, value) in names.iter().zip(&values) {
                fields.insert(name.to_string(), Value::String(value.clone()));
            }
            let Ok(composed) = compose(spec, &fields, "Thân bài.") else {
                return Ok(()); // a multi-line value in a one-line field is refused, fine
            };
            let path = std::path::PathBuf::from(format!("content/x.{}", spec.extension()));
            let src = Source::split(&path, composed.text.as_bytes()).unwrap();
            let (back, _) = fields_of(spec, &src).unwrap();
            for (name, value) in &fields {
                // What a one-line field is written as: runs of spaces made one.
                let one_line = matches!(spec.field(name).map(|f| f.ty), Some(FieldType::Text));
                let value = value.as_str().unwrap();
                let want = if one_line {
                    congkhai_core::content::clean::line(value)
                } else {
                    value.trim().to_string()
                };
                if want.is_empty() {
                    continue;
                }
                prop_assert_eq!(back.get(name).and_then(Value::as_str), Some(want.as_str()), "{}\n{}", name, composed.text);
            }
        }
    }
}
