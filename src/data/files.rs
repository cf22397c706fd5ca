//! Finding and reading input files, for `data/` and the importers alike: one walk
//! (each directory once, by its real path), one gzip rule (by the file's first
//! bytes), one reader with a cap on decompressed bytes, one UTF-8 check that says
//! where a bad byte is.

use super::problem::{Location, Problem};
use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Most bytes of data read in one run, after decompression, summed over every
/// file (a gzip bomb stops here).
pub const MAX_INPUT_BYTES: u64 = 1 << 30;

/// The data file extensions (each also with `.gz`).
pub const DATA_EXTENSIONS: &[&str] = &[".toml", ".jsonl", ".ndjson", ".csv"];

/// True for a data file name (`x.toml`, `x.jsonl.gz`, …).
pub fn is_data_file(p: &Path) -> bool {
    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let n = n.strip_suffix(".gz").unwrap_or(n);
    DATA_EXTENSIONS.iter().any(|e| n.ends_with(e))
}

/// The data files under `paths`, in name order within each directory. Each
/// directory is listed once by its real path (a link back up is skipped, so a
/// loop ends); anything that is not a regular file (a FIFO, a device) is skipped
/// with a warning; a path given explicitly that is not a data file is a problem.
pub fn walk(
    paths: &[PathBuf],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Vec<PathBuf> {
    let mut w = Walk {
        seen: HashSet::new(),
        files: Vec::new(),
        problems,
        warnings,
    };
    for p in paths {
        w.visit(p, true);
    }
    w.files
}

struct Walk<'a> {
    seen: HashSet<PathBuf>,
    files: Vec<PathBuf>,
    problems: &'a mut Vec<Problem>,
    warnings: &'a mut Vec<Problem>,
}

impl Walk<'_> {
    fn visit(&mut self, p: &Path, explicit: bool) {
        let at = || Location {
            file: p.display().to_string(),
            ..Default::default()
        };
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                return self
                    .problems
                    .push(Problem::new(at(), format!("cannot read: {e}")))
            }
        };
        if meta.is_dir() {
            return self.directory(p, explicit);
        }
        if !explicit && !is_data_file(p) {
            return;
        }
        if !meta.is_file() {
            return self.warnings.push(
                Problem::new(
                    at(),
                    format!("skipped: {} is not a regular file", kind(&meta)),
                )
                .expected("a regular .toml, .jsonl or .csv file"),
            );
        }
        if !is_data_file(p) {
            return self.problems.push(
                Problem::new(at(), "unsupported file type")
                    .expected("a .toml, .jsonl or .csv file (optionally .gz)"),
            );
        }
        // The same file reached twice (a link beside it) is read once.
        if let Ok(real) = std::fs::canonicalize(p) {
            if !self.seen.insert(real) {
                return;
            }
        }
        self.files.push(p.to_path_buf());
    }

    fn directory(&mut self, p: &Path, explicit: bool) {
        let at = || Location {
            file: p.display().to_string(),
            ..Default::default()
        };
        let real = match std::fs::canonicalize(p) {
            Ok(r) => r,
            Err(e) => {
                return self
                    .problems
                    .push(Problem::new(at(), format!("cannot read: {e}")))
            }
        };
        if !self.seen.insert(real.clone()) {
            if !explicit {
                self.warnings.push(Problem::new(
                    at(),
                    format!("skipped: a link to {}, already read", real.display()),
                ));
            }
            return;
        }
        let mut children: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                return self
                    .problems
                    .push(Problem::new(at(), format!("cannot list directory: {e}")))
            }
        };
        children.sort();
        for c in children {
            self.visit(&c, false);
        }
    }
}

fn kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    let _ = meta;
    "a special file"
}

/// True when `bytes` start like a gzip stream.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Reads a whole file, gunzipping it when its first bytes say gzip; at most
/// `*budget` bytes after decompression, which are taken from the budget.
pub fn read_bytes(path: &Path, budget: &mut u64) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(path)?;
    // Sized at once from the file's length: a buffer grown by doubling is copied each time,
    // 0.2 s of the 185k-record build with the musl binary's allocator.
    let len = file.metadata().map_or(0, |m| m.len());
    read_sized(file, budget, len)
}

/// [`read_bytes`] from any reader (standard input, for the importers).
pub fn read_from(input: impl Read, budget: &mut u64) -> std::io::Result<Vec<u8>> {
    read_sized(input, budget, 0)
}

/// [`read_from`] into a buffer that first has room for `expected` bytes (within the budget).
fn read_sized(mut input: impl Read, budget: &mut u64, expected: u64) -> std::io::Result<Vec<u8>> {
    let mut magic = [0u8; 2];
    let mut n = 0;
    while n < 2 {
        match input.read(&mut magic[n..])? {
            0 => break,
            k => n += k,
        }
    }
    let head = std::io::Cursor::new(magic[..n].to_vec());
    let mut out = Vec::with_capacity(usize::try_from(expected.min(*budget)).unwrap_or(0));
    let limit = budget.saturating_add(1);
    let read = if is_gzip(&magic[..n]) {
        flate2::read::MultiGzDecoder::new(head.chain(input))
            .take(limit)
            .read_to_end(&mut out)
            .map_err(gzip_error)?
    } else {
        head.chain(input).take(limit).read_to_end(&mut out)?
    } as u64;
    if read > *budget {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "more than {} MiB of data in all (after decompression); the limit guards against gzip bombs",
                MAX_INPUT_BYTES >> 20
            ),
        ));
    }
    *budget -= read;
    Ok(out)
}

/// The text of data file `path` (named `name` in messages): [`read_bytes`] then
/// [`text`], any failure a problem located in the file.
pub fn read_text(path: &Path, name: &str, budget: &mut u64) -> Result<String, Box<Problem>> {
    let bytes = read_bytes(path, budget).map_err(|e| {
        let at = Location {
            file: name.to_string(),
            ..Default::default()
        };
        Box::new(Problem::new(at, format!("cannot read: {e}")))
    })?;
    text(name, bytes)
}

/// Says what went wrong with gzip data in words.
pub fn gzip_error(e: std::io::Error) -> std::io::Error {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        std::io::Error::new(e.kind(), "the gzip data ends too early (truncated file?)")
    } else {
        std::io::Error::new(e.kind(), format!("bad gzip data: {e}"))
    }
}

/// The text of `bytes`, without a byte order mark; bytes that are not UTF-8 are
/// a problem at their line and column, with a hint when the file looks like
/// Windows-1252 (what Excel writes for "CSV" in many locales).
pub fn text(file: &str, bytes: Vec<u8>) -> Result<String, Box<Problem>> {
    let mut text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bytes = e.as_bytes();
            let bad = e.utf8_error().valid_up_to();
            let valid = std::str::from_utf8(&bytes[..bad]).unwrap_or_default();
            let at = Location::at_offset(file, valid, bad);
            let byte = bytes[bad];
            let mut p =
                Problem::new(at, format!("byte 0x{byte:02X} is not UTF-8")).expected("UTF-8 text");
            if looks_like_windows_1252(bytes) {
                let shown = windows_1252(byte).map_or(String::new(), |c| format!(" (\"{c}\")"));
                p = p.hint(Some(format!(
                    "the file looks like Windows-1252{shown}: save it as \"CSV UTF-8\" (Excel) or re-encode it as UTF-8"
                )));
            }
            return Err(Box::new(p));
        }
    };
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}

/// Most bytes outside ASCII are lone bytes in 0x80-0xFF that UTF-8 would not
/// start with a lead byte followed by continuations.
fn looks_like_windows_1252(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let invalid = bytes
        .utf8_chunks()
        .map(|c| c.invalid().len())
        .sum::<usize>();
    high > 0 && invalid * 2 >= high
}

/// The character a Windows-1252 byte stands for (`None` for the five bytes it
/// leaves undefined and for ASCII, which stands for itself).
pub fn windows_1252(b: u8) -> Option<char> {
    const C1: [char; 32] = [
        '€', '\0', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\0', 'Ž', '\0', '\0',
        '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\0', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => Some(C1[usize::from(b - 0x80)]).filter(|&c| c != '\0'),
        0xA0..=0xFF => char::from_u32(u32::from(b)),
        _ => None,
    }
}

/// `s` with the C1 control characters that Windows-1252 text decoded as Latin-1
/// leaves behind (U+0092 for ’, U+0093 for “ …) turned back into the characters
/// they stood for, and any other control character (line breaks included) turned
/// into a space. The importers clean every text field with it.
pub fn repair_controls(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .filter_map(|c| match u32::from(c) {
            0x80..=0x9F => windows_1252(c as u8),
            _ if c.is_control() => Some(' '),
            _ => Some(c),
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decompressed_bytes_are_capped() {
        use std::io::Write;
        let path =
            std::env::temp_dir().join(format!("ricerca-bomb-{}.jsonl.gz", std::process::id()));
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(&vec![b' '; 2 << 20]).unwrap();
        std::fs::write(&path, gz.finish().unwrap()).unwrap();
        let mut budget = 1 << 20;
        let err = read_bytes(&path, &mut budget).unwrap_err();
        assert!(err.to_string().contains("after decompression"), "{err}");
        let mut budget = 3 << 20;
        assert_eq!(read_bytes(&path, &mut budget).unwrap().len(), 2 << 20);
        assert_eq!(budget, 1 << 20, "what was read is taken from the budget");
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn bad_bytes_are_located_and_windows_1252_is_recognised() {
        let p = text("a.csv", b"id,name\nx,Citt\xe0\n".to_vec()).unwrap_err();
        assert_eq!(p.at.to_string(), "a.csv:2:7");
        assert!(p.message.contains("0xE0"), "{}", p.message);
        let hint = p.hint.unwrap();
        assert!(hint.contains("Windows-1252 (\"à\")"), "{hint}");
        assert!(hint.contains("CSV UTF-8"), "{hint}");
        // A truncated UTF-8 sequence in an otherwise UTF-8 file: no such hint.
        let p = text("a.csv", "città è così\n".bytes().chain([0xC3]).collect()).unwrap_err();
        assert_eq!(p.hint, None);
        assert_eq!(text("a", b"\xef\xbb\xbfid".to_vec()).unwrap(), "id");
    }

    #[test]
    fn c1_controls_are_repaired() {
        assert_eq!(
            repair_controls("Academy \u{93}Karol\u{94} D\u{92}Imagerie\u{9d}\nx\0"),
            "Academy “Karol” D’Imagerie x "
        );
        assert_eq!(repair_controls("Città"), "Città");
    }
}
