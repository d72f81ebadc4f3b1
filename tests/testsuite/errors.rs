//! Bad input: a clear message naming the file (and line), a non-zero exit,
//! and the previous output left exactly as it was.

use crate::support::*;

const TODAY: &str = "2026-04-20";

/// Builds once (good), breaks the site with `edit`, builds again and checks
/// the failure; returns stderr.
fn fails_and_keeps_output(edit: impl FnOnce(&TestSite)) -> String {
    let site = TestSite::fixture("basic");
    site.build_ok(TODAY);
    let before = snapshot_tree(&site.root().join("public"));
    edit(&site);
    let out = site.build(TODAY, &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "expected failure, got {:?}\n{}",
        out.status,
        stderr(&out)
    );
    assert_eq!(
        snapshot_tree(&site.root().join("public")),
        before,
        "public/ changed after a failed build"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("congkhai-"))
        .collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
    stderr(&out)
}

#[test]
fn errors_on_missing_required_field_with_file_and_line() {
    let err = fails_and_keeps_output(|s| {
        s.write(
            "content/news/x.md",
            "---\ntitle: X\ncategory: hoat-dong\n---\n",
        )
    });
    assert!(err.contains("content/news/x.md:2"), "{err}");
    assert!(err.contains("missing field `date`"), "{err}");
}

#[test]
fn errors_on_unknown_field_with_suggestion() {
    let err = fails_and_keeps_output(|s| {
        s.write(
            "content/news/x.md",
            "---\ntitle: X\ndate: 2026-01-01\ncategory: hoat-dong\nsumary: y\n---\n",
        )
    });
    assert!(err.contains("content/news/x.md:5"), "{err}");
    assert!(err.contains("did you mean `summary`"), "{err}");
}

#[test]
fn errors_on_unknown_category() {
    let err = fails_and_keeps_output(|s| {
        s.write(
            "content/news/x.md",
            "---\ntitle: X\ndate: 2026-01-01\ncategory: hoat-dog\n---\n",
        )
    });
    assert!(err.contains("content/news/x.md:4"), "{err}");
    assert!(
        err.contains("unknown news category `hoat-dog`")
            && err.contains("did you mean `hoat-dong`"),
        "{err}"
    );
}

#[test]
fn errors_on_unclosed_front_matter() {
    let err = fails_and_keeps_output(|s| s.write("content/news/x.md", "---\ntitle: X\n"));
    assert!(
        err.contains("content/news/x.md:1") && err.contains("never closed"),
        "{err}"
    );
}

#[test]
fn errors_on_non_utf8_file() {
    let err = fails_and_keeps_output(|s| {
        s.write("content/news/x.md", b"---\ntitle: \xc0\n---\n".as_slice())
    });
    assert!(
        err.contains("content/news/x.md:2") && err.contains("not UTF-8"),
        "{err}"
    );
}

#[test]
fn errors_on_malformed_yaml() {
    let err =
        fails_and_keeps_output(|s| s.write("content/procedures/x.yaml", "code: \"1\nname: [\n"));
    assert!(err.contains("content/procedures/x.yaml"), "{err}");
}

#[test]
fn errors_on_duplicate_procedure_code_naming_both_files() {
    let err = fails_and_keeps_output(|s| {
        let text = std::fs::read_to_string(s.root().join("content/procedures/nhap-quoc-tich.yaml"))
            .unwrap();
        s.write("content/procedures/ban-sao.yaml", text);
    });
    assert!(err.contains("procedure code `1.013837`"), "{err}");
    assert!(
        err.contains("ban-sao.yaml") && err.contains("nhap-quoc-tich.yaml"),
        "{err}"
    );
}

#[test]
fn errors_on_feedback_answered_before_received() {
    let err = fails_and_keeps_output(|s| {
        s.write("content/feedback/x.yaml", "code: X1\nreceived: 2026-03-10\nsubject: S\ncontent: C\nunit: U\nanswer: A\nanswered: 2026-03-01\n")
    });
    assert!(
        err.contains("content/feedback/x.yaml:7")
            && err.contains("answered before it was received"),
        "{err}"
    );
}

#[test]
fn errors_on_plan_task_without_lead() {
    let err = fails_and_keeps_output(|s| {
        s.write("content/plans/x.md", "---\nnumber: \"1/KH\"\ntitle: T\ndate: 2026-01-01\nissuer: Sở\ntasks:\n  - title: Việc\n    lead: \"\"\n---\n")
    });
    assert!(
        err.contains("content/plans/x.md:8") && err.contains("empty `lead`"),
        "{err}"
    );
}

#[test]
fn errors_on_feedback_about_unknown_procedure() {
    let err = fails_and_keeps_output(|s| {
        s.write("content/feedback/x.yaml", "code: X1\nreceived: 2026-03-10\nsubject: S\ncontent: C\nunit: U\nprocedure: \"1.013838\"\n")
    });
    assert!(
        err.contains("procedure `1.013838`, which does not exist")
            && err.contains("did you mean `1.013837`"),
        "{err}"
    );
}

#[test]
fn reports_every_problem_in_one_run() {
    let err = fails_and_keeps_output(|s| {
        s.write(
            "content/news/a.md",
            "---\ntitle: A\ndate: 2026-02-30\ncategory: hoat-dong\n---\n",
        );
        s.write(
            "content/news/b.md",
            "---\ntitle: B\ndate: 2026-01-01\ncategory: khong-co\n---\n",
        );
    });
    assert!(
        err.contains("content/news/a.md:3") && err.contains("content/news/b.md:4"),
        "{err}"
    );
    assert!(err.contains("2 error(s)"), "{err}");
}

#[test]
fn errors_on_missing_site_yaml_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let out = congkhai()
        .arg("build")
        .arg("--root")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("site.yaml") && err.contains("--root"), "{err}");
}

#[test]
fn refuses_to_write_output_over_the_sources() {
    let site = TestSite::fixture("basic");
    let out = site.build(
        TODAY,
        &["--output", site.root().join("content").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("refusing"));
    assert!(
        site.root().join("content/news/utc-offset.md").exists(),
        "content lost"
    );
}

#[test]
fn hostile_slugs_stay_inside_the_output() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/news/x.md",
        "---\ntitle: X\ndate: 2026-01-01\ncategory: hoat-dong\nslug: \"../../../etc/evil\"\n---\n",
    );
    site.build_ok(TODAY);
    assert!(site.exists("tin-tuc/etc-evil/index.html"));
    assert!(!site.root().join("etc").exists());
}
