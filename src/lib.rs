//! congkhai: a static site generator for the information portal of a
//! Vietnamese provincial Department of Justice.
//!
//! The modules follow the build's stages, each depending only on those
//! before it:
//!
//! - foundations: [`error`], [`yaml`], [`slug`], [`markdown`], [`confine`]
//!   (symbolic links kept inside the site), [`routes`] (every URL);
//! - [`config`] (`site.yaml`) → [`content`] (the files) → [`site`] (the
//!   model and the tracker) → [`report`];
//! - [`theme`] → [`render`] (pages) → [`output`] (feeds, open data, search,
//!   the staging folder) and [`links`] (the link check);
//! - [`build`] ties the stages together; [`serve`] and [`scaffold`] use it.
//!
//! One exception: `render` reads `output::data::DATASETS`, the table that
//! describes the open datasets on `/du-lieu/`.

pub mod build;
pub mod config;
pub mod confine;
pub mod content;
pub mod error;
pub mod links;
pub mod markdown;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod routes;
pub mod scaffold;
pub mod serve;
pub mod site;
pub mod slug;
pub mod theme;
pub mod yaml;
