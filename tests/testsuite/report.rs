//! `congkhai report`: the counting rules of the tracker, pinned on a site
//! written by each test.

use serde_json::Value;

use crate::support::*;

fn post(site: &TestSite, name: &str, date: &str, extra: &str) {
    site.write(
        &format!("content/news/{name}.md"),
        format!("---\ntitle: \"{name}\"\ndate: {date}\ncategory: hoat-dong\n{extra}---\nx\n"),
    );
}

fn report(site: &TestSite, today: &str, extra: &[&str]) -> Value {
    let out = congkhai()
        .arg("report")
        .arg("--root")
        .arg(site.root())
        .args(["--today", today, "--json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

fn month<'a>(r: &'a Value, m: &str) -> &'a Value {
    r["months"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["month"] == m)
        .unwrap_or_else(|| panic!("no month {m} in {r}"))
}

#[test]
fn month_edges_count_in_the_site_time_zone() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-01-31T23:30:00", "");
    post(&site, "b", "2026-01-31T23:30:00+07:00", "");
    post(&site, "c", "2026-02-01T05:00:00", "");
    post(&site, "d", "2026-01-31T22:00:00Z", ""); // 05:00 on 1 Feb in Hà Nội
    let r = report(&site, "2026-03-15", &[]);
    assert_eq!(month(&r, "2026-01")["posts"], 2);
    assert_eq!(month(&r, "2026-02")["posts"], 2);
}

#[test]
fn months_without_posts_are_listed_as_short() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-01-10", "");
    post(&site, "b", "2026-01-11", "");
    let r = report(&site, "2026-03-15", &[]);
    let months: Vec<&str> = r["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-01", "2026-02", "2026-03"]);
    assert_eq!(month(&r, "2026-01")["met"], true);
    assert_eq!(month(&r, "2026-02")["posts"], 0);
    assert_eq!(month(&r, "2026-02")["met"], false);
    assert_eq!(month(&r, "2026-03")["in_progress"], true);
    assert_eq!(month(&r, "2026-03")["needed"], 2);
}

#[test]
fn drafts_and_scheduled_posts_never_count() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-03-01", "draft: true\n");
    post(&site, "b", "2026-03-20", "");
    post(&site, "c", "2026-03-14", "");
    let r = report(&site, "2026-03-15", &[]);
    assert_eq!(month(&r, "2026-03")["posts"], 1);
    assert_eq!(month(&r, "2026-03")["needed"], 1);
    let later = report(&site, "2026-03-20", &[]);
    assert_eq!(month(&later, "2026-03")["posts"], 2);
}

#[test]
fn leap_year_february_and_year_boundary() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2027-12-31T23:59:00+07:00", "");
    post(&site, "b", "2027-12-31T17:30:00Z", ""); // 00:30 on 1 Jan 2028 in Hà Nội
    post(&site, "c", "2028-02-29", "");
    let r = report(&site, "2028-03-01", &[]);
    assert_eq!(month(&r, "2027-12")["posts"], 1);
    assert_eq!(month(&r, "2028-01")["posts"], 1);
    assert_eq!(month(&r, "2028-02")["posts"], 1);
    assert_eq!(month(&r, "2028-03")["posts"], 0);
}

#[test]
fn guidance_documents_are_documents_plus_plans_per_year() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-01-10", "");
    site.write(
        "content/documents/d1.md",
        "---\nnumber: \"1/HD\"\ntitle: T\ndate: 2025-12-31\nkind: Hướng dẫn\n---\n",
    );
    site.write(
        "content/documents/d2.md",
        "---\nnumber: \"2/HD\"\ntitle: T\ndate: 2026-01-01\nkind: Hướng dẫn\n---\n",
    );
    site.write(
        "content/plans/p1.md",
        "---\nnumber: \"1/KH\"\ntitle: T\ndate: 2026-02-01\nissuer: Theo dõi\n---\n",
    );
    site.write(
        "site.yaml",
        std::fs::read_to_string(site.root().join("site.yaml")).unwrap()
            + "reporting: { period_start_day: 1 }\n",
    );
    let r = report(&site, "2026-03-15", &[]);
    let years = r["guidance_docs"].as_array().unwrap();
    let figures = |y: &Value| {
        (
            y["year"].clone(),
            y["count"].clone(),
            y["documents"].clone(),
            y["plans"].clone(),
            y["from"].clone(),
            y["to"].clone(),
        )
    };
    assert_eq!(
        figures(&years[0]),
        (
            2025.into(),
            1.into(),
            1.into(),
            0.into(),
            "01/01/2025".into(),
            "31/12/2025".into()
        )
    );
    assert_eq!(
        figures(&years[1]),
        (
            2026.into(),
            2.into(),
            1.into(),
            1.into(),
            "01/01/2026".into(),
            "31/12/2026".into()
        )
    );
}

#[test]
fn feedback_on_time_late_and_overdue() {
    let site = TestSite::fixture("tracker");
    let item = |name: &str, received: &str, extra: &str| {
        site.write(
            &format!("content/feedback/{name}.yaml"),
            format!("code: {name}\nreceived: {received}\nsubject: S\ncontent: C\nunit: U\n{extra}"),
        )
    };
    item(
        "on-time",
        "2026-03-02",
        "due: 2026-03-10\nanswer: A\nanswered: 2026-03-10\n",
    );
    item(
        "late",
        "2026-03-02",
        "due: 2026-03-10\nanswer: A\nanswered: 2026-03-11\n",
    );
    item("overdue", "2026-03-02", "");
    item("open", "2026-03-12", "");
    let r = report(&site, "2026-03-20", &[]);
    assert_eq!(
        r["feedback"],
        serde_json::json!({"received": 4, "answered": 2, "published": 2, "answered_on_time": 1, "answered_late": 1, "forwarded": 0, "overdue_open": 1, "on_time_percent": 33})
    );
}

#[test]
fn default_due_date_counts_working_days() {
    let site = TestSite::fixture("tracker");
    // Received Friday 24/4/2026; 10 working days, skipping the holiday on 30/4 and 1/5.
    site.write(
        "site.yaml",
        std::fs::read_to_string(site.root().join("site.yaml")).unwrap()
            + "holidays: [2026-04-30, 2026-05-01]\n",
    );
    site.write("content/feedback/x.yaml", "code: X\nreceived: 2026-04-24\nsubject: S\ncontent: C\nunit: U\nanswer: A\nanswered: 2026-05-12\n");
    let r = report(&site, "2026-05-20", &[]);
    assert_eq!(r["feedback"]["answered_on_time"], 1, "due is 12/05/2026");
    site.write("content/feedback/x.yaml", "code: X\nreceived: 2026-04-24\nsubject: S\ncontent: C\nunit: U\nanswer: A\nanswered: 2026-05-13\n");
    let r = report(&site, "2026-05-20", &[]);
    assert_eq!(r["feedback"]["answered_late"], 1);
}

#[test]
fn from_and_to_limit_the_months() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-01-10", "");
    let r = report(
        &site,
        "2026-06-15",
        &["--from", "2026-03", "--to", "2026-04"],
    );
    let months: Vec<&str> = r["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2026-03", "2026-04"]);
}

#[test]
fn quarter_report_counts_the_period_and_exports_csv() {
    let site = TestSite::fixture("tracker");
    for (n, d) in [
        ("a", "2026-01-05"),
        ("b", "2026-02-05"),
        ("c", "2026-02-06"),
        ("d", "2026-04-01"),
    ] {
        post(&site, n, d, "");
    }
    let r = report(&site, "2026-06-15", &["--period", "2026-Q1"]);
    assert_eq!(r["period"]["label"], "Quý I năm 2026");
    assert_eq!(r["period"]["posts"], 3);
    assert_eq!(r["period"]["months_met"], 1);
    assert_eq!(r["period"]["months_short"], 2);
    let out = congkhai()
        .arg("report")
        .arg("--root")
        .arg(site.root())
        .args([
            "--today",
            "2026-06-15",
            "--quarter",
            "2026-Q1",
            "--csv",
            "-",
        ])
        .output()
        .unwrap();
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.starts_with("\u{feff}Nội dung,Số liệu,Chỉ tiêu,Đánh giá\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"Tin, bài tháng 02/2026\",2,2,Đạt\r\n"),
        "{csv}"
    );
    assert!(
        csv.contains("\"Tin, bài tháng 03/2026\",0,2,\"Không đạt, thiếu 2\"\r\n"),
        "{csv}"
    );
    assert!(!csv.contains("04/2026"));
}

#[test]
fn fail_under_exits_non_zero_on_a_short_closed_month() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-01-05", "");
    let run = |today: &str| {
        congkhai()
            .arg("report")
            .arg("--root")
            .arg(site.root())
            .args(["--today", today, "--fail-under"])
            .output()
            .unwrap()
    };
    // January is still in progress: not a failure yet.
    assert!(run("2026-01-20").status.success());
    let out = run("2026-02-01");
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("2026-01 had 1 posts, target 2"));
}

#[test]
fn human_report_is_plain_when_piped() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-01-05", "");
    let out = congkhai()
        .arg("report")
        .arg("--root")
        .arg(site.root())
        .args(["--today", "2026-02-10"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\x1b'), "colour codes when piped");
    assert!(
        text.contains("01/2026            1  KHÔNG ĐẠT (thiếu 1)"),
        "{text}"
    );
    assert!(
        text.contains("02/2026            0  đang thực hiện: cần thêm 2 đến hết ngày 28/02/2026"),
        "{text}"
    );
}

#[test]
fn tracker_page_has_a_chart_with_text_alternative_and_table() {
    let site = TestSite::fixture("tracker");
    post(&site, "a", "2026-01-05", "");
    site.build_ok("2026-02-10");
    let html = site.read("theo-doi/index.html");
    assert!(html.contains(r#"<svg class="chart""#) && html.contains(r#"role="img""#));
    assert!(html.contains("<desc id=\"chart-desc\">Biểu đồ cột 2 tháng gần nhất; chỉ tiêu 2 tin, bài mỗi tháng. 0 tháng đạt, 1 tháng không đạt (tháng 01/2026: 1 tin, bài)."), "{html}");
    assert!(html.contains(
        "<th scope=\"row\">tháng 01/2026</th><td>1</td><td>2</td><td>Không đạt (thiếu 1)</td>"
    ));
    let home = site.read("index.html");
    assert!(
        home.contains("Tháng 02/2026: đã đăng 0 tin, bài (chỉ tiêu 2 tin, bài/tháng)."),
        "{home}"
    );
}
