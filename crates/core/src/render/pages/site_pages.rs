//! The pages about the whole site: home, tracker, search, open data, the
//! 404 page and the static pages (giới thiệu, liên hệ, ...).

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    jobs.push(site_page("/", home));
    jobs.push(site_page("/404.html", not_found));
    jobs.push(site_page(routes::TRACKER.url, tracker));
    jobs.push(site_page(routes::SEARCH.url, search));
    jobs.push(site_page(routes::DATA.url, data));
    jobs.push(site_page(routes::ACCESS_INFO.url, access_info));
    jobs.extend(
        shared
            .site
            .pages
            .iter()
            .map(|page| Box::new(StaticPage(page)) as Job<'a>),
    );
}

/// A page of `content/pages/` (giới thiệu, liên hệ...).
struct StaticPage<'a>(&'a Page);

impl<'a> PageJob<'a> for StaticPage<'a> {
    fn url(&self) -> String {
        self.0.url.clone()
    }
    fn source(&self) -> Option<&'a Path> {
        Some(&self.0.source)
    }
    fn prepare(&self, _shared: &Shared<'a>) -> Prepared {
        let page = self.0;
        let mut p = prepared(
            &page.url,
            "page.html",
            &page.title,
            &page.slug,
            vec![crumb(&page.title, &page.url)],
        );
        p.context.insert("page", page);
        p.context.insert("lang", &page.lang);
        p.context.insert("content", &page.body_html);
        describe(&mut p, page.summary.as_deref().unwrap_or(""));
        p
    }
}

fn not_found(shared: &Shared<'_>, url: &str) -> Prepared {
    let mut p = prepared(url, "404.html", "Không tìm thấy trang", "", vec![]);
    p.context.insert(
        "fields",
        &group_links(&shared.fields, &routes::procedure_fields()),
    );
    p
}

fn tracker(shared: &Shared<'_>, url: &str) -> Prepared {
    let site = shared.site;
    let mut p = prepared(
        url,
        "tracker.html",
        "Theo dõi chỉ tiêu đăng tin và công khai",
        "theo-doi",
        vec![crumb(routes::TRACKER.label, url)],
    );
    p.context.insert("tracker", shared.tracker);
    p.context.insert("targets", &site.config.targets);
    p.context.insert(
        "chart",
        &crate::render::posts_chart(&shared.tracker.months, site.config.targets.posts_per_month),
    );
    p
}

fn search(shared: &Shared<'_>, url: &str) -> Prepared {
    let mut p = prepared(
        url,
        "search.html",
        "Tìm kiếm",
        "tim-kiem",
        vec![crumb(routes::SEARCH.label, url)],
    );
    p.context.insert(
        "fields",
        &group_links(&shared.fields, &routes::procedure_fields()),
    );
    p
}

fn data(_shared: &Shared<'_>, url: &str) -> Prepared {
    let mut p = prepared(
        url,
        "data.html",
        "Dữ liệu mở",
        "du-lieu",
        vec![crumb(routes::DATA.label, url)],
    );
    p.context.insert("datasets", crate::datasets::DATASETS);
    p
}

/// One row of the list of information the agency publishes.
#[derive(serde::Serialize)]
struct Published {
    what: String,
    url: String,
    frequency: String,
    /// dd/mm/yyyy of the newest item, when the section has items.
    updated: Option<String>,
}

/// `/tiep-can-thong-tin/`: the list of information the agency publishes
/// (Law 104/2016/QH13 art. 17 and 19, Decree 13/2018/NĐ-CP art. 6), made
/// from the site's own sections plus the entries of `site.yaml`, and the
/// contact point for requests (Decree 13/2018/NĐ-CP art. 11).
fn access_info(shared: &Shared<'_>, url: &str) -> Prepared {
    use crate::content::dates::vn_date;
    let site = shared.site;
    let newest = |d: Option<chrono::NaiveDate>| d.map(vn_date);
    let row = |what: &str, url: &str, frequency: String, updated: Option<String>| Published {
        what: what.into(),
        url: url.into(),
        frequency,
        updated,
    };
    let mut rows = vec![
        row(
            "Tin, bài về hoạt động, chỉ đạo, điều hành",
            routes::NEWS.url,
            format!(
                "Thường xuyên; mỗi tháng từ {} tin, bài",
                site.config.targets.posts_per_month
            ),
            newest(site.news.iter().map(|n| n.local_date()).max()),
        ),
        row(
            "Văn bản quy phạm pháp luật, văn bản hướng dẫn, chỉ đạo và văn bản khác",
            routes::DOCUMENTS.url,
            "Khi văn bản được ban hành".into(),
            newest(site.documents.iter().map(|d| d.date).max()),
        ),
        row(
            "Kế hoạch, nhiệm vụ và chỉ tiêu",
            routes::PLANS.url,
            "Khi kế hoạch được ban hành hoặc có kết quả thực hiện".into(),
            newest(site.plans.iter().map(|p| p.date).max()),
        ),
        row(
            "Thủ tục hành chính",
            routes::PROCEDURES.url,
            "Khi thủ tục được công bố, sửa đổi, bổ sung hoặc bãi bỏ".into(),
            None,
        ),
        row(
            "Kết quả trả lời phản ánh, kiến nghị",
            routes::FEEDBACK.url,
            "Khi có kết quả trả lời".into(),
            newest(
                shared
                    .published_feedback
                    .iter()
                    .filter_map(|f| f.answered)
                    .max(),
            ),
        ),
        row(
            "Dự thảo lấy ý kiến",
            routes::CONSULTATIONS.url,
            "Khi lấy ý kiến".into(),
            newest(site.consultations.iter().map(|c| c.opens).max()),
        ),
        row(
            "Theo dõi chỉ tiêu đăng tin và công khai",
            routes::TRACKER.url,
            "Mỗi lần trang được cập nhật".into(),
            Some(vn_date(site.today)),
        ),
        row(
            "Dữ liệu mở",
            routes::DATA.url,
            "Mỗi lần trang được cập nhật".into(),
            Some(vn_date(site.today)),
        ),
    ];
    let info = &site.config.access_to_information;
    rows.extend(
        info.entries
            .iter()
            .map(|e| row(&e.what, &e.location, e.frequency.clone(), None)),
    );
    let mut p = prepared(
        url,
        "access_info.html",
        "Tiếp cận thông tin",
        "tiep-can-thong-tin",
        vec![crumb(routes::ACCESS_INFO.label, url)],
    );
    p.context.insert("published", &rows);
    p.context.insert("request_contact", &info.contact);
    describe(
        &mut p,
        "Danh mục thông tin được công khai và đầu mối tiếp nhận yêu cầu cung cấp thông tin.",
    );
    p
}

fn home(shared: &Shared<'_>, url: &str) -> Prepared {
    let site = shared.site;
    let mut p = prepared(url, "home.html", &site.config.title, "", vec![]);
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
