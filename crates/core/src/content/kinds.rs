//! One description of each content kind: its folder, file format, the
//! fields it accepts in their documented order (with Vietnamese labels,
//! help text, whether they are required, and their type), and which fields
//! the editing desk lists and filters by.
//!
//! Loading reads the field names from here (unknown-field hints), `new`
//! writes its files from here, and the editing desk builds its forms and
//! its `/__congkhai/api/kinds` answer from here. The tests in
//! `tests/testsuite/kinds.rs` hold the descriptions to the loader: every
//! described field is accepted, every required one is refused when
//! missing, every optional one may be left out.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

use serde::Serialize;

use super::Kind;
use crate::routes::{self, Section};

/// How a kind's files are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A `---` YAML header and a Markdown body (`.md`).
    Markdown,
    /// YAML only (`.yaml`), no body.
    Yaml,
}

/// What a field holds, and so how a form asks for it.
#[derive(Debug, Clone, Copy)]
pub enum FieldType {
    /// One line of text.
    Text,
    /// Several lines of text.
    Long,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// A date with an optional time, `YYYY-MM-DD HH:MM`.
    DateTime,
    /// A date, or only its month (`YYYY-MM`) or year (`YYYY`).
    PartialDate,
    /// A number (days).
    Number,
    /// Yes or no, with the value assumed when the field is left out.
    Bool(bool),
    Url,
    Email,
    /// One of fixed values: (value written, label shown).
    Choice(&'static [(&'static str, &'static str)]),
    /// One of a standard list of names, or another written in ("Khác"):
    /// the form offers the list, a file keeps any text.
    Named(&'static [&'static str]),
    /// One of the news categories of `site.yaml`.
    Category,
    /// The code of one of the site's procedures.
    Procedure,
    /// The name of a file stored beside the item.
    Attachment,
    /// Names of files stored beside the item.
    Attachments,
    /// A list of lines.
    List,
    /// A list of records, each with these fields.
    Rows(&'static [Field]),
    /// One record with these fields.
    Group(&'static [Field]),
}

impl FieldType {
    /// The name used in `/__congkhai/api/kinds`.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Long => "long",
            FieldType::Date => "date",
            FieldType::DateTime => "datetime",
            FieldType::PartialDate => "partial-date",
            FieldType::Number => "number",
            FieldType::Bool(_) => "bool",
            FieldType::Url => "url",
            FieldType::Email => "email",
            FieldType::Choice(_) => "choice",
            FieldType::Named(_) => "named",
            FieldType::Category => "category",
            FieldType::Procedure => "procedure",
            FieldType::Attachment => "attachment",
            FieldType::Attachments => "attachments",
            FieldType::List => "list",
            FieldType::Rows(_) => "rows",
            FieldType::Group(_) => "group",
        }
    }
}

/// One field of a kind.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The key written in the file.
    pub name: &'static str,
    /// The label shown to staff.
    pub label: &'static str,
    /// What to write, in a sentence.
    pub help: &'static str,
    pub required: bool,
    pub ty: FieldType,
    /// Never published: kept for the office only (the desk says so).
    pub private: bool,
}

const fn f(name: &'static str, label: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field {
        name,
        label,
        help,
        required: false,
        ty,
        private: false,
    }
}

const fn req(name: &'static str, label: &'static str, ty: FieldType, help: &'static str) -> Field {
    Field {
        required: true,
        ..f(name, label, ty, help)
    }
}

const fn private(field: Field) -> Field {
    Field {
        private: true,
        ..field
    }
}

/// The description of one kind.
#[derive(Debug, Clone, Copy)]
pub struct KindSpec {
    pub kind: Kind,
    /// Plural label ("Tin, bài").
    pub label: &'static str,
    /// Singular label for buttons ("tin, bài").
    pub noun: &'static str,
    pub format: Format,
    /// The field shown as the item's name in lists.
    pub title: &'static str,
    /// The field giving the item's date (lists are newest first), if any.
    pub date: Option<&'static str>,
    /// The field lists can be filtered by ("category", "field"...), if any.
    pub group: Option<&'static str>,
    /// Label of the Markdown body, for kinds written as Markdown.
    pub body: Option<&'static str>,
    pub fields: &'static [Field],
    /// The section its pages are in; None for static pages (`/<slug>/`).
    pub section: Option<Section>,
    /// Names on the command line (`congkhai new NAME`), the English one
    /// first, then Vietnamese ones.
    pub names: &'static [&'static str],
    /// The title of its section's feeds (`Tin tức`), when its items are
    /// fed ([`crate::content::Item::feed_entry`]); fed items are also in the
    /// site's combined feeds.
    pub feed: Option<&'static str>,
    /// The open datasets (addresses under `/du-lieu/`) its items are in.
    pub open_data: &'static [&'static str],
    /// Whether its items are in the search index.
    pub searched: bool,
}

impl KindSpec {
    /// The address of an item's page.
    pub fn item_url(&self, slug: &str) -> String {
        match self.section {
            Some(section) => section.item(slug),
            None => format!("/{slug}/"),
        }
    }

    /// The spec of `kind`.
    pub fn of(kind: Kind) -> &'static KindSpec {
        match kind {
            Kind::News => &NEWS,
            Kind::Document => &DOCUMENT,
            Kind::Plan => &PLAN,
            Kind::Procedure => &PROCEDURE,
            Kind::Feedback => &FEEDBACK,
            Kind::Consultation => &CONSULTATION,
            Kind::Page => &PAGE,
        }
    }

    /// Every kind's description, in [`Kind::ALL`] order.
    pub fn all() -> impl Iterator<Item = &'static KindSpec> {
        Kind::ALL.into_iter().map(KindSpec::of)
    }

    /// The kind called `name` on the command line (`news`, `tin-tuc`...).
    pub fn by_name(name: &str) -> Option<&'static KindSpec> {
        KindSpec::all().find(|k| k.names.contains(&name))
    }

    /// The kind whose folder is `key` (`news`, `documents`...).
    pub fn by_key(key: &str) -> Option<&'static KindSpec> {
        Kind::ALL
            .into_iter()
            .find(|k| k.folder() == key)
            .map(KindSpec::of)
    }

    /// The API and folder name of the kind.
    pub fn key(&self) -> &'static str {
        self.kind.folder()
    }

    /// The top-level field names, in the documented order.
    pub fn names(&self) -> Vec<&'static str> {
        self.fields.iter().map(|f| f.name).collect()
    }

    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The extension of new files of the kind.
    pub fn extension(&self) -> &'static str {
        match self.format {
            Format::Markdown => "md",
            Format::Yaml => "yaml",
        }
    }
}

const SLUG: Field = f(
    "slug",
    "Địa chỉ trang",
    FieldType::Text,
    "Phần cuối của địa chỉ trang, chỉ gồm chữ không dấu, số và dấu gạch nối; để trống thì tạo từ tiêu đề.",
);
const DRAFT: Field = f(
    "draft",
    "Bản nháp",
    FieldType::Bool(false),
    "Đánh dấu khi chưa muốn đăng: bản nháp không hiện trên Trang thông tin điện tử.",
);
const FILES: Field = f(
    "files",
    "Tệp đính kèm",
    FieldType::Attachments,
    "Bấm «Tải tệp lên» để đính kèm tệp PDF, Word, Excel hoặc ảnh; tệp được đăng cùng trang, có ghi loại và dung lượng.",
);
const GUIDANCE: Field = f(
    "guidance",
    "Tính là văn bản hướng dẫn, chỉ đạo",
    FieldType::Bool(true),
    "Được tính khi cơ quan ban hành là Sở; bỏ chọn để không tính vào chỉ tiêu 60 văn bản/năm.",
);

pub static NEWS: KindSpec = KindSpec {
    names: &["news", "tin", "tin-tuc"],
    feed: Some("Tin tức"),
    open_data: &[],
    searched: true,
    section: Some(routes::NEWS),
    kind: Kind::News,
    label: "Tin, bài",
    noun: "tin, bài",
    format: Format::Markdown,
    title: "title",
    date: Some("date"),
    group: Some("category"),
    body: Some("Nội dung bài viết"),
    fields: &[
        req("title", "Tiêu đề", FieldType::Text, "Tiêu đề bài viết."),
        req(
            "date",
            "Ngày đăng",
            FieldType::DateTime,
            "Ngày đăng, có thể kèm giờ (giờ Việt Nam).",
        ),
        req(
            "category",
            "Chuyên mục",
            FieldType::Category,
            "Chọn chuyên mục của tin, bài.",
        ),
        f(
            "summary",
            "Tóm tắt",
            FieldType::Long,
            "Để trống thì lấy đoạn đầu của bài.",
        ),
        f(
            "author",
            "Tác giả",
            FieldType::Text,
            "Người viết hoặc đơn vị gửi bài.",
        ),
        f("tags", "Từ khóa", FieldType::List, "Mỗi dòng một từ khóa."),
        FILES,
        DRAFT,
        SLUG,
    ],
};

const DOC_TYPES: &[(&str, &str)] = &[
    ("chi-dao", "Văn bản chỉ đạo, hướng dẫn"),
    ("vbqppl", "Văn bản quy phạm pháp luật"),
    (
        "ngan-sach",
        "Công khai ngân sách (dự toán, thực hiện, quyết toán)",
    ),
    ("khac", "Văn bản khác (thông báo, quyết định...)"),
];
/// The forms of documents (thể thức văn bản): the administrative forms of
/// Nghị định 30/2020/NĐ-CP (Điều 7) and the legal ones of Luật Ban hành
/// văn bản quy phạm pháp luật, most used first.
pub const DOCUMENT_FORMS: &[&str] = &[
    "Công văn",
    "Hướng dẫn",
    "Kế hoạch",
    "Quyết định",
    "Thông báo",
    "Chỉ thị",
    "Báo cáo",
    "Chương trình",
    "Nghị quyết",
    "Quy chế",
    "Quy định",
    "Đề án",
    "Phương án",
    "Tờ trình",
    "Công điện",
    "Thông cáo",
    "Luật",
    "Bộ luật",
    "Pháp lệnh",
    "Nghị định",
    "Thông tư",
    "Thông tư liên tịch",
];

const IN_FORCE: &[(&str, &str)] = &[
    ("effective", "Còn hiệu lực"),
    ("partly_expired", "Hết hiệu lực một phần"),
    ("expired", "Hết hiệu lực toàn bộ"),
];

pub static DOCUMENT: KindSpec = KindSpec {
    names: &["document", "van-ban"],
    feed: Some("Văn bản"),
    open_data: &[],
    searched: true,
    section: Some(routes::DOCUMENTS),
    kind: Kind::Document,
    label: "Văn bản",
    noun: "văn bản",
    format: Format::Markdown,
    title: "title",
    date: Some("date"),
    group: Some("kind"),
    body: Some("Nội dung tóm tắt"),
    fields: &[
        req("number", "Số, ký hiệu", FieldType::Text, "Ví dụ 15/HD-STP."),
        req(
            "title",
            "Trích yếu",
            FieldType::Long,
            "Trích yếu nội dung văn bản.",
        ),
        req(
            "date",
            "Ngày ban hành",
            FieldType::Date,
            "Ngày ký ban hành.",
        ),
        req(
            "kind",
            "Loại văn bản",
            FieldType::Named(DOCUMENT_FORMS),
            "Chọn loại văn bản; không có trong danh sách thì chọn «Khác» và ghi rõ.",
        ),
        f(
            "type",
            "Nhóm văn bản",
            FieldType::Choice(DOC_TYPES),
            "Để trống: văn bản hướng dẫn, chỉ đạo nếu là Hướng dẫn, Chỉ thị, Kế hoạch, Công văn hướng dẫn; còn lại là văn bản khác.",
        ),
        f(
            "field",
            "Lĩnh vực",
            FieldType::Text,
            "Ví dụ: Hộ tịch, Công chứng.",
        ),
        f(
            "issuer",
            "Cơ quan ban hành",
            FieldType::Text,
            "Để trống: Sở Tư pháp (tên trang).",
        ),
        f("signer", "Người ký", FieldType::Text, ""),
        f(
            "in_force",
            "Hiệu lực",
            FieldType::Choice(IN_FORCE),
            "Chỉ dùng cho văn bản quy phạm pháp luật.",
        ),
        f(
            "effective_from",
            "Ngày có hiệu lực",
            FieldType::Date,
            "Ngày văn bản bắt đầu có hiệu lực.",
        ),
        f(
            "expired_on",
            "Ngày hết hiệu lực",
            FieldType::Date,
            "Khi văn bản hết hiệu lực.",
        ),
        f(
            "replaced_by",
            "Văn bản thay thế",
            FieldType::Text,
            "Số, ký hiệu của văn bản thay thế.",
        ),
        f(
            "source_url",
            "Nguồn chính thức",
            FieldType::Url,
            "Địa chỉ văn bản trên Cơ sở dữ liệu quốc gia về pháp luật hoặc Công báo.",
        ),
        f(
            "file",
            "Tệp văn bản",
            FieldType::Attachment,
            "Bấm «Tải tệp lên» để chọn tệp PDF hoặc Word của văn bản.",
        ),
        f("summary", "Tóm tắt", FieldType::Long, ""),
        GUIDANCE,
        DRAFT,
        SLUG,
    ],
};

const TASK: &[Field] = &[
    req("title", "Nhiệm vụ", FieldType::Long, ""),
    req(
        "lead",
        "Đơn vị chủ trì",
        FieldType::List,
        "Mỗi dòng một đơn vị; nhiều dòng khi các đơn vị cùng chủ trì.",
    ),
    f(
        "partners",
        "Đơn vị phối hợp",
        FieldType::List,
        "Mỗi dòng một đơn vị.",
    ),
    f(
        "deadline",
        "Thời hạn",
        FieldType::Text,
        "Ghi như kế hoạch: 30/4/2026, trước ngày 30/4/2026, trong quý I năm 2026, thường xuyên. Để trống nếu kế hoạch không nêu.",
    ),
    f(
        "status",
        "Tình trạng",
        FieldType::Choice(crate::content::plan::TaskState::CHOICES),
        "Để trống khi chưa có báo cáo kết quả.",
    ),
    f(
        "reason",
        "Lý do không thực hiện",
        FieldType::Long,
        "Bắt buộc khi tình trạng là «Không thực hiện».",
    ),
    f(
        "ref",
        "Mục trong kế hoạch",
        FieldType::Text,
        "Mục của kế hoạch giao nhiệm vụ này, ví dụ II.2.4.",
    ),
];

const RESULT: &[Field] = &[
    req("actual", "Kết quả đạt được", FieldType::Text, "Ví dụ 95%."),
    req("as_of", "Tính đến ngày", FieldType::Date, ""),
    f(
        "source",
        "Nguồn số liệu",
        FieldType::Text,
        "Ví dụ: Báo cáo số 12/BC-STP ngày 30/6/2026.",
    ),
];

const INDICATOR: &[Field] = &[
    req("name", "Chỉ tiêu", FieldType::Text, ""),
    f("unit", "Đơn vị tính", FieldType::Text, ""),
    req("target", "Mức phải đạt", FieldType::Text, ""),
    f("lead", "Đơn vị thực hiện", FieldType::Text, ""),
    f("monitor", "Đơn vị theo dõi", FieldType::Text, ""),
    f(
        "results",
        "Kết quả",
        FieldType::Rows(RESULT),
        "Mỗi lần báo cáo một dòng.",
    ),
];

pub static PLAN: KindSpec = KindSpec {
    names: &["plan", "ke-hoach"],
    feed: Some("Kế hoạch"),
    open_data: &[
        "/du-lieu/ke-hoach.json",
        "/du-lieu/ke-hoach-nhiem-vu.csv",
        "/du-lieu/ke-hoach-chi-tieu.csv",
    ],
    searched: true,
    section: Some(routes::PLANS),
    kind: Kind::Plan,
    label: "Kế hoạch",
    noun: "kế hoạch",
    format: Format::Markdown,
    title: "title",
    date: Some("date"),
    group: Some("issuer"),
    body: Some("Mục đích, yêu cầu"),
    fields: &[
        f(
            "number",
            "Số kế hoạch",
            FieldType::Text,
            "Ví dụ 25/KH-STP; để trống nếu chưa có số.",
        ),
        req("title", "Tên kế hoạch", FieldType::Long, ""),
        req(
            "date",
            "Ngày ban hành",
            FieldType::PartialDate,
            "Ghi ngày/tháng/năm; chưa rõ ngày thì ghi tháng/năm (02/2026) hoặc chỉ năm (2026).",
        ),
        f(
            "date_note",
            "Ghi chú về ngày ban hành",
            FieldType::Text,
            "Khi ngày không lấy từ văn bản, ghi ngày lấy từ đâu; ví dụ: theo thời điểm ký số.",
        ),
        req("issuer", "Cơ quan ban hành", FieldType::Text, ""),
        f("signer", "Người ký", FieldType::Text, ""),
        f("signer_title", "Chức vụ người ký", FieldType::Text, ""),
        f(
            "based_on",
            "Căn cứ",
            FieldType::List,
            "Mỗi dòng một văn bản làm căn cứ.",
        ),
        f("tasks", "Nhiệm vụ", FieldType::Rows(TASK), ""),
        f("indicators", "Chỉ tiêu", FieldType::Rows(INDICATOR), ""),
        f(
            "appendix",
            "Tên phụ lục chỉ tiêu",
            FieldType::Text,
            "Khi chỉ tiêu nằm trong phụ lục của kế hoạch.",
        ),
        f("summary", "Tóm tắt", FieldType::Long, ""),
        GUIDANCE,
        DRAFT,
        SLUG,
    ],
};

const LEVELS: &[(&str, &str)] = &[("tinh", "Cấp tỉnh"), ("xa", "Cấp xã")];
const ONLINE: &[(&str, &str)] = &[
    ("full", "Toàn trình"),
    ("partial", "Một phần"),
    ("none", "Không trực tuyến"),
];
const STATUS: &[(&str, &str)] = &[
    ("active", "Đang áp dụng"),
    ("amended", "Đã sửa đổi"),
    ("abolished", "Đã bãi bỏ"),
];
const CHANNEL: &[Field] = &[
    req(
        "name",
        "Cách thức",
        FieldType::Text,
        "Trực tiếp, Trực tuyến, Bưu chính.",
    ),
    f("days", "Thời hạn", FieldType::Text, ""),
    f("fee", "Phí, lệ phí", FieldType::Text, ""),
    f("note", "Ghi chú", FieldType::Text, ""),
];

pub static PROCEDURE: KindSpec = KindSpec {
    names: &["procedure", "thu-tuc"],
    feed: None,
    open_data: &["/du-lieu/thu-tuc.json", "/du-lieu/thu-tuc.csv"],
    searched: true,
    section: Some(routes::PROCEDURES),
    kind: Kind::Procedure,
    label: "Thủ tục hành chính",
    noun: "thủ tục",
    format: Format::Yaml,
    title: "name",
    date: None,
    group: Some("field"),
    body: None,
    fields: &[
        req(
            "code",
            "Mã thủ tục",
            FieldType::Text,
            "Mã trên Cơ sở dữ liệu quốc gia về TTHC, ví dụ 1.013837.",
        ),
        req("name", "Tên thủ tục", FieldType::Long, ""),
        req("field", "Lĩnh vực", FieldType::Text, ""),
        req("level", "Cấp thực hiện", FieldType::Choice(LEVELS), ""),
        req("agency", "Cơ quan thực hiện", FieldType::Text, ""),
        req(
            "statutory_days",
            "Thời hạn theo quy định (ngày làm việc)",
            FieldType::Number,
            "",
        ),
        f(
            "processing_days",
            "Thời hạn Sở giải quyết (ngày làm việc)",
            FieldType::Number,
            "Khi Sở cắt giảm thời gian giải quyết.",
        ),
        req(
            "fee",
            "Phí, lệ phí",
            FieldType::Text,
            "Ghi “Không” nếu không thu.",
        ),
        req(
            "online",
            "Dịch vụ công trực tuyến",
            FieldType::Choice(ONLINE),
            "",
        ),
        f(
            "boundary_free",
            "Không phụ thuộc địa giới hành chính",
            FieldType::Bool(false),
            "Có thể nộp hồ sơ ở bất kỳ đâu trong tỉnh.",
        ),
        f(
            "business_related",
            "Liên quan đến doanh nghiệp",
            FieldType::Bool(false),
            "Thủ tục có đối tượng thực hiện là doanh nghiệp.",
        ),
        f(
            "payment_online",
            "Thanh toán trực tuyến",
            FieldType::Bool(false),
            "Phí, lệ phí nộp được không dùng tiền mặt.",
        ),
        f(
            "internal",
            "Thủ tục hành chính nội bộ",
            FieldType::Bool(false),
            "Thủ tục giữa các cơ quan hành chính nhà nước, không phải thủ tục cho người dân, doanh nghiệp.",
        ),
        f(
            "illustrative",
            "Thủ tục minh họa",
            FieldType::Bool(false),
            "Đánh dấu khi thủ tục chỉ là ví dụ, chưa phải thông tin chính thức: trang, danh sách và dữ liệu mở ghi rõ là minh họa.",
        ),
        req(
            "documents",
            "Thành phần hồ sơ",
            FieldType::List,
            "Mỗi dòng một giấy tờ.",
        ),
        req(
            "steps",
            "Trình tự thực hiện",
            FieldType::List,
            "Mỗi dòng một bước.",
        ),
        req(
            "legal_basis",
            "Căn cứ pháp lý",
            FieldType::List,
            "Mỗi dòng một văn bản.",
        ),
        f("forms", "Mẫu đơn, tờ khai", FieldType::List, ""),
        f("requirements", "Yêu cầu, điều kiện", FieldType::List, ""),
        f("result", "Kết quả thực hiện", FieldType::Text, ""),
        f("applicants", "Đối tượng thực hiện", FieldType::Text, ""),
        f("status", "Tình trạng", FieldType::Choice(STATUS), ""),
        f(
            "announcement",
            "Quyết định công bố",
            FieldType::Text,
            "Quyết định số .../QĐ-UBND ngày ...",
        ),
        f(
            "dvc_url",
            "Địa chỉ trên Cổng Dịch vụ công",
            FieldType::Url,
            "",
        ),
        f(
            "last_verified",
            "Ngày đối chiếu",
            FieldType::Date,
            "Ngày đã đối chiếu với Cơ sở dữ liệu quốc gia về TTHC.",
        ),
        f(
            "channels",
            "Cách thức thực hiện",
            FieldType::Rows(CHANNEL),
            "",
        ),
        SLUG,
    ],
};

const SENDER: &[Field] = &[
    f("name", "Họ tên", FieldType::Text, "Chỉ hiện chữ cái đầu."),
    f("phone", "Điện thoại", FieldType::Text, ""),
    f("email", "Thư điện tử", FieldType::Text, ""),
    f("address", "Địa chỉ", FieldType::Text, ""),
    f("id_number", "Số định danh", FieldType::Text, ""),
    f("commune", "Xã, phường", FieldType::Text, "Được công khai."),
];

const FORWARDED: &[Field] = &[
    req("agency", "Cơ quan nhận", FieldType::Text, ""),
    req("date", "Ngày chuyển", FieldType::Date, ""),
];

pub static FEEDBACK: KindSpec = KindSpec {
    names: &["feedback", "phan-anh", "pakn"],
    feed: Some("Trả lời phản ánh, kiến nghị"),
    open_data: &["/du-lieu/phan-anh-kien-nghi.json", "/du-lieu/phan-anh-kien-nghi.csv"],
    searched: true,
    section: Some(routes::FEEDBACK),
    kind: Kind::Feedback,
    label: "Phản ánh, kiến nghị",
    noun: "phản ánh",
    format: Format::Yaml,
    title: "subject",
    date: Some("received"),
    group: Some("unit"),
    body: None,
    fields: &[
        req("code", "Mã phản ánh", FieldType::Text, ""),
        req("received", "Ngày tiếp nhận", FieldType::Date, ""),
        req("subject", "Tiêu đề", FieldType::Text, ""),
        req(
            "content",
            "Nội dung",
            FieldType::Long,
            "Không ghi số điện thoại, thư điện tử, số định danh của người gửi.",
        ),
        private(f(
            "sender",
            "Người gửi",
            FieldType::Group(SENDER),
            "Chỉ lưu cho Văn phòng, không bao giờ công khai (trừ xã, phường).",
        )),
        f("procedure", "Thủ tục liên quan", FieldType::Procedure, ""),
        req("unit", "Đơn vị xử lý", FieldType::Text, ""),
        f(
            "due",
            "Hạn trả lời",
            FieldType::Date,
            "Để trống thì tính từ ngày tiếp nhận theo số ngày làm việc trả lời mà Văn phòng đã cài đặt.",
        ),
        f(
            "answer",
            "Nội dung trả lời",
            FieldType::Long,
            "Có trả lời và ngày trả lời thì được công khai.",
        ),
        f("answered", "Ngày trả lời", FieldType::Date, ""),
        f(
            "forwarded",
            "Chuyển cơ quan có thẩm quyền",
            FieldType::Group(FORWARDED),
            "Khi phản ánh, kiến nghị được chuyển (kiến nghị xử lý) đến cơ quan có thẩm quyền: ghi cơ quan và ngày chuyển.",
        ),
        f(
            "public_contacts",
            "Liên hệ chính thức được đăng",
            FieldType::List,
            "Số điện thoại, thư điện tử chính thức được phép đăng trong câu trả lời.",
        ),
        SLUG,
    ],
};

pub static CONSULTATION: KindSpec = KindSpec {
    names: &["consultation", "lay-y-kien", "du-thao"],
    feed: Some("Lấy ý kiến dự thảo"),
    open_data: &["/du-lieu/lay-y-kien.json"],
    searched: true,
    section: Some(routes::CONSULTATIONS),
    kind: Kind::Consultation,
    label: "Lấy ý kiến dự thảo",
    noun: "dự thảo",
    format: Format::Markdown,
    title: "title",
    date: Some("opens"),
    group: Some("drafting_unit"),
    body: Some("Tóm tắt dự thảo"),
    fields: &[
        req("title", "Tên dự thảo", FieldType::Long, ""),
        req("drafting_unit", "Đơn vị soạn thảo", FieldType::Text, ""),
        req("opens", "Ngày bắt đầu lấy ý kiến", FieldType::Date, ""),
        req("closes", "Hạn góp ý", FieldType::Date, ""),
        f(
            "files",
            "Tệp dự thảo",
            FieldType::Attachments,
            "Bấm «Tải tệp lên» để chọn từng tệp.",
        ),
        f("address", "Địa chỉ nhận góp ý", FieldType::Text, ""),
        f("email", "Thư điện tử nhận góp ý", FieldType::Email, ""),
        f("summary", "Tóm tắt", FieldType::Long, ""),
        f(
            "result",
            "Kết quả tiếp thu, giải trình",
            FieldType::Long,
            "Sau khi hết hạn góp ý.",
        ),
        DRAFT,
        SLUG,
    ],
};

pub static PAGE: KindSpec = KindSpec {
    names: &["page", "trang"],
    feed: None,
    open_data: &[],
    searched: true,
    section: None,
    kind: Kind::Page,
    label: "Trang",
    noun: "trang",
    format: Format::Markdown,
    title: "title",
    date: None,
    group: None,
    body: Some("Nội dung trang"),
    fields: &[
        req("title", "Tiêu đề", FieldType::Text, ""),
        f("summary", "Tóm tắt", FieldType::Long, ""),
        f(
            "order",
            "Thứ tự",
            FieldType::Number,
            "Số nhỏ đứng trước trên menu.",
        ),
        f("menu", "Hiện trên menu chính", FieldType::Bool(false), ""),
        FILES,
        DRAFT,
        SLUG,
    ],
};
