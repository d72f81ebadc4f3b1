//! Duties the plans name: how citizens send feedback, checks that catch the
//! office's real slips, words citizens expect.

use crate::support::*;

const TODAY: &str = "2026-04-20";

fn add_to_config(site: &TestSite, yaml: &str) {
    let text = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", text + yaml);
}

#[test]
fn every_feedback_page_says_how_to_send_feedback_without_a_form() {
    let site = TestSite::fixture("basic");
    add_to_config(
        &site,
        "feedback_channels:\n  national_url: \"https://dichvucong.gov.vn\"\n  address: \"Số 1 đường A, tỉnh B\"\n  phone: \"0205 3800 000\"\n  hotline: \"0205 3800 111\"\n  email: \"stp@example.gov.vn\"\n",
    );
    site.build_ok(TODAY);
    for page in [
        "phan-anh-kien-nghi/index.html",
        "phan-anh-kien-nghi/pakn-001/index.html",
    ] {
        let html = site.read(page);
        assert!(
            html.contains(r#"<h2 id="gui-pakn">Gửi phản ánh, kiến nghị</h2>"#),
            "{page}"
        );
        for part in [
            r#"<a href="https://dichvucong.gov.vn">"#,
            "Gửi văn bản đến: Số 1 đường A, tỉnh B",
            "Điện thoại: 0205 3800 000",
            "Đường dây nóng: 0205 3800 111",
            r#"<a href="mailto:stp@example.gov.vn">"#,
        ] {
            assert!(html.contains(part), "{page}: {part}");
        }
        assert!(
            !html.contains("<form") || !html.contains("method=\"post\""),
            "{page}: a form"
        );
        assert!(
            !html.contains("<textarea"),
            "{page}: no form pretends to submit anything"
        );
    }
}

#[test]
fn a_feedback_national_url_that_is_not_a_web_address_is_an_error() {
    let site = TestSite::fixture("basic");
    add_to_config(
        &site,
        "feedback_channels: { national_url: \"dichvucong\" }\n",
    );
    let out = site.build(TODAY, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("feedback_channels.national_url"));
}
