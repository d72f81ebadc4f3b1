//! congkhai: a static site generator for the information portal of a
//! Vietnamese provincial Department of Justice.
//!
//! The modules follow the build's stages, each depending only on those
//! before it:
//!
//! - foundations: [`error`], [`escape`], [`filetype`]
//!   (what may be an attachment), [`yaml`], [`slug`], [`markdown`], [`confine`]
//!   (symbolic links kept inside the site), [`routes`] (every URL);
//! - [`config`] (`site.yaml`) → [`content`] (the files; `content::kinds`
//!   describes each kind's fields for loading, `new` and the desk) →
//!   [`site`] (the model and the tracker) → [`report`];
//! - [`theme`] → [`render`] (pages, and what each page shows) → [`output`]
//!   (feeds, open data, search, the staging folder) and [`links`] (the link
//!   check);
//! - [`pipeline`] (one site ready to render) → [`build`]; [`serve`] (the
//!   preview and the editing desk) and [`scaffold`] use them.
//!
//! One exception: `render` reads `output::data::DATASETS`, the table that
//! describes the open datasets on `/du-lieu/`.

pub mod build;
pub mod config;
pub mod confine;
pub mod content;
pub mod error;
pub mod escape;
pub mod filetype;
pub mod links;
pub mod markdown;
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
