//! News (tin tức): posts, the lists by category and tag, the year and
//! month archives, the tag index.

use chrono::Datelike;

use super::*;

/// Adds the pages of this section to `jobs`, in order.
pub(super) fn jobs<'a>(shared: &'a Shared<'a>, jobs: &mut Vec<Job<'a>>) {
    let site = shared.site;
    let per = site.config.paginate_by;
    jobs.extend(site.news.iter().map(|n| Box::new(Post(n)) as Job<'a>));
    jobs.push(site_page(routes::news_tags(), tag_index));
    let news_root = crumb(routes::NEWS.label, routes::NEWS.url);
    let mut news_list =
        |heading: &str, crumbs: Vec<Crumb>, items: &'a [&'a News], category: Option<&str>| {
            let base = crumbs.last().expect("a list has a crumb").url.clone();
            for (items, pager) in paginate(items, per, &base) {
                let category = category.map(str::to_string);
                jobs.push(Box::new(List {
                    heading: heading.to_string(),
                    crumbs: crumbs.clone(),
                    items,
                    pager,
                    category,
                }));
            }
        };
    news_list("Tin tức", vec![news_root.clone()], &shared.all_news, None);
    for g in &shared.categories {
        let crumbs = vec![
            news_root.clone(),
            crumb(
                &g.name,
                &format!("{}{}/", routes::news_categories(), g.slug),
            ),
        ];
        news_list(&g.name, crumbs, &g.items, Some(&g.slug));
    }
    for g in &shared.tags {
        let crumbs = vec![
            news_root.clone(),
            crumb("Từ khóa", &routes::news_tags()),
            crumb(&g.name, &format!("{}{}/", routes::news_tags(), g.slug)),
        ];
        news_list(&format!("Từ khóa: {}", g.name), crumbs, &g.items, None);
    }
    for g in &shared.news_years {
        let year = crumb(&g.name, &format!("{}{}/", routes::news_years(), g.slug));
        let months = by_month(&g.items);
        for (month, items) in &months {
            let label = format!("Tháng {month}/{}", g.slug);
            let url = format!("{}thang-{month}/", year.url);
            jobs.push(Box::new(Month {
                heading: format!("Tin tức tháng {month}/{}", g.slug),
                crumbs: vec![news_root.clone(), year.clone(), crumb(&label, &url)],
                items,
            }));
        }
        jobs.push(Box::new(Year {
            heading: format!("Tin tức {}", g.name.to_lowercase()),
            crumbs: vec![news_root.clone(), year],
            year: g.slug.clone(),
            months,
        }));
    }
}

/// A year's posts split by month, newest month first (the year's posts
/// come newest first).
fn by_month<'a>(items: &'a [&'a News]) -> Vec<(u32, &'a [&'a News])> {
    let mut months: Vec<(u32, &'a [&'a News])> = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        let month = items[start].local_date().month();
        if i == items.len() || items[i].local_date().month() != month {
            months.push((month, &items[start..i]));
            start = i;
        }
    }
    months
}

/// A year of posts: its months, each with how many posts it has. The
/// posts themselves are listed once, on the month pages, rather than a
/// third time in pages of twenty.
struct Year<'a> {
    heading: String,
    crumbs: Vec<Crumb>,
    year: String,
    months: Vec<(u32, &'a [&'a News])>,
}

#[derive(Serialize)]
struct MonthLink {
    name: String,
    url: String,
    count: usize,
}

impl<'a> PageJob<'a> for Year<'a> {
    fn url(&self) -> String {
        self.crumbs.last().expect("a year has a crumb").url.clone()
    }
    /// Counts only; a post's date moving it to another month changes them.
    fn shows(&self, _shared: &Shared<'a>) -> Shows<'a> {
        sources_of(
            self.months
                .iter()
                .flat_map(|(_, items)| items.iter().copied()),
        )
    }
    fn navigation(&self, shared: &Shared<'a>) -> u64 {
        shared.news_navigation
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        let url = self.url();
        let mut p = prepared(
            &url,
            "news_year.html",
            &self.heading,
            "tin-tuc",
            self.crumbs.clone(),
        );
        let months: Vec<MonthLink> = self
            .months
            .iter()
            .map(|(m, items)| MonthLink {
                name: format!("Tháng {m}/{}", self.year),
                url: format!("{url}thang-{m}/"),
                count: items.len(),
            })
            .collect();
        p.context.insert("heading", &self.heading);
        p.context.insert("months", &months);
        p.context
            .insert_value("categories", shared.category_links.clone());
        p.context
            .insert_value("years", shared.news_year_links.clone());
        p
    }
}

/// Every post of one month, in one page of titles and dates.
struct Month<'a> {
    heading: String,
    crumbs: Vec<Crumb>,
    items: &'a [&'a News],
}

impl<'a> PageJob<'a> for Month<'a> {
    fn url(&self) -> String {
        self.crumbs.last().expect("a month has a crumb").url.clone()
    }
    fn shows(&self, _shared: &Shared<'a>) -> Shows<'a> {
        sources_of(self.items.iter().copied())
    }
    fn navigation(&self, shared: &Shared<'a>) -> u64 {
        shared.news_navigation
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        let mut p = prepared(
            self.url(),
            "news_month.html",
            &self.heading,
            "tin-tuc",
            self.crumbs.clone(),
        );
        p.context.insert("heading", &self.heading);
        p.context.insert("year_url", &self.crumbs[1].url);
        p.context.insert("year_name", &self.crumbs[1].label);
        p.context
            .insert_value("items", shared.news_list(self.items));
        p.context
            .insert_value("years", shared.news_year_links.clone());
        p
    }
}

/// A post's page.
struct Post<'a>(&'a News);

impl<'a> PageJob<'a> for Post<'a> {
    fn url(&self) -> String {
        self.0.url.clone()
    }
    fn source(&self) -> Option<&'a Path> {
        Some(&self.0.source)
    }
    /// The post and the related posts beside it.
    fn shows(&self, shared: &Shared<'a>) -> Shows<'a> {
        let mut paths = vec![self.0.source.as_path()];
        paths.extend(related(shared, self.0).iter().map(|n| n.source.as_path()));
        Shows::Sources(paths)
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        news_post(shared, self.0)
    }
}

/// One page of a list of posts (all, a category, a tag, a year).
struct List<'a> {
    heading: String,
    crumbs: Vec<Crumb>,
    items: &'a [&'a News],
    pager: Pager,
    category: Option<String>,
}

impl<'a> PageJob<'a> for List<'a> {
    fn url(&self) -> String {
        page_url_of(&self.crumbs, &self.pager)
    }
    fn shows(&self, _shared: &Shared<'a>) -> Shows<'a> {
        sources_of(self.items.iter().copied())
    }
    fn navigation(&self, shared: &Shared<'a>) -> u64 {
        shared.news_navigation
    }
    fn prepare(&self, shared: &Shared<'a>) -> Prepared {
        let items = shared.news_list(self.items);
        let mut p = list_page(
            "news_list.html",
            "tin-tuc",
            &self.heading,
            &self.crumbs,
            items,
            &self.pager,
        );
        p.context.insert("category", &self.category);
        p.context
            .insert_value("categories", shared.category_links.clone());
        p.context
            .insert_value("years", shared.news_year_links.clone());
        p
    }
}

fn tag_index(shared: &Shared<'_>, url: &str) -> Prepared {
    let crumbs = vec![
        crumb(routes::NEWS.label, routes::NEWS.url),
        crumb("Từ khóa", url),
    ];
    let mut p = prepared(url, "tags.html", "Từ khóa", "tin-tuc", crumbs);
    p.context
        .insert("tags", &group_links(&shared.tags, &routes::news_tags()));
    p.context
        .insert_value("years", shared.news_year_links.clone());
    p
}

/// The newest four other posts of a post's category, shown beside it.
/// The posts of its category nearest to a post: the two before it and
/// the two after it (more on one side at either end of the category). A
/// new post changes the box on its neighbours' pages only, never on every
/// page of its category.
pub(super) fn related<'a>(shared: &Shared<'a>, post: &News) -> Vec<&'a News> {
    let Some((group, at)) = shared.place_in_category(post) else {
        return Vec::new();
    };
    let items = &group.items;
    let end = (at + 3).min(items.len());
    let start = end.saturating_sub(5);
    let end = (start + 5).min(items.len());
    items[start..end]
        .iter()
        .filter(|n| n.slug != post.slug)
        .copied()
        .collect()
}

fn news_post(shared: &Shared<'_>, post: &News) -> Prepared {
    let cat_url = format!("{}{}/", routes::news_categories(), post.category);
    let crumbs = vec![
        crumb(routes::NEWS.label, routes::NEWS.url),
        crumb(&post.category_label, &cat_url),
        crumb(&post.title, &post.url),
    ];
    let mut p = prepared(&post.url, "news.html", &post.title, "tin-tuc", crumbs);
    let related = related(shared, post);
    p.context.insert_value("post", shared.news_value(post));
    p.context.insert("category_url", &cat_url);
    p.context.insert("content", &post.body_html);
    p.context
        .insert_value("related", shared.news_links(&related));
    p.context.insert(
        "jsonld",
        &crate::render::jsonld::news(shared.site, &shared.publisher, post),
    );
    p.context.insert("og_type", "article");
    describe(&mut p, &post.summary);
    p
}
