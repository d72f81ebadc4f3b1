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

use std::collections::BTreeMap;

use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use serde_json::json;
use unicode_normalization::char::decompose_canonical;

use super::data::text_of;
use super::Generated;
use crate::markdown::truncate_words;
use crate::site::Site;

/// Documents per metadata chunk.
const CHUNK: usize = 16;
/// Target bytes of postings per shard.
const SHARD_TARGET: usize = 12 * 1024;

/// Folds text for search: lowercase, no tone marks, đ → d.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        for lower in c.to_lowercase() {
            decompose_canonical(lower, |d| {
                if !('\u{300}'..='\u{36f}').contains(&d) {
                    out.push(if d == 'đ' { 'd' } else { d });
                }
            });
        }
    }
    out
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
struct Doc<'a> {
    title: String,
    url: String,
    kind: char,
    field: Option<String>,
    snippet: String,
    /// (text, weight) parts to index. Syllable pairs are indexed only for
    /// parts weighing more than 1 (titles, codes, summaries): bodies would
    /// multiply the index for little gain in ranking.
    parts: Vec<(Part<'a>, u32)>,
}

/// Text to index: plain, or (sanitised) HTML whose text is taken only while
/// indexing, so the bodies of a large site are never all copied at once.
enum Part<'a> {
    Text(String),
    Html(&'a str),
}

impl From<String> for Part<'_> {
    fn from(text: String) -> Self {
        Part::Text(text)
    }
}

fn documents(site: &Site) -> Vec<Doc<'_>> {
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
                (p.code.clone().into(), 20),
                (p.name.clone().into(), 6),
                (p.field.clone().into(), 3),
                (body.into(), 1),
            ],
        });
    }
    docs.par_extend(site.news.par_iter().map(|n| Doc {
        title: n.title.clone(),
        url: n.url.clone(),
        kind: 'n',
        field: None,
        snippet: truncate_words(&n.summary, 160),
        parts: vec![
            (n.title.clone().into(), 5),
            (n.summary.clone().into(), 2),
            (Part::Html(&n.body_html), 1),
        ],
    }));
    for d in &site.documents {
        docs.push(Doc {
            title: format!("{} số {}: {}", d.kind, d.number, d.title),
            url: d.url.clone(),
            kind: 'v',
            field: None,
            snippet: truncate_words(&d.summary, 160),
            parts: vec![
                (d.number.clone().into(), 20),
                (d.title.clone().into(), 5),
                (d.summary.clone().into(), 2),
                (Part::Html(&d.body_html), 1),
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
                (p.number.clone().into(), 10),
                (p.title.clone().into(), 5),
                (p.summary.clone().into(), 2),
                (tasks.join(". ").into(), 1),
                (Part::Html(&p.body_html), 1),
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
                (f.code.clone().into(), 10),
                (f.subject.clone().into(), 5),
                (Part::Html(&f.content_html), 1),
                (answer.into(), 1),
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
            parts: vec![(p.title.clone().into(), 5), (Part::Html(&p.body_html), 1)],
        });
    }
    docs
}

/// Partitions of the term space, merged in parallel; a power of two, and
/// the least number of shards.
const PARTS: usize = 16;

/// A term's identity while indexing: a 64-bit hash (FxHash); its text is
/// kept once, in the dictionary.
fn term_id(term: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(term.as_bytes());
    h.finish()
}

/// The terms of one document as (term id, weight), and every term's text
/// seen for the first time on this thread.
fn index_doc(doc: &Doc, dictionary: &mut HashMap<u64, String>) -> Vec<(u64, u32)> {
    let mut weights: HashMap<u64, u32> = HashMap::default();
    let mut add = |term: &str, w: u32| {
        let id = term_id(term);
        *weights.entry(id).or_default() += w;
        dictionary.entry(id).or_insert_with(|| term.to_string());
    };
    let mut pair = String::new();
    for (part, weight) in &doc.parts {
        let folded = match part {
            Part::Text(text) => fold(text),
            Part::Html(html) => fold(&text_of(html)),
        };
        let toks = tokens(&folded);
        for (i, t) in toks.iter().enumerate() {
            add(t, *weight);
            if let Some(next) = toks.get(i + 1).filter(|_| *weight > 1) {
                pair.clear();
                pair.push_str(t);
                pair.push(' ');
                pair.push_str(next);
                add(&pair, *weight);
            }
        }
    }
    weights
        .into_iter()
        .map(|(id, w)| (id, w.min(255)))
        .collect()
}

/// Documents' terms as (doc id, [(term id, weight)]), and term texts by id.
type Indexed = (Vec<(u32, Vec<(u64, u32)>)>, HashMap<u64, String>);

/// All files of the search index.
pub fn index(site: &Site) -> Vec<Generated> {
    let docs = documents(site);
    // Per thread: every document's terms, and the text of the terms it met.
    let (per_doc, dictionary) = docs
        .par_iter()
        .enumerate()
        .fold(
            || (Vec::new(), HashMap::default()),
            |(mut out, mut dict): Indexed, (id, doc)| {
                out.push((id as u32, index_doc(doc, &mut dict)));
                (out, dict)
            },
        )
        .reduce(
            || (Vec::new(), HashMap::default()),
            |(mut a, mut da), (b, db)| {
                a.extend(b);
                for (k, v) in db {
                    da.entry(k).or_insert(v);
                }
                (a, da)
            },
        );
    // Merge postings by partition of the term id, on all threads.
    let mut by_part: Vec<Vec<(u32, u64, u32)>> = vec![Vec::new(); PARTS];
    for (id, terms) in per_doc {
        for (t, w) in terms {
            by_part[t as usize % PARTS].push((id, t, w));
        }
    }
    let parts: Vec<HashMap<u64, Vec<u32>>> = by_part
        .into_par_iter()
        .map(|mut postings| {
            postings.sort_unstable_by_key(|(id, _, _)| *id);
            let mut terms: HashMap<u64, Vec<u32>> = HashMap::default();
            for (id, t, w) in postings {
                terms.entry(t).or_default().extend([id, w]);
            }
            terms
        })
        .collect();
    let total: usize = parts
        .iter()
        .flat_map(|p| p.values())
        .map(|list| list.len() * 3 + 8)
        .sum();
    let shards = (total / SHARD_TARGET)
        .next_power_of_two()
        .clamp(PARTS, 4096);
    let mut named: Vec<Vec<(String, Vec<u32>)>> = vec![Vec::new(); shards];
    for part in parts {
        for (t, list) in part {
            let term = dictionary
                .get(&t)
                .expect("every term is in the dictionary")
                .clone();
            named[fnv1a(&term) as usize % shards].push((term, list));
        }
    }
    let mut files: Vec<Generated> = named
        .into_par_iter()
        .enumerate()
        .map(|(n, terms)| shard_file(n, terms))
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
    files.push(meta(&docs, shards));
    files
}

/// One shard: its terms in order, postings delta-encoded as
/// `[doc delta, weight, ...]`.
fn shard_file(n: usize, terms: Vec<(String, Vec<u32>)>) -> Generated {
    let mut sorted: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (term, mut list) in terms {
        let mut prev = 0;
        for pair in list.chunks_mut(2) {
            let id = pair[0];
            pair[0] = id - prev;
            prev = id;
        }
        sorted.insert(term, list);
    }
    Generated {
        url: format!("/tim-kiem/i/{n}.json"),
        bytes: serde_json::to_vec(&sorted).expect("index serialises"),
    }
}

fn meta(docs: &[Doc], shards: usize) -> Generated {
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
    Generated {
        url: "/tim-kiem/meta.json".into(),
        bytes: serde_json::to_vec(&meta).expect("meta serialises"),
    }
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
