//! Reading and validating the directory's data files (deploy time only).
//!
//! Input is any mix of files and directories: `.toml` files (hand-edited
//! `[[record]]`, `[[sector]]` and `[[glossary]]` tables), `.jsonl` files (bulk records, one JSON
//! object a line), `.csv` files (flat lists, one record a row; see [`csv_source`]),
//! each optionally gzip-compressed (`.toml.gz`, `.jsonl.gz`, `.csv.gz`).
//! Directories are walked recursively in name order; other files are ignored.

pub mod csv_source;
pub mod draft;
pub mod geo;
pub mod glossary;
pub mod json_source;
pub mod problem;
pub mod toml_source;
pub mod validate;

use crate::model::Directory;
use draft::Drafts;
use geo::Geo;
use problem::{DataErrors, Location, Problem};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Reads every data file under `paths` and validates the whole directory.
pub fn load(paths: &[PathBuf]) -> Result<Directory, DataErrors> {
    let mut drafts = Drafts::default();
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for p in paths {
        collect_files(p, true, &mut files, &mut problems);
    }
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
    for f in &files {
        let name = f.display().to_string();
        match read_text(f) {
            Ok(text) => read_source(&name, &text, &mut drafts, &mut problems),
            Err(e) => problems.push(Problem::new(
                Location {
                    file: name,
                    ..Default::default()
                },
                format!("cannot read: {e}"),
            )),
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

fn is_data_file(p: &Path) -> bool {
    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let n = n.strip_suffix(".gz").unwrap_or(n);
    n.ends_with(".toml") || n.ends_with(".jsonl") || n.ends_with(".ndjson") || n.ends_with(".csv")
}

fn collect_files(p: &Path, explicit: bool, out: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let loc = || Location {
        file: p.display().to_string(),
        ..Default::default()
    };
    match std::fs::metadata(p) {
        Err(e) => problems.push(Problem::new(loc(), format!("cannot read: {e}"))),
        Ok(m) if m.is_dir() => match std::fs::read_dir(p) {
            Err(e) => problems.push(Problem::new(loc(), format!("cannot list directory: {e}"))),
            Ok(entries) => {
                let mut children: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                children.sort();
                for c in children {
                    collect_files(&c, false, out, problems);
                }
            }
        },
        Ok(_) if explicit || is_data_file(p) => {
            if is_data_file(p) {
                out.push(p.to_path_buf());
            } else {
                problems.push(
                    Problem::new(loc(), "unsupported file type")
                        .expected("a .toml, .jsonl or .csv file (optionally .gz)"),
                );
            }
        }
        Ok(_) => {}
    }
}

fn read_text(p: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(p)?;
    let bytes = if p.extension().is_some_and(|e| e == "gz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&bytes[..]).read_to_end(&mut out)?;
        out
    } else {
        bytes
    };
    String::from_utf8(bytes).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}
