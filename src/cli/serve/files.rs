//! The served folder: which request paths map to which files, and each file's
//! bytes, validator (ETag) and gzip body, computed once per version of the file.

use flate2::{write::GzEncoder, Compression};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

/// Largest file served (bigger ones get 404 rather than filling memory).
pub const MAX_FILE: u64 = 256 * 1024 * 1024;
/// Bytes of file bodies kept between requests; past it the cache starts over.
const CACHE_BYTES: usize = 128 * 1024 * 1024;

/// One version of a served file.
pub struct Entry {
    /// The MIME type.
    pub mime: &'static str,
    /// A strong validator: size and modification time.
    pub etag: String,
    /// Whether the name carries a content hash (cached for a year).
    pub immutable: bool,
    /// The bytes as stored.
    pub body: Arc<Vec<u8>>,
    /// The gzip body, when smaller and worth it.
    pub gzip: Option<Arc<Vec<u8>>>,
}

/// The served folder and the files read from it so far.
pub struct Folder {
    root: PathBuf,
    cache: Mutex<HashMap<PathBuf, Arc<Entry>>>,
}

impl Folder {
    /// `root` must already be canonical.
    pub fn new(root: PathBuf) -> Self {
        Folder {
            root,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The file for a request path (already without query), or `None` (404).
    pub fn get(&self, path: &str) -> Option<Arc<Entry>> {
        let file = self.resolve(path)?;
        let meta = std::fs::metadata(&file).ok()?;
        if !meta.is_file() || meta.len() > MAX_FILE {
            return None;
        }
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        let etag = format!("\"{:x}-{:x}\"", meta.len(), mtime);
        let cache = self.cache.lock().ok()?;
        if let Some(e) = cache.get(&file).filter(|e| e.etag == etag) {
            return Some(Arc::clone(e));
        }
        drop(cache);
        let body = std::fs::read(&file).ok()?;
        let mime = mime(&file);
        let gzip = (body.len() > 256 && mime != "image/png")
            .then(|| gz(&body))
            .flatten()
            .filter(|g| g.len() < body.len())
            .map(Arc::new);
        let entry = Arc::new(Entry {
            mime,
            etag,
            immutable: is_hashed(&file),
            body: Arc::new(body),
            gzip,
        });
        let mut cache = self.cache.lock().ok()?;
        let held: usize = cache.values().map(|e| e.body.len()).sum();
        if held + entry.body.len() > CACHE_BYTES {
            cache.clear();
        }
        cache.insert(file, Arc::clone(&entry));
        Some(entry)
    }

    /// Maps a request path to a regular file inside the folder, after following
    /// every link; `None` for anything outside it, hidden, or temporary.
    pub fn resolve(&self, path: &str) -> Option<PathBuf> {
        let decoded = percent_decode(path)?;
        let rel = Path::new(decoded.trim_start_matches('/'));
        if decoded.contains('\\') || !allowed(rel) {
            return None;
        }
        let mut real = std::fs::canonicalize(self.root.join(rel)).ok()?;
        if real.is_dir() {
            real = std::fs::canonicalize(real.join("index.html")).ok()?;
        }
        // The real path, after links, must still be inside the folder and name no
        // hidden or temporary file (a link `public.txt -> .env` is refused too).
        let inside = real.strip_prefix(&self.root).ok()?;
        allowed(inside).then_some(real)
    }
}

/// Only plain names, none hidden (`.env`, `.git/`) and none temporary (`*.tmp`).
fn allowed(rel: &Path) -> bool {
    rel.components().all(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            !name.starts_with('.') && !name.ends_with(".tmp")
        }
        _ => false,
    })
}

/// Decodes `%XX` escapes; `None` for a NUL byte or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%' && i + 2 < b.len() {
            if let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    if out.contains(&0) {
        return None;
    }
    String::from_utf8(out).ok()
}

fn gz(body: &[u8]) -> Option<Vec<u8>> {
    let mut e = GzEncoder::new(Vec::new(), Compression::new(6));
    e.write_all(body).ok()?;
    e.finish().ok()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("/a%20b").as_deref(), Some("/a b"));
        assert_eq!(percent_decode("/%2e%2E").as_deref(), Some("/.."));
        assert_eq!(percent_decode("/%zz%4").as_deref(), Some("/%zz%4"));
        assert_eq!(percent_decode("/a%00b"), None);
        assert_eq!(percent_decode("/%ff"), None);
    }

    #[test]
    fn a_file_is_compressed_once_per_version() {
        let root = std::env::temp_dir().join(format!("ricerca-files-{}", std::process::id()));
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join("a.js"), "let a = 1;\n".repeat(100)).unwrap();
        let folder = Folder::new(std::fs::canonicalize(&root).unwrap());
        let one = folder.get("/a.js").unwrap();
        let two = folder.get("/a.js").unwrap();
        assert!(Arc::ptr_eq(
            one.gzip.as_ref().unwrap(),
            two.gzip.as_ref().unwrap()
        ));
        std::fs::write(root.join("a.js"), "let b = 2;\n".repeat(200)).unwrap();
        let three = folder.get("/a.js").unwrap();
        assert_ne!(three.etag, one.etag);
        assert_eq!(three.body.len(), 2200);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn hidden_and_temporary_names_are_refused() {
        assert!(allowed(Path::new("a/b.js")));
        for bad in [".env", "a/.git/config", "x.idx.123.tmp", "../a", "/etc"] {
            assert!(!allowed(Path::new(bad)), "{bad}");
        }
    }
}
