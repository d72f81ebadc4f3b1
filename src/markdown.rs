//! Markdown to HTML: tables, footnotes, heading anchors, and two trust levels.
//!
//! Staff content is rendered as written; its raw HTML is kept only when
//! `site.yaml` sets `allow_raw_html`, otherwise it is shown as text. Citizen
//! text (feedback) goes through [`render_untrusted`]: raw HTML is always text
//! and the result passes an allow-list sanitiser (ammonia), so no script,
//! event handler, `javascript:` URL or iframe survives.

use std::collections::HashSet;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::slug::slugify;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders staff-written Markdown.
pub fn render(markdown: &str, allow_raw_html: bool) -> String {
    let events = Parser::new_ext(markdown, options()).map(|e| neutralise_html(e, allow_raw_html));
    let events = with_heading_ids(events.collect());
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    out
}

/// Renders citizen-written Markdown, sanitised with an allow-list.
pub fn render_untrusted(markdown: &str) -> String {
    let events = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH)
        .map(|e| neutralise_html(e, false))
        // Citizen text gets no headings of its own: the page owns its outline.
        .map(demote_headings);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    sanitise(&out)
}

/// Escapes HTML that came from untrusted text through an allow-list.
pub fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(html)
        .to_string()
}

fn neutralise_html(event: Event<'_>, allow: bool) -> Event<'_> {
    match event {
        Event::Html(s) | Event::InlineHtml(s) if !allow => Event::Text(s),
        other => other,
    }
}

fn demote_headings(event: Event<'_>) -> Event<'_> {
    match event {
        Event::Start(Tag::Heading { .. }) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Paragraph),
        other => other,
    }
}

/// Gives every heading without an explicit `{#id}` an id from its text,
/// unique within the document, so sections can be linked to.
fn with_heading_ids(mut events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut used: HashSet<String> = HashSet::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id: None, .. }) = &events[i] {
            let text = heading_text(&events[i + 1..]);
            let id = unique_id(&text, &mut used);
            if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i] {
                *slot = Some(CowStr::from(id));
            }
        } else if let Event::Start(Tag::Heading { id: Some(id), .. }) = &events[i] {
            used.insert(id.to_string());
        }
        i += 1;
    }
    events
}

fn heading_text(rest: &[Event<'_>]) -> String {
    let mut text = String::new();
    for e in rest {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

fn unique_id(text: &str, used: &mut HashSet<String>) -> String {
    let base = match slugify(text) {
        s if s.is_empty() => "muc".to_string(),
        s => s,
    };
    let mut id = base.clone();
    let mut n = 1;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// Plain text of the first paragraph, for a summary when none is written.
pub fn first_paragraph(markdown: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph) => inside = true,
            Event::End(TagEnd::Paragraph) if !out.trim().is_empty() => break,
            Event::Text(t) | Event::Code(t) if inside => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak if inside => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first `max_chars` characters of `text`, cut at a word, with "…".
pub fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let end = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..end].trim_end_matches([',', ';', ':', '.']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids() {
        let html = render("## Thủ tục\n\n## Thủ tục\n", false);
        assert!(html.contains(r#"<h2 id="thu-tuc">"#), "{html}");
        assert!(html.contains(r#"<h2 id="thu-tuc-2">"#), "{html}");
    }

    #[test]
    fn raw_html_is_text_unless_allowed() {
        assert!(render("<b>x</b>", false).contains("&lt;b&gt;"));
        assert!(render("<b>x</b>", true).contains("<b>x</b>"));
    }

    #[test]
    fn untrusted_text_is_sanitised() {
        let html = render_untrusted("[x](javascript:alert(1)) <script>alert(1)</script>");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<script"), "{html}");
    }
}
