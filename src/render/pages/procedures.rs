//! Administrative procedures (thủ tục hành chính): each procedure, the
//! catalogue, and the lists by field and online level.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
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
