//! Draft consultations (lấy ý kiến dự thảo): each draft and the list.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    let per = site.config.paginate_by;
    jobs.extend(
        site.consultations
            .iter()
            .map(|c| Box::new(Draft(c)) as Job<'a>),
    );
    for (items, pager) in paginate(&shared.all_consultations, per, routes::CONSULTATIONS.url) {
        jobs.push(Box::new(List { items, pager }));
    }
}

/// A draft's page.
struct Draft<'a>(&'a Consultation);

impl<'a> PageJob<'a> for Draft<'a> {
    fn url(&self) -> String {
        self.0.url.clone()
    }
    fn source(&self) -> Option<&'a Path> {
        Some(&self.0.source)
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        let c = self.0;
        let crumbs = vec![
            crumb(routes::CONSULTATIONS.label, routes::CONSULTATIONS.url),
            crumb(&c.title, &c.url),
        ];
        let mut p = prepared(&c.url, "consultation.html", &c.title, "lay-y-kien", crumbs);
        p.context.insert("consultation", c);
        p.context.insert("content", &c.body_html);
        p.context
            .insert("portal_url", &shared.site.config.consultation_portal_url);
        describe(&mut p, &c.summary);
        p
    }
}

/// One page of the list of drafts.
struct List<'a> {
    items: &'a [&'a Consultation],
    pager: Pager,
}

impl<'a> PageJob<'a> for List<'a> {
    fn url(&self) -> String {
        crate::render::page_url(routes::CONSULTATIONS.url, self.pager.current)
    }
    fn shows(&self, _shared: &Shared<'a>) -> Shows<'a> {
        sources_of(self.items.iter().copied())
    }
    fn prepare(&self, _shared: &Shared<'a>) -> Prepared {
        let mut p = prepared(
            self.url(),
            "consultation_list.html",
            &paged_title("Lấy ý kiến dự thảo văn bản", &self.pager),
            "lay-y-kien",
            vec![crumb(
                routes::CONSULTATIONS.label,
                routes::CONSULTATIONS.url,
            )],
        );
        p.context.insert("items", self.items);
        p.context.insert("pager", &self.pager);
        p
    }
}
