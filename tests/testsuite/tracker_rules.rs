//! The tracker counts what the plans count: guidance documents of the
//! agency itself, the on-time rate over items due, reporting periods cut on
//! the 15th, the procedure catalogue, overdue plan tasks, and no nagging on
//! public pages. Each rule on a small site written by the test.

use serde_json::Value;

use crate::support::*;

fn report(site: &TestSite, today: &str, extra: &[&str]) -> Value {
    let out = report_run(site, today, &["--json"], extra);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn report_run(site: &TestSite, today: &str, mode: &[&str], extra: &[&str]) -> std::process::Output {
    congkhai()
        .arg("report")
        .arg("--root")
        .arg(site.root())
        .args(["--today", today])
        .args(mode)
        .args(extra)
        .output()
        .unwrap()
}

fn add_to_config(site: &TestSite, yaml: &str) {
    let text = std::fs::read_to_string(site.root().join("site.yaml")).unwrap();
    site.write("site.yaml", text + yaml);
}

fn document(site: &TestSite, name: &str, date: &str, extra: &str) {
    site.write(
        &format!("content/documents/{name}.md"),
        format!("---\nnumber: \"{name}/HD\"\ntitle: \"Văn bản {name}\"\ndate: {date}\nkind: Hướng dẫn\n{extra}---\n"),
    );
}

fn plan(site: &TestSite, name: &str, date: &str, issuer: &str, tasks: &str) {
    site.write(
        &format!("content/plans/{name}.md"),
        format!("---\nnumber: \"{name}/KH\"\ntitle: \"Kế hoạch {name}\"\ndate: {date}\nissuer: \"{issuer}\"\n{tasks}---\n"),
    );
}

fn post(site: &TestSite, name: &str, date: &str) {
    site.write(
        &format!("content/news/{name}.md"),
        format!("---\ntitle: \"{name}\"\ndate: {date}\ncategory: hoat-dong\n---\nx\n"),
    );
}

fn year(r: &Value, y: i64) -> &Value {
    r["guidance_docs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["year"] == y)
        .unwrap_or_else(|| panic!("no year {y} in {r}"))
}

fn numbers(y: &Value) -> Vec<String> {
    let mut v: Vec<String> = y["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["number"].as_str().unwrap().to_string())
        .collect();
    v.sort();
    v
}

/// A document of `kind` titled `title`.
fn doc_of(site: &TestSite, name: &str, date: &str, kind: &str, title: &str, extra: &str) {
    site.write(
        &format!("content/documents/{name}.md"),
        format!(
            "---\nnumber: \"{name}\"\ntitle: \"{title}\"\ndate: {date}\nkind: {kind}\n{extra}---\n"
        ),
    );
}

/// Seed 001 §II.2, item 2.4: "trong năm có từ 60 văn bản hướng dẫn chỉ đạo
/// các lĩnh vực công tác của Sở". What counts is a document that guides or
/// directs, whoever issued it; a notice or a decision only when marked.
#[test]
fn guidance_counts_documents_that_guide_or_direct_from_any_issuer() {
    let site = TestSite::fixture("tracker"); // title: "Theo dõi"
    doc_of(
        &site,
        "hd",
        "2026-03-02",
        "Hướng dẫn",
        "Hướng dẫn công tác hộ tịch",
        "issuer: \"Theo dõi\"\n",
    );
    doc_of(
        &site,
        "hd-ubnd",
        "2026-03-03",
        "Hướng dẫn",
        "Hướng dẫn của tỉnh",
        "issuer: \"Ủy ban nhân dân tỉnh\"\n",
    );
    doc_of(
        &site,
        "ct",
        "2026-03-04",
        "Chỉ thị",
        "Chỉ thị về phổ biến pháp luật",
        "",
    );
    doc_of(
        &site,
        "cv-hd",
        "2026-03-05",
        "Công văn",
        "V/v hướng dẫn triển khai chứng thực điện tử",
        "",
    );
    doc_of(
        &site,
        "cv-bc",
        "2026-03-06",
        "Công văn",
        "V/v đề nghị báo cáo số liệu quý I",
        "",
    );
    doc_of(
        &site,
        "tb",
        "2026-03-07",
        "Thông báo",
        "Thông báo lịch tiếp công dân",
        "",
    );
    doc_of(
        &site,
        "qd",
        "2026-03-08",
        "Quyết định",
        "Quyết định về việc khen thưởng",
        "",
    );
    doc_of(
        &site,
        "qd-cd",
        "2026-03-09",
        "Quyết định",
        "Quyết định ban hành Quy chế",
        "guidance: true\n",
    );
    doc_of(
        &site,
        "hd-out",
        "2026-03-10",
        "Hướng dẫn",
        "Hướng dẫn nội bộ",
        "guidance: false\n",
    );
    plan(&site, "p-ubnd", "2026-03-11", "Ủy ban nhân dân tỉnh", "");
    let r = report(&site, "2026-04-01", &[]);
    let y = year(&r, 2026);
    assert_eq!(
        numbers(y),
        ["ct", "cv-hd", "hd", "hd-ubnd", "p-ubnd/KH", "qd-cd"],
        "the counted items can be audited"
    );
    assert_eq!(
        (y["documents"].clone(), y["plans"].clone()),
        (5.into(), 1.into())
    );
    assert_eq!(
        (y["from"].as_str(), y["to"].as_str()),
        (Some("01/01/2026"), Some("31/12/2026"))
    );
    site.build_ok("2026-04-01");
    let page = site.read("theo-doi/index.html");
    assert!(
        page.contains("Danh sách 6 văn bản được tính năm 2026"),
        "{page}"
    );
    assert!(!page.contains("/van-ban/tb/"));
}

#[test]
fn the_guidance_year_is_the_calendar_year_and_early_years_get_no_verdict() {
    let site = TestSite::fixture("tracker");
    // Content from December 2025 only: 2025 is not covered from January.
    document(&site, "dec", "2025-12-20", "");
    document(&site, "jan", "2026-01-05", "");
    let r = report(&site, "2026-04-01", &[]);
    let (y25, y26) = (year(&r, 2025), year(&r, 2026));
    assert_eq!(
        numbers(y25),
        ["dec/HD"],
        "20/12/2025 counts in 2025, the calendar year"
    );
    assert_eq!(y25["judged"], false, "{y25}");
    assert_eq!(y26["judged"], true);
    site.build_ok("2026-04-01");
    let page = site.read("theo-doi/index.html");
    assert!(page.contains("Không đánh giá"), "{page}");
    assert!(!page.contains("Không đạt (thiếu 2)"), "no verdict for 2025");
    add_to_config(&site, "  since: 2025\n");
    assert_eq!(
        year(&report(&site, "2026-04-01", &[]), 2025)["judged"],
        true
    );
}

#[test]
fn guidance_issuers_and_kinds_come_from_site_yaml() {
    let site = TestSite::fixture("tracker");
    add_to_config(
        &site,
        "  guidance_issuers: [\"Sở Tư pháp tỉnh A\", \"Văn phòng Sở\"]\n  guidance_kinds: [\"hướng dẫn\", \"Kế hoạch\"]\n",
    );
    document(&site, "a", "2026-03-02", "issuer: \"sở tư pháp tỉnh a\"\n");
    document(&site, "b", "2026-03-03", "issuer: \"Văn phòng Sở\"\n");
    document(&site, "title", "2026-03-04", "issuer: \"Theo dõi\"\n");
    site.write(
        "content/documents/tb.md",
        "---\nnumber: \"tb/TB\"\ntitle: T\ndate: 2026-03-05\nkind: Thông báo\nissuer: Văn phòng Sở\n---\n",
    );
    plan(&site, "p", "2026-03-06", "Văn phòng Sở", "");
    let y = year(&report(&site, "2026-04-01", &[]), 2026).clone();
    assert_eq!(numbers(&y), ["a/HD", "b/HD", "p/KH"]);
}

#[test]
fn on_time_rate_counts_open_items_past_due() {
    let site = TestSite::fixture("tracker");
    let item = |name: &str, extra: &str| {
        site.write(
            &format!("content/feedback/{name}.yaml"),
            format!("code: {name}\nreceived: 2026-03-02\ndue: 2026-03-10\nsubject: S\ncontent: C\nunit: U\n{extra}"),
        )
    };
    item("open", "");
    // Before the due date nothing is due: no rate at all, not 100.
    let r = report(&site, "2026-03-05", &[]);
    assert_eq!(
        r["feedback"]["on_time_percent"],
        Value::Null,
        "{}",
        r["feedback"]
    );
    // An answer on time counts; the open item is not past due yet.
    item("on-time", "answer: A\nanswered: 2026-03-09\n");
    let r = report(&site, "2026-03-10", &[]);
    assert_eq!(r["feedback"]["on_time_percent"], 100);
    // After the due date the open item lowers the rate: 1 / (1 + 1).
    let r = report(&site, "2026-03-11", &[]);
    assert_eq!(r["feedback"]["overdue_open"], 1);
    assert_eq!(r["feedback"]["on_time_percent"], 50);
}

#[test]
fn periods_are_cut_on_the_15th_at_vietnam_midnight() {
    let site = TestSite::fixture("tracker");
    post(&site, "q1-late-evening", "2026-03-14T23:30:00+07:00");
    post(&site, "q1-utc", "2026-03-14T16:30:00Z"); // 23:30 on the 14th in Hà Nội
    post(&site, "q2-after-midnight", "2026-03-15T00:30:00+07:00");
    post(&site, "q2-utc", "2026-03-14T17:30:00Z"); // 00:30 on the 15th in Hà Nội
    post(&site, "q1-december", "2025-12-15T00:30:00+07:00");
    post(&site, "last-year", "2025-12-14T23:30:00+07:00");
    document(&site, "dec", "2025-12-20", "");
    site.write(
        "content/feedback/f.yaml",
        "code: F\nreceived: 2026-03-14\nsubject: S\ncontent: C\nunit: U\nanswer: A\nanswered: 2026-03-16\n",
    );
    site.write(
        "content/feedback/g.yaml",
        "code: G\nreceived: 2026-03-15\nsubject: S\ncontent: C\nunit: U\nanswer: A\nanswered: 2026-03-16\n",
    );
    let r = report(&site, "2026-06-30", &["--period", "2026-Q1"]);
    let p = &r["period"];
    assert_eq!(
        (p["from"].as_str(), p["to"].as_str()),
        (Some("15/12/2025"), Some("14/03/2026"))
    );
    assert_eq!(p["posts"], 3, "{p}");
    assert_eq!(
        p["guidance_docs"], 1,
        "a document of 20/12/2025 is in Q1 2026"
    );
    assert_eq!(
        r["feedback"]["received"], 1,
        "only F was received in the period"
    );
    let q2 = report(&site, "2026-06-30", &["--period", "2026-Q2"]);
    assert_eq!(q2["period"]["posts"], 2);
    let year = report(&site, "2026-06-30", &["--period", "2026"]);
    assert_eq!(
        (
            year["period"]["from"].as_str(),
            year["period"]["to"].as_str()
        ),
        (Some("15/12/2025"), Some("14/12/2026"))
    );
    assert_eq!(year["period"]["posts"], 5);
}

#[test]
fn period_start_day_one_gives_calendar_periods() {
    let site = TestSite::fixture("tracker");
    add_to_config(&site, "reporting: { period_start_day: 1 }\n");
    post(&site, "a", "2026-03-31T23:30:00+07:00");
    post(&site, "b", "2026-03-31T17:30:00Z"); // 00:30 on 1 April in Hà Nội
    let r = report(&site, "2026-06-30", &["--period", "2026-Q1"]);
    assert_eq!(
        (r["period"]["from"].as_str(), r["period"]["to"].as_str()),
        (Some("01/01/2026"), Some("31/03/2026"))
    );
    assert_eq!(r["period"]["posts"], 1);
}

#[test]
fn a_bad_period_start_day_is_an_error_in_site_yaml() {
    let site = TestSite::fixture("tracker");
    add_to_config(&site, "reporting: { period_start_day: 31 }\n");
    let out = site.build("2026-06-30", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("site.yaml"), "{}", stderr(&out));
    assert!(stderr(&out).contains("period_start_day"));
}

fn procedure(site: &TestSite, code: &str, extra: &str) {
    site.write(
        &format!("content/procedures/{}.yaml", code.to_lowercase()),
        format!(
            "code: \"{code}\"\nname: \"Thủ tục {code}\"\nfield: \"Quốc tịch\"\nlevel: tinh\nagency: \"Sở\"\nstatutory_days: 20\nfee: \"Không\"\nonline: partial\nboundary_free: true\ndocuments: [\"Đơn\"]\nsteps: [\"Nộp hồ sơ\"]\nlegal_basis: [\"Luật\"]\nresult: \"Quyết định\"\napplicants: \"Công dân\"\n{extra}"
        ),
    );
}

#[test]
fn the_catalogue_measures_which_announced_procedures_are_published() {
    let site = TestSite::fixture("tracker");
    add_to_config(&site, "procedure_catalogue: data/danh-muc.csv\n");
    site.write(
        "data/danh-muc.csv",
        "\u{feff}STT,code,name,Ghi chú\r\n1,A-01,Thủ tục A-01,\r\n2,B-02,\"Thủ tục B-02, cấp tỉnh\",\r\n3,C-03,Thủ tục C-03,\r\n",
    );
    procedure(&site, "A-01", "");
    procedure(&site, "C-03", "status: abolished\n");
    procedure(&site, "X-99", "");
    let r = report(&site, "2026-04-01", &[]);
    let p = &r["procedures"];
    assert_eq!(p["total"], 2, "the abolished one no longer counts: {p}");
    assert_eq!(p["abolished"], 1);
    assert_eq!(p["catalogue"], 3);
    assert_eq!(p["listed_of_catalogue"], 1);
    assert_eq!(p["missing"], serde_json::json!(["B-02", "C-03"]));
    let fail = report_run(&site, "2026-04-01", &["--fail-under"], &[]);
    assert_eq!(fail.status.code(), Some(1));
    assert!(stderr(&fail).contains("B-02, C-03"), "{}", stderr(&fail));
    let check = congkhai()
        .args(["check", "--today", "2026-04-01", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let err = stderr(&check);
    assert!(
        err.contains("content/procedures/x-99.yaml")
            && err.contains("X-99 is not in the catalogue"),
        "{err}"
    );
    site.build_ok("2026-04-01");
    let page = site.read("theo-doi/index.html");
    assert!(
        page.contains("Theo danh mục thủ tục đã công bố: 1/3 thủ tục đã công khai"),
        "{page}"
    );
    assert!(
        page.contains("<li>B-02: Thủ tục B-02, cấp tỉnh</li>"),
        "{page}"
    );
}

#[test]
fn a_catalogue_without_code_and_name_columns_is_an_error_naming_its_line() {
    let site = TestSite::fixture("tracker");
    add_to_config(&site, "procedure_catalogue: dm.csv\n");
    site.write("dm.csv", "ma so,ten goi\n1,A\n");
    let out = site.build("2026-04-01", &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("dm.csv:1"), "{}", stderr(&out));
    std::fs::remove_file(site.root().join("dm.csv")).unwrap();
    let out = site.build("2026-04-01", &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing catalogue is an error"
    );
    let err = stderr(&out);
    assert!(
        err.contains("site.yaml") && err.contains("procedure_catalogue"),
        "{err}"
    );
}

/// The department's own units, as `site.yaml` lists them.
const UNITS: &str = "units: [\"Văn phòng Sở\", \"Phòng Nghiệp vụ I\", \"Phòng Nghiệp vụ II\"]\n";

#[test]
fn only_a_status_that_says_not_done_makes_a_task_overdue() {
    let site = TestSite::fixture("tracker");
    add_to_config(&site, UNITS);
    plan(
        &site,
        "p",
        "2026-01-05",
        "Theo dõi",
        "tasks:\n  - title: \"Hạn hôm qua, chưa báo cáo\"\n    lead: Văn phòng Sở\n    deadline: 2026-03-09\n  - title: \"Hạn hôm qua, đang thực hiện\"\n    lead: Văn phòng Sở\n    deadline: 2026-03-09\n    status: đang thực hiện\n  - title: \"Hạn hôm qua, đã xong\"\n    lead: Văn phòng Sở\n    deadline: 2026-03-09\n    status: \"Đã hoàn thành\"\n  - title: \"Hạn hôm nay\"\n    lead: Văn phòng Sở\n    deadline: 2026-03-10\n    status: chưa thực hiện\n  - title: \"Thường xuyên\"\n    lead: Phòng Nghiệp vụ I\n    deadline: thường xuyên\n  - title: \"Không làm, có lý do\"\n    lead: Phòng Nghiệp vụ I\n    deadline: 2026-02-01\n    status: không thực hiện\n    reason: \"Văn bản cấp trên đã thay thế\"\n",
    );
    let r = report(&site, "2026-03-10", &[]);
    assert_eq!(
        r["plans"],
        serde_json::json!({"tasks": 6, "tasks_own": 6, "tasks_overdue": 1, "tasks_status_unknown": 1})
    );
    let out = site.build_ok("2026-03-10");
    let err = stderr(&out);
    assert!(
        err.contains("Hạn hôm qua, chưa báo cáo") && err.contains("no status"),
        "a check warning: {err}"
    );
    let overdue = r#"<strong class="overdue">Quá hạn</strong>"#;
    let plan_page = site.read("ke-hoach/p/index.html");
    assert_eq!(plan_page.matches(overdue).count(), 1, "{plan_page}");
    assert_eq!(
        plan_page.matches("chưa cập nhật kết quả").count(),
        1,
        "{plan_page}"
    );
    assert!(plan_page.contains("Lý do: Văn bản cấp trên đã thay thế"));
    let unit = site.read("ke-hoach/don-vi/van-phong-so/index.html");
    assert_eq!(unit.matches(overdue).count(), 1);
    let tracker = site.read("theo-doi/index.html");
    assert!(
        tracker.contains("quá hạn mà chưa hoàn thành: 1"),
        "{tracker}"
    );
    assert!(tracker.contains("chưa cập nhật kết quả: 1"), "{tracker}");
}

#[test]
fn other_agencies_tasks_are_never_the_departments_shortfall() {
    // Seed 000 gives tasks to Văn phòng UBND tỉnh, "Các sở, ban, ngành" and
    // UBND các xã, phường.
    let site = TestSite::fixture("tracker");
    add_to_config(&site, UNITS);
    plan(
        &site,
        "p",
        "2026-01-05",
        "Theo dõi",
        "tasks:\n  - title: \"Việc của tỉnh\"\n    lead: Văn phòng UBND tỉnh\n    deadline: 2026-01-31\n    status: chưa thực hiện\n  - title: \"Việc của các sở\"\n    lead: \"Các sở, ban, ngành\"\n    deadline: 2026-01-31\n  - title: \"Việc của xã\"\n    lead: \"UBND các xã, phường\"\n    deadline: 2026-01-31\n  - title: \"Việc của Sở\"\n    lead: \"Các phòng, đơn vị thuộc Sở\"\n    deadline: 2026-01-31\n",
    );
    let r = report(&site, "2026-03-10", &[]);
    assert_eq!(
        r["plans"],
        serde_json::json!({"tasks": 4, "tasks_own": 1, "tasks_overdue": 0, "tasks_status_unknown": 1})
    );
    site.build_ok("2026-03-10");
    let plan_page = site.read("ke-hoach/p/index.html");
    assert!(
        plan_page.contains("Văn phòng UBND tỉnh"),
        "shown with its lead"
    );
}

#[test]
fn joint_leads_each_list_the_task() {
    // Seed 001 §II.2, item 2.4: "Văn phòng Sở; Nghiệp vụ II; các phòng, đơn vị ...".
    let site = TestSite::fixture("tracker");
    add_to_config(&site, UNITS);
    plan(
        &site,
        "p",
        "2026-01-05",
        "Theo dõi",
        "tasks:\n  - title: \"Duy trì Trang thông tin điện tử\"\n    ref: \"II.2.4\"\n    lead: [Văn phòng Sở, Phòng Nghiệp vụ II]\n    deadline: thường xuyên\n  - title: \"Rà soát\"\n    lead: \"Văn phòng Sở; Phòng Nghiệp vụ I\"\n",
    );
    site.build_ok("2026-03-10");
    for unit in ["van-phong-so", "phong-nghiep-vu-ii"] {
        let page = site.read(&format!("ke-hoach/don-vi/{unit}/index.html"));
        assert!(page.contains("Duy trì Trang thông tin điện tử"), "{unit}");
    }
    assert!(site
        .read("ke-hoach/don-vi/phong-nghiep-vu-i/index.html")
        .contains("Rà soát"));
    let plan_page = site.read("ke-hoach/p/index.html");
    assert!(plan_page.contains("(mục II.2.4)"), "{plan_page}");
    assert!(
        plan_page.contains("Chưa nêu thời hạn"),
        "a missing deadline is said so"
    );
}

#[test]
fn a_deadline_before_a_day_is_due_the_day_before() {
    // Seed wording: "trước ngày 30/4/2025".
    let site = TestSite::fixture("tracker");
    add_to_config(&site, UNITS);
    plan(
        &site,
        "p",
        "2025-01-05",
        "Theo dõi",
        "tasks:\n  - title: \"Báo cáo\"\n    lead: Văn phòng Sở\n    deadline: \"trước ngày 30/4/2025\"\n    status: đang thực hiện\n  - title: \"Quý\"\n    lead: Văn phòng Sở\n    deadline: \"trong quý I năm 2025\"\n    status: đang thực hiện\n",
    );
    let late = |today: &str| report(&site, today, &[])["plans"]["tasks_overdue"].clone();
    assert_eq!(late("2025-03-31"), 0);
    assert_eq!(late("2025-04-01"), 1, "the quarter ended on 31/3");
    assert_eq!(late("2025-04-29"), 1, "due at the end of 29/4");
    assert_eq!(late("2025-04-30"), 2);
    site.build_ok("2025-04-30");
    assert!(
        site.read("ke-hoach/p/index.html")
            .contains("Trước ngày 30/4/2025"),
        "shown as written"
    );
}

#[test]
fn public_pages_do_not_say_what_is_still_needed_but_editors_see_it() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-02-02");
    site.build_ok("2026-02-10");
    for page in ["index.html", "theo-doi/index.html", "tin-tuc/a/index.html"] {
        let html = site.read(page);
        assert!(!html.contains("cần thêm"), "{page} nags citizens");
        assert!(html.contains("Tháng 02/2026: đã đăng 1 tin, bài (chỉ tiêu 2 tin, bài/tháng)."));
    }
    let check = congkhai()
        .args(["check", "--today", "2026-02-10", "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("cần thêm 1 tin, bài đến hết ngày 28/02/2026"),
        "{text}"
    );
    add_to_config(&site, "tracker: { show_needed: true }\n");
    site.build_ok("2026-02-10");
    assert!(site.read("index.html").contains(
        "Tháng 02/2026: đã đăng 1/2 tin, bài; cần thêm 1 tin, bài đến hết ngày 28/02/2026."
    ));
}
