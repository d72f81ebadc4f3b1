//! Feeds, sitemap, robots.txt, open data, structured data and taxonomies.

use crate::support::*;

const TODAY: &str = "2026-04-20";

fn built() -> TestSite {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    site
}

#[test]
fn atom_feeds_parse_with_absolute_urls() {
    let site = built();
    for feed in [
        "atom.xml",
        "tin-tuc/atom.xml",
        "van-ban/atom.xml",
        "ke-hoach/atom.xml",
        "phan-anh-kien-nghi/atom.xml",
    ] {
        let parsed = feed_rs::parser::parse(site.read(feed).as_bytes())
            .unwrap_or_else(|e| panic!("{feed}: {e}"));
        assert!(!parsed.entries.is_empty(), "{feed} has no entries");
        for e in &parsed.entries {
            let link = &e.links[0].href;
            assert!(
                link.starts_with("https://stp.example.gov.vn/"),
                "{feed}: {link}"
            );
            assert!(e.updated.is_some() && e.title.is_some());
        }
    }
    let news = feed_rs::parser::parse(site.read("tin-tuc/atom.xml").as_bytes()).unwrap();
    assert_eq!(
        news.entries.len(),
        3,
        "drafts and scheduled posts are not in the feed"
    );
    assert_eq!(
        news.entries[0].title.as_ref().unwrap().content,
        "Bài viết giờ UTC"
    );
}

#[test]
fn rss_feeds_parse_as_rss_2_with_the_same_entries_as_atom() {
    let site = built();
    for section in [
        "",
        "tin-tuc/",
        "van-ban/",
        "ke-hoach/",
        "phan-anh-kien-nghi/",
    ] {
        let rss = feed_rs::parser::parse(site.read(&format!("{section}rss.xml")).as_bytes())
            .unwrap_or_else(|e| panic!("{section}rss.xml: {e}"));
        assert_eq!(rss.feed_type, feed_rs::model::FeedType::RSS2, "{section}");
        let atom =
            feed_rs::parser::parse(site.read(&format!("{section}atom.xml")).as_bytes()).unwrap();
        let links = |f: &feed_rs::model::Feed| -> Vec<String> {
            f.entries.iter().map(|e| e.links[0].href.clone()).collect()
        };
        assert_eq!(links(&rss), links(&atom), "{section}rss.xml");
        for e in &rss.entries {
            assert!(e.published.is_some() && e.title.is_some(), "{section}");
            assert!(e.links[0].href.starts_with("https://stp.example.gov.vn/"));
        }
        assert_eq!(rss.language.as_deref(), Some("vi"));
    }
    let home = site.read("index.html");
    assert!(home.contains(r#"<link rel="alternate" type="application/rss+xml""#));
    assert!(home.contains(r#"<a href="/rss.xml">Nguồn tin RSS</a>"#));
}

#[test]
fn feedback_feeds_are_sanitised_and_have_no_personal_data() {
    let site = built();
    for feed in ["phan-anh-kien-nghi/atom.xml", "phan-anh-kien-nghi/rss.xml"] {
        let xml = site.read(feed);
        assert!(
            !xml.contains("<script") && !xml.contains("&lt;script"),
            "{xml}"
        );
        assert!(!xml.contains("0912345678") && !xml.contains("Nguyễn Văn An"));
        let parsed = feed_rs::parser::parse(xml.as_bytes()).unwrap();
        assert_eq!(parsed.entries.len(), 1);
    }
}

#[test]
fn sitemap_lists_pages_and_robots_points_to_it() {
    let site = built();
    let xml = site.read("sitemap.xml");
    assert!(
        xml.contains("<loc>https://stp.example.gov.vn/thu-tuc-hanh-chinh/nhap-quoc-tich/</loc>")
    );
    assert!(xml.contains("<loc>https://stp.example.gov.vn/</loc>"));
    assert!(!xml.contains("404"));
    assert!(site
        .read("robots.txt")
        .contains("Sitemap: https://stp.example.gov.vn/sitemap.xml"));
}

#[test]
fn site_static_robots_overrides_the_generated_one() {
    let site = TestSite::fixture("basic");
    site.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    site.build_ok(TODAY);
    assert_eq!(site.read("robots.txt"), "User-agent: *\nDisallow: /\n");
}

#[test]
fn procedures_round_trip_through_json_and_csv() {
    let site = built();
    let json: serde_json::Value = serde_json::from_str(&site.read("du-lieu/thu-tuc.json")).unwrap();
    let p = &json[0];
    assert_eq!(p["code"], "1.013837");
    assert_eq!(p["fee"], "3.000.000 đồng");
    assert_eq!(p["online"], "partial");
    assert_eq!(p["documents"][0], "Đơn xin nhập quốc tịch Việt Nam");
    assert_eq!(
        p["url"],
        "https://stp.example.gov.vn/thu-tuc-hanh-chinh/nhap-quoc-tich/"
    );
    let csv = site.read("du-lieu/thu-tuc.csv");
    assert!(csv.starts_with('\u{feff}'), "CSV needs a BOM for Excel");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(lines[0].starts_with("code,name,field,level,agency,statutory_days"));
    assert!(lines[1].starts_with("1.013837,Thủ tục nhập quốc tịch Việt Nam,Quốc tịch,tinh,Sở Tư pháp,20,15,3.000.000 đồng,partial,true,"), "{}", lines[1]);
}

#[test]
fn feedback_data_has_no_sender_and_no_markup() {
    let site = built();
    for file in [
        "du-lieu/phan-anh-kien-nghi.json",
        "du-lieu/phan-anh-kien-nghi.csv",
    ] {
        let text = site.read(file);
        for secret in [
            "Nguyễn Văn An",
            "0912345678",
            "an@example.com",
            "001234567890",
            "sender",
        ] {
            assert!(!text.contains(secret), "{secret} in {file}");
        }
        assert!(!text.contains('<'), "markup in {file}");
    }
    let json: serde_json::Value =
        serde_json::from_str(&site.read("du-lieu/phan-anh-kien-nghi.json")).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1, "only answered feedback");
    assert_eq!(json[0]["answer"], "Thời hạn là 20 ngày làm việc.");
    assert_eq!(json[0]["on_time"], true);
}

#[test]
fn plans_and_tracker_data_are_published() {
    let site = built();
    let plans: serde_json::Value =
        serde_json::from_str(&site.read("du-lieu/ke-hoach.json")).unwrap();
    assert_eq!(plans[0]["tasks"][1]["lead"], "Văn phòng Sở");
    assert!(site.read("du-lieu/ke-hoach-nhiem-vu.csv").contains("25/KH-STP,Kế hoạch cải cách hành chính năm 2026,2026-02-03,2,Tổng hợp danh mục TTHC,Văn phòng Sở,Phòng Nghiệp vụ I | Phòng Nghiệp vụ II,30/04/2026,2026-04-30,"));
    assert!(site
        .read("du-lieu/ke-hoach-chi-tieu.csv")
        .contains("Tỷ lệ xử lý phản ánh"));
    let tracker: serde_json::Value =
        serde_json::from_str(&site.read("du-lieu/theo-doi.json")).unwrap();
    assert_eq!(tracker["today"], TODAY);
    assert!(
        site.read("du-lieu/index.html")
            .contains("<code>legal_basis</code>"),
        "columns documented"
    );
}

fn jsonld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD present")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn structured_data_parses() {
    let site = built();
    let p = jsonld(&site.read("thu-tuc-hanh-chinh/nhap-quoc-tich/index.html"));
    assert_eq!(p["@type"], "GovernmentService");
    assert_eq!(p["provider"]["name"], "Sở Tư pháp");
    assert_eq!(p["offers"]["description"], "3.000.000 đồng");
    assert_eq!(
        p["audience"]["audienceType"],
        "Người nước ngoài, người không quốc tịch"
    );
    let n = jsonld(&site.read("tin-tuc/utc-offset/index.html"));
    assert_eq!(n["@type"], "NewsArticle");
    assert_eq!(n["datePublished"], "2026-04-01T00:30:00+07:00");
    let home = jsonld(&site.read("index.html"));
    assert_eq!(home["@type"], "GovernmentOrganization");
}

#[test]
fn pages_carry_opengraph_and_canonical_tags() {
    let site = built();
    let html = site.read("tin-tuc/utc-offset/index.html");
    assert!(html.contains(r#"<meta property="og:type" content="article">"#));
    assert!(html.contains(
        r#"<meta property="og:url" content="https://stp.example.gov.vn/tin-tuc/utc-offset/">"#
    ));
    assert!(html.contains(
        r#"<link rel="canonical" href="https://stp.example.gov.vn/tin-tuc/utc-offset/">"#
    ));
}

#[test]
fn tag_and_year_pages_list_their_posts() {
    let site = built();
    assert!(site
        .read("tin-tuc/the/ho-tich/index.html")
        .contains("Đăng ký hộ tịch trực tuyến: hướng dẫn mới"));
    assert!(site
        .read("tin-tuc/the/index.html")
        .contains(r#"href="/tin-tuc/the/truc-tuyen/""#));
    // A year lists its months; each month lists its posts, by the date in
    // the site's time zone (17:30 UTC on 31 March is 1 April in Vietnam).
    let year = site.read("tin-tuc/nam/2026/index.html");
    assert!(year.contains(r#"<a href="/tin-tuc/nam/2026/thang-2/">Tháng 2/2026</a>"#));
    assert!(year.contains(r#"<a href="/tin-tuc/nam/2026/thang-4/">Tháng 4/2026</a>"#));
    assert!(
        !year.contains("Tin tháng Hai"),
        "a year page lists months, not posts"
    );
    assert!(site
        .read("tin-tuc/nam/2026/thang-2/index.html")
        .contains("Tin tháng Hai"));
    let april = site.read("tin-tuc/nam/2026/thang-4/index.html");
    assert!(april.contains("Bài viết giờ UTC") && april.contains("<h1>Tin tức tháng 4/2026</h1>"));
    assert!(
        !site.exists("tin-tuc/nam/2026/thang-3/index.html")
            || !site
                .read("tin-tuc/nam/2026/thang-3/index.html")
                .contains("Bài viết giờ UTC")
    );
    assert!(site
        .read("van-ban/nam/2026/index.html")
        .contains("15/HD-STP"));
    assert!(site
        .read("tin-tuc/dang-ky-ho-tich-truc-tuyen/index.html")
        .contains(r#"<a href="/tin-tuc/the/ho-tich/">hộ tịch</a>"#));
}

#[test]
fn a_post_shows_its_category_neighbours_and_a_new_post_changes_only_theirs() {
    let site = TestSite::fixture("basic");
    // Older than every other post of the category: 1 is its oldest.
    for i in 1..=10 {
        site.write(
            &format!("content/news/lang-gieng-{i:02}.md"),
            format!("---\ntitle: Tin láng giềng {i:02}\ndate: 2020-01-{:02}\ncategory: chi-dao-dieu-hanh\n---\nNội dung.\n", i * 2),
        );
    }
    let page =
        |site: &TestSite, i: u32| site.read(&format!("tin-tuc/lang-gieng-{i:02}/index.html"));
    let boxed = |html: &str| {
        let start = html
            .find(r#"id="lien-quan""#)
            .expect("the box beside the post");
        (1..=10)
            .filter(|i| html[start..].contains(&format!("Tin láng giềng {i:02}<")))
            .collect::<Vec<u32>>()
    };
    site.build_ok(TODAY);
    // The two newer and the two older beside it; at the end, the four nearest.
    assert_eq!(boxed(&page(&site, 5)), vec![3, 4, 6, 7]);
    assert_eq!(boxed(&page(&site, 1)), vec![2, 3, 4, 5]);
    let before: Vec<String> = (1..=10).map(|i| page(&site, i)).collect();
    // A post dated between 6 and 7 changes the box of the two on each side only.
    site.write(
        "content/news/lang-gieng-moi.md",
        "---\ntitle: Tin láng giềng mới\ndate: 2020-01-13\ncategory: chi-dao-dieu-hanh\n---\nNội dung.\n",
    );
    site.build_ok(TODAY);
    let changed: Vec<u32> = (1..=10)
        .filter(|&i| page(&site, i) != before[i as usize - 1])
        .collect();
    assert_eq!(changed, vec![5, 6, 7, 8]);
}
