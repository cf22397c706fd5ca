//! The deploy-time importers (`ricerca import ror|flat`) and CSV data files,
//! checked against the real shared corpora: counts computed independently from
//! the source JSON, known records, outputs that build (alone and with data/),
//! and bad input reported with its place, exit status 1 and nothing written.
#![cfg(not(target_arch = "wasm32"))] // native tests; tests/wasm.rs runs in the browser

mod common;
use common::*;
use ricerca::data::geo::Geo;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

const ROR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/ror-v2.json.gz"
);
const BENCH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/corpora/bench-records.jsonl.gz"
);

fn gunzip(path: &str) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(path).unwrap())
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// The real ROR dump, parsed independently with serde_json (once).
fn ror_orgs() -> &'static Vec<Value> {
    static ORGS: OnceLock<Vec<Value>> = OnceLock::new();
    ORGS.get_or_init(|| serde_json::from_slice(&gunzip(ROR)).expect("the ROR dump is a JSON array"))
}

/// What one `ricerca import` run produced.
struct Run {
    out: Output,
    file: PathBuf,
    /// Record lines of the output, by id.
    records: BTreeMap<String, Value>,
    /// Sector lines of the output.
    sectors: Vec<Value>,
}

impl Run {
    fn stdout(&self) -> String {
        stdout(&self.out)
    }

    /// The number at the start of the summary line `label` (`read:`, `written:`…).
    fn count(&self, label: &str) -> usize {
        let s = self.stdout();
        let line = s
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in\n{s}"));
        line[label.len()..]
            .split_whitespace()
            .next()
            .unwrap()
            .parse()
            .unwrap()
    }

    /// The count given for `reason` on the summary line `label` (`skipped:`, `dropped:`).
    fn reason(&self, label: &str, reason: &str) -> usize {
        let s = self.stdout();
        let line = s.lines().find(|l| l.starts_with(label)).unwrap();
        let Some((_, list)) = line.split_once('(') else {
            return 0;
        };
        list.trim_end_matches(')')
            .split(", ")
            .find_map(|part| {
                part.split_once(' ')
                    .filter(|(_, r)| *r == reason)
                    .map(|(n, _)| n.parse().unwrap())
            })
            .unwrap_or(0)
    }
}

/// Runs `ricerca import ARGS -o DIR/NAME` and reads the output.
fn import(args: &[&str], dir: &Path, name: &str) -> Run {
    let file = dir.join(name);
    let mut all: Vec<String> = vec!["import".into()];
    all.extend(args.iter().map(|s| s.to_string()));
    all.push("-o".into());
    all.push(file.display().to_string());
    let out = ricerca(&all);
    assert_no_panic(&out, &format!("import {args:?}"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "import {args:?} failed:\n{}",
        stderr(&out)
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let mut records = BTreeMap::new();
    let mut sectors = Vec::new();
    for line in text.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        if v["type"] == "sector" {
            sectors.push(v);
        } else {
            assert!(
                records
                    .insert(v["id"].as_str().unwrap().to_string(), v)
                    .is_none(),
                "duplicate id in {name}"
            );
        }
    }
    Run {
        out,
        file,
        records,
        sectors,
    }
}

/// Runs an import that must fail: exit status 1, located errors, no output
/// written (and an existing output left as it was). Returns the error lines.
fn import_fails(args: &[&str], what: &str) -> Vec<String> {
    let dir = temp_dir("import-fails");
    for existing in [false, true] {
        let file = dir.join("out.jsonl");
        if existing {
            std::fs::write(&file, "previous\n").unwrap();
        }
        let mut all: Vec<String> = vec!["import".into()];
        all.extend(args.iter().map(|s| s.to_string()));
        all.extend(["-o".to_string(), file.display().to_string()]);
        let out = ricerca(&all);
        assert_no_panic(&out, what);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{what}: exit status; stderr:\n{}",
            stderr(&out)
        );
        assert_eq!(stdout(&out), "", "{what}: printed on stdout");
        if existing {
            assert_eq!(
                std::fs::read_to_string(&file).unwrap(),
                "previous\n",
                "{what}: the existing output was changed"
            );
        } else {
            assert!(!file.exists(), "{what}: an output was written");
        }
        let left: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            left.len(),
            usize::from(existing),
            "{what}: files left behind: {left:?}"
        );
        if existing {
            let err = stderr(&out);
            assert!(
                err.trim_end().ends_with("nothing was written"),
                "{what}: last line of\n{err}"
            );
            return err
                .lines()
                .filter(|l| l.starts_with("error: "))
                .map(str::to_string)
                .collect();
        }
    }
    unreachable!()
}

/// `ricerca build PATHS -o DIR/index.bin` must succeed.
fn builds(paths: &[&Path], what: &str) -> PathBuf {
    let idx = temp_dir("import-build").join("index.bin");
    let mut args: Vec<String> = vec!["build".into(), "--quiet".into()];
    args.extend(paths.iter().map(|p| p.display().to_string()));
    args.extend(["-o".to_string(), idx.display().to_string()]);
    let o = ricerca(&args);
    assert_no_panic(&o, what);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{what} does not build:\n{}",
        stderr(&o)
    );
    idx
}

// ---------------------------------------------------------------- ROR, whole file

/// The whole ROR dump imported once (reused by the tests below).
fn ror_run() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| import(&["ror", ROR], &temp_dir("ror-full"), "ror-partners.jsonl"))
}

/// ROR status and the ISO countries of an organisation's locations, read from the JSON.
fn status_and_countries(org: &Value, geo: &Geo) -> (String, Vec<String>) {
    let status = org["status"].as_str().unwrap().to_string();
    let mut countries = Vec::new();
    for loc in org["locations"].as_array().unwrap() {
        let cc = loc["geonames_details"]["country_code"]
            .as_str()
            .unwrap_or("");
        if geo.is_country(cc) && !countries.contains(&cc.to_string()) {
            countries.push(cc.to_string());
        }
    }
    (status, countries)
}

#[test]
fn ror_counts_agree_with_the_source() {
    let run = ror_run();
    let geo = Geo::builtin();
    let orgs = ror_orgs();
    let mut by_status: BTreeMap<String, usize> = BTreeMap::new();
    let mut no_country = 0;
    let mut expected_ids = BTreeSet::new();
    let mut direct_regions = 0;
    for org in orgs {
        let (status, countries) = status_and_countries(org, &geo);
        if status != "active" {
            *by_status.entry(status).or_default() += 1;
            continue;
        }
        if countries.is_empty() {
            no_country += 1;
            continue;
        }
        let id = org["id"].as_str().unwrap().rsplit('/').next().unwrap();
        expected_ids.insert(format!("ror-{id}"));
        for loc in org["locations"].as_array().unwrap() {
            let g = &loc["geonames_details"];
            let (Some(cc), Some(code)) = (
                g["country_code"].as_str(),
                g["country_subdivision_code"].as_str(),
            ) else {
                continue;
            };
            if geo.is_country(cc) && geo.is_subdivision(&format!("{cc}-{code}")) {
                direct_regions += 1;
            }
        }
    }
    assert_eq!(orgs.len(), 35_990);
    assert_eq!(run.count("read:"), orgs.len());
    assert_eq!(run.count("written:"), expected_ids.len());
    assert_eq!(
        run.records.keys().cloned().collect::<BTreeSet<_>>(),
        expected_ids
    );
    assert_eq!(run.reason("skipped:", "inactive"), by_status["inactive"]);
    assert_eq!(run.reason("skipped:", "withdrawn"), by_status["withdrawn"]);
    assert_eq!(run.reason("skipped:", "no valid country"), no_country);
    assert_eq!(run.count("skipped:"), orgs.len() - expected_ids.len());
    // Regions: every valid code is kept; names only fill in for codes that are not ISO.
    let s = run.stdout();
    let line = s.lines().find(|l| l.starts_with("regions:")).unwrap();
    let by_name: usize = line
        .split('(')
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(run.count("regions:") - by_name, direct_regions, "{line}");
    assert!(
        run.reason("dropped:", "regions not mapped") > 0,
        "unmapped regions are counted:\n{s}"
    );
    assert!(s.contains("unmapped regions ("), "{s}");

    // Every record is well formed in our terms; sector lines only for sectors used.
    let mut used = BTreeSet::new();
    for (id, r) in &run.records {
        assert_eq!(r["kind"], "partner", "{id}");
        for c in r["country"].as_array().unwrap() {
            assert!(geo.is_country(c.as_str().unwrap()), "{id}: {c}");
        }
        for code in r["region"].as_array().into_iter().flatten() {
            let code = code.as_str().unwrap();
            assert!(geo.is_subdivision(code), "{id}: {code}");
            assert!(r["country"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| code.starts_with(&format!("{}-", c.as_str().unwrap()))));
        }
        if let Some(url) = r["url"].as_str() {
            assert!(
                url.starts_with("http://") || url.starts_with("https://"),
                "{id}: {url}"
            );
        }
        assert_eq!(
            r["source"][0].as_str().unwrap(),
            format!("https://ror.org/{}", &id[4..])
        );
        used.extend(
            r["sectors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string()),
        );
    }
    let defined: BTreeSet<String> = run
        .sectors
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(defined, used);
    assert!(
        defined.iter().all(|id| id.starts_with("org-")),
        "{defined:?}"
    );
}

#[test]
fn ror_known_record() {
    let run = ror_run();
    // https://ror.org/01vj6ck58 as the dump gives it: display name in Italian, an
    // English label, four aliases and one acronym; Piedmont (code 21), Turin.
    let r = &run.records["ror-01vj6ck58"];
    assert_eq!(
        r["name"],
        "Istituto Nazionale di Fisica Nucleare, Sezione di Torino"
    );
    assert_eq!(
        r["name_en"],
        "National Institute for Nuclear Physics, Turin Section"
    );
    let aliases: BTreeSet<&str> = r["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        aliases,
        BTreeSet::from([
            "INFN Sezione di Torino",
            "INFN Torino",
            "INFN Turin",
            "INFN Turin Section",
            "INFN-TO"
        ])
    );
    assert_eq!(r["country"], serde_json::json!(["IT"]));
    assert_eq!(r["region"], serde_json::json!(["IT-21"]));
    assert_eq!(r["city"], "Turin");
    assert_eq!(r["url"], "https://www.to.infn.it");
    assert_eq!(r["sectors"], serde_json::json!(["org-facility"]));
    assert_eq!(
        r["source"],
        serde_json::json!(["https://ror.org/01vj6ck58"])
    );

    // An acronym and an alias in another language, a Lombardy code given as "25".
    let org = ror_orgs()
        .iter()
        .find(|o| o["id"] == "https://ror.org/05gs8fs28")
        .unwrap();
    assert_eq!(
        org["locations"][0]["geonames_details"]["country_subdivision_code"],
        "25"
    );
    let r = &run.records["ror-05gs8fs28"];
    assert_eq!(r["name"], "Fondazione Ticino Olona");
    assert!(r.get("name_en").is_none(), "no English label in the dump");
    let aliases: BTreeSet<&str> = r["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(
        aliases,
        BTreeSet::from([
            "FCTO",
            "Fondazione Comunitaria del Ticino Olona",
            "Fondazione Ticino Olona Onlus",
            "Ticino Olona Foundation"
        ])
    );
    assert_eq!(r["region"], serde_json::json!(["IT-25"]));
    assert_eq!(
        r["sectors"],
        serde_json::json!(["org-funder", "org-nonprofit"])
    );

    // A subdivision code that is not ISO ("TS") mapped by its name (Telangana → IN-TG).
    let telangana = ror_orgs()
        .iter()
        .find(|o| {
            o["status"] == "active"
                && o["locations"][0]["geonames_details"]["country_subdivision_code"] == "TS"
                && o["locations"][0]["geonames_details"]["country_code"] == "IN"
        })
        .expect("an active Telangana organisation");
    let id = format!(
        "ror-{}",
        telangana["id"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
    );
    assert_eq!(run.records[&id]["region"], serde_json::json!(["IN-TG"]));
}

#[test]
fn ror_output_builds_with_data() {
    let run = ror_run();
    let idx = builds(&[&data_dir(), &run.file], "data/ + the ROR import");
    let v = cli_search(&idx, "INFN Torino", &["--region", "IT-21"]);
    assert_eq!(json_ids(&v)[0], "ror-01vj6ck58");
    // The curated records are still there, beside the imported ones.
    let v = cli_search(&idx, "Rosatom", &[]);
    assert!(json_ids(&v).contains(&"rosatom".to_string()));
}

// ---------------------------------------------------------------- ROR, slices and options

/// Every inactive or withdrawn organisation of the dump and the first 300 active
/// ones, written as a plain (not gzipped) `.json` array.
fn ror_subset() -> &'static (PathBuf, Vec<Value>) {
    static SUBSET: OnceLock<(PathBuf, Vec<Value>)> = OnceLock::new();
    SUBSET.get_or_init(|| {
        let mut active = 0;
        let orgs: Vec<Value> = ror_orgs()
            .iter()
            .filter(|o| {
                o["status"] != "active" || {
                    active += 1;
                    active <= 300
                }
            })
            .cloned()
            .collect();
        let path = temp_dir("ror-subset").join("subset.json");
        std::fs::write(&path, serde_json::to_string_pretty(&orgs).unwrap()).unwrap();
        (path, orgs)
    })
}

#[test]
fn ror_inactive_skipped_unless_asked() {
    let (path, orgs) = ror_subset();
    let geo = Geo::builtin();
    let dir = temp_dir("ror-inactive");
    let path = path.to_str().unwrap();
    let default = import(&["ror", path], &dir, "default.jsonl");
    let all = import(&["ror", path, "--include-inactive"], &dir, "all.jsonl");
    let mut expected_default = 0;
    let mut expected_all = 0;
    let mut inactive_ids = BTreeSet::new();
    for org in orgs {
        let (status, countries) = status_and_countries(org, &geo);
        if countries.is_empty() {
            continue;
        }
        expected_all += 1;
        if status == "active" {
            expected_default += 1;
        } else {
            inactive_ids.insert(format!(
                "ror-{}",
                org["id"].as_str().unwrap().rsplit('/').next().unwrap()
            ));
        }
    }
    assert_eq!(default.records.len(), expected_default);
    assert_eq!(all.records.len(), expected_all);
    assert!(inactive_ids.len() > 900, "{}", inactive_ids.len());
    assert!(inactive_ids
        .iter()
        .all(|id| all.records.contains_key(id) && !default.records.contains_key(id)));
    assert_eq!(all.reason("skipped:", "inactive"), 0);
    assert_eq!(
        default.reason("skipped:", "inactive") + default.reason("skipped:", "withdrawn"),
        orgs.len() - 300
    );
    builds(&[&all.file], "the import with inactive records, alone");
}

#[test]
fn ror_vocabulary_reuse() {
    let (path, _) = ror_subset();
    let path = path.to_str().unwrap();
    let table = fixture("import/ror-types-reuse.tsv");
    let table = table.to_str().unwrap();
    let sectors = data_dir().join("sectors.toml");

    // Without a vocabulary the unlabelled sector is an error at its table row.
    let errors = import_fails(&["ror", path, "--types", table], "unlabelled sector");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("ror-types-reuse.tsv:4:")
            && errors[0].contains("\"health-services\" is used but has no labels"),
        "{errors:?}"
    );

    // With data/sectors.toml, health-services is used but not written again.
    let dir = temp_dir("ror-vocab");
    let run = import(
        &[
            "ror",
            path,
            "--types",
            table,
            "--vocabulary",
            sectors.to_str().unwrap(),
        ],
        &dir,
        "p.jsonl",
    );
    let defined: BTreeSet<&str> = run
        .sectors
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert!(!defined.contains("health-services"), "{defined:?}");
    assert!(run.records.values().any(|r| r["sectors"]
        .as_array()
        .unwrap()
        .contains(&"health-services".into())));
    assert!(
        run.stdout()
            .contains("from the vocabulary: health-services"),
        "{}",
        run.stdout()
    );
    builds(
        &[&data_dir(), &run.file],
        "data/ + an import reusing its sectors",
    );
    let o = ricerca(["check".to_string(), run.file.display().to_string()]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "alone, the reused sector is unknown"
    );
    assert!(
        stderr(&o).contains("unknown sector \"health-services\""),
        "{}",
        stderr(&o)
    );
}

#[test]
fn ror_truncated_gzip() {
    let dir = temp_dir("ror-truncated");
    let bytes = std::fs::read(ROR).unwrap();
    let cut = dir.join("cut.json.gz");
    std::fs::write(&cut, &bytes[..300_000]).unwrap();
    let errors = import_fails(&["ror", cut.to_str().unwrap()], "truncated .json.gz");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("error: {}: cannot read: ", cut.display())),
        "{errors:?}"
    );
    assert!(errors[0].contains("truncated"), "{errors:?}");
}

#[test]
fn ror_truncated_json() {
    let dir = temp_dir("ror-truncated-json");
    let text = serde_json::to_string_pretty(&ror_orgs()[..3]).unwrap();
    let cut = dir.join("cut.json");
    let end = text.len() * 2 / 3;
    std::fs::write(&cut, &text[..end]).unwrap();
    let errors = import_fails(&["ror", cut.to_str().unwrap()], "truncated .json");
    assert_eq!(errors.len(), 1, "{errors:?}");
    // Located at the organisation that is cut off (each starts a line, indented by two).
    let line = text[..text[..end].rfind("\n  {").unwrap()].lines().count() + 1;
    assert!(
        errors[0].starts_with(&format!("error: {}:{line}:3: ", cut.display())),
        "{errors:?}"
    );
    assert!(errors[0].contains("truncated file?"), "{errors:?}");
}

#[test]
fn ror_missing_names() {
    let f = fixture("import/ror-missing-names.json");
    let f = f.to_str().unwrap();
    let errors = import_fails(&["ror", f], "a record without names");
    assert_eq!(
        errors,
        [
            format!("error: {f}:6:3: record \"ror-0bbbbbb22\", field \"names\": missing required field; expected an array of names, one with type \"ror_display\""),
            format!("error: {f}:10:3: record \"ror-0cccccc33\", field \"names\": no name has the type \"ror_display\"; expected one name with types [\"ror_display\", …]"),
        ]
    );
}

// ---------------------------------------------------------------- flat

/// The first 2,000 lines of bench-records, as `.jsonl` and `.jsonl.gz`.
fn bench_slice() -> &'static (PathBuf, PathBuf, Vec<Value>) {
    static SLICE: OnceLock<(PathBuf, PathBuf, Vec<Value>)> = OnceLock::new();
    SLICE.get_or_init(|| {
        let reader = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(
            std::fs::File::open(BENCH).unwrap(),
        ));
        let lines: Vec<String> = reader.lines().take(2000).map(Result::unwrap).collect();
        let dir = temp_dir("bench-slice");
        let plain = dir.join("slice.jsonl");
        std::fs::write(&plain, lines.join("\n") + "\n").unwrap();
        let gz = dir.join("slice.jsonl.gz");
        let mut enc = flate2::write::GzEncoder::new(
            std::fs::File::create(&gz).unwrap(),
            flate2::Compression::fast(),
        );
        enc.write_all((lines.join("\n") + "\n").as_bytes()).unwrap();
        enc.finish().unwrap();
        (
            plain,
            gz,
            lines
                .iter()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect(),
        )
    })
}

/// The ISO code of a country cell part, independently: an ISO code, or a
/// country whose English or Italian label is the text (or its part before or
/// inside parentheses), ignoring case and accents.
fn country_code(part: &str, geo: &Geo) -> Option<String> {
    if geo.is_country(part) {
        return Some(part.to_string());
    }
    let mut names = vec![part.to_string()];
    if let (Some(o), Some(c)) = (part.find('('), part.rfind(')')) {
        names.push(part[..o].trim().to_string());
        names.push(part[o + 1..c].trim().to_string());
    }
    names.iter().find_map(|n| {
        geo.codes_named(n, folded)
            .into_iter()
            .find(|c| c.len() == 2)
            .map(str::to_string)
    })
}

#[test]
fn flat_slice_maps_regions_and_counts_drops() {
    let (plain, gz, lines) = bench_slice();
    let geo = Geo::builtin();
    let dir = temp_dir("flat");
    let run = import(&["flat", plain.to_str().unwrap()], &dir, "corpus.jsonl");
    let by_source_id: BTreeMap<&str, &Value> = run
        .records
        .values()
        .map(|r| {
            (
                r["source"]
                    .as_array()
                    .unwrap()
                    .last()
                    .unwrap()
                    .as_str()
                    .unwrap(),
                r,
            )
        })
        .collect();

    // Counts, computed from the lines.
    let mut no_country = 0;
    let mut with_region = 0;
    for l in lines {
        let mut codes: Vec<String> = l["country"]
            .as_str()
            .unwrap()
            .split('|')
            .filter_map(|p| country_code(p.trim(), &geo))
            .collect();
        if codes.is_empty() {
            codes = l["country_name"]
                .as_str()
                .unwrap()
                .split('|')
                .filter_map(|p| country_code(p.trim(), &geo))
                .collect();
        }
        if codes.is_empty() {
            no_country += 1;
            assert!(!by_source_id.contains_key(l["id"].as_str().unwrap()));
        } else if !l["region"].as_str().unwrap().trim().is_empty() {
            with_region += 1;
        }
    }
    assert_eq!(run.count("read:"), 2000);
    assert_eq!(run.reason("skipped:", "no valid country"), no_country);
    assert_eq!(run.count("written:"), 2000 - no_country);
    assert_eq!(run.records.len(), 2000 - no_country);
    let regions_written = run
        .records
        .values()
        .filter(|r| r.get("region").is_some())
        .count();
    assert_eq!(run.count("regions:"), regions_written);
    let dropped =
        run.reason("dropped:", "regions not mapped") + run.reason("dropped:", "regions ambiguous");
    assert_eq!(
        regions_written + dropped,
        with_region,
        "every region is written or counted as dropped"
    );
    assert!(
        dropped > 0,
        "the slice has regions outside the ISO table:\n{}",
        run.stdout()
    );

    // Italian regions: the ISO label itself, and the other spellings of the data.
    let mut checked = BTreeMap::new();
    for l in lines.iter().filter(|l| l["country"] == "IT") {
        let region = l["region"].as_str().unwrap();
        let expected = match region {
            "" => continue,
            "Trentino-Alto Adige/Südtirol" | "Trentino-Alto Adige" => "IT-32".to_string(),
            "Friuli-Venezia Giulia" => "IT-36".into(),
            "Lombardy" => "IT-25".into(),
            "The Marches" => "IT-57".into(),
            name => {
                let codes = geo.codes_named(name, folded);
                let codes: Vec<&str> = codes
                    .into_iter()
                    .filter(|c| c.starts_with("IT-") && geo.get(c).unwrap().parent.is_none())
                    .collect();
                assert_eq!(codes.len(), 1, "{name}: {codes:?}");
                codes[0].to_string()
            }
        };
        let r = by_source_id[l["id"].as_str().unwrap()];
        assert_eq!(r["region"], serde_json::json!([expected]), "{region}");
        *checked.entry(region.to_string()).or_insert(0) += 1;
    }
    assert!(checked["Sardegna"] >= 10, "{checked:?}");
    assert!(checked.len() >= 20, "{checked:?}");

    // Sectors: mapped words, the catch-all, and trials as initiatives.
    let sectors_of = |id: &str| by_source_id[id]["sectors"].clone();
    let pick = |f: &dyn Fn(&Value) -> bool| {
        lines
            .iter()
            .filter(|l| by_source_id.contains_key(l["id"].as_str().unwrap()))
            .find(|l| f(l))
            .unwrap()["id"]
            .as_str()
            .unwrap()
    };
    assert_eq!(
        sectors_of(pick(&|l| l["source"] == "ipa-2024"
            && l["sector"][0] == "Comuni e loro Consorzi e Associazioni")),
        serde_json::json!(["org-government"])
    );
    assert_eq!(
        sectors_of(pick(&|l| l["source"] == "gisco-healthcare")),
        serde_json::json!(["org-healthcare"])
    );
    let trial = pick(&|l| l["source"] == "ctgov-sample");
    assert_eq!(by_source_id[trial]["kind"], "initiative");
    assert_eq!(
        sectors_of(trial),
        serde_json::json!(["org-clinical-trials"])
    );

    // Ids are slugs of the source ids, unique.
    for (id, r) in &run.records {
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id}"
        );
        let src = r["source"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .as_str()
            .unwrap();
        assert!(
            id.starts_with(&ricerca::import::flat::slug(src)),
            "{id} from {src}"
        );
    }

    // The gzip-compressed slice gives the same file; the output builds on its own.
    let run_gz = import(&["flat", gz.to_str().unwrap()], &dir, "corpus-gz.jsonl");
    assert_eq!(
        std::fs::read(&run_gz.file).unwrap(),
        std::fs::read(&run.file).unwrap()
    );
    let idx = builds(&[&run.file], "the flat import, alone");
    let sard = lines.iter().find(|l| l["region"] == "Sardegna").unwrap();
    let v = cli_search(&idx, sard["name"].as_str().unwrap(), &["--region", "IT-88"]);
    assert_eq!(
        json_ids(&v)[0],
        by_source_id[sard["id"].as_str().unwrap()]["id"]
            .as_str()
            .unwrap()
    );
}

#[test]
fn flat_bad_lines() {
    let dir = temp_dir("flat-bad");
    let f = dir.join("bad.jsonl");
    std::fs::write(
        &f,
        "{\"id\": \"a\", \"name\": \"A\", \"country\": \"IT\", \"sector\": []}\n{\"id\": \"b\", \"name\": [1]}\n{\"id\": \"c\",\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    let errors = import_fails(&["flat", f], "bad flat lines");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("error: {f}:2:")) && errors[0].contains("invalid line"),
        "{errors:?}"
    );
    assert!(
        errors[1].starts_with(&format!("error: {f}:3:")),
        "{errors:?}"
    );
}

// ---------------------------------------------------------------- CSV data files

#[test]
fn csv_builds_with_data() {
    let csv = fixture("import/good.csv");
    let o = ricerca([
        "check".to_string(),
        data_dir().display().to_string(),
        csv.display().to_string(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let n = directory().records.len();
    assert!(
        stdout(&o).starts_with(&format!("ok: {} records", n + 3)),
        "{}",
        stdout(&o)
    );

    let (dir, _) = build_from(&[data_dir(), csv.clone()]);
    let rec = record(&dir, "csv-ospedale-brotzu");
    assert_eq!(rec.name, "Azienda Ospedaliera \"G. Brotzu\"");
    assert_eq!(rec.aliases, ["Brotzu", "AOB"]);
    let rete = record(&dir, "csv-rete-sarda");
    assert_eq!(rete.sectors, ["oncology", "clinical-research"]);
    assert_eq!(rete.partners, ["csv-ospedale-brotzu", "csv-imm-lisboa"]);
    assert_eq!(
        rete.summary.as_deref(),
        Some("Rete di centri di ricerca sul cancro, con sede a Cagliari.")
    );
    assert_eq!(rete.regions, ["IT-88"]);

    let idx = builds(&[&data_dir(), &csv], "data/ + a CSV file");
    let v = cli_search(&idx, "Brotzu", &[]);
    assert_eq!(json_ids(&v)[0], "csv-ospedale-brotzu");
}

#[test]
fn csv_bad_rows_are_located() {
    let bad = fixture("import/bad.csv");
    let f = bad.display().to_string();
    let tmp = temp_dir("csv-bad");
    let idx = tmp.join("index.bin");
    for cmd in ["check", "build"] {
        let mut args = vec![cmd.to_string(), data_dir().display().to_string(), f.clone()];
        if cmd == "build" {
            args.extend(["-o".to_string(), idx.display().to_string()]);
        }
        let o = ricerca(&args);
        assert_no_panic(&o, cmd);
        assert_eq!(o.status.code(), Some(1), "{cmd}: {}", stderr(&o));
        let errors: Vec<String> = stderr(&o)
            .lines()
            .filter(|l| l.starts_with("error: "))
            .map(str::to_string)
            .collect();
        let expected = [
            format!("error: {f}:3:1: record \"csv-short\", 4 cells, but the header has 6 columns; expected one cell per header column (quote cells that contain commas)"),
            format!("error: {f}:4:34: record \"csv-xx\", field \"country\": unknown country code \"XX\"; expected an ISO 3166-1 alpha-2 code"),
            format!("error: {f}:5:24: a quote inside an unquoted cell; expected the whole cell in quotes, with inner quotes doubled: \"say \"\"hi\"\"\""),
        ];
        assert_eq!(errors.len(), expected.len(), "{cmd}: {errors:#?}");
        for (e, x) in errors.iter().zip(&expected) {
            assert!(
                e.starts_with(x.as_str()),
                "{cmd}: {e}\nexpected to start with\n{x}"
            );
        }
        assert!(stderr(&o)
            .trim_end()
            .ends_with("3 problems found; nothing was written"));
    }
    assert_eq!(
        std::fs::read_dir(&tmp).unwrap().count(),
        0,
        "nothing written"
    );
}

// ---------------------------------------------------------------- usage

#[test]
fn import_usage_errors() {
    for args in [
        vec!["import"],
        vec!["import", "ror"],
        vec!["import", "ror", "x.json"],
        vec!["import", "xml", "x.xml", "-o", "x.jsonl"],
        vec![
            "import",
            "flat",
            "x.jsonl",
            "-o",
            "y.jsonl",
            "--include-inactive",
        ],
        vec!["import", "ror", "x.json", "-o", "y.jsonl", "--bogus"],
    ] {
        let o = ricerca(&args);
        assert_no_panic(&o, &format!("{args:?}"));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("USAGE:"), "{args:?}");
    }
    let o = ricerca([
        "import",
        "ror",
        "/nonexistent/ror.json",
        "-o",
        "/nonexistent/out.jsonl",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).starts_with("error: /nonexistent/ror.json: cannot read: "),
        "{}",
        stderr(&o)
    );
}
