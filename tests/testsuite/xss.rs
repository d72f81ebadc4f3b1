//! A corpus of known XSS filter evasions (`tests/fixtures/xss/payloads.txt`)
//! put into every staff and citizen field of a site, built with raw HTML
//! refused and allowed: no output file (page, feed, search shard, data file)
//! may carry anything that runs script.

use crate::scan::*;
use crate::support::*;

fn payloads() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/xss/payloads.txt"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("# ") || l.starts_with("# Tiêu đề"))
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.replace("\\n", "\n").replace("\\x01", "\u{1}"))
        .collect()
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A site whose every Markdown body and text field holds the corpus.
fn hostile_site(allow_raw_html: bool) -> TestSite {
    let site = TestSite::fixture("basic");
    let all = payloads();
    assert!(all.len() >= 100, "the corpus has {} payloads", all.len());
    let body = all.join("\n\n");
    if allow_raw_html {
        let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        site.write("site.yaml", format!("{config}allow_raw_html: true\n"));
    }
    for (i, p) in all.iter().enumerate() {
        let line = p.replace('\n', " ");
        site.write(
            &format!("content/news/xss-{i}.md"),
            format!(
                "---\ntitle: {}\ndate: 2026-03-{:02} 08:00\ncategory: hoat-dong\nsummary: {}\ntags: [{}]\n---\n{p}\n",
                q(&format!("Tin {i} {line}")),
                1 + i % 28,
                q(&line),
                q(&format!("thẻ {i} {line}")),
            ),
        );
        site.write(
            &format!("content/feedback/xss-{i}.yaml"),
            format!(
                "code: XSS-{i}\nreceived: 2026-03-01\nsubject: {}\ncontent: {}\nunit: {}\nanswer: {}\nanswered: 2026-03-02\nsender:\n  commune: {}\n",
                q(&line), q(p), q(&line), q(p), q(&line)
            ),
        );
    }
    site.write(
        "content/pages/xss.md",
        format!(
            "---\ntitle: {}\nmenu: true\n---\n{body}\n",
            q("Trang <script>alert(1)</script>")
        ),
    );
    site.write(
        "content/documents/xss.md",
        format!(
            "---\nnumber: \"99/HD-STP\"\ntitle: {}\ndate: 2026-01-20\nkind: Hướng dẫn\nissuer: {}\n---\n{body}\n",
            q("Hướng dẫn <img src=x onerror=alert(1)>"),
            q("Sở <svg onload=alert(1)>")
        ),
    );
    site.write(
        "content/plans/xss.md",
        format!(
            "---\nnumber: \"98/KH-STP\"\ntitle: {}\ndate: 2026-01-21\nissuer: Sở Tư pháp\ntasks:\n  - title: {}\n    lead: {}\n    deadline: 2026-05-01\n---\n{body}\n",
            q("Kế hoạch <a href=javascript:alert(1)>x</a>"),
            q("[x](javascript:alert(1)) <b onclick=alert(1)>b</b>"),
            q("Phòng <script>alert(1)</script>")
        ),
    );
    site
}

fn built(allow_raw_html: bool) -> TestSite {
    let site = hostile_site(allow_raw_html);
    site.build_ok("2026-04-20");
    site
}

#[test]
fn no_output_file_carries_script_with_raw_html_refused() {
    let site = built(false);
    assert_no_script(&site.root().join("public"));
    // The text is still there for the reader, as text.
    let page = site.read("gioi-thieu/index.html");
    assert!(page.contains("Giới thiệu"));
}

#[test]
fn no_output_file_carries_script_with_raw_html_allowed() {
    let site = built(true);
    assert_no_script(&site.root().join("public"));
    // Allowed, harmless raw HTML is kept.
    let site2 = hostile_site(true);
    site2.write(
        "content/pages/ok.md",
        "---\ntitle: Ok\n---\n<b>đậm</b> <a href=\"/van-ban/\">văn bản</a>\n",
    );
    site2.build_ok("2026-04-20");
    let page = site2.read("ok/index.html");
    assert!(page.contains("<b>đậm</b>"), "{page}");
}

#[test]
fn heading_attributes_other_than_id_and_class_are_dropped() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/pages/h.md",
        "---\ntitle: H\n---\n# Tiêu đề {#dau .lon onmouseover=alert(1) style=position:fixed;inset:0}\n",
    );
    site.build_ok("2026-04-20");
    let page = site.read("h/index.html");
    assert!(
        page.contains(r#"<h1 id="dau" class="lon">Tiêu đề</h1>"#),
        "{page}"
    );
    assert!(scan_html(&page).is_empty(), "{:?}", scan_html(&page));
}
