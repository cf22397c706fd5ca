//! `ricerca build` and `ricerca check` on the real data: the summary line,
//! the exit status, and byte-identical output whatever the input order.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::model::Kind;

/// Parses `built X: N records, T terms, B bytes in M ms`.
fn parse_summary(line: &str, out: &str) -> (usize, usize, usize) {
    let prefix = format!("built {out}: ");
    let rest = line
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("summary {line:?} does not start with {prefix:?}"));
    let parts: Vec<&str> = rest.split(' ').collect();
    assert_eq!(parts.len(), 9, "summary {line:?}");
    assert_eq!(
        (parts[1], parts[3], parts[5], parts[6], parts[8]),
        ("records,", "terms,", "bytes", "in", "ms"),
        "summary {line:?}"
    );
    let n = |s: &str| {
        s.parse::<usize>()
            .unwrap_or_else(|_| panic!("{s:?} in {line:?} is not a number"))
    };
    let _ms: f64 = parts[7]
        .parse()
        .unwrap_or_else(|_| panic!("time {:?} in {line:?}", parts[7]));
    (n(parts[0]), n(parts[2]), n(parts[4]))
}

/// Runs `ricerca ARGS --shards never`: one file, the layout of `index_bytes()`
/// (the sharded layouts are tested in tests/shards.rs).
fn build(args: &[String]) -> (std::process::Output, Vec<u8>) {
    let mut args = args.to_vec();
    args.extend(["--shards".to_string(), "never".to_string()]);
    let o = ricerca(&args);
    assert_no_panic(&o, "build");
    let out = args.iter().skip_while(|a| *a != "-o").nth(1).unwrap();
    let bytes = std::fs::read(out).unwrap_or_default();
    (o, bytes)
}

#[test]
fn build_prints_one_summary_line_with_record_term_and_byte_counts_and_exits_0() {
    let tmp = temp_dir("build-summary");
    let out = tmp.join("directory.idx");
    let out_s = out.display().to_string();
    let (o, bytes) = build(&[
        "build".into(),
        data_dir().display().to_string(),
        "-o".into(),
        out_s.clone(),
    ]);
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "exactly one line on stdout, got {text:?}");
    let (records, terms, size) = parse_summary(lines[0], &out_s);

    let index = ricerca::Index::from_bytes(&bytes).expect("the written index loads");
    assert_eq!(records, directory().records.len());
    assert_eq!(records, index.len());
    assert_eq!(terms, index.term_count());
    assert_eq!(size, bytes.len());
    assert_eq!(size as u64, std::fs::metadata(&out).unwrap().len());
    // The CLI writes the very bytes the library builds.
    assert_eq!(
        bytes,
        index_bytes(),
        "CLI index differs from ricerca::builder::build_index"
    );
    // No temporary file left beside the index.
    let left: Vec<_> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("directory.idx")]);
}

#[test]
fn two_builds_of_the_same_data_are_byte_identical_whatever_the_input_order() {
    let tmp = temp_dir("build-determinism");
    let data = data_dir();
    let files: Vec<String> = [
        "initiatives.toml",
        "partners.toml",
        "sectors.toml",
        "glossary.toml",
    ]
    .iter()
    .map(|f| data.join(f).display().to_string())
    .collect();
    let mut reversed = files.clone();
    reversed.reverse();
    let variants: Vec<(&str, Vec<String>)> = vec![
        ("dir-1", vec![data.display().to_string()]),
        ("dir-2", vec![data.display().to_string()]),
        ("files", files.clone()),
        ("files-reversed", reversed),
        (
            "files-rotated",
            vec![
                files[1].clone(),
                files[3].clone(),
                files[2].clone(),
                files[0].clone(),
            ],
        ),
    ];
    let mut outputs = Vec::new();
    for (name, inputs) in &variants {
        let out = tmp.join(format!("{name}.idx")).display().to_string();
        let mut args = vec!["build".to_string()];
        args.extend(inputs.iter().cloned());
        args.extend(["-o".to_string(), out]);
        let (o, bytes) = build(&args);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(!bytes.is_empty(), "{name}: no index written");
        outputs.push((name, bytes));
    }
    for (name, bytes) in &outputs[1..] {
        assert!(
            bytes == &outputs[0].1,
            "build {name} differs from build {} ({} vs {} bytes)",
            outputs[0].0,
            bytes.len(),
            outputs[0].1.len()
        );
    }
}

#[test]
fn check_says_ok_with_the_record_and_sector_counts_of_the_data() {
    let o = ricerca(["check", data_dir().to_str().unwrap()]);
    assert_no_panic(&o, "check");
    assert_eq!(o.status.code(), Some(0), "stderr: {}", stderr(&o));
    let dir = directory();
    let initiatives = dir
        .records
        .iter()
        .filter(|r| r.kind == Kind::Initiative)
        .count();
    let expected = format!(
        "ok: {} records ({initiatives} initiatives, {} partners), {} sectors\n",
        dir.records.len(),
        dir.records.len() - initiatives,
        dir.sectors.len()
    );
    assert_eq!(stdout(&o), expected);
    assert_eq!(
        dir.records.len(),
        66,
        "data/ is documented to hold 66 records"
    );
}

#[test]
fn check_writes_no_file() {
    let tmp = temp_dir("check-writes-nothing");
    let o = std::process::Command::new(BIN)
        .current_dir(&tmp)
        .args(["check", data_dir().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
}

#[test]
fn build_without_output_is_a_usage_error_with_status_2() {
    let o = ricerca(["build", data_dir().to_str().unwrap()]);
    assert_no_panic(&o, "build without -o");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o"), "{}", stderr(&o));
}

#[test]
fn gzip_compressed_data_files_build_the_same_index() {
    let tmp = temp_dir("build-gz");
    let data = tmp.join("data");
    std::fs::create_dir_all(&data).unwrap();
    for f in [
        "initiatives.toml",
        "partners.toml",
        "sectors.toml",
        "glossary.toml",
    ] {
        let plain = std::fs::read(data_dir().join(f)).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, &plain).unwrap();
        std::fs::write(data.join(format!("{f}.gz")), gz.finish().unwrap()).unwrap();
    }
    let out = tmp.join("gz.idx");
    let (o, bytes) = build(&[
        "build".into(),
        data.display().to_string(),
        "-o".into(),
        out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        bytes == index_bytes(),
        "index from .toml.gz differs from the one from .toml"
    );
}

#[test]
fn the_same_records_as_json_lines_build_the_same_index() {
    use serde_json::{json, Value};
    let dir = directory();
    let mut lines: Vec<String> = Vec::new();
    for s in &dir.sectors {
        lines.push(json!({"type": "sector", "id": s.id, "it": s.label_it, "en": s.label_en, "synonyms": s.synonyms}).to_string());
    }
    // Blank lines are skipped.
    lines.push(String::new());
    for r in dir.records.iter().rev() {
        let mut o = json!({
            "id": r.id, "kind": r.kind.as_str(), "name": r.name, "country": r.countries,
            "sectors": r.sectors, "source": r.sources,
        });
        let m = o.as_object_mut().unwrap();
        let mut opt = |k: &str, v: &Option<String>| {
            if let Some(v) = v {
                m.insert(k.into(), Value::String(v.clone()));
            }
        };
        opt("name_en", &r.name_en);
        opt("summary", &r.summary);
        opt("city", &r.city);
        opt("url", &r.url);
        for (k, v) in [
            ("aliases", &r.aliases),
            ("region", &r.regions),
            ("partners", &r.partners),
        ] {
            if !v.is_empty() {
                m.insert(k.into(), json!(v));
            }
        }
        lines.push(o.to_string());
    }
    let tmp = temp_dir("build-jsonl");
    let file = tmp.join("directory.jsonl");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let out = tmp.join("jsonl.idx");
    // The glossary is a TOML file whatever the records' format.
    let (o, bytes) = build(&[
        "build".into(),
        file.display().to_string(),
        data_dir().join("glossary.toml").display().to_string(),
        "-o".into(),
        out.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        bytes == index_bytes(),
        "index from JSON Lines differs from the one from TOML"
    );
}

#[test]
fn build_where_no_folder_can_be_made_fails_with_status_1_and_writes_nothing() {
    // Missing folders are created (tests/cli_conventions.rs); under a plain file they cannot be.
    let tmp = temp_dir("build-no-folder");
    std::fs::write(tmp.join("file"), "not a folder").unwrap();
    let out = tmp.join("file").join("such").join("folder").join("x.idx");
    let o = ricerca([
        "build",
        data_dir().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_no_panic(&o, "build under a file");
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with(&format!(
            "error: cannot create the folder {}: ",
            tmp.join("file/such/folder").display()
        )),
        "{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 1);
}
