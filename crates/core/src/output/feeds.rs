//! Feeds of news, documents, plans, answered feedback and draft
//! consultations, each section
//! separately and one combined, with absolute URLs from `base_url`: in Atom
//! (RFC 4287, `atom.xml`) and in RSS 2.0 (`rss.xml`, which Vietnamese
//! portals and news readers expect), from the same entries.

use super::Generated;
use crate::content::item::{midnight, FeedEntry};
use crate::content::kinds::KindSpec;
use crate::site::Site;

/// How many entries a feed carries.
const ENTRIES: usize = 50;

/// Every feed of the site: one per fed kind ([`KindSpec::feed`]) and one
/// combined, each of public items only, newest first.
pub fn feeds(site: &Site) -> Vec<Generated> {
    let tz = site.config.timezone;
    let title = &site.config.title;
    let mut sections: Vec<(&str, String, Vec<FeedEntry>)> = KindSpec::all()
        .filter_map(|spec| {
            let label = spec.feed?;
            let url = spec.section.map_or("/", |s| s.url);
            let entries = site
                .items()
                .filter(|item| item.kind() == spec.kind && item.is_public())
                .filter_map(|item| item.feed_entry(tz))
                .collect();
            Some((url, format!("{label} – {title}"), entries))
        })
        .collect();
    let newest_first =
        |a: &FeedEntry, b: &FeedEntry| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url));
    // A feed carries its newest ENTRIES; the combined feed's are among the
    // sections' newest.
    for (_, _, entries) in &mut sections {
        entries.sort_by(newest_first);
        entries.truncate(ENTRIES);
    }
    let mut all: Vec<FeedEntry> = sections
        .iter()
        .flat_map(|(_, _, entries)| entries.iter().cloned())
        .collect();
    all.sort_by(newest_first);
    sections.insert(0, ("/", title.to_string(), all));
    let mut files = Vec::with_capacity(sections.len() * 2);
    for (section, title, entries) in &sections {
        let entries: Vec<&FeedEntry> = entries.iter().collect();
        files.push(atom(site, section, title, &entries));
        files.push(rss(site, section, title, &entries));
    }
    files
}

/// The Atom feed of a section (`alt_url`), at `alt_url` + `atom.xml`.
fn atom(site: &Site, alt_url: &str, title: &str, entries: &[&FeedEntry]) -> Generated {
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
fn rss(site: &Site, alt_url: &str, title: &str, entries: &[&FeedEntry]) -> Generated {
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
