//! Embeds the built widget in the `ricerca` binary, so that `ricerca build DATA -o DIR`
//! writes the index and the widget into one folder.
//!
//! The widget is taken from the folder named by the environment variable
//! `RICERCA_WIDGET_DIR` (a `make dist` output, `www/dist`): every file its `assets.json`
//! names, except the index. `make release` and `make package` set it. Without it, the
//! binary carries no widget (`cargo build`, `cargo test`: no web toolchain needed) and
//! `ricerca build` into a folder asks for `--no-widget`. The variable is explicit rather
//! than a look at `www/dist`, because `make dist` runs the CLI to build its index: an
//! implicit read would embed whatever stale widget happened to be there.
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=RICERCA_WIDGET_DIR");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let files = match std::env::var_os("RICERCA_WIDGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => widget_files(Path::new(&dir)),
        None => Vec::new(),
    };
    let loader = loader_name(&files);
    let mut code = String::new();
    let _ = writeln!(
        code,
        "/// The widget's entry script (the one name pages use; not content-hashed).\n\
         pub const LOADER: &str = {loader:?};"
    );
    code.push_str("/// The widget's files, `(name, bytes)`; empty when built without one.\n");
    code.push_str("pub const WIDGET: &[(&str, &[u8])] = &[\n");
    for (name, path) in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("];\n");
    std::fs::write(out.join("widget.rs"), code).expect("write widget.rs");
}

/// The entry script: the manifest's `loader`, else `ricerca.js`.
fn loader_name(files: &[(String, PathBuf)]) -> String {
    let dir = std::env::var_os("RICERCA_WIDGET_DIR").unwrap_or_default();
    let text = std::fs::read_to_string(Path::new(&dir).join("assets.json")).unwrap_or_default();
    let strings = json_strings(&text);
    let named = strings
        .windows(2)
        .find(|w| w[0] == "loader")
        .map(|w| w[1].clone());
    match named {
        Some(n) if files.iter().any(|(f, _)| *f == n) => n,
        _ => "ricerca.js".into(),
    }
}

/// The files `dir/assets.json` names (every string value naming a file in `dir`),
/// without the index (`index*.bin`, built by the CLI itself), sorted by name.
fn widget_files(dir: &Path) -> Vec<(String, PathBuf)> {
    let manifest = dir.join("assets.json");
    println!("cargo:rerun-if-changed={}", manifest.display());
    let text = std::fs::read_to_string(&manifest).unwrap_or_else(|e| {
        panic!(
            "RICERCA_WIDGET_DIR: cannot read {} ({e}); run `make dist` first",
            manifest.display()
        )
    });
    let mut files: Vec<(String, PathBuf)> = json_strings(&text)
        .into_iter()
        .filter(|s| !s.is_empty() && !s.contains(['/', '\\']) && !s.starts_with('.'))
        .filter(|s| !(s.starts_with("index") && s.ends_with(".bin")))
        .map(|s| (s.clone(), dir.join(&s)))
        .filter(|(_, p)| p.is_file())
        .collect();
    files.sort();
    files.dedup();
    assert!(
        files.iter().any(|(n, _)| n.ends_with(".wasm")),
        "RICERCA_WIDGET_DIR: {} names no .wasm file: not a widget build",
        manifest.display()
    );
    files
}

/// Every string literal in a JSON text (keys included; the caller keeps file names).
fn json_strings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut s = String::new();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => {
                    if let Some(e) = chars.next() {
                        s.push(e);
                    }
                }
                c => s.push(c),
            }
        }
        out.push(s);
    }
    out
}
