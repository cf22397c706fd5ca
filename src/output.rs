//! Writing a built index into a folder that a web server serves while it
//! changes: durable, atomic, and clean.
//!
//! 1. Temporary files an earlier, interrupted run left (`.{stem}…tmp`) are
//!    removed.
//! 2. Each shard file not already there is written to a temporary file,
//!    flushed to disk and renamed to its name (names come from the content,
//!    so an existing file of that name already holds these bytes).
//! 3. The folder is flushed, then the root is written the same way and the
//!    folder flushed again: a root never names a shard that is not on disk.
//! 4. Shard files of this index named by neither the new root nor the
//!    previous one are removed: one previous generation stays, for pages that
//!    loaded the previous root and still fetch its shards.
//!
//! A failure or a kill at any point leaves the previous root and its shards
//! in place; what it leaves besides (temporary files, unnamed shards) the
//! next run removes. One build at a time per folder.

use crate::builder::BuiltIndex;
use crate::format::names::looks_like_shard;
use crate::index::Index;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What [`write_index`] did besides writing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// Shard files written (the others were already there).
    pub shards_written: usize,
    /// Files of earlier generations removed.
    pub removed: usize,
    /// Temporary files of interrupted runs removed.
    pub temp_removed: usize,
}

/// Writes `built` as the root file `root` and its shard files beside it (see
/// the module documentation). Errors say which file and what failed.
pub fn write_index(root: &Path, built: &BuiltIndex) -> Result<Written, String> {
    let folder = folder_of(root);
    let name = file_name(root)?;
    let stem = root
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot create the folder {}: {e}", folder.display()))?;
    let mut done = Written {
        temp_removed: remove_temp_files(&folder, &name)?,
        ..Written::default()
    };
    let previous = previous_shards(root);
    done.shards_written = write_shards(&folder, root, &built.shards)?;
    sync_dir(&folder)?;
    write_atomically(root, &built.root).map_err(|e| {
        format!(
            "cannot write {}: {e}; the previous index is unchanged",
            root.display()
        )
    })?;
    sync_dir(&folder)?;
    let mut keep: BTreeSet<String> = built.shards.iter().map(|(n, _)| n.clone()).collect();
    match previous {
        Some(names) => keep.extend(names),
        // The previous root could not be read (none, or an older format):
        // keep whatever is there this time; the next run knows this root.
        None => return Ok(done),
    }
    done.removed = remove_files(&folder, |f| looks_like_shard(&stem, f) && !keep.contains(f))?;
    Ok(done)
}

/// Writes the shard files not already in `folder` ([`write_atomically`]);
/// returns how many. Each write waits for the disk, so several threads write
/// at once where threads can be spawned (not under WASI): the disk then
/// serves their flushes together.
fn write_shards(folder: &Path, root: &Path, shards: &[(String, Vec<u8>)]) -> Result<usize, String> {
    let write = |(shard, bytes): &(String, Vec<u8>)| -> Result<usize, String> {
        let path = folder.join(shard);
        if std::fs::read(&path).is_ok_and(|old| &old == bytes) {
            return Ok(0);
        }
        write_atomically(&path, bytes).map_err(|e| {
            format!(
                "cannot write {}: {e}; the previous index at {} is unchanged",
                path.display(),
                root.display()
            )
        })?;
        Ok(1)
    };
    let threads = std::thread::available_parallelism().map_or(1, |p| p.get());
    if threads == 1 || shards.len() < 2 {
        return shards.iter().map(write).sum();
    }
    let lanes = (threads * WRITERS_PER_CORE).min(MAX_WRITERS);
    let write = &write;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..lanes)
            .map(|lane| {
                scope.spawn(move || {
                    shards
                        .iter()
                        .skip(lane)
                        .step_by(lanes)
                        .map(write)
                        .sum::<Result<usize, String>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a writer thread failed".into()))
            })
            .sum()
    })
}

/// Threads writing shard files, per core (they mostly wait for the disk).
const WRITERS_PER_CORE: usize = 4;
/// Most threads writing shard files.
const MAX_WRITERS: usize = 16;

fn folder_of(path: &Path) -> PathBuf {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf()
}

fn file_name(path: &Path) -> Result<String, String> {
    path.file_name()
        .and_then(|s| s.to_str())
        .map(str::to_string)
        .ok_or_else(|| format!("{}: the output path has no file name", path.display()))
}

/// The shard files the root at `root` names now (with its typo directory
/// files and the typo shards they name), if they can be read.
fn previous_shards(root: &Path) -> Option<Vec<String>> {
    let bytes = std::fs::read(root).ok()?;
    let folder = folder_of(root);
    Index::from_bytes(&bytes)
        .ok()?
        .all_files(|name| std::fs::read(folder.join(name)))
        .ok()
}

/// The temporary file [`write_atomically`] uses for `name`:
/// `.{name}.{tag}.tmp`.
fn temp_name(name: &str) -> String {
    format!(".{name}.{}.tmp", process_tag())
}

/// Removes the temporary files of earlier runs writing the root `name` or
/// its shards (they start with `.` and the root's stem).
fn remove_temp_files(folder: &Path, name: &str) -> Result<usize, String> {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    let prefix = format!(".{stem}.");
    remove_files(folder, |f| f.starts_with(&prefix) && f.ends_with(".tmp"))
}

/// Removes the files of `folder` whose names `doomed` picks; returns how many.
fn remove_files(folder: &Path, doomed: impl Fn(&str) -> bool) -> Result<usize, String> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| format!("cannot list the folder {}: {e}", folder.display()))?;
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if doomed(name) && entry.file_type().is_ok_and(|t| t.is_file()) {
            std::fs::remove_file(entry.path())
                .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Flushes the folder's entries (names created, renamed or removed) to disk.
fn sync_dir(folder: &Path) -> Result<(), String> {
    if cfg!(unix) {
        std::fs::File::open(folder)
            .and_then(|d| d.sync_all())
            .map_err(|e| format!("cannot flush the folder {}: {e}", folder.display()))?;
    }
    Ok(())
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk, then
/// renames it over `path`: readers never see a half-written file, and a
/// failure leaves the old one (and removes the temporary file).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .and_then(|s| s.to_str())
        .ok_or_else(|| std::io::Error::other("the output path has no file name"))?;
    let tmp = folder_of(path).join(temp_name(name));
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

/// Tells this process's temporary files apart: the process id, or under WASI
/// (no process ids) the clock's nanoseconds.
fn process_tag() -> u128 {
    if cfg!(target_os = "wasi") {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    } else {
        u128::from(std::process::id())
    }
}
