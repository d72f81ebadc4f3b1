//! What the desk's pages show, as plain data for its Tera templates
//! (`templates/desk/`): the form of a kind as a tree of field views built
//! from the kind's description and an item's values, and the lists.
//!
//! Every decision (ids, which control, which option is chosen, what a new
//! row looks like) is made here; the templates only lay it out, and escape
//! every value.

use serde::Serialize;
use serde_json::{Map, Value};

use super::api::choices;
use super::Info;
use congkhai_core::config::Config;
use congkhai_core::content::kinds::{Field, FieldType};

/// How a field is laid out.
#[derive(Debug, Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Layout {
    /// A checkbox.
    Check,
    /// Repeatable lines (a list, or names of attached files).
    Lines,
    /// Repeatable records, each with its own fields.
    Records,
    /// One record of fields.
    Group,
    /// One control: an input, a text area or a choice.
    Single,
}

/// One field of a form, with its value.
#[derive(Debug, Serialize)]
pub(crate) struct FieldView {
    name: &'static str,
    /// The type's name (`date`, `rows`...), for `desk.js`.
    ty: &'static str,
    layout: Layout,
    label: &'static str,
    help: &'static str,
    private: bool,
    required: bool,
    /// Unique in the page: `f-title`, `f-tasks-0-title`.
    id: String,
    /// The ids of its help and error texts.
    described: String,
    /// The value as text, for single controls.
    text: String,
    checked: bool,
    /// A file can be uploaded into it.
    upload: bool,
    control: Option<Control>,
    /// Lines: one text each.
    lines: Vec<Line>,
    /// Records: the rows, and the empty row `desk.js` copies.
    records: Vec<Record>,
    new_record: Option<Record>,
    /// A group's fields.
    fields: Vec<FieldView>,
}

/// One line of a repeatable list.
#[derive(Debug, Serialize)]
pub(crate) struct Line {
    /// In ids: the index, or `N` in the template row.
    n: String,
    /// Shown to screen readers: the 1-based number, empty in the template.
    number: String,
    value: String,
}

/// One record of a repeatable group.
#[derive(Debug, Serialize)]
pub(crate) struct Record {
    number: String,
    fields: Vec<FieldView>,
}

/// The control of a single field.
#[derive(Debug, Serialize)]
pub(crate) struct Control {
    /// `input`, `textarea` or `select`.
    tag: &'static str,
    /// The input's type.
    input_type: &'static str,
    inputmode: Option<&'static str>,
    placeholder: Option<&'static str>,
    autocomplete_off: bool,
    /// For a choice: "(chưa chọn)" first, a value written by hand that is
    /// not among the options, and the options.
    blank: bool,
    unknown: Option<String>,
    options: Vec<Choice>,
    /// A date as the file writes it, sent back unchanged when the shown
    /// (day-first) text is not edited.
    iso: Option<String>,
    /// A standard name's list ends with "Khác", and a line for another
    /// name, holding it when it is not in the list.
    other: Option<String>,
}

/// One option of a choice.
#[derive(Debug, Serialize)]
pub(crate) struct Choice {
    value: String,
    label: String,
    selected: bool,
}

/// What the form needs besides the field's description.
pub(crate) struct Sources<'a> {
    pub(crate) config: &'a Config,
    pub(crate) info: &'a Info,
}

impl FieldView {
    /// The view of `field` holding `value`; `prefix` makes ids unique
    /// inside rows.
    pub(crate) fn new(
        field: &Field,
        value: Option<&Value>,
        prefix: &str,
        src: &Sources<'_>,
    ) -> Self {
        let id = format!("{prefix}-{}", field.name);
        let has_help = !field.help.is_empty() || field.private;
        let described = match has_help {
            true => format!("{id}-help {id}-error"),
            false => format!("{id}-error"),
        };
        let mut view = FieldView {
            name: field.name,
            ty: field.ty.name(),
            layout: Layout::Single,
            label: field.label,
            help: field.help,
            private: field.private,
            required: field.required,
            described,
            text: value_text(value),
            checked: false,
            upload: matches!(field.ty, FieldType::Attachment | FieldType::Attachments),
            control: None,
            lines: Vec::new(),
            records: Vec::new(),
            new_record: None,
            fields: Vec::new(),
            id,
        };
        match field.ty {
            FieldType::Bool(default) => {
                view.layout = Layout::Check;
                view.checked = value.and_then(Value::as_bool).unwrap_or(default);
            }
            FieldType::List | FieldType::Attachments => {
                view.layout = Layout::Lines;
                view.lines = lines(value, field.required);
            }
            FieldType::Rows(sub) => {
                view.layout = Layout::Records;
                let rows = value
                    .and_then(Value::as_array)
                    .map_or(&[][..], Vec::as_slice);
                view.records = rows
                    .iter()
                    .enumerate()
                    .map(|(i, row)| record(sub, row.as_object(), &view.id, &i.to_string(), src))
                    .collect();
                view.new_record = Some(record(sub, None, &view.id, "N", src));
            }
            FieldType::Group(sub) => {
                view.layout = Layout::Group;
                let map = value.and_then(Value::as_object);
                view.fields = sub
                    .iter()
                    .map(|f| FieldView::new(f, map.and_then(|m| m.get(f.name)), &view.id, src))
                    .collect();
            }
            _ => {
                view.control = Some(control(field, &view.text, src));
                if matches!(
                    field.ty,
                    FieldType::Date | FieldType::DateTime | FieldType::PartialDate
                ) {
                    view.text = congkhai_core::content::dates::to_day_first(&view.text);
                }
            }
        }
        view
    }
}

fn lines(value: Option<&Value>, required: bool) -> Vec<Line> {
    let mut items: Vec<String> = match value {
        Some(Value::Array(a)) => a.iter().map(|v| value_text(Some(v))).collect(),
        Some(v) if !value_text(Some(v)).is_empty() => vec![value_text(Some(v))],
        _ => Vec::new(),
    };
    if items.is_empty() && required {
        items.push(String::new());
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, value)| Line {
            n: i.to_string(),
            number: (i + 1).to_string(),
            value,
        })
        .collect()
}

fn record(
    sub: &[Field],
    values: Option<&Map<String, Value>>,
    id: &str,
    n: &str,
    src: &Sources<'_>,
) -> Record {
    let prefix = format!("{id}-{n}");
    Record {
        number: n
            .parse::<usize>()
            .map_or(String::new(), |i| (i + 1).to_string()),
        fields: sub
            .iter()
            .map(|f| FieldView::new(f, values.and_then(|m| m.get(f.name)), &prefix, src))
            .collect(),
    }
}

fn control(field: &Field, text: &str, src: &Sources<'_>) -> Control {
    let mut c = Control {
        tag: "input",
        input_type: "text",
        inputmode: None,
        placeholder: None,
        autocomplete_off: false,
        blank: false,
        unknown: None,
        options: Vec::new(),
        iso: None,
        other: None,
    };
    match field.ty {
        FieldType::Long => c.tag = "textarea",
        // Dates are shown and typed day first, as Vietnamese write them.
        FieldType::Date | FieldType::DateTime | FieldType::PartialDate => {
            c.inputmode = Some("numeric");
            c.autocomplete_off = true;
            c.placeholder = Some(match field.ty {
                FieldType::DateTime => "ngày/tháng/năm giờ:phút",
                FieldType::PartialDate => "ngày/tháng/năm",
                _ => "ngày/tháng/năm",
            });
            c.iso = (!text.is_empty()).then(|| text.to_string());
        }
        FieldType::Named(names) => {
            c.tag = "select";
            let known = names.contains(&text);
            c.blank = true;
            c.other = Some(if known {
                String::new()
            } else {
                text.to_string()
            });
            c.options = names
                .iter()
                .map(|n| Choice {
                    selected: *n == text,
                    value: n.to_string(),
                    label: n.to_string(),
                })
                .collect();
        }
        FieldType::Number => c.inputmode = Some("decimal"),
        FieldType::Url => {
            c.input_type = "url";
            c.placeholder = Some("https://");
        }
        FieldType::Email => c.input_type = "email",
        FieldType::Choice(_) | FieldType::Category | FieldType::Procedure => {
            c.tag = "select";
            let options = choices(field, src.config, src.info);
            let known = options.iter().any(|(v, _)| v == text);
            c.blank = !field.required || !known;
            c.unknown = (!known && !text.is_empty()).then(|| text.to_string());
            c.options = options
                .into_iter()
                .map(|(value, label)| Choice {
                    selected: value == text,
                    value,
                    label,
                })
                .collect();
        }
        _ => {}
    }
    c
}

/// A value as the text of an input.
pub(crate) fn value_text(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| value_text(Some(v)))
            .collect::<Vec<_>>()
            .join("\n"),
        Some(other) => other.to_string(),
    }
}
