//! Administrative procedures (thủ tục hành chính): each procedure, the
//! catalogue, and the lists by field and online level.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    jobs.extend(site.procedures.iter().map(Job::Procedure));
    if site.catalogue.is_some() {
        jobs.push(Job::AnnouncedCatalogue);
    }
    for g in &shared.fields {
        let intro = format!("Thủ tục hành chính lĩnh vực {}.", g.name);
        jobs.push(Job::ProcedureGroup {
            heading: format!("Lĩnh vực {}", g.name),
            intro,
            url: format!("{}{}/", routes::procedure_fields(), g.slug),
            items: &g.items,
        });
    }
    if !shared.internal_procedures.is_empty() {
        jobs.push(Job::ProcedureGroup {
            heading: "Thủ tục hành chính nội bộ".into(),
            intro: "Thủ tục hành chính nội bộ giữa các cơ quan hành chính nhà nước.".into(),
            url: routes::procedures_internal(),
            items: &shared.internal_procedures,
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
}

/// Prepares a page of this section.
pub(super) fn prepare(job: &Job<'_>, shared: &Shared<'_>) -> Prepared {
    match job {
        Job::Procedure(proc_) => procedure(shared, proc_),
        Job::AnnouncedCatalogue => announced(shared),
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
        _ => unreachable!("not a page of this section"),
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
fn announced(shared: &Shared<'_>) -> Prepared {
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
    let url = routes::procedures_catalogue();
    let mut p = prepared(
        &url,
        "procedure_catalogue.html",
        "Danh mục thủ tục hành chính đã công bố",
        "thu-tuc-hanh-chinh",
        vec![
            crumb(routes::PROCEDURES.label, routes::PROCEDURES.url),
            crumb("Danh mục đã công bố", &url),
        ],
    );
    p.context.insert("entries", &entries);
    p.context
        .insert("decision", &site.config.procedure_catalogue_decision);
    p
}
