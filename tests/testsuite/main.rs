//! Integration tests: the real `congkhai` binary run on fixture sites copied
//! into temporary folders. One module per feature.

// The API lints are for the crates' public interfaces, not test helpers.
#![allow(missing_docs, unreachable_pub)]

mod authoring;
mod build;
mod cache;
mod check;
mod dates;
mod default_site;
pub mod desk;
mod domain;
mod duties;
mod errors;
mod finding;
mod kinds;
mod office;
mod privacy;
mod report;
mod robustness;
mod roundtrip;
mod safety;
mod scan;
mod search;
mod security;
pub mod serve;
mod support;
mod themes;
mod tracker_rules;
mod xss;
