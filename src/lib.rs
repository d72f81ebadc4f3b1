//! congkhai: a static site generator for the information portal of a
//! Vietnamese provincial Department of Justice.
//!
//! The modules follow the build's stages, each depending only on those above:
//! [`config`] → [`content`] → [`site`] → [`render`] → [`output`] → [`build`].

pub mod build;
pub mod config;
pub mod confine;
pub mod content;
pub mod error;
pub mod links;
pub mod markdown;
pub mod output;
pub mod render;
pub mod report;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;
