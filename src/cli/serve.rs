//! `ricerca serve`: a small static file server for previewing a deployment on
//! 127.0.0.1, with the MIME types WebAssembly needs and gzip like a real host.

use super::opts::{self, Long, Parser, Short, UsageError, Value};
use flate2::{write::GzEncoder, Compression};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// `ricerca serve --help`.
pub const HELP: &str = "\
USAGE:
  ricerca serve DIR [--port N] [--host 127.0.0.1] [--header 'Name: value']...

Serves DIR over HTTP to preview a deployment: WebAssembly MIME type, gzip, long cache
lifetimes for content-hashed files. For previews only, not a production server.

OPTIONS:
  --port N                 port (default 8080; 0 picks a free one, printed)
  --host ADDR              address to listen on (default 127.0.0.1)
  --header 'Name: value'   add this header to every response (repeatable), e.g. a CSP
  -h, --help               this help";

struct Site {
    root: PathBuf,
    headers: Vec<(String, String)>,
}

/// A `--header 'Name: value'` argument.
fn header(h: &str) -> Result<(String, String), UsageError> {
    let (name, value) = h
        .split_once(':')
        .filter(|(n, _)| !n.trim().is_empty() && !n.contains(char::is_whitespace))
        .ok_or_else(|| UsageError(format!("--header expects `Name: value`, got `{h}`")))?;
    Ok((name.trim().to_string(), value.trim().to_string()))
}

pub fn serve(p: &mut Parser) -> Result<i32, UsageError> {
    let mut port = 8080;
    let mut host = None;
    let mut headers = Vec::new();
    let mut dir = None;
    while let Some(arg) = p.next()? {
        match arg {
            Long("port") => port = opts::number(p, "--port")?,
            Long("host") => opts::once(&mut host, "--host", opts::text(p)?)?,
            Long("header") => headers.push(header(&opts::text(p)?)?),
            Short('h') | Long("help") => return opts::help(HELP),
            Value(v) if dir.is_none() => dir = Some(opts::positional(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    let host = host.unwrap_or_else(|| "127.0.0.1".into());
    let dir = dir.ok_or_else(|| UsageError("serve needs a DIR".into()))?;
    let port = u16::try_from(port)
        .map_err(|_| UsageError(format!("--port expects 0 to 65535, got {port}")))?;
    let root = match std::fs::canonicalize(&dir) {
        Ok(r) if r.is_dir() => r,
        _ => {
            eprintln!("error: {dir} is not a directory");
            return Ok(1);
        }
    };
    let listener = match TcpListener::bind((host.as_str(), port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {host}:{port}: {e}");
            return Ok(1);
        }
    };
    let addr = listener
        .local_addr()
        .map_err(|e| UsageError(e.to_string()))?;
    let _ = writeln!(std::io::stdout(), "Serving {dir} at http://{addr}/");
    let _ = std::io::stdout().flush();
    let site = Arc::new(Site { root, headers });
    for stream in listener.incoming().flatten() {
        let site = Arc::clone(&site);
        std::thread::spawn(move || {
            let _ = handle(stream, &site);
        });
    }
    Ok(0)
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// A file name with an 8+ hex digit content hash (`ricerca.3f2a1b9c.wasm`) never changes.
fn is_hashed(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.split('.')
        .any(|part| part.len() >= 8 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn handle(stream: TcpStream, site: &Site) -> std::io::Result<()> {
    stream.set_read_timeout(Some(std::time::Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut parts = line.split_whitespace();
        let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
        let mut gzip = false;
        let mut keep_alive = true;
        loop {
            let mut h = String::new();
            if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
                break;
            }
            let lower = h.to_ascii_lowercase();
            if lower.starts_with("accept-encoding:") && lower.contains("gzip") {
                gzip = true;
            }
            if lower.starts_with("connection:") && lower.contains("close") {
                keep_alive = false;
            }
        }
        if method != "GET" && method != "HEAD" {
            respond(
                &mut out,
                site,
                "405 Method Not Allowed",
                "text/plain; charset=utf-8",
                b"method not allowed\n",
                false,
                method,
                false,
            )?;
            return Ok(());
        }
        let path = target.split(['?', '#']).next().unwrap_or("/");
        let decoded = percent_decode(path);
        let rel = Path::new(decoded.trim_start_matches('/'));
        if rel.components().any(|c| !matches!(c, Component::Normal(_))) {
            respond(
                &mut out,
                site,
                "404 Not Found",
                "text/plain; charset=utf-8",
                b"not found\n",
                false,
                method,
                false,
            )?;
            return Ok(());
        }
        let mut file = site.root.join(rel);
        if file.is_dir() {
            file = file.join("index.html");
        }
        match std::fs::read(&file) {
            Ok(body) => {
                let compress = gzip && body.len() > 256 && !mime(&file).starts_with("image/png");
                let cache = if is_hashed(&file) {
                    "public, max-age=31536000, immutable"
                } else {
                    "no-cache"
                };
                let extra = format!("Cache-Control: {cache}\r\n");
                let body = if compress { gz(&body)? } else { body };
                write_response(
                    &mut out,
                    site,
                    "200 OK",
                    mime(&file),
                    &body,
                    compress,
                    method,
                    &extra,
                    keep_alive,
                )?;
            }
            Err(_) => respond(
                &mut out,
                site,
                "404 Not Found",
                "text/plain; charset=utf-8",
                b"not found\n",
                false,
                method,
                keep_alive,
            )?,
        }
        if !keep_alive {
            return Ok(());
        }
    }
}

fn gz(body: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut e = GzEncoder::new(Vec::new(), Compression::new(6));
    e.write_all(body)?;
    e.finish()
}

#[allow(clippy::too_many_arguments)]
fn respond(
    out: &mut TcpStream,
    site: &Site,
    status: &str,
    ty: &str,
    body: &[u8],
    gz: bool,
    method: &str,
    keep: bool,
) -> std::io::Result<()> {
    write_response(
        out,
        site,
        status,
        ty,
        body,
        gz,
        method,
        "Cache-Control: no-cache\r\n",
        keep,
    )
}

#[allow(clippy::too_many_arguments)]
fn write_response(
    out: &mut TcpStream,
    site: &Site,
    status: &str,
    ty: &str,
    body: &[u8],
    gz: bool,
    method: &str,
    extra: &str,
    keep_alive: bool,
) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {ty}\r\nContent-Length: {}\r\nX-Content-Type-Options: nosniff\r\n{extra}",
        body.len()
    );
    if gz {
        head.push_str("Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n");
    }
    for (n, v) in &site.headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str(if keep_alive {
        "Connection: keep-alive\r\n\r\n"
    } else {
        "Connection: close\r\n\r\n"
    });
    out.write_all(head.as_bytes())?;
    if method != "HEAD" {
        out.write_all(body)?;
    }
    out.flush()
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
