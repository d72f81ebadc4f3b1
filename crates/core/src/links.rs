//! Internal link checking: every `href`/`src` that points into the site must
//! name a page or file the build produces, and every `#fragment` an `id` on
//! that page. `build` reports broken links as warnings, `check` as errors.
//!
//! Pages are scanned as they are rendered and only a digest is kept: each
//! distinct link's text once per site (in a [`LinkTable`]), and per page the
//! 64-bit hashes of its links and ids. A 10,000-post site keeps about 2 MB
//! for this instead of every page's link strings.

use std::hash::BuildHasher;
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::error::{Diagnostic, Severity};

/// What the checker needs to know about one rendered page.
#[derive(Debug, Clone)]
pub struct PageLinks {
    /// The page's file under the output folder, `/`-separated.
    pub file: String,
    /// The page's address.
    pub url: String,
    /// The content file the page comes from, for diagnostics.
    pub source: Option<PathBuf>,
    /// The page's internal links, each once, in order.
    links: Vec<Link>,
    /// Hashes of every `id` on the page, sorted.
    ids: Vec<u64>,
}

/// An internal link of a page.
#[derive(Debug, Clone, PartialEq)]
enum Link {
    /// To another page or file: the hash of its key (`path` or
    /// `path#fragment`), whose text is in the [`LinkTable`].
    Out(u64),
    /// `#fragment` naming no `id` on this very page (known at scan time).
    MissingHere(Box<str>),
}

/// The text of every distinct outgoing link of the site, by hash. Shared by
/// the threads that render pages; sharded to keep them out of each other's
/// way.
pub struct LinkTable {
    shards: Vec<Mutex<FxHashMap<u64, Box<str>>>>,
}

const SHARDS: usize = 16;

impl Default for LinkTable {
    fn default() -> Self {
        LinkTable {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

impl LinkTable {
    /// Records `key` and returns its hash.
    fn intern(&self, key: &str) -> u64 {
        let hash = hash(key.as_bytes());
        let mut shard = self.shards[hash as usize % SHARDS]
            .lock()
            .expect("link table lock");
        shard.entry(hash).or_insert_with(|| key.into());
        hash
    }

    fn into_map(self) -> FxHashMap<u64, Box<str>> {
        let shards = self.shards.into_iter();
        shards
            .flat_map(|s| s.into_inner().expect("link table lock"))
            .collect()
    }
}

/// Links and ids are always hashed as bytes, so the two sides compare.
fn hash(bytes: &[u8]) -> u64 {
    FxBuildHasher.hash_one(bytes)
}

impl PageLinks {
    /// Scans a rendered page in one pass over its bytes, recording its
    /// outgoing links in `table`.
    pub fn scan(
        file: String,
        url: String,
        source: Option<PathBuf>,
        html: &[u8],
        table: &LinkTable,
    ) -> PageLinks {
        let mut found: Vec<(&str, Option<&str>)> = Vec::new();
        let mut seen = FxHashSet::with_capacity_and_hasher(64, FxBuildHasher);
        let mut ids = Vec::new();
        for (name, value) in attributes(html) {
            if name == b"id" {
                ids.push(hash(value));
            } else if seen.insert(value) {
                found.extend(internal_link(value));
            }
        }
        ids.sort_unstable();
        ids.dedup();
        let mut key = String::new();
        let links = found
            .into_iter()
            .filter_map(|(path, fragment)| match fragment {
                Some(f) if path.is_empty() => ids
                    .binary_search(&hash(f.as_bytes()))
                    .is_err()
                    .then(|| Link::MissingHere(f.into())),
                _ => {
                    key.clear();
                    key.push_str(path);
                    if let Some(f) = fragment {
                        key.push('#');
                        key.push_str(f);
                    }
                    Some(Link::Out(table.intern(&key)))
                }
            })
            .collect();
        PageLinks {
            file,
            url,
            source,
            links,
            ids,
        }
    }

    /// A page whose links are not checked (the preview server's).
    pub fn unscanned(file: String, url: String, source: Option<PathBuf>) -> PageLinks {
        PageLinks {
            file,
            url,
            source,
            links: Vec::new(),
            ids: Vec::new(),
        }
    }

    fn has_id(&self, id: &str) -> bool {
        self.ids.binary_search(&hash(id.as_bytes())).is_ok()
    }
}

/// The file key of an output path, as [`PageLinks::file`] stores it:
/// `/a/b/` → `a/b/index.html`; None for a path that would leave the output.
/// String operations only: this runs for every distinct link of the site.
pub fn file_key(url: &str) -> Option<String> {
    let rel = url.trim_start_matches('/');
    let safe = !rel.contains("//")
        && rel
            .split('/')
            .all(|seg| seg != ".." && seg != "." && !seg.contains(['\\', ':']));
    let mut key = rel.to_string();
    if rel.is_empty() || rel.ends_with('/') {
        key.push_str("index.html");
    }
    safe.then_some(key)
}

/// `href="..."`, `src="..."` and ` id="..."` attribute values, in order.
fn attributes(html: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut eqs = memchr::memchr_iter(b'=', html);
    std::iter::from_fn(move || {
        for eq in eqs.by_ref() {
            if html.get(eq + 1) != Some(&b'"') {
                continue;
            }
            let start = eq + 2;
            let before = &html[..eq];
            for name in [&b"href"[..], b"src", b"id"] {
                if before.ends_with(name)
                    && before.len() > name.len()
                    && html[eq - name.len() - 1].is_ascii_whitespace()
                {
                    let end =
                        memchr::memchr(b'"', &html[start..]).map_or(html.len(), |e| start + e);
                    return Some((name, &html[start..end]));
                }
            }
        }
        None
    })
}

/// A link into the site: starts with one `/` or with `#`; split into path
/// and fragment (None when empty), query dropped.
fn internal_link(value: &[u8]) -> Option<(&str, Option<&str>)> {
    let inside = match value {
        [b'#', ..] => true,
        [b'/', b'/', ..] => false,
        [b'/', ..] => true,
        _ => false,
    };
    if !inside {
        return None;
    }
    let (path, fragment) = match memchr::memchr(b'#', value) {
        Some(i) => (&value[..i], Some(&value[i + 1..])),
        None => (value, None),
    };
    let path = memchr::memchr(b'?', path).map_or(path, |i| &path[..i]);
    let path = std::str::from_utf8(path).ok()?;
    let fragment = match fragment.filter(|f| !f.is_empty()) {
        Some(f) => Some(std::str::from_utf8(f).ok()?),
        None => None,
    };
    Some((path, fragment))
}

/// One diagnostic per broken link or anchor, per page, in page order.
pub fn check(
    pages: &[PageLinks],
    table: LinkTable,
    files: &FxHashSet<String>,
    severity: Severity,
) -> Vec<Diagnostic> {
    let by_file: FxHashMap<&str, &PageLinks> = pages.iter().map(|p| (p.file.as_str(), p)).collect();
    // Each distinct link is resolved once, however many pages carry it.
    let broken: FxHashMap<u64, String> = table
        .into_map()
        .into_par_iter()
        .filter_map(|(hash, key)| Some((hash, problem(&key, files, &by_file)?)))
        .collect();
    pages
        .par_iter()
        .flat_map_iter(|page| {
            let messages = page.links.iter().filter_map(|link| match link {
                Link::Out(hash) => broken.get(hash).cloned(),
                Link::MissingHere(f) => {
                    Some(format!("links to #{f}, but that page has no anchor `#{f}`"))
                }
            });
            let messages: Vec<String> = messages.collect();
            messages
                .into_iter()
                .map(move |message| diagnostic(page, message, severity))
        })
        .collect()
}

/// What is wrong with a link to `key` (`path` or `path#fragment`), if anything.
fn problem(
    key: &str,
    files: &FxHashSet<String>,
    by_file: &FxHashMap<&str, &PageLinks>,
) -> Option<String> {
    let (path, fragment) = match key.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (key, None),
    };
    let file = file_key(path).filter(|f| files.contains(f));
    let Some(file) = file else {
        return Some(format!("links to {key}, which the site does not have"));
    };
    // A file that is not a page has no anchors to check.
    let target = by_file.get(file.as_str())?;
    let f = fragment.filter(|f| !target.has_id(f))?;
    Some(format!(
        "links to {key}, but that page has no anchor `#{f}`"
    ))
}

fn diagnostic(page: &PageLinks, message: String, severity: Severity) -> Diagnostic {
    let location = page
        .source
        .clone()
        .unwrap_or_else(|| PathBuf::from(&page.url));
    let hint = match &page.source {
        Some(_) => format!("fix the link in this file (it is on the page {})", page.url),
        None => format!(
            "the page {} comes from a template: fix the link there",
            page.url
        ),
    };
    Diagnostic {
        severity,
        ..Diagnostic::error(location, message).hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(file: &str, html: &str, table: &LinkTable) -> PageLinks {
        let url = format!("/{}", file.trim_end_matches("index.html"));
        PageLinks::scan(file.into(), url, None, html.as_bytes(), table)
    }

    #[test]
    fn finds_internal_links_fragments_and_ids() {
        let table = LinkTable::default();
        let page = scan(
            "a/index.html",
            r##"<h2 id="x">X</h2><a href="/a/#x">a</a><img src="/b.png"><a href="https://x">x</a><a href="//cdn">c</a><a href="#top">t</a><a href="#x">x</a><a href="/c/?q=1">q</a><a href="/b.png">again</a><p data-id="no" aria-describedby="x">"##,
            &table,
        );
        let keys = table.into_map();
        let texts: Vec<String> = page
            .links
            .iter()
            .map(|l| match l {
                Link::Out(h) => keys[h].to_string(),
                Link::MissingHere(f) => format!("missing #{f}"),
            })
            .collect();
        assert_eq!(texts, vec!["/a/#x", "/b.png", "missing #top", "/c/"]);
        assert!(page.has_id("x") && !page.has_id("no"));
    }

    #[test]
    fn file_keys_match_output_files() {
        assert_eq!(file_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            file_key("/tin-tuc/a/").as_deref(),
            Some("tin-tuc/a/index.html")
        );
        assert_eq!(
            file_key("/assets/style.css").as_deref(),
            Some("assets/style.css")
        );
        assert_eq!(file_key("/a/../../etc/passwd"), None);
        assert_eq!(file_key("/a//b"), None);
    }

    #[test]
    fn reports_missing_pages_and_anchors() {
        let table = LinkTable::default();
        let a = scan(
            "a/index.html",
            r##"<h2 id="x">X</h2><a href="/b/#y">b</a><a href="/b/#z">ok</a><a href="#x">self</a><a href="#nope">bad</a><a href="/gone/">g</a><a href="/b/">b</a>"##,
            &table,
        );
        let b = scan(
            "b/index.html",
            r##"<h2 id="z">Z</h2><a href="/gone/">g</a>"##,
            &table,
        );
        let files: FxHashSet<String> = [a.file.clone(), b.file.clone()].into_iter().collect();
        let problems = check(&[a, b], table, &files, Severity::Error);
        let found: Vec<(String, &str)> = problems
            .iter()
            .map(|d| (d.path.display().to_string(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    "/a/".into(),
                    "links to /b/#y, but that page has no anchor `#y`"
                ),
                (
                    "/a/".into(),
                    "links to #nope, but that page has no anchor `#nope`"
                ),
                (
                    "/a/".into(),
                    "links to /gone/, which the site does not have"
                ),
                (
                    "/b/".into(),
                    "links to /gone/, which the site does not have"
                ),
            ]
        );
    }
}
