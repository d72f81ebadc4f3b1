//! Loading `content/`: six kinds of content plus static pages, one folder
//! each, read in parallel and checked file by file.
//!
//! The result is either every item of the site or every problem found, never
//! a partial site: a build with one broken file stops with all diagnostics.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

pub mod cache;
pub mod check;
pub mod clean;
pub mod compose;
pub mod consultation;
pub mod dates;
pub mod deadline;
pub mod document;
pub mod feedback;
pub mod item;
pub mod kinds;
pub mod measure;
pub mod news;
pub mod page;
pub mod plan;
pub mod privacy;
pub mod procedure;
pub mod source;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::confine::SiteRoot;
use crate::error::{Diagnostic, Diagnostics};
use cache::{FileDigest, NewsCache};
pub use item::Item;
pub use source::Source;

/// The content kinds, each with its folder under `content/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    News,
    Document,
    Plan,
    Procedure,
    Feedback,
    Consultation,
    Page,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::News,
        Kind::Document,
        Kind::Plan,
        Kind::Procedure,
        Kind::Feedback,
        Kind::Consultation,
        Kind::Page,
    ];

    /// The folder under `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Kind::News => "news",
            Kind::Document => "documents",
            Kind::Plan => "plans",
            Kind::Procedure => "procedures",
            Kind::Feedback => "feedback",
            Kind::Consultation => "consultations",
            Kind::Page => "pages",
        }
    }

    /// Whether the kind may be written as plain `.yaml` files.
    fn accepts_yaml(self) -> bool {
        matches!(self, Kind::Procedure | Kind::Feedback)
    }

    /// The kind of a content file, from its path relative to the site root
    /// (`content/<folder>/...`); None for anything else.
    pub fn of_path(rel: &Path) -> Option<Kind> {
        let mut parts = rel.components();
        if parts.next()?.as_os_str() != "content" {
            return None;
        }
        let folder = parts.next()?.as_os_str().to_str()?;
        let kind = match folder {
            // English pages are pages too, published under /en/.
            page::ENGLISH_FOLDER => Kind::Page,
            _ => Kind::ALL.into_iter().find(|k| k.folder() == folder)?,
        };
        let hidden = rel
            .file_name()?
            .to_string_lossy()
            .starts_with(['.', '~', '#']);
        (kind.is_content_file(rel) && !hidden).then_some(kind)
    }

    fn is_content_file(self, path: &Path) -> bool {
        match path.extension().and_then(|e| e.to_str()) {
            Some("md" | "markdown") => true,
            Some("yaml" | "yml") => self.accepts_yaml(),
            _ => false,
        }
    }
}

/// Everything under `content/`, resolved, in file-name order.
#[derive(Debug, Default, Clone)]
pub struct Content {
    /// Shared: the preview keeps the content between edits and the site
    /// model takes a copy of it for each rebuild; posts are the many.
    pub news: Vec<std::sync::Arc<news::News>>,
    pub documents: Vec<document::Document>,
    pub plans: Vec<plan::Plan>,
    pub procedures: Vec<procedure::Procedure>,
    pub feedback: Vec<feedback::Feedback>,
    pub consultations: Vec<consultation::Consultation>,
    pub pages: Vec<page::Page>,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
}

/// One resolved item of any kind (short-lived: moved into [`Content`]).
#[allow(clippy::large_enum_variant)]
enum Loaded {
    News(news::News),
    Document(document::Document),
    Plan(plan::Plan),
    Procedure(procedure::Procedure),
    Feedback(feedback::Feedback),
    Consultation(consultation::Consultation),
    Page(page::Page),
}

/// Loads and checks every content file under `ROOT/content`, through the
/// parse cache ([`cache`]).
pub fn load(config: &Config) -> Result<Content, Diagnostics> {
    load_cached(config, true)
}

/// [`load`]; with `cache` false, every post is parsed again and the
/// parse cache is neither read nor written.
pub fn load_cached(config: &Config, cache: bool) -> Result<Content, Diagnostics> {
    let ((files, mut found), cache) = rayon::join(
        || discover(&config.root),
        || match cache {
            true => NewsCache::open(config),
            false => NewsCache::disabled(),
        },
    );
    let results: Vec<(Attempt, Option<FileDigest>)> = files
        .par_iter()
        .map(|(kind, rel)| load_file_cached(config, *kind, rel, &cache))
        .collect();
    let mut content = Content::default();
    let mut problems = Diagnostics::default();
    // Whether each post of `content.news` may be cached, by its file's digest.
    let mut digests = Vec::new();
    for (r, digest) in results {
        match r {
            Ok(mut item) => {
                problems.extend(item.take_warnings());
                if matches!(item, Loaded::News(_)) {
                    digests.push(digest);
                }
                content.push(item);
            }
            Err(ds) => problems.extend(ds),
        }
    }
    problems.extend(found.drain(..));
    if problems.has_errors() {
        problems.sort();
        return Err(problems);
    }
    content.warnings = problems.0;
    if cache.enabled() {
        let posts: Vec<(&news::News, FileDigest)> = content
            .news
            .iter()
            .zip(digests)
            .filter_map(|(n, d)| Some((&**n, d?)))
            .collect();
        cache.save(&posts);
    }
    Ok(content)
}

impl Content {
    /// Every content file as the build loads it, with `bytes` in place of
    /// the file at `rel` (a new or a changed one): the content a save would
    /// make, for the checks that need the whole site.
    pub fn load_with(
        config: &Config,
        kind: Kind,
        rel: &Path,
        bytes: &[u8],
    ) -> Result<Content, Diagnostics> {
        let mut content = load(config)?;
        let item = parse_file(config, kind, rel, bytes).map_err(|ds| {
            let mut problems = Diagnostics::default();
            problems.extend(ds);
            problems
        })?;
        content.remove(kind, rel);
        content.push(item);
        Ok(content)
    }

    /// Re-reads one content file (`rel` from the site root) after it changed
    /// on disk: replaces, adds or (when it is gone) removes its item.
    /// Returns the kind it belongs to, or None for a path that is no
    /// content file. On error the content is left as it was.
    pub fn update(&mut self, config: &Config, rel: &Path) -> Result<Option<Kind>, Vec<Diagnostic>> {
        let Some(kind) = Kind::of_path(rel) else {
            return Ok(None);
        };
        let path = config.root.join(rel);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            SiteRoot::new(&config.root)
                .resolve(&path)
                .map_err(|d| vec![d])?;
        }
        let item = match path.is_file() {
            true => Some(load_file(config, kind, rel)?),
            false => None,
        };
        self.remove(kind, rel);
        if let Some(item) = item {
            self.push(item);
        }
        Ok(Some(kind))
    }

    fn remove(&mut self, kind: Kind, rel: &Path) {
        self.retain(|x| x.kind() != kind || x.source() != rel);
    }

    /// Every item of every kind, kind by kind in [`Kind::ALL`] order.
    pub fn items(&self) -> impl Iterator<Item = &dyn Item> {
        let news = self.news.iter().map(|x| &**x as &dyn Item);
        news.chain(self.documents.iter().map(|x| x as &dyn Item))
            .chain(self.plans.iter().map(|x| x as &dyn Item))
            .chain(self.procedures.iter().map(|x| x as &dyn Item))
            .chain(self.feedback.iter().map(|x| x as &dyn Item))
            .chain(self.consultations.iter().map(|x| x as &dyn Item))
            .chain(self.pages.iter().map(|x| x as &dyn Item))
    }

    /// Keeps the items of every kind for which `keep` is true.
    pub fn retain(&mut self, keep: impl Fn(&dyn Item) -> bool) {
        self.news.retain(|x| keep(&**x));
        self.documents.retain(|x| keep(x));
        self.plans.retain(|x| keep(x));
        self.procedures.retain(|x| keep(x));
        self.feedback.retain(|x| keep(x));
        self.consultations.retain(|x| keep(x));
        self.pages.retain(|x| keep(x));
    }

    fn push(&mut self, item: Loaded) {
        match item {
            Loaded::News(x) => self.news.push(std::sync::Arc::new(x)),
            Loaded::Document(x) => self.documents.push(x),
            Loaded::Plan(x) => self.plans.push(x),
            Loaded::Procedure(x) => self.procedures.push(x),
            Loaded::Feedback(x) => self.feedback.push(x),
            Loaded::Consultation(x) => self.consultations.push(x),
            Loaded::Page(x) => self.pages.push(x),
        }
    }
}

fn load_file(config: &Config, kind: Kind, rel: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    parse_file(config, kind, rel, &read_file(config, rel)?)
}

fn read_file(config: &Config, rel: &Path) -> Result<Vec<u8>, Vec<Diagnostic>> {
    std::fs::read(config.root.join(rel)).map_err(|e| {
        vec![Diagnostic::error(rel, format!("cannot read the file: {e}"))
            .hint("check that the file exists and is readable")
            .staff(crate::messages::unreadable())]
    })
}

/// One file's item, or its problems.
type Attempt = Result<Loaded, Vec<Diagnostic>>;

/// [`load_file`], taking a post from `cache` when its file is unchanged;
/// also the digest of a post's file when the post may be cached.
fn load_file_cached(
    config: &Config,
    kind: Kind,
    rel: &Path,
    cache: &NewsCache,
) -> (Attempt, Option<FileDigest>) {
    let bytes = match read_file(config, rel) {
        Ok(bytes) => bytes,
        Err(e) => return (Err(e), None),
    };
    if kind != Kind::News || !cache.enabled() {
        return (parse_file(config, kind, rel, &bytes), None);
    }
    let digest = cache::digest(&bytes);
    if let Some(news) = cache.take(rel, &digest) {
        return (Ok(Loaded::News(news)), Some(digest));
    }
    let loaded = parse_file(config, kind, rel, &bytes);
    // Attachments are looked up on disk: such a post is resolved every time.
    let cacheable = matches!(&loaded, Ok(Loaded::News(n)) if n.files.is_empty());
    (loaded, cacheable.then_some(digest))
}

/// Parses and checks one content file's bytes; the problems when it is
/// broken (each located in `rel`). Used by the loader, the fuzz target and
/// the property tests: it must never panic, whatever the bytes.
pub fn check_file(config: &Config, kind: Kind, rel: &Path, bytes: &[u8]) -> Vec<Diagnostic> {
    match parse_file(config, kind, rel, bytes) {
        Ok(mut item) => item.take_warnings(),
        Err(problems) => problems,
    }
}

/// When one item is on the public site, as the loader reads it: the
/// caller compares a date with its own clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Marked as a draft: not public.
    Draft,
    /// Public from this minute on (posts).
    PublicAt(chrono::DateTime<chrono_tz::Tz>),
    /// Public from this day on.
    PublicFrom(chrono::NaiveDate),
    /// Feedback not answered yet: not public.
    Unanswered,
    /// Public, whatever the day.
    Public,
}

/// When the item in `bytes` is public, read by the loader itself (so the
/// desk's list can never call a post public that the build keeps back);
/// the problems when it does not load.
pub fn standing(
    config: &Config,
    kind: Kind,
    rel: &Path,
    bytes: &[u8],
) -> Result<Standing, Vec<Diagnostic>> {
    let loaded = parse_file(config, kind, rel, bytes)?;
    let item: &dyn Item = match &loaded {
        Loaded::News(x) => x,
        Loaded::Document(x) => x,
        Loaded::Plan(x) => x,
        Loaded::Procedure(x) => x,
        Loaded::Feedback(x) => x,
        Loaded::Consultation(x) => x,
        Loaded::Page(x) => x,
    };
    Ok(if item.is_draft() {
        Standing::Draft
    } else if let Some(at) = item.public_at() {
        Standing::PublicAt(at)
    } else if let Some(day) = item.public_from() {
        Standing::PublicFrom(day)
    } else if !item.is_public() {
        Standing::Unanswered
    } else {
        Standing::Public
    })
}

impl Loaded {
    /// The warnings an item's loader found, taken out of it.
    fn take_warnings(&mut self) -> Vec<Diagnostic> {
        match self {
            Loaded::Feedback(f) => std::mem::take(&mut f.warnings),
            _ => Vec::new(),
        }
    }
}

fn parse_file(
    config: &Config,
    kind: Kind,
    rel: &Path,
    bytes: &[u8],
) -> Result<Loaded, Vec<Diagnostic>> {
    let src = Source::split(rel, bytes).map_err(|d| vec![d])?;
    Ok(match kind {
        Kind::News => Loaded::News(news::resolve(&src, config)?),
        Kind::Document => Loaded::Document(document::resolve(&src, config)?),
        Kind::Plan => Loaded::Plan(plan::resolve(&src, config)?),
        Kind::Procedure => Loaded::Procedure(procedure::resolve(&src, config)?),
        Kind::Feedback => Loaded::Feedback(feedback::resolve(&src, config)?),
        Kind::Consultation => Loaded::Consultation(consultation::resolve(&src, config)?),
        Kind::Page => Loaded::Page(page::resolve(&src, config)?),
    })
}

/// Lists content files (relative to the root, sorted) and warns about
/// folders under `content/` that are not a known kind. Links leading
/// outside the site are errors ([`crate::confine`]).
fn discover(root: &Path) -> (Vec<(Kind, PathBuf)>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&content) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let known =
                Kind::ALL.iter().any(|k| k.folder() == name) || name == page::ENGLISH_FOLDER;
            if !known && !name.starts_with('.') {
                let folders: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();
                warnings.push(
                    Diagnostic::warning(
                        Path::new("content").join(&name),
                        "not a content folder: its files are not published",
                    )
                    .hint(format!("content goes in one of: {}", folders.join(", "))),
                );
            }
        }
    }
    let site_root = SiteRoot::new(root);
    for kind in Kind::ALL {
        let (found, problems) = site_root.files_under(&content.join(kind.folder()), true);
        warnings.extend(problems);
        let found = found.iter().filter(|p| kind.is_content_file(p));
        files.extend(found.map(|p| (kind, site_root.shown(p))));
    }
    let (english, problems) = site_root.files_under(&content.join(page::ENGLISH_FOLDER), true);
    warnings.extend(problems);
    let english = english.iter().filter(|p| Kind::Page.is_content_file(p));
    files.extend(english.map(|p| (Kind::Page, site_root.shown(p))));
    (files, warnings)
}
