//! Building the fixture site: every kind becomes pages at the documented URLs.

use crate::support::*;

const TODAY: &str = "2026-04-20";

#[test]
fn can_build_every_content_kind_at_clean_urls() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    for page in [
        "index.html",
        "404.html",
        "tin-tuc/index.html",
        "tin-tuc/dang-ky-ho-tich-truc-tuyen/index.html",
        "tin-tuc/chuyen-muc/hoat-dong/index.html",
        "van-ban/index.html",
        "van-ban/15-hd-stp/index.html",
        "ke-hoach/index.html",
        "ke-hoach/ke-hoach-cchc/index.html",
        "ke-hoach/don-vi/index.html",
        "ke-hoach/don-vi/van-phong-so/index.html",
        "thu-tuc-hanh-chinh/index.html",
        "thu-tuc-hanh-chinh/nhap-quoc-tich/index.html",
        "thu-tuc-hanh-chinh/linh-vuc/quoc-tich/index.html",
        "thu-tuc-hanh-chinh/muc-do/mot-phan/index.html",
        "phan-anh-kien-nghi/index.html",
        "phan-anh-kien-nghi/pakn-001/index.html",
        "gioi-thieu/index.html",
        "theo-doi/index.html",
        "assets/style.css",
    ] {
        assert!(site.exists(page), "missing {page}");
    }
}

#[test]
fn vietnamese_file_names_fold_to_ascii_slugs() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    // "Đăng ký hộ tịch trực tuyến.md" and `slug: "Tin tháng 2"`.
    assert!(site.exists("tin-tuc/dang-ky-ho-tich-truc-tuyen/index.html"));
    assert!(site.exists("tin-tuc/tin-thang-2/index.html"));
}

#[test]
fn pages_are_vietnamese_with_dates_dd_mm_yyyy() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let html = site.read("tin-tuc/dang-ky-ho-tich-truc-tuyen/index.html");
    assert!(html.contains(r#"<html lang="vi">"#));
    assert!(
        html.contains(r#"<time datetime="2026-03-31T23:30:00+07:00">31/03/2026</time>"#),
        "{html}"
    );
    assert!(html.contains(r#"<link rel="canonical" href="https://stp.example.gov.vn/tin-tuc/dang-ky-ho-tich-truc-tuyen/">"#));
    assert!(html.contains(r#"<h2 id="cac-buoc">Các bước</h2>"#));
    assert_eq!(html.matches("<h1").count(), 1);
}

#[test]
fn drafts_and_scheduled_posts_are_not_published() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    assert!(!site.exists("tin-tuc/nhap/index.html"), "draft published");
    assert!(
        !site.exists("tin-tuc/hen-gio/index.html"),
        "scheduled post published"
    );
    assert!(!site.read("tin-tuc/index.html").contains("Bài hẹn giờ đăng"));
}

#[test]
fn drafts_flag_publishes_drafts_but_not_scheduled_posts() {
    let site = TestSite::fixture("basic");
    let out = site.build(TODAY, &["--drafts"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(site.exists("tin-tuc/nhap/index.html"));
    assert!(!site.exists("tin-tuc/hen-gio/index.html"));
}

#[test]
fn scheduled_post_appears_once_its_day_comes() {
    let site = TestSite::fixture("basic");
    site.build_ok("2026-05-02");
    assert!(site.exists("tin-tuc/hen-gio/index.html"));
}

#[test]
fn plan_page_shows_tasks_and_indicators_as_tables() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let html = site.read("ke-hoach/ke-hoach-cchc/index.html");
    assert!(
        html.contains("<caption>2 nhiệm vụ của kế hoạch</caption>"),
        "{html}"
    );
    assert!(html.contains(
        r#"<td><a href="/ke-hoach/don-vi/phong-nghiep-vu-i/">Phòng Nghiệp vụ I</a></td>"#
    ));
    assert!(html.contains("<td>Phòng Nghiệp vụ I; Phòng Nghiệp vụ II</td>"));
    assert!(html.contains("<td>30/04/2026</td>"));
    assert!(html.contains("<td>Thường xuyên</td>"));
    assert!(
        html.contains("<td>Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn</td><td>%</td><td>100%</td>")
    );
}

#[test]
fn unit_page_lists_tasks_by_deadline() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let html = site.read("ke-hoach/don-vi/van-phong-so/index.html");
    assert!(html.contains("Tổng hợp danh mục TTHC"));
    assert!(!html.contains("Rà soát văn bản quy phạm pháp luật"));
}

#[test]
fn procedure_page_has_every_component_and_links_its_feedback() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let html = site.read("thu-tuc-hanh-chinh/nhap-quoc-tich/index.html");
    for part in [
        "1.013837",
        "Quốc tịch",
        "Trình tự thực hiện",
        "Thành phần hồ sơ",
        "Căn cứ pháp lý",
        "3.000.000 đồng",
        "20 ngày làm việc",
        "15 ngày làm việc",
        "Dịch vụ công trực tuyến một phần",
        "Không phụ thuộc địa giới hành chính",
        "Người nước ngoài, người không quốc tịch",
    ] {
        assert!(html.contains(part), "missing {part}");
    }
    assert!(
        html.contains(r#"href="/phan-anh-kien-nghi/pakn-001/""#),
        "feedback not linked from its procedure"
    );
    let feedback = site.read("phan-anh-kien-nghi/pakn-001/index.html");
    assert!(
        feedback.contains(r#"href="/thu-tuc-hanh-chinh/nhap-quoc-tich/""#),
        "procedure not linked from its feedback"
    );
}

#[test]
fn feedback_shows_initials_and_never_personal_data() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let html = site.read("phan-anh-kien-nghi/pakn-001/index.html");
    assert!(html.contains("N.V.A., Phường Đông Kinh"));
    for file in snapshot_tree(&site.root().join("public")) {
        let text = String::from_utf8_lossy(&file.1);
        for secret in [
            "Nguyễn Văn An",
            "0912345678",
            "an@example.com",
            "001234567890",
        ] {
            assert!(
                !text.contains(secret),
                "{secret} leaked into {}",
                file.0.display()
            );
        }
    }
}

#[test]
fn citizen_text_is_sanitised() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let html = site.read("phan-anh-kien-nghi/pakn-001/index.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains("<strong>20 ngày</strong>"),
        "answer Markdown not rendered"
    );
}

#[test]
fn unanswered_feedback_is_not_published() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    assert!(!site.exists("phan-anh-kien-nghi/pakn-002/index.html"));
}

#[test]
fn attachments_are_copied_and_linked() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    assert!(site.exists("van-ban/15-hd-stp/huong-dan.pdf"));
    assert!(site
        .read("van-ban/15-hd-stp/index.html")
        .contains(r#"href="/van-ban/15-hd-stp/huong-dan.pdf""#));
}

#[test]
fn pagination_splits_long_lists() {
    let site = TestSite::fixture("basic");
    site.write(
        "site.yaml",
        std::fs::read_to_string(site.root().join("site.yaml")).unwrap() + "paginate_by: 1\n",
    );
    site.build_ok(TODAY);
    assert!(site.exists("tin-tuc/trang/3/index.html"));
    assert!(!site.exists("tin-tuc/trang/4/index.html"));
    let page2 = site.read("tin-tuc/trang/2/index.html");
    assert!(page2.contains(r#"rel="prev""#) && page2.contains(r#"rel="next""#));
}

#[test]
fn every_internal_link_resolves() {
    let site = TestSite::fixture("basic");
    let out = site.build_ok(TODAY);
    let err = stderr(&out);
    assert!(!err.contains("which the site does not have"), "{err}");
}

#[test]
fn builds_with_a_summary_line() {
    let site = TestSite::fixture("basic");
    let out = site.build_ok(TODAY);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.starts_with("built "), "{stdout}");
    assert!(stdout.contains("today = 2026-04-20"));
}

#[test]
fn help_is_available_for_build() {
    let out = congkhai().args(["build", "--help"]).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--today") && text.contains("--drafts") && text.contains("--output"));
}

#[test]
fn rebuild_keeps_unchanged_files_and_their_timestamps() {
    use std::os::unix::fs::MetadataExt;
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let meta = |rel: &str| std::fs::metadata(site.public(rel)).unwrap();
    let (same, edited) = (
        "tin-tuc/utc-offset/index.html",
        "tin-tuc/tin-thang-2/index.html",
    );
    let before = (meta(same), meta(edited));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let path = site.root().join("content/news/thang-hai.md");
    let text = std::fs::read_to_string(&path).unwrap();
    site.write("content/news/thang-hai.md", text + "\nMột đoạn mới.\n");
    site.build_ok(TODAY);
    let after = (meta(same), meta(edited));
    assert_eq!(
        after.0.ino(),
        before.0.ino(),
        "an unchanged page is the same file"
    );
    assert_eq!(after.0.modified().unwrap(), before.0.modified().unwrap());
    assert_ne!(
        after.1.ino(),
        before.1.ino(),
        "an edited page is written anew"
    );
    assert!(site.read(edited).contains("Một đoạn mới."));
    let leftovers = std::fs::read_dir(site.root()).unwrap().flatten();
    let names: Vec<String> = leftovers
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("congkhai-"))
        .collect();
    assert!(names.is_empty(), "no staging folders left: {names:?}");
}

#[test]
fn menu_marks_the_section_of_the_page() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let current = |rel: &str| -> Vec<String> {
        let html = site.read(rel);
        let menu = html
            .split(r#"<nav class="menu""#)
            .nth(1)
            .and_then(|m| m.split("</nav>").next())
            .unwrap_or_else(|| panic!("{rel} has a menu"))
            .to_string();
        menu.split("<li>")
            .filter(|item| item.contains(r#"aria-current="page""#))
            .map(|item| item.split('>').nth(1).unwrap_or("").replace("</a", ""))
            .collect()
    };
    assert_eq!(current("index.html"), vec!["Trang chủ"]);
    assert_eq!(current("tin-tuc/tin-thang-2/index.html"), vec!["Tin tức"]);
    assert_eq!(current("tin-tuc/index.html"), vec!["Tin tức"]);
    assert_eq!(current("ke-hoach/index.html"), vec!["Kế hoạch"]);
    assert_eq!(
        current("thu-tuc-hanh-chinh/index.html"),
        vec!["Thủ tục hành chính"]
    );
    assert_eq!(
        current("gioi-thieu/index.html").len(),
        1,
        "a page marks its own entry"
    );
    assert!(current("404.html").is_empty());
}

#[test]
fn rebuild_never_writes_into_the_previous_output() {
    // The generated robots.txt is linked from the previous output; the
    // site's own static/robots.txt then replaces it in the new output.
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let generated = site.read("robots.txt");
    let kept = site.root().join("kept-robots.txt");
    std::fs::hard_link(site.public("robots.txt"), &kept).unwrap();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    site.build_ok(TODAY);
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
    assert_eq!(
        std::fs::read_to_string(&kept).unwrap(),
        generated,
        "the previous output's file was changed in place"
    );
}
