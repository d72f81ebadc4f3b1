//! The bundled default site (the repository root) builds cleanly: no
//! warnings but the office's reminders of plan tasks whose deadline passed
//! with no status (no seed reports a result), every internal link
//! resolves, every kind is present, and no task is called overdue.

use crate::support::*;

/// Builds the repository's own site as of 2026-11-22 into a temp folder.
fn build_default_site() -> (tempfile::TempDir, std::path::PathBuf, std::process::Output) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().unwrap();
    let output = out_dir.path().join("public");
    let out = congkhai()
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&output)
        .args(["--today", "2026-11-22"])
        .output()
        .unwrap();
    (out_dir, output, out)
}

#[test]
fn default_site_builds_without_warnings_or_broken_links() {
    let (_dir, output, out) = build_default_site();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    // The only warnings are the reminders that a task's deadline passed
    // and no status was reported: each such task is flagged for the office,
    // and none is called overdue in public.
    let reminders = err.lines().filter(|l| l.starts_with("warning:")).count();
    let unrelated: Vec<&str> = err
        .lines()
        .filter(|l| !l.starts_with("  hint:") && !l.contains("with no status"))
        .collect();
    assert!(unrelated.is_empty(), "warnings on the default site:\n{err}");
    let tracker = std::fs::read_to_string(output.join("theo-doi/index.html")).unwrap();
    assert!(
        tracker.contains("quá hạn mà chưa hoàn thành: 0"),
        "no task is overdue"
    );
    assert!(
        tracker.contains(&format!("chưa cập nhật kết quả: {reminders}")),
        "{reminders} reminders"
    );
    for plan in std::fs::read_dir(output.join("ke-hoach"))
        .unwrap()
        .flatten()
    {
        let page = std::fs::read_to_string(plan.path().join("index.html")).unwrap_or_default();
        assert!(
            !page.contains("class=\"overdue\""),
            "{}",
            plan.path().display()
        );
    }
    let count = |dir: &str| {
        std::fs::read_dir(output.join(dir))
            .map(|d| d.count())
            .unwrap_or(0)
    };
    assert!(count("ke-hoach") >= 5 + 2, "plans missing");
    assert!(
        count("thu-tuc-hanh-chinh") >= 15 + 2,
        "fewer than 15 procedures"
    );
    assert!(
        count("phan-anh-kien-nghi") >= 12,
        "fewer than 12 answered feedback items"
    );
    assert!(count("tin-tuc") >= 80, "news missing");
    let home = std::fs::read_to_string(output.join("index.html")).unwrap();
    assert!(home.contains("Sở Tư pháp tỉnh Lạng Sơn"));
    assert!(!home.contains("cần thêm"), "the public home page nags");
}

#[test]
fn default_site_tracker_shows_the_counted_guidance_and_catalogue_coverage() {
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = std::fs::read_to_string(output.join("theo-doi/index.html")).unwrap();
    assert!(
        page.contains("Danh sách 13 văn bản được tính năm 2026"),
        "counted guidance list"
    );
    assert!(
        !page.contains("Ủy ban nhân dân tỉnh Lạng Sơn</a>"),
        "plans of the Provincial People's Committee are not the department's guidance"
    );
    assert!(page.contains("Theo danh mục thủ tục đã công bố: 17/20 thủ tục đã công khai"));
    assert!(page.contains("STP-LSN-HGTM-02: Đăng ký hoạt động Trung tâm hòa giải thương mại"));
    // The target year is the calendar year; the quarters keep the 15/12
    // cut-off of Decree 09/2019, labelled as the reporting period.
    assert!(page.contains("01/01/2026 – 31/12/2026"));
    assert!(page.contains("Theo kỳ báo cáo năm"));
    assert!(
        page.contains("«Duy trì có hiệu quả hoạt động của Trang thông tin điện tử"),
        "the rule in the plan's words"
    );
}

/// With `sample_content: true` nothing may pass for the agency's real
/// word: every page asks not to be indexed, robots.txt disallows all,
/// every feed item carries the mark, and no government domain is claimed.
#[test]
fn sample_content_is_marked_and_kept_out_of_search_engines() {
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    for page in [
        "index.html",
        "theo-doi/index.html",
        "tin-tuc/index.html",
        "404.html",
    ] {
        let html = std::fs::read_to_string(output.join(page)).unwrap();
        assert!(
            html.contains(r#"<meta name="robots" content="noindex">"#),
            "{page}"
        );
        assert!(html.contains("trên Trang thông tin điện tử này"), "{page}");
        assert!(
            !html.contains("href=\"https://sotuphap.langson.gov.vn"),
            "{page}"
        );
    }
    let robots = std::fs::read_to_string(output.join("robots.txt")).unwrap();
    assert!(robots.contains("Disallow: /"), "{robots}");
    for feed in ["atom.xml", "rss.xml", "tin-tuc/atom.xml"] {
        let xml = std::fs::read_to_string(output.join(feed)).unwrap();
        let items = xml.matches("<entry>").count() + xml.matches("<item>").count();
        let marked = xml.matches("<title>[Minh họa] ").count();
        assert!(
            items > 0 && marked == items,
            "{feed}: {marked} of {items} items marked"
        );
    }
    let home = std::fs::read_to_string(output.join("index.html")).unwrap();
    assert!(
        home.contains(r#"rel="canonical" href="https://sotuphap-langson.example/""#),
        "no real domain claimed"
    );
}

/// Every open-data file of the sample site says it is sample data: a
/// `minh_hoa` field on each JSON record (or object) and a CSV column.
#[test]
fn every_open_data_file_of_the_sample_site_says_so() {
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut checked = 0;
    for entry in std::fs::read_dir(output.join("du-lieu")).unwrap().flatten() {
        let path = entry.path();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        match path.extension().and_then(|e| e.to_str()) {
            Some("json") => {
                let v: serde_json::Value = serde_json::from_str(&text).unwrap();
                let marked = match &v {
                    serde_json::Value::Array(items) => items.iter().all(|i| i["minh_hoa"] == true),
                    other => other["minh_hoa"] == true,
                };
                assert!(marked, "{}", path.display());
                checked += 1;
            }
            Some("csv") => {
                let mut reader = csv::ReaderBuilder::new()
                    .flexible(true)
                    .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
                let header = reader.headers().unwrap().clone();
                assert_eq!(
                    header.iter().next_back(),
                    Some("minh_hoa"),
                    "{}",
                    path.display()
                );
                for record in reader.records() {
                    assert_eq!(
                        record.unwrap().iter().next_back(),
                        Some("có"),
                        "{}",
                        path.display()
                    );
                }
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked >= 8, "{checked} data files");
}

/// The seeds sign only the plans: an illustrative document names no real
/// official, and the leaders page claims no duty the seeds do not give.
#[test]
fn no_real_official_signs_an_illustrative_document() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let officials = ["Phạm Hùng Trường", "Vũ Quang Hưng", "Trần Thanh Nhàn"];
    for entry in std::fs::read_dir(root.join("content/documents"))
        .unwrap()
        .flatten()
    {
        let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
        for name in officials {
            assert!(
                !text.contains(name),
                "{} names {name}",
                entry.path().display()
            );
        }
    }
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    let leaders = std::fs::read_to_string(output.join("lanh-dao/index.html")).unwrap();
    assert!(!leaders.contains("theo ủy quyền"), "KT. is not TUQ.");
}

/// A post's lead is printed only when it says something the body does not
/// begin with: no post shows its first paragraph twice.
#[test]
fn no_post_prints_its_first_paragraph_twice() {
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = |html: &str| {
        let mut out = String::new();
        let mut tag = false;
        for c in html.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => out.push(c),
                _ => {}
            }
        }
        out.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let mut posts = 0;
    for entry in std::fs::read_dir(output.join("tin-tuc")).unwrap().flatten() {
        let Ok(html) = std::fs::read_to_string(entry.path().join("index.html")) else {
            continue;
        };
        let Some((_, body)) = html.split_once("class=\"prose\"") else {
            continue;
        };
        posts += 1;
        if let Some(lead) = html.split("<p class=\"lead\">").nth(1) {
            let lead = text(lead.split("</p>").next().unwrap());
            let first = text(
                body.split("<p>")
                    .nth(1)
                    .unwrap_or("")
                    .split("</p>")
                    .next()
                    .unwrap(),
            );
            let start: String = lead.trim_end_matches('…').chars().take(60).collect();
            assert!(
                !first.starts_with(&start),
                "{}: the lead repeats the body",
                entry.path().display()
            );
        }
    }
    assert!(posts > 50, "only {posts} posts checked");
}

/// Tables link to a plan by its number, or by its title when it has none;
/// never by "(chưa có số)".
#[test]
fn tables_name_plans_without_a_number_by_their_title() {
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    let mut pages = vec![output.join("theo-doi/index.html")];
    for entry in std::fs::read_dir(output.join("ke-hoach/don-vi"))
        .unwrap()
        .flatten()
    {
        if entry.path().is_dir() {
            pages.push(entry.path().join("index.html"));
        }
    }
    let mut links = 0;
    for page in pages {
        let html = std::fs::read_to_string(&page).unwrap();
        assert!(!html.contains(">(chưa có số)</a>"), "{}", page.display());
        links += html.matches("href=\"/ke-hoach/ke-hoach-").count();
    }
    assert!(links > 10, "only {links} links to plans checked");
}

/// "một trong các cách sau" only before more than one way to send
/// feedback; a single way is introduced as such. The default site names
/// one way, the fixture several.
#[test]
fn the_feedback_channels_are_introduced_by_how_many_there_are() {
    let fixture = TestSite::fixture("basic");
    fixture.build_ok("2026-04-20");
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    let default = std::fs::read_to_string(output.join("phan-anh-kien-nghi/index.html")).unwrap();
    let mut counts = Vec::new();
    for html in [fixture.read("phan-anh-kien-nghi/index.html"), default] {
        let section = html
            .split("id=\"gui-pakn\"")
            .nth(1)
            .unwrap()
            .split("</ul>")
            .next()
            .unwrap()
            .to_string();
        let ways = section.matches("<li>").count();
        let phrase = if ways > 1 {
            "qua một trong các cách sau:"
        } else {
            "theo cách sau:"
        };
        assert!(section.contains(phrase), "{ways} ways: {section}");
        counts.push(ways);
    }
    assert!(counts[0] > 1 && counts[1] == 1, "both cases: {counts:?}");
}

/// The text of a built page, tags stripped and spaces folded.
fn text_of(output: &std::path::Path, page: &str) -> String {
    let html = std::fs::read_to_string(output.join(page).join("index.html")).unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_illustrative_procedure_is_marked_where_it_is_shown_and_promises_nothing() {
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    let page = text_of(&output, "thu-tuc-hanh-chinh/quoc-tich-nhap");
    assert!(page.contains("Thủ tục minh họa:"), "{page}");
    // No time cut promised in the department's name.
    assert!(!page.contains("đã cắt giảm"), "{page}");
    let list = text_of(&output, "thu-tuc-hanh-chinh");
    assert!(list.contains("Nội dung minh họa: 17/17 thủ tục"), "{list}");
    assert_eq!(list.matches("(minh họa)").count(), 17, "{list}");
    // The template states no facts about who handles which procedure.
    assert!(
        !list.contains("do Ủy ban nhân dân cấp xã giải quyết"),
        "{list}"
    );
    let tracker = text_of(&output, "theo-doi");
    assert!(
        tracker.contains("Số liệu minh họa: 17/17 thủ tục"),
        "{tracker}"
    );
    let catalogue = text_of(&output, "thu-tuc-hanh-chinh/danh-muc");
    assert!(catalogue.contains("Danh mục minh họa:"), "{catalogue}");
    let data = std::fs::read_to_string(output.join("du-lieu/thu-tuc.json")).unwrap();
    let records: serde_json::Value = serde_json::from_str(&data).unwrap();
    assert!(records
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["minh_hoa"] == true));
    // Legal aid is filed at the Centre, which the page now names.
    let aid = text_of(&output, "thu-tuc-hanh-chinh/tro-giup-phap-ly-thuc-hien");
    assert!(
        aid.contains("Cơ quan thực hiện Trung tâm Trợ giúp pháp lý nhà nước"),
        "{aid}"
    );
    // Nationality goes to the President: not 20 working days.
    assert!(
        page.contains("Khoảng 95 ngày làm việc, gồm các bước ở Sở Tư pháp"),
        "{page}"
    );
}

#[test]
fn the_about_and_contact_pages_state_what_the_seeds_say_and_targets_as_targets() {
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    let about = text_of(&output, "gioi-thieu");
    for field in [
        "hộ tịch",
        "đăng ký biện pháp bảo đảm",
        "công tác pháp chế",
        "hợp tác quốc tế về pháp luật",
        "Phòng Công chứng số 1",
    ] {
        assert!(about.contains(field), "{field} missing: {about}");
    }
    assert!(
        about.contains("đặt mục tiêu 100% thủ tục hành chính"),
        "{about}"
    );
    let contact = text_of(&output, "lien-he");
    assert!(!contact.contains("tại Bộ phận một cửa bất kỳ"), "{contact}");
    assert!(
        !contact.contains("Trung tâm Phục vụ hành chính công"),
        "{contact}"
    );
}

#[test]
fn plans_carry_the_seeds_leads_partners_deadlines_and_wording() {
    let (_dir, output, out) = build_default_site();
    assert!(out.status.success(), "{}", stderr(&out));
    // Partners and leads that seed 004 (the work plan) and seed 003 (the
    // province's TTHC control plan) do not name.
    let work = text_of(&output, "ke-hoach/ke-hoach-cong-tac-tu-phap-2026");
    for invented in [
        "Sở Nông nghiệp và Môi trường",
        "Các tổ chức hành nghề công chứng",
        "Hiệp hội doanh nghiệp tỉnh",
        "cơ quan tiến hành tố tụng",
    ] {
        assert!(!work.contains(invented), "{invented} is not in seed 004");
    }
    let control = text_of(&output, "ke-hoach/ke-hoach-kiem-soat-tthc-2026");
    assert!(!control.contains("Sở Khoa học và Công nghệ"), "{control}");
    // Co-leads as the seeds give them, and deadlines as written.
    let unit = text_of(&output, "ke-hoach/don-vi/phong-nghiep-vu-ii");
    assert!(
        unit.contains("mỗi tháng có từ 07 tin, bài trở lên"),
        "{unit}"
    );
    let nq66 = text_of(
        &output,
        "ke-hoach/ke-hoach-thuc-hien-nghi-quyet-66-nq-cp-2025",
    );
    assert!(nq66.contains("Trước ngày 30/4/2025"), "{nq66}");
    assert!(
        nq66.contains("Văn phòng Sở ; Các đơn vị sự nghiệp trực thuộc Sở"),
        "{nq66}"
    );
    let list = text_of(&output, "ke-hoach").to_lowercase();
    assert!(
        list.contains("bãi bỏ ít nhất 30% điều kiện đầu tư kinh doanh"),
        "{list}"
    );
    assert!(
        list.contains(
            "100% tthc thực hiện không phụ thuộc vào địa giới hành chính trong phạm vi cấp tỉnh"
        ),
        "{list}"
    );
    let business = text_of(
        &output,
        "ke-hoach/ke-hoach-cai-thien-moi-truong-kinh-doanh-2026",
    );
    assert!(business.contains("theo thời điểm ký số"), "{business}");
    let cchc = text_of(&output, "ke-hoach/ke-hoach-khac-phuc-han-che-cchc-2026");
    assert!(
        cchc.contains("vị trí việc làm") && !cchc.contains("vị trí công tác"),
        "{cchc}"
    );
    assert!(work.contains("(mục III.9)"), "{work}");
    // No post sends feedback to a channel the site does not have.
    let news = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/news");
    for entry in std::fs::read_dir(news).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        assert!(
            !text.contains("kiến nghị qua Trang thông tin điện tử"),
            "{}",
            entry.path().display()
        );
    }
}
