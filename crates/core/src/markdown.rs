//! Markdown to HTML: tables, footnotes, heading anchors, and one allow-list.
//!
//! Every Markdown field, staff-written or citizen-written, goes through one
//! event filter ([`safe_events`]): heading attributes are cut down to `id`
//! and `class`, and a link or image whose address is not `http`, `https`,
//! `mailto`, `tel`, relative or `#` loses its address (its text stays). Raw
//! HTML is shown as text unless `site.yaml` sets `allow_raw_html`; when it is
//! kept, the page's HTML passes the allow-list sanitiser (ammonia) with the
//! same schemes. So no page, feed, search shard or data file can carry an
//! event handler, a script URL, `<script>`, `<iframe>`, `<object>`,
//! `<embed>` or an SVG, whatever the settings. Citizen text (feedback) always
//! passes the sanitiser too ([`render_untrusted`]).

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::slug::slugify;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The URL schemes a link or image may use; anything else (`javascript:`,
/// `data:`, `vbscript:`, `file:` ...) is refused. Relative addresses and
/// `#fragments` have no scheme and are kept.
pub const URL_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Renders staff-written Markdown. Raw HTML is text unless `allow_raw_html`;
/// when kept, the result passes [`sanitise_staff`].
pub fn render(markdown: &str, allow_raw_html: bool) -> String {
    render_with_first_paragraph(markdown, allow_raw_html).0
}

/// [`render`] and [`first_paragraph`] from one parse (a body is read once).
pub fn render_with_first_paragraph(markdown: &str, allow_raw_html: bool) -> (String, String) {
    let mut raw = false;
    let mut first = FirstParagraph::default();
    let parsed = Parser::new_ext(markdown, options()).inspect(|e| {
        first.see(e);
    });
    let events: Vec<Event<'_>> = safe_events(parsed, allow_raw_html)
        .inspect(|e| raw |= matches!(e, Event::Html(_) | Event::InlineHtml(_)))
        .collect();
    let first = first.text();
    let events = with_heading_ids(events);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    let html = if raw { sanitise_staff(&out) } else { out };
    (html, first)
}

/// Renders citizen-written Markdown, sanitised with an allow-list.
pub fn render_untrusted(markdown: &str) -> String {
    let events = safe_events(
        Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH),
        false,
    )
    // Citizen text gets no headings of its own: the page owns its outline.
    .map(demote_headings);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    sanitise(&out)
}

/// Escapes HTML that came from untrusted text through an allow-list.
pub fn sanitise(html: &str) -> String {
    CITIZEN.clean(html).to_string()
}

/// Passes staff HTML (Markdown with raw HTML kept) through the allow-list:
/// what Markdown itself makes (tables, footnotes, task lists, heading ids
/// and classes) is kept; scripts, event handlers, frames, objects, SVG,
/// forms, styles and script URLs are removed.
pub fn sanitise_staff(html: &str) -> String {
    STAFF.clean(html).to_string()
}

static CITIZEN: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(URL_SCHEMES.into_iter().collect())
        .link_rel(Some("nofollow noopener noreferrer"));
    b
});

static STAFF: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.url_schemes(URL_SCHEMES.into_iter().collect())
        .add_tags(["input"])
        .add_tag_attributes("input", ["disabled", "checked"])
        .add_tag_attribute_values("input", "type", ["checkbox"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        // Table alignment only: no `position`, no overlays.
        .filter_style_properties(["text-align"].into_iter().collect())
        .link_rel(None)
        .id_prefix(None);
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id", "class"]);
    }
    for tag in ["div", "sup", "code", "span", "p", "li", "ul", "ol", "pre"] {
        b.add_tag_attributes(tag, ["class"]);
    }
    b
});

/// The one filter every Markdown field passes: raw HTML becomes text unless
/// `allow_html`, heading attributes other than `id` and `class` are
/// dropped, and links and images with a refused address keep only their
/// text.
fn safe_events<'a>(
    events: impl Iterator<Item = Event<'a>>,
    allow_html: bool,
) -> impl Iterator<Item = Event<'a>> {
    // Links and images nest (an image inside a link): remember, for each
    // open one, whether its start was dropped, so its end is dropped too.
    let mut open: Vec<bool> = Vec::new();
    events.filter_map(move |event| match event {
        Event::Html(s) | Event::InlineHtml(s) if !allow_html => Some(Event::Text(s)),
        Event::Start(Tag::Heading {
            level, id, classes, ..
        }) => Some(Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs: Vec::new(),
        })),
        Event::Start(Tag::Link { ref dest_url, .. } | Tag::Image { ref dest_url, .. }) => {
            let keep = safe_url(dest_url);
            open.push(keep);
            keep.then_some(event)
        }
        Event::End(TagEnd::Link | TagEnd::Image) => open.pop().unwrap_or(true).then_some(event),
        other => Some(other),
    })
}

/// Whether a link address uses an allowed scheme or none (relative, `#`).
/// Read the way browsers read it: leading and trailing spaces and control
/// characters, and tabs and newlines anywhere, are ignored.
pub fn safe_url(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match cleaned.find([':', '/', '?', '#']) {
        Some(at) if cleaned[at..].starts_with(':') => {
            let scheme = cleaned[..at].to_ascii_lowercase();
            URL_SCHEMES.contains(&scheme.as_str())
        }
        _ => true,
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

/// The targets of links and images in `markdown` that name a file beside
/// the page (`to-trinh.pdf`, `./bang.xlsx`): relative, with the extension
/// of a file that can be attached. Page links (`../van-ban/`) and
/// addresses (`https://`, `/`, `#`, `mailto:`) are not files beside it.
pub fn relative_file_links(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Most bodies have no link at all: no second parse for them.
    if !markdown.contains("](") && !markdown.contains("]:") {
        return out;
    }
    for event in Parser::new_ext(markdown, options()) {
        let dest = match &event {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        let d = dest.trim();
        let absolute =
            d.starts_with(['/', '#', '?']) || d.split('/').next().is_some_and(|s| s.contains(':'));
        let path = d.split(['?', '#']).next().unwrap_or("");
        let file = path.rsplit('/').next().unwrap_or("");
        let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        if !absolute && ext.is_some_and(|e| crate::filetype::ALLOWED.contains(&e.as_str())) {
            out.push(path.trim_start_matches("./").to_string());
        }
    }
    out
}

/// Plain text of the first paragraph, for a summary when none is written.
pub fn first_paragraph(markdown: &str) -> String {
    let mut first = FirstParagraph::default();
    for event in Parser::new_ext(markdown, options()) {
        if first.see(&event) {
            break;
        }
    }
    first.text()
}

/// Gathers the text of the first paragraph that has any, from parser events.
#[derive(Default)]
struct FirstParagraph {
    text: String,
    inside: bool,
    done: bool,
}

impl FirstParagraph {
    /// Takes in one event; true once the paragraph is complete.
    fn see(&mut self, event: &Event<'_>) -> bool {
        if self.done {
            return true;
        }
        match event {
            Event::Start(Tag::Paragraph) => self.inside = true,
            Event::End(TagEnd::Paragraph) if !self.text.trim().is_empty() => self.done = true,
            Event::Text(t) | Event::Code(t) if self.inside => self.text.push_str(t),
            Event::SoftBreak | Event::HardBreak if self.inside => self.text.push(' '),
            _ => {}
        }
        self.done
    }

    fn text(&self) -> String {
        let t = self.text.trim();
        // Most paragraphs have single spaces already: no second copy.
        if !t.contains(|c: char| c.is_whitespace() && c != ' ') && !t.contains("  ") {
            return t.to_string();
        }
        t.split_whitespace().collect::<Vec<_>>().join(" ")
    }
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
    #[test]
    fn file_links_beside_the_page_are_found_and_addresses_are_not() {
        let body = "[a](giay-moi.pdf) [b](./bang.XLSX?v=1) [c](/van-ban/x.pdf) [d](https://x.vn/y.pdf) [e](../trang/) ![f](anh.png)\n\n[g]: ke-hoach.docx\n\nXem [g].";
        assert_eq!(
            relative_file_links(body),
            ["giay-moi.pdf", "bang.XLSX", "anh.png", "ke-hoach.docx"]
        );
        assert!(relative_file_links("Không có liên kết.").is_empty());
    }

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

    #[test]
    fn heading_attributes_keep_only_id_and_class() {
        let md = "# Tiêu đề {#dau .lon onmouseover=alert(1) style=position:fixed;inset:0}\n";
        for raw in [false, true] {
            let html = render(md, raw);
            assert!(html.contains(r#"<h1 id="dau" class="lon">"#), "{html}");
            assert!(!html.contains("onmouseover"), "{html}");
            assert!(!html.contains("style"), "{html}");
        }
    }

    #[test]
    fn script_addresses_lose_their_link() {
        for md in [
            "[x](javascript:alert(1))",
            "<javascript:alert(1)>",
            "![a](javascript:alert(1))",
            "[x](data:text/html,<script>alert(1)</script>)",
            "[x](vbscript:msgbox)",
            "[x](JaVaScRiPt:alert(1))",
            "[x]( \tjava\tscript:alert(1))",
            "[x](java&#x09;script:alert(1))",
            "[x][r]\n\n[r]: javascript:alert(1)",
        ] {
            for raw in [false, true] {
                let html = render(md, raw).to_ascii_lowercase();
                assert!(
                    !html.contains("href") && !html.contains("src="),
                    "{md}: {html}"
                );
            }
        }
    }

    #[test]
    fn allowed_addresses_are_kept() {
        for (md, want) in [
            ("[a](https://x.vn/a)", "https://x.vn/a"),
            ("[a](/van-ban/)", "/van-ban/"),
            ("[a](#muc)", "#muc"),
            ("[a](tep.pdf)", "tep.pdf"),
            ("<mailto:a@x.vn>", "mailto:a@x.vn"),
            ("[a](tel:02053812345)", "tel:02053812345"),
        ] {
            assert!(render(md, false).contains(want), "{md}");
        }
    }

    #[test]
    fn raw_html_when_allowed_passes_the_allow_list() {
        let md = "<script>alert(1)</script><iframe src=x></iframe><object data=x></object>\
                  <embed src=x><svg onload=alert(1)><script>1</script></svg>\
                  <img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">a</a>\
                  <b>đậm</b>\n\n| a |\n|:-:|\n| b |\n\n- [x] xong\n";
        let html = render(md, true);
        for bad in [
            "<script",
            "<iframe",
            "<object",
            "<embed",
            "<svg",
            "onerror",
            "onload",
            "javascript:",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<b>đậm</b>"), "{html}");
        assert!(html.contains(r#"style="text-align:center""#), "{html}");
        assert!(html.contains(r#"type="checkbox""#), "{html}");
    }
}
