//! Untrusted citizen text: XSS payloads never survive into any output file,
//! and personal data is refused unless marked public.

use crate::scan::*;
use crate::support::*;

const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "[bấm vào](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[x](JaVaScRiPt:alert(1))",
    "![x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<object data=\"x.swf\"></object><embed src=x>",
    "<b onmouseover=alert(1)>hover</b>",
    "<scr<script>ipt>alert(1)</script>",
    "\"><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<a href=\"&#106;avascript:alert(1)\">x</a>",
    "[x](&#106;avascript:alert(1))",
];

#[test]
fn xss_payloads_in_feedback_never_reach_the_output() {
    let site = TestSite::fixture("basic");
    for (i, payload) in PAYLOADS.iter().enumerate() {
        let quoted = serde_json::to_string(payload).unwrap();
        site.write(
            &format!("content/feedback/xss-{i}.yaml"),
            format!("code: XSS-{i}\nreceived: 2026-03-01\nsubject: {quoted}\ncontent: {quoted}\nunit: U\nanswer: {quoted}\nanswered: 2026-03-02\nsender:\n  commune: {quoted}\n"),
        );
    }
    site.build_ok("2026-04-20");
    assert_no_script(&site.root().join("public"));
    // The payloads are still visible, as text, to the reader.
    let page = site.read("phan-anh-kien-nghi/xss-0/index.html");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
}

#[test]
fn event_handler_detector_bites() {
    assert!(has_event_handler("<img src=x onerror=alert(1)>"));
    assert!(has_event_handler("<svg/onload=alert(1)>"));
    assert!(!has_event_handler("<p>online=yes</p><a href=\"/on\">x</a>"));
    assert!(!has_event_handler(
        "<meta content=\"&lt;img onerror=alert(1)&gt;\">"
    ));
}

fn feedback_with(site: &TestSite, field: &str, text: &str, extra: &str) {
    let mut fields = vec![
        ("subject", "S".to_string()),
        ("content", "C".to_string()),
        ("answer", "A".to_string()),
    ];
    for f in &mut fields {
        if f.0 == field {
            f.1 = text.to_string();
        }
    }
    let body: String = fields
        .iter()
        .map(|(k, v)| format!("{k}: {}\n", serde_json::to_string(v).unwrap()))
        .collect();
    site.write(
        "content/feedback/pii.yaml",
        format!("code: PII\nreceived: 2026-03-01\nunit: U\nanswered: 2026-03-02\n{body}{extra}"),
    );
}

#[test]
fn errors_on_personal_data_in_published_feedback() {
    for (field, text, what) in [
        (
            "content",
            "Gọi cho tôi: 0912 345 678",
            "số điện thoại (0912 345 678)",
        ),
        (
            "subject",
            "Email an.nguyen@gmail.com",
            "địa chỉ thư điện tử (an.nguyen@gmail.com)",
        ),
        (
            "answer",
            "Số CCCD 001234567890 đã xác minh",
            "số định danh cá nhân (căn cước) (001234567890)",
        ),
    ] {
        let site = TestSite::fixture("basic");
        feedback_with(&site, field, text, "");
        let out = site.build("2026-04-20", &[]);
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(
            err.contains("content/feedback/pii.yaml:") && err.contains(what),
            "{err}"
        );
        assert!(err.contains("Liên hệ chính thức được đăng"), "{err}");
    }
}

#[test]
fn official_contacts_marked_public_are_published() {
    let site = TestSite::fixture("basic");
    feedback_with(
        &site,
        "answer",
        "Liên hệ đường dây nóng 0205 3812 345 hoặc stp@langson.gov.vn",
        "public_contacts: [\"0205.3812.345\", \"STP@langson.gov.vn\"]\n",
    );
    site.build_ok("2026-04-20");
    assert!(site
        .read("phan-anh-kien-nghi/pii/index.html")
        .contains("0205 3812 345"));
}

#[test]
fn a_base_url_that_would_break_the_feeds_is_refused() {
    for bad in [
        "https://x.vn/\"><script>",
        "https://x.vn/?a=1&b=2",
        "https://x.vn/a b",
    ] {
        let site = TestSite::fixture("basic");
        let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
        let config = config.replace(
            "base_url: \"https://stp.example.gov.vn/\"",
            &format!("base_url: {}", serde_json::to_string(bad).unwrap()),
        );
        site.write("site.yaml", config);
        let out = site.build("2026-04-20", &[]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        let err = stderr(&out);
        assert!(
            err.contains("site.yaml") && err.contains("base_url"),
            "{err}"
        );
    }
}

#[test]
fn control_characters_never_reach_a_page() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/news/dieu-khien.md",
        "---\ntitle: \"Tiêu đề\\u0000 có\\u001b ký tự\\u0007 lạ\"\ndate: 2026-03-01 08:00\ncategory: hoat-dong\nsummary: \"Tóm\\u000c tắt\"\n---\nThân\u{1} bài\u{0} có\u{7f} ký tự lạ.\n",
    );
    site.build_ok("2026-04-20");
    for (path, bytes) in snapshot_tree(&site.root().join("public")) {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ["html", "xml", "csv", "txt"].contains(&ext) {
            let bad = bytes
                .iter()
                .any(|&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f);
            assert!(!bad, "a control character in {}", path.display());
        }
    }
    assert!(site
        .read("tin-tuc/dieu-khien/index.html")
        .contains("Tiêu đề có ký tự lạ"));
}

#[test]
fn dates_outside_1900_to_2100_are_refused() {
    for date in ["0001-01-01 08:00", "9999-12-31"] {
        let site = TestSite::fixture("basic");
        site.write(
            "content/news/xa.md",
            format!("---\ntitle: \"Xa\"\ndate: {date}\ncategory: hoat-dong\n---\nX.\n"),
        );
        let out = site.build("2026-04-20", &[]);
        assert_eq!(out.status.code(), Some(1), "{date}");
        let err = stderr(&out);
        assert!(
            err.contains("content/news/xa.md:3") && err.contains("1900"),
            "{err}"
        );
    }
}
