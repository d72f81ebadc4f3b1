//! Fuzz target: the desk's compose/parse round trip. Any text values put
//! into a kind's text fields, composed into a file and read back by the
//! desk's typed reader, give the same values (`parse(compose(fields)) ==
//! fields`), and composing never panics. Run with
//! `cargo +nightly fuzz run compose_roundtrip` from the repository root.
#![no_main]

use congkhai_core::content::compose::{compose, fields_of};
use congkhai_core::content::kinds::{FieldType, KindSpec};
use congkhai_core::content::source::Source;
use congkhai_core::content::Kind;
use libfuzzer_sys::fuzz_target;
use serde_json::{Map, Value};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    // Control characters are dropped by the loader on purpose.
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return;
    }
    let spec = KindSpec::of(Kind::ALL[selector as usize % Kind::ALL.len()]);
    let names = spec
        .fields
        .iter()
        .filter(|f| matches!(f.ty, FieldType::Text | FieldType::Long))
        .map(|f| f.name);
    let mut fields = Map::new();
    for (name, value) in names.zip(text.split('\u{1f}').chain(text.split('|'))) {
        fields.insert(name.to_string(), Value::String(value.to_string()));
    }
    let Ok(composed) = compose(spec, &fields, "") else { return };
    let path = std::path::PathBuf::from(format!("content/x.{}", spec.extension()));
    let src = Source::split(&path, composed.text.as_bytes()).expect("composed files split");
    let (back, _) = fields_of(spec, &src).expect("composed files read back");
    for (name, value) in &fields {
        let want = value.as_str().unwrap().trim();
        if !want.is_empty() {
            assert_eq!(back.get(name).and_then(Value::as_str), Some(want), "{}", composed.text);
        }
    }
});
