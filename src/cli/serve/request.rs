//! Reading one HTTP/1.1 request head with hard limits, and its body (discarded).
//!
//! Limits: a request line of at most [`MAX_REQUEST_LINE`] bytes (414), at most
//! [`MAX_HEADER_BYTES`] bytes of header lines and [`MAX_HEADERS`] of them (431),
//! the whole head within [`HEAD_DEADLINE`] (408), a body of at most
//! [`MAX_BODY`] bytes (413). A request framed two ways (`Content-Length` and
//! `Transfer-Encoding`, or two different lengths) is refused (400): a proxy in
//! front could read it another way. Chunked bodies are not supported (501).

use std::io::{BufRead, Read};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Longest request line read (method, target, version).
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Most bytes of header lines read after the request line.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Most header lines read.
pub const MAX_HEADERS: usize = 100;
/// Largest request body read (and thrown away).
pub const MAX_BODY: u64 = 1024 * 1024;
/// Time allowed for a whole request head (and its body) to arrive.
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);

/// A parsed request head.
#[derive(Debug)]
pub struct Request {
    /// `GET`, `HEAD`, …
    pub method: String,
    /// The target as sent (`/path?query`).
    pub target: String,
    /// HTTP/1.0 closes after one response unless asked otherwise.
    pub http10: bool,
    /// Header names in lower case, values trimmed, in order.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first value of header `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the client wants the connection kept open.
    pub fn keep_alive(&self) -> bool {
        let conn = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.http10 {
            conn.contains("keep-alive")
        } else {
            !conn.contains("close")
        }
    }
}

/// Why a request could not be read; each maps to a status, after which the
/// connection is closed.
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The client closed the connection before a request (not an error).
    Closed,
    /// 400 with the reason.
    Bad(&'static str),
    /// 408: the head did not arrive in time.
    Timeout,
    /// 413: the body is larger than [`MAX_BODY`].
    BodyTooLarge,
    /// 414: the request line is longer than [`MAX_REQUEST_LINE`].
    LineTooLong,
    /// 431: too many or too large header lines.
    HeadersTooLarge,
    /// 501: a transfer coding we do not read.
    NotImplemented,
}

impl Refusal {
    /// The status line and a one-line body.
    pub fn status(&self) -> (&'static str, &'static str) {
        match self {
            Refusal::Closed => ("400 Bad Request", "closed\n"),
            Refusal::Bad(why) => ("400 Bad Request", why),
            Refusal::Timeout => ("408 Request Timeout", "request timeout\n"),
            Refusal::BodyTooLarge => ("413 Content Too Large", "request body too large\n"),
            Refusal::LineTooLong => ("414 URI Too Long", "request line too long\n"),
            Refusal::HeadersTooLarge => (
                "431 Request Header Fields Too Large",
                "request headers too large\n",
            ),
            Refusal::NotImplemented => ("501 Not Implemented", "transfer coding not supported\n"),
        }
    }
}

/// Reads one request head and its body from `reader` (over `stream`, whose read
/// timeout is set to the time left before the deadline).
pub fn read<R: BufRead>(reader: &mut R, stream: &TcpStream) -> Result<Request, Refusal> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let line =
        read_line(reader, stream, deadline, MAX_REQUEST_LINE, true)?.ok_or(Refusal::Closed)?;
    let (method, target, http10) = parse_request_line(&line)?;
    let mut headers = Vec::new();
    let mut budget = MAX_HEADER_BYTES;
    loop {
        let h = read_line(reader, stream, deadline, budget, false)?
            .ok_or(Refusal::Bad("connection closed inside the request head\n"))?;
        if h.is_empty() {
            break;
        }
        budget = budget.saturating_sub(h.len() + 2);
        if headers.len() == MAX_HEADERS {
            return Err(Refusal::HeadersTooLarge);
        }
        headers.push(parse_header(&h)?);
    }
    let req = Request {
        method,
        target,
        http10,
        headers,
    };
    skip_body(reader, stream, deadline, &req)?;
    Ok(req)
}

/// One line without its `\r\n` (or `\n`), or `None` at a clean end of input.
fn read_line<R: BufRead>(
    reader: &mut R,
    stream: &TcpStream,
    deadline: Instant,
    limit: usize,
    first: bool,
) -> Result<Option<String>, Refusal> {
    let mut buf = Vec::new();
    loop {
        let left = deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(Refusal::Timeout)?;
        let _ = stream.set_read_timeout(Some(left));
        let room = (limit + 2).saturating_sub(buf.len()) as u64;
        match reader.by_ref().take(room).read_until(b'\n', &mut buf) {
            Ok(0) if buf.is_empty() && first => return Ok(None),
            Ok(0) => return Err(Refusal::Bad("connection closed inside the request head\n")),
            Ok(_) if buf.ends_with(b"\n") => break,
            Ok(_) if buf.len() as u64 >= (limit + 2) as u64 => {
                return Err(if first {
                    Refusal::LineTooLong
                } else {
                    Refusal::HeadersTooLarge
                })
            }
            Ok(_) => continue,
            Err(e) if is_timeout(&e) => return Err(Refusal::Timeout),
            Err(_) => return Err(Refusal::Closed),
        }
    }
    buf.pop();
    if buf.ends_with(b"\r") {
        buf.pop();
    }
    if buf.len() > limit {
        return Err(if first {
            Refusal::LineTooLong
        } else {
            Refusal::HeadersTooLarge
        });
    }
    if buf.iter().any(|&b| b == 0 || b == b'\r') {
        return Err(Refusal::Bad("control character in the request head\n"));
    }
    String::from_utf8(buf)
        .map(Some)
        .map_err(|_| Refusal::Bad("request head is not UTF-8\n"))
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
    )
}

fn parse_request_line(line: &str) -> Result<(String, String, bool), Refusal> {
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Bad("malformed request line\n"));
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Refusal::Bad("malformed method\n"));
    }
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(Refusal::Bad("unsupported HTTP version\n")),
    };
    if !target.starts_with('/') {
        return Err(Refusal::Bad("the target must be a path\n"));
    }
    Ok((method.to_string(), target.to_string(), http10))
}

fn parse_header(line: &str) -> Result<(String, String), Refusal> {
    let (name, value) = line
        .split_once(':')
        .ok_or(Refusal::Bad("header line without a colon\n"))?;
    if !is_token(name) {
        return Err(Refusal::Bad("malformed header name\n"));
    }
    Ok((name.to_ascii_lowercase(), value.trim().to_string()))
}

/// An HTTP token (RFC 9110 `tchar`s): header names and methods.
pub fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Reads and throws away the body announced by `Content-Length`, so that it is
/// never taken for the next request.
fn skip_body<R: BufRead>(
    reader: &mut R,
    stream: &TcpStream,
    deadline: Instant,
    req: &Request,
) -> Result<(), Refusal> {
    let lengths: Vec<&str> = req
        .headers
        .iter()
        .filter(|(n, _)| n == "content-length")
        .flat_map(|(_, v)| v.split(','))
        .map(str::trim)
        .collect();
    let chunked = req.header("transfer-encoding").is_some();
    if chunked && !lengths.is_empty() {
        return Err(Refusal::Bad(
            "both Content-Length and Transfer-Encoding given\n",
        ));
    }
    if chunked {
        return Err(Refusal::NotImplemented);
    }
    let Some(first) = lengths.first() else {
        return Ok(());
    };
    if lengths.iter().any(|l| l != first) {
        return Err(Refusal::Bad("conflicting Content-Length values\n"));
    }
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Refusal::Bad("malformed Content-Length\n"));
    }
    let len: u64 = first.parse().map_err(|_| Refusal::BodyTooLarge)?;
    if len > MAX_BODY {
        return Err(Refusal::BodyTooLarge);
    }
    let left = deadline
        .checked_duration_since(Instant::now())
        .filter(|d| !d.is_zero())
        .ok_or(Refusal::Timeout)?;
    let _ = stream.set_read_timeout(Some(left));
    let copied = std::io::copy(&mut reader.by_ref().take(len), &mut std::io::sink());
    match copied {
        Ok(n) if n == len => Ok(()),
        Ok(_) => Err(Refusal::Bad("connection closed inside the request body\n")),
        Err(e) if is_timeout(&e) => Err(Refusal::Timeout),
        Err(_) => Err(Refusal::Closed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        assert_eq!(
            parse_request_line("GET /a?b HTTP/1.1"),
            Ok(("GET".into(), "/a?b".into(), false))
        );
        assert!(parse_request_line("GET /a HTTP/1.0").unwrap().2);
        for bad in [
            "GET /a",
            "GET  /a HTTP/1.1",
            "get /a HTTP/1.1",
            "GET a HTTP/1.1",
            "GET /a HTTP/2",
            "GET /a HTTP/1.1 x",
        ] {
            assert!(
                matches!(parse_request_line(bad), Err(Refusal::Bad(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn header_lines() {
        assert_eq!(
            parse_header("Accept-Encoding:  gzip "),
            Ok(("accept-encoding".into(), "gzip".into()))
        );
        assert!(parse_header("Bad Name: x").is_err());
        assert!(parse_header("no colon").is_err());
        assert!(parse_header(": empty").is_err());
    }
}
