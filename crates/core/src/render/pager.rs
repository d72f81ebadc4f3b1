//! Pagination of index pages: `/tin-tuc/`, `/tin-tuc/trang/2/`, ...

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

/// Where one page of a list stands among its siblings.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    /// The page's number, from 1.
    pub current: usize,
    /// How many pages the list has.
    pub total: usize,
    /// The previous page's address.
    pub prev: Option<String>,
    /// The next page's address.
    pub next: Option<String>,
    /// The first, the last, and the pages near the current one; gaps where
    /// numbers are skipped are marked by a link with number 0.
    pub links: Vec<PageLink>,
}

/// The URL of page `n` (1-based) of the list at `base` (ending in `/`).
pub fn page_url(base: &str, n: usize) -> String {
    if n <= 1 {
        base.to_string()
    } else {
        format!("{base}trang/{n}/")
    }
}

/// Splits `items` into pages of `per` (at least one page, even when empty).
pub fn paginate<'a, T>(items: &'a [T], per: usize, base: &str) -> Vec<(&'a [T], Pager)> {
    let total = items.len().div_ceil(per).max(1);
    (1..=total)
        .map(|n| {
            let start = ((n - 1) * per).min(items.len());
            let end = (n * per).min(items.len());
            (&items[start..end], pager(base, n, total))
        })
        .collect()
}

fn pager(base: &str, current: usize, total: usize) -> Pager {
    let mut links = Vec::new();
    let mut last_shown = 0;
    for n in 1..=total {
        let near = n + 2 >= current && n <= current + 2;
        if n == 1 || n == total || near {
            if last_shown + 1 != n {
                links.push(PageLink {
                    number: 0,
                    url: String::new(),
                    current: false,
                });
            }
            links.push(PageLink {
                number: n,
                url: page_url(base, n),
                current: n == current,
            });
            last_shown = n;
        }
    }
    Pager {
        current,
        total,
        prev: (current > 1).then(|| page_url(base, current - 1)),
        next: (current < total).then(|| page_url(base, current + 1)),
        links,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_urls() {
        let items: Vec<u32> = (0..45).collect();
        let pages = paginate(&items, 20, "/tin-tuc/");
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[2].0.len(), 5);
        assert_eq!(pages[1].1.prev.as_deref(), Some("/tin-tuc/"));
        assert_eq!(pages[1].1.next.as_deref(), Some("/tin-tuc/trang/3/"));
    }

    #[test]
    fn empty_list_has_one_page() {
        let items: Vec<u32> = vec![];
        assert_eq!(paginate(&items, 10, "/x/").len(), 1);
    }

    #[test]
    fn long_lists_show_a_window() {
        let items: Vec<u32> = (0..1000).collect();
        let pages = paginate(&items, 10, "/x/");
        let numbers: Vec<usize> = pages[49].1.links.iter().map(|l| l.number).collect();
        assert_eq!(numbers, vec![1, 0, 48, 49, 50, 51, 52, 0, 100]);
    }
}
