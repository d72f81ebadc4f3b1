//! Internal link checking: every `href`/`src` that points into the site must
//! name a page or file the build produces, and every `#fragment` an `id` on
//! that page. `build` reports broken links as warnings, `check` as errors.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::error::{Diagnostic, Severity};

/// What the checker needs to know about one rendered page.
#[derive(Debug, Clone)]
pub struct PageLinks {
    /// The page's file under the output folder, `/`-separated.
    pub file: String,
    pub url: String,
    /// The content file the page comes from, for diagnostics.
    pub source: Option<PathBuf>,
    /// Internal links: (path, fragment). A same-page `#x` has an empty path.
    pub links: Vec<(String, Option<String>)>,
    /// Every `id` on the page.
    pub ids: HashSet<String>,
}

impl PageLinks {
    /// Scans a rendered page in one pass over its bytes.
    pub fn scan(file: String, url: String, source: Option<PathBuf>, html: &[u8]) -> PageLinks {
        let mut links = Vec::new();
        let mut seen = HashSet::new();
        let mut ids = HashSet::new();
        for (name, value) in attributes(html) {
            match name {
                b"id" => {
                    ids.insert(String::from_utf8_lossy(value).into_owned());
                }
                _ => {
                    if seen.insert(value) {
                        links.extend(internal_link(value));
                    }
                }
            }
        }
        PageLinks {
            file,
            url,
            source,
            links,
            ids,
        }
    }
}

/// The file key of an output path, as [`PageLinks::file`] stores it:
/// `/a/b/` → `a/b/index.html`; None for a path that would leave the output.
/// String operations only: this runs for every link of every page.
pub fn file_key(url: &str) -> Option<String> {
    let mut key = String::new();
    file_key_into(url, &mut key).then_some(key)
}

/// [`file_key`] into a reused buffer; false for an unsafe path.
fn file_key_into(url: &str, key: &mut String) -> bool {
    let rel = url.trim_start_matches('/');
    let safe = !rel.contains("//")
        && rel
            .split('/')
            .all(|seg| seg != ".." && seg != "." && !seg.contains(['\\', ':']));
    key.clear();
    key.push_str(rel);
    if rel.is_empty() || rel.ends_with('/') {
        key.push_str("index.html");
    }
    safe
}

/// `href="..."`, `src="..."` and ` id="..."` attribute values, in order.
fn attributes(html: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        while let Some(off) = find(&html[pos..], b"=\"") {
            let eq = pos + off;
            let start = eq + 2;
            let end = find(&html[start..], b"\"").map_or(html.len(), |e| start + e);
            pos = end.min(html.len());
            let before = &html[..eq];
            for name in [&b"href"[..], b"src", b"id"] {
                if before.ends_with(name)
                    && before.len() > name.len()
                    && html[eq - name.len() - 1].is_ascii_whitespace()
                {
                    return Some((name, &html[start..end]));
                }
            }
        }
        None
    })
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = 0;
    while let Some(off) = hay[i..].iter().position(|&b| b == first) {
        let at = i + off;
        if hay[at..].starts_with(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// A link into the site: starts with one `/` or with `#`; split into path
/// and fragment, query dropped.
fn internal_link(value: &[u8]) -> Option<(String, Option<String>)> {
    let value = std::str::from_utf8(value).ok()?;
    if !(value.starts_with('#') || (value.starts_with('/') && !value.starts_with("//"))) {
        return None;
    }
    let (path, fragment) = match value.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (value, None),
    };
    let path = path.split('?').next().unwrap_or("");
    Some((path.to_string(), fragment.filter(|f| !f.is_empty())))
}

/// One diagnostic per broken link or anchor, per page, in page order.
pub fn check(pages: &[PageLinks], files: &HashSet<String>, severity: Severity) -> Vec<Diagnostic> {
    let by_file: HashMap<&str, &PageLinks> = pages.iter().map(|p| (p.file.as_str(), p)).collect();
    pages
        .par_iter()
        .flat_map_iter(|page| page_problems(page, files, &by_file, severity))
        .collect()
}

fn page_problems(
    page: &PageLinks,
    files: &HashSet<String>,
    by_file: &HashMap<&str, &PageLinks>,
    severity: Severity,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut key = String::new();
    for (path, fragment) in &page.links {
        // Err: nothing there; Ok(None): a file that is not a page (no anchors).
        let target: Result<Option<&PageLinks>, ()> = if path.is_empty() {
            Ok(Some(page))
        } else if file_key_into(path, &mut key) && files.contains(&key) {
            Ok(by_file.get(key.as_str()).copied())
        } else {
            Err(())
        };
        let shown = || match fragment {
            Some(f) => format!("{path}#{f}"),
            None => path.clone(),
        };
        let message = match (target, fragment) {
            (Err(()), _) => format!("links to {}, which the site does not have", shown()),
            (Ok(Some(t)), Some(f)) if !t.ids.contains(f) => {
                format!("links to {}, but that page has no anchor `#{f}`", shown())
            }
            _ => continue,
        };
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
        problems.push(Diagnostic {
            severity,
            ..Diagnostic::error(location, message).hint(hint)
        });
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(html: &str) -> PageLinks {
        PageLinks::scan("a/index.html".into(), "/a/".into(), None, html.as_bytes())
    }

    #[test]
    fn finds_internal_links_fragments_and_ids() {
        let page = scan(
            r##"<h2 id="x">X</h2><a href="/a/#x">a</a><img src="/b.png"><a href="https://x">x</a><a href="//cdn">c</a><a href="#top">t</a><a href="/c/?q=1">q</a><p data-id="no" aria-describedby="x">"##,
        );
        assert_eq!(
            page.links,
            vec![
                ("/a/".to_string(), Some("x".to_string())),
                ("/b.png".to_string(), None),
                ("".to_string(), Some("top".to_string())),
                ("/c/".to_string(), None),
            ]
        );
        assert_eq!(page.ids, ["x".to_string()].into_iter().collect());
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
        let a = scan(
            r##"<h2 id="x">X</h2><a href="/b/#y">b</a><a href="#x">self</a><a href="#nope">bad</a><a href="/gone/">g</a>"##,
        );
        let b = PageLinks::scan(
            "b/index.html".into(),
            "/b/".into(),
            None,
            br#"<h2 id="z">Z</h2>"#,
        );
        let files: HashSet<String> = [a.file.clone(), b.file.clone()].into_iter().collect();
        let problems = check(&[a, b], &files, Severity::Error);
        let messages: Vec<&str> = problems.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "links to /b/#y, but that page has no anchor `#y`",
                "links to #nope, but that page has no anchor `#nope`",
                "links to /gone/, which the site does not have",
            ]
        );
    }
}
