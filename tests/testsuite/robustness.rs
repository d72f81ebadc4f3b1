//! Any bytes given as a content file yield a located error or success,
//! never a panic.

use std::path::Path;

use congkhai::config::Config;
use congkhai::content::{check_file, Kind};
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
