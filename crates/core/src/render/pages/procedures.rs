//! Administrative procedures (thủ tục hành chính): each procedure, the
//! catalogue, and the lists by field and online level.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    jobs.extend(
        site.procedures
            .iter()
            .map(|p| Box::new(ProcedurePage(p)) as Job<'a>),
    );
    jobs.push(Box::new(Catalogue));
    if site.catalogue.is_some() {
        jobs.push(site_page(routes::procedures_catalogue(), announced));
    }
    for g in &shared.fields {
        let intro = format!("Thủ tục hành chính lĩnh vực {}.", g.name);
        jobs.push(Box::new(GroupPage {
            heading: format!("Lĩnh vực {}", g.name),
            intro,
            url: format!("{}{}/", routes::procedure_fields(), g.slug),
            items: &g.items,
        }));
    }
    if !shared.internal_procedures.is_empty() {
        jobs.push(Box::new(GroupPage {
            heading: "Thủ tục hành chính nội bộ".into(),
            intro: "Thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước.".into(),
            url: routes::procedures_internal(),
            items: &shared.internal_procedures,
        }));
    }
    for g in &shared.online {
        let intro = format!(
            "Thủ tục hành chính theo mức độ cung cấp: {}.",
            g.name.to_lowercase()
        );
        jobs.push(Box::new(GroupPage {
            heading: g.name.clone(),
            intro,
            url: format!("{}{}/", routes::procedure_levels(), g.slug),
            items: &g.items,
        }));
    }
}

/// A procedure's page.
struct ProcedurePage<'a>(&'a Procedure);

impl<'a> PageJob<'a> for ProcedurePage<'a> {
    fn url(&self) -> String {
        self.0.url.clone()
    }
    fn source(&self) -> Option<&'a Path> {
        Some(&self.0.source)
    }
    /// The procedure and the answered feedback about it.
    fn shows(&self, shared: &Shared<'a>) -> Shows<'a> {
        let mut paths = vec![self.0.source.as_path()];
        if let Some(items) = shared.feedback_by_procedure.get(self.0.code.as_str()) {
            paths.extend(items.iter().map(|f| f.source.as_path()));
        }
        Shows::Sources(paths)
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        procedure(shared, self.0)
    }
}

/// The procedure index: figures and field counts of every procedure.
struct Catalogue;

impl<'a> PageJob<'a> for Catalogue {
    fn url(&self) -> String {
        routes::PROCEDURES.url.into()
    }
    fn shows(&self, shared: &Shared<'a>) -> Shows<'a> {
        sources_of(&shared.site.procedures)
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
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
}

/// The procedures of one field, one online level, or the internal ones.
struct GroupPage<'a> {
    heading: String,
    intro: String,
    url: String,
    items: &'a [&'a Procedure],
}

impl<'a> PageJob<'a> for GroupPage<'a> {
    fn url(&self) -> String {
        self.url.clone()
    }
    fn shows(&self, _shared: &Shared<'a>) -> Shows<'a> {
        sources_of(self.items.iter().copied())
    }
    fn prepare(&self, _shared: &Shared<'a>) -> Prepared {
        let crumbs = vec![
            crumb(routes::PROCEDURES.label, routes::PROCEDURES.url),
            crumb(&self.heading, &self.url),
        ];
        let mut p = prepared(
            self.url.as_str(),
            "procedure_group.html",
            &self.heading,
            "thu-tuc-hanh-chinh",
            crumbs,
        );
        p.context.insert("heading", &self.heading);
        p.context.insert("intro", &self.intro);
        p.context.insert("items", self.items);
        p
    }
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
        &crate::render::jsonld::procedure(shared.site, &shared.publisher, proc_),
    );
    describe(
        &mut p,
        &format!("Thủ tục {} – lĩnh vực {}", proc_.name, proc_.field),
    );
    p
}

/// One entry of the announced catalogue, with its page when listed.
#[derive(serde::Serialize)]
struct Announced<'a> {
    code: &'a str,
    name: &'a str,
    url: Option<&'a str>,
}

/// `/thu-tuc-hanh-chinh/danh-muc/`: the catalogue as announced, with the
/// decision that announced it, each entry linked to its page when listed.
fn announced(shared: &Shared<'_>, url: &str) -> Prepared {
    let site = shared.site;
    let by_code = site.procedure_by_code();
    let entries: Vec<Announced<'_>> = site
        .catalogue
        .iter()
        .flat_map(|c| &c.entries)
        .map(|e| Announced {
            code: &e.code,
            name: &e.name,
            url: by_code.get(e.code.as_str()).map(|p| p.url.as_str()),
        })
        .collect();
    let mut p = prepared(
        url,
        "procedure_catalogue.html",
        "Danh mục thủ tục hành chính đã công bố",
        "thu-tuc-hanh-chinh",
        vec![
            crumb(routes::PROCEDURES.label, routes::PROCEDURES.url),
            crumb("Danh mục đã công bố", url),
        ],
    );
    p.context.insert("entries", &entries);
    p.context
        .insert("decision", &site.config.procedure_catalogue_decision);
    p
}
