//! `sitemap.xml` (a sitemap index past 50,000 URLs) and `robots.txt`.

use super::Generated;
use crate::escape::xml as esc;

/// The sitemap protocol's limit of URLs per file.
const PER_FILE: usize = 50_000;

/// Sitemaps listing `urls` (site-relative), and robots.txt pointing at them;
/// a site of illustrative content (`sample`) asks robots to index nothing.
pub fn sitemaps(base_url: &str, urls: &[&str], sample: bool) -> Vec<Generated> {
    let escaped = esc(base_url);
    let base_url = escaped.as_str();
    let chunks: Vec<&[&str]> = if urls.is_empty() {
        vec![&[][..]]
    } else {
        urls.chunks(PER_FILE).collect()
    };
    let mut files = Vec::new();
    if chunks.len() == 1 {
        files.push(urlset("/sitemap.xml", base_url, chunks[0]));
    } else {
        let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (i, chunk) in chunks.iter().enumerate() {
            let name = format!("/sitemap-{}.xml", i + 1);
            index.push_str(&format!("<sitemap><loc>{base_url}{name}</loc></sitemap>\n"));
            files.push(urlset(&name, base_url, chunk));
        }
        index.push_str("</sitemapindex>\n");
        files.push(Generated {
            url: "/sitemap.xml".into(),
            bytes: index.into_bytes(),
        });
    }
    let robots = if sample {
        "# Nội dung minh họa: không lập chỉ mục.\nUser-agent: *\nDisallow: /\n".to_string()
    } else {
        format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n")
    };
    files.push(Generated {
        url: "/robots.txt".into(),
        bytes: robots.into_bytes(),
    });
    files
}

fn urlset(name: &str, base_url: &str, urls: &[&str]) -> Generated {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for url in urls {
        xml.push_str(&format!("<url><loc>{}{}</loc></url>\n", base_url, esc(url)));
    }
    xml.push_str("</urlset>\n");
    Generated {
        url: name.to_string(),
        bytes: xml.into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_into_an_index_past_the_limit() {
        let urls: Vec<String> = (0..PER_FILE + 1).map(|i| format!("/p{i}/")).collect();
        let refs: Vec<&str> = urls.iter().map(String::as_str).collect();
        let files = sitemaps("https://x.vn", &refs, false);
        let names: Vec<&str> = files.iter().map(|f| f.url.as_str()).collect();
        assert_eq!(
            names,
            [
                "/sitemap-1.xml",
                "/sitemap-2.xml",
                "/sitemap.xml",
                "/robots.txt"
            ]
        );
        assert!(String::from_utf8_lossy(&files[2].bytes).contains("<sitemapindex"));
    }
}
