//! `ricerca serve`: a small static file server for previewing a deployment on
//! 127.0.0.1, with the MIME types WebAssembly needs and gzip like a real host.
//!
//! Safe to leave running: it serves only regular files inside its folder (after
//! following links), never hidden (`.env`) or temporary (`*.tmp`) ones; answers
//! only requests whose `Host` is a loopback name, an IP address or the `--host`
//! given (no DNS rebinding); caps request heads, bodies and connections (see
//! [`request`]); and warns when it listens beyond this machine.
//! Our own parser rather than an HTTP crate: tiny_http 0.12, measured, reads a
//! request line of any length into memory and starts a thread per connection.

mod files;
mod request;

use super::opts::{self, Long, Parser, Short, UsageError, Value};
use files::{Entry, Folder};
use request::{Refusal, Request};
use std::io::{BufReader, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Connections served at once unless `--max-connections` says otherwise.
const MAX_CONNECTIONS: usize = 64;

/// Headers `--header` may not set: they frame the response, and a second copy
/// would let a client read it two ways.
const FRAMING: &[&str] = &[
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "upgrade",
    "te",
    "trailer",
    "content-encoding",
    "etag",
];

struct Site {
    folder: Folder,
    headers: Vec<(String, String)>,
    /// The `--host` value, when it names something other than loopback.
    host: Option<String>,
    /// Bound to every address (0.0.0.0 or ::): any IP literal is a fine `Host`.
    any_ip: bool,
}

/// `ricerca serve --help`.
pub const HELP: &str = "\
USAGE:
  ricerca serve DIR [--port N] [--host 127.0.0.1] [--max-connections N]
                [--header 'Name: value']...

Serves DIR over HTTP to preview a deployment: WebAssembly MIME type, gzip, ETag/304,
long cache lifetimes for content-hashed files. For previews only, not a production
server. Only regular files inside DIR (after following links), never hidden (.env)
or temporary (*.tmp) ones; only requests for localhost, a loopback address, or the
--host given (no DNS rebinding); request heads, bodies and connections are capped.

OPTIONS:
  --port N                 port (default 8080; 0 picks a free one, printed)
  --host ADDR              address to listen on (default 127.0.0.1; another one is
                           warned about, and accepted as a Host name)
  --max-connections N      connections served at once (default 64; 503 past it)
  --header 'Name: value'   add this header to every response (repeatable), e.g. a CSP;
                           no control characters, not a header the server sets itself
  -h, --help               this help";

/// The options of `ricerca serve`.
struct Options {
    dir: String,
    host: String,
    port: u16,
    max_connections: usize,
    headers: Vec<(String, String)>,
}

/// The options, or `None` after `--help`.
fn options(p: &mut Parser) -> Result<Option<Options>, UsageError> {
    let mut port = 8080;
    let mut host = None;
    let mut max_connections = MAX_CONNECTIONS;
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut dir = None;
    while let Some(arg) = p.next()? {
        match arg {
            Long("port") => port = opts::number(p, "--port")?,
            Long("host") => opts::once(&mut host, "--host", opts::text(p)?)?,
            Long("max-connections") => {
                max_connections = opts::number(p, "--max-connections")?.max(1)
            }
            Long("header") => {
                let (name, value) = custom_header(&opts::text(p)?)?;
                if headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                    return Err(UsageError(format!("--header {name} given twice")));
                }
                headers.push((name, value));
            }
            Short('h') | Long("help") => {
                opts::help(HELP)?;
                return Ok(None);
            }
            Value(v) if dir.is_none() => dir = Some(opts::positional(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    let dir = dir.ok_or_else(|| UsageError("serve needs a DIR".into()))?;
    let port = u16::try_from(port)
        .map_err(|_| UsageError(format!("--port expects 0 to 65535, got {port}")))?;
    Ok(Some(Options {
        dir,
        host: host.unwrap_or_else(|| "127.0.0.1".into()),
        port,
        max_connections,
        headers,
    }))
}

/// A `--header 'Name: value'`: a token name that is not a framing header, and a
/// value without control characters (no CR/LF to start a header of its own).
fn custom_header(h: &str) -> Result<(String, String), UsageError> {
    let (name, value) = h
        .split_once(':')
        .filter(|(n, _)| request::is_token(n.trim()) && !n.contains(char::is_whitespace))
        .ok_or_else(|| {
            UsageError(format!(
                "--header expects `Name: value`, got {}",
                h.escape_debug()
            ))
        })?;
    let value = value.trim();
    if value.chars().any(|c| c.is_control() && c != '\t') {
        return Err(UsageError(format!(
            "--header {name}: the value holds a control character (CR, LF …): {}",
            value.escape_debug()
        )));
    }
    if FRAMING.contains(&name.to_ascii_lowercase().as_str()) {
        return Err(UsageError(format!(
            "--header {name}: the server sets this header itself"
        )));
    }
    Ok((name.to_string(), value.to_string()))
}

pub fn serve(p: &mut Parser) -> Result<i32, UsageError> {
    let Some(o) = options(p)? else {
        return Ok(0);
    };
    let root = match std::fs::canonicalize(&o.dir) {
        Ok(r) if r.is_dir() => r,
        _ => {
            eprintln!("error: {} is not a directory", o.dir);
            return Ok(1);
        }
    };
    let listener = match TcpListener::bind((o.host.as_str(), o.port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", o.host, o.port);
            return Ok(1);
        }
    };
    let addr = listener
        .local_addr()
        .map_err(|e| UsageError(e.to_string()))?;
    if !addr.ip().is_loopback() {
        eprintln!(
            "warning: listening on {addr}: other machines on the network can read every file in {}",
            o.dir
        );
    }
    let _ = writeln!(std::io::stdout(), "Serving {} at http://{addr}/", o.dir);
    let _ = std::io::stdout().flush();
    let site = Arc::new(Site {
        folder: Folder::new(root),
        headers: o.headers,
        host: (!is_loopback_name(&o.host)).then(|| o.host.to_ascii_lowercase()),
        any_ip: addr.ip().is_unspecified(),
    });
    let open = Arc::new(AtomicUsize::new(0));
    for mut stream in listener.incoming().flatten() {
        if open.fetch_add(1, Ordering::SeqCst) >= o.max_connections {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = write_head(&mut stream, &site, "503 Service Unavailable", &[], 0, false);
            continue;
        }
        let (site, open) = (Arc::clone(&site), Arc::clone(&open));
        std::thread::spawn(move || {
            let _ = handle(stream, &site);
            open.fetch_sub(1, Ordering::SeqCst);
        });
    }
    Ok(0)
}

fn is_loopback_name(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost") || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl Site {
    /// Whether a `Host` header names this server: loopback, the `--host` given,
    /// or (bound to every address) an IP literal. A DNS name pointing here from
    /// elsewhere (rebinding) is none of these.
    fn host_ok(&self, host: &str) -> bool {
        let name = match host.rsplit_once(':') {
            Some((n, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !n.ends_with(':') => n,
            _ => host,
        };
        let bare = name.trim_start_matches('[').trim_end_matches(']');
        is_loopback_name(name)
            || self.host.as_deref() == Some(&bare.to_ascii_lowercase())
            || (self.any_ip && bare.parse::<IpAddr>().is_ok())
    }
}

fn handle(stream: TcpStream, site: &Site) -> std::io::Result<()> {
    // Head and body are two writes: with Nagle's algorithm the body waits for the
    // client's delayed ACK of the head (40 ms per request on a kept-alive connection).
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let req = match request::read(&mut reader, &out) {
            Ok(r) => r,
            Err(Refusal::Closed) => return Ok(()),
            Err(r) => {
                let (status, body) = r.status();
                respond_text(&mut out, site, status, body, "GET", false)?;
                linger(&mut out, &mut reader);
                return Ok(());
            }
        };
        let keep = answer(&mut out, site, &req)? && req.keep_alive();
        if !keep {
            return Ok(());
        }
    }
}

/// Closes our side and reads what the client is still sending for a moment, so
/// that its system does not discard our answer on a reset.
fn linger(out: &mut TcpStream, reader: &mut BufReader<TcpStream>) {
    let _ = out.shutdown(std::net::Shutdown::Write);
    let _ = out.set_read_timeout(Some(std::time::Duration::from_secs(1)));
    let _ = std::io::copy(&mut reader.take(1 << 20), &mut std::io::sink());
}

/// Answers one request; false when the connection must close after it.
fn answer(out: &mut TcpStream, site: &Site, req: &Request) -> std::io::Result<bool> {
    let keep = req.keep_alive();
    let method = req.method.as_str();
    let host_ok = match req.header("host") {
        Some(h) => site.host_ok(h),
        None => req.http10,
    };
    if !host_ok {
        let body = "this server answers only requests for 127.0.0.1 or localhost (start it with --host NAME for another name)\n";
        respond_text(out, site, "403 Forbidden", body, method, false)?;
        return Ok(false);
    }
    if method != "GET" && method != "HEAD" {
        respond_text(
            out,
            site,
            "405 Method Not Allowed",
            "method not allowed\n",
            method,
            keep,
        )?;
        return Ok(keep);
    }
    let path = req.target.split(['?', '#']).next().unwrap_or("/");
    let Some(entry) = site.folder.get(path) else {
        respond_text(out, site, "404 Not Found", "not found\n", method, keep)?;
        return Ok(keep);
    };
    respond_file(out, site, req, &entry, keep)?;
    Ok(keep)
}

fn respond_file(
    out: &mut TcpStream,
    site: &Site,
    req: &Request,
    e: &Entry,
    keep: bool,
) -> std::io::Result<()> {
    let cache = if e.immutable {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut headers = vec![
        ("Content-Type", e.mime),
        ("Cache-Control", cache),
        ("ETag", e.etag.as_str()),
    ];
    let wants_gzip = req
        .header("accept-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("gzip"));
    if e.gzip.is_some() {
        headers.push(("Vary", "Accept-Encoding"));
    }
    let not_modified = req
        .header("if-none-match")
        .is_some_and(|v| v == "*" || v.split(',').any(|t| t.trim() == e.etag));
    if not_modified {
        return write_head(out, site, "304 Not Modified", &headers, 0, keep);
    }
    let body = match (&e.gzip, wants_gzip) {
        (Some(g), true) => {
            headers.push(("Content-Encoding", "gzip"));
            g
        }
        _ => &e.body,
    };
    write_head(out, site, "200 OK", &headers, body.len(), keep)?;
    if req.method != "HEAD" {
        out.write_all(body)?;
    }
    out.flush()
}

fn respond_text(
    out: &mut TcpStream,
    site: &Site,
    status: &str,
    body: &str,
    method: &str,
    keep: bool,
) -> std::io::Result<()> {
    let mut headers = vec![
        ("Content-Type", "text/plain; charset=utf-8"),
        ("Cache-Control", "no-cache"),
    ];
    if status.starts_with("405") {
        headers.push(("Allow", "GET, HEAD"));
    }
    write_head(out, site, status, &headers, body.len(), keep)?;
    if method != "HEAD" {
        out.write_all(body.as_bytes())?;
    }
    out.flush()
}

/// The status line and headers, with the site's own `--header`s.
fn write_head(
    out: &mut TcpStream,
    site: &Site,
    status: &str,
    headers: &[(&str, &str)],
    len: usize,
    keep: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {len}\r\nX-Content-Type-Options: nosniff\r\n"
    );
    let custom = site.headers.iter().map(|(n, v)| (n.as_str(), v.as_str()));
    for (n, v) in headers.iter().copied().chain(custom) {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(if keep {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    out.write_all(head.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_headers() {
        assert!(custom_header("X-A: b").is_ok());
        for bad in [
            "X-A: b\r\nSet-Cookie: x",
            "X-A: b\nc",
            "X-A: \0",
            "Content-Length: 5",
            "transfer-encoding: chunked",
            "Bad Name: x",
            "nocolon",
        ] {
            assert!(custom_header(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn host_values() {
        let site = Site {
            folder: Folder::new(std::env::temp_dir()),
            headers: vec![],
            host: None,
            any_ip: false,
        };
        for ok in [
            "127.0.0.1:8080",
            "localhost",
            "LOCALHOST:1",
            "[::1]:80",
            "127.9.9.9",
        ] {
            assert!(site.host_ok(ok), "{ok}");
        }
        for bad in [
            "evil.example",
            "evil.example:8080",
            "10.0.0.1",
            "localhost.evil",
            "",
        ] {
            assert!(!site.host_ok(bad), "{bad}");
        }
        let named = Site {
            host: Some("preview.lan".into()),
            any_ip: true,
            ..site
        };
        assert!(named.host_ok("preview.lan:8080"));
        assert!(named.host_ok("10.0.0.1:8080"));
        assert!(!named.host_ok("evil.example"));
    }
}
