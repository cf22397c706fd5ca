//! `ricerca build DATA -o FOLDER`: the index and the embedded widget in one folder.
//!
//! The widget is embedded when the binary is built with RICERCA_WIDGET_DIR (build.rs);
//! this test binary is built in the same cargo run, so `option_env!` tells which case
//! the binary under test is. With a widget (`make test-widget`, `make package`), the
//! written files must be byte-identical to the ones in RICERCA_WIDGET_DIR; without one,
//! a folder build must refuse clearly and write nothing unless `--no-widget`.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

const WIDGET_DIR: Option<&str> = option_env!("RICERCA_WIDGET_DIR");

fn names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

fn index_files(dir: &Path) -> BTreeSet<String> {
    names(dir)
        .into_iter()
        .filter(|n| n.starts_with("index") && n.ends_with(".bin"))
        .collect()
}

#[test]
fn a_folder_without_widget_gets_the_index_only() {
    let tmp = temp_dir("no-widget");
    let out = tmp.join("public/ricerca");
    let o = ricerca([
        "build",
        data_dir().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--no-widget",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(
        text.starts_with(&format!("built {}: ", out.join("index.bin").display())),
        "{text}"
    );
    assert_eq!(names(&out), index_files(&out));
    let root = std::fs::read(out.join("index.bin")).unwrap();
    assert_eq!(
        ricerca::Index::from_bytes(&root).unwrap().len(),
        directory().records.len()
    );
}

#[test]
fn a_folder_gets_the_widget_byte_for_byte_or_a_clear_refusal() {
    let tmp = temp_dir("widget");
    let out = tmp.join("site/ricerca/");
    let o = ricerca([
        "build",
        data_dir().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_no_panic(&o, "build into a folder");
    let Some(dist) = WIDGET_DIR else {
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).starts_with("error: this ricerca binary carries no widget"),
            "{}",
            stderr(&o)
        );
        assert!(stderr(&o).contains("--no-widget"));
        assert!(!tmp.join("site").exists(), "nothing is written");
        return;
    };
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let dist = Path::new(dist);
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dist.join("assets.json")).unwrap()).unwrap();
    let mut want: BTreeSet<String> = manifest
        .as_object()
        .unwrap()
        .values()
        .filter_map(|v| v.as_str())
        .filter(|n| !(n.starts_with("index") && n.ends_with(".bin")))
        .map(str::to_string)
        .collect();
    for name in &want {
        let a = std::fs::read(dist.join(name)).unwrap();
        let b = std::fs::read(out.join(name)).unwrap();
        assert!(a == b, "{name} differs from {}", dist.display());
    }
    want.extend(["LICENSE-MIT".to_string(), "LICENSE-APACHE".to_string()]);
    want.extend(index_files(&out));
    assert_eq!(names(&out), want);
    for l in ["LICENSE-MIT", "LICENSE-APACHE"] {
        assert_eq!(
            std::fs::read(out.join(l)).unwrap(),
            std::fs::read(root().join(l)).unwrap()
        );
    }
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        &lines[lines.len() - 2..],
        &[
            "  <script src=\"/ricerca/ricerca.js\" defer></script>",
            "  <div data-ricerca></div>"
        ],
        "{text}"
    );
}
