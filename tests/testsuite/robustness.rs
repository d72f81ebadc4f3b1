//! Any bytes given as a content file yield a located error or success,
//! never a panic.

use std::path::Path;

use congkhai_core::config::Config;
use congkhai_core::content::{check_file, Kind};
use proptest::prelude::*;

fn config() -> Config {
    Config::default_for_test()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), kind in 0usize..6) {
        let kind = Kind::ALL[kind];
        let path = Path::new("content/x.md");
        for d in check_file(&config(), kind, path, &bytes) {
            prop_assert_eq!(d.path.as_path(), path);
        }
    }

    #[test]
    fn header_like_text_never_panics(
        lines in proptest::collection::vec("[a-z_]{1,12}: ?[-\\[\\]{}:'\"#&*!|>%@`0-9a-zA-Zđươ ./]{0,30}", 0..12),
        kind in 0usize..6,
    ) {
        let text = format!("---\n{}\n---\nbody\n", lines.join("\n"));
        let path = Path::new("content/x.md");
        for d in check_file(&config(), Kind::ALL[kind], path, text.as_bytes()) {
            prop_assert!(d.line.is_some(), "diagnostic without a line: {d}");
        }
    }
}

#[test]
fn yaml_alias_bombs_are_refused_quickly() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\ncode: x\n";
    let problems = check_file(
        &config(),
        Kind::Procedure,
        Path::new("content/procedures/bomb.yaml"),
        bomb.as_bytes(),
    );
    assert!(!problems.is_empty());
}

/// A 150 KB plan whose task names its partners through nested aliases (a
/// "billion laughs"; the list accepts text or a list, so serde buffers the
/// value whole): refused with its file and line, instead of taking
/// gigabytes to expand (5.9 GB and still going after 20 s before).
#[test]
fn nested_yaml_aliases_are_refused_with_file_and_line() {
    let site = crate::support::TestSite::fixture("basic");
    let lols = vec!["\"lol lol lol lol\""; 8000].join(", ");
    let mut chain = vec![format!("&x0 [{lols}]")];
    for i in 1..12 {
        chain.push(format!(
            "&x{i} [{}]",
            vec![format!("*x{}", i - 1); 12].join(", ")
        ));
    }
    let plan = std::fs::read_to_string(site.root().join("content/plans/ke-hoach-cchc.md")).unwrap();
    let plan = plan.replace(
        "    partners: các phòng, đơn vị thuộc Sở",
        &format!("    partners: [{}]", chain.join(", ")),
    );
    assert!(plan.len() > 150_000);
    site.write("content/plans/ke-hoach-cchc.md", &plan);
    let out = crate::support::congkhai()
        .args(["check", "--today", "2026-04-20", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = crate::support::stderr(&out);
    assert!(err.contains("content/plans/ke-hoach-cchc.md:13:"), "{err}");
    assert!(err.contains("aliases"), "{err}");
}
