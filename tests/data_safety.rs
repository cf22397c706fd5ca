//! Data that cannot wipe a live index, and spreadsheet exports as people save
//! them (issue 13, items 2 and 3): one test per case measured in the issue.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A data folder: the test vocabulary plus `files` (name, bytes).
fn folder(name: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = temp_dir(name);
    std::fs::copy(
        fixture("vocab").join("sectors.toml"),
        dir.join("sectors.toml"),
    )
    .unwrap();
    for (n, bytes) in files {
        std::fs::write(dir.join(n), bytes).unwrap();
    }
    dir
}

fn partner(id: &str, name: &str) -> String {
    format!(
        "{{\"id\":\"{id}\",\"kind\":\"partner\",\"name\":\"{name}\",\"country\":\"IT\",\"sectors\":[\"oncology\"],\"source\":\"t\"}}\n"
    )
}

/// Runs `ricerca ARGS`, killed after 60 s (a FIFO or /dev/zero must never block).
fn run_bounded(args: &[&str]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("ricerca {args:?} still running after 60 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn build(data: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build", data.to_str().unwrap(), "-o", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    run_bounded(&args)
}

fn check(data: &Path) -> Output {
    run_bounded(&["check", data.to_str().unwrap()])
}

#[test]
fn a_vocabulary_without_records_does_not_replace_an_index() {
    let data = folder("empty", &[]);
    let out = temp_dir("empty-out").join("index.bin");
    let o = build(&data, &out, &[]);
    assert_no_panic(&o, "empty build");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 records"), "{}", stderr(&o));
    assert!(stderr(&o).contains("--allow-empty"), "{}", stderr(&o));
    assert!(!out.exists());
    let o = build(&data, &out, &["--allow-empty"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.exists());
}

#[test]
fn a_gzip_bomb_of_spaces_yields_no_index() {
    // 64 MB of spaces in 64 KB of gzip.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..64 {
        gz.write_all(&[b' '; 1 << 20]).unwrap();
    }
    let bomb = gz.finish().unwrap();
    let data = folder("bomb", &[("records.jsonl.gz", &bomb)]);
    let out = temp_dir("bomb-out").join("index.bin");
    let o = build(&data, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("0 records"), "{}", stderr(&o));
    assert!(!out.exists());
}

#[test]
fn an_index_shrinking_below_half_is_refused_with_both_numbers() {
    let four: String = (1..=4).map(|i| partner(&format!("p{i}"), "Ente")).collect();
    let data = folder("shrink", &[("records.jsonl", four.as_bytes())]);
    let out = temp_dir("shrink-out").join("index.bin");
    assert_eq!(build(&data, &out, &[]).status.code(), Some(0));
    let before = std::fs::read(&out).unwrap();
    std::fs::write(data.join("records.jsonl"), partner("p1", "Ente")).unwrap();
    let o = build(&data, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("1 records, fewer than half of the 4 in"),
        "{err}"
    );
    assert!(err.contains("--allow-shrink"), "{err}");
    assert_eq!(
        std::fs::read(&out).unwrap(),
        before,
        "the index is unchanged"
    );
    // Two of four is half, not fewer: allowed without the flag.
    let two = partner("p1", "Ente") + &partner("p2", "Ente");
    std::fs::write(data.join("records.jsonl"), two).unwrap();
    assert_eq!(build(&data, &out, &[]).status.code(), Some(0));
    std::fs::write(data.join("records.jsonl"), partner("p1", "Ente")).unwrap();
    assert_eq!(
        build(&data, &out, &["--allow-shrink"]).status.code(),
        Some(0)
    );
}

#[cfg(unix)]
#[test]
fn a_link_loop_in_the_data_folder_is_walked_once() {
    let data = folder(
        "loop",
        &[("records.jsonl", partner("p1", "Ente").as_bytes())],
    );
    std::fs::create_dir(data.join("sub")).unwrap();
    std::os::unix::fs::symlink(&data, data.join("sub").join("up")).unwrap();
    std::os::unix::fs::symlink(data.join("sub"), data.join("sub").join("again")).unwrap();
    let o = check(&data);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "ok: 1 records (0 initiatives, 1 partners), 2 sectors\n"
    );
    assert!(
        stderr(&o).contains("warning: ") && stderr(&o).contains("already read"),
        "{}",
        stderr(&o)
    );
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_skipped_with_a_warning() {
    let data = folder(
        "fifo",
        &[("records.jsonl", partner("p1", "Ente").as_bytes())],
    );
    let fifo = data.join("stuck.jsonl");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    std::os::unix::fs::symlink("/dev/zero", data.join("zero.jsonl")).unwrap();
    let o = check(&data);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("stuck.jsonl: skipped: a named pipe (FIFO) is not a regular file"),
        "{err}"
    );
    assert!(
        err.contains("zero.jsonl: skipped: a device is not a regular file"),
        "{err}"
    );
    // Named on the command line, /dev/zero is not read either.
    let o = run_bounded(&["check", "/dev/zero"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("no data files found"), "{}", stderr(&o));
}

#[test]
fn over_long_fields_are_refused_with_file_line_and_limit() {
    let long = "x".repeat(1_000_000);
    let text = partner("p1", "Ente") + &partner("p2", &long);
    let data = folder("long", &[("records.jsonl", text.as_bytes())]);
    let o = check(&data);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("records.jsonl:2:1: record \"p2\", field \"name\": a value of 1000000 characters; expected at most 500 characters"),
        "{}",
        &err[..err.len().min(500)]
    );
    assert!(err.len() < 2000, "the value is not echoed");
}

#[test]
fn an_italian_excel_csv_is_read() {
    let csv = "\u{feff}id;kind;name;country;sectors;source;x_note\r\n\
               p1;partner;\"Ente; uno\";IT;oncology;excel;mine\r\n\
               ;;;;;;\r\n\
               p2;partner;Città della Scienza;IT;oncology;excel;\r\n";
    let data = folder("excel", &[("records.csv", csv.as_bytes())]);
    let o = check(&data);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "ok: 2 records (0 initiatives, 2 partners), 2 sectors\n"
    );
    assert_eq!(stderr(&o), "");
    // Tab-separated too.
    let tsv = "id\tkind\tname\tcountry\tsectors\tsource\np1\tpartner\tEnte, uno\tIT\toncology\tt\n";
    std::fs::write(data.join("records.csv"), tsv).unwrap();
    assert_eq!(check(&data).status.code(), Some(0));
}

#[test]
fn unknown_columns_list_the_known_ones() {
    let csv = "id,kind,name,country,sectors,source,colour\np1,partner,A,IT,oncology,t,red\n";
    let data = folder("columns", &[("records.csv", csv.as_bytes())]);
    let o = check(&data);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("records.csv:1:37: unknown column \"colour\"; expected one of id, kind, name, name_en, aliases, summary, city, country, region, sectors, partners, url, source, lang, or a column of your own named x_…"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn toml_records_are_read_by_the_same_field_list_as_json_and_csv() {
    // x_ keys are the site's own (ignored, as in JSON and CSV); an unknown key gets
    // the field list and a suggestion; a wrong type is located at the value.
    let toml = "[[record]]\nid = \"t1\"\nkind = \"partner\"\nname = \"T\"\ncountry = \"IT\"\nsectors = [\"oncology\"]\nsource = \"t\"\nx_editor = 42\n\n[[record]]\nid = \"t2\"\nkind = \"partner\"\nname = \"U\"\ncountry = [\"IT\", 3]\nsectors = \"oncology\"\nsource = \"t\"\nsummry = \"x\"\n";
    let data = folder("toml-fields", &[("a.toml", toml.as_bytes())]);
    let o = check(&data);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "error: a.toml:10:1: record \"t2\", field \"country\": missing required field; expected one or more ISO 3166-1 alpha-2 codes, like [\"IT\"]\n\
         error: a.toml:14:11: record \"t2\", field \"country\": found a TOML integer in the list; expected a string or an array of strings\n\
         error: a.toml:17:10: record \"t2\", unknown field \"summry\"; expected one of id, kind, name, name_en, aliases, summary, city, country, region, sectors, partners, url, source, lang, or a key of your own named x_…; did you mean \"summary\"?\n\
         3 problems found; nothing was written\n"
            .replace("a.toml", &data.join("a.toml").display().to_string()),
    );
}

#[test]
fn a_windows_1252_csv_is_located_with_a_hint() {
    let mut csv = b"id,kind,name,country,sectors,source\np1,partner,Citt".to_vec();
    csv.extend_from_slice(b"\xe0 della Scienza,IT,oncology,t\n");
    let data = folder("cp1252", &[("records.csv", &csv)]);
    let o = check(&data);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("records.csv:2:16: byte 0xE0 is not UTF-8; expected UTF-8 text; the file looks like Windows-1252 (\"à\"): save it as \"CSV UTF-8\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bom_is_accepted_in_every_format() {
    let toml = "\u{feff}[[record]]\nid = \"t1\"\nkind = \"partner\"\nname = \"T\"\ncountry = \"IT\"\nsectors = \"oncology\"\nsource = \"t\"\n";
    let data = folder(
        "bom",
        &[
            (
                "a.jsonl",
                format!("\u{feff}{}", partner("j1", "J")).as_bytes(),
            ),
            ("b.toml", toml.as_bytes()),
            (
                "c.csv",
                "\u{feff}id,kind,name,country,sectors,source\nc1,partner,C,IT,oncology,t\n"
                    .as_bytes(),
            ),
        ],
    );
    let o = check(&data);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "ok: 3 records (0 initiatives, 3 partners), 2 sectors\n"
    );
}

#[test]
fn control_characters_are_refused_with_their_position_and_escaped() {
    let text = partner("p1", "Ros\\u0000si") + &partner("p2", "Evil\\u001b[31m\\nName");
    let data = folder("control", &[("records.jsonl", text.as_bytes())]);
    let o = check(&data);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("records.jsonl:1:1: record \"p1\", field \"name\": control character U+0000 at character 4 of \"Ros\\0si\""),
        "{err}"
    );
    assert!(
        err.contains("record \"p2\", field \"name\": control character U+001B at character 5 of \"Evil\\u{1b}[31m\\nName\""),
        "{err}"
    );
    assert!(
        !err.contains('\u{1b}'),
        "no raw escape reaches the terminal"
    );
    // Every line is a message: nothing quoted broke a line.
    for line in err.lines() {
        assert!(
            line.starts_with("error: ") || line.ends_with("nothing was written"),
            "{line:?}"
        );
    }
}

#[test]
fn an_upper_case_https_url_passes_the_validator_as_it_passes_the_importer() {
    let rec = "{\"id\":\"p1\",\"kind\":\"partner\",\"name\":\"A\",\"country\":\"IT\",\"sectors\":\"oncology\",\"source\":\"t\",\"url\":\"HTTPS://EXAMPLE.ORG/A\"}\n";
    let data = folder("url", &[("records.jsonl", rec.as_bytes())]);
    let o = check(&data);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn at_most_50_problems_are_printed_then_a_count() {
    let text: String = (0..120)
        .map(|i| partner(&format!("p{i}"), "A").replace("\"IT\"", "\"XX\""))
        .collect();
    let data = folder("many", &[("records.jsonl", text.as_bytes())]);
    let o = check(&data);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().filter(|l| l.starts_with("error: ")).count(), 50);
    assert!(
        err.ends_with("… and 70 more not shown\n120 problems found; nothing was written\n"),
        "{err}"
    );
}
