//! `ricerca build` and `ricerca check`.

use super::args::{Args, UsageError};
use ricerca::builder::build_index;
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
        return Err(UsageError("check needs at least one DATA file or directory".into()));
    }
    Ok(match load(&paths) {
        Ok(dir) => {
            let initiatives = dir.records.iter().filter(|r| r.kind == Kind::Initiative).count();
            println!(
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
    let out = args.value("--output", Some("-o"))?.ok_or_else(|| UsageError("build needs -o INDEX".into()))?;
    let quiet = args.flag("--quiet");
    let paths = args.positionals();
    args.finish()?;
    if paths.is_empty() {
        return Err(UsageError("build needs at least one DATA file or directory".into()));
    }
    let started = Instant::now();
    let dir = match load(&paths) {
        Ok(d) => d,
        Err(code) => return Ok(code),
    };
    let mut last = Instant::now();
    let mut progress = |done: usize, total: usize| {
        if !quiet && started.elapsed().as_secs_f32() > 1.0 && last.elapsed().as_millis() > 500 {
            eprint!("\rindexing {done}/{total} records…");
            last = Instant::now();
        }
    };
    let (bytes, summary) = build_index(&dir, &Geo::builtin(), &mut progress);
    if !quiet && started.elapsed().as_secs_f32() > 1.0 {
        eprintln!();
    }
    if let Err(e) = write_atomically(Path::new(&out), &bytes) {
        eprintln!("error: cannot write {out}: {e}; nothing was written");
        return Ok(1);
    }
    println!(
        "built {out}: {} records, {} terms, {} bytes in {:.0} ms",
        summary.records,
        summary.terms,
        summary.bytes,
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(0)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`,
/// so readers never see a half-written index and a failure leaves the old one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().ok_or_else(|| std::io::Error::other("the output path has no file name"))?;
    let tmp = dir.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
