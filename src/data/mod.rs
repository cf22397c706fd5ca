//! Reading and validating the directory's data files (deploy time only).
//!
//! Input is any mix of files and directories: `.toml` files (hand-edited
//! `[[record]]`, `[[sector]]` and `[[glossary]]` tables), `.jsonl` files (bulk records, one JSON
//! object a line), `.csv` files (flat lists, one record a row; see [`csv_source`]),
//! each optionally gzip-compressed (`.toml.gz`, `.jsonl.gz`, `.csv.gz`).
//! Directories are walked recursively in name order; other files are ignored.

pub mod csv_source;
pub mod draft;
pub mod files;
pub mod geo;
pub mod glossary;
pub mod json_source;
pub mod problem;
pub mod schema;
pub mod toml_source;
pub mod validate;

use crate::model::Directory;
use draft::Drafts;
use geo::Geo;
use problem::{DataErrors, Location, Problem};
use std::path::PathBuf;

/// Most records one file may hold.
pub const MAX_RECORDS_PER_FILE: usize = 1_000_000;

/// Reads every data file under `paths` and validates the whole directory.
pub fn load(paths: &[PathBuf]) -> Result<Directory, DataErrors> {
    load_reporting(paths, &mut Vec::new())
}

/// [`load`], also collecting warnings (files skipped) into `warnings`.
pub fn load_reporting(
    paths: &[PathBuf],
    warnings: &mut Vec<Problem>,
) -> Result<Directory, DataErrors> {
    let mut drafts = Drafts::default();
    let mut problems = Vec::new();
    let files = files::walk(paths, &mut problems, warnings);
    if files.is_empty() && problems.is_empty() {
        let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        problems.push(
            Problem::new(
                Location {
                    file: shown.join(" "),
                    ..Default::default()
                },
                "no data files found",
            )
            .expected(".toml, .jsonl or .csv files (optionally .gz)"),
        );
    }
    let mut budget = files::MAX_INPUT_BYTES;
    for f in &files {
        let name = f.display().to_string();
        let text = files::read_text(f, &name, &mut budget);
        match text {
            Ok(text) => {
                let before = drafts.records.len();
                read_source(&name, &text, &mut drafts, &mut problems);
                if let Some(over) = drafts.records.get(before + MAX_RECORDS_PER_FILE) {
                    problems.push(
                        Problem::new(over.at.clone(), "too many records in one file").expected(
                            format!("at most {MAX_RECORDS_PER_FILE} records a file; split it"),
                        ),
                    );
                    drafts.records.truncate(before + MAX_RECORDS_PER_FILE);
                }
            }
            Err(p) => problems.push(*p),
        }
    }
    // Validate what could be read, so one run reports every problem. Links to other
    // records are only checked when every file could be read: a partner defined in
    // a file with a syntax error would otherwise be reported as missing.
    let all_read = problems.is_empty();
    match validate::validate(drafts, &Geo::builtin(), all_read) {
        Ok(dir) if all_read => Ok(dir),
        Ok(_) => Err(DataErrors(problems)),
        Err(more) => {
            problems.extend(more);
            problems.sort_by(|a, b| a.at.cmp(&b.at));
            Err(DataErrors(problems))
        }
    }
}

/// Parses one file's text by its extension.
pub fn read_source(name: &str, text: &str, drafts: &mut Drafts, problems: &mut Vec<Problem>) {
    let base = name.strip_suffix(".gz").unwrap_or(name);
    if base.ends_with(".jsonl") || base.ends_with(".ndjson") {
        json_source::read(name, text, drafts, problems);
    } else if base.ends_with(".csv") {
        csv_source::read(name, text, drafts, problems);
    } else {
        toml_source::read(name, text, drafts, problems);
    }
}
