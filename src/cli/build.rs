//! `ricerca build` and `ricerca check`.

use super::opts::{self, Long, Parser, Short, UsageError, Value};
use super::widget;
use ricerca::builder::{build_index, ShardPolicy};
use ricerca::data::{self, geo::Geo};
use ricerca::model::{Directory, Kind};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `ricerca build --help`.
pub const BUILD_HELP: &str = "\
USAGE:
  ricerca build DATA... -o OUT [--no-widget] [--shards auto|always|never]
                [--term-shard-bytes N] [--typo-shard-bytes N] [--docs-per-shard N]
                [--allow-empty] [--allow-shrink]
                [--json] [-q] [-v]

Validates DATA (.toml, .jsonl and .csv files, each optionally .gz, or folders of them,
read recursively) and writes the index. On bad data nothing is written and every
problem is listed (file, line, record id, field, expected value); exit status 1.
It also refuses to replace an index with one of 0 records, or of fewer than half the
records it holds, unless told to (below). Limits: README, section Safe by default.

OUT a folder (ends with /, exists as a folder, or has no extension: public/ricerca)
receives index.bin and the widget (entry script, CSS, engine, licences), ready to
deploy, and the two lines to paste into a page are printed. OUT a file (index.bin)
receives the index only. Large indexes are a root file plus content-hashed shard
files beside it.

OPTIONS:
  -o, --output OUT          where to write (missing parent folders are created)
  --no-widget               into a folder: write the index only
  --shards auto|always|never  split the index into shard files (auto: when large)
  --term-shard-bytes N      target size of a term shard
  --typo-shard-bytes N      target size of a typo shard
  --docs-per-shard N        records per document shard (default: 10 up to 2,560
                            records, then 1/256 of them, at most 64)
  --allow-empty             write the index even when the data holds 0 records
  --allow-shrink            replace an index even with fewer than half its records
  --json                    print the summary as one JSON object (with `version`)
  -q, --quiet               no progress and no summary; errors only
  -v, --verbose             also print how long each stage took, on standard error
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
    let mut warnings = Vec::new();
    let loaded = data::load_reporting(&paths, &mut warnings);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    loaded.map_err(|errors| {
        eprintln!("{errors}");
        1
    })
}

/// Refuses a build that would replace a live index with an empty one, or with
/// one of fewer than half its records, unless the flag says it is meant.
fn refuse_wipe(a: &BuildArgs, index: &Path, records: usize) -> Option<String> {
    if records == 0 && !a.allow_empty {
        return Some(
            "the data holds 0 records; nothing was written (pass --allow-empty to write an empty index)"
                .into(),
        );
    }
    let old = std::fs::read(index)
        .ok()
        .and_then(|b| ricerca::Index::from_bytes(&b).ok())?
        .len();
    (!a.allow_shrink && records * 2 < old).then(|| {
        format!(
            "the new index would have {records} records, fewer than half of the {old} in {}; nothing was written (pass --allow-shrink if that is meant)",
            index.display()
        )
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
    verbose: bool,
    json: bool,
    no_widget: bool,
    allow_empty: bool,
    allow_shrink: bool,
}

fn parse_build(p: &mut Parser) -> Result<Option<BuildArgs>, UsageError> {
    let mut paths = Vec::new();
    let mut out = None;
    let (mut quiet, mut verbose, mut json, mut no_widget) = (false, false, false, false);
    let (mut allow_empty, mut allow_shrink) = (false, false);
    let mut policy = ShardPolicy::default();
    while let Some(arg) = p.next()? {
        match arg {
            Short('o') | Long("output") => opts::once(&mut out, "--output", opts::text(p)?)?,
            Short('q') | Long("quiet") => quiet = true,
            Short('v') | Long("verbose") => verbose = true,
            Long("json") => json = true,
            Long("no-widget") => no_widget = true,
            Long("allow-empty") => allow_empty = true,
            Long("allow-shrink") => allow_shrink = true,
            Long("shards") => policy.split = shard_split(&opts::text(p)?)?,
            Long("term-shard-bytes") => {
                policy.term_shard_bytes = opts::number(p, "--term-shard-bytes")?.max(1)
            }
            Long("typo-shard-bytes") => {
                policy.typo_shard_bytes = opts::number(p, "--typo-shard-bytes")?.max(1)
            }
            Long("docs-per-shard") => {
                policy.docs_per_shard = Some(
                    u32::try_from(opts::number(p, "--docs-per-shard")?.max(1))
                        .map_err(|_| UsageError("--docs-per-shard is too large".into()))?,
                )
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
        verbose,
        json,
        no_widget,
        allow_empty,
        allow_shrink,
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
    let target = Target::of(&a.out, a.no_widget);
    if target.widget && !widget::embedded() {
        eprintln!(
            "error: this ricerca binary carries no widget (built without RICERCA_WIDGET_DIR); \
             pass --no-widget to write only the index into {}, or use a release build \
             (npm package `ricerca`, or `make release`)",
            a.out
        );
        return Ok(1);
    }
    let started = Instant::now();
    let dir = match load(&a.paths) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let loaded = started.elapsed();
    if let Some(why) = refuse_wipe(&a, &target.index, dir.records.len()) {
        eprintln!("error: {why}");
        return Ok(1);
    }
    let built = index_with_progress(&dir, a.policy, &stem(&target.index), a.quiet, started);
    let written = Instant::now();
    let widget_bytes = match write_all(&target, &built) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    if a.verbose {
        let mut stages = vec![("read and check the data", loaded)];
        stages.extend(built.stages.iter().copied());
        stages.push(("write the files", written.elapsed()));
        print_stages(&stages);
    }
    if !a.quiet {
        report(&a, &target, &built.summary, widget_bytes, started);
    }
    Ok(0)
}

/// `--verbose`: each stage's time in milliseconds, one line each, on standard error.
fn print_stages(stages: &[(&str, std::time::Duration)]) {
    let mut text = String::new();
    for (name, took) in stages {
        let _ = writeln!(text, "{:>8.1} ms  {name}", took.as_secs_f64() * 1000.0);
    }
    eprint!("{text}");
}

/// Where `ricerca build` writes: into a folder (`-o DIR`: DIR/index.bin, and the widget
/// unless --no-widget) or one index file (`-o FILE.bin`: the index only).
struct Target {
    /// The index's root file.
    index: PathBuf,
    /// The folder that receives the widget, in folder mode.
    folder: Option<PathBuf>,
    /// Whether the widget is written.
    widget: bool,
}

impl Target {
    /// `out` is a folder when it ends with a separator, is an existing folder, or has
    /// no extension (`public/ricerca`); otherwise it names the index file.
    fn of(out: &str, no_widget: bool) -> Target {
        let path = Path::new(out);
        let folder = out.ends_with('/')
            || out.ends_with(std::path::MAIN_SEPARATOR)
            || path.is_dir()
            || path.extension().is_none();
        if folder {
            Target {
                index: path.join("index.bin"),
                folder: Some(path.to_path_buf()),
                widget: !no_widget,
            }
        } else {
            Target {
                index: path.to_path_buf(),
                folder: None,
                widget: false,
            }
        }
    }
}

/// Writes the widget (when asked), then the index; returns the widget's bytes.
fn write_all(target: &Target, built: &ricerca::builder::BuiltIndex) -> Result<usize, String> {
    let mut widget_bytes = 0;
    if let (Some(folder), true) = (&target.folder, target.widget) {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create the folder {}: {e}", folder.display()))?;
        widget_bytes = widget::write(folder)?;
    }
    write_index(&target.index, built)?;
    Ok(widget_bytes)
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

/// Builds the index, showing progress on standard error when it takes over a
/// second and standard error is a terminal. The progress line is ended only when
/// one was printed: standard error read by a program holds nothing but messages.
fn index_with_progress(
    dir: &Directory,
    policy: ShardPolicy,
    stem: &str,
    quiet: bool,
    started: Instant,
) -> ricerca::builder::BuiltIndex {
    let live = !quiet && std::io::stderr().is_terminal();
    let shown = std::sync::Mutex::new(None::<Instant>);
    let progress = |done: usize, total: usize| {
        let Ok(mut shown) = shown.lock() else { return };
        let due = shown.map_or(started.elapsed().as_secs_f32() > 1.0, |t| {
            t.elapsed().as_millis() > 500
        });
        if live && due {
            eprint!("\rindexing {}/{total} records…", done.min(total));
            *shown = Some(Instant::now());
        }
    };
    let built = build_index(dir, &Geo::builtin(), policy, stem, &progress);
    if shown.lock().is_ok_and(|s| s.is_some()) {
        eprintln!();
    }
    built
}

/// Writes the shards, then the root, durably, and removes the files of older
/// generations and the temporary files of interrupted runs ([`ricerca::output`]).
fn write_index(out: &Path, built: &ricerca::builder::BuiltIndex) -> Result<(), String> {
    ricerca::output::write_index(out, built).map(|_| ())
}

/// The summary on standard output: one line (and the widget's lines), or one JSON
/// object with `--json`.
fn report(
    a: &BuildArgs,
    target: &Target,
    s: &ricerca::builder::BuildSummary,
    widget_bytes: usize,
    started: Instant,
) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let index = target.index.display().to_string();
    let widget = target.folder.as_deref().filter(|_| target.widget);
    let text = if a.json {
        let mut v = serde_json::json!({
            "version": env!("CARGO_PKG_VERSION"),
            "index": index,
            "records": s.records,
            "terms": s.terms,
            "bytes": s.bytes,
            "files": s.files,
            "ms": ms.round(),
        });
        if let Some(folder) = widget {
            v["widget"] = serde_json::json!({
                "files": widget::names(),
                "bytes": widget_bytes,
                "snippet": widget::snippet(folder),
            });
        }
        v.to_string()
    } else {
        let files = if s.files > 1 {
            format!(" in {} files", s.files)
        } else {
            String::new()
        };
        let mut text = format!(
            "built {index}: {} records, {} terms, {} bytes{files} in {ms:.0} ms",
            s.records, s.terms, s.bytes
        );
        if let Some(folder) = widget {
            let [script, div] = widget::snippet(folder);
            let _ = write!(
                text,
                "\nwidget: {} ({widget_bytes} bytes) and the licences, in {}\n\
                 paste into the page, where the search goes (the folder served at the path shown):\n  \
                 {script}\n  {div}",
                widget::names()
                    .into_iter()
                    .filter(|n| !n.starts_with("LICENSE"))
                    .collect::<Vec<_>>()
                    .join(", "),
                folder.display()
            );
        }
        text
    };
    let _ = writeln!(std::io::stdout(), "{text}");
}

/// Writes `bytes` to a temporary file beside `path`, flushed, then renames it
/// over `path` ([`ricerca::output::write_atomically`]); `_durable` is kept for
/// the callers: every write is flushed now.
pub fn write_atomically(path: &Path, bytes: &[u8], _durable: bool) -> std::io::Result<()> {
    ricerca::output::write_atomically(path, bytes)
}
