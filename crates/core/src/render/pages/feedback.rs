//! Citizen feedback (phản ánh, kiến nghị): each answered item and the list.

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    let per = site.config.paginate_by;
    jobs.extend(shared.published_feedback.iter().map(|f| Job::Feedback(f)));
    for (items, pager) in paginate(&shared.published_feedback, per, routes::FEEDBACK.url) {
        jobs.push(Job::FeedbackList { items, pager });
    }
}

/// Prepares a page of this section.
pub(super) fn prepare(job: &Job<'_>, shared: &Shared<'_>) -> Prepared {
    match job {
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
                crate::render::page_url(routes::FEEDBACK.url, pager.current),
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
        _ => unreachable!("not a page of this section"),
    }
}
