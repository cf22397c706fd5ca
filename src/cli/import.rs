//! `ricerca import ror|flat FILE -o OUT.jsonl`.

use super::build::write_atomically;
use super::opts::{self, Long, Parser, Short, UsageError, Value};
use ricerca::data::problem::DataErrors;
use ricerca::import::flat::{self, FlatOptions};
use ricerca::import::ror::{self, RorOptions};
use ricerca::import::{Outcome, Table};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// `ricerca import --help`.
pub const HELP: &str = "\
USAGE:
  ricerca import ror FILE -o OUT.jsonl [--include-inactive] [--types TSV] [--regions TSV]
                 [--vocabulary DATA]...
  ricerca import flat FILE -o OUT.jsonl [--sectors TSV] [--regions TSV] [--vocabulary DATA]...

Converts records to ricerca's JSONL: `ror` reads a ROR v2 dump (.json or .json.gz),
`flat` the flat organisation format (.jsonl, .jsonl.gz). FILE `-` reads standard
input, OUT `-` writes standard output (the report then goes to standard error).

OPTIONS:
  -o, --output OUT      where to write the records (missing parent folders are created)
  --include-inactive    (ror) keep withdrawn and inactive organisations
  --types TSV           (ror) ROR type -> sector table
  --sectors TSV         (flat) sector name -> sector slug table
  --regions TSV         region name -> code table
  --vocabulary DATA     sectors defined in DATA (repeatable)
  -q, --quiet           no report; errors only
  -h, --help            this help";

/// What `ricerca import` was asked to do.
#[derive(Default)]
struct ImportArgs {
    positionals: Vec<String>,
    out: Option<String>,
    include_inactive: bool,
    quiet: bool,
    types: Option<String>,
    sectors: Option<String>,
    regions: Option<String>,
    vocabulary: Vec<PathBuf>,
}

fn parse(p: &mut Parser) -> Result<Option<ImportArgs>, UsageError> {
    let mut a = ImportArgs::default();
    while let Some(arg) = p.next()? {
        match arg {
            Short('o') | Long("output") => opts::once(&mut a.out, "--output", opts::text(p)?)?,
            Long("include-inactive") => a.include_inactive = true,
            Short('q') | Long("quiet") => a.quiet = true,
            Long("types") => opts::once(&mut a.types, "--types", opts::text(p)?)?,
            Long("sectors") => opts::once(&mut a.sectors, "--sectors", opts::text(p)?)?,
            Long("regions") => opts::once(&mut a.regions, "--regions", opts::text(p)?)?,
            Long("vocabulary") => a.vocabulary.push(PathBuf::from(opts::text(p)?)),
            Short('h') | Long("help") => {
                opts::help(HELP)?;
                return Ok(None);
            }
            Value(v) => a.positionals.push(opts::positional(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    Ok(Some(a))
}

pub fn import(p: &mut Parser) -> Result<i32, UsageError> {
    let Some(a) = parse(p)? else {
        return Ok(0);
    };
    let mut positionals = a.positionals.into_iter();
    let format = positionals
        .next()
        .ok_or_else(|| UsageError("import needs a format: ror or flat".into()))?;
    let input = positionals
        .next()
        .ok_or_else(|| UsageError(format!("import {format} needs an input FILE")))?;
    if let Some(extra) = positionals.next() {
        return Err(UsageError(format!("unexpected argument `{extra}`")));
    }
    let out = a.out.ok_or_else(|| {
        UsageError("import needs -o OUT.jsonl (or -o - for standard output)".into())
    })?;
    let ImportArgs {
        include_inactive,
        quiet,
        types,
        sectors,
        regions,
        vocabulary,
        ..
    } = a;

    let table = |path: Option<String>| path.map(|p| Table::read(Path::new(&p))).transpose();
    let started = Instant::now();
    let result = match format.as_str() {
        "ror" => {
            if sectors.is_some() {
                return Err(UsageError(
                    "--sectors is for import flat; import ror takes --types".into(),
                ));
            }
            table(types).and_then(|types| {
                let regions = table(regions)?;
                let defaults = RorOptions::default();
                let opts = RorOptions {
                    include_inactive,
                    types: types.unwrap_or(defaults.types),
                    regions: regions.unwrap_or(defaults.regions),
                    vocabulary,
                };
                ror::import(Path::new(&input), &opts)
            })
        }
        "flat" => {
            if types.is_some() || include_inactive {
                return Err(UsageError(
                    "--types and --include-inactive are for import ror".into(),
                ));
            }
            table(sectors).and_then(|sectors| {
                let regions = table(regions)?;
                let defaults = FlatOptions::default();
                let opts = FlatOptions {
                    sectors: sectors.unwrap_or(defaults.sectors),
                    regions: regions.unwrap_or(defaults.regions),
                    vocabulary,
                };
                flat::import(Path::new(&input), &opts)
            })
        }
        other => {
            return Err(UsageError(format!(
                "unknown import format `{other}` (expected ror or flat)"
            )))
        }
    };
    Ok(report(result, &input, &out, quiet, started))
}

fn report(
    result: Result<Outcome, DataErrors>,
    input: &str,
    out: &str,
    quiet: bool,
    started: Instant,
) -> i32 {
    let outcome = match result {
        Ok(o) => o,
        Err(errors) => {
            eprintln!("{errors}");
            return 1;
        }
    };
    let written = if out == "-" {
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&outcome.jsonl)
            .and_then(|_| stdout.flush())
    } else {
        create_parent(Path::new(out))
            .and_then(|_| write_atomically(Path::new(out), &outcome.jsonl, true))
    };
    if let Err(e) = written {
        eprintln!("error: cannot write {out}: {e}; nothing was written");
        return 1;
    }
    if quiet {
        return 0;
    }
    let text = format!(
        "imported {input} -> {out} ({} bytes) in {:.2} s\n{}",
        outcome.jsonl.len(),
        started.elapsed().as_secs_f64(),
        outcome.summary.render(10)
    );
    // The report goes to standard error when the records go to standard output.
    if out == "-" {
        eprint!("{text}");
    } else {
        print!("{text}");
    }
    0
}

/// Creates the missing folders above `path`.
pub fn create_parent(path: &Path) -> std::io::Result<()> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(folder) => std::fs::create_dir_all(folder),
        None => Ok(()),
    }
}
