//! What the plans and the law ask the portal to hold: documents' effective
//! dates and files (Decree 42/2022/NĐ-CP art. 4(1)), the link to Cổng Pháp
//! luật quốc gia (seed 004 §4.1), feedback forwarded to the competent
//! agency (seed 001 §3.2), indicators with their results.

use crate::support::*;

fn legal(site: &TestSite, extra: &str) {
    site.write(
        "content/documents/qd-01.md",
        format!("---\nnumber: \"01/2026/QĐ-UBND\"\ntitle: \"Quyết định ban hành Quy định về ...\"\ndate: 2026-01-10\nkind: Quyết định\ntype: vbqppl\nissuer: UBND tỉnh\n{extra}---\n"),
    );
}

#[test]
fn a_legal_document_shows_when_it_takes_effect_and_links_the_national_law_portal() {
    let site = TestSite::fixture("basic");
    legal(&site, "effective_from: 2026-01-20\nfile: qd.pdf\n");
    site.write("content/documents/qd.pdf", b"%PDF-1.4\n");
    site.append_config("law_portal_url: \"https://phapluat.gov.vn\"\n");
    let out = site.build_ok("2026-04-20");
    assert!(!stderr(&out).contains("no file to download"));
    let page = site.read("van-ban/qd-01/index.html");
    assert!(
        page.contains("Ngày có hiệu lực") && page.contains("20/01/2026"),
        "{page}"
    );
    assert!(
        page.contains(r#"<a href="https://phapluat.gov.vn">Cổng Pháp luật quốc gia</a>"#),
        "{page}"
    );
    let expired = site.read("van-ban/het-hieu-luc/index.html");
    assert!(
        expired.contains("hết hiệu lực toàn bộ hoặc một phần"),
        "{expired}"
    );
    assert!(!expired.contains("ngưng hiệu lực"));
}

#[test]
fn a_legal_document_without_a_file_is_a_warning_and_dates_must_agree() {
    let site = TestSite::fixture("basic");
    legal(&site, "");
    let out = site.build_ok("2026-04-20");
    let err = stderr(&out);
    assert!(
        err.contains("content/documents/qd-01.md") && err.contains("no file to download"),
        "{err}"
    );
    legal(
        &site,
        "in_force: expired\neffective_from: 2026-02-01\nexpired_on: 2026-01-15\n",
    );
    let out = site.build("2026-04-20", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("takes effect on 01/02/2026"),
        "{}",
        stderr(&out)
    );
}

/// Seed 001 §3.2: "100% số PAKN được xử lý hoặc kiến nghị xử lý". An item
/// forwarded to the competent agency is handled, published with that
/// result, and on time when forwarded by its due date.
#[test]
fn feedback_forwarded_to_the_competent_agency_counts_as_handled() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/feedback/chuyen.yaml",
        "code: CH-1\nreceived: 2026-03-02\nsubject: \"Hỏi về đất đai\"\ncontent: \"Nội dung thuộc thẩm quyền ngành tài nguyên.\"\nunit: Văn phòng Sở\nforwarded:\n  agency: \"Sở Nông nghiệp và Môi trường\"\n  date: 2026-03-04\n",
    );
    let r = site.report_json("2026-04-20");
    assert_eq!(r["feedback"]["forwarded"], 1, "{}", r["feedback"]);
    site.build_ok("2026-04-20");
    let page = site.read("phan-anh-kien-nghi/chuyen/index.html");
    assert!(
        page.contains("đã được chuyển đến Sở Nông nghiệp và Môi trường ngày 04/03/2026"),
        "{page}"
    );
    assert!(page.contains("Ngày chuyển xử lý"));
    let tracker = site.read("theo-doi/index.html");
    assert!(
        tracker.contains("chỉ tiêu 100%"),
        "the on-time target is shown"
    );
    assert!(tracker.contains("đã chuyển cơ quan có thẩm quyền xử lý"));
    // Forwarded to no agency is an error.
    site.write(
        "content/feedback/chuyen.yaml",
        "code: CH-1\nreceived: 2026-03-02\nsubject: S\ncontent: C\nunit: U\nforwarded:\n  agency: \"\"\n  date: 2026-03-04\n",
    );
    assert_eq!(site.build("2026-04-20", &[]).status.code(), Some(1));
}

/// Seed 000's appendix: "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn" with the
/// target 100%. Results are shown beside the target, with a verdict where
/// the two compare.
#[test]
fn indicators_show_their_results_beside_the_target() {
    let site = TestSite::fixture("basic");
    let plan = std::fs::read_to_string(site.root().join("content/plans/ke-hoach-cchc.md")).unwrap();
    let plan = plan.replace(
        "    lead: Các phòng chuyên môn\n    monitor: Văn phòng Sở\n",
        "    lead: Các phòng chuyên môn\n    monitor: Văn phòng Sở\n    results:\n      - actual: \"96%\"\n        as_of: 2026-03-31\n        source: \"Báo cáo quý I (minh họa)\"\n      - actual: \"100%\"\n        as_of: 30/06/2026\n",
    );
    site.write("content/plans/ke-hoach-cchc.md", plan);
    let r = site.report_json("2026-07-10");
    let i = &r["indicators"][0];
    assert_eq!(i["name"], "Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn");
    assert_eq!(
        (i["target"].as_str(), i["actual"].as_str()),
        (Some("100%"), Some("100%"))
    );
    assert_eq!(
        (i["as_of"].as_str(), i["met"].as_bool()),
        (Some("2026-06-30"), Some(true)),
        "{i}"
    );
    assert_eq!(i["plan"], "25/KH-STP");
    site.build_ok("2026-07-10");
    let page = site.read("ke-hoach/ke-hoach-cchc/index.html");
    assert!(
        page.contains(
            "100% <span class=\"muted\">(tính đến 30/06/2026)</span> <strong>Đạt</strong>"
        ),
        "{page}"
    );
    assert!(site
        .read("theo-doi/index.html")
        .contains("Chỉ tiêu trong kế hoạch"));
}

/// Seed 001 §3.4: "công khai, chấp hành dự toán ngân sách ... quyết
/// toán": budget disclosures have a type of their own and a page; a notice
/// is not called guidance.
#[test]
fn budget_disclosures_have_their_page_and_a_notice_is_not_guidance() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/documents/du-toan.md",
        "---\nnumber: \"05/QĐ-STP\"\ntitle: \"Quyết định công khai dự toán ngân sách năm 2026\"\ndate: 2026-01-20\nkind: Quyết định\ntype: ngan-sach\n---\n",
    );
    site.write(
        "content/documents/tb.md",
        "---\nnumber: \"07/TB-STP\"\ntitle: \"Thông báo lịch tiếp công dân\"\ndate: 2026-01-21\nkind: Thông báo\n---\n",
    );
    site.build_ok("2026-04-20");
    let budget = site.read("van-ban/loai/ngan-sach/index.html");
    assert!(
        budget.contains("Công khai ngân sách") && budget.contains("/van-ban/du-toan/"),
        "{budget}"
    );
    let notice = site.read("van-ban/tb/index.html");
    assert!(
        notice.contains(r#"(<a href="/van-ban/loai/khac/">văn bản khác</a>)"#),
        "{notice}"
    );
    assert!(
        !notice.contains("văn bản chỉ đạo, hướng dẫn</a>"),
        "a notice is not labelled guidance"
    );
}

/// Seeds 000 and 002: "100% TTHC liên quan đến doanh nghiệp được thực hiện
/// trực tuyến"; seed 002: "giảm ít nhất 30% thời gian giải quyết"; seed
/// 001 §2.4: payment without cash.
#[test]
fn procedures_count_business_ones_online_payment_and_the_time_cut() {
    let site = TestSite::fixture("basic");
    let p = std::fs::read_to_string(site.root().join("content/procedures/nhap-quoc-tich.yaml"))
        .unwrap();
    site.write(
        "content/procedures/nhap-quoc-tich.yaml",
        format!("{p}business_related: true\npayment_online: true\n"),
    );
    let r = site.report_json("2026-04-20");
    let f = &r["procedures"];
    assert_eq!(
        (
            f["business_related"].as_u64(),
            f["business_online_full"].as_u64()
        ),
        (Some(1), Some(0)),
        "{f}"
    );
    assert_eq!(f["payment_online"], 1);
    // 20 days by law, 15 promised: 25% shorter.
    assert_eq!(f["time_cut_percent"], 25, "{f}");
    site.build_ok("2026-04-20");
    let page = site.read("thu-tuc-hanh-chinh/nhap-quoc-tich/index.html");
    assert!(
        page.contains("(giảm 25%)") && page.contains("Thanh toán phí, lệ phí trực tuyến"),
        "{page}"
    );
    assert!(
        !page.contains("Sở Tư pháp giải quyết trong"),
        "the template promises nothing in the agency's name"
    );
}

/// Law 104/2016/QH13 art. 19 and Decree 13/2018/NĐ-CP arts. 6 and 11: the
/// list of information the agency publishes (from the site's own sections
/// and configured entries) and the contact point for requests.
#[test]
fn the_access_to_information_section_lists_what_is_published_and_where_to_ask() {
    let site = TestSite::fixture("basic");
    site.append_config("access_to_information:\n  contact: \"Văn phòng Sở, điện thoại 0205 000 000 (minh họa)\"\n  entries:\n    - what: \"Báo cáo tài chính\"\n      where: \"/van-ban/loai/ngan-sach/\"\n      frequency: \"Hằng năm\"\n");
    site.build_ok("2026-04-20");
    let page = site.read("tiep-can-thong-tin/index.html");
    for want in [
        "Danh mục thông tin được công khai",
        "/tin-tuc/",
        "/phan-anh-kien-nghi/",
        "Báo cáo tài chính",
        "Hằng năm",
        "Văn phòng Sở, điện thoại 0205 000 000 (minh họa)",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    assert!(
        site.read("index.html")
            .contains(r#"<a href="/tiep-can-thong-tin/">Tiếp cận thông tin</a>"#),
        "linked from every page"
    );
}

/// Seed 002 §2.1: internal procedures (TTHC nội bộ) have their own list and
/// are not counted among the procedures citizens file.
#[test]
fn internal_procedures_have_their_own_list() {
    let site = TestSite::fixture("basic");
    let p = std::fs::read_to_string(site.root().join("content/procedures/nhap-quoc-tich.yaml"))
        .unwrap();
    let internal = p.replace("code: \"1.013837\"", "code: \"NB-01\"").replace(
        "name: \"Thủ tục nhập quốc tịch Việt Nam\"",
        "name: \"Thủ tục nội bộ thẩm định văn bản\"",
    ) + "internal: true\nslug: tham-dinh\n";
    site.write("content/procedures/noi-bo.yaml", internal);
    let r = site.report_json("2026-04-20");
    assert_eq!(
        (
            r["procedures"]["total"].as_u64(),
            r["procedures"]["internal"].as_u64()
        ),
        (Some(1), Some(1))
    );
    site.build_ok("2026-04-20");
    let list = site.read("thu-tuc-hanh-chinh/noi-bo/index.html");
    assert!(list.contains("Thủ tục nội bộ thẩm định văn bản"), "{list}");
    assert!(site
        .read("thu-tuc-hanh-chinh/index.html")
        .contains("Thủ tục hành chính nội bộ (1 thủ tục)"));
    // No procedure may take the address of a list page.
    let taken = std::fs::read_to_string(site.root().join("content/procedures/noi-bo.yaml"))
        .unwrap()
        .replace("slug: tham-dinh", "slug: noi-bo");
    site.write("content/procedures/noi-bo.yaml", taken);
    assert_eq!(site.build("2026-04-20", &[]).status.code(), Some(1));
}

/// The announced catalogue is a page of its own, with the decision that
/// announced it, each entry linked to its procedure when listed.
#[test]
fn the_announced_catalogue_is_published_with_its_decision() {
    let site = TestSite::fixture("basic");
    site.write(
        "dm.csv",
        "code,name\n1.013837,Thủ tục nhập quốc tịch Việt Nam\n2.000480,Chứng thực bản sao\n",
    );
    site.append_config("procedure_catalogue: dm.csv\nprocedure_catalogue_decision: \"Quyết định số 1/QĐ-UBND ngày 05/01/2026 của Chủ tịch UBND tỉnh (minh họa)\"\n");
    site.build_ok("2026-04-20");
    let page = site.read("thu-tuc-hanh-chinh/danh-muc/index.html");
    assert!(
        page.contains("Công bố tại: Quyết định số 1/QĐ-UBND"),
        "{page}"
    );
    assert!(
        page.contains(
            r#"<a href="/thu-tuc-hanh-chinh/nhap-quoc-tich/">Thủ tục nhập quốc tịch Việt Nam</a>"#
        ),
        "{page}"
    );
    assert!(
        page.contains("Chứng thực bản sao</td><td>Chưa công khai"),
        "{page}"
    );
}

/// Decree 42/2022/NĐ-CP art. 4(1): the agency's address, phone, fax and
/// e-mail, and its contact officers; the footer names the managing agency
/// and the person responsible. `check` fails when they are missing.
#[test]
fn check_fails_without_the_contact_details_the_decree_requires() {
    let site = TestSite::fixture("basic");
    let config = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    let without = config[..config.find("contact:").unwrap()].to_string();
    site.write("site.yaml", &without);
    let check = |site: &TestSite| {
        congkhai()
            .args(["check", "--today", "2026-04-20", "--root"])
            .arg(site.root())
            .output()
            .unwrap()
    };
    let out = check(&site);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("site.yaml")
            && err.contains("contact.address, contact.phone, contact.email, contact.editor"),
        "{err}"
    );
    // A site of illustrative content is told, not stopped.
    site.write("site.yaml", format!("{without}sample_content: true\n"));
    let out = check(&site);
    assert!(
        out.status.success() && stderr(&out).contains("contact.address"),
        "{}",
        stderr(&out)
    );
    site.write(
        "site.yaml",
        format!("{without}contact:\n  address: \"Số 1 đường A\"\n  phone: \"0200 000 0000\"\n  fax: \"0200 000 0001\"\n  email: \"stp@example.gov.vn\"\n  editor: \"Giám đốc Sở\"\n  officers:\n    - name: \"Nguyễn Văn B\"\n      title: \"Chánh Văn phòng\"\n      phone: \"0200 000 0002\"\n      email: \"vp@example.gov.vn\"\n"),
    );
    assert!(check(&site).status.success());
    site.build_ok("2026-04-20");
    let home = site.read("index.html");
    for want in [
        "Cơ quan chủ quản: Sở Tư pháp tỉnh Thử nghiệm",
        "Fax: 0200 000 0001",
        "Chịu trách nhiệm nội dung: Giám đốc Sở",
        "Đầu mối liên hệ: Nguyễn Văn B, Chánh Văn phòng",
    ] {
        assert!(home.contains(want), "{want}");
    }
}

/// Decree 42/2022/NĐ-CP asks for the organisation, functions and contacts
/// in English: `content/en/` is published under `/en/` with `lang="en"`,
/// linked from every page's header, and may share a Vietnamese page's slug.
#[test]
fn english_pages_are_published_under_en_and_linked_from_every_page() {
    let site = TestSite::fixture("basic");
    site.write("content/en/index.md", "---\ntitle: \"Department of Justice\"\nslug: index\n---\nOrganisation, functions and contacts.\n");
    site.write(
        "content/en/gioi-thieu.md",
        "---\ntitle: \"About\"\nmenu: true\n---\nAbout us.\n",
    );
    let out = site.build_ok("2026-04-20");
    assert!(
        !stderr(&out).contains("not a content folder"),
        "{}",
        stderr(&out)
    );
    let en = site.read("en/index.html");
    assert!(
        en.starts_with("<!doctype html>\n<html lang=\"en\">"),
        "{}",
        &en[..80]
    );
    assert!(
        en.contains(r#"<header class="masthead" lang="vi">"#),
        "the Vietnamese chrome says so"
    );
    assert!(site.read("en/gioi-thieu/index.html").contains("About us."));
    assert!(
        site.read("gioi-thieu/index.html")
            .contains("Sở Tư pháp là cơ quan chuyên môn"),
        "the Vietnamese page stays"
    );
    for page in [
        "index.html",
        "tin-tuc/index.html",
        "en/gioi-thieu/index.html",
    ] {
        assert!(
            site.read(page)
                .contains(r#"<a href="/en/" lang="en" hreflang="en">English</a>"#),
            "{page}"
        );
    }
    assert!(
        !site
            .read("index.html")
            .contains(r#"<a href="/en/gioi-thieu/""#),
        "English pages stay out of the Vietnamese menu"
    );
}
