//! The site model: published content in display order, cross-links, and the
//! groupings index pages need (categories, fields, online levels, units).
//!
//! Built once from [`Content`]; rendering only reads it. Cross-item rules
//! live here: unique slugs and procedure codes, feedback that names a
//! procedure which exists, drafts and scheduled items left out.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

pub mod catalogue;
pub mod period;
pub mod slips;
pub mod tracker;

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::content::{
    document::Document, feedback::Feedback, news::News, page::Page, plan::Plan, plan::Task,
    procedure::Online, procedure::Procedure, Content, Item, Kind,
};
use crate::error::{Diagnostic, Diagnostics};

pub use crate::routes::RESERVED;

/// How to build: which day is "today", and whether drafts are shown.
#[derive(Debug, Clone, Copy)]
pub struct BuildOptions {
    pub today: NaiveDate,
    /// The present moment, when items dated to the minute wait for their
    /// minute (the publishing server); None: a post dated today is shown
    /// all day.
    pub now: Option<chrono::DateTime<chrono_tz::Tz>>,
    pub include_drafts: bool,
    /// Building the `serve` preview for editors: pages may show what is
    /// still needed this month.
    pub preview: bool,
}

#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub today: NaiveDate,
    /// Published posts, newest first.
    pub news: Vec<std::sync::Arc<News>>,
    /// Published documents, newest first.
    pub documents: Vec<Document>,
    /// Published plans, newest first.
    pub plans: Vec<Plan>,
    /// Procedures by field, then name.
    pub procedures: Vec<Procedure>,
    /// All feedback, newest first; only answered items are published.
    pub feedback: Vec<Feedback>,
    /// Draft consultations: open ones first (fewest days left first), then
    /// closed ones, newest first.
    pub consultations: Vec<crate::content::consultation::Consultation>,
    /// Pages by `order`, then title.
    pub pages: Vec<Page>,
    /// Items held back: drafts and scheduled (counted for the summary).
    pub held_back: usize,
    /// When the next item held back for its date becomes public: its
    /// minute for posts dated to the minute (with `now`), else the first
    /// moment of its day.
    pub next_scheduled: Option<chrono::DateTime<chrono_tz::Tz>>,
    /// The province's announced list of procedures, when configured.
    pub catalogue: Option<catalogue::Catalogue>,
    /// Built for the `serve` preview.
    pub preview: bool,
    pub warnings: Vec<Diagnostic>,
}

/// A named group of items with its own index page.
#[derive(Debug)]
pub struct Group<'a, T> {
    pub name: String,
    pub slug: String,
    pub items: Vec<&'a T>,
}

impl Site {
    pub fn new(content: Content, config: Config, opts: BuildOptions) -> Result<Site, Diagnostics> {
        let mut content = content;
        let before = content.items().count();
        let next_scheduled = next_scheduled(&content, &opts, config.timezone);
        content.retain(|item| item.is_visible(opts.today, opts.now, opts.include_drafts));
        let held_back = before - content.items().count();
        let mut problems = Diagnostics::default();
        unique_addresses_and_codes(&mut problems, &content);
        let Content {
            mut news,
            mut documents,
            mut plans,
            mut procedures,
            mut feedback,
            consultations,
            mut pages,
            warnings,
        } = content;
        let mut consultations = consultations;
        for c in &mut consultations {
            c.set_today(opts.today);
        }
        // Open ones first, the fewest days left first; then closed, newest first.
        let (mut open, mut closed): (Vec<_>, Vec<_>) = consultations
            .into_iter()
            .partition(|c| c.status == crate::content::consultation::Status::Open);
        open.sort_by(|a, b| (a.closes, &a.slug).cmp(&(b.closes, &b.slug)));
        closed.sort_by(|a, b| b.closes.cmp(&a.closes).then_with(|| a.slug.cmp(&b.slug)));
        let consultations: Vec<_> = open.into_iter().chain(closed).collect();

        news.par_sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        documents.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        plans.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug)));
        procedures.sort_by(|a, b| (&a.field, &a.name).cmp(&(&b.field, &b.name)));
        feedback.sort_by(|a, b| {
            b.received
                .cmp(&a.received)
                .then_with(|| a.code.cmp(&b.code))
        });
        pages.sort_by(|a, b| (a.order, &a.title).cmp(&(b.order, &b.title)));

        check_reserved(&mut problems, &pages);
        reserved_slugs(
            &mut problems,
            crate::routes::NEWS.url,
            crate::routes::NEWS_LISTS,
            news.iter().map(|n| (n.slug.as_str(), &n.source)),
        );
        reserved_slugs(
            &mut problems,
            crate::routes::DOCUMENTS.url,
            crate::routes::DOCUMENT_LISTS,
            documents.iter().map(|d| (d.slug.as_str(), &d.source)),
        );
        reserved_slugs(
            &mut problems,
            crate::routes::PROCEDURES.url,
            crate::routes::PROCEDURE_LISTS,
            procedures.iter().map(|p| (p.slug.as_str(), &p.source)),
        );
        check_feedback_links(&mut problems, &feedback, &procedures);
        let catalogue = match catalogue::Catalogue::load(&config) {
            Ok(Some((c, found))) => {
                problems.extend(found);
                Some(c)
            }
            Ok(None) => None,
            Err(found) => {
                problems.extend(found);
                None
            }
        };
        if problems.has_errors() {
            problems.sort();
            return Err(problems);
        }
        let mut warnings = warnings;
        warnings.extend(problems.0);
        warnings.extend(incomplete_procedures(&procedures));
        warnings.extend(legal_documents_without_file(&documents));
        if let Some(c) = &catalogue {
            warnings.extend(uncatalogued_procedures(c, &procedures));
        }
        // Slips are warnings for `build` and `check`, which the preview
        // does not print: not looked for on each of its rebuilds (they read
        // files to point at the line).
        if !opts.preview {
            warnings.extend(slips::slips(
                &config,
                opts.today,
                &slips::Items {
                    news: &news,
                    documents: &documents,
                    plans: &plans,
                    procedures: &procedures,
                    feedback: &feedback,
                    consultations: &consultations,
                },
            ));
        }
        for plan in plans.iter_mut() {
            for task in plan.tasks.iter_mut() {
                task.own = task.leads.iter().any(|l| config.is_own_unit(&l.name));
                task.overdue = task.is_overdue(opts.today);
                task.unreported = task.is_unreported(opts.today);
                if task.own && task.unreported {
                    warnings.push(
                        Diagnostic::warning(
                            &plan.source,
                            format!(
                                "task {} (\"{}\") passed its deadline ({}) with no status",
                                task.number, task.title, task.deadline.display
                            ),
                        )
                        .hint("write the task's `status:` (chưa thực hiện, đang thực hiện, hoàn thành, or không thực hiện with `reason:`); until then the site says \"chưa cập nhật kết quả\""),
                    );
                }
            }
        }
        Ok(Site {
            config,
            today: opts.today,
            news,
            documents,
            plans,
            procedures,
            feedback,
            consultations,
            pages,
            held_back,
            next_scheduled,
            catalogue,
            preview: opts.preview,
            warnings,
        })
    }

    /// Every item the site shows, kind by kind in
    /// [`Kind::ALL`] order
    /// (drafts too when built with them: see [`Item::is_public`]).
    pub fn items(&self) -> impl Iterator<Item = &dyn Item> {
        let news = self.news.iter().map(|x| &**x as &dyn Item);
        news.chain(self.documents.iter().map(|x| x as &dyn Item))
            .chain(self.plans.iter().map(|x| x as &dyn Item))
            .chain(self.procedures.iter().map(|x| x as &dyn Item))
            .chain(self.feedback.iter().map(|x| x as &dyn Item))
            .chain(self.consultations.iter().map(|x| x as &dyn Item))
            .chain(self.pages.iter().map(|x| x as &dyn Item))
    }

    /// Item `i` of `kind`, in the order of its list in the site.
    pub fn item(&self, kind: Kind, i: usize) -> Option<&dyn Item> {
        fn at<T: Item>(items: &[T], i: usize) -> Option<&dyn Item> {
            items.get(i).map(|x| x as &dyn Item)
        }
        match kind {
            Kind::News => self.news.get(i).map(|x| &**x as &dyn Item),
            Kind::Document => at(&self.documents, i),
            Kind::Plan => at(&self.plans, i),
            Kind::Procedure => at(&self.procedures, i),
            Kind::Feedback => at(&self.feedback, i),
            Kind::Consultation => at(&self.consultations, i),
            Kind::Page => at(&self.pages, i),
        }
    }

    /// Every attachment the site publishes: documents' files, the drafts
    /// of consultations, and the files of posts and pages.
    pub fn attachments(&self) -> impl Iterator<Item = &crate::content::document::Attachment> {
        let documents = self.documents.iter().filter_map(|d| d.attachment.as_ref());
        documents
            .chain(self.consultations.iter().flat_map(|c| c.files.iter()))
            .chain(self.news.iter().flat_map(|n| n.files.iter()))
            .chain(self.pages.iter().flat_map(|p| p.files.iter()))
    }

    /// Answered feedback: what the site publishes (all of it).
    pub fn published_feedback(&self) -> impl Iterator<Item = &Feedback> {
        self.feedback.iter().filter(|f| f.is_answered())
    }

    /// Published feedback about each procedure code.
    pub fn feedback_by_procedure(&self) -> HashMap<&str, Vec<&Feedback>> {
        let mut map: HashMap<&str, Vec<&Feedback>> = HashMap::new();
        for f in self.published_feedback() {
            if let Some(code) = f.procedure.as_deref() {
                map.entry(code).or_default().push(f);
            }
        }
        map
    }

    /// Procedures by code.
    pub fn procedure_by_code(&self) -> HashMap<&str, &Procedure> {
        self.procedures
            .iter()
            .map(|p| (p.code.as_str(), p))
            .collect()
    }

    /// News grouped by category, in `site.yaml` order (empty ones included).
    pub fn news_by_category(&self) -> Vec<Group<'_, News>> {
        self.config
            .categories
            .iter()
            .map(|(key, label)| Group {
                name: label.clone(),
                slug: key.clone(),
                items: self
                    .news
                    .iter()
                    .filter(|n| &n.category == key)
                    .map(|n| &**n)
                    .collect(),
            })
            .collect()
    }

    /// News grouped by tag, tags in alphabetical order of their slug.
    pub fn news_by_tag(&self) -> Vec<Group<'_, News>> {
        let mut groups: Vec<Group<'_, News>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for n in &self.news {
            for t in &n.tags {
                let i = *index.entry(t.slug.as_str()).or_insert_with(|| {
                    groups.push(Group {
                        name: t.name.clone(),
                        slug: t.slug.clone(),
                        items: Vec::new(),
                    });
                    groups.len() - 1
                });
                groups[i].items.push(&**n);
            }
        }
        groups.sort_by(|a, b| a.slug.cmp(&b.slug));
        groups
    }

    /// News grouped by year, newest year first.
    pub fn news_by_year(&self) -> Vec<Group<'_, News>> {
        by_year(self.news.iter().map(|n| &**n), |n| n.local_date().year())
    }

    /// Documents grouped by year, newest year first.
    pub fn documents_by_year(&self) -> Vec<Group<'_, Document>> {
        by_year(&self.documents, |d| d.date.year())
    }

    /// Documents by type (legal normative, direction and guidance).
    pub fn documents_by_type(&self) -> Vec<Group<'_, Document>> {
        group_some(&self.documents, |d| {
            Some((d.doc_type.slug().to_string(), d.type_label.to_string()))
        })
    }

    /// Documents by field (lĩnh vực); those without one are in none.
    pub fn documents_by_field(&self) -> Vec<Group<'_, Document>> {
        group_some(&self.documents, |d| {
            d.field
                .as_ref()
                .map(|f| (crate::slug::slugify(f), f.clone()))
        })
    }

    /// Documents by issuing agency; those without an issuer are the site's own.
    pub fn documents_by_issuer(&self) -> Vec<Group<'_, Document>> {
        group_some(&self.documents, |d| {
            let issuer = d
                .issuer
                .clone()
                .unwrap_or_else(|| self.config.title.clone());
            Some((crate::slug::slugify(&issuer), issuer))
        })
    }

    /// Legal normative documents no longer (fully) in force, newest first:
    /// the list seed 004 §III.2 asks to publish.
    pub fn expired_legal_documents(&self) -> Vec<&Document> {
        use crate::content::document::{DocType, InForce};
        self.documents
            .iter()
            .filter(|d| d.doc_type == DocType::Legal && d.in_force != InForce::Effective)
            .collect()
    }

    /// Procedures grouped by field (lĩnh vực), fields in alphabetical order.
    pub fn procedures_by_field(&self) -> Vec<Group<'_, Procedure>> {
        group_by(&self.procedures, |p| {
            (p.field_slug.clone(), p.field.clone())
        })
    }

    /// Procedures grouped by online level, most online first.
    pub fn procedures_by_online(&self) -> Vec<Group<'_, Procedure>> {
        Online::ALL
            .iter()
            .map(|level| Group {
                name: level.label().to_string(),
                slug: level.slug().to_string(),
                items: self
                    .procedures
                    .iter()
                    .filter(|p| p.online == *level)
                    .collect(),
            })
            .collect()
    }
}

/// Plan tasks led by one unit, with the plan each belongs to.
#[derive(Debug, serde::Serialize)]
pub struct UnitTask<'a> {
    pub task: &'a Task,
    pub plan_number: &'a str,
    /// The plan's [`Plan::label`].
    pub plan_label: &'a str,
    pub plan_title: &'a str,
    pub plan_url: &'a str,
}

/// A unit (phòng, trung tâm) and what it leads.
#[derive(Debug)]
pub struct Unit<'a> {
    pub name: String,
    pub slug: String,
    pub tasks: Vec<UnitTask<'a>>,
}

impl Site {
    /// Every lead unit named in a plan, with its tasks ordered by deadline
    /// (dated ones first, soonest first; then the recurring ones).
    pub fn units(&self) -> Vec<Unit<'_>> {
        let mut units: Vec<Unit<'_>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for plan in &self.plans {
            // A task with joint leads is on each lead's page.
            for (task, lead) in plan
                .tasks
                .iter()
                .flat_map(|t| t.leads.iter().map(move |l| (t, l)))
            {
                let i = *index.entry(lead.slug.as_str()).or_insert_with(|| {
                    units.push(Unit {
                        name: lead.name.clone(),
                        slug: lead.slug.clone(),
                        tasks: Vec::new(),
                    });
                    units.len() - 1
                });
                units[i].tasks.push(UnitTask {
                    task,
                    plan_number: &plan.number_display,
                    plan_label: &plan.label,
                    plan_title: &plan.title,
                    plan_url: &plan.url,
                });
            }
        }
        for u in &mut units {
            u.tasks.sort_by(|a, b| {
                let key = |t: &UnitTask<'_>| {
                    (
                        t.task.deadline.date.is_none(),
                        t.task.deadline.date,
                        t.task.deadline.display.clone(),
                    )
                };
                key(a).cmp(&key(b))
            });
        }
        units.sort_by(|a, b| a.name.cmp(&b.name));
        units
    }
}

/// Items (already newest first) grouped by year, newest year first.
fn by_year<'a, T: 'a>(
    items: impl IntoIterator<Item = &'a T>,
    year: impl Fn(&T) -> i32,
) -> Vec<Group<'a, T>> {
    let mut groups: Vec<Group<'a, T>> = Vec::new();
    for item in items {
        let y = year(item).to_string();
        match groups.iter_mut().find(|g| g.slug == y) {
            Some(g) => g.items.push(item),
            None => groups.push(Group {
                name: format!("Năm {y}"),
                slug: y,
                items: vec![item],
            }),
        }
    }
    groups.sort_by(|a, b| b.slug.cmp(&a.slug));
    groups
}

/// Like [`group_by`], leaving out items without a key.
fn group_some<T>(items: &[T], key: impl Fn(&T) -> Option<(String, String)>) -> Vec<Group<'_, T>> {
    let mut groups = group_by(items, |x| key(x).unwrap_or_default());
    groups.retain(|g| !g.slug.is_empty());
    groups
}

fn group_by<T>(items: &[T], key: impl Fn(&T) -> (String, String)) -> Vec<Group<'_, T>> {
    let mut groups: Vec<Group<'_, T>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for item in items {
        let (slug, name) = key(item);
        let i = *index.entry(slug.clone()).or_insert_with(|| {
            groups.push(Group {
                name,
                slug,
                items: Vec::new(),
            });
            groups.len() - 1
        });
        groups[i].items.push(item);
    }
    groups.sort_by(|a, b| a.name.cmp(&b.name));
    groups
}

/// Reports every value that more than one file claims, naming all of them.
/// The earliest moment an item not yet public for its date (and not a
/// draft) becomes public.
fn next_scheduled(
    content: &Content,
    opts: &BuildOptions,
    tz: chrono_tz::Tz,
) -> Option<chrono::DateTime<chrono_tz::Tz>> {
    content
        .items()
        .filter(|i| !i.is_draft() && !i.is_visible(opts.today, opts.now, false))
        .filter_map(|i| match (i.public_at(), opts.now) {
            (Some(at), Some(_)) => Some(at),
            _ => Some(crate::content::item::midnight(i.public_from()?, tz)),
        })
        .min()
}

/// Every item's address is unique across the site, and every code among
/// the items of its kind, in file-name order (the second file is blamed).
fn unique_addresses_and_codes(problems: &mut Diagnostics, content: &Content) {
    let mut urls: FxHashMap<&str, &std::path::Path> = FxHashMap::default();
    urls.reserve(content.items().count());
    let mut codes: FxHashMap<(&str, &str), &std::path::Path> = FxHashMap::default();
    for item in content.items() {
        if let Some(first) = urls.insert(item.url(), item.source()) {
            problems.push(duplicate("web address", item.url(), item.source(), first));
            urls.insert(item.url(), first);
        }
        if let Some((what, code)) = item.code() {
            if let Some(first) = codes.insert((what, code), item.source()) {
                problems.push(duplicate(what, code, item.source(), first));
                codes.insert((what, code), first);
            }
        }
    }
}

fn duplicate(what: &str, key: &str, path: &std::path::Path, first: &std::path::Path) -> Diagnostic {
    Diagnostic::error(
        path,
        format!("{what} `{key}` is also used by {}", first.display()),
    )
    .hint(format!(
        "each {what} must be unique: change one of the two files"
    ))
}

/// Listed procedures whose code is not in the province's catalogue.
fn uncatalogued_procedures(c: &catalogue::Catalogue, procedures: &[Procedure]) -> Vec<Diagnostic> {
    let index = c.index();
    procedures
        .iter()
        .filter(|p| {
            !p.is_abolished() && !p.internal && !index.contains_key(&p.code.to_uppercase())
        })
        .map(|p| {
            Diagnostic::warning(
                &p.source,
                format!(
                    "the procedure code {} is not in the catalogue {}",
                    p.code,
                    c.file.display()
                ),
            )
            .hint("check the code against the announced list (a typo, or a procedure announced after the list was exported), or add it to the catalogue")
        })
        .collect()
}

/// Items may not take the address of a list page of their section.
fn reserved_slugs<'a>(
    problems: &mut Diagnostics,
    base: &str,
    reserved: &[&str],
    items: impl Iterator<Item = (&'a str, &'a std::path::PathBuf)>,
) {
    for (slug, source) in items.filter(|(slug, _)| reserved.contains(slug)) {
        problems.push(
            Diagnostic::error(
                source,
                format!("the web address {base}{slug}/ is taken by a list page"),
            )
            .hint("set `slug:` to another name, e.g. one with the year or number in it"),
        );
    }
}

fn check_reserved(problems: &mut Diagnostics, pages: &[Page]) {
    for p in pages.iter().filter(|p| RESERVED.contains(&p.slug.as_str())) {
        problems.push(
            Diagnostic::error(
                &p.source,
                format!(
                    "the page address /{}/ is taken by a section of the site",
                    p.slug
                ),
            )
            .hint("rename the file or give it another `slug:`"),
        );
    }
}

fn check_feedback_links(
    problems: &mut Diagnostics,
    feedback: &[Feedback],
    procedures: &[Procedure],
) {
    let codes: Vec<&str> = procedures.iter().map(|p| p.code.as_str()).collect();
    let known: std::collections::HashSet<&str> = codes.iter().copied().collect();
    for f in feedback {
        if let Some(code) = f.procedure.as_deref() {
            if !known.contains(code) {
                let hint = match crate::yaml::nearest(code, &codes) {
                    Some(c) => format!(
                        "did you mean `{c}`? Use the code of a procedure in content/procedures"
                    ),
                    None => "use the code of a procedure in content/procedures, or remove the line"
                        .to_string(),
                };
                problems.push(
                    Diagnostic::error(
                        &f.source,
                        format!("feedback refers to procedure `{code}`, which does not exist"),
                    )
                    .hint(hint),
                );
            }
        }
    }
}

/// A legal normative document is published with its text (Decree
/// 42/2022/NĐ-CP art. 4(1)): one with no attached file is a warning.
fn legal_documents_without_file(documents: &[Document]) -> Vec<Diagnostic> {
    documents
        .iter()
        .filter(|d| {
            d.doc_type == crate::content::document::DocType::Legal && d.attachment.is_none()
        })
        .map(|d| {
            Diagnostic::warning(
                &d.source,
                format!(
                    "legal normative document {} has no file to download",
                    d.number
                ),
            )
            .hint("attach the signed text with `file:` (a PDF beside this file)")
        })
        .collect()
}

fn incomplete_procedures(procedures: &[Procedure]) -> Vec<Diagnostic> {
    procedures
        .iter()
        .filter(|p| !p.missing.is_empty())
        .map(|p| {
            Diagnostic::warning(
                &p.source,
                format!(
                    "procedure {} lacks components the law requires: {}",
                    p.code,
                    p.missing.join(", ")
                ),
            )
            .hint("fill them in from the announced procedure (Decree 63/2010/NĐ-CP art. 8)")
        })
        .collect()
}
