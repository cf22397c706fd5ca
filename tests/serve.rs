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
    child: ChildGuard,
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
        child: guard,
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
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .as_bytes(),
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
    s.write_all(b"GET /tiny.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /tiny.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
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

/// Sends raw bytes (write errors ignored: the server may stop reading) and
/// reads everything until the server closes, within 15 s.
fn raw(port: u16, bytes: &[u8]) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
    let _ = s.write_all(bytes);
    let mut all = Vec::new();
    let _ = s.read_to_end(&mut all);
    String::from_utf8_lossy(&all).into_owned()
}

/// `GET /tiny.css` with the header lines `head` (each ending in CRLF), then `rest`.
fn css(port: u16, head: &str, rest: &str) -> String {
    raw(
        port,
        format!("GET /tiny.css HTTP/1.1\r\n{head}\r\n{rest}").as_bytes(),
    )
}

/// The status codes of every response in `text`, in order.
fn statuses(text: &str) -> Vec<u16> {
    text.match_indices("HTTP/1.1 ")
        .filter_map(|(i, _)| text.get(i + 9..i + 12)?.parse().ok())
        .collect()
}

/// The server's resident memory in KiB (Linux).
fn rss_kib(srv: &Server) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", srv.child.0.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

#[cfg(unix)]
#[test]
fn serve_refuses_links_that_leave_the_folder_and_hidden_or_temporary_files() {
    let (dir, _) = site();
    let outside = dir.parent().unwrap();
    std::os::unix::fs::symlink(outside, dir.join("etc")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), dir.join("s.txt")).unwrap();
    std::fs::write(dir.join(".env"), "API_KEY=hunter2").unwrap();
    std::fs::write(dir.join("index.bin.4242.tmp"), "half-written").unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git").join("config"), "[core]").unwrap();
    // A link inside the folder to a hidden file is refused too.
    std::os::unix::fs::symlink(dir.join(".env"), dir.join("public.txt")).unwrap();
    std::os::unix::fs::symlink(dir.join("tiny.css"), dir.join("alias.css")).unwrap();
    let srv = serve(&dir, &[]);
    for target in [
        "/etc/secret.txt",
        "/s.txt",
        "/.env",
        "/%2eenv",
        "/index.bin.4242.tmp",
        "/.git/config",
        "/public.txt",
    ] {
        let r = get(srv.port, target, &["Connection: close"]);
        assert_eq!(r.status, 404, "{target}");
    }
    // A link that stays inside, to a visible file, is followed.
    let r = get(srv.port, "/alias.css", &["Connection: close"]);
    assert_eq!((r.status, r.body), (200, b"a{}".to_vec()));
}

#[test]
fn serve_answers_only_requests_for_loopback_hosts() {
    let (dir, _) = site();
    let srv = serve(&dir, &[]);
    for host in ["127.0.0.1", "localhost:8080", "[::1]:1234"] {
        let text = css(
            srv.port,
            &format!("Host: {host}\r\nConnection: close\r\n"),
            "",
        );
        assert_eq!(statuses(&text), [200], "{host}: {text}");
    }
    // DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1.
    for head in [
        "Host: evil.example",
        "Host: evil.example:8080",
        "Host: localhost.evil.example",
        "X-No-Host: 1",
    ] {
        let text = css(srv.port, &format!("{head}\r\n"), "");
        assert_eq!(statuses(&text), [403], "{head}: {text}");
        assert!(!text.contains("a{}"), "{head}");
    }
}

#[test]
fn serve_caps_the_request_line_and_headers() {
    let (dir, _) = site();
    let srv = serve(&dir, &[]);
    let before = rss_kib(&srv);
    // A request line that never ends: refused after 8 KiB, not read to the end.
    let mut line = b"GET /".to_vec();
    line.resize(4 << 20, b'a');
    let text = raw(srv.port, &line);
    assert_eq!(statuses(&text), [414], "{text}");
    // 16 MB of headers: refused after 16 KiB.
    let mut head = b"GET /tiny.css HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ".to_vec();
    head.resize(16 << 20, b'b');
    head.extend_from_slice(b"\r\n\r\n");
    let text = raw(srv.port, &head);
    assert_eq!(statuses(&text), [431], "{text}");
    // Many small headers.
    let many: String = (0..200).map(|i| format!("X-H{i}: v\r\n")).collect();
    let text = css(srv.port, &format!("Host: 127.0.0.1\r\n{many}"), "");
    assert_eq!(statuses(&text), [431], "{text}");
    let grown = rss_kib(&srv).saturating_sub(before);
    assert!(grown < 4096, "the server grew by {grown} KiB");
}

#[test]
fn serve_caps_the_number_of_connections() {
    let (dir, _) = site();
    let srv = serve(&dir, &["--max-connections", "2"]);
    let idle: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(("127.0.0.1", srv.port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let text = css(srv.port, "Host: 127.0.0.1\r\nConnection: close\r\n", "");
    assert_eq!(statuses(&text), [503], "{text}");
    drop(idle);
    std::thread::sleep(Duration::from_millis(300));
    let text = css(srv.port, "Host: 127.0.0.1\r\nConnection: close\r\n", "");
    assert_eq!(statuses(&text), [200], "{text}");
}

#[test]
fn serve_reads_request_bodies_as_bodies() {
    let (dir, _) = site();
    let srv = serve(&dir, &[]);
    // The body of a GET holds what looks like a request: it must not be answered.
    let smuggled = "GET /missing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    let text = css(
        srv.port,
        &format!("Host: 127.0.0.1\r\nContent-Length: {}\r\n", smuggled.len()),
        &format!(
            "{smuggled}GET /tiny.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(statuses(&text), [200, 200], "{text}");
    for (head, status) in [
        ("Content-Length: 3\r\nTransfer-Encoding: chunked", 400),
        ("Content-Length: 3\r\nContent-Length: 4", 400),
        ("Content-Length: -1", 400),
        ("Transfer-Encoding: chunked", 501),
        ("Content-Length: 99999999999", 413),
    ] {
        let text = raw(
            srv.port,
            format!("POST /tiny.css HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}\r\n\r\nabc").as_bytes(),
        );
        assert_eq!(statuses(&text), [status], "{head}: {text}");
    }
    // A POST with a body gets 405 and the connection stays usable.
    let text = raw(
        srv.port,
        b"POST /tiny.css HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\n\r\nabc\
          GET /tiny.css HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(statuses(&text), [405, 200], "{text}");
}

#[test]
fn serve_refuses_header_injection_and_framing_headers_in_header_options() {
    let (dir, _) = site();
    for bad in [
        "X-A: 1\r\nSet-Cookie: session=evil",
        "X-A: 1\nX-B: 2",
        "Content-Length: 0",
        "Transfer-Encoding: chunked",
        "connection: close",
    ] {
        let o = ricerca([
            "serve",
            dir.to_str().unwrap(),
            "--port",
            "0",
            "--header",
            bad,
        ]);
        assert_no_panic(&o, bad);
        assert_eq!(o.status.code(), Some(2), "{bad:?}: {}", stderr(&o));
        assert!(stderr(&o).starts_with("error: --header"), "{}", stderr(&o));
        assert!(!stderr(&o).contains('\r'), "the message escapes CR");
    }
    let o = ricerca([
        "serve",
        dir.to_str().unwrap(),
        "--port",
        "0",
        "--header",
        "X-A: 1",
        "--header",
        "x-a: 2",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn serve_answers_304_to_a_matching_etag_and_sees_changes() {
    let (dir, _) = site();
    let srv = serve(&dir, &[]);
    let r = get(srv.port, "/tiny.css", &["Connection: close"]);
    let etag = r.header("ETag").expect("an ETag").to_string();
    let r = get(
        srv.port,
        "/tiny.css",
        &[&format!("If-None-Match: {etag}"), "Connection: close"],
    );
    assert_eq!((r.status, r.body.len()), (304, 0));
    assert_eq!(r.header("ETag"), Some(etag.as_str()));
    std::fs::write(dir.join("tiny.css"), "b{color:red}").unwrap();
    let r = get(
        srv.port,
        "/tiny.css",
        &[&format!("If-None-Match: {etag}"), "Connection: close"],
    );
    assert_eq!((r.status, &r.body[..]), (200, &b"b{color:red}"[..]));
    assert_ne!(r.header("ETag"), Some(etag.as_str()));
}

#[test]
fn serve_warns_when_it_listens_beyond_this_machine() {
    let (dir, _) = site();
    let mut child = Command::new(BIN)
        .args([
            "serve",
            dir.to_str().unwrap(),
            "--port",
            "0",
            "--host",
            "0.0.0.0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let _guard = ChildGuard(child);
    let mut line = String::new();
    BufReader::new(stderr).read_line(&mut line).unwrap();
    assert!(
        line.starts_with("warning: listening on 0.0.0.0:"),
        "{line:?}"
    );
    assert!(line.contains("other machines"), "{line:?}");
}
