//! Time-zone edge cases: a post counts on its date in the site's zone.

use crate::support::*;

fn post(site: &TestSite, name: &str, date: &str) {
    site.write(
        &format!("content/news/{name}.md"),
        format!("---\ntitle: \"{name}\"\ndate: {date}\ncategory: hoat-dong\n---\nx\n"),
    );
}

#[test]
fn utc_evening_on_the_last_day_is_the_next_month_in_vietnam() {
    let site = TestSite::fixture("basic");
    site.build_ok("2026-04-20");
    let html = site.read("tin-tuc/utc-offset/index.html");
    assert!(html.contains(">01/04/2026</time>"), "{html}");
}

#[test]
fn month_end_and_start_posts_land_in_their_months() {
    let site = TestSite::fixture("basic");
    post(&site, "cuoi-thang", "2026-01-31T23:30:00");
    post(&site, "cuoi-thang-offset", "2026-01-31T23:30:00+07:00");
    post(&site, "dau-thang", "2026-02-01T05:00:00");
    post(&site, "dau-thang-utc", "2026-01-31T22:00:00Z");
    site.build_ok("2026-04-20");
    assert!(site
        .read("tin-tuc/cuoi-thang/index.html")
        .contains(">31/01/2026</time>"));
    assert!(site
        .read("tin-tuc/cuoi-thang-offset/index.html")
        .contains(">31/01/2026</time>"));
    assert!(site
        .read("tin-tuc/dau-thang/index.html")
        .contains(">01/02/2026</time>"));
    assert!(site
        .read("tin-tuc/dau-thang-utc/index.html")
        .contains(">01/02/2026</time>"));
}

#[test]
fn leap_day_is_a_date_but_february_30_is_not() {
    let site = TestSite::fixture("basic");
    post(&site, "nhuan", "2028-02-29");
    site.build_ok("2028-03-01");
    assert!(site
        .read("tin-tuc/nhuan/index.html")
        .contains(">29/02/2028</time>"));
    post(&site, "sai", "2026-02-30");
    let out = site.build("2028-03-01", &[]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("has 28 days"), "{}", stderr(&out));
}

#[test]
fn a_post_dated_today_late_at_night_is_published_today() {
    let site = TestSite::fixture("basic");
    post(&site, "toi-nay", "2026-04-20T23:59:00+07:00");
    site.build_ok("2026-04-20");
    assert!(site.exists("tin-tuc/toi-nay/index.html"));
}
