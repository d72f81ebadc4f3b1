//! Internal link checking: every `href`/`src` that points into the site must
//! name a page or file the build produces, and every `#fragment` an `id` on
//! that page. `build` reports broken links as warnings, `check` as errors.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::{Diagnostic, Severity};
use crate::output::url_to_file;

/// What the checker needs to know about one rendered page.
#[derive(Debug, Clone)]
pub struct PageLinks {
    /// The page's file under the output folder.
    pub file: PathBuf,
    pub url: String,
    /// The content file the page comes from, for diagnostics.
    pub source: Option<PathBuf>,
    /// Internal links: (path, fragment). A same-page `#x` has an empty path.
    pub links: Vec<(String, Option<String>)>,
    /// Every `id` on the page.
    pub ids: HashSet<String>,
}

impl PageLinks {
    pub fn scan(file: PathBuf, url: String, source: Option<PathBuf>, html: &str) -> PageLinks {
        PageLinks {
            file,
            url,
            source,
            links: internal_links(html),
            ids: ids(html),
        }
    }
}

/// Internal links in a page: attribute values of `href`/`src` starting with
/// one `/` or with `#`, split into path and fragment (query dropped).
pub fn internal_links(html: &str) -> Vec<(String, Option<String>)> {
    let mut links = Vec::new();
    for value in attribute_values(html, &["href=\"", "src=\""]) {
        if !(value.starts_with('#') || (value.starts_with('/') && !value.starts_with("//"))) {
            continue;
        }
        let (path, fragment) = match value.split_once('#') {
            Some((p, f)) => (p, Some(f.to_string())),
            None => (value, None),
        };
        let path = path.split('?').next().unwrap_or("");
        links.push((path.to_string(), fragment.filter(|f| !f.is_empty())));
    }
    links
}

fn ids(html: &str) -> HashSet<String> {
    attribute_values(html, &[" id=\""])
        .into_iter()
        .map(str::to_string)
        .collect()
}

fn attribute_values<'a>(html: &'a str, attrs: &[&str]) -> Vec<&'a str> {
    let mut values = Vec::new();
    for attr in attrs {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            let end = rest.find('"').unwrap_or(rest.len());
            values.push(&rest[..end]);
        }
    }
    values
}

/// One diagnostic per broken link or anchor, per page.
pub fn check(pages: &[PageLinks], files: &HashSet<PathBuf>, severity: Severity) -> Vec<Diagnostic> {
    let by_file: HashMap<&Path, &PageLinks> = pages.iter().map(|p| (p.file.as_path(), p)).collect();
    let mut problems = Vec::new();
    for page in pages {
        let mut seen = HashSet::new();
        for (path, fragment) in &page.links {
            let target = if path.is_empty() {
                Some(page.file.clone())
            } else {
                url_to_file(path)
            };
            let shown = match fragment {
                Some(f) => format!("{path}#{f}"),
                None => path.clone(),
            };
            let problem = match &target {
                Some(t) if files.contains(t) => match (fragment, by_file.get(t.as_path())) {
                    (Some(f), Some(p)) if !p.ids.contains(f) => Some(format!(
                        "links to {shown}, but that page has no anchor `#{f}`"
                    )),
                    _ => None,
                },
                _ => Some(format!("links to {shown}, which the site does not have")),
            };
            if let Some(message) = problem.filter(|_| seen.insert(shown.clone())) {
                let location = page
                    .source
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(&page.url));
                let hint = match &page.source {
                    Some(_) => {
                        format!("fix the link in this file (it is on the page {})", page.url)
                    }
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
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_internal_links_and_fragments() {
        let html = r##"<a href="/a/#x">a</a><img src="/b.png"><a href="https://x">x</a><a href="//cdn">c</a><a href="#top">t</a><a href="/c/?q=1">q</a>"##;
        assert_eq!(
            internal_links(html),
            vec![
                ("/a/".to_string(), Some("x".to_string())),
                ("".to_string(), Some("top".to_string())),
                ("/c/".to_string(), None),
                ("/b.png".to_string(), None),
            ]
        );
    }

    #[test]
    fn reports_missing_pages_and_anchors() {
        let a = PageLinks::scan(
            "a/index.html".into(),
            "/a/".into(),
            None,
            r##"<h2 id="x">X</h2><a href="/b/#y">b</a><a href="#x">self</a><a href="#nope">bad</a><a href="/gone/">g</a>"##,
        );
        let b = PageLinks::scan(
            "b/index.html".into(),
            "/b/".into(),
            None,
            r#"<h2 id="z">Z</h2>"#,
        );
        let files: HashSet<PathBuf> = [a.file.clone(), b.file.clone()].into_iter().collect();
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
