//! Fuzz target: any bytes as a content file of any kind must give success or
//! located diagnostics, never a panic. Run with
//! `cargo +nightly fuzz run content_file` from the repository root.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use congkhai_core::config::Config;
use congkhai_core::content::{check_file, Kind};
use libfuzzer_sys::fuzz_target;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(Config::default_for_test)
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let kind = Kind::ALL[selector as usize % Kind::ALL.len()];
    let path = Path::new("content/fuzz.md");
    for d in check_file(config(), kind, path, bytes) {
        assert_eq!(d.path, path);
    }
});
