#!/usr/bin/env bash
# Runs every check and test: formatting, lints, the Rust test suite (with
# --locked, so Cargo.lock is honoured), then the browser suite (nginx +
# headless Chromium + axe-core), which installs what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --all --check
cargo clippy --locked --workspace --all-targets -- -D warnings
cargo test --locked --workspace
tests/browser/run.sh
