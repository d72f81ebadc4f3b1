//! The province's announced list of procedures (`procedure_catalogue:` in
//! `site.yaml`): a CSV file exported from a spreadsheet, UTF-8 (a BOM is
//! allowed), with a header naming at least a `code` and a `name` column
//! (Vietnamese `mã` / `tên` headers too); other columns are ignored. The
//! tracker compares the site's procedures with it, so "100% of procedures
//! published" can be measured.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{Config, CONFIG_FILE};
use crate::confine::SiteRoot;
use crate::error::Diagnostic;
use crate::slug::slugify;

/// One announced procedure.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// The procedure's code as announced.
    pub code: String,
    /// Its name as announced.
    pub name: String,
}

/// The announced list, in file order, codes unique.
#[derive(Debug, Clone)]
pub struct Catalogue {
    /// The file, relative to the site root.
    pub file: PathBuf,
    /// The procedures announced.
    pub entries: Vec<CatalogueEntry>,
}

impl Catalogue {
    /// Reads the catalogue `site.yaml` names, if any. Returns it with its
    /// warnings (duplicate codes), or the errors that make it unusable.
    pub fn load(config: &Config) -> Result<Option<(Catalogue, Vec<Diagnostic>)>, Vec<Diagnostic>> {
        let Some(rel) = &config.procedure_catalogue else {
            return Ok(None);
        };
        let path = config.root.join(rel);
        if let Err(e) = std::fs::metadata(&path) {
            return Err(vec![unreadable(rel, &e)]);
        }
        let bytes = SiteRoot::new(&config.root)
            .resolve(&path)
            .map_err(|d| vec![d])
            .and_then(|real| std::fs::read(real).map_err(|e| vec![unreadable(rel, &e)]))?;
        parse(rel, &bytes).map(Some)
    }

    /// Whether `code` is in the catalogue (codes compared trimmed, ignoring case).
    pub fn index(&self) -> HashMap<String, &CatalogueEntry> {
        self.entries
            .iter()
            .map(|e| (e.code.to_uppercase(), e))
            .collect()
    }
}

fn unreadable(rel: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        CONFIG_FILE,
        format!(
            "procedure_catalogue: cannot read {}: {e}",
            rel.display()
        ),
    )
    .hint("put the CSV file exported from the spreadsheet in the site folder and write its path, e.g. `procedure_catalogue: data/danh-muc-tthc.csv`")
}

/// Parses the CSV bytes of `rel`.
pub fn parse(rel: &Path, bytes: &[u8]) -> Result<(Catalogue, Vec<Diagnostic>), Vec<Diagnostic>> {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| vec![csv_error(rel, &e)])?
        .clone();
    let column = |names: &[&str]| {
        headers
            .iter()
            .position(|h| names.contains(&slugify(h.trim()).as_str()))
    };
    let (Some(code_col), Some(name_col)) = (
        column(&["code", "ma", "ma-thu-tuc", "ma-tthc", "ma-so"]),
        column(&["name", "ten", "ten-thu-tuc", "ten-tthc"]),
    ) else {
        return Err(vec![Diagnostic::error(
            rel,
            "the first line must name the columns, with at least `code` and `name`",
        )
        .at(1, None)
        .hint(
            "make the first row of the spreadsheet read: code,name (other columns may follow)",
        )]);
    };
    let mut entries: Vec<CatalogueEntry> = Vec::new();
    let mut first_line: HashMap<String, u64> = HashMap::new();
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(csv_error(rel, &e));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line()) as usize;
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let (code, name) = (field(code_col), field(name_col));
        if code.is_empty() && name.is_empty() {
            continue; // A blank row, as spreadsheets export them.
        }
        if code.is_empty() {
            errors.push(
                Diagnostic::error(rel, format!("the procedure `{name}` has no code"))
                    .at(line, None)
                    .hint(
                        "write the procedure's code as announced (mã thủ tục) in the code column",
                    ),
            );
            continue;
        }
        match first_line.get(&code.to_uppercase()) {
            Some(first) => warnings.push(
                Diagnostic::warning(
                    rel,
                    format!("the code {code} is listed twice (first on line {first})"),
                )
                .at(line, None)
                .hint("delete the repeated row"),
            ),
            None => {
                first_line.insert(code.to_uppercase(), line as u64);
                entries.push(CatalogueEntry { code, name });
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        Catalogue {
            file: rel.to_path_buf(),
            entries,
        },
        warnings,
    ))
}

fn csv_error(rel: &Path, e: &csv::Error) -> Diagnostic {
    let line = e.position().map(|p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text".to_string(),
        _ => format!("cannot read the CSV: {e}"),
    };
    Diagnostic::error(rel, message)
        .at_line(line)
        .hint("export the spreadsheet as \"CSV UTF-8 (Comma delimited)\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_spreadsheet_export_with_bom_and_extra_columns() {
        let csv = "\u{feff}STT,Mã thủ tục,Tên thủ tục,Lĩnh vực\r\n1,1.001,\"Nhập quốc tịch, cấp tỉnh\",Quốc tịch\r\n,,,\r\n2,1.002,Thôi quốc tịch,Quốc tịch\r\n";
        let (c, warnings) = parse(Path::new("dm.csv"), csv.as_bytes()).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(
            c.entries,
            [
                CatalogueEntry {
                    code: "1.001".into(),
                    name: "Nhập quốc tịch, cấp tỉnh".into()
                },
                CatalogueEntry {
                    code: "1.002".into(),
                    name: "Thôi quốc tịch".into()
                }
            ]
        );
    }

    #[test]
    fn a_missing_header_and_a_row_without_code_are_located() {
        let e = parse(Path::new("dm.csv"), b"a,b\n1,2\n").unwrap_err();
        assert_eq!(e[0].line, Some(1));
        let e = parse(Path::new("dm.csv"), b"code,name\nX,A\n,Thieu ma\n").unwrap_err();
        assert_eq!(e[0].line, Some(3));
        assert!(e[0].message.contains("Thieu ma"));
    }

    #[test]
    fn a_repeated_code_is_a_warning() {
        let (c, w) = parse(Path::new("dm.csv"), b"code,name\nX,A\nx,A again\n").unwrap();
        assert_eq!(c.entries.len(), 1);
        assert_eq!(w[0].line, Some(3));
    }
}
