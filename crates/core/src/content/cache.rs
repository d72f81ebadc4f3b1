//! The parse cache: news posts as the last load resolved them, kept in
//! `ROOT/.congkhai/cache/news/` so that the next build, check or preview
//! parses only the posts that changed.
//!
//! Posts are the many (an office writes hundreds a year, a province's site
//! holds tens of thousands), and resolving one (its YAML header, Markdown,
//! sanitising) is most of what loading it costs. A cached post is used only
//! when all of these are as they were:
//! - the post file's bytes (BLAKE2b digest, 128 bits, of the whole file);
//! - `site.yaml` as the build read it (its debug form: categories, time
//!   zone, raw HTML…) and the site root;
//! - the congkhai executable (its path, size and modification time), so a
//!   new or rebuilt version never reads what an older one resolved.
//!
//! Posts with attached files are never cached: resolving them looks at the
//! attachments on disk. Broken posts are never cached either: their errors
//! are found again on every load.
//!
//! The posts are spread over [`SHARDS`] files by their path, read on all
//! threads at once and each rewritten only when one of its posts changed
//! (a one-post edit on a site of 10,000 rewrites a thirty-second of the
//! cache). A missing, stale, truncated or corrupt shard is an empty one; a
//! cache that cannot be written (a read-only site folder) is simply not
//! written. A shard is replaced whole (written beside, then renamed), so
//! two processes loading at once never see half of one. It sits at the trust
//! level of the rest of `.congkhai/` (the desk's accounts, the publishing
//! record): whoever can write there can already change what is published.

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use blake2::{Blake2b128, Digest};
use rayon::prelude::*;

use super::news::{News, Tag};
use crate::config::Config;

/// What identifies a file's bytes.
pub type FileDigest = [u8; 16];

/// Bumped whenever the layout below changes.
const MAGIC: &[u8; 16] = b"congkhai-news-1\n";

/// No string in a post comes near this; a longer length means a corrupt file.
const MAX_STRING: u32 = 256 << 20;

/// The digest of a content file's bytes.
pub fn digest(bytes: &[u8]) -> FileDigest {
    Blake2b128::digest(bytes).into()
}

/// Files the cache is spread over.
pub const SHARDS: usize = 32;

/// Where a site's cache lives.
pub fn dir(root: &Path) -> PathBuf {
    root.join(".congkhai").join("cache").join("news")
}

fn shard_of(rel: &Path) -> usize {
    crate::hash::fnv1a(&rel.to_string_lossy()) as usize % SHARDS
}

fn shard_file(dir: &Path, n: usize) -> PathBuf {
    dir.join(format!("{n:02}.bin"))
}

/// The posts of the last load, each taken out at most once.
pub struct NewsCache {
    dir: Option<PathBuf>,
    stamp: FileDigest,
    shards: Vec<Shard>,
}

/// One cache file as it was read.
#[derive(Default)]
struct Shard {
    /// Whether there was a file (of this executable or not, whole or not).
    found: bool,
    /// File path → post.
    entries: HashMap<PathBuf, Entry>,
}

struct Entry {
    digest: FileDigest,
    news: Mutex<Option<News>>,
}

impl NewsCache {
    /// A cache that holds nothing and is never written (`--no-cache`).
    pub fn disabled() -> NewsCache {
        NewsCache {
            dir: None,
            stamp: [0; 16],
            shards: Vec::new(),
        }
    }

    /// Reads the cache of `config`'s site; an empty one when there is none
    /// or it was made by another executable or another `site.yaml`.
    pub fn open(config: &Config) -> NewsCache {
        let dir = dir(&config.root);
        let stamp = stamp(config);
        let shards = (0..SHARDS)
            .into_par_iter()
            .map(|n| match std::fs::File::open(shard_file(&dir, n)) {
                Ok(f) => Shard {
                    found: true,
                    entries: read(BufReader::with_capacity(1 << 16, f), &stamp, config)
                        .unwrap_or_default(),
                },
                Err(_) => Shard::default(),
            })
            .collect();
        NewsCache {
            dir: Some(dir),
            stamp,
            shards,
        }
    }

    /// Whether this cache is read and written at all.
    pub fn enabled(&self) -> bool {
        self.dir.is_some()
    }

    /// The post cached for the file `rel` whose bytes have `digest`, taken
    /// out of the cache.
    pub fn take(&self, rel: &Path, digest: &FileDigest) -> Option<News> {
        let shard = self.shards.get(shard_of(rel))?;
        let entry = shard.entries.get(rel).filter(|e| &e.digest == digest)?;
        entry.news.lock().ok()?.take()
    }

    /// Makes the cache hold `posts` (each with the digest of its file):
    /// rewrites the shards whose posts differ from what they held, removes
    /// those left with no post. Best effort: a shard that cannot be written
    /// is left as it was. A load that changed nothing touches no file.
    pub fn save(&self, posts: &[(&News, FileDigest)]) {
        let Some(dir) = &self.dir else { return };
        let mut by_shard: Vec<Vec<(&News, FileDigest)>> = vec![Vec::new(); SHARDS];
        for &(news, digest) in posts {
            by_shard[shard_of(&news.source)].push((news, digest));
        }
        let changed: Vec<(usize, &[(&News, FileDigest)])> = by_shard
            .iter()
            .enumerate()
            .filter(|(n, posts)| self.shards[*n].differs(posts))
            .map(|(n, posts)| (n, posts.as_slice()))
            .collect();
        if changed.is_empty() {
            return;
        }
        remove_leftovers(dir);
        changed.into_par_iter().for_each(|(n, posts)| {
            let file = shard_file(dir, n);
            let _ = match posts {
                [] => std::fs::remove_file(&file),
                _ => write_atomically(&file, |w| write(w, &self.stamp, posts)),
            };
        });
    }
}

impl Shard {
    /// Whether this shard's file must change to hold `posts`: rewritten
    /// when they are not the posts it held, removed when there are none.
    fn differs(&self, posts: &[(&News, FileDigest)]) -> bool {
        if posts.is_empty() {
            return self.found;
        }
        posts.len() != self.entries.len()
            || !posts
                .iter()
                .all(|(p, d)| self.entries.get(&p.source).is_some_and(|e| &e.digest == d))
    }
}

/// What the cache must have been made with to be read: this executable,
/// this `site.yaml`, this site root.
fn stamp(config: &Config) -> FileDigest {
    let mut h = Blake2b128::new();
    h.update(MAGIC);
    if let Ok(exe) = std::env::current_exe() {
        h.update(exe.as_os_str().as_encoded_bytes());
        if let Ok(meta) = std::fs::metadata(&exe) {
            h.update(meta.len().to_le_bytes());
            let modified = meta.modified().ok();
            let since = modified.and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok());
            h.update(since.unwrap_or_default().as_nanos().to_le_bytes());
        }
    }
    h.update(format!("{config:?}").as_bytes());
    h.finalize().into()
}

/// Removes the half-written shards that killed processes left
/// (`.PID.N.tmp`, of a process no longer running).
fn remove_leftovers(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let pid = name
            .strip_prefix('.')
            .and_then(|n| n.strip_suffix(".tmp"))
            .and_then(|n| n.split('.').next())
            .and_then(|pid| pid.parse::<u32>().ok());
        if pid.is_some_and(|pid| !crate::output::staging::is_running(pid)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn write_atomically(
    file: &Path,
    fill: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    // Unique to this process and this call: threads of one process (the
    // tests, a server) may save at the same time.
    static SAVES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SAVES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut w = BufWriter::with_capacity(1 << 16, std::fs::File::create(&tmp)?);
        fill(&mut w)?;
        w.into_inner().map_err(|e| e.into_error())?;
        std::fs::rename(&tmp, file)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

// The layout: MAGIC, the stamp, the number of posts, then each post's
// file path, file digest and fields. Numbers are little-endian u32,
// strings a u32 length and UTF-8 bytes, options a 0/1 byte before the value.

fn write(
    w: &mut impl Write,
    stamp: &FileDigest,
    posts: &[(&News, FileDigest)],
) -> std::io::Result<()> {
    let count = u32::try_from(posts.len()).map_err(|_| std::io::ErrorKind::InvalidData)?;
    w.write_all(MAGIC)?;
    w.write_all(stamp)?;
    w.write_all(&count.to_le_bytes())?;
    for (news, digest) in posts {
        write_news(w, news, digest)?;
    }
    Ok(())
}

fn write_news(w: &mut impl Write, n: &News, digest: &FileDigest) -> std::io::Result<()> {
    // Destructured whole: a field added to `News` fails to compile here
    // until the cache stores it too (and MAGIC is bumped).
    let News {
        title,
        slug,
        url,
        date: _, // `date_iso` holds it, to the nanosecond
        date_display,
        date_iso,
        category,
        category_label,
        summary,
        lead,
        author,
        tags,
        files: _, // always empty: posts with files are not cached
        draft,
        body_html,
        source,
    } = n;
    let source = source.to_str().unwrap_or_default();
    put_str(w, source)?;
    w.write_all(digest)?;
    for s in [
        title,
        slug,
        url,
        date_display,
        date_iso,
        category,
        category_label,
        summary,
    ] {
        put_str(w, s)?;
    }
    w.write_all(&[u8::from(*lead), u8::from(*draft)])?;
    match author {
        Some(a) => {
            w.write_all(&[1])?;
            put_str(w, a)?;
        }
        None => w.write_all(&[0])?,
    }
    w.write_all(&u32::try_from(tags.len()).unwrap_or(0).to_le_bytes())?;
    for Tag { name, slug, url } in tags {
        put_str(w, name)?;
        put_str(w, slug)?;
        put_str(w, url)?;
    }
    put_str(w, body_html)
}

fn put_str(w: &mut impl Write, s: &str) -> std::io::Result<()> {
    let len = u32::try_from(s.len()).map_err(|_| std::io::ErrorKind::InvalidData)?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(s.as_bytes())
}

type ReadResult<T> = Result<T, std::io::Error>;

fn corrupt() -> std::io::Error {
    std::io::ErrorKind::InvalidData.into()
}

fn read(
    mut r: impl Read,
    stamp: &FileDigest,
    config: &Config,
) -> ReadResult<HashMap<PathBuf, Entry>> {
    let mut head = [0; 32];
    r.read_exact(&mut head)?;
    if &head[..16] != MAGIC || &head[16..] != stamp {
        return Err(corrupt());
    }
    let count = get_u32(&mut r)?;
    let mut entries = HashMap::with_capacity(count.min(1 << 20) as usize);
    for _ in 0..count {
        let (news, digest) = read_news(&mut r, config)?;
        let key = news.source.clone();
        let news = Mutex::new(Some(news));
        entries.insert(key, Entry { digest, news });
    }
    // Anything after the last post means the file is not what we wrote.
    if r.read(&mut [0])? != 0 {
        return Err(corrupt());
    }
    Ok(entries)
}

fn read_news(r: &mut impl Read, config: &Config) -> ReadResult<(News, FileDigest)> {
    let source = PathBuf::from(get_str(r)?);
    let mut digest = [0; 16];
    r.read_exact(&mut digest)?;
    let title = get_str(r)?;
    let slug = get_str(r)?;
    let url = get_str(r)?;
    let date_display = get_str(r)?;
    let date_iso = get_str(r)?;
    let category = get_str(r)?;
    let category_label = get_str(r)?;
    let summary = get_str(r)?;
    let mut flags = [0; 3];
    r.read_exact(&mut flags)?;
    let [lead, draft, has_author] = flags.map(|b| b == 1);
    if flags.iter().any(|&b| b > 1) {
        return Err(corrupt());
    }
    let author = if has_author { Some(get_str(r)?) } else { None };
    let tag_count = get_u32(r)?;
    let mut tags = Vec::with_capacity(tag_count.min(1024) as usize);
    for _ in 0..tag_count {
        tags.push(Tag {
            name: get_str(r)?,
            slug: get_str(r)?,
            url: get_str(r)?,
        });
    }
    let body_html = get_str(r)?;
    let date = chrono::DateTime::parse_from_rfc3339(&date_iso)
        .map_err(|_| corrupt())?
        .with_timezone(&config.timezone);
    let news = News {
        title,
        slug,
        url,
        date,
        date_display,
        date_iso,
        category,
        category_label,
        summary,
        lead,
        author,
        tags,
        files: Vec::new(),
        draft,
        body_html,
        source,
    };
    Ok((news, digest))
}

fn get_u32(r: &mut impl Read) -> ReadResult<u32> {
    let mut b = [0; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}

fn get_str(r: &mut impl Read) -> ReadResult<String> {
    let len = get_u32(r)?;
    if len > MAX_STRING {
        return Err(corrupt());
    }
    // Read into a buffer of the thread's own, checked with simdutf8 (std's
    // check is several times slower on Vietnamese text), then copied.
    thread_local! {
        static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    BUF.with_borrow_mut(|buf| {
        buf.clear();
        r.take(u64::from(len)).read_to_end(buf)?;
        if buf.len() != len as usize {
            return Err(corrupt());
        }
        let text = simdutf8::basic::from_utf8(buf).map_err(|_| corrupt())?;
        Ok(text.to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let dir = std::env::temp_dir();
        let yaml = "title: T\nbase_url: https://example.gov.vn/\n";
        Config::parse(yaml, &dir).expect("a minimal site.yaml")
    }

    fn post(config: &Config) -> News {
        let date = chrono::DateTime::parse_from_rfc3339("2026-03-31T23:30:00.123456789+07:00")
            .unwrap()
            .with_timezone(&config.timezone);
        News {
            title: "Đăng ký hộ tịch".into(),
            slug: "dang-ky".into(),
            url: "/tin-tuc/dang-ky/".into(),
            date,
            date_display: "31/03/2026".into(),
            date_iso: date.to_rfc3339(),
            category: "hoat-dong".into(),
            category_label: "Tin hoạt động".into(),
            summary: "Tóm tắt".into(),
            lead: true,
            author: Some("Văn phòng".into()),
            tags: vec![Tag {
                name: "hộ tịch".into(),
                slug: "ho-tich".into(),
                url: "/tin-tuc/tu-khoa/ho-tich/".into(),
            }],
            files: Vec::new(),
            draft: false,
            body_html: "<p>Người dân</p>".into(),
            source: "content/news/dang-ky.md".into(),
        }
    }

    fn bytes_of(posts: &[(&News, FileDigest)], stamp: &FileDigest) -> Vec<u8> {
        let mut out = Vec::new();
        write(&mut out, stamp, posts).unwrap();
        out
    }

    #[test]
    fn a_post_reads_back_as_it_was_written() {
        let config = config();
        let n = post(&config);
        let bytes = bytes_of(&[(&n, [7; 16])], &[1; 16]);
        let entries = read(bytes.as_slice(), &[1; 16], &config).unwrap();
        let entry = &entries[Path::new("content/news/dang-ky.md")];
        assert_eq!(entry.digest, [7; 16]);
        let back = entry.news.lock().unwrap().take().unwrap();
        assert_eq!(format!("{back:?}"), format!("{n:?}"));
    }

    #[test]
    fn another_stamp_reads_nothing() {
        let config = config();
        let n = post(&config);
        let bytes = bytes_of(&[(&n, [7; 16])], &[1; 16]);
        assert!(read(bytes.as_slice(), &[2; 16], &config).is_err());
    }

    #[test]
    fn every_cut_of_a_cache_is_refused() {
        let config = config();
        let n = post(&config);
        let bytes = bytes_of(&[(&n, [7; 16]), (&n, [8; 16])], &[1; 16]);
        for end in 0..bytes.len() {
            assert!(
                read(&bytes[..end], &[1; 16], &config).is_err(),
                "cut at {end}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_after_the_header_never_panic(tail in proptest::collection::vec(proptest::num::u8::ANY, 0..400)) {
            let config = config();
            let n = post(&config);
            let mut bytes = bytes_of(&[(&n, [7; 16])], &[1; 16]);
            bytes.truncate(36);
            bytes.extend_from_slice(&tail);
            let _ = read(bytes.as_slice(), &[1; 16], &config);
        }
    }
}
