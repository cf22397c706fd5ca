//! Bad input: every class of problem in tests/fixtures/bad/* is reported with
//! its place and a useful message, all problems of a run at once, exit status
//! 1, and no index is written (an existing one is left byte-identical).
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::data::geo::Geo;
use std::path::{Path, PathBuf};

/// What one bad build printed.
struct Failure {
    stderr: String,
    errors: Vec<String>,
}

/// Runs `ricerca check` and `ricerca build -o` on `vocab + bad/<class>`, once with
/// no existing output and once over a previous good index, asserting exit
/// status 1, no panic and no write each time.
fn fails(class: &str) -> Failure {
    let input = fixture(&format!("bad/{class}"));
    assert!(input.is_dir(), "missing fixture {}", input.display());
    let inputs = [fixture("vocab"), input];
    let tmp = temp_dir(&format!("bad-{class}"));

    // check
    let mut args: Vec<String> = vec!["check".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    let o = ricerca(&args);
    assert_no_panic(&o, class);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{class}: check exit status; stderr:\n{}",
        stderr(&o)
    );
    assert_eq!(stdout(&o), "", "{class}: check printed on stdout");
    let check_err = stderr(&o);

    // build with no previous index
    let out = tmp.join("fresh.idx");
    let o = build(&inputs, &out);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{class}: build exit status; stderr:\n{}",
        stderr(&o)
    );
    assert!(!out.exists(), "{class}: {} was written", out.display());
    assert_eq!(
        stderr(&o),
        check_err,
        "{class}: build and check report differently"
    );

    // build over a previous good index
    let prev = tmp.join("previous.idx");
    let good = build(&[fixture("vocab"), fixture("good")], &prev);
    assert_eq!(
        good.status.code(),
        Some(0),
        "the good fixture must build: {}",
        stderr(&good)
    );
    let before = std::fs::read(&prev).unwrap();
    let o = build(&inputs, &prev);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{class}: build over an index; stderr:\n{}",
        stderr(&o)
    );
    assert_eq!(
        std::fs::read(&prev).unwrap(),
        before,
        "{class}: the previous index was changed"
    );

    // Nothing else (temporary files) left behind.
    let mut left: Vec<String> = std::fs::read_dir(&tmp)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(
        left,
        ["previous.idx"],
        "{class}: files left in the output directory"
    );

    let errors: Vec<String> = check_err
        .lines()
        .filter(|l| l.starts_with("error: "))
        .map(str::to_string)
        .collect();
    let n = errors.len();
    let summary = format!(
        "{n} problem{} found; nothing was written",
        if n == 1 { "" } else { "s" }
    );
    assert_eq!(
        check_err.lines().last(),
        Some(summary.as_str()),
        "{class}: last line of\n{check_err}"
    );
    assert_eq!(
        check_err.lines().count(),
        n + 1,
        "{class}: only error lines and the summary expected:\n{check_err}"
    );
    for e in &errors {
        assert_located(e);
    }
    Failure {
        stderr: check_err,
        errors,
    }
}

fn build(inputs: &[PathBuf], out: &Path) -> std::process::Output {
    let mut args: Vec<String> = vec!["build".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend(["-o".into(), out.display().to_string()]);
    let o = ricerca(&args);
    assert_no_panic(&o, "build");
    o
}

/// Every error line starts with `error: FILE:LINE:COL: ` (1-based numbers).
fn assert_located(line: &str) {
    let rest = line.strip_prefix("error: ").unwrap();
    let path_end = rest
        .find(".toml:")
        .map(|i| i + 5)
        .or_else(|| rest.find(".jsonl:").map(|i| i + 6));
    let path_end = path_end.unwrap_or_else(|| panic!("no file in {line:?}"));
    let mut parts = rest[path_end + 1..].splitn(3, ':');
    let l: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no line number in {line:?}"));
    let c: usize = parts
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| panic!("no column in {line:?}"));
    assert!(l >= 1 && c >= 1, "{line:?}");
    assert!(
        parts
            .next()
            .is_some_and(|m| m.starts_with(' ') && m.len() > 1),
        "no message in {line:?}"
    );
}

/// `path:line:col` of the first occurrence of `needle` in a fixture file (1-based, col in chars).
fn place(file: &Path, needle: &str) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let off = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {}", file.display()));
    let line = text[..off].matches('\n').count() + 1;
    let line_start = text[..off].rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..off].chars().count() + 1;
    format!("{}:{line}:{col}", file.display())
}

fn one_error(f: &Failure) -> &str {
    assert_eq!(
        f.errors.len(),
        1,
        "expected exactly one problem:\n{}",
        f.stderr
    );
    &f.errors[0]
}

#[test]
fn malformed_toml_is_reported_with_file_line_and_column() {
    let f = fails("toml-syntax");
    let e = one_error(&f);
    let file = fixture("bad/toml-syntax/records.toml");
    // The unterminated string is on line 4.
    let prefix = format!("error: {}:4:", file.display());
    assert!(e.starts_with(&prefix), "{e:?} should start with {prefix:?}");
    assert!(e.contains("invalid TOML"), "{e}");
}

#[test]
fn missing_required_field_names_the_record_and_the_field() {
    let f = fails("missing-field");
    let e = one_error(&f);
    let file = fixture("bad/missing-field/records.toml");
    assert!(
        e.starts_with(&format!("error: {}: ", place(&file, "[[record]]"))),
        "{e}"
    );
    assert!(e.contains("record \"nameless-lab\""), "{e}");
    assert!(e.contains("field \"name\""), "{e}");
    assert!(e.contains("missing required field"), "{e}");
}

#[test]
fn unknown_country_suggests_the_code_for_a_name_and_near_codes_for_a_typo() {
    let f = fails("unknown-country");
    assert_eq!(f.errors.len(), 2, "{}", f.stderr);
    let file = fixture("bad/unknown-country/records.toml");

    let italy = &f.errors[0];
    assert!(
        italy.starts_with(&format!("error: {}: ", place(&file, "[\"Italy\"]"))),
        "{italy}"
    );
    assert!(italy.contains("record \"named-country-lab\""), "{italy}");
    assert!(italy.contains("field \"country\""), "{italy}");
    assert!(italy.contains("unknown country code \"Italy\""), "{italy}");
    assert!(italy.ends_with("did you mean \"IT\"?"), "{italy}");

    let rx = &f.errors[1];
    assert!(
        rx.starts_with(&format!("error: {}: ", place(&file, "[\"RX\"]"))),
        "{rx}"
    );
    assert!(rx.contains("record \"rx-lab\""), "{rx}");
    assert!(rx.contains("unknown country code \"RX\""), "{rx}");
    let hint = rx
        .split("did you mean ")
        .nth(1)
        .unwrap_or_else(|| panic!("no suggestion in {rx}"));
    let suggested: Vec<&str> = hint
        .trim_end_matches('?')
        .split(" or ")
        .map(|s| s.trim_matches('"'))
        .collect();
    assert!(!suggested.is_empty() && suggested.len() <= 3, "{rx}");
    let geo = Geo::builtin();
    for code in suggested {
        assert!(
            geo.is_country(code),
            "suggested {code:?} is not a country ({rx})"
        );
        let diff = code
            .chars()
            .zip("RX".chars())
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(
            diff, 1,
            "suggested {code:?} is not one letter away from RX ({rx})"
        );
    }
}

#[test]
fn unknown_region_name_suggests_its_iso_code() {
    let f = fails("unknown-region");
    let e = one_error(&f);
    let file = fixture("bad/unknown-region/records.toml");
    assert!(
        e.starts_with(&format!("error: {}: ", place(&file, "[\"Lombardia\"]"))),
        "{e}"
    );
    assert!(e.contains("record \"lombard-lab\""), "{e}");
    assert!(e.contains("field \"region\""), "{e}");
    assert!(e.contains("unknown region code \"Lombardia\""), "{e}");
    assert!(e.ends_with("did you mean \"IT-25\"?"), "{e}");
}

#[test]
fn unknown_sector_suggests_the_nearest_sector_id() {
    let f = fails("unknown-sector");
    let e = one_error(&f);
    assert!(e.contains("record \"typo-sector-lab\""), "{e}");
    assert!(e.contains("field \"sectors\""), "{e}");
    assert!(e.contains("unknown sector \"oncologgy\""), "{e}");
    assert!(e.ends_with("did you mean \"oncology\"?"), "{e}");
}

#[test]
fn duplicate_id_names_both_places() {
    let f = fails("duplicate-id");
    let e = one_error(&f);
    let first = place(&fixture("bad/duplicate-id/a.toml"), "\"twin-lab\"");
    let second = place(&fixture("bad/duplicate-id/b.toml"), "\"twin-lab\"");
    assert!(
        e.starts_with(&format!("error: {second}: ")),
        "{e} should be located at {second}"
    );
    assert!(
        e.contains(&first),
        "{e} should name the first place {first}"
    );
    assert!(e.contains("duplicate id \"twin-lab\""), "{e}");
}

#[test]
fn partner_id_that_no_record_has_is_reported() {
    let f = fails("unknown-partner");
    let e = one_error(&f);
    let file = fixture("bad/unknown-partner/records.toml");
    assert!(
        e.starts_with(&format!(
            "error: {}: ",
            place(&file, "[\"beta-lab\", \"gamma-lab\"]")
        )),
        "{e}"
    );
    assert!(e.contains("record \"lonely-initiative\""), "{e}");
    assert!(e.contains("field \"partners\""), "{e}");
    assert!(e.contains("no record has id \"gamma-lab\""), "{e}");
}

#[test]
fn region_outside_the_records_countries_is_reported() {
    let f = fails("region-not-in-country");
    let e = one_error(&f);
    assert!(e.contains("record \"french-lab\""), "{e}");
    assert!(e.contains("field \"region\""), "{e}");
    assert!(
        e.contains("region \"IT-25\" is not in the record's countries [\"FR\"]"),
        "{e}"
    );
}

#[test]
fn javascript_url_is_refused() {
    let f = fails("javascript-url");
    let e = one_error(&f);
    let file = fixture("bad/javascript-url/records.toml");
    assert!(
        e.starts_with(&format!("error: {}: ", place(&file, "\"javascript:"))),
        "{e}"
    );
    assert!(e.contains("record \"script-lab\""), "{e}");
    assert!(e.contains("field \"url\""), "{e}");
    assert!(
        e.contains("\"javascript:alert(1)\" is not an http(s) address"),
        "{e}"
    );
}

#[test]
fn a_partner_listing_partners_is_refused() {
    let f = fails("partner-with-partners");
    let e = one_error(&f);
    assert!(e.contains("record \"greedy-lab\""), "{e}");
    assert!(e.contains("field \"partners\""), "{e}");
    assert!(e.contains("a partner cannot list partners"), "{e}");
}

#[test]
fn bad_jsonl_line_is_reported_with_its_line_number() {
    let f = fails("jsonl-line");
    let e = one_error(&f);
    let prefix = format!(
        "error: {}:2:",
        fixture("bad/jsonl-line/records.jsonl").display()
    );
    assert!(e.starts_with(&prefix), "{e:?} should start with {prefix:?}");
    assert!(e.contains("invalid JSON"), "{e}");
}

#[test]
fn every_problem_of_a_file_is_reported_in_one_run() {
    let f = fails("many-problems");
    let file = fixture("bad/many-problems/records.toml");
    assert_eq!(f.errors.len(), 4, "{}", f.stderr);
    // Sorted by place, one per record, each naming its record.
    let want = [
        ("problem-one", "unknown country code \"Italy\""),
        ("problem-two", "unknown sector \"oncologgy\""),
        (
            "problem-three",
            "\"javascript:alert(1)\" is not an http(s) address",
        ),
        ("problem-four", "field \"name\": missing required field"),
    ];
    for (e, (id, msg)) in f.errors.iter().zip(want) {
        assert!(e.starts_with(&format!("error: {}:", file.display())), "{e}");
        assert!(
            e.contains(&format!("record \"{id}\"")),
            "{e} should name {id}"
        );
        assert!(e.contains(msg), "{e} should say {msg}");
    }
    assert!(
        f.stderr
            .ends_with("4 problems found; nothing was written\n"),
        "{}",
        f.stderr
    );
}

#[test]
fn problems_in_several_files_of_different_kinds_are_all_reported_in_one_run() {
    // a-syntax.toml: TOML syntax error; b-values.toml: unknown country "Italy";
    // c-lines.jsonl: line 2 is not JSON. One run must report all three.
    let f = fails("mixed-files");
    let dir = fixture("bad/mixed-files");
    let has = |file: &str, what: &str| {
        f.errors.iter().any(|e| {
            e.starts_with(&format!("error: {}:", dir.join(file).display())) && e.contains(what)
        })
    };
    assert!(
        has("a-syntax.toml", "invalid TOML"),
        "syntax error not reported:\n{}",
        f.stderr
    );
    assert!(
        has("c-lines.jsonl", "invalid JSON"),
        "JSONL error not reported:\n{}",
        f.stderr
    );
    assert!(
        has("b-values.toml", "unknown country code \"Italy\""),
        "the unknown country in b-values.toml is not reported when another file has a syntax error:\n{}",
        f.stderr
    );
    assert_eq!(f.errors.len(), 3, "{}", f.stderr);
}

#[test]
fn the_library_reports_structured_problems_with_record_field_and_hint() {
    let err = ricerca::data::load(&[fixture("vocab"), fixture("bad/many-problems")]).unwrap_err();
    let problems = &err.0;
    assert_eq!(problems.len(), 4);
    let one = &problems[0];
    assert_eq!(one.record.as_deref(), Some("problem-one"));
    assert_eq!(one.field.as_deref(), Some("country"));
    assert_eq!(one.hint.as_deref(), Some("did you mean \"IT\"?"));
    assert_eq!(
        one.at.file,
        fixture("bad/many-problems/records.toml")
            .display()
            .to_string()
    );
    let two = &problems[1];
    assert_eq!(
        (two.record.as_deref(), two.field.as_deref()),
        (Some("problem-two"), Some("sectors"))
    );
    assert_eq!(two.hint.as_deref(), Some("did you mean \"oncology\"?"));
    assert!(
        problems.windows(2).all(|w| w[0].at <= w[1].at),
        "problems not sorted by place"
    );
    assert!(err
        .to_string()
        .ends_with("4 problems found; nothing was written"));
}

#[test]
fn a_problem_written_to_a_temp_file_is_reported_and_nothing_written() {
    // Not a fixture: a temp file the test writes, with a record whose kind is misspelt.
    let tmp = temp_dir("bad-temp-file");
    let file = tmp.join("records.toml");
    std::fs::write(
        &file,
        "[[record]]\nid = \"kind-typo\"\nkind = \"partnr\"\nname = \"X\"\ncountry = [\"IT\"]\nsectors = [\"biotech\"]\nsource = [\"t\"]\n",
    )
    .unwrap();
    let out = tmp.join("out.idx");
    let o = build(&[fixture("vocab"), file.clone()], &out);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    let err = stderr(&o);
    assert!(
        err.contains(&format!(
            "error: {}:3:8: record \"kind-typo\", field \"kind\": unknown kind \"partnr\"",
            file.display()
        )),
        "{err}"
    );
    assert!(err.contains("did you mean \"partner\"?"), "{err}");
}

#[test]
fn glossary_problems_are_located_at_the_word_or_entry() {
    let f = fails("glossary");
    let file = fixture("bad/glossary/glossary.toml");
    assert_eq!(f.errors.len(), 3, "{}", f.stderr);
    let phrase = place(&file, "\"children's hospital\"");
    assert!(
        f.errors[0].starts_with(&format!("error: {phrase}: ")),
        "{}",
        f.errors[0]
    );
    assert!(
        f.errors[0].contains("\"children's hospital\" is not one word"),
        "{}",
        f.errors[0]
    );
    assert!(f.errors[0].contains("one word of letters or digits"));
    let twice = place(&file, "\"Clinic\"");
    let first = place(&file, "\"clinic\"");
    assert!(
        f.errors[1].starts_with(&format!("error: {twice}: ")),
        "{}",
        f.errors[1]
    );
    assert!(
        f.errors[1].contains(&format!("already in the glossary entry at {first}")),
        "{}",
        f.errors[1]
    );
    let lone = place(&file, "[[glossary]]\nwords = [\"solo\"]");
    assert!(
        f.errors[2].starts_with(&format!("error: {lone}: ")),
        "{}",
        f.errors[2]
    );
    assert!(
        f.errors[2].contains("a glossary entry needs at least two words"),
        "{}",
        f.errors[2]
    );
}
