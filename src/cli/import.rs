//! `ricerca import ror|flat FILE -o OUT.jsonl`.

use super::args::{Args, UsageError};
use super::build::write_atomically;
use ricerca::data::problem::DataErrors;
use ricerca::import::flat::{self, FlatOptions};
use ricerca::import::ror::{self, RorOptions};
use ricerca::import::{Outcome, Table};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub fn import(mut args: Args) -> Result<i32, UsageError> {
    // Options first: `-o` does not start with `--`, so it would pass for a positional.
    let out = args.value("--output", Some("-o"))?;
    let include_inactive = args.flag("--include-inactive");
    let types = args.value("--types", None)?;
    let sectors = args.value("--sectors", None)?;
    let regions = args.value("--regions", None)?;
    let vocabulary: Vec<PathBuf> = args
        .values("--vocabulary", None)?
        .into_iter()
        .map(PathBuf::from)
        .collect();
    let format = args
        .next_positional()
        .ok_or_else(|| UsageError("import needs a format: ror or flat".into()))?;
    let input = args
        .next_positional()
        .ok_or_else(|| UsageError(format!("import {format} needs an input FILE")))?;
    args.finish()?;
    let out = out.ok_or_else(|| {
        UsageError("import needs -o OUT.jsonl (or -o - for standard output)".into())
    })?;

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
    Ok(report(result, &input, &out, started))
}

fn report(result: Result<Outcome, DataErrors>, input: &str, out: &str, started: Instant) -> i32 {
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
        write_atomically(Path::new(out), &outcome.jsonl, true)
    };
    if let Err(e) = written {
        eprintln!("error: cannot write {out}: {e}; nothing was written");
        return 1;
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
