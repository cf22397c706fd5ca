//! The output folder stays clean: two generations of shard files at most, no
//! temporary files after success, and a killed build leaves the previous
//! index whole and its leftovers to the next run.
#![cfg(not(target_arch = "wasm32"))]

mod common;
use common::*;
use ricerca::Index;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A JSONL directory of `n` records; `edit` changes the summary of record `edit`.
fn jsonl(n: usize, edit: Option<usize>) -> String {
    let mut out = String::from(
        "{\"type\":\"sector\",\"id\":\"org-other\",\"it\":\"Altro\",\"en\":\"Other\"}\n",
    );
    let syl = [
        "ba", "ker", "lon", "mi", "dra", "sto", "vel", "qui", "nor", "tes", "ga", "rim",
    ];
    for i in 0..n {
        let w = |k: usize| -> String {
            (0..3)
                .map(|j| syl[(i * 7 + k * 5 + j * 3 + i / 13) % syl.len()])
                .collect()
        };
        let extra = if edit == Some(i) { " edited" } else { "" };
        out.push_str(&format!(
            "{{\"id\":\"r{i}\",\"kind\":\"partner\",\"name\":\"{} {} {i}\",\"summary\":\"{} and {}{extra}\",\"country\":[\"IT\"],\"sectors\":[\"org-other\"],\"source\":[\"test\"]}}\n",
            w(1), w(2), w(3), w(4)
        ));
    }
    out
}

fn build(data: &Path, out: &Path) -> std::process::Output {
    ricerca([
        "build",
        data.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-q",
    ])
}

fn names(folder: &Path) -> BTreeSet<String> {
    std::fs::read_dir(folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect()
}

/// The shard files the root at `root` names; panics unless it loads and all
/// of them are on disk.
fn generation(root: &Path) -> BTreeSet<String> {
    let mut index = Index::from_bytes(&std::fs::read(root).unwrap()).unwrap();
    let folder = root.parent().unwrap();
    let all = index.all_files(|name| std::fs::read(folder.join(name)));
    let shards: BTreeSet<String> = all.unwrap().into_iter().collect();
    for s in &shards {
        assert!(folder.join(s).is_file(), "{s} named by the root is missing");
    }
    shards
}

#[test]
fn rebuilding_five_times_keeps_the_new_and_the_previous_generation_only() {
    let tmp = temp_dir("output-five");
    let data = tmp.join("data.jsonl");
    let out = tmp.join("site").join("index.bin");
    let mut previous: BTreeSet<String> = BTreeSet::new();
    for round in 0..5 {
        std::fs::write(&data, jsonl(3000, Some(round * 100))).unwrap();
        let o = build(&data, &out);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let current = generation(&out);
        assert!(current.len() > 10, "a sharded index");
        let mut want: BTreeSet<String> = current.union(&previous).cloned().collect();
        want.insert("index.bin".into());
        assert_eq!(names(out.parent().unwrap()), want, "round {round}");
        previous = current;
    }
}

#[test]
fn a_killed_build_leaves_the_previous_index_whole_and_the_next_run_cleans_up() {
    let tmp = temp_dir("output-kill");
    let data = tmp.join("data.jsonl");
    let out = tmp.join("index.bin");
    std::fs::write(&data, jsonl(20_000, None)).unwrap();
    let started = Instant::now();
    assert_eq!(build(&data, &out).status.code(), Some(0));
    let took = started.elapsed();
    let first = generation(&out);

    // Kill a build of an edited directory part way (late: while it writes files).
    std::fs::write(&data, jsonl(20_000, Some(7))).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_ricerca"))
        .args([
            "build",
            data.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(took.mul_f64(0.8).max(Duration::from_millis(50)));
    let _ = child.kill();
    let _ = child.wait();
    // Whatever the kill interrupted, the root on disk loads and has all its
    // shards (`generation` checks): the old one, or the new one complete.
    let after_kill = generation(&out);
    assert!(!after_kill.is_empty() && !first.is_empty());

    // What an interrupted run can leave: temporary files, shards no root names.
    for leftover in [
        ".index.bin.4242.tmp",
        ".index.t.0badc0de.bin.4242.tmp",
        "index.t.0badc0de.bin",
    ] {
        std::fs::write(tmp.join(leftover), b"partial").unwrap();
    }
    let o = build(&data, &out);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let last = generation(&out);
    let on_disk = names(&tmp);
    assert!(on_disk.iter().all(|n| !n.ends_with(".tmp")), "{on_disk:?}");
    assert!(!on_disk.contains("index.t.0badc0de.bin"));
    let mut want: BTreeSet<String> = last.union(&after_kill).cloned().collect();
    want.extend(["index.bin".to_string(), "data.jsonl".to_string()]);
    assert_eq!(on_disk, want);
}
