//! Citizens' personal data never reaches the output: phone, ID and e-mail
//! variants (`tests/fixtures/privacy/refused.txt`) stop the build in every
//! published field; the sender's own name, phone, e-mail, ID number and
//! address typed into the answer are refused; ordinary numbers
//! (`allowed.txt`) pass; and no output file holds a sender's details.

use crate::support::*;

fn lines(name: &str) -> Vec<String> {
    let path = format!(
        "{}/tests/fixtures/privacy/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.replace("{NBSP}", "\u{a0}").replace("{ZW}", "\u{200b}"))
        .collect()
}

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// A feedback item with `text` in field `field`.
fn item(code: &str, field: &str, text: &str) -> String {
    let mut fields = vec![
        ("code", code.to_string()),
        ("subject", "Hỏi về thủ tục".to_string()),
        ("content", "Nội dung".to_string()),
        ("unit", "Văn phòng Sở".to_string()),
        ("answer", "Đã trả lời".to_string()),
    ];
    for f in &mut fields {
        if f.0 == field {
            f.1 = text.to_string();
        }
    }
    let mut yaml: String = fields
        .iter()
        .map(|(k, v)| format!("{k}: {}\n", q(v)))
        .collect();
    yaml.push_str("received: 2026-03-01\nanswered: 2026-03-02\n");
    if field == "commune" {
        yaml.push_str(&format!("sender:\n  commune: {}\n", q(text)));
    }
    yaml
}

/// Error counts per file from `check --format json`.
fn errors_by_file(site: &TestSite) -> std::collections::HashMap<String, usize> {
    let out = congkhai()
        .args([
            "check",
            "--format",
            "json",
            "--today",
            "2026-04-20",
            "--root",
        ])
        .arg(site.root())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    let mut counts = std::collections::HashMap::new();
    for d in v["problems"].as_array().unwrap() {
        if d["severity"] == "error" {
            *counts
                .entry(d["file"].as_str().unwrap().to_string())
                .or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn every_way_of_writing_a_phone_id_or_email_is_refused_in_every_published_field() {
    let site = TestSite::fixture("basic");
    let variants = lines("refused.txt");
    assert!(variants.len() >= 40);
    let fields = ["subject", "content", "answer", "unit", "code", "commune"];
    let mut expected = Vec::new();
    for (i, text) in variants.iter().enumerate() {
        let field = fields[i % fields.len()];
        let file = format!("content/feedback/v{i}.yaml");
        site.write(&file, item(&format!("V{i}"), field, text));
        expected.push((file, field, text));
    }
    let errors = errors_by_file(&site);
    let missed: Vec<String> = expected
        .iter()
        .filter(|(file, ..)| !errors.contains_key(file.as_str()))
        .map(|(_, field, text)| format!("{field}: {text}"))
        .collect();
    assert!(missed.is_empty(), "published:\n{}", missed.join("\n"));
    assert_eq!(site.build("2026-04-20", &[]).status.code(), Some(1));
}

#[test]
fn ordinary_numbers_are_not_taken_for_personal_data() {
    let site = TestSite::fixture("basic");
    for (i, text) in lines("allowed.txt").iter().enumerate() {
        site.write(
            &format!("content/feedback/ok{i}.yaml"),
            item(&format!("OK{i}"), "answer", text),
        );
    }
    let errors = errors_by_file(&site);
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn the_senders_own_details_typed_into_the_answer_are_refused() {
    let sender = "sender:\n  name: \"Hoàng Văn Nam\"\n  phone: \"0912345678\"\n  email: \"nam.hv@gmail.com\"\n  id_number: \"001234567890\"\n  address: \"Số 5, ngõ 12, đường Lê Lợi\"\n  commune: \"Phường Đông Kinh\"\n";
    for (what, answer) in [
        (
            "name",
            "Kính gửi ông Hoàng Văn Nam, Sở Tư pháp trả lời như sau.",
        ),
        (
            "name folded",
            "Kính gửi ông HOANG VAN NAM, Sở Tư pháp trả lời như sau.",
        ),
        ("phone", "Sở đã gọi vào số 091 234 5678 của ông."),
        ("id", "Đã xác minh số 001 234 567 890."),
        ("email", "Đã gửi thư tới NAM.HV@GMAIL.COM."),
        ("address", "Cán bộ đã đến số 5 ngõ 12 đường Lê Lợi."),
    ] {
        let site = TestSite::fixture("basic");
        site.write(
            "content/feedback/rieng.yaml",
            format!("code: R\nreceived: 2026-03-01\nsubject: S\ncontent: C\nunit: U\nanswer: {}\nanswered: 2026-03-02\n{sender}", q(answer)),
        );
        let errors = errors_by_file(&site);
        assert!(
            errors.contains_key("content/feedback/rieng.yaml"),
            "{what}: {answer}"
        );
    }
}

#[test]
fn another_name_after_a_form_of_address_is_a_warning() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/feedback/ten.yaml",
        "code: T\nreceived: 2026-03-01\nsubject: S\ncontent: C\nunit: U\nanswer: \"Đề nghị liên hệ ông Trần Văn Bình, Phó Chánh Văn phòng.\"\nanswered: 2026-03-02\nsender:\n  name: \"Hoàng Văn Nam\"\n",
    );
    let out = site.build("2026-04-20", &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("content/feedback/ten.yaml") && err.contains("Trần Văn Bình"),
        "{err}"
    );
}

#[test]
fn no_output_file_holds_a_senders_details() {
    let site = TestSite::fixture("basic");
    site.write(
        "content/feedback/sach.yaml",
        "code: S1\nreceived: 2026-03-01\nsubject: \"Hỏi về hộ tịch\"\ncontent: \"Tôi muốn hỏi.\"\nunit: U\nanswer: \"Kính gửi ông H.V.N., đường dây nóng 0205 3812 345.\"\nanswered: 2026-03-02\npublic_contacts: [\"0205.3812.345\"]\nsender:\n  name: \"Hoàng Văn Nam\"\n  phone: \"0987 654 321\"\n  email: \"nam.hv@gmail.com\"\n  id_number: \"001234567890\"\n  address: \"Số 5, ngõ 12, đường Lê Lợi\"\n  commune: \"Phường Đông Kinh\"\n",
    );
    site.build_ok("2026-04-20");
    for (path, bytes) in snapshot_tree(&site.root().join("public")) {
        let text = String::from_utf8_lossy(&bytes);
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let lower = text.to_lowercase();
        for needle in ["hoàng văn nam", "nam.hv", "lê lợi", "ngõ 12"] {
            assert!(!lower.contains(needle), "{needle} in {}", path.display());
        }
        for number in ["0987654321", "001234567890"] {
            assert!(
                !digits.contains(number) || path.extension().is_some_and(|e| e == "pdf"),
                "{number} in {}",
                path.display()
            );
        }
    }
}
