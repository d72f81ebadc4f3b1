//! Scans every file of a built site for anything that could run script, the
//! way a browser or a feed reader would read it: HTML is parsed by a real
//! HTML5 parser (html5ever, through `scraper`), the HTML inside feeds is
//! unescaped and parsed the same way, JSON may hold no markup at all, and
//! CSV cells may not start a spreadsheet formula.

use std::path::Path;

use scraper::{Html, Node};

/// Elements no content may bring into a page (the theme's own are told apart
/// by [`ours`]).
const BANNED: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "style",
    "base", "template", "marquee", "video", "audio", "source", "image", "xss",
];

/// Attributes whose value a browser loads or follows.
const URL_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "cite",
    "ping",
];

/// One thing found that could run script, with where it was.
pub fn findings(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let name = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // binary attachments
        };
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let problems = match ext {
            "html" | "htm" => scan_html(&text),
            "xml" => scan_feed(&text),
            "json" => scan_json(&text),
            "csv" => scan_csv(&text),
            "svg" if !name.starts_with("assets/") => vec!["an SVG file".into()],
            _ => Vec::new(),
        };
        found.extend(problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    found
}

/// Fails the test with every finding under `dir`.
pub fn assert_no_script(dir: &Path) {
    let found = findings(dir);
    assert!(
        found.is_empty(),
        "{} findings:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Script the browser would run in this HTML (a page or a fragment).
pub fn scan_html(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut found = Vec::new();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        let tag = el.name();
        let attr = |n: &str| el.attr(n).unwrap_or("");
        if BANNED.contains(&tag) && !ours(tag, el) {
            found.push(format!("<{tag}>"));
        }
        if tag == "meta" && attr("http-equiv").eq_ignore_ascii_case("refresh") {
            found.push("<meta http-equiv=refresh>".into());
        }
        for (name, value) in el.attrs() {
            let lower = name.to_ascii_lowercase();
            if lower.starts_with("on") {
                found.push(format!("<{tag} {name}=...>"));
            }
            if lower == "srcdoc" {
                found.push(format!("<{tag} srcdoc>"));
            }
            if lower == "style" && !value.split(';').all(allowed_style) {
                found.push(format!("<{tag} style=\"{value}\">"));
            }
            if URL_ATTRS.contains(&lower.as_str()) && value.split(',').any(dangerous_url) {
                found.push(format!("<{tag} {name}=\"{value}\">"));
            }
        }
    }
    found
}

/// The HTML a feed reader renders: Atom `content`/`summary` of type html
/// and RSS `description`, unescaped, and the feed itself parsed as markup.
fn scan_feed(xml: &str) -> Vec<String> {
    let mut found = scan_html(xml);
    for (open, close) in [
        ("<content type=\"html\">", "</content>"),
        ("<summary type=\"html\">", "</summary>"),
        ("<description>", "</description>"),
    ] {
        for piece in xml.split(open).skip(1) {
            let inner = piece.split(close).next().unwrap_or("");
            found.extend(scan_html(&unescape(inner)));
        }
    }
    found
}

/// Published JSON holds no `<` at all (written as `\u003c`), so no string in
/// it can be markup wherever a script puts it.
fn scan_json(json: &str) -> Vec<String> {
    let mut found = Vec::new();
    if json.contains('<') {
        found.push("a `<` in JSON".into());
    }
    if serde_json::from_str::<serde_json::Value>(json).is_err() {
        found.push("invalid JSON".into());
    }
    found
}

/// No cell starts a formula (`=HYPERLINK(...)`) for the spreadsheet.
fn scan_csv(text: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let mut found = Vec::new();
    for record in reader.records() {
        let Ok(record) = record else {
            found.push("unreadable CSV".into());
            break;
        };
        for cell in record.iter() {
            if cell.starts_with(['=', '+', '@'])
                || (cell.starts_with('-') && cell.parse::<f64>().is_err())
            {
                found.push(format!("formula cell `{cell}`"));
            }
        }
    }
    found
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// The theme's own scripts and chart.
fn ours(tag: &str, el: &scraper::node::Element) -> bool {
    let attr = |n: &str| el.attr(n);
    match tag {
        "script" => {
            let json_ld = attr("type") == Some("application/ld+json") && attr("src").is_none();
            let own_src = attr("src")
                .is_some_and(|s| s.starts_with("/assets/") || s == "/__congkhai/livereload.js");
            json_ld || own_src
        }
        "svg" => attr("class") == Some("chart"),
        _ => false,
    }
}

fn allowed_style(declaration: &str) -> bool {
    let d = declaration.trim();
    d.is_empty() || d.starts_with("text-align:") || d.starts_with("text-align :")
}

/// Whether a URL attribute's value uses a scheme other than http, https,
/// mailto and tel, read as a browser reads it (spaces, tabs, newlines and
/// control characters ignored).
pub fn dangerous_url(value: &str) -> bool {
    let v: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    // A scheme is a letter then letters, digits, `+`, `-` or `.` before `:`
    // (WHATWG URL); anything else is a relative address.
    let Some((scheme, _)) = v.split_once(':') else {
        return false;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    is_scheme && !["http", "https", "mailto", "tel"].contains(&scheme)
}

/// True when `html` has an element with an `on...` event handler attribute.
pub fn has_event_handler(html: &str) -> bool {
    scan_html(html).iter().any(|f| f.contains(" on"))
}

#[test]
fn the_scanner_bites() {
    for bad in [
        "<img src=x onerror=alert(1)>",
        "<svg/onload=alert(1)>",
        "<a href=\"java\tscript:alert(1)\">x</a>",
        "<a href=\" data:text/html,x\">x</a>",
        "<iframe src=/x></iframe>",
        "<p style=\"position:fixed\">x</p>",
        "<script>alert(1)</script>",
    ] {
        assert!(!scan_html(bad).is_empty(), "{bad}");
    }
    for good in [
        "<p>online=yes</p><a href=\"/on\">x</a>",
        "<meta content=\"&lt;img onerror=alert(1)&gt;\">",
        "<a href=\"https://x.vn/a:b\">x</a><a href=\"tep-1.pdf\">",
        "<td style=\"text-align:center\">x</td>",
        "<script type=\"application/ld+json\">{}</script>",
    ] {
        assert!(scan_html(good).is_empty(), "{good}: {:?}", scan_html(good));
    }
    assert!(!scan_feed("<description>&lt;img src=x onerror=alert(1)&gt;</description>").is_empty());
    assert!(!scan_json("{\"a\":\"<b>\"}").is_empty());
    assert!(!scan_csv("a,=HYPERLINK(\"x\")\r\n").is_empty());
    assert!(scan_csv("a,-5\r\n").is_empty());
}
