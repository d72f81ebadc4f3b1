//! Every page of the site as a job: its output path, its template, and the
//! context that template needs. Jobs are listed first and rendered in
//! parallel by the caller.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

mod consultations;
mod documents;
mod feedback;
mod news;
mod plans;
mod procedures;
mod site_pages;

use std::collections::HashMap;
use std::path::Path;
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

/// The posts shown on thousands of pages: the home page's newest ten (on
/// the home page and the news list's first page).
fn shown_often(news: &[std::sync::Arc<News>]) -> FxHashMap<&str, OnceLock<Value>> {
    news.iter()
        .take(10)
        .map(|n| (n.url.as_str(), OnceLock::new()))
        .collect()
}

/// Each post's category (by its index in `categories`) and its place in
/// it, by URL.
fn places<'a>(categories: &[Group<'a, News>]) -> FxHashMap<&'a str, (usize, usize)> {
    categories
        .iter()
        .enumerate()
        .flat_map(|(g, group)| {
            group
                .items
                .iter()
                .enumerate()
                .map(move |(at, n)| (n.url.as_str(), (g, at)))
        })
        .collect()
}

/// A post as a link in a box beside another: its address, title and date.
#[derive(Serialize)]
struct PostLink<'a> {
    url: &'a str,
    title: &'a str,
    date_display: &'a str,
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
    /// The posts shown on thousands of pages as template values by URL,
    /// each made on first use and shared after (Tera values are
    /// reference-counted): the newest of each category, which are every
    /// post's related posts, and the home page's. Other posts show on their
    /// own page and a few lists, and are made for each: keeping a value of
    /// every post cost a fifth of a build's memory.
    news_values: FxHashMap<&'a str, OnceLock<Value>>,
    /// Each post's category and place in it ([`places`]).
    category_places: FxHashMap<&'a str, (usize, usize)>,
    /// The site as a schema.org organisation, for every post's and
    /// procedure's JSON-LD.
    publisher: serde_json::Value,
    /// The same on every news list page.
    category_links: Value,
    news_year_links: Value,
    /// Fingerprints of the navigation every index page of news and of
    /// documents shows (groups and their counts), for [`PageJob::navigation`].
    news_navigation: u64,
    document_navigation: u64,
}

impl<'a> Shared<'a> {
    pub fn new(site: &'a Site, tracker: &'a Tracker) -> Self {
        let categories = site.news_by_category();
        let news_years = site.news_by_year();
        let tags = site.news_by_tag();
        let document_years = site.documents_by_year();
        let document_types = site.documents_by_type();
        let document_fields = site.documents_by_field();
        let document_issuers = site.documents_by_issuer();
        let expired_documents = site.expired_legal_documents();
        let news_navigation = navigation(&[&categories, &news_years, &tags], 0);
        let news_values = shown_often(&site.news);
        let category_places = places(&categories);
        let document_navigation = navigation(
            &[
                &document_years,
                &document_types,
                &document_fields,
                &document_issuers,
            ],
            expired_documents.len(),
        );
        Shared {
            news_navigation,
            document_navigation,
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
            tags,
            news_years,
            document_years,
            document_types,
            document_fields,
            document_issuers,
            expired_documents,
            all_news: site.news.iter().map(|n| &**n).collect(),
            all_documents: site.documents.iter().collect(),
            published_feedback: site.published_feedback().collect(),
            all_consultations: site.consultations.iter().collect(),
            news_values,
            category_places,
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

    /// Posts as links (address, title, date), for the box beside a post.
    fn news_links(&self, posts: &[&News]) -> Value {
        let links: Vec<PostLink<'_>> = posts
            .iter()
            .map(|n| PostLink {
                url: &n.url,
                title: &n.title,
                date_display: &n.date_display,
            })
            .collect();
        Value::from_serializable(&links)
    }

    /// A post's category and its place among the category's posts.
    fn place_in_category(&self, post: &News) -> Option<(&Group<'a, News>, usize)> {
        let &(group, at) = self.category_places.get(post.url.as_str())?;
        Some((&self.categories[group], at))
    }
}

/// One page of the site, described in one place per page type: the URL it
/// is written at, what it shows (for the preview's incremental rebuilds)
/// and how its template and context are prepared.
pub trait PageJob<'a>: Send + Sync {
    /// The URL the page is written at, without preparing it.
    fn url(&self) -> String;
    /// Its template and the context the template needs.
    fn prepare(&self, shared: &Shared<'a>) -> Prepared;
    /// The content file the page is about, if it is one item's page.
    fn source(&self) -> Option<&'a Path> {
        None
    }
    /// What the page displays, read from the site model: the preview
    /// renders a page again when one of these files changed, or when the
    /// list itself is not what it was (an item entered, left or moved).
    /// An item's page shows its own file; others say what they show.
    fn shows(&self, _shared: &Shared<'a>) -> Shows<'a> {
        match self.source() {
            Some(path) => Shows::Sources(vec![path]),
            None => Shows::Site,
        }
    }
    /// A fingerprint of the navigation the page shows besides what it
    /// lists (an index page's links to every category or year, with their
    /// counts): the preview renders it again when this changes.
    fn navigation(&self, _shared: &Shared<'a>) -> u64 {
        0
    }
}

/// A hash of groups' addresses and sizes (and one more count).
fn navigation<T>(groups: &[&Vec<Group<'_, T>>], extra: usize) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    for (i, list) in groups.iter().enumerate() {
        i.hash(&mut h);
        for g in list.iter() {
            (g.slug.as_str(), g.items.len()).hash(&mut h);
        }
    }
    extra.hash(&mut h);
    h.finish()
}

/// A page to render.
pub type Job<'a> = Box<dyn PageJob<'a> + 'a>;

/// Lists every page of the site, section by section.
pub fn jobs<'a>(shared: &'a Shared<'a>) -> Vec<Job<'a>> {
    let mut jobs: Vec<Job<'a>> = Vec::new();
    site_pages::jobs(shared, &mut jobs);
    news::jobs(shared, &mut jobs);
    documents::jobs(shared, &mut jobs);
    plans::jobs(shared, &mut jobs);
    procedures::jobs(shared, &mut jobs);
    feedback::jobs(shared, &mut jobs);
    consultations::jobs(shared, &mut jobs);
    jobs
}

/// Two pages at one address: the second would overwrite the first. Item
/// addresses are unique by the site model; this also catches an item
/// against a list page or a fixed page of the site (Zola's
/// `find_path_collisions` is the idea).
pub fn collisions(jobs: &[Job<'_>]) -> Vec<crate::error::Diagnostic> {
    let mut seen: FxHashMap<String, Option<&Path>> = FxHashMap::default();
    let mut problems = Vec::new();
    for job in jobs {
        let url = job.url();
        let source = job.source();
        match seen.get(&url) {
            None => {
                seen.insert(url, source);
            }
            Some(first) => {
                let other = match first {
                    Some(path) => format!("the page of {}", path.display()),
                    None => "a page the site makes itself".to_string(),
                };
                let path = source.or(*first).unwrap_or(Path::new("content"));
                problems.push(
                    crate::error::Diagnostic::error(
                        path,
                        format!("two pages at the web address {url}: this one and {other}"),
                    )
                    .hint("set `slug:` to another name so each page has its own address"),
                );
            }
        }
    }
    problems
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

/// What a page displays ([`PageJob::shows`]).
pub enum Shows<'a> {
    /// Figures or lists drawn from the whole site (home, tracker, search,
    /// open data, tags, 404): rendered again after every change.
    Site,
    /// The content files whose data the page displays, in order.
    Sources(Vec<&'a std::path::Path>),
}

/// A page drawn from the whole site at a fixed address (home, tracker,
/// search, open data, 404...): rendered again after every change.
struct SitePage {
    url: String,
    prepare: fn(&Shared<'_>, &str) -> Prepared,
}

impl<'a> PageJob<'a> for SitePage {
    fn url(&self) -> String {
        self.url.clone()
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        (self.prepare)(shared, &self.url)
    }
}

fn site_page<'a>(url: impl Into<String>, prepare: fn(&Shared<'_>, &str) -> Prepared) -> Job<'a> {
    Box::new(SitePage {
        url: url.into(),
        prepare,
    })
}

/// The content files of `items`, for [`PageJob::shows`].
fn sources_of<'a, T: crate::content::Item + 'a>(
    items: impl IntoIterator<Item = &'a T>,
) -> Shows<'a> {
    Shows::Sources(items.into_iter().map(|x| x.source()).collect())
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
