//! Which files may be published as attachments, told by their content as
//! well as their name: a PDF starts with `%PDF-`, Office 97 files with the
//! OLE2 signature, Office Open XML, OpenDocument and ZIP files with `PK`,
//! JPEG and PNG with theirs. An `.exe` renamed `.pdf` is refused, and so is
//! any type a browser would run or render as a page (HTML, SVG, scripts):
//! those are never published as attachments.

use std::io::Read;
use std::path::Path;

/// The extensions an attachment may have.
pub const ALLOWED: &[&str] = &[
    "pdf", "doc", "docx", "odt", "xls", "xlsx", "ods", "jpg", "jpeg", "png", "zip",
];

/// The first bytes each allowed extension's files start with.
fn signatures(ext: &str) -> &'static [&'static [u8]] {
    const OLE2: &[u8] = &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const ZIP: &[u8] = b"PK\x03\x04";
    match ext {
        "pdf" => &[b"%PDF-"],
        "doc" | "xls" => &[OLE2],
        "docx" | "xlsx" | "odt" | "ods" => &[ZIP],
        // An empty ZIP archive starts with its end record.
        "zip" => &[ZIP, b"PK\x05\x06"],
        "jpg" | "jpeg" => &[&[0xff, 0xd8, 0xff]],
        "png" => &[&[0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n']],
        _ => &[],
    }
}

/// Whether a file named `name` starting with `head` may be published;
/// the Vietnamese reason when not.
pub fn check(name: &str, head: &[u8]) -> Result<(), String> {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !ALLOWED.contains(&ext.as_str()) {
        let shown = if ext.is_empty() {
            "không có phần mở rộng".to_string()
        } else {
            format!(".{ext}")
        };
        return Err(format!(
            "Tệp «{name}» ({shown}) không được đăng làm tệp đính kèm. Chỉ nhận tệp PDF, Word (.doc, .docx, .odt), Excel (.xls, .xlsx, .ods), ảnh (.jpg, .png) và .zip."
        ));
    }
    if !signatures(&ext).iter().any(|s| head.starts_with(s)) {
        return Err(format!(
            "Tệp «{name}» không phải tệp .{ext} thật (nội dung không khớp với phần mở rộng). Hãy lưu lại tệp đúng định dạng rồi đính kèm lại."
        ));
    }
    Ok(())
}

/// [`check`] on a file on disk, reading only its first bytes.
pub fn check_file(path: &Path) -> Result<(), String> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let mut head = [0u8; 8];
    let mut n = 0;
    if let Ok(mut f) = std::fs::File::open(path) {
        while n < head.len() {
            match f.read(&mut head[n..]) {
                Ok(0) | Err(_) => break,
                Ok(k) => n += k,
            }
        }
    }
    check(name, &head[..n])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_must_match_the_extension() {
        assert!(check("a.pdf", b"%PDF-1.7\n").is_ok());
        assert!(check("a.PDF", b"%PDF-1.4").is_ok());
        assert!(check("a.pdf", b"MZ\x90\x00")
            .unwrap_err()
            .contains("không phải tệp .pdf"));
        assert!(check("a.docx", b"PK\x03\x04").is_ok());
        assert!(check("a.doc", &[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).is_ok());
        assert!(check("a.png", b"\x89PNG\r\n\x1a\n").is_ok());
        assert!(check("a.jpg", b"<html>").is_err());
    }

    #[test]
    fn pages_and_scripts_are_never_attachments() {
        for name in [
            "a.html", "a.htm", "a.svg", "a.js", "a.exe", "a.xhtml", "README",
        ] {
            assert!(check(name, b"%PDF-").is_err(), "{name}");
        }
    }
}
