//! The open datasets published under `/du-lieu/`: their files and
//! columns, written by [`crate::output::data`] and documented on the
//! `/du-lieu/` page by [`crate::render`].

use serde::Serialize;

/// A published dataset and its columns, for the `/du-lieu/` page.
/// A published dataset and its columns, for the `/du-lieu/` page.
#[derive(Debug, Serialize)]
pub struct Dataset {
    /// Its name on the page.
    pub name: &'static str,
    /// What it holds, in a sentence or two.
    pub description: &'static str,
    /// Its files' addresses (JSON and CSV).
    pub files: &'static [&'static str],
    /// Each column's key and its meaning.
    pub columns: &'static [(&'static str, &'static str)],
}

/// Every dataset under `/du-lieu/`, in the order the page lists them.
pub const DATASETS: &[Dataset] = &[
    Dataset {
        name: "Thủ tục hành chính",
        description: "Toàn bộ thủ tục hành chính đang công khai, đủ các thành phần theo Nghị định 63/2010/NĐ-CP. Trong CSV, các danh sách được nối bằng \" | \".",
        files: &["/du-lieu/thu-tuc.json", "/du-lieu/thu-tuc.csv"],
        columns: &[
            ("code", "Mã thủ tục"), ("name", "Tên thủ tục"), ("field", "Lĩnh vực"), ("level", "Cấp thực hiện (tinh, xa)"),
            ("agency", "Cơ quan thực hiện"), ("statutory_days", "Thời hạn theo quy định (ngày làm việc)"),
            ("processing_days", "Thời hạn Sở giải quyết (ngày làm việc)"), ("fee", "Phí, lệ phí"),
            ("online", "Mức độ trực tuyến (full, partial, none)"), ("boundary_free", "Không phụ thuộc địa giới hành chính (true, false)"),
            ("documents", "Thành phần hồ sơ"), ("steps", "Trình tự thực hiện"), ("legal_basis", "Căn cứ pháp lý"),
            ("forms", "Mẫu đơn, tờ khai"), ("requirements", "Yêu cầu, điều kiện"), ("result", "Kết quả"),
            ("applicants", "Đối tượng thực hiện"), ("status", "Tình trạng (active, amended, abolished)"),
            ("announcement", "Quyết định công bố"), ("dvc_url", "Địa chỉ trên Cổng Dịch vụ công quốc gia"),
            ("last_verified", "Ngày đối chiếu gần nhất (YYYY-MM-DD)"), ("url", "Địa chỉ trang thủ tục"),
        ],
    },
    Dataset {
        name: "Phản ánh, kiến nghị đã trả lời",
        description: "Mọi phản ánh, kiến nghị đã trả lời. Không có thông tin cá nhân của người gửi; nội dung là văn bản thuần, đã loại bỏ mọi thẻ HTML.",
        files: &["/du-lieu/phan-anh-kien-nghi.json", "/du-lieu/phan-anh-kien-nghi.csv"],
        columns: &[
            ("code", "Mã phản ánh, kiến nghị"), ("received", "Ngày tiếp nhận"), ("due", "Hạn trả lời"), ("answered", "Ngày trả lời"),
            ("on_time", "Trả lời đúng hạn (true, false)"), ("subject", "Tiêu đề"), ("content", "Nội dung"), ("answer", "Nội dung trả lời"),
            ("procedure", "Mã thủ tục liên quan"), ("unit", "Đơn vị xử lý"), ("commune", "Xã, phường của người gửi"), ("url", "Địa chỉ trang"),
        ],
    },
    Dataset {
        name: "Kế hoạch, nhiệm vụ và chỉ tiêu",
        description: "Kế hoạch kèm nhiệm vụ và bảng chỉ tiêu (JSON); một dòng mỗi nhiệm vụ và một dòng mỗi chỉ tiêu (CSV).",
        files: &["/du-lieu/ke-hoach.json", "/du-lieu/ke-hoach-nhiem-vu.csv", "/du-lieu/ke-hoach-chi-tieu.csv"],
        columns: &[
            ("plan_number", "Số kế hoạch"), ("plan_title", "Tên kế hoạch"), ("plan_date", "Ngày ban hành (YYYY-MM-DD; YYYY-MM hoặc YYYY khi chưa rõ ngày)"),
            ("task_number", "Số thứ tự nhiệm vụ"), ("title", "Nhiệm vụ"), ("lead", "Đơn vị chủ trì"), ("partners", "Đơn vị phối hợp"),
            ("deadline", "Thời hạn (ngày dd/mm/yyyy hoặc diễn giải)"), ("deadline_date", "Thời hạn (YYYY-MM-DD, nếu là ngày)"), ("status", "Tình trạng"),
            ("name", "Chỉ tiêu"), ("unit", "Đơn vị tính"), ("target", "Mức phải đạt"), ("monitor", "Đơn vị chủ trì theo dõi, đánh giá"),
        ],
    },
    Dataset {
        name: "Lấy ý kiến dự thảo",
        description: "Mọi dự thảo đã và đang lấy ý kiến (dự thảo đang lấy ý kiến được xếp trước); kết quả tổng hợp ý kiến là HTML đã làm sạch.",
        files: &["/du-lieu/lay-y-kien.json"],
        columns: &[
            ("title", "Tên dự thảo"), ("drafting_unit", "Đơn vị soạn thảo"), ("opens_iso", "Ngày bắt đầu lấy ý kiến (YYYY-MM-DD)"),
            ("closes_iso", "Ngày hết hạn góp ý (YYYY-MM-DD)"), ("status", "Tình trạng (open, closed)"), ("files", "Tệp dự thảo"),
            ("address", "Địa chỉ nhận góp ý"), ("email", "Thư điện tử nhận góp ý"), ("result_html", "Tổng hợp ý kiến, tiếp thu, giải trình"), ("url", "Địa chỉ trang"),
        ],
    },
    Dataset {
        name: "Số liệu theo dõi chỉ tiêu",
        description: "Số tin, bài theo tháng, văn bản hướng dẫn, chỉ đạo theo năm báo cáo (kèm danh sách văn bản được tính), phản ánh, kiến nghị, thủ tục và nhiệm vụ trong kế hoạch, như trang Theo dõi chỉ tiêu.",
        files: &["/du-lieu/theo-doi.json", "/du-lieu/theo-doi.csv"],
        columns: &[("month", "Tháng (YYYY-MM)"), ("posts", "Số tin, bài"), ("target", "Chỉ tiêu"), ("met", "Đạt (true, false)"), ("in_progress", "Tháng đang thực hiện"), ("needed", "Số tin, bài còn thiếu")],
    },
];
