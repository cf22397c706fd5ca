//! `ricerca build` and `ricerca check`.

use super::opts::{self, Long, Parser, Short, UsageError, Value};
use ricerca::builder::{build_index, ShardPolicy};
use ricerca::data::{self, geo::Geo};
use ricerca::model::{Directory, Kind};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `ricerca build --help`.
pub const BUILD_HELP: &str = "\
USAGE:
  ricerca build DATA... -o OUT [--shards auto|always|never] [--term-shard-bytes N]
                [--docs-per-shard N] [--json] [-q]

Validates DATA (.toml, .jsonl and .csv files, each optionally .gz, or folders of them,
read recursively) and writes the index. Large indexes are a root file plus
content-hashed shard files beside it. On bad data nothing is written and every
problem is listed (file, line, record id, field, expected value); exit status 1.

OPTIONS:
  -o, --output OUT          where to write the index (missing parent folders are created)
  --shards auto|always|never  split the index into shard files (auto: when large)
  --term-shard-bytes N      target size of a term shard
  --docs-per-shard N        records per document shard
  --json                    print the summary as one JSON object (with `version`)
  -q, --quiet               no progress and no summary; errors only
  -h, --help                this help";

/// `ricerca check --help`.
pub const CHECK_HELP: &str = "\
USAGE:
  ricerca check DATA...

Validates DATA as `ricerca build` does and writes nothing. Prints one summary line
and exits 0, or lists every problem and exits 1.

OPTIONS:
  -q, --quiet   no summary; errors only
  -h, --help    this help";

fn load(paths: &[String]) -> Result<Directory, i32> {
    let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
    data::load(&paths).map_err(|errors| {
        eprintln!("{errors}");
        1
    })
}

pub fn check(p: &mut Parser) -> Result<i32, UsageError> {
    let mut paths = Vec::new();
    let mut quiet = false;
    while let Some(arg) = p.next()? {
        match arg {
            Short('q') | Long("quiet") => quiet = true,
            Short('h') | Long("help") => return opts::help(CHECK_HELP),
            Value(v) => paths.push(opts::positional(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    if paths.is_empty() {
        return Err(UsageError(
            "check needs at least one DATA file or directory".into(),
        ));
    }
    Ok(match load(&paths) {
        Ok(dir) if quiet => {
            drop(dir);
            0
        }
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

/// What `ricerca build` was asked to do.
struct BuildArgs {
    paths: Vec<String>,
    out: String,
    policy: ShardPolicy,
    quiet: bool,
    json: bool,
}

fn parse_build(p: &mut Parser) -> Result<Option<BuildArgs>, UsageError> {
    let mut paths = Vec::new();
    let mut out = None;
    let (mut quiet, mut json) = (false, false);
    let mut policy = ShardPolicy::default();
    while let Some(arg) = p.next()? {
        match arg {
            Short('o') | Long("output") => opts::once(&mut out, "--output", opts::text(p)?)?,
            Short('q') | Long("quiet") => quiet = true,
            Long("json") => json = true,
            Long("shards") => policy.split = shard_split(&opts::text(p)?)?,
            Long("term-shard-bytes") => {
                policy.term_shard_bytes = opts::number(p, "--term-shard-bytes")?.max(1)
            }
            Long("docs-per-shard") => {
                policy.docs_per_shard =
                    u32::try_from(opts::number(p, "--docs-per-shard")?.max(1))
                        .map_err(|_| UsageError("--docs-per-shard is too large".into()))?
            }
            Short('h') | Long("help") => {
                opts::help(BUILD_HELP)?;
                return Ok(None);
            }
            Value(v) => paths.push(opts::positional(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    let out = out.ok_or_else(|| UsageError("build needs -o OUT".into()))?;
    if paths.is_empty() {
        return Err(UsageError(
            "build needs at least one DATA file or directory".into(),
        ));
    }
    Ok(Some(BuildArgs {
        paths,
        out,
        policy,
        quiet,
        json,
    }))
}

fn shard_split(v: &str) -> Result<Option<bool>, UsageError> {
    match v {
        "auto" => Ok(None),
        "always" => Ok(Some(true)),
        "never" => Ok(Some(false)),
        other => Err(UsageError(format!(
            "--shards expects auto, always or never, got `{other}`"
        ))),
    }
}

pub fn build(p: &mut Parser) -> Result<i32, UsageError> {
    let Some(a) = parse_build(p)? else {
        return Ok(0);
    };
    let out_path = Path::new(&a.out);
    let started = Instant::now();
    let dir = match load(&a.paths) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let built = index_with_progress(&dir, a.policy, &stem(out_path), a.quiet, started);
    if let Err(e) = write_index(out_path, &built) {
        eprintln!("error: {e}");
        return Ok(1);
    }
    if !a.quiet {
        report(&a, &built.summary, started);
    }
    Ok(0)
}

/// The index's file stem, as shard names use it (`index` for `index.bin`).
fn stem(out: &Path) -> String {
    let stem = out
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty())
        .unwrap_or("index");
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// Builds the index, showing progress on standard error when it takes over a second.
fn index_with_progress(
    dir: &Directory,
    policy: ShardPolicy,
    stem: &str,
    quiet: bool,
    started: Instant,
) -> ricerca::builder::BuiltIndex {
    let last = std::sync::Mutex::new(Instant::now());
    let progress = |done: usize, total: usize| {
        let Ok(mut last) = last.lock() else { return };
        if !quiet && started.elapsed().as_secs_f32() > 1.0 && last.elapsed().as_millis() > 500 {
            eprint!("\rindexing {}/{total} records…", done.min(total));
            *last = Instant::now();
        }
    };
    let built = build_index(dir, &Geo::builtin(), policy, stem, &progress);
    if !quiet && started.elapsed().as_secs_f32() > 1.0 {
        eprintln!();
    }
    built
}

/// Writes the shards, then the root (so the root never points at a shard not yet
/// written), creating the folder first. Shards have content-hashed names: never a
/// different file under the same name.
fn write_index(out: &Path, built: &ricerca::builder::BuiltIndex) -> Result<(), String> {
    let folder = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("cannot create the folder {}: {e}", folder.display()))?;
    for (name, bytes) in &built.shards {
        let path = folder.join(name);
        if std::fs::read(&path).is_ok_and(|old| &old == bytes) {
            continue;
        }
        write_atomically(&path, bytes, false).map_err(|e| {
            format!(
                "cannot write {}: {e}; the previous index at {} is unchanged",
                path.display(),
                out.display()
            )
        })?;
    }
    write_atomically(out, &built.root, true)
        .map_err(|e| format!("cannot write {}: {e}; nothing was written", out.display()))
}

/// The summary on standard output: one line, or one JSON object with `--json`.
fn report(a: &BuildArgs, s: &ricerca::builder::BuildSummary, started: Instant) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let line = if a.json {
        serde_json::json!({
            "version": env!("CARGO_PKG_VERSION"),
            "index": a.out,
            "records": s.records,
            "terms": s.terms,
            "bytes": s.bytes,
            "files": s.files,
            "ms": ms.round(),
        })
        .to_string()
    } else {
        let files = if s.files > 1 {
            format!(" in {} files", s.files)
        } else {
            String::new()
        };
        format!(
            "built {}: {} records, {} terms, {} bytes{files} in {ms:.0} ms",
            a.out, s.records, s.terms, s.bytes
        )
    };
    let _ = writeln!(std::io::stdout(), "{line}");
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
