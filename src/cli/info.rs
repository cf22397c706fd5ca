//! `ricerca info`: what an index is (format, the ricerca version that wrote
//! it, counts), from its root file alone.

use super::opts::{self, Long, Parser, Short, UsageError, Value};
use ricerca::Index;
use std::io::Write;
use std::path::Path;

/// `ricerca info --help`.
pub const HELP: &str = "\
USAGE:
  ricerca info INDEX [--json]

Prints what the root file INDEX holds: its format version, the ricerca version that
built it (recorded in its header), records, distinct terms, shards. Reads the root only.

OPTIONS:
  --json                one JSON object, with `version` (this ricerca's)
  -h, --help            this help";

/// What `ricerca info` prints.
#[derive(serde::Serialize)]
struct Info<'a> {
    /// This binary's version.
    version: &'a str,
    format_version: u32,
    /// The ricerca version that wrote the index.
    index_version: String,
    records: usize,
    terms: usize,
    shards: usize,
    shards_inline: usize,
}

pub fn info(p: &mut Parser) -> Result<i32, UsageError> {
    let (mut json, mut path) = (false, None);
    while let Some(arg) = p.next()? {
        match arg {
            Long("json") => json = true,
            Short('h') | Long("help") => return opts::help(HELP),
            Value(v) => opts::once(&mut path, "INDEX", opts::positional(v)?)?,
            other => return Err(other.unexpected().into()),
        }
    }
    let path = path.ok_or_else(|| UsageError("info needs INDEX".into()))?;
    let loaded = std::fs::read(Path::new(&path))
        .map_err(|e| format!("cannot read {path}: {e}"))
        .and_then(|b| Index::from_bytes(&b).map_err(|e| format!("{path}: {e}")));
    let index = match loaded {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    let (shards, shards_inline) = index.shard_counts();
    let info = Info {
        version: env!("CARGO_PKG_VERSION"),
        format_version: ricerca::format::FORMAT_VERSION,
        index_version: index.writer_version(),
        records: index.len(),
        terms: index.term_count(),
        shards,
        shards_inline,
    };
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &info)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out))
    } else {
        writeln!(
            out,
            "{path}: index format {}, built by ricerca {}\n{} records, {} terms, {} shards ({} in the root)",
            info.format_version,
            info.index_version,
            info.records,
            info.terms,
            info.shards,
            info.shards_inline
        )
    };
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write: {e}");
            Ok(1)
        }
        _ => Ok(0),
    }
}
