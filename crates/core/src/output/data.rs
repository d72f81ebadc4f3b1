//! Open data under `/du-lieu/`: procedures, answered feedback (never the
//! sender), plans with tasks and indicators, and the tracker's figures, as
//! JSON and as CSV (UTF-8 with BOM, CRLF) whose columns are documented on
//! the `/du-lieu/` page from [`DATASETS`].

use serde::Serialize;

use super::Generated;
use crate::content::{consultation::Consultation, plan::Plan, Item};
use crate::datasets::DATASETS;
use crate::escape::{plain, text_of};
use crate::report::{csv_document, Report};
use crate::site::tracker::Tracker;
use crate::site::Site;

#[derive(Serialize)]
struct ProcedureRecord<'a> {
    code: &'a str,
    name: &'a str,
    field: &'a str,
    level: crate::content::procedure::Level,
    agency: &'a str,
    statutory_days: &'a str,
    processing_days: Option<&'a str>,
    fee: &'a str,
    online: crate::content::procedure::Online,
    boundary_free: bool,
    documents: &'a [String],
    steps: &'a [String],
    legal_basis: &'a [String],
    forms: &'a [String],
    requirements: &'a [String],
    result: Option<&'a str>,
    applicants: Option<&'a str>,
    status: crate::content::procedure::Status,
    announcement: Option<&'a str>,
    dvc_url: Option<&'a str>,
    last_verified: Option<&'a str>,
    url: String,
    /// An illustrative procedure says so in its record.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    minh_hoa: bool,
}

#[derive(Serialize)]
struct FeedbackRecord<'a> {
    code: &'a str,
    received: String,
    due: String,
    answered: Option<String>,
    on_time: Option<bool>,
    subject: String,
    content: String,
    answer: String,
    procedure: Option<&'a str>,
    unit: &'a str,
    commune: Option<String>,
    url: String,
}

/// Every open-data file.
pub fn datasets(site: &Site, tracker: &Tracker) -> Vec<Generated> {
    let base = &site.config.base_url;
    let procedures: Vec<ProcedureRecord> = site
        .procedures
        .iter()
        .map(|p| ProcedureRecord {
            code: &p.code,
            name: &p.name,
            field: &p.field,
            level: p.level,
            agency: &p.agency,
            statutory_days: &p.statutory_days,
            processing_days: p.processing_days.as_deref(),
            fee: &p.fee,
            online: p.online,
            boundary_free: p.boundary_free,
            documents: &p.documents,
            steps: &p.steps,
            legal_basis: &p.legal_basis,
            forms: &p.forms,
            requirements: &p.requirements,
            result: p.result.as_deref(),
            applicants: p.applicants.as_deref(),
            status: p.status,
            announcement: p.announcement.as_deref(),
            dvc_url: p.dvc_url.as_deref(),
            last_verified: p.last_verified_iso.as_deref(),
            url: format!("{base}{}", p.url),
            minh_hoa: p.illustrative,
        })
        .collect();
    let feedback: Vec<FeedbackRecord> = site
        .published_feedback()
        .map(|f| FeedbackRecord {
            code: &f.code,
            received: f.received.to_string(),
            due: f.due.to_string(),
            answered: f.answered.map(|d| d.to_string()),
            on_time: f.on_time,
            subject: plain(&f.subject),
            content: text_of(&f.content_html),
            answer: f.answer_html.as_deref().map(text_of).unwrap_or_default(),
            procedure: f.procedure.as_deref(),
            unit: &f.unit,
            commune: f.commune.as_deref().map(plain),
            url: format!("{base}{}", f.url),
        })
        .collect();
    // Drafts shown by `build --drafts` are never open data.
    let plans: Vec<&Plan> = site.plans.iter().filter(|p| p.is_public()).collect();
    let consultations: Vec<&Consultation> = site
        .consultations
        .iter()
        .filter(|c| c.is_public())
        .collect();
    let report = Report::new(site, tracker, None);
    let files = vec![
        json("/du-lieu/thu-tuc.json", &procedures),
        csv(
            "/du-lieu/thu-tuc.csv",
            DATASETS[0].columns,
            procedures.iter().map(procedure_row),
        ),
        json("/du-lieu/phan-anh-kien-nghi.json", &feedback),
        csv(
            "/du-lieu/phan-anh-kien-nghi.csv",
            DATASETS[1].columns,
            feedback.iter().map(feedback_row),
        ),
        json("/du-lieu/ke-hoach.json", &plans),
        json("/du-lieu/lay-y-kien.json", &consultations),
        csv(
            "/du-lieu/ke-hoach-nhiem-vu.csv",
            &TASK_COLUMNS,
            plans.iter().flat_map(|p| {
                p.tasks.iter().map(move |t| {
                    vec![
                        p.number.clone(),
                        p.title.clone(),
                        p.date_iso.clone(),
                        t.number.to_string(),
                        t.title.clone(),
                        t.lead.clone(),
                        t.partners.join(" | "),
                        t.deadline.display.clone(),
                        t.deadline.date.map(|d| d.to_string()).unwrap_or_default(),
                        t.status.clone().unwrap_or_default(),
                    ]
                })
            }),
        ),
        csv(
            "/du-lieu/ke-hoach-chi-tieu.csv",
            &INDICATOR_COLUMNS,
            plans.iter().flat_map(|p| {
                p.indicators.iter().map(move |i| {
                    vec![
                        p.number.clone(),
                        p.title.clone(),
                        i.name.clone(),
                        i.unit.clone().unwrap_or_default(),
                        i.target.clone(),
                        i.lead.clone().unwrap_or_default(),
                        i.monitor.clone().unwrap_or_default(),
                    ]
                })
            }),
        ),
        json("/du-lieu/theo-doi.json", &report),
        Generated {
            url: "/du-lieu/theo-doi.csv".into(),
            bytes: report.to_csv().into_bytes(),
        },
    ];
    if site.config.sample_content {
        files.into_iter().map(mark_sample).collect()
    } else {
        files
    }
}

/// The mark every open-data file of a site of illustrative content
/// carries: a `minh_hoa` field (JSON, on each record) or column (CSV).
const SAMPLE_FIELD: &str = "minh_hoa";

/// Marks one data file as illustrative: each JSON record (or the JSON
/// object) gets `"minh_hoa": true`, each CSV row a `minh_hoa` column
/// saying "có". Files it cannot read are returned as they are.
fn mark_sample(file: Generated) -> Generated {
    let marked = if file.url.ends_with(".json") {
        mark_json(&file.bytes)
    } else if file.url.ends_with(".csv") {
        mark_csv(&file.bytes)
    } else {
        None
    };
    match marked {
        Some(bytes) => Generated {
            url: file.url,
            bytes,
        },
        None => file,
    }
}

fn mark_json(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    let mark = |v: &mut serde_json::Value| {
        if let serde_json::Value::Object(map) = v {
            map.insert(SAMPLE_FIELD.into(), serde_json::Value::Bool(true));
        }
    };
    match &mut value {
        serde_json::Value::Array(items) => items.iter_mut().for_each(mark),
        other => mark(other),
    }
    let mut out = crate::escape::json(serde_json::to_vec_pretty(&value).ok()?);
    out.push(b'\n');
    Some(out)
}

fn mark_csv(bytes: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(bytes)
        .ok()?
        .trim_start_matches('\u{feff}');
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let mut row: Vec<String> = record.ok()?.iter().map(str::to_string).collect();
        row.push(if i == 0 {
            SAMPLE_FIELD.into()
        } else {
            "có".into()
        });
        rows.push(row);
    }
    Some(csv_document(rows.iter().map(|r| r.as_slice())).into_bytes())
}

const TASK_COLUMNS: [(&str, &str); 10] = [
    ("plan_number", ""),
    ("plan_title", ""),
    ("plan_date", ""),
    ("task_number", ""),
    ("title", ""),
    ("lead", ""),
    ("partners", ""),
    ("deadline", ""),
    ("deadline_date", ""),
    ("status", ""),
];
const INDICATOR_COLUMNS: [(&str, &str); 7] = [
    ("plan_number", ""),
    ("plan_title", ""),
    ("name", ""),
    ("unit", ""),
    ("target", ""),
    ("lead", ""),
    ("monitor", ""),
];

fn procedure_row(p: &ProcedureRecord) -> Vec<String> {
    let opt = |v: Option<&str>| v.unwrap_or("").to_string();
    vec![
        p.code.into(),
        p.name.into(),
        p.field.into(),
        format!("{:?}", p.level).to_lowercase(),
        p.agency.into(),
        p.statutory_days.into(),
        opt(p.processing_days),
        p.fee.into(),
        format!("{:?}", p.online).to_lowercase(),
        p.boundary_free.to_string(),
        p.documents.join(" | "),
        p.steps.join(" | "),
        p.legal_basis.join(" | "),
        p.forms.join(" | "),
        p.requirements.join(" | "),
        opt(p.result),
        opt(p.applicants),
        format!("{:?}", p.status).to_lowercase(),
        opt(p.announcement),
        opt(p.dvc_url),
        opt(p.last_verified),
        p.url.clone(),
    ]
}

fn feedback_row(f: &FeedbackRecord) -> Vec<String> {
    vec![
        f.code.into(),
        f.received.clone(),
        f.due.clone(),
        f.answered.clone().unwrap_or_default(),
        f.on_time.map(|b| b.to_string()).unwrap_or_default(),
        f.subject.clone(),
        f.content.clone(),
        f.answer.clone(),
        f.procedure.unwrap_or("").into(),
        f.unit.into(),
        f.commune.clone().unwrap_or_default(),
        f.url.clone(),
    ]
}

fn json<T: Serialize + ?Sized>(url: &str, value: &T) -> Generated {
    let mut bytes = crate::escape::json(serde_json::to_vec_pretty(value).expect("data serialises"));
    bytes.push(b'\n');
    Generated {
        url: url.into(),
        bytes,
    }
}

fn csv(url: &str, columns: &[(&str, &str)], rows: impl Iterator<Item = Vec<String>>) -> Generated {
    let header: Vec<String> = columns.iter().map(|(name, _)| name.to_string()).collect();
    let rows: Vec<Vec<String>> = std::iter::once(header).chain(rows).collect();
    let out = csv_document(rows.iter().map(|r| r.as_slice()));
    Generated {
        url: url.into(),
        bytes: out.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_exports_carry_no_markup() {
        assert_eq!(
            text_of("<p>Trả lời &lt;script&gt;x&lt;/script&gt; <strong>20</strong> ngày</p>"),
            "Trả lời scriptx/script 20 ngày"
        );
    }
}
