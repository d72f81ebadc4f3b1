//! Feeds of news, documents, plans, answered feedback and draft
//! consultations, each section
//! separately and one combined, with absolute URLs from `base_url`: in Atom
//! (RFC 4287, `atom.xml`) and in RSS 2.0 (`rss.xml`, which Vietnamese
//! portals and news readers expect), from the same entries.

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

use super::Generated;
use crate::routes;
use crate::site::Site;

/// How many entries a feed carries.
const ENTRIES: usize = 50;

/// One feed entry, whatever its kind.
struct Entry {
    title: String,
    url: String,
    updated: DateTime<Tz>,
    summary: String,
    /// Sanitised HTML, for feedback answers.
    content_html: Option<String>,
    category: String,
}

/// Every feed of the site.
pub fn feeds(site: &Site) -> Vec<Generated> {
    let tz = site.config.timezone;
    let news: Vec<Entry> = site
        .news
        .iter()
        .filter(|n| !n.draft)
        .map(|n| Entry {
            title: n.title.clone(),
            url: n.url.clone(),
            updated: n.date,
            summary: n.summary.clone(),
            content_html: None,
            category: n.category_label.clone(),
        })
        .collect();
    let documents: Vec<Entry> = site
        .documents
        .iter()
        .filter(|d| !d.draft)
        .map(|d| Entry {
            title: format!("{} số {}: {}", d.kind, d.number, d.title),
            url: d.url.clone(),
            updated: midnight(d.date, tz),
            summary: d.summary.clone(),
            content_html: None,
            category: "Văn bản".into(),
        })
        .collect();
    let plans: Vec<Entry> = site
        .plans
        .iter()
        .filter(|p| !p.draft)
        .map(|p| Entry {
            title: match p.number.as_str() {
                "" => format!("Kế hoạch (chưa có số): {}", p.title),
                n => format!("Kế hoạch số {n}: {}", p.title),
            },
            url: p.url.clone(),
            updated: midnight(p.date, tz),
            summary: p.summary.clone(),
            content_html: None,
            category: "Kế hoạch".into(),
        })
        .collect();
    let mut feedback: Vec<Entry> = site
        .published_feedback()
        .map(|f| Entry {
            title: f.subject.clone(),
            url: f.url.clone(),
            updated: midnight(f.answered.expect("published items are answered"), tz),
            summary: format!("Trả lời phản ánh, kiến nghị {} của {}", f.code, f.unit),
            content_html: f.answer_html.clone(),
            category: "Phản ánh, kiến nghị".into(),
        })
        .collect();
    feedback.sort_by_key(|e| std::cmp::Reverse(e.updated));
    let mut consultations: Vec<Entry> = site
        .consultations
        .iter()
        .map(|c| Entry {
            title: c.title.clone(),
            url: c.url.clone(),
            updated: midnight(c.opens, tz),
            summary: format!(
                "Lấy ý kiến từ ngày {} đến hết ngày {}. {}",
                c.opens_display, c.closes_display, c.summary
            ),
            content_html: None,
            category: "Lấy ý kiến dự thảo".into(),
        })
        .collect();
    consultations.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
    let title = &site.config.title;
    let mut all: Vec<&Entry> = news
        .iter()
        .chain(&documents)
        .chain(&plans)
        .chain(&feedback)
        .chain(&consultations)
        .collect();
    all.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
    let sections: [(&str, String, Vec<&Entry>); 6] = [
        ("/", title.to_string(), all),
        (
            routes::NEWS.url,
            format!("Tin tức – {title}"),
            news.iter().collect(),
        ),
        (
            routes::DOCUMENTS.url,
            format!("Văn bản – {title}"),
            documents.iter().collect(),
        ),
        (
            routes::PLANS.url,
            format!("Kế hoạch – {title}"),
            plans.iter().collect(),
        ),
        (
            routes::FEEDBACK.url,
            format!("Trả lời phản ánh, kiến nghị – {title}"),
            feedback.iter().collect(),
        ),
        (
            routes::CONSULTATIONS.url,
            format!("Lấy ý kiến dự thảo – {title}"),
            consultations.iter().collect(),
        ),
    ];
    let mut files = Vec::with_capacity(sections.len() * 2);
    for (section, title, entries) in &sections {
        files.push(atom(site, section, title, entries));
        files.push(rss(site, section, title, entries));
    }
    files
}

fn midnight(d: NaiveDate, tz: Tz) -> DateTime<Tz> {
    tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .earliest()
        .expect("midnight exists")
}

/// The Atom feed of a section (`alt_url`), at `alt_url` + `atom.xml`.
fn atom(site: &Site, alt_url: &str, title: &str, entries: &[&Entry]) -> Generated {
    let self_url = format!("{alt_url}atom.xml");
    let base = &esc(&site.config.base_url);
    // Every item of a site of illustrative content says so, not only the
    // channel: readers show items alone.
    let mark = if site.config.sample_content {
        crate::render::SAMPLE_MARK
    } else {
        ""
    };
    let updated = entries
        .first()
        .map(|e| e.updated.to_rfc3339())
        .unwrap_or_else(|| midnight(site.today, site.config.timezone).to_rfc3339());
    let mut xml = String::with_capacity(16 * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n",
        esc(&site.config.language)
    ));
    xml.push_str(&format!(
        "<title>{}</title>\n<id>{base}{alt_url}</id>\n",
        esc(title)
    ));
    if site.config.sample_content {
        xml.push_str(&format!(
            "<subtitle>{}</subtitle>\n",
            esc(crate::render::SAMPLE_NOTICE)
        ));
    }
    xml.push_str(&format!("<link rel=\"self\" type=\"application/atom+xml\" href=\"{base}{self_url}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}{alt_url}\"/>\n"));
    xml.push_str(&format!(
        "<updated>{updated}</updated>\n<author><name>{}</name></author>\n",
        esc(&site.config.title)
    ));
    for e in entries.iter().take(ENTRIES) {
        xml.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}{}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}{}\"/>\n<updated>{}</updated>\n<published>{}</published>\n<category term=\"{}\"/>\n<summary>{}</summary>\n",
            esc(&format!("{mark}{}", e.title)), e.url, e.url, e.updated.to_rfc3339(), e.updated.to_rfc3339(), esc(&e.category), esc(&format!("{mark}{}", e.summary))
        ));
        if let Some(html) = &e.content_html {
            xml.push_str(&format!("<content type=\"html\">{}</content>\n", esc(html)));
        }
        xml.push_str("</entry>\n");
    }
    xml.push_str("</feed>\n");
    Generated {
        url: self_url,
        bytes: xml.into_bytes(),
    }
}

/// The RSS 2.0 feed of a section (`alt_url`), at `alt_url` + `rss.xml`.
fn rss(site: &Site, alt_url: &str, title: &str, entries: &[&Entry]) -> Generated {
    let self_url = format!("{alt_url}rss.xml");
    let base = &esc(&site.config.base_url);
    // Every item of a site of illustrative content says so, not only the
    // channel: readers show items alone.
    let mark = if site.config.sample_content {
        crate::render::SAMPLE_MARK
    } else {
        ""
    };
    let built = entries
        .first()
        .map(|e| e.updated)
        .unwrap_or_else(|| midnight(site.today, site.config.timezone));
    let description = match (site.config.sample_content, site.config.description.as_str()) {
        (true, "") => crate::render::SAMPLE_NOTICE.to_string(),
        (true, d) => format!("{} {d}", crate::render::SAMPLE_NOTICE),
        (false, "") => title.to_string(),
        (false, d) => d.to_string(),
    };
    let mut xml = String::with_capacity(16 * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n");
    xml.push_str(&format!(
        "<title>{}</title>\n<link>{base}{alt_url}</link>\n<description>{}</description>\n<language>{}</language>\n<lastBuildDate>{}</lastBuildDate>\n<atom:link rel=\"self\" type=\"application/rss+xml\" href=\"{base}{self_url}\"/>\n",
        esc(title),
        esc(&description),
        esc(&site.config.language),
        built.to_rfc2822()
    ));
    for e in entries.iter().take(ENTRIES) {
        // An RSS description is HTML to feed readers: plain text is
        // escaped as HTML first, then as XML.
        let body = match &e.content_html {
            Some(html) if !mark.is_empty() => format!("<p>{}</p>{html}", esc(mark.trim())),
            Some(html) => html.clone(),
            None => esc(&format!("{mark}{}", e.summary)),
        };
        xml.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{base}{}</link>\n<guid isPermaLink=\"true\">{base}{}</guid>\n<pubDate>{}</pubDate>\n<category>{}</category>\n<description>{}</description>\n</item>\n",
            esc(&format!("{mark}{}", e.title)), e.url, e.url, e.updated.to_rfc2822(), esc(&e.category), esc(&body)
        ));
    }
    xml.push_str("</channel>\n</rss>\n");
    Generated {
        url: self_url,
        bytes: xml.into_bytes(),
    }
}

use crate::escape::xml as esc;
