//! Every page of the site as a job: its output path, its template, and the
//! context that template needs. Jobs are listed first and rendered in
//! parallel by the caller.

mod consultations;
mod documents;
mod feedback;
mod news;
mod plans;
mod procedures;
mod site_pages;

use std::collections::HashMap;

use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use serde::Serialize;
use tera::{Context, Value};

use super::{paginate, Pager};
use crate::content::{
    consultation::Consultation, document::Document, feedback::Feedback, news::News, page::Page,
    plan::Plan, procedure::Procedure,
};
use crate::routes;
use crate::site::tracker::Tracker;
use crate::site::{Group, Site, Unit};

/// A breadcrumb: where a page sits in the site.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub label: String,
    pub url: String,
}

fn crumb(label: &str, url: &str) -> Crumb {
    Crumb {
        label: label.to_string(),
        url: url.to_string(),
    }
}

/// Data computed once and shared by all jobs.
pub struct Shared<'a> {
    pub site: &'a Site,
    pub tracker: &'a Tracker,
    pub feedback_by_procedure: HashMap<&'a str, Vec<&'a Feedback>>,
    pub procedure_by_code: HashMap<&'a str, &'a Procedure>,
    pub units: Vec<Unit<'a>>,
    pub fields: Vec<Group<'a, Procedure>>,
    pub online: Vec<Group<'a, Procedure>>,
    /// Internal procedures (TTHC nội bộ), for their own list.
    pub internal_procedures: Vec<&'a Procedure>,
    pub categories: Vec<Group<'a, News>>,
    pub tags: Vec<Group<'a, News>>,
    pub news_years: Vec<Group<'a, News>>,
    pub document_years: Vec<Group<'a, Document>>,
    pub document_types: Vec<Group<'a, Document>>,
    pub document_fields: Vec<Group<'a, Document>>,
    pub document_issuers: Vec<Group<'a, Document>>,
    pub expired_documents: Vec<&'a Document>,
    pub all_news: Vec<&'a News>,
    pub all_documents: Vec<&'a Document>,
    pub published_feedback: Vec<&'a Feedback>,
    pub all_consultations: Vec<&'a Consultation>,
    /// Posts as template values by URL, each made on first use and shared
    /// after (Tera values are reference-counted): a post shows on its own
    /// page, beside related posts and on several list pages.
    news_values: FxHashMap<&'a str, OnceLock<Value>>,
    /// The site as a schema.org organisation, for every post's and
    /// procedure's JSON-LD.
    publisher: serde_json::Value,
    /// The same on every news list page.
    category_links: Value,
    news_year_links: Value,
}

impl<'a> Shared<'a> {
    pub fn new(site: &'a Site, tracker: &'a Tracker) -> Self {
        let categories = site.news_by_category();
        let news_years = site.news_by_year();
        Shared {
            site,
            tracker,
            publisher: super::jsonld::organization(site),
            feedback_by_procedure: site.feedback_by_procedure(),
            procedure_by_code: site.procedure_by_code(),
            units: site.units(),
            fields: site.procedures_by_field(),
            online: site.procedures_by_online(),
            internal_procedures: site.procedures.iter().filter(|p| p.internal).collect(),
            category_links: Value::from_serializable(&group_links(
                &categories,
                &routes::news_categories(),
            )),
            news_year_links: Value::from_serializable(&group_links(
                &news_years,
                &routes::news_years(),
            )),
            categories,
            tags: site.news_by_tag(),
            news_years,
            document_years: site.documents_by_year(),
            document_types: site.documents_by_type(),
            document_fields: site.documents_by_field(),
            document_issuers: site.documents_by_issuer(),
            expired_documents: site.expired_legal_documents(),
            all_news: site.news.iter().map(|n| &**n).collect(),
            all_documents: site.documents.iter().collect(),
            published_feedback: site.published_feedback().collect(),
            all_consultations: site.consultations.iter().collect(),
            news_values: site
                .news
                .iter()
                .map(|n| (n.url.as_str(), OnceLock::new()))
                .collect(),
        }
    }

    /// A post as a template value.
    fn news_value(&self, post: &News) -> Value {
        match self.news_values.get(post.url.as_str()) {
            Some(cell) => cell.get_or_init(|| Value::from_serializable(post)).clone(),
            None => Value::from_serializable(post),
        }
    }

    fn news_list(&self, posts: &[&News]) -> Value {
        let values: Vec<Value> = posts.iter().map(|n| self.news_value(n)).collect();
        Value::from(values)
    }
}

/// One page to render.
pub enum Job<'a> {
    Home,
    NotFound,
    Tracker,
    Page(&'a Page),
    News(&'a News),
    NewsList {
        heading: String,
        crumbs: Vec<Crumb>,
        items: &'a [&'a News],
        pager: Pager,
        category: Option<String>,
    },
    Document(&'a Document),
    DocumentList {
        heading: String,
        crumbs: Vec<Crumb>,
        items: &'a [&'a Document],
        pager: Pager,
    },
    TagIndex,
    Data,
    Search,
    /// Tiếp cận thông tin: what the agency publishes, and where to ask.
    AccessInfo,
    /// The announced catalogue of procedures (`procedure_catalogue`).
    AnnouncedCatalogue,
    Plan(&'a Plan),
    PlanList,
    Units,
    Unit(&'a Unit<'a>),
    Procedure(&'a Procedure),
    ProcedureCatalogue,
    ProcedureGroup {
        heading: String,
        intro: String,
        url: String,
        items: &'a [&'a Procedure],
    },
    Feedback(&'a Feedback),
    FeedbackList {
        items: &'a [&'a Feedback],
        pager: Pager,
    },
    Consultation(&'a Consultation),
    ConsultationList {
        items: &'a [&'a Consultation],
        pager: Pager,
    },
}

/// Lists every page of the site.
pub fn jobs<'a>(shared: &'a Shared<'a>) -> Vec<Job<'a>> {
    let site = shared.site;
    let mut jobs = vec![
        Job::Home,
        Job::NotFound,
        Job::Tracker,
        Job::PlanList,
        Job::Units,
        Job::ProcedureCatalogue,
        Job::TagIndex,
        Job::Data,
        Job::Search,
        Job::AccessInfo,
    ];
    jobs.extend(site.pages.iter().map(Job::Page));
    news::jobs(shared, &mut jobs);
    documents::jobs(shared, &mut jobs);
    plans::jobs(shared, &mut jobs);
    procedures::jobs(shared, &mut jobs);
    feedback::jobs(shared, &mut jobs);
    consultations::jobs(shared, &mut jobs);
    jobs
}

/// The output path (a URL path), template and context of a job.
pub struct Prepared {
    pub url: String,
    pub template: &'static str,
    pub context: Context,
}

fn prepared(
    url: impl Into<String>,
    template: &'static str,
    title: &str,
    section: &str,
    crumbs: Vec<Crumb>,
) -> Prepared {
    let url = url.into();
    let mut context = Context::new();
    context.insert("title", title);
    context.insert("url", &url);
    context.insert("section", section);
    // The menu entry this page belongs under, so the menu marks it without
    // building strings on every page.
    let section_url = match (url.as_str(), section) {
        ("/", _) => "/".to_string(),
        (_, "") => String::new(),
        (_, s) => format!("/{s}/"),
    };
    context.insert("section_url", &section_url);
    context.insert("crumbs", &crumbs);
    context.insert("description", "");
    context.insert("jsonld", "");
    context.insert("og_type", "website");
    Prepared {
        url,
        template,
        context,
    }
}

/// What a page displays ([`Job::shows`]).
pub enum Shows<'a> {
    /// Figures or lists drawn from the whole site (home, tracker, search,
    /// open data, tags, 404): rendered again after every change.
    Site,
    /// The content files whose data the page displays, in order.
    Sources(Vec<&'a std::path::Path>),
}

impl<'a> Job<'a> {
    /// The URL the page is written at, without preparing it.
    pub fn url(&self) -> String {
        if let Some(url) = self.list_url() {
            return url;
        }
        match self {
            Job::Home => "/".into(),
            Job::NotFound => "/404.html".into(),
            Job::Tracker => routes::TRACKER.url.into(),
            Job::Page(x) => x.url.clone(),
            Job::News(x) => x.url.clone(),
            Job::Document(x) => x.url.clone(),
            Job::TagIndex => routes::news_tags(),
            Job::Data => routes::DATA.url.into(),
            Job::Search => routes::SEARCH.url.into(),
            Job::AccessInfo => routes::ACCESS_INFO.url.into(),
            Job::AnnouncedCatalogue => routes::procedures_catalogue(),
            Job::Plan(x) => x.url.clone(),
            Job::PlanList => routes::PLANS.url.into(),
            Job::Units => routes::plan_units(),
            Job::Unit(u) => format!("{}{}/", routes::plan_units(), u.slug),
            Job::Procedure(x) => x.url.clone(),
            Job::ProcedureCatalogue => routes::PROCEDURES.url.into(),
            Job::Feedback(x) => x.url.clone(),
            Job::Consultation(x) => x.url.clone(),
            Job::NewsList { .. }
            | Job::DocumentList { .. }
            | Job::ProcedureGroup { .. }
            | Job::FeedbackList { .. }
            | Job::ConsultationList { .. } => unreachable!("list pages have a listing"),
        }
    }

    /// What the page displays, read from the site model: the preview
    /// renders a page again when one of these files changed, or when the
    /// list itself is not what it was (an item entered, left or moved).
    pub fn shows(&self, shared: &Shared<'a>) -> Shows<'a> {
        let all = |paths: Vec<&'a std::path::Path>| Shows::Sources(paths);
        match self {
            Job::Home
            | Job::NotFound
            | Job::Tracker
            | Job::Search
            | Job::Data
            | Job::TagIndex
            | Job::AccessInfo
            | Job::AnnouncedCatalogue => Shows::Site,
            Job::Page(x) => all(vec![&x.source]),
            Job::News(x) => {
                let mut paths = vec![x.source.as_path()];
                paths.extend(news::related(shared, x).iter().map(|n| n.source.as_path()));
                all(paths)
            }
            Job::Document(x) => all(vec![&x.source]),
            Job::Plan(x) => all(vec![&x.source]),
            // The plan index and the unit pages gather every plan's tasks.
            Job::PlanList | Job::Units | Job::Unit(_) => all(shared
                .site
                .plans
                .iter()
                .map(|p| p.source.as_path())
                .collect()),
            Job::Procedure(x) => {
                let mut paths = vec![x.source.as_path()];
                if let Some(items) = shared.feedback_by_procedure.get(x.code.as_str()) {
                    paths.extend(items.iter().map(|f| f.source.as_path()));
                }
                all(paths)
            }
            // The procedure index shows the figures and field counts of
            // every procedure.
            Job::ProcedureCatalogue => all(shared
                .site
                .procedures
                .iter()
                .map(|p| p.source.as_path())
                .collect()),
            Job::ProcedureGroup { items, .. } => {
                all(items.iter().map(|x| x.source.as_path()).collect())
            }
            Job::Feedback(x) => {
                let mut paths = vec![x.source.as_path()];
                let procedure = x
                    .procedure
                    .as_deref()
                    .and_then(|c| shared.procedure_by_code.get(c));
                paths.extend(procedure.map(|p| p.source.as_path()));
                all(paths)
            }
            // The feedback index shows the figures of all feedback.
            Job::FeedbackList { items, .. } => {
                let mut paths: Vec<&std::path::Path> =
                    items.iter().map(|x| x.source.as_path()).collect();
                paths.extend(shared.site.feedback.iter().map(|f| f.source.as_path()));
                all(paths)
            }
            Job::Consultation(x) => all(vec![&x.source]),
            Job::NewsList { items, .. } => all(items.iter().map(|x| x.source.as_path()).collect()),
            Job::DocumentList { items, .. } => {
                all(items.iter().map(|x| x.source.as_path()).collect())
            }
            Job::ConsultationList { items, .. } => {
                all(items.iter().map(|x| x.source.as_path()).collect())
            }
        }
    }

    /// Whether the page is an index page (a list with its section's navigation).
    pub fn is_list(&self) -> bool {
        matches!(
            self,
            Job::NewsList { .. }
                | Job::DocumentList { .. }
                | Job::FeedbackList { .. }
                | Job::ConsultationList { .. }
                | Job::ProcedureGroup { .. }
        )
    }

    /// For an index page: its URL (what it lists is in [`Job::shows`]).
    fn list_url(&self) -> Option<String> {
        match self {
            Job::NewsList { crumbs, pager, .. } | Job::DocumentList { crumbs, pager, .. } => {
                Some(page_url_of(crumbs, pager))
            }
            Job::FeedbackList { pager, .. } => {
                Some(super::page_url(routes::FEEDBACK.url, pager.current))
            }
            Job::ConsultationList { pager, .. } => {
                Some(super::page_url(routes::CONSULTATIONS.url, pager.current))
            }
            Job::ProcedureGroup { url, .. } => Some(url.clone()),
            _ => None,
        }
    }

    /// The content file a page shows, if it shows one.
    pub fn source(&self) -> Option<&std::path::Path> {
        match self {
            Job::Page(x) => Some(&x.source),
            Job::News(x) => Some(&x.source),
            Job::Document(x) => Some(&x.source),
            Job::Plan(x) => Some(&x.source),
            Job::Procedure(x) => Some(&x.source),
            Job::Feedback(x) => Some(&x.source),
            Job::Consultation(x) => Some(&x.source),
            _ => None,
        }
    }

    pub fn prepare(&self, shared: &Shared<'_>) -> Prepared {
        match self {
            Job::Home
            | Job::NotFound
            | Job::Tracker
            | Job::Page(_)
            | Job::Search
            | Job::Data
            | Job::AccessInfo => site_pages::prepare(self, shared),
            Job::News(_) | Job::NewsList { .. } | Job::TagIndex => news::prepare(self, shared),
            Job::Document(_) | Job::DocumentList { .. } => documents::prepare(self, shared),
            Job::Plan(_) | Job::PlanList | Job::Units | Job::Unit(_) => {
                plans::prepare(self, shared)
            }
            Job::Procedure(_)
            | Job::ProcedureCatalogue
            | Job::ProcedureGroup { .. }
            | Job::AnnouncedCatalogue => procedures::prepare(self, shared),
            Job::Feedback(_) | Job::FeedbackList { .. } => feedback::prepare(self, shared),
            Job::Consultation(_) | Job::ConsultationList { .. } => {
                consultations::prepare(self, shared)
            }
        }
    }
}

/// One page of a paginated list: its title says which page it is.
fn list_page(
    template: &'static str,
    section: &str,
    heading: &str,
    crumbs: &[Crumb],
    items: Value,
    pager: &Pager,
) -> Prepared {
    let title = paged_title(heading, pager);
    let mut p = prepared(
        page_url_of(crumbs, pager),
        template,
        &title,
        section,
        crumbs.to_vec(),
    );
    p.context.insert("heading", heading);
    p.context.insert_value("items", items);
    p.context.insert("pager", pager);
    p
}

fn describe(p: &mut Prepared, text: &str) {
    p.context.insert("description", text);
}

fn paged_title(heading: &str, pager: &Pager) -> String {
    if pager.current > 1 {
        format!("{heading} – trang {}", pager.current)
    } else {
        heading.to_string()
    }
}

fn page_url_of(crumbs: &[Crumb], pager: &Pager) -> String {
    let base = &crumbs.last().expect("list pages have a crumb").url;
    super::page_url(base, pager.current)
}

#[derive(Serialize)]
struct GroupLink {
    name: String,
    url: String,
    count: usize,
}

fn group_links<T>(groups: &[Group<'_, T>], base: &str) -> Vec<GroupLink> {
    groups
        .iter()
        .map(|g| GroupLink {
            name: g.name.clone(),
            url: format!("{base}{}/", g.slug),
            count: g.items.len(),
        })
        .collect()
}

#[derive(Serialize)]
struct GroupView<'a> {
    name: &'a str,
    url: String,
    items: &'a [&'a Procedure],
}

fn groups_view<'a>(groups: &'a [Group<'a, Procedure>], base: &str) -> Vec<GroupView<'a>> {
    groups
        .iter()
        .map(|g| GroupView {
            name: &g.name,
            url: format!("{base}{}/", g.slug),
            items: &g.items,
        })
        .collect()
}

fn unit_links(units: &[Unit<'_>]) -> Vec<GroupLink> {
    units
        .iter()
        .map(|u| GroupLink {
            name: u.name.clone(),
            url: format!("{}{}/", routes::plan_units(), u.slug),
            count: u.tasks.len(),
        })
        .collect()
}
