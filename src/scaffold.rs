//! `congkhai new` and `congkhai init`: content files with every field of
//! their kind filled in, and a new site that builds as it is.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::content::Kind;
use crate::slug::slugify;

/// The file `new` writes for `kind` with `title`, relative to the root.
pub fn new_path(kind: Kind, title: &str) -> Option<PathBuf> {
    let slug = slugify(title);
    if slug.is_empty() {
        return None;
    }
    let ext = if matches!(kind, Kind::Procedure | Kind::Feedback) {
        "yaml"
    } else {
        "md"
    };
    Some(
        Path::new("content")
            .join(kind.folder())
            .join(format!("{slug}.{ext}")),
    )
}

/// Quotes a value for YAML.
fn q(s: &str) -> String {
    serde_json::to_string(s).expect("strings serialise")
}

/// The text of a new content file: every field of its kind, required ones
/// marked, optional ones commented out with an example.
pub fn new_content(kind: Kind, title: &str, today: NaiveDate) -> String {
    let t = q(title);
    match kind {
        Kind::News => format!(
            "---\ntitle: {t}   # bắt buộc\ndate: {today}   # bắt buộc: ngày đăng (YYYY-MM-DD, có thể thêm giờ HH:MM)\ncategory: hoat-dong   # bắt buộc: một khóa chuyên mục trong site.yaml\nsummary: \"\"   # tóm tắt; để trống thì lấy đoạn đầu\nauthor: \"\"\ntags: []\ndraft: true   # đổi thành false (hoặc xóa dòng) khi đăng\n---\nNội dung bài viết.\n"
        ),
        Kind::Document => format!(
            "---\nnumber: \"\"   # bắt buộc: số ký hiệu, ví dụ 15/HD-STP\ntitle: {t}   # bắt buộc: trích yếu\ndate: {today}   # bắt buộc: ngày ban hành\nkind: \"Hướng dẫn\"   # bắt buộc: Công văn, Hướng dẫn, Quyết định, Thông báo...\nissuer: \"Sở Tư pháp\"\nsigner: \"\"\n# file: ten-tep.pdf   # tệp đính kèm đặt cạnh tệp này\nsummary: \"\"\ndraft: true\n---\nNội dung tóm tắt văn bản.\n"
        ),
        Kind::Plan => format!(
            "---\nnumber: \"\"   # số kế hoạch, ví dụ 25/KH-STP (để trống nếu chưa có số)\ntitle: {t}   # bắt buộc\ndate: {today}   # bắt buộc: YYYY-MM-DD; chưa rõ ngày: YYYY-MM\nissuer: \"Sở Tư pháp\"   # bắt buộc\nsigner: \"\"\nsigner_title: \"Giám đốc\"\nbased_on: []\ntasks:\n  - title: \"Nhiệm vụ thứ nhất\"   # bắt buộc\n    lead: \"Văn phòng Sở\"   # bắt buộc: đơn vị chủ trì\n    partners: [\"Các phòng, đơn vị thuộc Sở\"]\n    deadline: \"thường xuyên\"   # ngày YYYY-MM-DD hoặc diễn giải\nindicators:\n  - name: \"Tỷ lệ xử lý phản ánh, kiến nghị đúng hạn\"   # bắt buộc\n    unit: \"%\"\n    target: \"100%\"   # bắt buộc\n    lead: \"Các phòng chuyên môn\"\n    monitor: \"Văn phòng Sở\"\ndraft: true\n---\nTóm lược mục đích, yêu cầu của kế hoạch.\n"
        ),
        Kind::Procedure => format!(
            "code: \"\"   # bắt buộc: mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.013837\nname: {t}   # bắt buộc\nfield: \"\"   # bắt buộc: lĩnh vực\nlevel: tinh   # bắt buộc: tinh hoặc xa\nagency: \"Sở Tư pháp\"   # bắt buộc\nstatutory_days: 0   # bắt buộc: thời hạn theo quy định (ngày làm việc)\n# processing_days: 0   # thời hạn Sở giải quyết\nfee: \"Không\"   # bắt buộc\nonline: partial   # bắt buộc: full, partial hoặc none\nboundary_free: true\ndocuments:   # bắt buộc: thành phần hồ sơ\n  - \"\"\nsteps:   # bắt buộc: trình tự thực hiện\n  - \"\"\nlegal_basis:   # bắt buộc: căn cứ pháp lý\n  - \"\"\nforms: []\nrequirements: []\nresult: \"\"   # kết quả (luật yêu cầu công bố)\napplicants: \"\"   # đối tượng thực hiện (luật yêu cầu công bố)\nstatus: active\n# announcement: \"Quyết định số .../QĐ-UBND ngày ...\"\n# dvc_url: \"https://dichvucong.gov.vn/...\"\n# last_verified: YYYY-MM-DD   # ngày đã đối chiếu với Cơ sở dữ liệu quốc gia về TTHC (điền sau khi đối chiếu)\n"
        ),
        Kind::Feedback => format!(
            "code: \"\"   # bắt buộc: mã phản ánh, kiến nghị\nreceived: {today}   # bắt buộc: ngày tiếp nhận\nsubject: {t}   # bắt buộc\ncontent: \"\"   # bắt buộc: nội dung (không ghi số điện thoại, email, số định danh)\nsender:   # chỉ lưu cho Văn phòng, không bao giờ công khai\n  name: \"\"\n  phone: \"\"\n  email: \"\"\n  address: \"\"\n  id_number: \"\"\n  commune: \"\"\n# procedure: \"1.013837\"   # mã thủ tục liên quan\nunit: \"Văn phòng Sở\"   # bắt buộc: đơn vị xử lý\n# due: YYYY-MM-DD   # để trống: ngày tiếp nhận + số ngày làm việc trong site.yaml\n# answer: \"\"   # nội dung trả lời (có answer và answered thì được công khai)\n# answered: YYYY-MM-DD\n# public_contacts: []   # số điện thoại, email chính thức được phép đăng trong câu trả lời\n"
        ),
        Kind::Consultation => format!(
            "---\ntitle: {t}   # bắt buộc: tên dự thảo\ndrafting_unit: \"Phòng Nghiệp vụ I\"   # bắt buộc: đơn vị soạn thảo\nopens: {today}   # bắt buộc: ngày bắt đầu lấy ý kiến\ncloses: {today}   # bắt buộc: ngày hết hạn góp ý\nfiles: []   # tệp dự thảo đặt cạnh tệp này, ví dụ [du-thao.pdf, to-trinh.docx]\naddress: \"\"   # địa chỉ nhận góp ý bằng văn bản\nemail: \"\"   # thư điện tử nhận góp ý\n# result: \"\"   # sau khi hết hạn: tổng hợp ý kiến đã nhận và việc tiếp thu, giải trình\ndraft: true\n---\nTóm tắt nội dung dự thảo và những vấn đề cần xin ý kiến.\n"
        ),
        Kind::Page => format!("---\ntitle: {t}   # bắt buộc\nsummary: \"\"\nmenu: false   # true: hiện trên menu chính\norder: 10\n---\nNội dung trang.\n"),
    }
}

/// The files of a new site, relative to its folder.
pub fn init_files(title: &str, today: NaiveDate) -> Vec<(PathBuf, String)> {
    let site = format!(
        "title: {}\ndescription: \"\"\nbase_url: \"https://example.gov.vn\"   # địa chỉ chính thức của trang\nlanguage: vi\ntimezone: Asia/Ho_Chi_Minh\ntargets:\n  posts_per_month: 7\n  guidance_docs_per_year: 60\nfeedback_due_working_days: 10\npaginate_by: 20\n",
        q(title)
    );
    let mut files = vec![(PathBuf::from("site.yaml"), site)];
    let samples = [
        (Kind::News, "Bài viết đầu tiên"),
        (Kind::Page, "Giới thiệu"),
    ];
    for (kind, sample) in samples {
        let text = new_content(kind, sample, today)
            .replace("draft: true", "draft: false")
            .replace("menu: false", "menu: true");
        files.push((
            new_path(kind, sample).expect("sample titles have slugs"),
            text,
        ));
    }
    for kind in [Kind::Document, Kind::Plan, Kind::Procedure, Kind::Feedback] {
        files.push((
            Path::new("content").join(kind.folder()).join(".gitkeep"),
            String::new(),
        ));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::content::check_file;

    #[test]
    fn new_files_parse_once_their_required_fields_are_filled() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let config = Config::default_for_test();
        for kind in [Kind::News, Kind::Page, Kind::Plan, Kind::Consultation] {
            let text = new_content(kind, "Tiêu đề", today);
            let path = new_path(kind, "Tiêu đề").unwrap();
            assert!(
                check_file(&config, kind, &path, text.as_bytes()).is_empty(),
                "{kind:?}"
            );
        }
        for kind in [Kind::Document, Kind::Procedure, Kind::Feedback] {
            let text = new_content(kind, "Tiêu đề", today);
            let problems = check_file(
                &config,
                kind,
                &new_path(kind, "Tiêu đề").unwrap(),
                text.as_bytes(),
            );
            assert!(
                problems
                    .iter()
                    .all(|d| d.message.contains("is empty") || d.message.contains("no entries")),
                "{kind:?}: {problems:?}"
            );
            assert!(
                !problems.is_empty(),
                "{kind:?}: required fields must be asked for"
            );
        }
    }

    #[test]
    fn paths_are_folded_slugs() {
        assert_eq!(
            new_path(Kind::News, "Tiêu đề bài viết").unwrap(),
            Path::new("content/news/tieu-de-bai-viet.md")
        );
        assert_eq!(
            new_path(Kind::Procedure, "Nhập quốc tịch").unwrap(),
            Path::new("content/procedures/nhap-quoc-tich.yaml")
        );
        assert!(new_path(Kind::News, "!!!").is_none());
    }
}
