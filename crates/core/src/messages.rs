//! The one catalogue of what office staff read about a problem: plain
//! Vietnamese that names the field by its label and says what to do, with
//! no YAML key, file path or developer word.
//!
//! Every problem the loaders find carries one of these ([`Staff`], on
//! [`Diagnostic::staff`](crate::error::Diagnostic)) beside the English text
//! the CLI prints; the desk's API sends it as each problem's `message` and
//! `hint`, and the preview's error overlay shows it. Functions here are
//! named after the problem, so a new rule finds its wording in one place.

use chrono::NaiveDate;

use crate::content::dates;

/// A problem as staff read it: what is wrong, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Staff {
    /// What is wrong, in a sentence.
    pub message: String,
    /// What to do about it, in a sentence.
    pub hint: String,
}

fn say(message: impl Into<String>, hint: impl Into<String>) -> Staff {
    Staff {
        message: message.into(),
        hint: hint.into(),
    }
}

/// A problem no rule has worded yet: says where, never what the code said.
pub fn unworded(line: Option<usize>) -> Staff {
    let at = line.map_or(String::new(), |l| format!(" (dòng {l})"));
    say(
        format!("Nội dung có chỗ chưa đúng{at}."),
        "Hãy kiểm tra lại các mục vừa sửa; nếu vẫn không lưu được, nhờ cán bộ phụ trách kỹ thuật xem giúp.",
    )
}

// ---- Fields --------------------------------------------------------------

/// A required field left blank.
pub fn required(label: &str) -> Staff {
    say(
        format!("Chưa điền «{label}»."),
        format!("Mục «{label}» là bắt buộc: hãy điền vào."),
    )
}

/// A required list with no line.
pub fn required_list(label: &str) -> Staff {
    say(
        format!("«{label}» chưa có dòng nào."),
        "Bấm «Thêm dòng» và ghi ít nhất một dòng.",
    )
}

/// A one-line field longer than the page can show.
pub fn too_long(label: &str, count: usize, max: usize) -> Staff {
    say(
        format!("«{label}» dài {count} ký tự, quá {max} ký tự cho phép."),
        format!("Hãy rút gọn còn tối đa {max} ký tự; phần chi tiết viết trong nội dung."),
    )
}

/// A date (with or without a time) that is not one.
pub fn bad_date(label: &str, value: &str, with_time: bool) -> Staff {
    let hint = if with_time {
        "Ghi ngày theo dạng ngày/tháng/năm, có thể kèm giờ: ví dụ 20/12/2026 hoặc 20/12/2026 08:00."
    } else {
        "Ghi ngày theo dạng ngày/tháng/năm, ví dụ 20/12/2026."
    };
    say(format!("«{label}»: {}", date_reason(value)), hint)
}

/// Why `value` is not a date, in words.
fn date_reason(value: &str) -> String {
    let v = value.trim();
    if v.is_empty() {
        return "chưa ghi ngày.".into();
    }
    let nums: Vec<i64> = v
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(3)
        .filter_map(|p| p.parse().ok())
        .collect();
    if nums.len() == 3 {
        // Year first when the first number has four digits.
        let year_first = v
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .count()
            == 4;
        let (y, m, d) = if year_first {
            (nums[0], nums[1], nums[2])
        } else {
            (nums[2], nums[1], nums[0])
        };
        if !(1..=12).contains(&m) {
            return format!("«{v}» không phải là ngày có thật: không có tháng {m}.");
        }
        if !dates::YEARS.contains(&(y as i32)) {
            return format!(
                "năm {y} nằm ngoài khoảng {}–{}; có thể gõ nhầm.",
                dates::YEARS.start(),
                dates::YEARS.end()
            );
        }
        if let Some(days) = dates::days_in_month(y as i32, m as u32) {
            if d < 1 || d > i64::from(days) {
                return format!(
                    "«{v}» không phải là ngày có thật: tháng {m}/{y} chỉ có {days} ngày."
                );
            }
        }
    }
    format!("«{v}» không phải là một ngày.")
}

/// A web address without `https://`.
pub fn bad_web_address(label: &str, value: &str) -> Staff {
    say(
        format!("«{label}»: «{value}» không phải là địa chỉ trang web."),
        "Chép đầy đủ địa chỉ từ thanh địa chỉ của trình duyệt, bắt đầu bằng https://.",
    )
}

/// An e-mail address without `@`.
pub fn bad_email(label: &str, value: &str) -> Staff {
    say(
        format!("«{label}»: «{value}» không phải là địa chỉ thư điện tử."),
        "Ghi địa chỉ dạng tên@coquan.gov.vn, không có dấu cách.",
    )
}

/// A page address that cannot be made from the title.
pub fn no_address(label: &str) -> Staff {
    say(
        format!("Không tạo được địa chỉ trang từ «{label}»."),
        format!("Hãy ghi «{label}» có chữ hoặc chữ số."),
    )
}

/// A page address another item has.
pub fn address_taken(label: &str) -> Staff {
    say(
        "Đã có một mục khác dùng địa chỉ trang tạo từ tiêu đề này.",
        format!("Hãy đổi «{label}», hoặc ghi một địa chỉ trang khác ở mục «Địa chỉ trang»."),
    )
}

/// A page address a list page of the site has.
pub fn address_reserved(label: &str) -> Staff {
    say(
        "Địa chỉ trang tạo từ tiêu đề này trùng với một trang danh sách của Trang thông tin điện tử.",
        format!("Hãy đổi «{label}», hoặc ghi một địa chỉ trang khác ở mục «Địa chỉ trang»."),
    )
}

/// A code another item has.
pub fn code_taken() -> Staff {
    say(
        "Mã này đã được dùng cho một mục khác.",
        "Hãy nhập đúng mã của mục này.",
    )
}

/// A save the site as a whole would refuse (two items in contradiction).
pub fn site_conflict() -> Staff {
    say(
        "Nếu lưu nội dung này, Trang thông tin điện tử sẽ không cập nhật được vì trùng hoặc mâu thuẫn với một mục khác.",
        "Hãy kiểm tra lại tiêu đề, mã và các mục liên quan.",
    )
}

/// Feedback naming a procedure the site does not have.
pub fn unknown_procedure() -> Staff {
    say(
        "Thủ tục được chọn không có trong danh sách thủ tục của Trang thông tin điện tử.",
        "Hãy chọn lại thủ tục trong danh sách.",
    )
}

/// A value not among a field's choices.
pub fn not_a_choice(label: &str, value: &str, choices: &[&str]) -> Staff {
    let message = if value.trim().is_empty() {
        format!("Chưa chọn «{label}».")
    } else {
        format!("«{label}»: «{}» không có trong danh sách.", value.trim())
    };
    say(
        message,
        format!("Hãy chọn một trong: {}.", choices.join("; ")),
    )
}

/// A field that is not a number.
pub fn not_a_number(label: &str) -> Staff {
    say(
        format!("«{label}» phải là một số."),
        "Chỉ ghi chữ số, ví dụ 5.",
    )
}

/// A field the kind does not have (a tool sent it, or an old file has it).
pub fn unknown_field() -> Staff {
    say(
        "Biểu mẫu gửi lên một mục mà loại nội dung này không có.",
        "Hãy tải lại trang soạn thảo rồi lưu lại; nội dung đang soạn được giữ trong trình duyệt.",
    )
}

/// A value of the wrong shape (a list where a line belongs...).
pub fn wrong_shape(label: &str) -> Staff {
    say(
        format!("«{label}» có giá trị không đúng dạng."),
        "Hãy ghi lại mục này trong biểu mẫu.",
    )
}

// ---- Two dates, two fields -------------------------------------------

/// A later date before the earlier one (`closes` before `opens`...).
pub fn dates_reversed(later: &str, earlier: &str, l: NaiveDate, e: NaiveDate) -> Staff {
    say(
        format!(
            "«{later}» ({}) ở trước «{earlier}» ({}).",
            dates::vn_date(l),
            dates::vn_date(e)
        ),
        "Hãy kiểm tra lại hai ngày này.",
    )
}

/// An answer without its date, or a date without the answer.
pub fn answer_incomplete(missing: &str) -> Staff {
    say(
        format!("Câu trả lời chưa đủ: thiếu «{missing}»."),
        "Ghi cả nội dung trả lời và ngày trả lời; khi chưa trả lời thì để trống cả hai.",
    )
}

/// Feedback forwarded to no agency.
pub fn forwarded_nowhere() -> Staff {
    say(
        "Phản ánh được đánh dấu là đã chuyển, nhưng chưa ghi chuyển đến cơ quan nào.",
        "Ghi tên cơ quan có thẩm quyền đã nhận phản ánh.",
    )
}

/// A document said to be in force, yet expired or replaced.
pub fn in_force_conflict() -> Staff {
    say(
        "Văn bản có ngày hết hiệu lực hoặc văn bản thay thế, nhưng «Hiệu lực» lại ghi là còn hiệu lực.",
        "Chọn «Hết hiệu lực toàn bộ» hoặc «Hết hiệu lực một phần», hoặc xóa ngày hết hiệu lực và văn bản thay thế.",
    )
}

// ---- Personal data -------------------------------------------------------

/// A sender's personal data in a published field.
pub fn personal_data(label: &str, what: &str, text: &str) -> Staff {
    say(
        format!("«{label}» có {what} ({text}): không được công khai thông tin cá nhân của người gửi."),
        "Xóa thông tin này; thông tin của người gửi chỉ ghi ở phần «Người gửi». Nếu đó là số điện thoại hoặc thư điện tử chính thức của cơ quan, ghi nó vào «Liên hệ chính thức được đăng».",
    )
}

/// A name after a form of address, which may be a citizen's.
pub fn addressed_name(label: &str, name: &str) -> Staff {
    say(
        format!("«{label}» nêu tên «{name}» sau lời xưng hô: nếu là người gửi hoặc một công dân, đó là thông tin cá nhân."),
        "Kiểm tra lại; thay bằng chữ cái đầu (ví dụ: ông H.V.N.) nếu không phải cán bộ, cơ quan được nêu tên công khai.",
    )
}

// ---- Attachments ---------------------------------------------------------

/// An attachment named but not stored beside the item.
pub fn attachment_missing(file: &str) -> Staff {
    say(
        format!("Không tìm thấy tệp đính kèm «{file}»."),
        "Bấm «Tải tệp lên» và chọn lại tệp; không gõ tên tệp bằng tay.",
    )
}

/// An attachment of a kind that may not be published.
pub fn attachment_refused(file: &str) -> Staff {
    say(
        format!("Tệp «{file}» không đăng được: chỉ nhận PDF, Word, Excel, ảnh hoặc ZIP, và nội dung tệp phải đúng với tên."),
        "Hãy lưu lại tệp dưới dạng PDF rồi tải lên.",
    )
}

/// A link in the body to a file that is not published beside the item.
pub fn broken_file_link(target: &str) -> Staff {
    say(
        format!("Nội dung có liên kết đến tệp «{target}», nhưng tệp này không có trong các tệp đính kèm của mục."),
        "Tải tệp lên ở mục «Tệp đính kèm», hoặc sửa hay xóa liên kết.",
    )
}

/// An upload larger than allowed.
pub fn upload_too_big(megabytes: usize) -> Staff {
    say(
        format!("Tệp lớn hơn {megabytes} MB."),
        "Hãy làm tệp nhỏ lại (quét đen trắng, 150 dpi) hoặc chia thành nhiều tệp.",
    )
}

/// An upload whose name has no usable extension or letters.
pub fn upload_bad_name() -> Staff {
    say(
        "Tệp này không tải lên được: chỉ nhận PDF, Word, Excel, ảnh hoặc ZIP.",
        "Chọn một tệp PDF, Word, Excel hoặc ảnh.",
    )
}

/// An upload that did not arrive whole.
pub fn upload_broken() -> Staff {
    say(
        "Tệp tải lên bị gián đoạn.",
        "Hãy chọn lại tệp và tải lên lần nữa.",
    )
}

/// An upload whose name is taken too many times.
pub fn upload_name_used() -> Staff {
    say(
        "Đã có quá nhiều tệp cùng tên này.",
        "Đổi tên tệp trên máy rồi tải lên lại.",
    )
}

/// More than one file in one upload.
pub fn upload_one_at_a_time() -> Staff {
    say("Mỗi lần chỉ tải lên một tệp.", "Chọn từng tệp một.")
}

// ---- Plans ---------------------------------------------------------------

/// A task without a description.
pub fn task_untitled(n: usize) -> Staff {
    say(
        format!("Nhiệm vụ {n} chưa ghi nội dung."),
        "Ghi nội dung nhiệm vụ như trong kế hoạch.",
    )
}

/// A task without a lead unit.
pub fn task_without_lead(n: usize) -> Staff {
    say(
        format!("Nhiệm vụ {n} chưa có đơn vị chủ trì."),
        "Ghi đơn vị chủ trì như kế hoạch giao; mỗi đơn vị một dòng nếu các đơn vị cùng chủ trì.",
    )
}

/// A task status the tracker does not know.
pub fn task_status_unknown(n: usize, value: &str, choices: &[&str]) -> Staff {
    say(
        format!(
            "Nhiệm vụ {n}: tình trạng «{}» không có trong danh sách.",
            value.trim()
        ),
        format!("Chọn một trong: {}.", choices.join("; ")),
    )
}

/// A task not carried out, with no reason.
pub fn task_without_reason(n: usize) -> Staff {
    say(
        format!("Nhiệm vụ {n} ghi «Không thực hiện» nhưng chưa nêu lý do."),
        "Ghi lý do ở mục «Lý do không thực hiện».",
    )
}

/// A task deadline not written as plans write them.
pub fn task_deadline(n: usize, value: &str) -> Staff {
    say(
        format!("Nhiệm vụ {n}: không hiểu thời hạn «{}».", value.trim()),
        "Ghi thời hạn như kế hoạch: 30/4/2026, trước ngày 30/4/2026, trong quý I năm 2026, thường xuyên.",
    )
}

/// A plan date that is not a day, a month or a year.
pub fn plan_date(value: &str) -> Staff {
    say(
        format!("«Ngày ban hành»: {}", date_reason(value)),
        "Ghi ngày/tháng/năm, ví dụ 03/02/2026; chỉ biết tháng thì ghi 02/2026; chỉ biết năm thì ghi 2026.",
    )
}

/// An indicator with no name.
pub fn indicator_unnamed() -> Staff {
    say(
        "Có chỉ tiêu chưa ghi tên.",
        "Ghi tên chỉ tiêu như trong phụ lục của kế hoạch.",
    )
}

/// An indicator with no target.
pub fn indicator_without_target(name: &str) -> Staff {
    say(
        format!("Chỉ tiêu «{}» chưa ghi mức phải đạt.", name.trim()),
        "Ghi mức phải đạt, ví dụ 100%.",
    )
}

/// A result with a bad date.
pub fn result_date(name: &str, value: &str) -> Staff {
    say(
        format!(
            "Kết quả của chỉ tiêu «{}»: «Tính đến ngày» {}",
            name.trim(),
            date_reason(value)
        ),
        "Ghi ngày có số liệu, ví dụ 30/6/2026.",
    )
}

/// A result with no value.
pub fn result_without_value(name: &str) -> Staff {
    say(
        format!("Kết quả của chỉ tiêu «{}» chưa ghi số liệu.", name.trim()),
        "Ghi kết quả đạt được, ví dụ 95%.",
    )
}

// ---- Procedures ------------------------------------------------------------

/// A way of filing with no name.
pub fn channel_unnamed() -> Staff {
    say(
        "Có cách thức nộp hồ sơ chưa ghi tên.",
        "Ghi tên từng cách: Trực tiếp, Trực tuyến hoặc Bưu chính.",
    )
}

// ---- Files -----------------------------------------------------------------

/// A file that cannot be read at all.
pub fn unreadable() -> Staff {
    say(
        "Không đọc được mục này.",
        "Nhờ cán bộ phụ trách kỹ thuật kiểm tra tệp nội dung của mục.",
    )
}

/// A file whose header is broken (written by hand in an editor).
pub fn broken_header(line: Option<usize>) -> Staff {
    let at = line.map_or(String::new(), |l| format!(" ở dòng {l}"));
    say(
        format!("Phần thông tin đầu của mục bị hỏng{at}."),
        "Mục này được sửa bằng công cụ khác; nhờ cán bộ phụ trách kỹ thuật sửa lại, hoặc lấy lại bản trước trong «Lịch sử».",
    )
}

// ---- The desk --------------------------------------------------------------

/// A request the server refuses: the page is from before a restart, or
/// from another site.
pub fn refused() -> Staff {
    say(
        "Máy chủ không nhận yêu cầu này: trang soạn thảo đã cũ (máy chủ vừa khởi động lại) hoặc yêu cầu không đến từ bàn soạn thảo.",
        "Nội dung đang soạn được giữ trong trình duyệt: tải lại trang rồi bấm «Khôi phục nội dung chưa lưu».",
    )
}

/// An item that is not there.
pub fn no_such_item() -> Staff {
    say(
        "Không tìm thấy mục này.",
        "Mở danh sách và chọn lại mục cần sửa.",
    )
}

/// A kind of content that does not exist.
pub fn no_such_kind() -> Staff {
    say(
        "Không có loại nội dung này.",
        "Chọn loại nội dung trong thanh điều hướng của bàn soạn thảo.",
    )
}

/// The site's settings cannot be read.
pub fn settings_broken() -> Staff {
    say(
        "Cấu hình của Trang thông tin điện tử đang có lỗi, nên chưa lưu được.",
        "Báo cán bộ phụ trách kỹ thuật; nội dung đang soạn vẫn được giữ trong trình duyệt.",
    )
}

/// A save or delete without the version it was read at.
pub fn no_version() -> Staff {
    say(
        "Không biết bạn đang sửa bản nào của mục này.",
        "Hãy tải lại trang soạn thảo; nội dung đang soạn được giữ trong trình duyệt.",
    )
}

/// The item changed after it was opened.
pub fn changed_meanwhile() -> Staff {
    say(
        "Mục này vừa được người khác sửa sau khi bạn mở.",
        "So sánh hai bản bên dưới: giữ bản của bạn, lấy bản kia, hoặc kết hợp từng mục.",
    )
}

/// The item was deleted or renamed after it was opened.
pub fn gone_meanwhile() -> Staff {
    say(
        "Mục này không còn: đã bị xóa hoặc đổi tên trong lúc bạn sửa.",
        "Nội dung bạn soạn vẫn còn trong biểu mẫu; bấm «Tạo lại mục này» để lưu thành mục mới.",
    )
}

/// Writing failed on the server.
pub fn not_written() -> Staff {
    say(
        "Máy chủ chưa ghi được nội dung.",
        "Thử lại sau ít phút; nếu vẫn lỗi, báo cán bộ phụ trách kỹ thuật. Nội dung đang soạn vẫn được giữ trong trình duyệt.",
    )
}

/// A body given to a kind that has none.
pub fn no_body(noun: &str) -> Staff {
    say(
        format!("Loại {noun} không có phần nội dung."),
        "Ghi mọi thông tin vào các mục của biểu mẫu.",
    )
}

/// A theme's template that does not work.
pub fn theme_broken() -> Staff {
    say(
        "Giao diện của Trang thông tin điện tử có lỗi, nên trang chưa cập nhật được.",
        "Báo cán bộ phụ trách kỹ thuật; nội dung của bạn không mất.",
    )
}

// ---- Lists of problems -----------------------------------------------------

/// Every problem of a failed build as staff read it, one a line, each
/// naming the item by its kind and address ("Tin, bài «hoi-nghi»"), never
/// by its file path: for the preview's overlay and the publishing server.
pub fn overview(problems: &crate::error::Diagnostics) -> String {
    let mut out: Vec<String> = problems
        .0
        .iter()
        .map(|d| {
            let staff = match &d.staff {
                None if d.path.starts_with("themes") => theme_broken(),
                _ => d.for_staff(),
            };
            let what = if d.is_error() { "" } else { "Lưu ý: " };
            format!(
                "{what}{}: {} {}",
                item_of(&d.path),
                staff.message,
                staff.hint
            )
        })
        .collect();
    out.dedup();
    out.join("\n")
}

/// "Tin, bài «hoi-nghi»" for `content/news/hoi-nghi.md`; "Cấu hình trang"
/// for the settings; "Giao diện" for a theme's file.
fn item_of(path: &std::path::Path) -> String {
    let mut parts = path.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next().unwrap_or_default();
    if first == "content" {
        let folder = parts.next().unwrap_or_default();
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy())
            .unwrap_or_default();
        let kind = crate::content::Kind::ALL
            .iter()
            .find(|k| k.folder() == folder)
            .map(|k| crate::content::kinds::KindSpec::of(*k).label);
        return match kind {
            Some(label) => format!("{label} «{stem}»"),
            None => format!("Mục «{stem}»"),
        };
    }
    if first == "themes" {
        return "Giao diện".into();
    }
    "Cấu hình trang".into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_are_explained_day_first() {
        let s = bad_date("Ngày đăng", "hôm qua", false);
        assert_eq!(s.message, "«Ngày đăng»: «hôm qua» không phải là một ngày.");
        let s = bad_date("Ngày đăng", "31/02/2026", false);
        assert!(
            s.message.contains("tháng 2/2026 chỉ có 28 ngày"),
            "{}",
            s.message
        );
        let s = bad_date("Ngày đăng", "2026-13-01", false);
        assert!(s.message.contains("không có tháng 13"), "{}", s.message);
        let s = bad_date("Ngày đăng", "1/1/0001", false);
        assert!(s.message.contains("năm 1"), "{}", s.message);
    }

    #[test]
    fn no_message_carries_developer_words() {
        let all = [
            required("Tiêu đề"),
            required_list("Đơn vị chủ trì"),
            bad_date("Ngày", "x", true),
            no_address("Tiêu đề"),
            not_a_choice("Chuyên mục", "", &["Tin hoạt động"]),
            unworded(Some(3)),
            broken_header(Some(2)),
        ];
        for s in all {
            for text in [&s.message, &s.hint] {
                for word in ["`", "yaml", "site.", "content/", "field", "slug"] {
                    assert!(!text.contains(word), "{text}");
                }
            }
        }
    }
}
