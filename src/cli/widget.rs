//! The widget embedded at build time (see build.rs), written beside the index by
//! `ricerca build DATA -o FOLDER`, with the licence files.

use super::build::write_atomically;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/widget.rs"));

/// The licence files, deployed with the widget they cover.
const LICENSES: [(&str, &[u8]); 2] = [
    ("LICENSE-MIT", include_bytes!("../../LICENSE-MIT")),
    ("LICENSE-APACHE", include_bytes!("../../LICENSE-APACHE")),
];

/// True when this binary carries a widget.
pub fn embedded() -> bool {
    !WIDGET.is_empty()
}

/// The widget's file names, the entry script last.
pub fn names() -> Vec<&'static str> {
    ordered().map(|(n, _)| n).collect()
}

/// Content-hashed files first, then the licences, the entry script last: a page that
/// loads the new entry script finds every file it names already in place.
fn ordered() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    let assets = WIDGET.iter().copied();
    let hashed = assets.clone().filter(|(n, _)| *n != LOADER);
    let loader = assets.filter(|(n, _)| *n == LOADER);
    hashed.chain(LICENSES).chain(loader)
}

/// Writes the widget into `folder`, skipping files already there with the same bytes.
/// Returns the bytes of the widget's own files (licences not counted).
pub fn write(folder: &Path) -> Result<usize, String> {
    for (name, bytes) in ordered() {
        let path = folder.join(name);
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            continue;
        }
        write_atomically(&path, bytes, false)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(WIDGET.iter().map(|(_, b)| b.len()).sum())
}

/// The two lines to paste into a page, for the folder served at `/NAME/`.
pub fn snippet(folder: &Path) -> [String; 2] {
    let name = std::fs::canonicalize(folder)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "ricerca".into());
    [
        format!("<script src=\"/{name}/{LOADER}\" defer></script>"),
        "<div data-ricerca></div>".to_string(),
    ]
}
