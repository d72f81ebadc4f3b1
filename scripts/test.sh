#!/usr/bin/env bash
# Runs every check and test: formatting, lints, the Rust test suite (with
# --locked, so Cargo.lock is honoured), then the browser suite (nginx +
# headless Chromium + axe-core), which installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked
tests/browser/run.sh
