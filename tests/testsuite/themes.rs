//! Theme overrides: the embedded default theme, replaced file by file.

use crate::support::*;

#[test]
fn builds_without_a_themes_folder() {
    let site = TestSite::fixture("basic");
    assert!(!site.root().join("themes").exists());
    site.build_ok("2026-04-20");
    assert!(site
        .read("assets/style.css")
        .contains("congkhai default theme"));
}

#[test]
fn a_site_template_overrides_the_embedded_one() {
    let site = TestSite::fixture("basic");
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Ghi đè: {{ page.title }}</h1>{% endblock main %}",
    );
    site.build_ok("2026-04-20");
    assert!(site
        .read("gioi-thieu/index.html")
        .contains("<h1>Ghi đè: Giới thiệu</h1>"));
    // Other templates still come from the embedded theme.
    assert!(site.read("tin-tuc/index.html").contains("<h1>Tin tức"));
}

#[test]
fn a_site_asset_overrides_the_embedded_one() {
    let site = TestSite::fixture("basic");
    site.write("themes/default/static/style.css", "body{color:red}");
    site.write("static/robots.txt", "User-agent: *\n");
    site.build_ok("2026-04-20");
    assert_eq!(site.read("assets/style.css"), "body{color:red}");
    assert_eq!(site.read("robots.txt"), "User-agent: *\n");
}

#[test]
fn errors_on_a_broken_template_naming_it() {
    let site = TestSite::fixture("basic");
    site.write("themes/default/templates/page.html", "{% extends \"base.html\" %}{% block main %}{{ page.title | nosuchfilter }}{% endblock main %}");
    let out = site.build("2026-04-20", &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("page.html"), "{err}");
}
