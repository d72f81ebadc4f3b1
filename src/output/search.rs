//! The site search index: static files a browser (or any client) queries
//! without a server, loaded in pieces so a phone downloads only what a query
//! needs.
//!
//! Text is folded the Vietnamese way (lowercase, tone marks dropped, đ → d)
//! on both sides, so "nhap quoc tich" finds "nhập quốc tịch". Terms are
//! syllables and pairs of adjacent syllables (for phrase ranking); dotted
//! numbers such as procedure codes ("1.013837") stay one term.
//!
//! Layout under `/tim-kiem/` (format version 1):
//! - `meta.json`: `{"v":1,"shards":N,"chunk":C,"docs":D,"kinds":"...","fields":[...],"field_names":[...]}`,
//!   one kind letter and one field index per document;
//! - `i/<n>.json`: the terms whose FNV-1a hash modulo N is n, each with
//!   `[doc delta, weight, ...]`;
//! - `d/<k>.json`: `[title, url, kind, field, snippet]` for documents k×C…(k+1)×C−1.
//!
//! `themes/default/static/search.js` reads it; the two must fold, split and
//! hash text identically.

use std::collections::{BTreeMap, HashMap};

use serde_json::json;
use unicode_normalization::UnicodeNormalization;

use super::data::text_of;
use super::Generated;
use crate::markdown::truncate_words;
use crate::site::Site;

/// Documents per metadata chunk.
const CHUNK: usize = 64;
/// Target bytes of postings per shard.
const SHARD_TARGET: usize = 12 * 1024;

/// Folds text for search: lowercase, no tone marks, đ → d.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
        .nfd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// Splits folded text into terms: runs of `[a-z0-9]`, with dotted numbers
/// (`1.013837`, `3.000.000`) kept whole.
pub fn tokens(folded: &str) -> Vec<&str> {
    let bytes = folded.as_bytes();
    let word = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !word(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        let all_digits_so_far =
            |s: usize, e: usize| bytes[s..e].iter().all(|b| b.is_ascii_digit() || *b == b'.');
        while i < bytes.len() && word(bytes[i]) {
            i += 1;
        }
        // Join `.digits` groups onto a number.
        while i + 1 < bytes.len()
            && bytes[i] == b'.'
            && bytes[i + 1].is_ascii_digit()
            && all_digits_so_far(start, i)
        {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            if i < bytes.len() && word(bytes[i]) && !bytes[i].is_ascii_digit() {
                break;
            }
        }
        out.push(&folded[start..i]);
    }
    out
}

/// 32-bit FNV-1a, as `search.js` computes it.
pub fn fnv1a(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// One searchable document.
struct Doc {
    title: String,
    url: String,
    kind: char,
    field: Option<String>,
    snippet: String,
    /// (text, weight) parts to index.
    parts: Vec<(String, u32)>,
}

fn documents(site: &Site) -> Vec<Doc> {
    let mut docs = Vec::new();
    for p in &site.procedures {
        let body = [
            p.steps.join(". "),
            p.documents.join(". "),
            p.legal_basis.join(". "),
            p.applicants.clone().unwrap_or_default(),
        ]
        .join(" ");
        docs.push(Doc {
            title: p.name.clone(),
            url: p.url.clone(),
            kind: 't',
            field: Some(p.field.clone()),
            snippet: format!("Mã {} · {} · {}", p.code, p.field, p.online_label),
            parts: vec![
                (p.code.clone(), 20),
                (p.name.clone(), 6),
                (p.field.clone(), 3),
                (body, 1),
            ],
        });
    }
    for n in &site.news {
        docs.push(Doc {
            title: n.title.clone(),
            url: n.url.clone(),
            kind: 'n',
            field: None,
            snippet: truncate_words(&n.summary, 160),
            parts: vec![
                (n.title.clone(), 5),
                (n.summary.clone(), 2),
                (text_of(&n.body_html), 1),
            ],
        });
    }
    for d in &site.documents {
        docs.push(Doc {
            title: format!("{} số {}: {}", d.kind, d.number, d.title),
            url: d.url.clone(),
            kind: 'v',
            field: None,
            snippet: truncate_words(&d.summary, 160),
            parts: vec![
                (d.number.clone(), 20),
                (d.title.clone(), 5),
                (d.summary.clone(), 2),
                (text_of(&d.body_html), 1),
            ],
        });
    }
    for p in &site.plans {
        let tasks: Vec<&str> = p.tasks.iter().map(|t| t.title.as_str()).collect();
        docs.push(Doc {
            title: p.title.clone(),
            url: p.url.clone(),
            kind: 'k',
            field: None,
            snippet: truncate_words(&p.summary, 160),
            parts: vec![
                (p.number.clone(), 10),
                (p.title.clone(), 5),
                (p.summary.clone(), 2),
                (tasks.join(". "), 1),
                (text_of(&p.body_html), 1),
            ],
        });
    }
    for f in site.published_feedback() {
        let answer = f.answer_html.as_deref().map(text_of).unwrap_or_default();
        let field = f
            .procedure
            .as_deref()
            .and_then(|c| site.procedures.iter().find(|p| p.code == c))
            .map(|p| p.field.clone());
        docs.push(Doc {
            title: f.subject.replace(['<', '>'], ""),
            url: f.url.clone(),
            kind: 'p',
            field,
            snippet: truncate_words(&answer, 160),
            parts: vec![
                (f.code.clone(), 10),
                (f.subject.clone(), 5),
                (text_of(&f.content_html), 1),
                (answer, 1),
            ],
        });
    }
    for p in &site.pages {
        docs.push(Doc {
            title: p.title.clone(),
            url: p.url.clone(),
            kind: 'g',
            field: None,
            snippet: truncate_words(
                &p.summary.clone().unwrap_or_else(|| text_of(&p.body_html)),
                160,
            ),
            parts: vec![(p.title.clone(), 5), (text_of(&p.body_html), 1)],
        });
    }
    docs
}

/// Term → (doc, weight) postings for one document.
fn index_doc(doc: &Doc) -> HashMap<String, u32> {
    let mut terms: HashMap<String, u32> = HashMap::new();
    for (text, weight) in &doc.parts {
        let folded = fold(text);
        let toks = tokens(&folded);
        for (i, t) in toks.iter().enumerate() {
            *terms.entry((*t).to_string()).or_default() += weight;
            if let Some(next) = toks.get(i + 1) {
                *terms.entry(format!("{t} {next}")).or_default() += weight;
            }
        }
    }
    terms
}

/// All files of the search index.
pub fn index(site: &Site) -> Vec<Generated> {
    use rayon::prelude::*;
    let docs = documents(site);
    let per_doc: Vec<HashMap<String, u32>> = docs.par_iter().map(index_doc).collect();
    let mut postings: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
    for (id, terms) in per_doc.into_iter().enumerate() {
        for (term, w) in terms {
            postings
                .entry(term)
                .or_default()
                .push((id as u32, w.min(255)));
        }
    }
    let total: usize = postings.iter().map(|(t, p)| t.len() + p.len() * 5).sum();
    let shards = (total / SHARD_TARGET).max(1).next_power_of_two().min(4096);
    let mut shard_terms: Vec<BTreeMap<&str, Vec<u32>>> = vec![BTreeMap::new(); shards];
    for (term, list) in &postings {
        let mut flat = Vec::with_capacity(list.len() * 2);
        let mut prev = 0;
        for (id, w) in list {
            flat.push(id - prev);
            flat.push(*w);
            prev = *id;
        }
        shard_terms[fnv1a(term) as usize % shards].insert(term, flat);
    }
    let mut files: Vec<Generated> = shard_terms
        .iter()
        .enumerate()
        .map(|(n, terms)| Generated {
            url: format!("/tim-kiem/i/{n}.json"),
            bytes: serde_json::to_vec(terms).expect("index serialises"),
        })
        .collect();
    files.extend(docs.chunks(CHUNK).enumerate().map(|(k, chunk)| {
        let rows: Vec<_> = chunk
            .iter()
            .map(|d| json!([d.title, d.url, d.kind.to_string(), d.field, d.snippet]))
            .collect();
        Generated {
            url: format!("/tim-kiem/d/{k}.json"),
            bytes: serde_json::to_vec(&rows).expect("docs serialise"),
        }
    }));
    let mut field_names: Vec<&str> = docs.iter().filter_map(|d| d.field.as_deref()).collect();
    field_names.sort();
    field_names.dedup();
    let field_of: Vec<i64> = docs
        .iter()
        .map(|d| {
            d.field
                .as_deref()
                .and_then(|f| field_names.binary_search(&f).ok())
                .map_or(-1, |i| i as i64)
        })
        .collect();
    let meta = json!({
        "v": 1, "shards": shards, "chunk": CHUNK, "docs": docs.len(),
        "kinds": docs.iter().map(|d| d.kind).collect::<String>(),
        "fields": field_of, "field_names": field_names,
    });
    files.push(Generated {
        url: "/tim-kiem/meta.json".into(),
        bytes: serde_json::to_vec(&meta).expect("meta serialises"),
    });
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese_for_search() {
        assert_eq!(fold("Nhập Quốc Tịch"), "nhap quoc tich");
        assert_eq!(fold("Đường đấu giá"), "duong dau gia");
    }

    #[test]
    fn keeps_codes_whole() {
        assert_eq!(
            tokens("ma 1.013837, phi 3.000.000 dong"),
            vec!["ma", "1.013837", "phi", "3.000.000", "dong"]
        );
        assert_eq!(
            tokens("stp-lsn-qt-01. het."),
            vec!["stp", "lsn", "qt", "01", "het"]
        );
        assert_eq!(tokens("nam 2026."), vec!["nam", "2026"]);
    }

    #[test]
    fn fnv_matches_reference() {
        assert_eq!(fnv1a(""), 0x811c9dc5);
        assert_eq!(fnv1a("a"), 0xe40c292c);
    }
}
