//! A small HTTP/1.1 server for the local preview: GET and HEAD of files
//! inside the output folder only (no `..`, no symlink escapes), clean-URL
//! folders, the site's 404 page, correct content types, and a server-sent
//! events stream that tells open pages to reload or to show an error.
//!
//! It is meant for 127.0.0.1; a thread per connection is plenty there.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the preview shows about the build: a version that changes with
/// every successful rebuild, and the current error, if any.
#[derive(Default)]
pub struct Live {
    state: Mutex<(u64, Option<String>)>,
    clients: Mutex<Vec<TcpStream>>,
}

impl Live {
    /// A rebuild succeeded: open pages reload.
    pub fn rebuilt(&self) {
        let mut s = self.state.lock().expect("state lock");
        s.0 += 1;
        s.1 = None;
        drop(s);
        self.broadcast();
    }

    /// A rebuild failed: open pages show `problems` and keep their content.
    pub fn failed(&self, problems: String) {
        self.state.lock().expect("state lock").1 = Some(problems);
        self.broadcast();
    }

    fn event(&self) -> String {
        let s = self.state.lock().expect("state lock");
        let json = serde_json::json!({ "version": s.0, "error": s.1 });
        format!("event: state\ndata: {json}\n\n")
    }

    fn broadcast(&self) {
        let event = self.event();
        self.clients.lock().expect("clients lock").retain_mut(|c| {
            c.write_all(event.as_bytes())
                .and_then(|_| c.flush())
                .is_ok()
        });
    }
}

const CLIENT: &str = include_str!("livereload.js");

/// Serves `root` on `listener` until the process ends.
pub fn run(listener: TcpListener, root: PathBuf, live: Arc<Live>) {
    for stream in listener.incoming().flatten() {
        let (root, live) = (root.clone(), live.clone());
        std::thread::spawn(move || {
            let _ = handle(stream, &root, &live);
        });
    }
}

fn handle(mut stream: TcpStream, root: &Path, live: &Live) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            405,
            "text/plain; charset=utf-8",
            b"method not allowed",
            method == "HEAD",
        );
    }
    let path = target.split(['?', '#']).next().unwrap_or("/");
    match path {
        "/__congkhai/events" => return events(stream, live),
        "/__congkhai/livereload.js" => {
            return respond(
                &mut stream,
                200,
                "text/javascript; charset=utf-8",
                CLIENT.as_bytes(),
                method == "HEAD",
            )
        }
        "/__congkhai/status" => {
            let body = live.event();
            let json = body
                .lines()
                .nth(1)
                .unwrap_or("data: {}")
                .trim_start_matches("data: ")
                .to_string();
            return respond(
                &mut stream,
                200,
                "application/json",
                json.as_bytes(),
                method == "HEAD",
            );
        }
        _ => {}
    }
    let head = method == "HEAD";
    match resolve(root, path) {
        Resolved::File(file) => {
            let bytes = std::fs::read(&file)?;
            let kind = content_type(&file);
            if kind.starts_with("text/html") {
                respond(&mut stream, 200, kind, &inject(bytes), head)
            } else {
                respond(&mut stream, 200, kind, &bytes, head)
            }
        }
        Resolved::Redirect(to) => {
            let header = format!("HTTP/1.1 301 Moved Permanently\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            stream.write_all(header.as_bytes())
        }
        Resolved::BadRequest => respond(
            &mut stream,
            400,
            "text/plain; charset=utf-8",
            b"bad request",
            head,
        ),
        Resolved::NotFound => {
            let page = std::fs::read(root.join("404.html"))
                .unwrap_or_else(|_| b"<!doctype html><title>404</title><h1>404</h1>".to_vec());
            respond(
                &mut stream,
                404,
                "text/html; charset=utf-8",
                &inject(page),
                head,
            )
        }
    }
}

enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
    BadRequest,
}

/// Maps a request path to a file inside `root`, or refuses it.
fn resolve(root: &Path, path: &str) -> Resolved {
    let Some(decoded) = percent_decode(path) else {
        return Resolved::BadRequest;
    };
    let rel = Path::new(decoded.trim_start_matches('/'));
    if decoded.contains('\0') || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Resolved::BadRequest;
    }
    let (Ok(base), Ok(full)) = (root.canonicalize(), root.join(rel).canonicalize()) else {
        return Resolved::NotFound;
    };
    if !full.starts_with(&base) {
        return Resolved::NotFound; // a symlink pointing outside the output
    }
    if full.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        let index = full.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::NotFound
        };
    }
    if full.is_file() {
        Resolved::File(full)
    } else {
        Resolved::NotFound
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
        .as_str()
    {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _ => "application/octet-stream",
    }
}

/// Adds the live-reload client before `</body>`.
fn inject(mut html: Vec<u8>) -> Vec<u8> {
    let tag = b"<script src=\"/__congkhai/livereload.js\"></script>";
    match html.windows(7).rposition(|w| w == b"</body>") {
        Some(at) => {
            html.splice(at..at, tag.iter().copied());
        }
        None => html.extend_from_slice(tag),
    }
    html
}

fn respond(
    stream: &mut TcpStream,
    status: u16,
    kind: &str,
    body: &[u8],
    head: bool,
) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Error",
    };
    let header = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(header.as_bytes())?;
    if !head {
        stream.write_all(body)?;
    }
    stream.flush()
}

fn events(mut stream: TcpStream, live: &Live) -> std::io::Result<()> {
    stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n")?;
    stream.write_all(live.event().as_bytes())?;
    stream.flush()?;
    live.clients.lock().expect("clients lock").push(stream);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_outside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.html"), "x").unwrap();
        assert!(matches!(resolve(dir.path(), "/a.html"), Resolved::File(_)));
        assert!(matches!(
            resolve(dir.path(), "/../etc/passwd"),
            Resolved::BadRequest
        ));
        assert!(matches!(
            resolve(dir.path(), "/%2e%2e/etc/passwd"),
            Resolved::BadRequest
        ));
        assert!(matches!(resolve(dir.path(), "/nope"), Resolved::NotFound));
    }

    #[test]
    fn injects_before_the_body_end() {
        let html = inject(b"<html><body><p>x</p></body></html>".to_vec());
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__congkhai/livereload.js\"></script></body></html>"
        );
    }
}
