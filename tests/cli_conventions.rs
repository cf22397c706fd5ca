//! Command-line conventions: per-command `--help`, `-q`, `-o` creating folders,
//! `-` for standard input/output, `--` ending options, `--json` with `version`,
//! and the documented exit statuses.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use std::io::{BufRead, Write};
use std::process::{Command, Stdio};

const VERSION: &str = env!("CARGO_PKG_VERSION");

#[test]
fn every_command_has_a_help_on_stdout_with_status_0() {
    for cmd in ["build", "check", "search", "serve", "import"] {
        for form in [vec![cmd, "--help"], vec![cmd, "-h"], vec!["help", cmd]] {
            let o = ricerca(&form);
            assert_eq!(o.status.code(), Some(0), "{form:?}: {}", stderr(&o));
            let text = stdout(&o);
            assert!(
                text.starts_with(&format!("USAGE:\n  ricerca {cmd} ")),
                "{form:?}: {text}"
            );
            assert!(text.contains("-h, --help"), "{form:?}: {text}");
            assert_eq!(stderr(&o), "", "{form:?}");
        }
    }
    // --help wins over missing arguments and is not read as a data path.
    let o = ricerca(["build", "data", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    let o = ricerca(["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("EXIT STATUS:"), "{}", stdout(&o));
}

#[test]
fn usage_errors_exit_2_with_the_commands_usage() {
    for (args, says) in [
        (vec!["build", "data", "-o", "x.bin", "--bogus"], "--bogus"),
        (
            vec!["build", "data", "-o"],
            "missing argument for option '-o'",
        ),
        (vec!["search", "idx"], "QUERY"),
        (vec!["check"], "at least one DATA"),
        (vec!["frobnicate"], "unknown command `frobnicate`"),
        (vec![], "no command"),
    ] {
        let o = ricerca(&args);
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = stderr(&o);
        assert!(err.starts_with("error: "), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(err.contains("USAGE:"), "{args:?}: {err}");
        assert_eq!(stdout(&o), "", "{args:?}");
    }
}

#[test]
fn version_is_the_crates() {
    for flag in ["--version", "-V"] {
        let o = ricerca([flag]);
        assert_eq!(o.status.code(), Some(0));
        assert!(
            stdout(&o).starts_with(&format!("ricerca {VERSION} (index format ")),
            "{}",
            stdout(&o)
        );
    }
}

#[test]
fn quiet_is_a_flag_and_output_folders_are_created() {
    let tmp = temp_dir("quiet");
    let out = tmp.join("a/b/c/index.bin");
    let data = data_dir();
    for quiet in ["-q", "--quiet"] {
        let o = ricerca([
            "build",
            quiet,
            data.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{quiet}: {}", stderr(&o));
        assert_eq!(stdout(&o), "", "{quiet}");
        assert_eq!(stderr(&o), "", "{quiet}");
        assert!(ricerca::Index::from_bytes(&std::fs::read(&out).unwrap()).is_ok());
        std::fs::remove_dir_all(tmp.join("a")).unwrap();
    }
    let o = ricerca(["check", "-q", data.to_str().unwrap()]);
    assert_eq!((o.status.code(), stdout(&o)), (Some(0), String::new()));
}

#[test]
fn json_outputs_carry_the_version() {
    let tmp = temp_dir("json");
    let out = tmp.join("index.bin");
    let o = ricerca([
        "build",
        data_dir().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["version"], VERSION);
    assert_eq!(v["records"], directory().records.len());
    let on_disk: u64 = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert_eq!(v["bytes"], on_disk);
    assert_eq!(v["files"], std::fs::read_dir(&tmp).unwrap().count());
    let r = cli_search(&out, "", &["--limit", "1"]);
    assert_eq!(r["version"], VERSION);
    assert_eq!(r["total"], directory().records.len());
}

#[test]
fn double_dash_ends_the_options() {
    // `--json` after `--` is the query, not the flag: text output, for the query "--json".
    let o = ricerca(["search", index_file().to_str().unwrap(), "--", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let first = stdout(&o).lines().next().unwrap_or("").to_string();
    assert!(first.ends_with(" for \"--json\""), "{first}");
    // Before `--`, the same word is the option.
    let o = ricerca(["search", index_file().to_str().unwrap(), "", "--json"]);
    assert!(serde_json::from_str::<serde_json::Value>(&stdout(&o)).is_ok());
}

#[test]
fn import_reads_standard_input_and_writes_standard_output() {
    let bench = root().join("../shared/corpora/bench-records.jsonl.gz");
    let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
        std::fs::File::open(&bench).unwrap(),
    ));
    let lines: Vec<String> = reader.lines().take(50).map(Result::unwrap).collect();
    let input = lines.join("\n") + "\n";
    let tmp = temp_dir("stdin");
    let file = tmp.join("in.jsonl");
    std::fs::write(&file, &input).unwrap();
    let from_file = tmp.join("deep/from-file.jsonl");
    let o = ricerca([
        "import",
        "flat",
        file.to_str().unwrap(),
        "-o",
        from_file.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    let mut child = Command::new(BIN)
        .args(["import", "flat", "-", "-o", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let want = std::fs::read(&from_file).unwrap();
    assert!(!want.is_empty());
    assert_eq!(o.stdout, want, "stdin -> stdout differs from file -> file");
    assert!(
        stderr(&o).starts_with("imported - -> - ("),
        "{}",
        stderr(&o)
    );
}
