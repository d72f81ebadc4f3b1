//! Every URL of the site and the label of each section, in one place: the
//! menu, the breadcrumbs, the reserved top-level paths, item and list URLs
//! all come from here, so a section is renamed or added once.

#![expect(
    missing_docs,
    reason = "fields of the data model not documented yet; the lint fails once they are"
)]

/// A top-level section: its URL (`/tin-tuc/`) and its label in the menu and
/// the breadcrumbs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub url: &'static str,
    pub label: &'static str,
}

impl Section {
    /// The page of an item of the section: `/tin-tuc/<slug>/`.
    pub fn item(&self, slug: &str) -> String {
        format!("{}{slug}/", self.url)
    }

    /// A sub-folder of the section: `sub("nam")` is `/tin-tuc/nam/`.
    pub fn sub(&self, folder: &str) -> String {
        format!("{}{folder}/", self.url)
    }

    /// The top-level path segment (`tin-tuc`).
    pub fn segment(&self) -> &'static str {
        self.url.trim_matches('/')
    }
}

pub const HOME: Section = Section {
    url: "/",
    label: "Trang chủ",
};
pub const NEWS: Section = Section {
    url: "/tin-tuc/",
    label: "Tin tức",
};
pub const DOCUMENTS: Section = Section {
    url: "/van-ban/",
    label: "Văn bản",
};
pub const PLANS: Section = Section {
    url: "/ke-hoach/",
    label: "Kế hoạch",
};
pub const PROCEDURES: Section = Section {
    url: "/thu-tuc-hanh-chinh/",
    label: "Thủ tục hành chính",
};
pub const FEEDBACK: Section = Section {
    url: "/phan-anh-kien-nghi/",
    label: "Phản ánh, kiến nghị",
};
pub const CONSULTATIONS: Section = Section {
    url: "/lay-y-kien/",
    label: "Lấy ý kiến dự thảo",
};
pub const TRACKER: Section = Section {
    url: "/theo-doi/",
    label: "Theo dõi chỉ tiêu",
};
pub const SEARCH: Section = Section {
    url: "/tim-kiem/",
    label: "Tìm kiếm",
};
pub const DATA: Section = Section {
    url: "/du-lieu/",
    label: "Dữ liệu mở",
};

pub const ACCESS_INFO: Section = Section {
    url: "/tiep-can-thong-tin/",
    label: "Tiếp cận thông tin",
};

/// The main menu, in order.
pub const MENU: [Section; 8] = [
    HOME,
    NEWS,
    DOCUMENTS,
    PLANS,
    PROCEDURES,
    FEEDBACK,
    CONSULTATIONS,
    TRACKER,
];

/// Top-level paths the generator owns: no page may take them.
pub const RESERVED: &[&str] = &[
    "tin-tuc",
    "van-ban",
    "ke-hoach",
    "thu-tuc-hanh-chinh",
    "phan-anh-kien-nghi",
    "lay-y-kien",
    "theo-doi",
    "tim-kiem",
    "du-lieu",
    "tiep-can-thong-tin",
    "en",
    "assets",
    "404",
];

/// Folders under `/tin-tuc/` that list pages take; no post may.
pub const NEWS_LISTS: &[&str] = &["trang", "nam", "chuyen-muc", "the"];
/// Folders under `/van-ban/` that list pages take; no document may.
pub const DOCUMENT_LISTS: &[&str] = &[
    "trang",
    "nam",
    "loai",
    "linh-vuc",
    "co-quan",
    "het-hieu-luc",
];

/// Folders under `/thu-tuc-hanh-chinh/` that list pages take; no
/// procedure may.
pub const PROCEDURE_LISTS: &[&str] = &["linh-vuc", "muc-do", "noi-bo", "danh-muc"];

/// `/thu-tuc-hanh-chinh/danh-muc/`: the announced catalogue.
pub fn procedures_catalogue() -> String {
    PROCEDURES.sub("danh-muc")
}

/// `/thu-tuc-hanh-chinh/noi-bo/`: internal procedures (TTHC nội bộ).
pub fn procedures_internal() -> String {
    PROCEDURES.sub("noi-bo")
}

/// `/tin-tuc/chuyen-muc/`: news by category.
pub fn news_categories() -> String {
    NEWS.sub("chuyen-muc")
}
/// `/tin-tuc/the/`: news by tag.
pub fn news_tags() -> String {
    NEWS.sub("the")
}
/// `/tin-tuc/nam/`: news by year.
pub fn news_years() -> String {
    NEWS.sub("nam")
}
/// `/van-ban/nam/`: documents by year.
pub fn document_years() -> String {
    DOCUMENTS.sub("nam")
}
/// `/van-ban/loai/`: documents by type.
pub fn document_types() -> String {
    DOCUMENTS.sub("loai")
}
/// `/van-ban/linh-vuc/`: documents by field.
pub fn document_fields() -> String {
    DOCUMENTS.sub("linh-vuc")
}
/// `/van-ban/co-quan/`: documents by issuer.
pub fn document_issuers() -> String {
    DOCUMENTS.sub("co-quan")
}
/// `/van-ban/het-hieu-luc/`: legal documents no longer in force.
pub fn documents_expired() -> String {
    DOCUMENTS.sub("het-hieu-luc")
}
/// `/ke-hoach/don-vi/`: tasks by lead unit.
pub fn plan_units() -> String {
    PLANS.sub("don-vi")
}
/// `/thu-tuc-hanh-chinh/linh-vuc/`: procedures by field.
pub fn procedure_fields() -> String {
    PROCEDURES.sub("linh-vuc")
}
/// `/thu-tuc-hanh-chinh/muc-do/`: procedures by online level.
pub fn procedure_levels() -> String {
    PROCEDURES.sub("muc-do")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_menu_section_is_reserved_and_urls_compose() {
        for s in MENU.iter().filter(|s| s.url != "/") {
            assert!(RESERVED.contains(&s.segment()), "{}", s.url);
        }
        assert_eq!(NEWS.item("a"), "/tin-tuc/a/");
        assert_eq!(news_categories(), "/tin-tuc/chuyen-muc/");
        assert_eq!(documents_expired(), "/van-ban/het-hieu-luc/");
        assert!(DOCUMENT_LISTS.contains(&"het-hieu-luc"));
    }
}
