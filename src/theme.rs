//! Themes: the default theme is embedded in the binary; a site overrides any
//! of its files, one by one, from `ROOT/themes/<theme>/` (`templates/` for
//! Tera templates, `static/` for CSS, JS and images published under
//! `/assets/`).

use std::collections::BTreeMap;
use std::path::Path;

use crate::config::Config;
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
        theme.overlay(&dir)?;
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

    fn overlay(&mut self, dir: &Path) -> Result<(), Diagnostics> {
        let mut problems = Diagnostics::default();
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.')
            {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .replace('\\', "/");
            let shown = Path::new("themes")
                .join(dir.file_name().unwrap_or_default())
                .join(&rel);
            match std::fs::read(entry.path()) {
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
