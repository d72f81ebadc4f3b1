//! Site search: the real `search.js` run by Node against a built index.

use serde_json::Value;

use crate::support::*;

fn search(site: &TestSite, query: &str, kind: &str, field: &str) -> Value {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search/run.mjs");
    let out = std::process::Command::new("node")
        .arg(script)
        .arg(site.root().join("public"))
        .args([query, kind, field])
        .output()
        .expect("node is needed for the search tests (install Node.js)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn titles(r: &Value) -> Vec<String> {
    r["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["title"].as_str().unwrap().to_string())
        .collect()
}

fn built() -> TestSite {
    let site = TestSite::fixture("basic");
    site.write("content/procedures/dau-gia.yaml", "code: \"1.000001\"\nname: \"Đăng ký hoạt động doanh nghiệp đấu giá tài sản\"\nfield: \"Đấu giá tài sản\"\nlevel: tinh\nagency: Sở Tư pháp\nstatutory_days: 7\nfee: Không\nonline: full\ndocuments: [Giấy đề nghị]\nsteps: [Nộp hồ sơ]\nlegal_basis: [Luật Đấu giá tài sản]\nresult: Giấy đăng ký\napplicants: Doanh nghiệp\n");
    site.write("content/news/duong.md", "---\ntitle: \"Sửa đường vào trụ sở\"\ndate: 2026-03-03\ncategory: hoat-dong\n---\nĐường mới.\n");
    site.build_ok("2026-04-20");
    site
}

#[test]
fn finds_procedures_without_diacritics() {
    let site = built();
    let r = search(&site, "nhap quoc tich", "", "");
    assert_eq!(titles(&r)[0], "Thủ tục nhập quốc tịch Việt Nam");
    let with_marks = search(&site, "nhập quốc tịch", "", "");
    assert_eq!(
        titles(&with_marks),
        titles(&r),
        "with and without diacritics find the same"
    );
}

#[test]
fn d_with_stroke_folds_to_d() {
    let site = built();
    assert_eq!(
        titles(&search(&site, "dau gia", "", "")),
        titles(&search(&site, "đấu giá", "", ""))
    );
    assert_eq!(
        titles(&search(&site, "dau gia", "", ""))[0],
        "Đăng ký hoạt động doanh nghiệp đấu giá tài sản"
    );
    assert_eq!(
        titles(&search(&site, "duong", "", ""))[0],
        "Sửa đường vào trụ sở"
    );
}

#[test]
fn procedure_codes_match_exactly() {
    let site = built();
    let r = search(&site, "1.013837", "", "");
    assert_eq!(titles(&r), vec!["Thủ tục nhập quốc tịch Việt Nam"]);
    assert_eq!(r["total"], 1, "1.000001 must not match 1.013837");
}

#[test]
fn phrase_matches_rank_first() {
    let site = built();
    // "quoc tich" as a phrase is in the procedure title; the feedback only mentions both words apart.
    let r = search(&site, "tich quoc", "", "");
    let phrase = search(&site, "quoc tich", "", "");
    assert_eq!(titles(&phrase)[0], "Thủ tục nhập quốc tịch Việt Nam");
    assert!(r["total"].as_u64().unwrap() >= 1);
}

#[test]
fn filters_by_kind_and_field() {
    let site = built();
    let news = search(&site, "truc tuyen", "n", "");
    assert!(news["results"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["kind"] == "n"));
    assert!(titles(&news).contains(&"Đăng ký hộ tịch trực tuyến: hướng dẫn mới".to_string()));
    let field = search(&site, "dang ky", "", "Đấu giá tài sản");
    assert_eq!(
        titles(&field),
        vec!["Đăng ký hoạt động doanh nghiệp đấu giá tài sản"]
    );
}

#[test]
fn results_show_kind_title_and_snippet() {
    let site = built();
    let r = search(&site, "thoi han nhap quoc tich", "p", "");
    let first = &r["results"][0];
    assert_eq!(first["kindLabel"], "Phản ánh");
    assert_eq!(first["url"], "/phan-anh-kien-nghi/pakn-001/");
    assert!(first["snippet"].as_str().unwrap().contains("20 ngày"));
}

#[test]
fn the_index_holds_no_personal_data_or_markup() {
    let site = built();
    let index = snapshot_tree(&site.root().join("public/tim-kiem"));
    let index: Vec<_> = index
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "json"))
        .collect();
    assert!(index.len() >= 3, "meta, shards and document chunks");
    for (path, bytes) in index {
        let text = String::from_utf8_lossy(&bytes);
        for secret in [
            "Nguyễn Văn An",
            "nguyen van an",
            "0912345678",
            "an@example.com",
            "001234567890",
        ] {
            assert!(!text.contains(secret), "{secret} in {}", path.display());
        }
        assert!(!text.contains('<'), "markup in {}", path.display());
    }
}

#[test]
fn search_page_is_built_and_linked_from_every_page() {
    let site = built();
    let html = site.read("tim-kiem/index.html");
    let script = html
        .split(r#"<script type="module" src=""#)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the search script");
    assert!(
        script.starts_with("/assets/search.") && script.ends_with(".js"),
        "{script}"
    );
    assert!(
        site.exists(script.trim_start_matches('/')),
        "{script} is published"
    );
    assert!(html.contains(r#"<option value="Quốc tịch">Quốc tịch</option>"#));
    assert!(site
        .read("index.html")
        .contains(r#"<form class="site-search" action="/tim-kiem/" method="get" role="search">"#));
}

/// The preview keeps the index in memory and, after an edit, writes only
/// the files holding what changed: those files, laid over the index it had,
/// are exactly the index a full build makes of the edited site.
#[test]
fn an_edit_updates_only_the_index_files_it_changes_and_they_match_a_full_index() {
    use congkhai_core::output::search::{index, LiveIndex};
    use std::collections::BTreeMap;
    use std::sync::Arc;
    let site = TestSite::fixture("basic");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 4, 20);
    let load = || Arc::new(congkhai_core::build::load_site(site.root(), today, false).unwrap());
    let by_url = |files: Vec<congkhai_core::output::Generated>| -> BTreeMap<String, Vec<u8>> {
        files.into_iter().map(|g| (g.url, g.bytes)).collect()
    };
    let before = load();
    let (mut live, first) = LiveIndex::build(before.clone());
    let mut served = by_url(first);
    assert_eq!(served, by_url(index(&before)));

    // The same post, the same date: a new title and new words.
    site.write(
        "content/news/thang-hai.md",
        "---\ntitle: \"Tin tháng Hai: hòa giải ở cơ sở\"\ndate: 2026-02-28 09:00\ncategory: hoat-dong\nslug: \"Tin tháng 2\"\n---\nTháng Hai, hội nghị hòa giải viên.\n",
    );
    let after = load();
    let written = by_url(
        live.update(after.clone())
            .expect("the same documents")
            .files,
    );
    let full = by_url(index(&after));
    // (A site this small has 16 shards, and one post's words reach most.)
    assert!(
        written.len() < full.len(),
        "{} of {} files written",
        written.len(),
        full.len()
    );
    assert!(written.contains_key("/tim-kiem/meta.json"));
    served.extend(written);
    assert_eq!(served, full, "the updated index differs from a full one");

    // A second edit of the same post goes on from the first.
    site.write(
        "content/news/thang-hai.md",
        "---\ntitle: \"Tin tháng Hai\"\ndate: 2026-02-28 09:00\ncategory: hoat-dong\nslug: \"Tin tháng 2\"\n---\nTháng Hai.\n",
    );
    let again = load();
    served.extend(by_url(
        live.update(again.clone())
            .expect("the same documents")
            .files,
    ));
    assert_eq!(served, by_url(index(&again)));

    // New posts renumber the documents after them; the index is updated,
    // not made again, and its metadata gains a chunk (40 to a chunk).
    let docs = |served: &BTreeMap<String, Vec<u8>>| {
        let meta: serde_json::Value =
            serde_json::from_slice(&served["/tim-kiem/meta.json"]).unwrap();
        meta["docs"].as_u64().unwrap() as usize
    };
    let wanted = 41 - docs(&served) % 40;
    for i in 0..wanted {
        site.write(
            &format!("content/news/moi-{i:02}.md"),
            format!("---\ntitle: \"Tin mới {i}\"\ndate: 2026-03-{:02}\ncategory: hoat-dong\n---\nMới {i}, hòa giải.\n", i % 28 + 1),
        );
    }
    let grown = load();
    let update = live.update(grown.clone()).expect("documents came in order");
    assert!(update.gone.is_empty());
    served.extend(by_url(update.files));
    assert_eq!(served, by_url(index(&grown)), "after new posts");
    assert_eq!(docs(&served) % 40, 1);

    // A post taken down: the last chunk is no more.
    std::fs::remove_file(site.root().join("content/news/moi-00.md")).unwrap();
    let shrunk = load();
    let update = live.update(shrunk.clone()).expect("a document went");
    assert_eq!(update.gone.len(), 1, "{:?}", update.gone);
    for url in &update.gone {
        served.remove(url);
    }
    served.extend(by_url(update.files));
    assert_eq!(served, by_url(index(&shrunk)), "after a post went");

    // A post whose new date moves it among the others: made again.
    site.write(
        "content/news/moi-01.md",
        "---\ntitle: \"Tin mới 1\"\ndate: 2025-01-01\ncategory: hoat-dong\n---\nMới 1.\n",
    );
    assert!(live.update(load()).is_none());
}
