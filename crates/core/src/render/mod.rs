//! Rendering: the site model through Tera templates into HTML pages.
//!
//! Templates are compiled once. Data shared by every page (the site's name,
//! menu, contact details) sits in Tera's global context, set once; each page
//! gets only what its template shows, never the whole site, so rendering
//! cost stays proportional to the page.

mod chart;
mod jsonld;
mod pager;
pub mod pages;

use serde::Serialize;
use tera::{Context, Tera};

use crate::config::{Config, Contact, FeedbackChannels};
use crate::error::{Diagnostic, Diagnostics};
use crate::site::tracker::Tracker;
use crate::site::Site;
use crate::theme::Theme;

pub use chart::posts_chart;
pub use pager::{page_url, paginate, Pager};

/// What every page and feed says when `sample_content: true`.
pub const SAMPLE_NOTICE: &str = "Nội dung minh họa: trên Trang thông tin điện tử này, tin, bài, văn bản, thủ tục hành chính, phản ánh, kiến nghị, dự thảo lấy ý kiến, tình trạng thực hiện nhiệm vụ, số liệu theo dõi và dữ liệu mở là ví dụ để giới thiệu phần mềm, không phải thông tin chính thức của cơ quan.";

/// What every feed item of a site of illustrative content starts with.
pub const SAMPLE_MARK: &str = "[Minh họa] ";

/// The template names the default theme provides and the generator uses.
pub const TEMPLATES: &[&str] = &[
    "home.html",
    "tags.html",
    "data.html",
    "search.html",
    "news.html",
    "news_list.html",
    "news_year.html",
    "news_month.html",
    "document.html",
    "document_list.html",
    "plan.html",
    "plan_list.html",
    "units.html",
    "unit.html",
    "procedure.html",
    "procedure_list.html",
    "procedure_group.html",
    "procedure_catalogue.html",
    "feedback.html",
    "feedback_list.html",
    "consultation.html",
    "consultation_list.html",
    "page.html",
    "tracker.html",
    "access_info.html",
    "404.html",
];

/// Compiled templates plus the site-wide context.
pub struct Renderer {
    tera: Tera,
}

#[derive(Serialize)]
struct Link {
    label: String,
    url: String,
}

/// What every page may show about the site.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    base_url: &'a str,
    language: &'a str,
    nav: Vec<Link>,
    pages: Vec<Link>,
    contact: &'a Contact,
    feedback_channels: &'a FeedbackChannels,
    portal_url: &'a str,
    /// The English pages' entry, linked from every page's header.
    english_url: Option<String>,
    /// Cổng Pháp luật quốc gia, when set.
    law_portal_url: Option<&'a str>,
    /// The feedback due rule: working days, and its legal basis when set.
    feedback_due_working_days: u32,
    feedback_due_basis: Option<&'a str>,
    /// The current month's status, one line, for the home page and footer.
    status_line: String,
    status_met: bool,
    /// Whether pages say how many posts this month still needs: in the
    /// `serve` preview for editors, or when `tracker.show_needed` is set.
    show_needed: bool,
    /// The notice every page carries when the site has illustrative content.
    sample_notice: Option<&'static str>,
}

impl Renderer {
    /// The theme's templates, checked, with the site-wide context.
    pub fn new(theme: &Theme, site: &Site, tracker: &Tracker) -> Result<Renderer, Diagnostics> {
        let mut tera = Tera::new();
        tera.set_escape_fn(crate::escape::html_into);
        let mut problems = Diagnostics::default();
        if let Err(e) = tera.add_raw_templates(theme.templates.iter()) {
            problems.push(template_error(&site.config, "", &e));
        }
        for name in TEMPLATES {
            if !theme.templates.contains_key(*name) {
                problems.push(
                    Diagnostic::error(
                        format!("themes/{}/templates/{name}", site.config.theme),
                        "template missing",
                    )
                    .hint("copy it from the default theme (themes/default/templates) and adapt it"),
                );
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        let view = site_view(site, tracker);
        tera.global_context().insert("site", &view);
        tera.global_context().insert("assets", &theme.asset_urls());
        Ok(Renderer { tera })
    }

    /// Renders one template into `out`; errors name the template.
    pub fn render_to(
        &self,
        config: &Config,
        template: &str,
        ctx: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        self.tera
            .render_to(template, ctx, out)
            .map_err(|e| template_error(config, template, &e))
    }
}

fn template_error(config: &Config, name: &str, e: &tera::Error) -> Diagnostic {
    let mut message = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(
        format!("themes/{}/templates/{name}", config.theme).trim_end_matches('/'),
        message,
    )
    .hint("fix the template; the default theme's version is in themes/default/templates")
}

fn site_view<'a>(site: &'a Site, tracker: &Tracker) -> SiteView<'a> {
    let c = &site.config;
    let link = |label: &str, url: &str| Link {
        label: label.to_string(),
        url: url.to_string(),
    };
    let nav = crate::routes::MENU
        .iter()
        .map(|s| link(s.label, s.url))
        .collect();
    let pages = site
        .pages
        .iter()
        .filter(|p| p.menu && p.lang == c.language)
        .map(|p| link(&p.title, &p.url))
        .collect();
    let english: Vec<&crate::content::page::Page> =
        site.pages.iter().filter(|p| p.lang == "en").collect();
    let english_url = english
        .iter()
        .find(|p| p.url == "/en/")
        .or(english.first())
        .map(|p| p.url.clone());
    let show_needed = site.preview || c.tracker.show_needed;
    let status_line = status_line(tracker, show_needed);
    SiteView {
        title: &c.title,
        description: &c.description,
        base_url: &c.base_url,
        language: &c.language,
        nav,
        pages,
        contact: &c.contact,
        feedback_channels: &c.feedback_channels,
        portal_url: &c.national_portal_url,
        law_portal_url: c.law_portal_url.as_deref(),
        english_url,
        feedback_due_working_days: c.feedback_due_working_days,
        feedback_due_basis: c.feedback_due_basis.as_deref(),
        status_line,
        status_met: tracker.current.met,
        show_needed,
        sample_notice: c.sample_content.then_some(SAMPLE_NOTICE),
    }
}

/// The month's status in one line. Citizens see what was published; what is
/// still needed is for editors (`show_needed`).
pub fn status_line(tracker: &Tracker, show_needed: bool) -> String {
    let m = &tracker.current;
    let month = format!("{}/{}", &m.month[5..], &m.month[..4]);
    if m.met {
        format!(
            "Tháng {month}: đã đăng {} tin, bài, đạt chỉ tiêu {} tin, bài/tháng.",
            m.posts, m.target
        )
    } else if show_needed {
        format!(
            "Tháng {month}: đã đăng {}/{} tin, bài; cần thêm {} tin, bài đến hết ngày {}.",
            m.posts, m.target, m.needed, tracker.month_end_display
        )
    } else {
        format!(
            "Tháng {month}: đã đăng {} tin, bài (chỉ tiêu {} tin, bài/tháng).",
            m.posts, m.target
        )
    }
}
