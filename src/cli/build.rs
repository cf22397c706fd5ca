//! `ricerca build` and `ricerca check`.

use super::args::{Args, UsageError};
use ricerca::builder::{build_index, ShardPolicy};
use ricerca::data::{self, geo::Geo};
use ricerca::model::{Directory, Kind};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn load(paths: &[String]) -> Result<Directory, i32> {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    data::load(&paths).map_err(|errors| {
        eprintln!("{errors}");
        1
    })
}

pub fn check(mut args: Args) -> Result<i32, UsageError> {
    let paths = args.positionals();
    args.finish()?;
    if paths.is_empty() {
        return Err(UsageError(
            "check needs at least one DATA file or directory".into(),
        ));
    }
    Ok(match load(&paths) {
        Ok(dir) => {
            let initiatives = dir
                .records
                .iter()
                .filter(|r| r.kind == Kind::Initiative)
                .count();
            let _ = writeln!(
                std::io::stdout(),
                "ok: {} records ({initiatives} initiatives, {} partners), {} sectors",
                dir.records.len(),
                dir.records.len() - initiatives,
                dir.sectors.len()
            );
            0
        }
        Err(code) => code,
    })
}

pub fn build(mut args: Args) -> Result<i32, UsageError> {
    let out = args
        .value("--output", Some("-o"))?
        .ok_or_else(|| UsageError("build needs -o INDEX".into()))?;
    let quiet = args.flag("--quiet");
    let mut policy = ShardPolicy::default();
    policy.split = match args.value("--shards", None)?.as_deref() {
        None | Some("auto") => None,
        Some("always") => Some(true),
        Some("never") => Some(false),
        Some(other) => {
            return Err(UsageError(format!(
                "--shards expects auto, always or never, got `{other}`"
            )))
        }
    };
    policy.term_shard_bytes = args
        .number("--term-shard-bytes", policy.term_shard_bytes)?
        .max(1);
    policy.docs_per_shard = u32::try_from(
        args.number("--docs-per-shard", policy.docs_per_shard as usize)?
            .max(1),
    )
    .map_err(|_| UsageError("--docs-per-shard is too large".into()))?;
    let paths = args.positionals();
    args.finish()?;
    if paths.is_empty() {
        return Err(UsageError(
            "build needs at least one DATA file or directory".into(),
        ));
    }
    let out_path = Path::new(&out);
    let stem = out_path
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("index");
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let started = Instant::now();
    let dir = match load(&paths) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let last = std::sync::Mutex::new(Instant::now());
    let progress = |done: usize, total: usize| {
        let Ok(mut last) = last.lock() else { return };
        if !quiet && started.elapsed().as_secs_f32() > 1.0 && last.elapsed().as_millis() > 500 {
            eprint!("\rindexing {}/{total} records…", done.min(total));
            *last = Instant::now();
        }
    };
    let built = build_index(&dir, &Geo::builtin(), policy, &stem, &progress);
    if !quiet && started.elapsed().as_secs_f32() > 1.0 {
        eprintln!();
    }
    // Shards first (content-hashed names: never a different file under the same
    // name), the root last, so the root never points at a shard not yet written.
    let folder = out_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for (name, bytes) in &built.shards {
        let path = folder.join(name);
        if std::fs::read(&path).is_ok_and(|old| &old == bytes) {
            continue;
        }
        if let Err(e) = write_atomically(&path, bytes, false) {
            eprintln!(
                "error: cannot write {}: {e}; the previous index at {out} is unchanged",
                path.display()
            );
            return Ok(1);
        }
    }
    if let Err(e) = write_atomically(out_path, &built.root, true) {
        eprintln!("error: cannot write {out}: {e}; nothing was written");
        return Ok(1);
    }
    let s = &built.summary;
    let files = if s.files > 1 {
        format!(" in {} files", s.files)
    } else {
        String::new()
    };
    let _ = writeln!(
        std::io::stdout(),
        "built {out}: {} records, {} terms, {} bytes{files} in {:.0} ms",
        s.records,
        s.terms,
        s.bytes,
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(0)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`,
/// so readers never see a half-written index and a failure leaves the old one.
/// With `durable`, the data is flushed to disk before the rename.
pub fn write_atomically(path: &Path, bytes: &[u8], durable: bool) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the output path has no file name"))?;
    let tmp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        if durable {
            f.sync_all()?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
