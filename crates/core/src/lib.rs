//! congkhai-core: the static site generator of congkhai (the information
//! portal of a Vietnamese provincial Department of Justice), with no async
//! runtime, HTTP or file watching: the preview and the editing desk are in
//! `congkhai-server`, the command line in the root package.
//!
//! The modules follow the build's stages, each depending only on those
//! before it:
//!
//! - foundations: [`error`], [`escape`] (and HTML to plain text), [`hash`],
//!   [`datasets`] (the open data's files and columns), [`filetype`]
//!   (what may be an attachment), [`yaml`], [`slug`], [`markdown`], [`confine`]
//!   (symbolic links kept inside the site), [`routes`] (every URL);
//! - [`config`] (`site.yaml`) → [`content`] (the files; `content::kinds`
//!   describes each kind's fields for loading, `new` and the desk) →
//!   [`site`] (the model and the tracker) → [`report`];
//! - [`theme`] → [`render`] (pages, and what each page shows) → [`output`]
//!   (feeds, open data, search, the staging folder) and [`links`] (the link
//!   check);
//! - [`pipeline`] (one site ready to render) → [`build`]; [`scaffold`]
//!   (`new` and `init`).

pub mod build;
pub mod config;
pub mod confine;
pub mod content;
pub mod datasets;
pub mod error;
pub mod escape;
pub mod filetype;
pub mod hash;
pub mod links;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod routes;
pub mod scaffold;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;
