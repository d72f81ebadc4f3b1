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

use std::borrow::Cow;
use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};

use serde_json::json;
use unicode_normalization::char::decompose_canonical;

use super::Generated;
use crate::escape::text_of;
use crate::hash::fnv1a;
use crate::markdown::truncate_words;
use crate::site::Site;

/// Documents per metadata chunk (about 12 KB): a page of results reads a
/// few of these rather than one small file per result.
const CHUNK: usize = 40;
/// Target bytes of postings per shard: a site of 10,000 posts is 1,024
/// shards of about 8 to 16 KB rather than 2,048 smaller files, and a word
/// reads one shard (a fifth of its size gzipped). Common words carry most
/// of the bytes themselves: "nhap quoc tich" reads five shards, 34 KB
/// gzipped, at 10,000 posts (43 KB with 512 shards).
const SHARD_TARGET: usize = 16 * 1024;

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

/// What a character becomes in the bytes the indexer splits into terms:
/// [`fold`] reduced to what [`tokens`] tells apart. Letters and digits fold
/// to `a-z0-9`, `.` stays, tone marks vanish and everything else separates.
const DROP: u8 = 0;
const SLOW: u8 = 0xff;

/// [`fold`] of every character below U+2100 (Latin, Vietnamese, typographic
/// punctuation), computed once; characters above take the slow path.
fn fold_table() -> &'static [u8; 0x2100] {
    static TABLE: std::sync::OnceLock<[u8; 0x2100]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [b' '; 0x2100];
        for (code, slot) in table.iter_mut().enumerate() {
            if let Some(c) = char::from_u32(code as u32) {
                let folded = fold(c.encode_utf8(&mut [0; 4]));
                let mut chars = folded.chars();
                *slot = match (chars.next(), chars.next()) {
                    (None, _) => DROP,
                    (Some(f), None) if f.is_ascii() => term_byte(f as u8),
                    (Some(_), None) => b' ',
                    _ => SLOW,
                };
            }
        }
        table
    })
}

fn term_byte(b: u8) -> u8 {
    if b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' {
        b
    } else {
        b' '
    }
}

/// Appends the folded term bytes of `text` to `out` (always ASCII):
/// `tokens(out)` equals `tokens(fold(text))`.
fn fold_terms(text: &str, out: &mut Vec<u8>) {
    let table = fold_table();
    out.reserve(text.len());
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            out.push(table[usize::from(b)]);
            i += 1;
            continue;
        }
        let c = text[i..].chars().next().expect("a character starts here");
        i += c.len_utf8();
        match table.get(c as usize).copied() {
            Some(DROP) => {}
            Some(SLOW) | None => {
                out.extend(fold(c.encode_utf8(&mut [0; 4])).bytes().map(term_byte))
            }
            Some(b) => out.push(b),
        }
    }
}

/// [`fold_terms`] of the text of sanitised HTML, as [`text_of`] reads it:
/// tags and entities separate words.
fn fold_html_terms(html: &str, out: &mut Vec<u8>) {
    let mut rest = html;
    while let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        fold_terms(&rest[..at], out);
        rest = &rest[at..];
        // `text_of` drops decoded angle brackets without a break.
        let (skip, separates) = if rest.starts_with('<') {
            (rest.find('>').map_or(rest.len(), |i| i + 1), true)
        } else if rest.starts_with("&lt;") || rest.starts_with("&gt;") {
            (4, false)
        } else {
            let entity = ["&amp;", "&quot;", "&#39;", "&nbsp;"]
                .into_iter()
                .find(|e| rest.starts_with(e));
            (entity.map_or(1, str::len), true)
        };
        if separates {
            out.push(b' ');
        }
        rest = &rest[skip..];
    }
    fold_terms(rest, out);
}

/// Splits folded text into terms: runs of `[a-z0-9]`, with dotted numbers
/// (`1.013837`, `3.000.000`) kept whole.
pub fn tokens(folded: &str) -> Vec<&str> {
    let mut out = Vec::with_capacity(folded.len() / 6);
    token_ranges(folded.as_bytes(), |at| out.push(&folded[at]));
    out
}

/// Hands `each` where every term of [`tokens`] is in `folded`, in order,
/// without collecting them.
fn token_ranges(folded: &[u8], mut each: impl FnMut(std::ops::Range<usize>)) {
    const SEP: u8 = 0;
    const LETTER: u8 = 1;
    const DIGIT: u8 = 2;
    const CLASS: [u8; 256] = {
        let mut table = [SEP; 256];
        let mut b = 0;
        while b < 256 {
            let c = b as u8;
            table[b] = if c.is_ascii_lowercase() {
                LETTER
            } else if c.is_ascii_digit() {
                DIGIT
            } else {
                SEP
            };
            b += 1;
        }
        table
    };
    let class = |i: usize| CLASS[usize::from(folded[i])];
    let len = folded.len();
    let mut i = 0;
    while i < len {
        if class(i) == SEP {
            i += 1;
            continue;
        }
        let start = i;
        let mut number = true;
        while i < len && class(i) != SEP {
            number &= class(i) == DIGIT;
            i += 1;
        }
        // Join `.digits` groups onto a number.
        while number && i + 1 < len && folded[i] == b'.' && class(i + 1) == DIGIT {
            i += 1;
            while i < len && class(i) == DIGIT {
                i += 1;
            }
            if i < len && class(i) == LETTER {
                break;
            }
        }
        each(start..i);
    }
}

/// One searchable document.
struct Doc<'a> {
    title: Cow<'a, str>,
    url: &'a str,
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
#[derive(PartialEq)]
enum Part<'a> {
    Text(Cow<'a, str>),
    Html(&'a str),
}

impl From<String> for Part<'_> {
    fn from(text: String) -> Self {
        Part::Text(Cow::Owned(text))
    }
}

impl<'a> From<&'a str> for Part<'a> {
    fn from(text: &'a str) -> Self {
        Part::Text(Cow::Borrowed(text))
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
            title: Cow::Borrowed(&p.name),
            url: &p.url,
            kind: 't',
            field: Some(p.field.clone()),
            snippet: format!("Mã {} · {} · {}", p.code, p.field, p.online_label),
            parts: vec![
                (p.code.as_str().into(), 20),
                (p.name.as_str().into(), 6),
                (p.field.as_str().into(), 3),
                (body.into(), 1),
            ],
        });
    }
    docs.par_extend(site.news.par_iter().map(|n| Doc {
        title: Cow::Borrowed(&n.title),
        url: &n.url,
        kind: 'n',
        field: None,
        snippet: truncate_words(&n.summary, 160),
        parts: vec![
            (n.title.as_str().into(), 5),
            (n.summary.as_str().into(), 2),
            (Part::Html(&n.body_html), 1),
        ],
    }));
    for d in &site.documents {
        docs.push(Doc {
            title: format!("{} số {}: {}", d.kind, d.number, d.title).into(),
            url: &d.url,
            kind: 'v',
            field: None,
            snippet: truncate_words(&d.summary, 160),
            parts: vec![
                (d.number.as_str().into(), 20),
                (d.title.as_str().into(), 5),
                (d.summary.as_str().into(), 2),
                (Part::Html(&d.body_html), 1),
            ],
        });
    }
    for p in &site.plans {
        let tasks: Vec<&str> = p.tasks.iter().map(|t| t.title.as_str()).collect();
        docs.push(Doc {
            title: Cow::Borrowed(&p.title),
            url: &p.url,
            kind: 'k',
            field: None,
            snippet: truncate_words(&p.summary, 160),
            parts: vec![
                (p.number.as_str().into(), 10),
                (p.title.as_str().into(), 5),
                (p.summary.as_str().into(), 2),
                (tasks.join(". ").into(), 1),
                (Part::Html(&p.body_html), 1),
            ],
        });
    }
    for c in &site.consultations {
        docs.push(Doc {
            title: Cow::Borrowed(&c.title),
            url: &c.url,
            kind: 'y',
            field: None,
            snippet: truncate_words(&c.summary, 160),
            parts: vec![
                (c.title.as_str().into(), 5),
                (c.drafting_unit.as_str().into(), 1),
                (c.summary.as_str().into(), 2),
                (Part::Html(&c.body_html), 1),
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
            title: f.subject.replace(['<', '>'], "").into(),
            url: &f.url,
            kind: 'p',
            field,
            snippet: truncate_words(&answer, 160),
            parts: vec![
                (f.code.as_str().into(), 10),
                (f.subject.as_str().into(), 5),
                (Part::Html(&f.content_html), 1),
                (answer.into(), 1),
            ],
        });
    }
    for p in &site.pages {
        docs.push(Doc {
            title: Cow::Borrowed(&p.title),
            url: &p.url,
            kind: 'g',
            field: None,
            snippet: truncate_words(
                &p.summary.clone().unwrap_or_else(|| text_of(&p.body_html)),
                160,
            ),
            parts: vec![(p.title.as_str().into(), 5), (Part::Html(&p.body_html), 1)],
        });
    }
    docs
}

/// Partitions of the term space, merged in parallel; a power of two, and
/// the least number of shards.
const PARTS: usize = 16;

/// A term and its postings, each packed as `doc << 8 | weight`.
struct Term {
    text: Box<str>,
    postings: Vec<u32>,
}

/// The terms of a run of consecutive documents, split by partition.
type Batch = Vec<HashMap<u64, Term>>;

/// Buffers reused from one document to the next.
#[derive(Default)]
struct Scratch {
    folded: Vec<u8>,
    pair: Vec<u8>,
    /// The document's distinct terms: key → place in `found`.
    seen: HashMap<u64, usize>,
    /// Each distinct term of the document once, in the order met: its
    /// key, where its text is in `texts`, and its summed weight.
    found: Vec<(u64, std::ops::Range<usize>, u32)>,
    texts: Vec<u8>,
}

/// Adds one document's terms to `batch`, one posting per distinct term
/// with the weights of its every occurrence summed (at most 255).
///
/// Occurrences are gathered in a small table of the document's own first,
/// which stays in the processor's cache: the large tables of the batch are
/// probed once per distinct term rather than once per word (Vietnamese
/// repeats its syllables: about half the words of a post are repeats).
fn index_doc(id: u32, doc: &Doc, scratch: &mut Scratch, batch: &mut Batch) {
    let Scratch {
        folded,
        pair,
        seen,
        found,
        texts,
    } = scratch;
    seen.clear();
    found.clear();
    texts.clear();
    let mut add = |term: &[u8], w: u32| {
        // A term's identity while indexing: its 64-bit FxHash.
        let key = FxBuildHasher.hash_one(term);
        match seen.entry(key) {
            std::collections::hash_map::Entry::Occupied(e) => {
                let weight = &mut found[*e.get()].2;
                *weight = (*weight + w).min(255);
            }
            std::collections::hash_map::Entry::Vacant(e) => {
                e.insert(found.len());
                let at = texts.len();
                texts.extend_from_slice(term);
                found.push((key, at..texts.len(), w.min(255)));
            }
        }
    };
    for (part, weight) in &doc.parts {
        folded.clear();
        match part {
            Part::Text(text) => fold_terms(text, folded),
            Part::Html(html) => fold_html_terms(html, folded),
        }
        let mut previous: Option<std::ops::Range<usize>> = None;
        token_ranges(folded, |at| {
            add(&folded[at.clone()], *weight);
            if let Some(before) = previous.replace(at.clone()).filter(|_| *weight > 1) {
                pair.clear();
                pair.extend_from_slice(&folded[before]);
                pair.push(b' ');
                pair.extend_from_slice(&folded[at]);
                add(pair, *weight);
            }
        });
    }
    for (key, text, weight) in found.drain(..) {
        let term = batch[key as usize % PARTS]
            .entry(key)
            .or_insert_with(|| Term {
                text: std::str::from_utf8(&texts[text])
                    .expect("folded terms are ASCII")
                    .into(),
                postings: Vec::new(),
            });
        term.postings.push(id << 8 | weight);
    }
}

/// All files of the search index.
pub fn index(site: &Site) -> Vec<Generated> {
    index_each(site, Ok::<_, std::convert::Infallible>).unwrap_or_else(|e| match e {})
}

/// Makes the search index of `site` and hands each file to `write` as
/// soon as it is made, in parallel (a build never holds the whole index
/// and its files at once); returns what `write` returned for each, or its
/// first error.
pub fn index_each<T: Send, E: Send>(
    site: &Site,
    write: impl Fn(Generated) -> Result<T, E> + Sync,
) -> Result<Vec<T>, E> {
    let docs = documents(site);
    let mut shards = by_shard(&docs);
    files(&docs, &mut shards, false, write)
}

/// The terms of `docs` with their postings, by shard.
fn by_shard(docs: &[Doc]) -> Vec<Vec<Term>> {
    let parts = terms_of(docs);
    let shards = shard_count(&parts);
    let mut named: Vec<Vec<Term>> = (0..shards).map(|_| Vec::new()).collect();
    for term in parts.into_iter().flatten() {
        named[fnv1a(&term.text) as usize % shards].push(term);
    }
    named
}

/// Every file of the index of `docs` cut into `shards`, each handed to
/// `write` as soon as it is made; a shard's terms are dropped once written
/// unless `keep`.
fn files<T: Send, E: Send>(
    docs: &[Doc],
    shards: &mut [Vec<Term>],
    keep: bool,
    write: impl Fn(Generated) -> Result<T, E> + Sync,
) -> Result<Vec<T>, E> {
    let count = shards.len();
    let mut out: Vec<T> = shards
        .par_iter_mut()
        .enumerate()
        .map(|(n, terms)| {
            if keep {
                write(shard_file(n, terms))
            } else {
                write(shard_file(n, &mut std::mem::take(terms)))
            }
        })
        .collect::<Result<_, E>>()?;
    let chunks: Vec<T> = (0..docs.len().div_ceil(CHUNK))
        .into_par_iter()
        .map(|k| write(chunk_file(docs, k)))
        .collect::<Result<_, E>>()?;
    out.extend(chunks);
    out.push(write(meta(docs, count))?);
    Ok(out)
}

/// Every term of `docs` with its postings, in [`PARTS`] partitions.
fn terms_of(docs: &[Doc]) -> Vec<Vec<Term>> {
    assert!(docs.len() < 1 << 24, "doc ids are packed into 24 bits");
    // Index runs of consecutive documents on all threads...
    let per_batch = docs.len().div_ceil(rayon::current_num_threads()).max(64);
    let batches: Vec<Batch> = docs
        .par_chunks(per_batch)
        .enumerate()
        .map(|(n, chunk)| {
            let mut batch: Batch = (0..PARTS).map(|_| HashMap::default()).collect();
            let mut scratch = Scratch::default();
            for (i, doc) in chunk.iter().enumerate() {
                index_doc((n * per_batch + i) as u32, doc, &mut scratch, &mut batch);
            }
            batch
        })
        .collect();
    // ...then merge each partition's batches in document order, so every
    // posting list comes out sorted.
    let mut by_part: Vec<Vec<HashMap<u64, Term>>> = (0..PARTS).map(|_| Vec::new()).collect();
    for batch in batches {
        for (p, terms) in batch.into_iter().enumerate() {
            by_part[p].push(terms);
        }
    }
    by_part.into_par_iter().map(merge).collect()
}

/// How many shards an index of these terms is cut into.
fn shard_count(parts: &[Vec<Term>]) -> usize {
    let total: usize = parts
        .iter()
        .flatten()
        .map(|t| t.postings.len() * 6 + t.text.len() + 4)
        .sum();
    shards_for(total)
}

/// How many shards an index of about `size` bytes is cut into.
fn shards_for(size: usize) -> usize {
    (size / SHARD_TARGET).next_power_of_two().clamp(PARTS, 4096)
}

/// `d/<k>.json`: the rows of documents k×C…(k+1)×C−1.
fn chunk_file(docs: &[Doc], k: usize) -> Generated {
    let end = ((k + 1) * CHUNK).min(docs.len());
    let rows: Vec<_> = docs[k * CHUNK..end]
        .iter()
        .map(|d| json!([d.title, d.url, d.kind.to_string(), d.field, d.snippet]))
        .collect();
    Generated {
        url: format!("/tim-kiem/d/{k}.json"),
        bytes: crate::escape::json(serde_json::to_vec(&rows).expect("docs serialise")),
    }
}

/// The search index kept in memory between the preview's rebuilds, so an
/// edit re-indexes only the documents that changed and rewrites only the
/// files that hold them.
pub struct LiveIndex {
    /// The site these terms were indexed from.
    site: std::sync::Arc<Site>,
    terms: HashMap<u64, Term>,
    shards: usize,
}

impl LiveIndex {
    /// Indexes the whole site; returns the index and all its files.
    pub fn build(site: std::sync::Arc<Site>) -> (LiveIndex, Vec<Generated>) {
        let docs = documents(&site);
        let mut named = by_shard(&docs);
        let files = files(&docs, &mut named, true, Ok::<_, std::convert::Infallible>)
            .unwrap_or_else(|e| match e {});
        let shards = named.len();
        let terms = named
            .into_iter()
            .flatten()
            .map(|t| (FxBuildHasher.hash_one(t.text.as_bytes()), t))
            .collect();
        let index = LiveIndex {
            site,
            terms,
            shards,
        };
        (index, files)
    }

    /// Brings the index from its site to `site`: the documents whose text
    /// or listing changed, came or went are indexed again (the others'
    /// postings only renumbered) and the files that changed are returned,
    /// with the addresses of those the index no longer has (chunks past a
    /// shorter list). None when documents moved (their order changed) or
    /// the index would be cut into another number of shards: index anew.
    pub fn update(&mut self, site: std::sync::Arc<Site>) -> Option<IndexUpdate> {
        let old_site = self.site.clone();
        let (old, new) = (documents(&old_site), documents(&site));
        // Each new document's number in the old list, if it was there.
        let was: Vec<Option<usize>> =
            match old.len() == new.len() && old.iter().zip(&new).all(|(a, b)| a.url == b.url) {
                true => (0..new.len()).map(Some).collect(),
                false => {
                    let at: rustc_hash::FxHashMap<&str, usize> =
                        old.iter().enumerate().map(|(i, d)| (d.url, i)).collect();
                    new.iter().map(|d| at.get(d.url).copied()).collect()
                }
            };
        // The documents kept must keep their order for postings to stay sorted.
        let kept: Vec<(usize, usize)> = was
            .iter()
            .enumerate()
            .filter_map(|(j, i)| i.map(|i| (i, j)))
            .collect();
        if kept.windows(2).any(|w| w[0].0 >= w[1].0) {
            return None;
        }
        let mut renumber: Vec<Option<u32>> = vec![None; old.len()];
        for &(i, j) in &kept {
            renumber[i] = Some(j as u32);
        }
        let changed: Vec<usize> = (0..new.len())
            .filter(|&j| was[j].is_none_or(|i| !same_doc(&old[i], &new[j])))
            .collect();
        let mut dirty: rustc_hash::FxHashSet<usize> = Default::default();
        let mut scratch = Scratch::default();
        // Take out the postings of documents that went or changed...
        let stale = (0..old.len()).filter(|&i| match renumber[i] {
            None => true,
            Some(j) => changed.binary_search(&(j as usize)).is_ok(),
        });
        for i in stale {
            let id = i as u32;
            for (key, term) in doc_terms(id, &old[i], &mut scratch) {
                dirty.insert(fnv1a(&term.text) as usize % self.shards);
                if let Some(t) = self.terms.get_mut(&key) {
                    if let Ok(at) = t.postings.binary_search_by_key(&id, |p| p >> 8) {
                        t.postings.remove(at);
                    }
                    if t.postings.is_empty() {
                        self.terms.remove(&key);
                    }
                }
            }
        }
        // ...renumber the others when documents came or went before them...
        let moved = kept.iter().any(|&(i, j)| i != j);
        if moved {
            for t in self.terms.values_mut() {
                for p in &mut t.postings {
                    let id = renumber[(*p >> 8) as usize].expect("a kept document");
                    *p = id << 8 | (*p & 0xff);
                }
            }
        }
        // ...and put in those that came or changed.
        for &j in &changed {
            let id = j as u32;
            for (key, term) in doc_terms(id, &new[j], &mut scratch) {
                dirty.insert(fnv1a(&term.text) as usize % self.shards);
                let posting = term.postings[0];
                let t = self.terms.entry(key).or_insert_with(|| Term {
                    text: term.text,
                    postings: Vec::new(),
                });
                match t.postings.binary_search_by_key(&id, |p| p >> 8) {
                    Ok(at) => t.postings[at] = posting,
                    Err(at) => t.postings.insert(at, posting),
                }
            }
        }
        let size: usize = self
            .terms
            .values()
            .map(|t| t.postings.len() * 6 + t.text.len() + 4)
            .sum();
        if shards_for(size) != self.shards {
            return None;
        }
        if moved {
            dirty.extend(0..self.shards);
        }
        // The dirty shards, written again whole from the terms in memory.
        let mut by_shard: HashMap<usize, Vec<&Term>> =
            dirty.into_iter().map(|n| (n, Vec::new())).collect();
        for t in self.terms.values() {
            if let Some(terms) = by_shard.get_mut(&(fnv1a(&t.text) as usize % self.shards)) {
                terms.push(t);
            }
        }
        let mut files: Vec<Generated> = by_shard
            .into_par_iter()
            .map(|(n, mut terms)| shard_file(n, &mut terms))
            .collect();
        // Metadata chunks from the first document that changed or moved.
        let first = kept
            .iter()
            .find(|&&(i, j)| i != j)
            .map(|&(_, j)| j)
            .into_iter()
            .chain(changed.first().copied())
            .chain((old.len() != new.len()).then_some(old.len().min(new.len())))
            .min();
        let (chunks, old_chunks) = (new.len().div_ceil(CHUNK), old.len().div_ceil(CHUNK));
        let mut rewrite: Vec<usize> = changed.iter().map(|j| j / CHUNK).collect();
        if let Some(first) = first.filter(|_| moved || old.len() != new.len()) {
            rewrite.extend(first / CHUNK..chunks);
        }
        rewrite.sort_unstable();
        rewrite.dedup();
        files.extend(rewrite.into_iter().map(|k| chunk_file(&new, k)));
        files.push(meta(&new, self.shards));
        let gone = (chunks..old_chunks)
            .map(|k| format!("/tim-kiem/d/{k}.json"))
            .collect();
        drop((old, new));
        self.site = site;
        Some(IndexUpdate { files, gone })
    }
}

/// What [`LiveIndex::update`] changed: the files to write, and the
/// addresses of the index's files that are no more.
#[derive(Debug)]
pub struct IndexUpdate {
    /// The files whose bytes changed (and a few that did not).
    pub files: Vec<Generated>,
    /// Addresses of files to remove.
    pub gone: Vec<String>,
}

/// Whether two versions of a document are indexed and listed alike (a
/// post whose file did not change shares its text: compared by address
/// first).
fn same_doc(a: &Doc, b: &Doc) -> bool {
    let same_part = |(x, wx): &(Part, u32), (y, wy): &(Part, u32)| {
        wx == wy
            && match (x, y) {
                (Part::Html(x), Part::Html(y)) => std::ptr::eq(*x, *y) || x == y,
                _ => x == y,
            }
    };
    a.title == b.title
        && a.kind == b.kind
        && a.field == b.field
        && a.snippet == b.snippet
        && a.parts.len() == b.parts.len()
        && a.parts.iter().zip(&b.parts).all(|(x, y)| same_part(x, y))
}

/// One document's terms, each with its one posting.
fn doc_terms(id: u32, doc: &Doc, scratch: &mut Scratch) -> Vec<(u64, Term)> {
    let mut batch: Batch = (0..PARTS).map(|_| HashMap::default()).collect();
    index_doc(id, doc, scratch, &mut batch);
    batch.into_iter().flatten().collect()
}

/// One partition's terms from every batch, postings concatenated in batch order.
fn merge(batches: Vec<HashMap<u64, Term>>) -> Vec<Term> {
    let mut batches = batches.into_iter();
    let mut merged: HashMap<u64, Term> = batches.next().unwrap_or_default();
    for batch in batches {
        for (id, term) in batch {
            match merged.entry(id) {
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    e.get_mut().postings.extend(term.postings)
                }
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(term);
                }
            }
        }
    }
    // Postings grew by doubling: give the slack back before the shards
    // are written (a tenth of the index's memory).
    merged
        .into_values()
        .map(|mut t| {
            t.postings.shrink_to_fit();
            t
        })
        .collect()
}

/// One shard: its terms in order, postings delta-encoded as
/// `{"term":[doc delta, weight, ...], ...}`.
fn shard_file<T: std::borrow::Borrow<Term>>(n: usize, terms: &mut [T]) -> Generated {
    terms.sort_unstable_by(|a, b| a.borrow().text.cmp(&b.borrow().text));
    let size: usize = terms
        .iter()
        .map(|t| t.borrow().postings.len() * 8 + 16)
        .sum();
    let mut bytes = Vec::with_capacity(size);
    let mut number = itoa::Buffer::new();
    bytes.push(b'{');
    for (i, term) in terms.iter().map(std::borrow::Borrow::borrow).enumerate() {
        if i > 0 {
            bytes.push(b',');
        }
        // Terms are `[a-z0-9. ]` (see `tokens`): a JSON string as they are.
        debug_assert!(term.text.bytes().all(|b| term_byte(b) == b || b == b' '));
        bytes.push(b'"');
        bytes.extend_from_slice(term.text.as_bytes());
        bytes.extend_from_slice(b"\":[");
        let mut prev = 0;
        for (k, p) in term.postings.iter().enumerate() {
            let (doc, weight) = (p >> 8, p & 0xff);
            if k > 0 {
                bytes.push(b',');
            }
            bytes.extend_from_slice(number.format(doc - prev).as_bytes());
            bytes.push(b',');
            bytes.extend_from_slice(number.format(weight).as_bytes());
            prev = doc;
        }
        bytes.push(b']');
    }
    bytes.push(b'}');
    Generated {
        url: format!("/tim-kiem/i/{n}.json"),
        bytes: crate::escape::json(bytes),
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
        bytes: crate::escape::json(serde_json::to_vec(&meta).expect("meta serialises")),
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

    fn fast_terms(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        fold_terms(text, &mut out);
        let text = String::from_utf8(out).unwrap();
        tokens(&text).into_iter().map(String::from).collect()
    }

    fn slow_terms(text: &str) -> Vec<String> {
        tokens(&fold(text)).into_iter().map(String::from).collect()
    }

    #[test]
    fn table_folding_splits_terms_like_fold() {
        for text in [
            "Nhập Quốc Tịch",
            "ĐƯỜNG đấu giá",
            "mã 1.013837, phí 3.000.000 đồng",
            "ǅ ǆ Ǳ ﬁ",
            "a\u{301}b e\u{323}\u{302}",
            "“trích dẫn” – gạch… №5",
            "ß straße İstanbul",
            "日本語x 1.2.x ..3 4.",
        ] {
            assert_eq!(fast_terms(text), slow_terms(text), "{text}");
        }
    }

    #[test]
    fn html_terms_are_the_terms_of_its_text() {
        for html in [
            "<p>Trả lời &lt;script&gt;x&lt;/script&gt; <strong>20</strong>ngày</p>",
            "a&amp;b&nbsp;c&#39;d &copy; e<br>f<unclosed",
        ] {
            let mut out = Vec::new();
            fold_html_terms(html, &mut out);
            let fast = tokens(std::str::from_utf8(&out).unwrap()).join(" ");
            assert_eq!(fast, slow_terms(&text_of(html)).join(" "), "{html}");
        }
    }

    /// `search.js`'s split, `/[0-9]+(?:\.[0-9]+)+|[a-z0-9]+/g`, written out.
    fn js_tokens(folded: &str) -> Vec<String> {
        let b = folded.as_bytes();
        let (digit, word) = (
            |c: u8| c.is_ascii_digit(),
            |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit(),
        );
        let (mut out, mut i) = (Vec::new(), 0);
        while i < b.len() {
            // First alternative: digits, then one or more `.digits` groups.
            let mut j = i;
            while j < b.len() && digit(b[j]) {
                j += 1;
            }
            let mut end = None;
            while j > i && j + 1 < b.len() && b[j] == b'.' && digit(b[j + 1]) {
                j += 1;
                while j < b.len() && digit(b[j]) {
                    j += 1;
                }
                end = Some(j);
            }
            if end.is_none() {
                j = i;
                while j < b.len() && word(b[j]) {
                    j += 1;
                }
            }
            if j > i {
                out.push(folded[i..j].to_string());
                i = j;
            } else {
                i += 1;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn any_text_splits_alike(text in "\\PC{0,40}") {
            proptest::prop_assert_eq!(fast_terms(&text), slow_terms(&text));
        }

        #[test]
        fn tokens_split_as_search_js_does(text in "[a-z0-9. x]{0,30}") {
            let ours: Vec<String> = tokens(&text).into_iter().map(String::from).collect();
            proptest::prop_assert_eq!(ours, js_tokens(&text));
        }
    }

    #[test]
    fn fnv_matches_reference() {
        assert_eq!(fnv1a(""), 0x811c9dc5);
        assert_eq!(fnv1a("a"), 0xe40c292c);
    }
}
