//! Writing a content file from field values (the editing desk's JSON): the
//! fields of the kind's description in their documented order, blank
//! optional values left out, as ordinary YAML (with a Markdown body for
//! Markdown kinds). The result is then checked by the loader like any file
//! an editor wrote by hand; this module only refuses what cannot be
//! written at all (an unknown field, a list where text belongs).
//!
//! The reverse, [`fields_of`], reads a file's header back into JSON for the
//! desk's forms.

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::kinds::{Field, FieldType, Format, KindSpec};
use super::source::Source;
use super::{clean, dates};
use crate::messages::{self, Staff};

/// A value that cannot be written, with the field it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's key (`title`, `tasks`).
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// What staff read.
    pub staff: Staff,
}

/// A composed file: its text and the line each top-level field is on.
#[derive(Debug, Clone)]
pub struct Composed {
    /// The file's text.
    pub text: String,
    /// The 1-based line of each top-level field written.
    pub lines: Vec<(usize, &'static str)>,
    /// The line the Markdown body starts on.
    pub body_line: Option<usize>,
}

impl Composed {
    /// The field on `line` (1-based): the last field starting at or before it.
    pub fn field_at(&self, line: usize) -> Option<&'static str> {
        if self.body_line.is_some_and(|b| line >= b) {
            return Some("body");
        }
        self.lines
            .iter()
            .take_while(|(l, _)| *l <= line)
            .last()
            .map(|(_, name)| *name)
    }
}

/// Writes `fields` and `body` as a file of the kind `spec` describes.
pub fn compose(
    spec: &KindSpec,
    fields: &Map<String, Value>,
    body: &str,
) -> Result<Composed, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let map = record(spec.fields, fields, "", &mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let yaml = if map.is_empty() {
        String::new()
    } else {
        yaml_serde::to_string(&map).expect("JSON values serialise as YAML")
    };
    Ok(file(spec, yaml, body))
}

/// The file of the kind from its YAML header and body, with the line each
/// top-level field starts on.
fn file(spec: &KindSpec, yaml: String, body: &str) -> Composed {
    let first = match spec.format {
        Format::Markdown => 2,
        Format::Yaml => 1,
    };
    let lines = yaml
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let key = top_key(line)?;
            let field = spec.fields.iter().find(|f| f.name == key)?;
            Some((first + i, field.name))
        })
        .collect();
    let body_line = matches!(spec.format, Format::Markdown).then(|| yaml.lines().count() + 3);
    let text = match spec.format {
        Format::Markdown => {
            let body = clean::body(&body.replace("\r\n", "\n"));
            format!("---\n{yaml}---\n{}\n", body.trim_end())
        }
        Format::Yaml => yaml,
    };
    Composed {
        text,
        lines,
        body_line,
    }
}

/// The values of one record (the item, a row, a group) in field order.
fn record(
    fields: &'static [Field],
    values: &Map<String, Value>,
    prefix: &str,
    problems: &mut Vec<FieldProblem>,
) -> IndexMap<&'static str, Value> {
    let mut out = IndexMap::new();
    // A misspelt key at any depth (`deadlin` in a plan task, `phon` under
    // `sender`) is refused, never dropped.
    for key in values.keys() {
        if !fields.iter().any(|f| f.name == key) {
            let names: Vec<&str> = fields.iter().map(|f| f.name).collect();
            problems.push(FieldProblem {
                field: format!("{prefix}{key}"),
                message: format!("`{prefix}{key}` is not a known field"),
                hint: format!("the fields here are: {}", names.join(", ")),
                staff: messages::unknown_field(),
            });
        }
    }
    for field in fields {
        let Some(value) = values.get(field.name) else {
            if field.required && prefix.is_empty() {
                out.insert(field.name, blank(field));
            }
            continue;
        };
        let name = format!("{prefix}{}", field.name);
        match value_of(field, value, &name, problems) {
            Some(v) => {
                out.insert(field.name, v);
            }
            None if field.required => {
                out.insert(field.name, blank(field));
            }
            None => {}
        }
    }
    out
}

/// What a required field left blank is written as, so that the loader's
/// check reports it at its line.
fn blank(field: &Field) -> Value {
    match field.ty {
        FieldType::List | FieldType::Attachments | FieldType::Rows(_) => Value::Array(vec![]),
        _ => Value::String(String::new()),
    }
}

/// One field's value as written, or None when it is blank.
fn value_of(
    field: &'static Field,
    value: &Value,
    name: &str,
    problems: &mut Vec<FieldProblem>,
) -> Option<Value> {
    let fail = |problems: &mut Vec<FieldProblem>, message: String, hint: &str| {
        let staff = match field.ty {
            FieldType::Number => messages::not_a_number(field.label),
            _ => messages::wrong_shape(field.label),
        };
        problems.push(FieldProblem {
            field: name.to_string(),
            message,
            hint: hint.to_string(),
            staff,
        });
        None
    };
    match (field.ty, value) {
        (_, Value::Null) => None,
        (FieldType::Bool(default), Value::Bool(b)) => (*b != default).then_some(Value::Bool(*b)),
        (FieldType::Bool(_), _) => fail(
            problems,
            format!("`{name}` must be yes or no"),
            "tick or untick the box",
        ),
        (FieldType::Number, Value::Number(n)) => Some(Value::Number(n.clone())),
        (FieldType::Number, Value::String(s)) if s.trim().is_empty() => None,
        (FieldType::Number, Value::String(s)) => match s.trim().replace(',', ".").parse::<f64>() {
            Ok(n) => serde_json::Number::from_f64(n)
                .map(|n| number(n, s))
                .or_else(|| {
                    fail(
                        problems,
                        format!("`{name}` is not a number"),
                        "write a number of days, e.g. 5",
                    )
                }),
            Err(_) => fail(
                problems,
                format!("`{name}` is not a number: `{s}`"),
                "write a number of days, e.g. 5",
            ),
        },
        (FieldType::List | FieldType::Attachments, Value::Object(_) | Value::Bool(_)) => fail(
            problems,
            format!("`{name}` must be a list of text lines"),
            "write one value a line",
        ),
        (FieldType::List | FieldType::Attachments, Value::Array(items))
            if items
                .iter()
                .any(|i| !matches!(i, Value::String(_) | Value::Number(_) | Value::Null)) =>
        {
            fail(
                problems,
                format!("`{name}` must be a list of text lines, not of records or lists"),
                "write one value a line",
            )
        }
        (FieldType::List | FieldType::Attachments, _) => {
            let items = lines(value);
            if matches!(field.ty, FieldType::Attachments) {
                for item in &items {
                    if !plain_file_name(item) {
                        return fail(
                            problems,
                            format!("`{item}` is not a file name"),
                            "attach the file with the upload button; only the file's name is kept",
                        );
                    }
                }
            }
            (!items.is_empty())
                .then(|| Value::Array(items.into_iter().map(Value::String).collect()))
        }
        (FieldType::Rows(sub), Value::Array(rows)) => {
            let mut out = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                let Value::Object(row) = row else {
                    return fail(
                        problems,
                        format!("row {} of `{name}` is not a record", i + 1),
                        "",
                    );
                };
                let written = record(sub, row, &format!("{name}.{}.", i), problems);
                if !written.is_empty() {
                    let required = sub.iter().filter(|f| f.required);
                    let mut written = written;
                    for f in required {
                        written.entry(f.name).or_insert_with(|| blank(f));
                    }
                    out.push(serde_json::to_value(written).expect("maps serialise"));
                }
            }
            (!out.is_empty()).then_some(Value::Array(out))
        }
        (FieldType::Group(sub), Value::Object(map)) => {
            let written = record(sub, map, &format!("{name}."), problems);
            // A group left blank in the form (its required fields are
            // filled with blanks) is no group at all.
            let filled = written.values().any(|v| match v {
                Value::String(s) => !s.is_empty(),
                Value::Array(a) => !a.is_empty(),
                _ => true,
            });
            filled.then(|| serde_json::to_value(written).expect("maps serialise"))
        }
        (FieldType::Rows(_) | FieldType::Group(_), _) => {
            fail(problems, format!("`{name}` must be a list of records"), "")
        }
        (_, Value::String(s)) => {
            let s = cleaned(field.ty, s);
            let s = s.trim();
            if matches!(field.ty, FieldType::Attachment) && !s.is_empty() && !plain_file_name(s) {
                return fail(
                    problems,
                    format!("`{s}` is not a file name"),
                    "attach the file with the upload button; only the file's name is kept",
                );
            }
            (!s.is_empty()).then(|| Value::String(s.to_string()))
        }
        (_, Value::Number(n)) => Some(Value::String(n.to_string())),
        (_, Value::Bool(b)) => Some(Value::String(b.to_string())),
        (_, _) => fail(
            problems,
            format!("`{name}` must be text"),
            "write it as one line of text",
        ),
    }
}

/// A typed or pasted value as it is written: NFC without invisible
/// characters, one-line fields with plain spaces, and dates typed day
/// first (`1/12/2026`, `1/12/2026 08:00`, `02/2026`) written as the files
/// write them (`2026-12-01`...), so they sort and group by their year.
fn cleaned(ty: FieldType, s: &str) -> String {
    match ty {
        FieldType::Long => clean::text(&s.replace("\r\n", "\n")).into_owned(),
        FieldType::Date | FieldType::DateTime | FieldType::PartialDate => {
            let s = clean::line(s);
            dates::day_first_to_iso(&s).unwrap_or(s)
        }
        _ => clean::line(s),
    }
}

/// A whole number stays whole (`5`, not `5.0`).
fn number(n: serde_json::Number, _text: &str) -> Value {
    match n.as_f64() {
        Some(f) if f.fract() == 0.0 && f.abs() < 1e15 => Value::from(f as i64),
        _ => Value::Number(n),
    }
}

/// The non-blank lines of a list value: an array of strings or one text.
fn lines(value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut push = |s: &str| {
        for line in s.lines() {
            let line = clean::line(line);
            if !line.is_empty() {
                out.push(line);
            }
        }
    };
    match value {
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::String(s) => push(s),
                    Value::Number(n) => push(&n.to_string()),
                    _ => {}
                }
            }
        }
        Value::String(s) => push(s),
        _ => {}
    }
    out
}

/// A name with no folder part, not hidden.
pub fn plain_file_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\', '\0']) && name != ".."
}

/// A file's header fields as JSON, and its body, for the desk's forms.
/// Read with the kind's field types: a text field keeps its source text
/// (`code: 2.000480` stays `"2.000480"`, `fee: 1e5` stays `"1e5"`), numbers
/// and yes/no stay typed, and a field the kind does not describe is read
/// as it is (the loader refuses it; the form says so).
pub fn fields_of(spec: &KindSpec, src: &Source) -> Result<(Map<String, Value>, String), String> {
    if src.header.trim().is_empty() {
        return Ok((Map::new(), src.body.clone()));
    }
    crate::yaml::check_expansion(&src.header)?;
    let de = yaml_serde::Deserializer::from_str(&src.header);
    match serde::de::DeserializeSeed::deserialize(Typed(spec.fields), de) {
        Ok(Value::Object(map)) => Ok((map, src.body.clone())),
        Ok(Value::Null) => Ok((Map::new(), src.body.clone())),
        Ok(_) => Err("the header is not a list of fields".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Reads a record (the item, a row, a group) by its fields' types.
#[derive(Clone, Copy)]
struct Typed(&'static [Field]);

/// Reads one value as its field's type asks.
#[derive(Clone, Copy)]
struct OfField(&'static Field);

/// Reads a scalar as its source text (`null` and `~` as nothing).
#[derive(Clone, Copy)]
struct Text;

impl<'de> serde::de::DeserializeSeed<'de> for Typed {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Typed {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("fields")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = match self.0.iter().find(|f| f.name == key) {
                Some(field) => map.next_value_seed(OfField(field))?,
                None => map.next_value::<Value>()?,
            };
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for OfField {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        match self.0.ty {
            FieldType::Number | FieldType::Bool(_) => Value::deserialize(d),
            FieldType::Rows(sub) | FieldType::Group(sub) => d.deserialize_any(Records(sub)),
            FieldType::List | FieldType::Attachments => d.deserialize_any(Lines),
            _ => Text.deserialize(d),
        }
    }
}

/// A list of records, or one record.
struct Records(&'static [Field]);

impl<'de> serde::de::Visitor<'de> for Records {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("records")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Typed(self.0))? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Value, A::Error> {
        Typed(self.0).visit_map(map)
    }
}

/// A list of lines, or one line (`partners: Văn phòng Sở`).
struct Lines;

impl<'de> serde::de::Visitor<'de> for Lines {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a list of text")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(Text)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Text {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Text {
    type Value = Value;
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("text")
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        // A scalar as written: the YAML deserializer hands a plain scalar
        // to a string visitor as its source text.
        String::deserialize(d).map(Value::String)
    }
}

/// Writes `fields` and `body` over the file `original` was read from,
/// changing only what changed: a top-level field whose value is the same
/// keeps its lines byte for byte (comments, quoting, order); a changed one
/// is written anew where it was; a new one goes after the fields that come
/// before it in the documented order; a cleared one is removed.
pub fn compose_over(
    spec: &KindSpec,
    original: &Source,
    fields: &Map<String, Value>,
    body: &str,
) -> Result<Composed, Vec<FieldProblem>> {
    let fresh = compose(spec, fields, body)?;
    let Ok((old_fields, _)) = fields_of(spec, original) else {
        return Ok(fresh);
    };
    let mut ignored = Vec::new();
    let old = record(spec.fields, &old_fields, "", &mut ignored);
    let mut problems = Vec::new();
    let new = record(spec.fields, fields, "", &mut problems);
    let blocks = blocks(&original.header);
    // A header the block reader cannot follow (flow style at the top, a
    // key indented) is written fresh.
    if blocks
        .iter()
        .any(|(k, _)| k.as_deref().is_some_and(|k| spec.field(k).is_none()))
        || !ignored.is_empty()
    {
        return Ok(fresh);
    }
    let written = |key: &str, value: &Value| -> String {
        let mut one = IndexMap::new();
        one.insert(key, value.clone());
        yaml_serde::to_string(&one).expect("JSON values serialise as YAML")
    };
    let order = |key: &str| {
        spec.fields
            .iter()
            .position(|f| f.name == key)
            .unwrap_or(usize::MAX)
    };
    let mut out: Vec<(Option<&str>, String)> = Vec::new();
    for (key, text) in &blocks {
        let Some(key) = key.as_deref() else {
            out.push((None, text.clone()));
            continue;
        };
        match (old.get(key), new.get(key)) {
            (Some(a), Some(b)) if a == b => out.push((Some(key), text.clone())),
            (_, Some(b)) => out.push((Some(key), written(key, b))),
            (_, None) => {}
        }
    }
    for (key, value) in &new {
        if out.iter().any(|(k, _)| *k == Some(*key)) {
            continue;
        }
        let at = out
            .iter()
            .rposition(|(k, _)| k.is_some_and(|k| order(k) < order(key)))
            .map_or(out.iter().take_while(|(k, _)| k.is_none()).count(), |i| {
                i + 1
            });
        out.insert(at, (Some(key), written(key, value)));
    }
    let yaml: String = out.into_iter().map(|(_, t)| t).collect();
    Ok(file(spec, yaml, body))
}

/// The key a top-level header line starts (`title: ...` → `title`).
fn top_key(line: &str) -> Option<&str> {
    let (key, _) = line.split_once(':')?;
    let ok = !key.is_empty()
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then_some(key)
}

/// A header cut into its top-level fields, each with every line up to the
/// next one (its value, its comments); lines before the first field have
/// no key.
fn blocks(header: &str) -> Vec<(Option<String>, String)> {
    let mut out: Vec<(Option<String>, String)> = Vec::new();
    for line in header.split_inclusive('\n') {
        let line = if line.ends_with('\n') {
            line.to_string()
        } else {
            format!("{line}\n")
        };
        match top_key(&line) {
            Some(key) => out.push((Some(key.to_string()), line)),
            None => match out.last_mut() {
                Some((_, text)) => text.push_str(&line),
                None => out.push((None, line)),
            },
        }
    }
    out
}
