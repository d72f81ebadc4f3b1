//! Every page of the site as a job: its output path, its template, and the
//! context that template needs. Jobs are listed first and rendered in
//! parallel by the caller.

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
            all_news: site.news.iter().collect(),
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
    let per = site.config.paginate_by;
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
    ];
    jobs.extend(site.pages.iter().map(Job::Page));
    jobs.extend(site.news.iter().map(Job::News));
    let news_root = crumb(routes::NEWS.label, routes::NEWS.url);
    let mut news_list =
        |heading: &str, crumbs: Vec<Crumb>, items: &'a [&'a News], category: Option<&str>| {
            let base = crumbs.last().expect("a list has a crumb").url.clone();
            for (items, pager) in paginate(items, per, &base) {
                let category = category.map(str::to_string);
                jobs.push(Job::NewsList {
                    heading: heading.to_string(),
                    crumbs: crumbs.clone(),
                    items,
                    pager,
                    category,
                });
            }
        };
    news_list("Tin tức", vec![news_root.clone()], &shared.all_news, None);
    for g in &shared.categories {
        let crumbs = vec![
            news_root.clone(),
            crumb(
                &g.name,
                &format!("{}{}/", routes::news_categories(), g.slug),
            ),
        ];
        news_list(&g.name, crumbs, &g.items, Some(&g.slug));
    }
    for g in &shared.tags {
        let crumbs = vec![
            news_root.clone(),
            crumb("Từ khóa", &routes::news_tags()),
            crumb(&g.name, &format!("{}{}/", routes::news_tags(), g.slug)),
        ];
        news_list(&format!("Từ khóa: {}", g.name), crumbs, &g.items, None);
    }
    for g in &shared.news_years {
        let crumbs = vec![
            news_root.clone(),
            crumb(&g.name, &format!("{}{}/", routes::news_years(), g.slug)),
        ];
        news_list(
            &format!("Tin tức {}", g.name.to_lowercase()),
            crumbs,
            &g.items,
            None,
        );
    }
    jobs.extend(site.documents.iter().map(Job::Document));
    let doc_root = crumb(routes::DOCUMENTS.label, routes::DOCUMENTS.url);
    let mut doc_list = |heading: String, crumbs: Vec<Crumb>, items: &'a [&'a Document]| {
        let base = crumbs.last().expect("a list has a crumb").url.clone();
        for (items, pager) in paginate(items, per, &base) {
            jobs.push(Job::DocumentList {
                heading: heading.clone(),
                crumbs: crumbs.clone(),
                items,
                pager,
            });
        }
    };
    doc_list(
        "Văn bản hướng dẫn, chỉ đạo".into(),
        vec![doc_root.clone()],
        &shared.all_documents,
    );
    doc_list(
        "Danh mục văn bản quy phạm pháp luật hết hiệu lực, ngưng hiệu lực".into(),
        vec![
            doc_root.clone(),
            crumb("Hết hiệu lực", &routes::documents_expired()),
        ],
        &shared.expired_documents,
    );
    let filters = [
        (&shared.document_types, &routes::document_types(), ""),
        (
            &shared.document_fields,
            &routes::document_fields(),
            "Văn bản lĩnh vực ",
        ),
        (
            &shared.document_issuers,
            &routes::document_issuers(),
            "Văn bản của ",
        ),
    ];
    for (groups, base, prefix) in filters {
        for g in groups {
            let crumbs = vec![
                doc_root.clone(),
                crumb(&g.name, &format!("{base}{}/", g.slug)),
            ];
            doc_list(format!("{prefix}{}", g.name), crumbs, &g.items);
        }
    }
    for g in &shared.document_years {
        let crumbs = vec![
            doc_root.clone(),
            crumb(&g.name, &format!("{}{}/", routes::document_years(), g.slug)),
        ];
        doc_list(
            format!("Văn bản {}", g.name.to_lowercase()),
            crumbs,
            &g.items,
        );
    }
    jobs.extend(site.plans.iter().map(Job::Plan));
    jobs.extend(shared.units.iter().map(Job::Unit));
    jobs.extend(site.procedures.iter().map(Job::Procedure));
    for g in &shared.fields {
        let intro = format!("Thủ tục hành chính lĩnh vực {}.", g.name);
        jobs.push(Job::ProcedureGroup {
            heading: format!("Lĩnh vực {}", g.name),
            intro,
            url: format!("{}{}/", routes::procedure_fields(), g.slug),
            items: &g.items,
        });
    }
    for g in &shared.online {
        let intro = format!(
            "Thủ tục hành chính theo mức độ cung cấp: {}.",
            g.name.to_lowercase()
        );
        jobs.push(Job::ProcedureGroup {
            heading: g.name.clone(),
            intro,
            url: format!("{}{}/", routes::procedure_levels(), g.slug),
            items: &g.items,
        });
    }
    jobs.extend(shared.published_feedback.iter().map(|f| Job::Feedback(f)));
    for (items, pager) in paginate(&shared.published_feedback, per, routes::FEEDBACK.url) {
        jobs.push(Job::FeedbackList { items, pager });
    }
    jobs.extend(site.consultations.iter().map(Job::Consultation));
    for (items, pager) in paginate(&shared.all_consultations, per, routes::CONSULTATIONS.url) {
        jobs.push(Job::ConsultationList { items, pager });
    }
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

impl Job<'_> {
    /// The URL the page is written at, without preparing it.
    pub fn url(&self) -> String {
        if let Some((url, _)) = self.listing() {
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

    /// For an index page: its URL and the content files it lists, in order.
    pub fn listing(&self) -> Option<(String, Vec<&std::path::Path>)> {
        match self {
            Job::NewsList {
                crumbs,
                items,
                pager,
                ..
            } => Some((
                page_url_of(crumbs, pager),
                items.iter().map(|x| x.source.as_path()).collect(),
            )),
            Job::DocumentList {
                crumbs,
                items,
                pager,
                ..
            } => Some((
                page_url_of(crumbs, pager),
                items.iter().map(|x| x.source.as_path()).collect(),
            )),
            Job::FeedbackList { items, pager } => Some((
                super::page_url(routes::FEEDBACK.url, pager.current),
                items.iter().map(|x| x.source.as_path()).collect(),
            )),
            Job::ConsultationList { items, pager } => Some((
                super::page_url(routes::CONSULTATIONS.url, pager.current),
                items.iter().map(|x| x.source.as_path()).collect(),
            )),
            Job::ProcedureGroup { url, items, .. } => Some((
                url.clone(),
                items.iter().map(|x| x.source.as_path()).collect(),
            )),
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
        let site = shared.site;
        match self {
            Job::Home => home(shared),
            Job::NotFound => {
                let mut p = prepared("/404.html", "404.html", "Không tìm thấy trang", "", vec![]);
                p.context.insert(
                    "fields",
                    &group_links(&shared.fields, &routes::procedure_fields()),
                );
                p
            }
            Job::Tracker => {
                let mut p = prepared(
                    routes::TRACKER.url,
                    "tracker.html",
                    "Theo dõi chỉ tiêu đăng tin và công khai",
                    "theo-doi",
                    vec![crumb(routes::TRACKER.label, routes::TRACKER.url)],
                );
                p.context.insert("tracker", shared.tracker);
                p.context.insert("targets", &site.config.targets);
                p.context.insert(
                    "chart",
                    &super::posts_chart(
                        &shared.tracker.months,
                        site.config.targets.posts_per_month,
                    ),
                );
                p
            }
            Job::Page(page) => {
                let mut p = prepared(
                    &page.url,
                    "page.html",
                    &page.title,
                    &page.slug,
                    vec![crumb(&page.title, &page.url)],
                );
                p.context.insert("page", page);
                p.context.insert("content", &page.body_html);
                describe(&mut p, page.summary.as_deref().unwrap_or(""));
                p
            }
            Job::News(post) => news_post(shared, post),
            Job::NewsList {
                heading,
                crumbs,
                items,
                pager,
                category,
            } => {
                let items = shared.news_list(items);
                let mut p = list_page("news_list.html", "tin-tuc", heading, crumbs, items, pager);
                p.context.insert("category", category);
                p.context
                    .insert_value("categories", shared.category_links.clone());
                p.context
                    .insert_value("years", shared.news_year_links.clone());
                p
            }
            Job::Document(doc) => {
                let crumbs = vec![
                    crumb(routes::DOCUMENTS.label, routes::DOCUMENTS.url),
                    crumb(&doc.number, &doc.url),
                ];
                let mut p = prepared(
                    &doc.url,
                    "document.html",
                    &format!("{} {}", doc.kind, doc.number),
                    "van-ban",
                    crumbs,
                );
                p.context.insert("document", doc);
                p.context.insert("content", &doc.body_html);
                describe(&mut p, &doc.title);
                p
            }
            Job::DocumentList {
                heading,
                crumbs,
                items,
                pager,
            } => {
                let mut p = list_page(
                    "document_list.html",
                    "van-ban",
                    heading,
                    crumbs,
                    Value::from_serializable(items),
                    pager,
                );
                p.context.insert(
                    "years",
                    &group_links(&shared.document_years, &routes::document_years()),
                );
                p.context.insert(
                    "types",
                    &group_links(&shared.document_types, &routes::document_types()),
                );
                p.context.insert(
                    "fields",
                    &group_links(&shared.document_fields, &routes::document_fields()),
                );
                p.context.insert(
                    "issuers",
                    &group_links(&shared.document_issuers, &routes::document_issuers()),
                );
                p.context
                    .insert("expired_count", &shared.expired_documents.len());
                p
            }
            Job::TagIndex => {
                let crumbs = vec![
                    crumb(routes::NEWS.label, routes::NEWS.url),
                    crumb("Từ khóa", &routes::news_tags()),
                ];
                let mut p = prepared(
                    routes::news_tags(),
                    "tags.html",
                    "Từ khóa",
                    "tin-tuc",
                    crumbs,
                );
                p.context
                    .insert("tags", &group_links(&shared.tags, &routes::news_tags()));
                p.context
                    .insert_value("years", shared.news_year_links.clone());
                p
            }
            Job::Search => {
                let mut p = prepared(
                    routes::SEARCH.url,
                    "search.html",
                    "Tìm kiếm",
                    "tim-kiem",
                    vec![crumb(routes::SEARCH.label, routes::SEARCH.url)],
                );
                p.context.insert(
                    "fields",
                    &group_links(&shared.fields, &routes::procedure_fields()),
                );
                p
            }
            Job::Data => {
                let mut p = prepared(
                    routes::DATA.url,
                    "data.html",
                    "Dữ liệu mở",
                    "du-lieu",
                    vec![crumb(routes::DATA.label, routes::DATA.url)],
                );
                p.context.insert("datasets", crate::output::data::DATASETS);
                p
            }
            Job::Plan(plan) => {
                let crumbs = vec![
                    crumb(routes::PLANS.label, routes::PLANS.url),
                    crumb(&plan.number_display, &plan.url),
                ];
                let mut p = prepared(&plan.url, "plan.html", &plan.title, "ke-hoach", crumbs);
                p.context.insert("plan", plan);
                p.context.insert("content", &plan.body_html);
                describe(&mut p, &plan.summary);
                p
            }
            Job::PlanList => {
                let mut p = prepared(
                    routes::PLANS.url,
                    "plan_list.html",
                    "Kế hoạch",
                    "ke-hoach",
                    vec![crumb(routes::PLANS.label, routes::PLANS.url)],
                );
                p.context.insert("items", &site.plans);
                p.context.insert("units", &unit_links(&shared.units));
                p
            }
            Job::Units => {
                let crumbs = vec![
                    crumb(routes::PLANS.label, routes::PLANS.url),
                    crumb("Nhiệm vụ theo đơn vị", &routes::plan_units()),
                ];
                let mut p = prepared(
                    routes::plan_units(),
                    "units.html",
                    "Nhiệm vụ theo đơn vị chủ trì",
                    "ke-hoach",
                    crumbs,
                );
                p.context.insert("units", &unit_links(&shared.units));
                p
            }
            Job::Unit(unit) => {
                let url = format!("{}{}/", routes::plan_units(), unit.slug);
                let crumbs = vec![
                    crumb(routes::PLANS.label, routes::PLANS.url),
                    crumb("Nhiệm vụ theo đơn vị", &routes::plan_units()),
                    crumb(&unit.name, &url),
                ];
                let mut p = prepared(
                    &url,
                    "unit.html",
                    &format!("Nhiệm vụ do {} chủ trì", unit.name),
                    "ke-hoach",
                    crumbs,
                );
                p.context.insert("unit_name", &unit.name);
                p.context.insert("tasks", &unit.tasks);
                p
            }
            Job::Procedure(proc_) => procedure(shared, proc_),
            Job::ProcedureCatalogue => {
                let mut p = prepared(
                    routes::PROCEDURES.url,
                    "procedure_list.html",
                    "Thủ tục hành chính",
                    "thu-tuc-hanh-chinh",
                    vec![crumb(routes::PROCEDURES.label, routes::PROCEDURES.url)],
                );
                p.context.insert(
                    "fields",
                    &groups_view(&shared.fields, &routes::procedure_fields()),
                );
                p.context.insert(
                    "online",
                    &group_links(&shared.online, &routes::procedure_levels()),
                );
                p.context.insert("figures", &shared.tracker.procedures);
                p
            }
            Job::ProcedureGroup {
                heading,
                intro,
                url,
                items,
            } => {
                let crumbs = vec![
                    crumb(routes::PROCEDURES.label, routes::PROCEDURES.url),
                    crumb(heading, url),
                ];
                let mut p = prepared(
                    url.as_str(),
                    "procedure_group.html",
                    heading,
                    "thu-tuc-hanh-chinh",
                    crumbs,
                );
                p.context.insert("heading", heading);
                p.context.insert("intro", intro);
                p.context.insert("items", items);
                p
            }
            Job::Feedback(f) => {
                let crumbs = vec![
                    crumb(routes::FEEDBACK.label, routes::FEEDBACK.url),
                    crumb(&f.code, &f.url),
                ];
                let mut p = prepared(
                    &f.url,
                    "feedback.html",
                    &f.subject,
                    "phan-anh-kien-nghi",
                    crumbs,
                );
                p.context.insert("feedback", f);
                p.context.insert(
                    "procedure",
                    &f.procedure
                        .as_deref()
                        .and_then(|c| shared.procedure_by_code.get(c)),
                );
                p
            }
            Job::FeedbackList { items, pager } => {
                let mut p = prepared(
                    super::page_url(routes::FEEDBACK.url, pager.current),
                    "feedback_list.html",
                    &paged_title("Kết quả trả lời phản ánh, kiến nghị", pager),
                    "phan-anh-kien-nghi",
                    vec![crumb(routes::FEEDBACK.label, routes::FEEDBACK.url)],
                );
                p.context.insert("items", items);
                p.context.insert("pager", pager);
                p.context.insert("figures", &shared.tracker.feedback);
                p
            }
            Job::Consultation(c) => {
                let crumbs = vec![
                    crumb(routes::CONSULTATIONS.label, routes::CONSULTATIONS.url),
                    crumb(&c.title, &c.url),
                ];
                let mut p = prepared(&c.url, "consultation.html", &c.title, "lay-y-kien", crumbs);
                p.context.insert("consultation", c);
                p.context.insert("content", &c.body_html);
                p.context
                    .insert("portal_url", &site.config.consultation_portal_url);
                describe(&mut p, &c.summary);
                p
            }
            Job::ConsultationList { items, pager } => {
                let mut p = prepared(
                    super::page_url(routes::CONSULTATIONS.url, pager.current),
                    "consultation_list.html",
                    &paged_title("Lấy ý kiến dự thảo văn bản", pager),
                    "lay-y-kien",
                    vec![crumb(
                        routes::CONSULTATIONS.label,
                        routes::CONSULTATIONS.url,
                    )],
                );
                p.context.insert("items", items);
                p.context.insert("pager", pager);
                p
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

fn home(shared: &Shared<'_>) -> Prepared {
    let site = shared.site;
    let mut p = prepared("/", "home.html", &site.config.title, "", vec![]);
    let latest: Vec<&News> = site.news.iter().take(6).collect();
    p.context
        .insert_value("latest_news", shared.news_list(&latest));
    p.context.insert(
        "latest_documents",
        &site.documents.iter().take(5).collect::<Vec<_>>(),
    );
    p.context.insert(
        "fields",
        &group_links(&shared.fields, &routes::procedure_fields()),
    );
    p.context.insert("tracker", shared.tracker);
    p.context.insert(
        "latest_feedback",
        &shared.published_feedback.iter().take(3).collect::<Vec<_>>(),
    );
    p.context.insert(
        "open_consultations",
        &site
            .consultations
            .iter()
            .filter(|c| c.status == crate::content::consultation::Status::Open)
            .collect::<Vec<_>>(),
    );
    p.context.insert("jsonld", &super::jsonld::site(site));
    describe(&mut p, &site.config.description);
    p
}

fn news_post(shared: &Shared<'_>, post: &News) -> Prepared {
    let cat_url = format!("{}{}/", routes::news_categories(), post.category);
    let crumbs = vec![
        crumb(routes::NEWS.label, routes::NEWS.url),
        crumb(&post.category_label, &cat_url),
        crumb(&post.title, &post.url),
    ];
    let mut p = prepared(&post.url, "news.html", &post.title, "tin-tuc", crumbs);
    let related: Vec<&News> = shared
        .categories
        .iter()
        .find(|g| g.slug == post.category)
        .map(|g| {
            g.items
                .iter()
                .filter(|n| n.slug != post.slug)
                .take(4)
                .copied()
                .collect()
        })
        .unwrap_or_default();
    p.context.insert_value("post", shared.news_value(post));
    p.context.insert("category_url", &cat_url);
    p.context.insert("content", &post.body_html);
    p.context
        .insert_value("related", shared.news_list(&related));
    p.context.insert(
        "jsonld",
        &super::jsonld::news(shared.site, &shared.publisher, post),
    );
    p.context.insert("og_type", "article");
    describe(&mut p, &post.summary);
    p
}

fn procedure(shared: &Shared<'_>, proc_: &Procedure) -> Prepared {
    let field_url = format!("{}{}/", routes::procedure_fields(), proc_.field_slug);
    let crumbs = vec![
        crumb(routes::PROCEDURES.label, routes::PROCEDURES.url),
        crumb(&proc_.field, &field_url),
        crumb(&proc_.code, &proc_.url),
    ];
    let mut p = prepared(
        &proc_.url,
        "procedure.html",
        &proc_.name,
        "thu-tuc-hanh-chinh",
        crumbs,
    );
    let feedback = shared
        .feedback_by_procedure
        .get(proc_.code.as_str())
        .cloned()
        .unwrap_or_default();
    p.context.insert("procedure", proc_);
    p.context.insert("field_url", &field_url);
    p.context.insert("content", &proc_.body_html);
    p.context.insert("feedback", &feedback);
    p.context.insert(
        "jsonld",
        &super::jsonld::procedure(shared.site, &shared.publisher, proc_),
    );
    describe(
        &mut p,
        &format!("Thủ tục {} – lĩnh vực {}", proc_.name, proc_.field),
    );
    p
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
