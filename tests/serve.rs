//! `ricerca serve`: the announced URL, MIME types, gzip, no path traversal,
//! custom headers. Raw HTTP/1.1 over std::net::TcpStream.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

struct Server {
    _child: ChildGuard,
    port: u16,
    first_line: String,
}

/// Starts `ricerca serve DIR --port 0 EXTRA...` and reads the port it announces.
fn serve(dir: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .arg("serve")
        .arg(dir)
        .args(["--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start ricerca serve");
    let stdout = child.stdout.take().unwrap();
    let guard = ChildGuard(child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the Serving line");
    let line = line.trim_end().to_string();
    let prefix = format!("Serving {} at http://127.0.0.1:", dir.display());
    let port = line
        .strip_prefix(&prefix)
        .and_then(|r| r.strip_suffix('/'))
        .and_then(|p| p.parse::<u16>().ok())
        .unwrap_or_else(|| panic!("unexpected first line {line:?}, wanted {prefix:?}PORT/"));
    assert_ne!(port, 0);
    Server {
        _child: guard,
        port,
        first_line: line,
    }
}

struct Response {
    status: u16,
    headers: BTreeMap<String, Vec<String>>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .and_then(|v| v.first())
            .map(String::as_str)
    }
}

/// Sends one GET with `headers` and reads the response (by Content-Length).
fn get(port: u16, target: &str, headers: &[&str]) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut req = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n");
    for h in headers {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut r = BufReader::new(s);
    let mut status_line = String::new();
    r.read_line(&mut status_line).unwrap();
    let status: u16 = status_line
        .strip_prefix("HTTP/1.1 ")
        .and_then(|x| x.get(..3))
        .and_then(|x| x.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?} for {target}"));
    let mut headers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    loop {
        let mut h = String::new();
        r.read_line(&mut h).unwrap();
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (n, v) = h
            .split_once(':')
            .unwrap_or_else(|| panic!("bad header {h:?}"));
        headers
            .entry(n.trim().to_ascii_lowercase())
            .or_default()
            .push(v.trim().to_string());
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v[0].parse().ok())
        .expect("Content-Length");
    let mut body = vec![0; len];
    r.read_exact(&mut body).unwrap();
    Response {
        status,
        headers,
        body,
    }
}

/// `root/site` with a few files, and a secret beside it (outside the served dir).
fn site() -> (PathBuf, Vec<u8>) {
    let root = temp_dir("serve");
    let site = root.join("site");
    std::fs::create_dir_all(site.join("sub")).unwrap();
    std::fs::write(
        root.join("secret.txt"),
        b"TOP SECRET, outside the served directory",
    )
    .unwrap();
    let wasm: Vec<u8> = b"\0asm\x01\0\0\0"
        .iter()
        .copied()
        .chain((0..4000u32).map(|i| (i % 7) as u8))
        .collect();
    std::fs::write(site.join("ricerca_bg.wasm"), &wasm).unwrap();
    std::fs::write(
        site.join("index.html"),
        "<!doctype html><title>ricerca</title>\n".repeat(20),
    )
    .unwrap();
    std::fs::write(
        site.join("sub").join("app.js"),
        "console.log('ricerca');\n".repeat(50),
    )
    .unwrap();
    std::fs::write(site.join("tiny.css"), "a{}").unwrap();
    (site, wasm)
}

#[test]
fn serve_announces_its_url_and_serves_wasm_with_the_wasm_mime_type() {
    let (dir, wasm) = site();
    let srv = serve(&dir, &[]);
    assert_eq!(
        srv.first_line,
        format!(
            "Serving {} at http://127.0.0.1:{}/",
            dir.display(),
            srv.port
        )
    );
    let r = get(srv.port, "/ricerca_bg.wasm", &["Connection: close"]);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("application/wasm"));
    assert_eq!(r.header("Content-Encoding"), None, "no gzip unless asked");
    assert_eq!(r.body, wasm);

    let r = get(srv.port, "/", &["Connection: close"]);
    assert_eq!(r.status, 200);
    assert!(r.header("Content-Type").unwrap().starts_with("text/html"));
    assert_eq!(r.body, std::fs::read(dir.join("index.html")).unwrap());

    let r = get(srv.port, "/sub/app.js?v=3", &["Connection: close"]);
    assert_eq!(r.status, 200);
    assert!(r
        .header("Content-Type")
        .unwrap()
        .starts_with("text/javascript"));

    let r = get(srv.port, "/nope.wasm", &["Connection: close"]);
    assert_eq!(r.status, 404);
}

#[test]
fn serve_gzips_when_the_client_accepts_gzip() {
    let (dir, wasm) = site();
    let srv = serve(&dir, &[]);
    for enc in ["gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8"] {
        let r = get(
            srv.port,
            "/ricerca_bg.wasm",
            &[&format!("Accept-Encoding: {enc}"), "Connection: close"],
        );
        assert_eq!(r.status, 200);
        assert_eq!(
            r.header("Content-Encoding"),
            Some("gzip"),
            "Accept-Encoding: {enc}"
        );
        assert_eq!(r.header("Content-Type"), Some("application/wasm"));
        assert!(
            r.body.len() < wasm.len(),
            "compressed body should be smaller"
        );
        let mut plain = Vec::new();
        flate2::read::GzDecoder::new(&r.body[..])
            .read_to_end(&mut plain)
            .expect("valid gzip");
        assert_eq!(plain, wasm);
    }
    let r = get(
        srv.port,
        "/ricerca_bg.wasm",
        &["Accept-Encoding: identity", "Connection: close"],
    );
    assert_eq!(r.header("Content-Encoding"), None);
    assert_eq!(r.body, wasm);
}

#[test]
fn serve_never_serves_files_outside_its_directory() {
    let (dir, _) = site();
    let secret = std::fs::read(dir.parent().unwrap().join("secret.txt")).unwrap();
    let srv = serve(&dir, &[]);
    for target in [
        "/../secret.txt",
        "/sub/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/sub/%2e%2e/%2e%2e/secret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        &format!("/{}", dir.parent().unwrap().join("secret.txt").display()),
    ] {
        let r = get(srv.port, target, &["Connection: close"]);
        assert_eq!(r.status, 404, "{target}");
        assert!(
            !r.body.windows(secret.len()).any(|w| w == secret),
            "{target} leaked the secret"
        );
    }
}

#[test]
fn serve_adds_custom_headers_to_every_response() {
    let (dir, _) = site();
    let srv = serve(
        &dir,
        &[
            "--header",
            "X-Ricerca-Test: yes",
            "--header",
            "Cross-Origin-Opener-Policy: same-origin",
        ],
    );
    for (target, status) in [
        ("/ricerca_bg.wasm", 200),
        ("/tiny.css", 200),
        ("/missing", 404),
    ] {
        let r = get(srv.port, target, &["Connection: close"]);
        assert_eq!(r.status, status, "{target}");
        assert_eq!(r.header("X-Ricerca-Test"), Some("yes"), "{target}");
        assert_eq!(
            r.header("Cross-Origin-Opener-Policy"),
            Some("same-origin"),
            "{target}"
        );
    }
}

#[test]
fn serve_closes_the_connection_when_it_answers_connection_close() {
    // A client that reads to EOF must not hang after a response that says
    // "Connection: close", including the 404 for a path outside the directory.
    let (dir, _) = site();
    let srv = serve(&dir, &[]);
    for target in ["/tiny.css", "/missing", "/../secret.txt"] {
        let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
        s.write_all(
            format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .unwrap();
        let mut all = Vec::new();
        let res = s.read_to_end(&mut all);
        let text = String::from_utf8_lossy(&all);
        assert!(
            res.is_ok(),
            "{target}: connection not closed within 2 s after:\n{text}"
        );
        assert!(text.contains("Connection: close"), "{target}: {text}");
    }
}

#[test]
fn serve_keeps_the_connection_alive_for_several_requests() {
    let (dir, _) = site();
    let srv = serve(&dir, &[]);
    let mut s = TcpStream::connect(("127.0.0.1", srv.port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /tiny.css HTTP/1.1\r\nHost: x\r\n\r\nGET /tiny.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut all = Vec::new();
    s.read_to_end(&mut all).unwrap();
    let text = String::from_utf8_lossy(&all);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
}

#[test]
fn serve_refuses_a_missing_directory_and_a_bad_header() {
    let missing = temp_dir("serve-missing").join("nope");
    let o = ricerca(["serve", missing.to_str().unwrap(), "--port", "0"]);
    assert_no_panic(&o, "missing dir");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not a directory"), "{}", stderr(&o));
    let (dir, _) = site();
    let o = ricerca([
        "serve",
        dir.to_str().unwrap(),
        "--port",
        "0",
        "--header",
        "no colon here",
    ]);
    assert_eq!(o.status.code(), Some(2));
}
