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

fn check(site: &TestSite) -> (bool, String) {
    let out = congkhai()
        .args(["check", "--today", TODAY, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    (out.status.success(), stderr(&out))
}

#[test]
fn documents_plans_and_answers_dated_on_days_off_are_flagged() {
    let site = TestSite::fixture("basic");
    add_to_config(&site, "holidays: [2026-04-30]\n");
    site.write(
        "content/documents/thu-bay.md",
        "---\nnumber: \"9/HD\"\ntitle: T\ndate: 2026-04-18\nkind: Hướng dẫn\n---\n",
    );
    site.write(
        "content/plans/chu-nhat.md",
        "---\nnumber: \"9/KH\"\ntitle: T\ndate: 2026-04-19\nissuer: Sở\n---\n",
    );
    site.write(
        "content/feedback/le.yaml",
        "code: LE\nreceived: 2026-04-20\nsubject: S\ncontent: C\nunit: U\nanswer: A\nanswered: 2026-04-30\n",
    );
    let (ok, err) = check(&site);
    assert!(ok, "slips are warnings: {err}");
    assert!(
        err.contains("content/documents/thu-bay.md:4: `date` is 18/04/2026, a Saturday"),
        "{err}"
    );
    assert!(
        err.contains("content/plans/chu-nhat.md:4: `date` is 19/04/2026, a Sunday"),
        "{err}"
    );
    assert!(
        err.contains(
            "content/feedback/le.yaml:7: `answered` is 30/04/2026, a holiday listed in site.yaml"
        ),
        "{err}"
    );
    let build = site.build(TODAY, &[]);
    assert!(build.status.success());
    assert!(stderr(&build).contains("a Saturday"), "build warns too");
}

#[test]
fn a_plan_number_with_the_drafts_blank_is_flagged_and_unknowns_are_said_in_words() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/plans/cho-so.md",
        "---\nnumber: \"…/KH-STP\"\ntitle: Chờ số\ndate: 2026-04-01\nissuer: Sở\n---\n",
    );
    site.write(
        "content/plans/chua-ro.md",
        "---\ntitle: Chưa rõ số và ngày\ndate: 2026-02\nissuer: Sở\n---\n",
    );
    site.write(
        "content/plans/chi-nam.md",
        "---\nnumber: \"\"\ntitle: Chỉ biết năm\ndate: 2025\nissuer: Sở\n---\n",
    );
    let (ok, err) = check(&site);
    assert!(ok, "{err}");
    assert!(
        err.contains("content/plans/cho-so.md:2: the plan number `…/KH-STP` still has the blank"),
        "{err}"
    );
    assert!(
        !err.contains("chua-ro.md"),
        "an unknown day is no slip: {err}"
    );
    site.build_ok(TODAY);
    let page = site.read("ke-hoach/chua-ro/index.html");
    assert!(page.contains("Kế hoạch (chưa có số)"), "{page}");
    assert!(
        page.contains(r#"<time datetime="2026-02">Tháng 02/2026 (chưa rõ ngày ban hành)</time>"#)
    );
    let year = site.read("ke-hoach/chi-nam/index.html");
    assert!(year.contains(r#"<time datetime="2025">Năm 2025 (chưa rõ ngày ban hành)</time>"#));
    let list = site.read("ke-hoach/index.html");
    assert!(list.contains("Số (chưa có số)") && !list.contains("Số  ·"));
}

#[test]
fn a_post_linking_to_a_plan_issued_after_it_is_flagged() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/plans/sau.md",
        "---\nnumber: \"30/KH\"\ntitle: Sau\ndate: 2026-04-15\nissuer: Sở\n---\n",
    );
    site.write(
        "content/news/truoc.md",
        "---\ntitle: Trước\ndate: 2026-04-10\ncategory: hoat-dong\n---\nTriển khai [Kế hoạch số 30/KH](/ke-hoach/sau/).\n",
    );
    site.write(
        "content/news/sau-do.md",
        "---\ntitle: Sau đó\ndate: 2026-04-16\ncategory: hoat-dong\n---\nTriển khai [Kế hoạch số 30/KH](/ke-hoach/sau/).\n",
    );
    let (_, err) = check(&site);
    assert!(
        err.contains("content/news/truoc.md:3: the post, dated 10/04/2026, links to the plan 30/KH issued later, on 15/04/2026"),
        "{err}"
    );
    assert!(!err.contains("sau-do.md"), "{err}");
}

#[test]
fn a_procedure_verified_too_long_ago_is_flagged_and_new_ones_are_not_prefilled() {
    let site = TestSite::fixture("basic");
    let path = site.root().join("content/procedures/nhap-quoc-tich.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    site.write(
        "content/procedures/nhap-quoc-tich.yaml",
        format!("{text}last_verified: 2025-10-01\n"),
    );
    let (_, err) = check(&site);
    assert!(
        err.contains("content/procedures/nhap-quoc-tich.yaml")
            && err.contains("last verified 201 days ago (01/10/2025), more than 180 days"),
        "{err}"
    );
    add_to_config(&site, "procedure_review_days: 365\n");
    assert!(!check(&site).1.contains("last verified"));
    let new = congkhai()
        .args(["new", "procedure", "Thủ tục mới", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(new.status.success(), "{}", stderr(&new));
    let written =
        std::fs::read_to_string(site.root().join("content/procedures/thu-tuc-moi.yaml")).unwrap();
    assert!(
        !written.lines().any(|l| l.starts_with("last_verified:")),
        "a new file has not been verified: {written}"
    );
}

#[test]
fn sample_content_puts_a_notice_on_every_page_and_feed() {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    assert!(!site.read("index.html").contains("Nội dung minh họa"));
    add_to_config(&site, "sample_content: true\n");
    site.build_ok(TODAY);
    let public = site.root().join("public");
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(path).unwrap();
            assert!(
                html.contains(
                    r#"<p class="sample-notice wrap" role="note" lang="vi">Nội dung minh họa:"#
                ),
                "{} has no notice",
                path.display()
            );
            pages += 1;
        }
    }
    assert!(pages > 20);
    for feed in ["rss.xml", "atom.xml", "tin-tuc/rss.xml"] {
        let parsed = feed_rs::parser::parse(site.read(feed).as_bytes()).unwrap();
        let said = parsed.description.map(|d| d.content).unwrap_or_default();
        assert!(said.starts_with("Nội dung minh họa:"), "{feed}: {said}");
    }
}

#[test]
fn legal_documents_can_be_looked_up_by_type_field_issuer_and_force() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/documents/qd-12-2024.md",
        "---\nnumber: \"12/2024/QĐ-UBND\"\ntitle: Quy định về phổ biến pháp luật\ndate: 2024-05-06\nkind: Quyết định\ntype: vbqppl\nfield: Phổ biến, giáo dục pháp luật\nissuer: Ủy ban nhân dân tỉnh\nin_force: expired\nexpired_on: 2026-01-01\nreplaced_by: Quyết định số 3/2026/QĐ-UBND\nsource_url: \"https://vbpl.vn/langson/Pages/vbpq-toanvan.aspx?ItemID=1\"\n---\n",
    );
    site.write(
        "content/documents/qd-3-2026.md",
        "---\nnumber: \"3/2026/QĐ-UBND\"\ntitle: Quy định mới\ndate: 2025-12-22\nkind: Quyết định\ntype: vbqppl\nfield: Phổ biến, giáo dục pháp luật\nissuer: Ủy ban nhân dân tỉnh\n---\n",
    );
    site.build_ok(TODAY);
    let expired = site.read("van-ban/het-hieu-luc/index.html");
    assert!(expired.contains("/van-ban/qd-12-2024/") && !expired.contains("/van-ban/qd-3-2026/"));
    assert!(expired.contains("Hết hiệu lực toàn bộ"));
    let legal = site.read("van-ban/loai/vbqppl/index.html");
    assert!(legal.contains("/van-ban/qd-12-2024/") && legal.contains("/van-ban/qd-3-2026/"));
    assert!(
        !legal.contains("/van-ban/15-hd-stp/"),
        "guidance is not legal normative"
    );
    assert!(site.exists("van-ban/loai/chi-dao/index.html"));
    let field = site.read("van-ban/linh-vuc/pho-bien-giao-duc-phap-luat/index.html");
    assert!(field.contains("/van-ban/qd-3-2026/"));
    let issuer = site.read("van-ban/co-quan/uy-ban-nhan-dan-tinh/index.html");
    assert!(issuer.contains("/van-ban/qd-12-2024/"));
    let index = site.read("van-ban/index.html");
    for link in [
        "/van-ban/loai/vbqppl/",
        "/van-ban/linh-vuc/pho-bien-giao-duc-phap-luat/",
        "/van-ban/co-quan/uy-ban-nhan-dan-tinh/",
        "/van-ban/het-hieu-luc/",
    ] {
        assert!(index.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let page = site.read("van-ban/qd-12-2024/index.html");
    assert!(page.contains("Hết hiệu lực toàn bộ từ ngày <time datetime=\"2026-01-01\">01/01/2026</time>; được thay thế bởi Quyết định số 3/2026/QĐ-UBND"), "{page}");
    assert!(page.contains(r#"<a href="https://vbpl.vn/langson/Pages/vbpq-toanvan.aspx?ItemID=1">"#));
}

#[test]
fn inconsistent_force_fields_and_bad_source_urls_are_errors() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/documents/sai.md",
        "---\nnumber: \"1/QĐ\"\ntitle: T\ndate: 2026-04-06\nkind: Quyết định\ntype: vbqppl\nexpired_on: 2026-04-10\nsource_url: vbpl.vn/x\n---\n",
    );
    let out = site.build(TODAY, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("content/documents/sai.md")
            && err.contains("`in_force` says the document is effective"),
        "{err}"
    );
    assert!(
        err.contains("`source_url` `vbpl.vn/x` is not a web address"),
        "{err}"
    );
}

#[test]
fn an_item_may_not_take_the_address_of_a_list_page() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/documents/loai.md",
        "---\nnumber: \"1/HD\"\ntitle: T\ndate: 2026-04-06\nkind: Hướng dẫn\nslug: het-hieu-luc\n---\n",
    );
    let out = site.build(TODAY, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/van-ban/het-hieu-luc/ is taken by a list page"));
}

fn consultation(site: &TestSite, name: &str, opens: &str, closes: &str, extra: &str) {
    site.write(
        &format!("content/consultations/{name}.md"),
        format!("---\ntitle: \"Dự thảo {name}\"\ndrafting_unit: Phòng Nghiệp vụ I\nopens: {opens}\ncloses: {closes}\n{extra}---\nNội dung dự thảo {name}.\n"),
    );
}

#[test]
fn consultations_list_open_drafts_first_with_days_left_and_show_results_once_closed() {
    let site = TestSite::fixture("basic");
    add_to_config(
        &site,
        "consultation_portal_url: \"https://duthaoonline.quochoi.vn\"\n",
    );
    site.write("content/consultations/du-thao.pdf", "%PDF-1.4 x");
    consultation(
        &site,
        "mo-lau",
        "2026-04-01",
        "2026-05-20",
        "files: [du-thao.pdf]\nemail: gopy@example.gov.vn\naddress: \"Số 1 đường A\"\n",
    );
    consultation(&site, "mo-gap", "2026-04-10", "2026-04-22", "");
    consultation(
        &site,
        "da-dong",
        "2026-03-01",
        "2026-03-31",
        "result: \"Nhận **12** ý kiến; tiếp thu 10.\"\n",
    );
    consultation(&site, "chua-mo", "2026-05-01", "2026-05-30", "");
    site.build_ok(TODAY);
    let list = site.read("lay-y-kien/index.html");
    let pos = |slug: &str| {
        list.find(&format!("/lay-y-kien/{slug}/"))
            .unwrap_or(usize::MAX)
    };
    assert!(
        pos("mo-gap") < pos("mo-lau") && pos("mo-lau") < pos("da-dong"),
        "{list}"
    );
    assert_eq!(pos("chua-mo"), usize::MAX, "not published before it opens");
    assert!(
        list.contains("còn 2 ngày, đến hết ngày 22/04/2026"),
        "{list}"
    );
    let open = site.read("lay-y-kien/mo-lau/index.html");
    assert!(
        open.contains(r#"<a href="mailto:gopy@example.gov.vn">"#)
            && open.contains("Gửi văn bản đến: Số 1 đường A")
    );
    assert!(open.contains(r#"<a href="https://duthaoonline.quochoi.vn">"#));
    assert!(open.contains(r#"<a href="/lay-y-kien/mo-lau/du-thao.pdf" download>"#));
    assert!(site.exists("lay-y-kien/mo-lau/du-thao.pdf"));
    let closed = site.read("lay-y-kien/da-dong/index.html");
    assert!(
        closed.contains("Nhận <strong>12</strong> ý kiến"),
        "{closed}"
    );
    assert!(
        !closed.contains("Cách gửi ý kiến"),
        "no way to comment once closed"
    );
    let home = site.read("index.html");
    assert!(home.contains("Dự thảo đang lấy ý kiến") && home.contains("/lay-y-kien/mo-gap/"));
    assert!(
        !home.contains("/lay-y-kien/da-dong/"),
        "the home page shows open ones only"
    );
    let feed = feed_rs::parser::parse(site.read("lay-y-kien/rss.xml").as_bytes()).unwrap();
    assert_eq!(
        feed.entries.len(),
        3,
        "every published consultation is in its feed"
    );
    let data: serde_json::Value =
        serde_json::from_str(&site.read("du-lieu/lay-y-kien.json")).unwrap();
    let rows = data.as_array().unwrap();
    assert_eq!(rows[0]["url"], "/lay-y-kien/mo-gap/");
    assert_eq!(rows[2]["status"], "closed");
    assert!(site
        .read("du-lieu/index.html")
        .contains("/du-lieu/lay-y-kien.json"));
}

#[test]
fn a_consultation_closing_before_it_opens_is_an_error_and_one_closed_without_result_a_warning() {
    let site = TestSite::fixture("basic");
    consultation(&site, "nguoc", "2026-04-10", "2026-04-01", "");
    let out = site.build(TODAY, &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("content/consultations/nguoc.md"));
    assert!(stderr(&out).contains("closes before it opens"));
    std::fs::remove_file(site.root().join("content/consultations/nguoc.md")).unwrap();
    consultation(&site, "thieu", "2026-03-02", "2026-04-01", "");
    let (ok, err) = check(&site);
    assert!(ok);
    assert!(
        err.contains("content/consultations/thieu.md:5: comments closed on 01/04/2026, but there is no `result:` yet"),
        "{err}"
    );
}

#[test]
fn public_pages_name_no_commands_and_say_late_answers_are_late() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/feedback/tre.yaml",
        "code: TRE\nreceived: 2026-03-02\ndue: 2026-03-10\nsubject: S\ncontent: C\nunit: U\nanswer: A\nanswered: 2026-03-12\n",
    );
    site.build_ok(TODAY);
    for entry in walkdir::WalkDir::new(site.root().join("public"))
        .into_iter()
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            for command in ["congkhai", "--json", "cargo "] {
                assert!(
                    !html.contains(command),
                    "{}: {command}",
                    entry.path().display()
                );
            }
        }
    }
    let late = site.read("phan-anh-kien-nghi/tre/index.html");
    assert!(
        late.contains("(trễ hạn)") && !late.contains("quá hạn"),
        "{late}"
    );
}
