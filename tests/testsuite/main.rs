//! Integration tests: the real `congkhai` binary run on fixture sites copied
//! into temporary folders. One module per feature.

mod build;
mod dates;
mod default_site;
mod errors;
mod report;
mod support;
mod themes;
