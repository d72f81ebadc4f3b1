//! Themes: the default theme is embedded in the binary; a site overrides any
//! of its files, one by one, from `ROOT/themes/<theme>/` (`templates/` for
//! Tera templates, `static/` for CSS, JS and images published under
//! `/assets/`).
//!
//! Every asset is published twice: under its own name and under a
//! fingerprinted one (`/assets/style.3f2a9c01b4.css`, from a hash of its
//! bytes). Templates link the fingerprinted name through the `assets` map
//! (`{{ assets["style.css"] }}`), so a web server may cache it for a year
//! and a changed stylesheet still reaches browsers at once; the plain name
//! stays for templates written before fingerprints.

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
use crate::confine::SiteRoot;
use crate::error::{Diagnostic, Diagnostics};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// A theme's files after overrides: templates by name, assets by path.
#[derive(Debug, Default, Clone)]
pub struct Theme {
    /// Template name (e.g. `news.html`) → source text.
    pub templates: BTreeMap<String, String>,
    /// Asset path under `/assets/` → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The embedded default theme, with the site's overrides applied.
    pub fn load(config: &Config) -> Result<Theme, Diagnostics> {
        let mut theme = Theme::embedded();
        let dir = config.root.join("themes").join(&config.theme);
        if !dir.is_dir() {
            if config.theme == "default" {
                return Ok(theme);
            }
            return Err(Diagnostics(vec![Diagnostic::error(
                "site.yaml",
                format!(
                    "theme `{}` not found: there is no folder themes/{}",
                    config.theme, config.theme
                ),
            )
            .hint(
                "create the folder, or remove `theme:` to use the built-in default theme",
            )]));
        }
        theme.overlay(&config.root, &dir)?;
        Ok(theme)
    }

    /// The theme as built into the binary.
    pub fn embedded() -> Theme {
        let mut theme = Theme::default();
        for (path, bytes) in embedded::FILES {
            theme
                .insert(path, bytes.to_vec(), Path::new(path))
                .expect("the embedded theme is valid UTF-8");
        }
        theme
    }

    /// Applies the files of `dir`, a theme folder of the site at `root`.
    /// Links are followed only inside the site ([`crate::confine`]).
    fn overlay(&mut self, root: &Path, dir: &Path) -> Result<(), Diagnostics> {
        let site_root = SiteRoot::new(root);
        let (files, found) = site_root.files_under(dir, true);
        let mut problems = Diagnostics(found);
        for path in files {
            let rel = path
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            let shown = site_root.shown(&path);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    if let Err(d) = self.insert(&rel, bytes, &shown) {
                        problems.push(d);
                    }
                }
                Err(e) => problems.push(Diagnostic::error(&shown, format!("cannot read: {e}"))),
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(())
    }

    /// Asset path → its fingerprinted URL (`style.css` →
    /// `/assets/style.<hash>.css`), for templates.
    pub fn asset_urls(&self) -> BTreeMap<String, String> {
        self.assets
            .iter()
            .map(|(path, bytes)| (path.clone(), fingerprinted(path, bytes)))
            .collect()
    }

    /// Every URL an asset is published at, with its bytes: the plain name
    /// and the fingerprinted one.
    pub fn published_assets(&self) -> Vec<(String, &[u8])> {
        let mut list = Vec::with_capacity(self.assets.len() * 2);
        for (path, bytes) in &self.assets {
            list.push((format!("/assets/{path}"), bytes.as_slice()));
            list.push((fingerprinted(path, bytes), bytes.as_slice()));
        }
        list
    }

    fn insert(&mut self, rel: &str, bytes: Vec<u8>, shown: &Path) -> Result<(), Diagnostic> {
        if let Some(name) = rel.strip_prefix("templates/") {
            let text = String::from_utf8(bytes).map_err(|_| {
                Diagnostic::error(shown, "the template is not UTF-8 text").hint("save it as UTF-8")
            })?;
            self.templates.insert(name.to_string(), text);
        } else if let Some(asset) = rel.strip_prefix("static/") {
            self.assets.insert(asset.to_string(), bytes);
        }
        Ok(())
    }
}

/// `/assets/DIR/NAME.HASH.EXT` for the asset `DIR/NAME.EXT`: ten hex digits
/// of a 64-bit FNV-1a hash of its bytes (stable across builds and machines;
/// a cache key, not a security measure).
fn fingerprinted(path: &str, bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let hash = format!("{h:016x}");
    let hash = &hash[..10];
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    };
    match dir {
        "" => format!("/assets/{name}"),
        dir => format!("/assets/{dir}/{name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_change_with_the_bytes_and_keep_the_extension() {
        let a = fingerprinted("style.css", b"body{}");
        let b = fingerprinted("style.css", b"body{color:red}");
        assert!(
            a.starts_with("/assets/style.") && a.ends_with(".css"),
            "{a}"
        );
        assert_eq!(a.len(), "/assets/style..css".len() + 10);
        assert_ne!(a, b);
        assert_eq!(a, fingerprinted("style.css", b"body{}"));
        assert!(fingerprinted("img/logo.svg", b"x").starts_with("/assets/img/logo."));
    }
}
