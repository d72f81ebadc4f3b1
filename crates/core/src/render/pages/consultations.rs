//! Draft consultations (lấy ý kiến dự thảo): each draft and the list.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    let per = site.config.paginate_by;
    jobs.extend(site.consultations.iter().map(Job::Consultation));
    for (items, pager) in paginate(&shared.all_consultations, per, routes::CONSULTATIONS.url) {
        jobs.push(Job::ConsultationList { items, pager });
    }
}

/// Prepares a page of this section.
pub(super) fn prepare(job: &Job<'_>, shared: &Shared<'_>) -> Prepared {
    let site = shared.site;
    match job {
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
                crate::render::page_url(routes::CONSULTATIONS.url, pager.current),
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
        _ => unreachable!("not a page of this section"),
    }
}
