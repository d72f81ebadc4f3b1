//! The pages about the whole site: home, tracker, search, open data, the
//! 404 page and the static pages (giới thiệu, liên hệ, ...).

use super::*;

/// Prepares a page of this section.
pub(super) fn prepare(job: &Job<'_>, shared: &Shared<'_>) -> Prepared {
    let site = shared.site;
    match job {
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
                &crate::render::posts_chart(
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
        _ => unreachable!("not a page of this section"),
    }
}

fn home(shared: &Shared<'_>) -> Prepared {
    let site = shared.site;
    let mut p = prepared("/", "home.html", &site.config.title, "", vec![]);
    let latest: Vec<&News> = site.news.iter().take(6).map(|n| &**n).collect();
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
    p.context
        .insert("jsonld", &crate::render::jsonld::site(site));
    describe(&mut p, &site.config.description);
    p
}
