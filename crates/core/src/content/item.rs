//! What every item has, whatever its kind: an address, a source file,
//! whether it is a draft and from which day it is public.
//!
//! The site model walks every kind through [`Item`] ([`super::Content::items`]):
//! the drafts and schedule rule, unique addresses and codes, and the
//! checks of what reaches feeds, open data and sitemaps are written once
//! for all kinds. What differs per kind (fields, pages) stays in the kind's
//! module and in [`super::kinds`].

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

use super::{
    consultation::Consultation, document::Document, feedback::Feedback, news::News, page::Page,
    plan::Plan, procedure::Procedure, Kind,
};

/// One item of content, seen the same way for every kind.
pub trait Item: Sync + Send {
    /// The kind it is.
    fn kind(&self) -> Kind;
    /// The last segment of its address.
    fn slug(&self) -> &str;
    /// Its page's address (`/tin-tuc/…/`).
    fn url(&self) -> &str;
    /// The file it was read from, relative to the site root.
    fn source(&self) -> &Path;
    /// Marked `draft: true`: never on the public site, shown by the preview
    /// with `--drafts` (and then never in feeds, open data or sitemaps).
    fn is_draft(&self) -> bool {
        false
    }
    /// The day from which it is public (a later date schedules it); None for
    /// kinds that are public as soon as they are written.
    fn public_from(&self) -> Option<NaiveDate> {
        None
    }
    /// A code that must be unique among items of the kind (procedure and
    /// feedback codes), with what it is called in messages.
    fn code(&self) -> Option<(&'static str, &str)> {
        None
    }
    /// The moment it is public from, for kinds dated to the minute (posts).
    fn public_at(&self) -> Option<DateTime<Tz>> {
        None
    }
    /// Whether the site shows it on the day `today` with or without drafts;
    /// given `now`, an item dated to the minute waits for its minute.
    fn is_visible(
        &self,
        today: NaiveDate,
        now: Option<DateTime<Tz>>,
        include_drafts: bool,
    ) -> bool {
        let due = match (self.public_at(), now) {
            (Some(at), Some(now)) => at <= now,
            _ => self.public_from().is_none_or(|d| d <= today),
        };
        (!self.is_draft() || include_drafts) && due
    }
    /// Whether it may go into feeds, open data, sitemaps and other
    /// published listings: not a draft, whatever the preview shows.
    fn is_public(&self) -> bool {
        !self.is_draft()
    }
    /// Its entry in the feeds, for kinds that are fed
    /// ([`super::kinds::KindSpec::feed`]); the feeds take only public items.
    fn feed_entry(&self, _tz: Tz) -> Option<FeedEntry> {
        None
    }
}

/// One entry of a feed, whatever its kind.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    /// Plain text.
    pub title: String,
    /// The page's address, from the site root.
    pub url: String,
    /// When it was published (or answered, for feedback).
    pub updated: DateTime<Tz>,
    /// Plain text.
    pub summary: String,
    /// Sanitised HTML, for feedback answers.
    pub content_html: Option<String>,
    /// The label of the section or category.
    pub category: String,
}

/// The first moment of `d` in `tz`.
pub fn midnight(d: NaiveDate, tz: Tz) -> DateTime<Tz> {
    tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .earliest()
        .expect("midnight exists")
}

/// Implements the shared accessors for a kind whose struct has `slug`,
/// `url` and `source` fields.
macro_rules! item {
    ($ty:ty, $kind:expr, |$x:ident| { $($rest:tt)* }) => {
        impl Item for $ty {
            fn kind(&self) -> Kind {
                $kind
            }
            fn slug(&self) -> &str {
                &self.slug
            }
            fn url(&self) -> &str {
                &self.url
            }
            fn source(&self) -> &Path {
                &self.source
            }
            item!(@rest $x, $($rest)*);
        }
    };
    (@rest $x:ident, draft, $($rest:tt)*) => {
        fn is_draft(&self) -> bool {
            self.draft
        }
        item!(@rest $x, $($rest)*);
    };
    (@rest $x:ident, from = $from:expr, $($rest:tt)*) => {
        fn public_from(&self) -> Option<NaiveDate> {
            let $x = self;
            Some($from)
        }
        item!(@rest $x, $($rest)*);
    };
    (@rest $x:ident, code = $what:literal, $($rest:tt)*) => {
        fn code(&self) -> Option<(&'static str, &str)> {
            Some(($what, &self.code))
        }
        item!(@rest $x, $($rest)*);
    };
    (@rest $x:ident, at = $at:expr, $($rest:tt)*) => {
        fn public_at(&self) -> Option<DateTime<Tz>> {
            let $x = self;
            Some($at)
        }
        item!(@rest $x, $($rest)*);
    };
    (@rest $x:ident, public = $public:expr, $($rest:tt)*) => {
        fn is_public(&self) -> bool {
            let $x = self;
            $public
        }
        item!(@rest $x, $($rest)*);
    };
    (@rest $x:ident, feed($tz:ident) = $feed:expr, $($rest:tt)*) => {
        fn feed_entry(&self, $tz: Tz) -> Option<FeedEntry> {
            let $x = self;
            Some($feed)
        }
        item!(@rest $x, $($rest)*);
    };
    (@rest $x:ident,) => {};
}

item!(News, Kind::News, |x| {
    draft,
    from = x.local_date(),
    at = x.date,
    feed(_tz) = FeedEntry {
        title: x.title.clone(),
        url: x.url.clone(),
        updated: x.date,
        summary: x.summary.clone(),
        content_html: None,
        category: x.category_label.clone(),
    },
});
item!(Document, Kind::Document, |x| {
    draft,
    from = x.date,
    feed(tz) = FeedEntry {
        title: format!("{} số {}: {}", x.kind, x.number, x.title),
        url: x.url.clone(),
        updated: midnight(x.date, tz),
        summary: x.summary.clone(),
        content_html: None,
        category: "Văn bản".into(),
    },
});
item!(Plan, Kind::Plan, |x| {
    draft,
    from = x.date,
    feed(tz) = FeedEntry {
        title: match x.number.as_str() {
            "" => format!("Kế hoạch (chưa có số): {}", x.title),
            n => format!("Kế hoạch số {n}: {}", x.title),
        },
        url: x.url.clone(),
        updated: midnight(x.date, tz),
        summary: x.summary.clone(),
        content_html: None,
        category: "Kế hoạch".into(),
    },
});
item!(Consultation, Kind::Consultation, |x| {
    draft,
    from = x.opens,
    feed(tz) = FeedEntry {
        title: x.title.clone(),
        url: x.url.clone(),
        updated: midnight(x.opens, tz),
        summary: format!(
            "Lấy ý kiến từ ngày {} đến hết ngày {}. {}",
            x.opens_display, x.closes_display, x.summary
        ),
        content_html: None,
        category: "Lấy ý kiến dự thảo".into(),
    },
});
item!(Page, Kind::Page, |x| { draft, });
item!(Procedure, Kind::Procedure, |x| { code = "procedure code", });
// Feedback is published once answered, and fed from the day of the answer.
item!(Feedback, Kind::Feedback, |x| {
    code = "feedback code",
    public = x.is_answered(),
    feed(tz) = FeedEntry {
        title: x.subject.clone(),
        url: x.url.clone(),
        updated: midnight(x.answered?, tz),
        summary: format!("Trả lời phản ánh, kiến nghị {} của {}", x.code, x.unit),
        content_html: x.answer_html.clone(),
        category: "Phản ánh, kiến nghị".into(),
    },
});
