//! `congkhai new` and `congkhai init`: content files with every field of
//! their kind filled in, and a new site that builds as it is.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::content::kinds::{Field, FieldType, Format, KindSpec};
use crate::content::Kind;
use crate::slug::slugify;

/// The file `new` writes for `kind` with `title`, relative to the root.
pub fn new_path(kind: Kind, title: &str) -> Option<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        return None;
    }
    let spec = KindSpec::of(kind);
    Some(
        Path::new("content")
            .join(kind.folder())
            .join(format!("{slug}.{}", spec.extension())),
    )
}

/// Quotes a value for YAML.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// The text of a new content file, written from the kind's description
/// ([`KindSpec`]): every field in the documented order, required ones
/// filled with a starting value and marked "bắt buộc", optional ones
/// commented out, each with its label and help text.
pub fn new_content(kind: Kind, title: &str, start: &Start<'_>) -> String {
    let spec = KindSpec::of(kind);
    let mut out = String::new();
    if spec.format == Format::Markdown {
        out.push_str("---\n");
    }
    for field in spec.fields {
        let value = if field.name == spec.title {
            q(title)
        } else {
            starting_value(field, start)
        };
        let note = comment(field);
        if field.required || (field.name == "draft" && spec.format == Format::Markdown) {
            out.push_str(&format!("{}: {value}   # {note}\n", field.name));
        } else {
            out.push_str(&format!("# {}: {value}   # {note}\n", field.name));
        }
    }
    if let Some(body) = spec.body {
        out.push_str(&format!("---\n{body}.\n"));
    }
    out
}

/// What a new file starts with, from the site.
pub struct Start<'a> {
    /// The date new items carry.
    pub today: NaiveDate,
    /// The first news category of `site.yaml`.
    pub category: &'a str,
    /// The site's agency (its title): the issuer of its plans, the agency
    /// of its procedures.
    pub agency: &'a str,
}

/// The value a new file starts with for `field`.
fn starting_value(field: &Field, start: &Start<'_>) -> String {
    if matches!(field.name, "issuer" | "agency") && field.required {
        return q(start.agency);
    }
    match field.ty {
        FieldType::Date | FieldType::DateTime | FieldType::PartialDate => start.today.to_string(),
        FieldType::Number => "0".into(),
        FieldType::Bool(default) => (field.name == "draft" || default).to_string(),
        FieldType::Choice(choices) => choices[0].0.into(),
        FieldType::Category => q(start.category),
        FieldType::List | FieldType::Attachments if field.required => "[\"\"]".into(),
        FieldType::List | FieldType::Attachments | FieldType::Rows(_) => "[]".into(),
        FieldType::Group(_) => "{}".into(),
        FieldType::Text
        | FieldType::Long
        | FieldType::Url
        | FieldType::Email
        | FieldType::Procedure
        | FieldType::Named(_)
        | FieldType::Attachment => "\"\"".into(),
    }
}

/// The comment after a field: "bắt buộc", its label and help, and the
/// values a choice accepts.
fn comment(field: &Field) -> String {
    let mut note = String::new();
    if field.required {
        note.push_str("bắt buộc: ");
    }
    note.push_str(field.label);
    if !field.help.is_empty() {
        note.push_str(". ");
        note.push_str(field.help.strip_suffix('.').unwrap_or(field.help));
    }
    if let FieldType::Choice(choices) = field.ty {
        let values: Vec<String> = choices.iter().map(|(v, l)| format!("{v} = {l}")).collect();
        note.push_str(&format!(" ({})", values.join("; ")));
    }
    if field.private {
        note.push_str(" (không công khai)");
    }
    note
}

/// The files of a new site, relative to its folder.
pub fn init_files(title: &str, today: NaiveDate) -> Vec<(PathBuf, String)> {
    let site = format!(
        "title: {}\ndescription: \"\"\nbase_url: \"https://example.gov.vn\"   # địa chỉ chính thức của trang\nlanguage: vi\ntimezone: Asia/Ho_Chi_Minh\ntargets:\n  posts_per_month: 7\n  guidance_docs_per_year: 60\nfeedback_due_working_days: 10\npaginate_by: 20\n",
        q(title)
    );
    let mut files = vec![(PathBuf::from("site.yaml"), site)];
    let samples = [
        (Kind::News, "Bài viết đầu tiên"),
        (Kind::Page, "Giới thiệu"),
    ];
    for (kind, sample) in samples {
        let text = new_content(kind, sample, &start(today))
            .replace("draft: true", "draft: false")
            .replace("# menu: false", "menu: true");
        files.push((
            new_path(kind, sample).expect("sample titles have slugs"),
            text,
        ));
    }
    // Every other kind's folder, so staff see where each kind goes.
    let others = Kind::ALL
        .into_iter()
        .filter(|kind| samples.iter().all(|(k, _)| k != kind));
    for kind in others {
        files.push((
            Path::new("content").join(kind.folder()).join(".gitkeep"),
            String::new(),
        ));
    }
    files
}

fn start(today: NaiveDate) -> Start<'static> {
    Start {
        today,
        category: "hoat-dong",
        agency: "Sở Tư pháp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::check_file;

    #[test]
    fn new_files_parse_once_their_required_fields_are_filled() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let config = Config::default_for_test();
        for kind in [Kind::News, Kind::Page, Kind::Plan] {
            let text = new_content(kind, "Tiêu đề", &start(today));
            let path = new_path(kind, "Tiêu đề").unwrap();
            assert!(
                check_file(&config, kind, &path, text.as_bytes()).is_empty(),
                "{kind:?}"
            );
        }
        for kind in [
            Kind::Document,
            Kind::Procedure,
            Kind::Feedback,
            Kind::Consultation,
        ] {
            let text = new_content(kind, "Tiêu đề", &start(today));
            let problems = check_file(
                &config,
                kind,
                &new_path(kind, "Tiêu đề").unwrap(),
                text.as_bytes(),
            );
            assert!(
                problems
                    .iter()
                    .all(|d| d.message.contains("is empty") || d.message.contains("no entries")),
                "{kind:?}: {problems:?}"
            );
            assert!(
                !problems.is_empty(),
                "{kind:?}: required fields must be asked for"
            );
        }
    }

    #[test]
    fn paths_are_folded_slugs() {
        assert_eq!(
            new_path(Kind::News, "Tiêu đề bài viết").unwrap(),
            Path::new("content/news/tieu-de-bai-viet.md")
        );
        assert_eq!(
            new_path(Kind::Procedure, "Nhập quốc tịch").unwrap(),
            Path::new("content/procedures/nhap-quoc-tich.yaml")
        );
        assert!(new_path(Kind::News, "!!!").is_none());
    }
}
