//! Citizen feedback (phản ánh, kiến nghị): each answered item and the list.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    let per = site.config.paginate_by;
    jobs.extend(
        shared
            .published_feedback
            .iter()
            .map(|f| Box::new(Answered(f)) as Job<'a>),
    );
    for (items, pager) in paginate(&shared.published_feedback, per, routes::FEEDBACK.url) {
        jobs.push(Box::new(List { items, pager }));
    }
}

/// An answered item's page.
struct Answered<'a>(&'a Feedback);

impl<'a> PageJob<'a> for Answered<'a> {
    fn url(&self) -> String {
        self.0.url.clone()
    }
    fn source(&self) -> Option<&'a Path> {
        Some(&self.0.source)
    }
    /// The item and the procedure it is about.
    fn shows(&self, shared: &Shared<'a>) -> Shows<'a> {
        let mut paths = vec![self.0.source.as_path()];
        let procedure = self.0.procedure.as_deref();
        let procedure = procedure.and_then(|c| shared.procedure_by_code.get(c));
        paths.extend(procedure.map(|p| p.source.as_path()));
        Shows::Sources(paths)
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        let f = self.0;
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
}

/// One page of the list of answered feedback.
struct List<'a> {
    items: &'a [&'a Feedback],
    pager: Pager,
}

impl<'a> PageJob<'a> for List<'a> {
    fn url(&self) -> String {
        crate::render::page_url(routes::FEEDBACK.url, self.pager.current)
    }
    /// Its items, and the figures of all feedback.
    fn shows(&self, shared: &Shared<'a>) -> Shows<'a> {
        let items = self.items.iter().map(|x| x.source.as_path());
        let all = shared.site.feedback.iter().map(|f| f.source.as_path());
        Shows::Sources(items.chain(all).collect())
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        let mut p = prepared(
            self.url(),
            "feedback_list.html",
            &paged_title("Kết quả trả lời phản ánh, kiến nghị", &self.pager),
            "phan-anh-kien-nghi",
            vec![crumb(routes::FEEDBACK.label, routes::FEEDBACK.url)],
        );
        p.context.insert("items", self.items);
        p.context.insert("pager", &self.pager);
        p.context.insert("figures", &shared.tracker.feedback);
        p
    }
}
