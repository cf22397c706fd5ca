//! `ricerca import flat`: records from the shared flat organisation format.
//!
//! One JSON object a line (`.jsonl`, or gzip-compressed, recognised by its
//! content), read as a stream:
//!
//! | flat field      | record |
//! |-----------------|--------|
//! | `id`            | `id`: a slug of it (folded, lowercase, runs of other characters → `-`); a slug already used gets `-2`, `-3`… in input order |
//! | `source`, `id`  | `source` `[source, id]` |
//! | `kind`          | `kind`: `clinical-trial`, `trial`, `initiative`, `project`, `programme`/`program` → initiative; anything else → partner |
//! | `name`          | `name` (records without one are skipped) |
//! | `alt_names[]`   | `aliases` (duplicates ignoring case removed) |
//! | `country`       | `country`: `|`-separated ISO alpha-2 codes or country names (English or Italian labels of the geo table); `country_name` is tried when none maps; records with no valid country are skipped |
//! | `region`        | `region`: the ISO 3166-2 code whose English/Italian label (or `data/import/region-names.tsv` name) matches within the record's country, ignoring case, accents and punctuation; else dropped and counted |
//! | `city`          | `city` |
//! | `sector[]`      | `sectors`, through `data/import/flat-sectors.tsv` (unmapped words → the catch-all `org-other`) |
//! | `text`          | `summary`, when not empty and not the name |
//! | `url`           | `url` (http/https only, else dropped and counted) |

use super::{
    clean_url, close_problems, finish, push_alias, push_problem, read_tables, Imported, Mapped,
    Outcome, Places, RegionMatch, SectorTable, Summary, Table, Target,
};
use crate::data::geo::Geo;
use crate::data::problem::{DataErrors, Location, Problem};
use crate::model::Kind;
use crate::text::fold;
use crate::unicode_fold::UnicodeFolder;
use serde::Deserialize;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Settings of a flat import.
#[derive(Debug, Clone)]
pub struct FlatOptions {
    /// Source word → sector table (`data/import/flat-sectors.tsv` layout).
    pub sectors: Table,
    /// Extra region names (`data/import/region-names.tsv` layout).
    pub regions: Table,
    /// Data files or directories whose sectors are reused rather than written.
    pub vocabulary: Vec<PathBuf>,
}

impl Default for FlatOptions {
    fn default() -> Self {
        FlatOptions {
            sectors: FlatOptions::builtin_sectors(),
            regions: Table::builtin_region_names(),
            vocabulary: Vec::new(),
        }
    }
}

impl FlatOptions {
    /// `data/import/flat-sectors.tsv` as compiled into this program.
    pub fn builtin_sectors() -> Table {
        Table {
            name: "data/import/flat-sectors.tsv".into(),
            text: include_str!("../../data/import/flat-sectors.tsv").into(),
        }
    }
}

#[derive(Deserialize)]
struct FlatRecord {
    id: Option<String>,
    source: Option<String>,
    kind: Option<String>,
    name: Option<String>,
    alt_names: Option<Vec<String>>,
    country: Option<String>,
    country_name: Option<String>,
    region: Option<String>,
    city: Option<String>,
    sector: Option<Vec<String>>,
    text: Option<String>,
    url: Option<String>,
}

/// Imports the flat file at `path` (`-`: standard input).
pub fn import(path: &Path, opts: &FlatOptions) -> Result<Outcome, DataErrors> {
    let file = path.display().to_string();
    let cannot = |e: std::io::Error| {
        DataErrors(vec![Problem::new(
            Location {
                file: file.clone(),
                ..Default::default()
            },
            format!("cannot read: {e}"),
        )])
    };
    let mut f = super::open_input(path).map_err(cannot)?;
    let mut magic = [0u8; 2];
    let n = f.read(&mut magic).map_err(cannot)?;
    let f = std::io::Cursor::new(magic[..n].to_vec()).chain(f);
    if crate::data::files::is_gzip(&magic[..n]) {
        let gz = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(1 << 16, f));
        import_reader(&file, BufReader::with_capacity(1 << 16, gz), opts)
    } else {
        import_reader(&file, BufReader::with_capacity(1 << 16, f), opts)
    }
}

/// Imports flat lines from `reader`, reporting problems against `file`.
pub fn import_reader(
    file: &str,
    mut reader: impl BufRead,
    opts: &FlatOptions,
) -> Result<Outcome, DataErrors> {
    let geo = Geo::builtin();
    let mut problems = Vec::new();
    let sectors = SectorTable::parse_flat(&opts.sectors);
    let tables = read_tables(
        sectors,
        &geo,
        &opts.regions,
        &opts.vocabulary,
        &mut problems,
    );
    let Some((table, places, vocabulary)) = tables else {
        return Err(DataErrors(problems));
    };

    let mut state = State {
        table: &table,
        places: &places,
        summary: Summary::default(),
        used_ids: HashSet::new(),
        countries: HashMap::new(),
        regions: HashMap::new(),
        words: HashMap::new(),
    };
    let mut records = Vec::new();
    let mut hidden = 0;
    let mut buf = Vec::with_capacity(4096);
    let mut line_no = 0;
    loop {
        buf.clear();
        line_no += 1;
        let at = Location {
            file: file.to_string(),
            line: line_no,
            column: 1,
        };
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                push_problem(
                    &mut problems,
                    &mut hidden,
                    Problem::new(
                        at,
                        format!("cannot read: {}", crate::data::files::gzip_error(e)),
                    ),
                );
                break;
            }
        }
        let Ok(line) = std::str::from_utf8(&buf) else {
            push_problem(
                &mut problems,
                &mut hidden,
                Problem::new(at, "not UTF-8").expected("UTF-8 text"),
            );
            continue;
        };
        let line = line.trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            continue;
        }
        let rec: FlatRecord = match serde_json::from_str(line) {
            Ok(r) => r,
            Err(e) => {
                let byte = e.column().saturating_sub(1).min(line.len());
                let column = line.char_indices().take_while(|(i, _)| *i < byte).count() + 1;
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                push_problem(
                    &mut problems,
                    &mut hidden,
                    Problem::new(Location { column, ..at }, format!("invalid line: {message}"))
                        .expected("one JSON object a line with id, source, kind, name, alt_names, country, country_name, region, city, sector, text, url"),
                );
                continue;
            }
        };
        state.summary.read += 1;
        if let Some(r) = state.convert(rec, at) {
            records.push(r);
        }
    }
    if !problems.is_empty() {
        return Err(DataErrors(close_problems(problems, hidden, file)));
    }
    let summary = std::mem::take(&mut state.summary);
    finish(records, &table, vocabulary, &geo, summary)
}

/// A cell's text, trimmed; `None` when empty.
fn trimmed(s: Option<String>) -> Option<String> {
    s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

struct State<'a> {
    table: &'a SectorTable,
    places: &'a Places<'a>,
    summary: Summary,
    used_ids: HashSet<String>,
    /// Country cell → codes, and the parts that did not map.
    countries: HashMap<String, (Vec<String>, Vec<String>)>,
    /// (country, region cell) → match.
    regions: HashMap<(String, String), RegionMatch>,
    /// (source, word) → mapping.
    words: HashMap<(String, String), Mapped>,
}

impl State<'_> {
    /// One flat record, stage by stage: id and name, countries, region,
    /// sectors, the rest. `None` (counted in the summary) when it is skipped.
    fn convert(&mut self, rec: FlatRecord, at: Location) -> Option<Imported> {
        let Some(raw_id) = trimmed(rec.id) else {
            self.summary.skip("no id");
            return None;
        };
        let Some(name) = trimmed(rec.name) else {
            self.summary.skip("no name");
            return None;
        };
        let country = self.record_countries(rec.country.as_deref(), rec.country_name.as_deref());
        if country.is_empty() {
            self.summary.skip("no valid country");
            return None;
        }
        let region = trimmed(rec.region)
            .and_then(|r| self.region(&country, &r))
            .into_iter()
            .collect();
        let source = trimmed(rec.source).unwrap_or_default();
        let sectors = self.sectors(&source, rec.sector.iter().flatten());
        let mut seen: BTreeSet<String> = BTreeSet::from([name.to_lowercase()]);
        let mut aliases = Vec::new();
        for a in rec.alt_names.iter().flatten() {
            push_alias(&mut aliases, &mut seen, a);
        }
        let url = trimmed(rec.url).and_then(|u| {
            let clean = clean_url(&u);
            if clean.is_none() {
                self.summary.drop_value("urls not http(s)");
            }
            clean
        });
        let kind = match rec.kind.as_deref().map(str::trim) {
            Some(
                "clinical-trial" | "trial" | "initiative" | "project" | "programme" | "program",
            ) => Kind::Initiative,
            _ => Kind::Partner,
        };
        let id = self.unique_id(&raw_id);
        let source_list = [source, raw_id]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        Some(Imported {
            at,
            id,
            kind,
            summary: trimmed(rec.text).filter(|t| *t != name),
            name,
            name_en: None,
            aliases,
            city: trimmed(rec.city),
            country,
            region,
            sectors,
            url,
            source: source_list,
        })
    }

    /// The countries of the `country` cell, else of `country_name`; parts that
    /// do not map are counted.
    fn record_countries(&mut self, cell: Option<&str>, by_name: Option<&str>) -> Vec<String> {
        let (mut country, mut bad) = self.countries_of(cell.unwrap_or(""));
        if country.is_empty() {
            let (named, bad_name) = self.countries_of(by_name.unwrap_or(""));
            country = named;
            if bad.is_empty() {
                bad = bad_name;
            }
        }
        for b in bad {
            *self
                .summary
                .unmapped_countries
                .entry(format!("\"{b}\""))
                .or_default() += 1;
        }
        country
    }

    /// The region named `r`, matched by name within the record's countries;
    /// `None` (counted) when no country has it or it is ambiguous.
    fn region(&mut self, country: &[String], r: &str) -> Option<String> {
        let mut ambiguous = false;
        for cc in country {
            let m = self
                .regions
                .entry((cc.clone(), r.to_string()))
                .or_insert_with(|| self.places.region(cc, r))
                .clone();
            match m {
                RegionMatch::Found(code) => {
                    self.summary.regions += 1;
                    self.summary.regions_by_name += 1;
                    return Some(code);
                }
                RegionMatch::Ambiguous(_) => ambiguous = true,
                RegionMatch::NotFound => {}
            }
        }
        self.summary.drop_value(if ambiguous {
            "regions ambiguous"
        } else {
            "regions not mapped"
        });
        let shown = format!(
            "{} \"{r}\"{}",
            country.join("|"),
            if ambiguous { " (ambiguous)" } else { "" }
        );
        *self.summary.unmapped_regions.entry(shown).or_default() += 1;
        None
    }

    /// Sectors from the source's type words by the table (the catch-all when
    /// none maps); lookups are cached per (source, word).
    fn sectors<'w>(&mut self, source: &str, words: impl Iterator<Item = &'w String>) -> Vec<usize> {
        let mut sectors = Vec::new();
        for word in words.map(|w| w.trim()).filter(|w| !w.is_empty()) {
            let key = (source.to_string(), word.to_string());
            let mapped = *self
                .words
                .entry(key)
                .or_insert_with(|| self.table.lookup(source, word));
            let target = match mapped {
                Mapped::Rule(t) => t,
                Mapped::CatchAll(i) => {
                    *self
                        .summary
                        .unmapped_words
                        .entry(format!("{source}: {word}"))
                        .or_default() += 1;
                    Target::Sector(i)
                }
            };
            if let Target::Sector(i) = target {
                if !sectors.contains(&i) {
                    sectors.push(i);
                }
            }
        }
        if sectors.is_empty() {
            sectors.push(self.table.catch_all);
        }
        sectors
    }

    /// The country codes of a `country` cell, and the parts that do not map.
    fn countries_of(&mut self, cell: &str) -> (Vec<String>, Vec<String>) {
        let cell = cell.trim();
        if cell.is_empty() {
            return (Vec::new(), Vec::new());
        }
        if !self.countries.contains_key(cell) {
            let mut codes = Vec::new();
            let mut bad = Vec::new();
            for part in cell.split('|').map(str::trim).filter(|p| !p.is_empty()) {
                match self.places.country(part) {
                    Some(c) if !codes.contains(&c) => codes.push(c),
                    Some(_) => {}
                    None => bad.push(part.to_string()),
                }
            }
            self.countries.insert(cell.to_string(), (codes, bad));
        }
        self.countries[cell].clone()
    }

    /// A slug of `raw`, made unique with `-2`, `-3`… in input order.
    fn unique_id(&mut self, raw: &str) -> String {
        let base = slug(raw);
        if self.used_ids.insert(base.clone()) {
            return base;
        }
        self.summary.ids_deduplicated += 1;
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|candidate| !self.used_ids.contains(candidate))
            .inspect(|id| {
                self.used_ids.insert(id.clone());
            })
            .expect("an unused suffix")
    }
}

/// A stable slug of a source id: folded (case, accents), every run of other
/// characters than ASCII letters and digits turned into one `-`, at most 100
/// bytes; `record` when nothing is left.
pub fn slug(raw: &str) -> String {
    let folded = if raw.is_ascii() {
        raw.to_ascii_lowercase()
    } else {
        fold(&UnicodeFolder, raw)
    };
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.truncate(100);
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("record");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("https://ror.org/02wsvah33"), "https-ror-org-02wsvah33");
        assert_eq!(slug("ror2021:US:25183"), "ror2021-us-25183");
        assert_eq!(slug("ipa:istsc_bsic84700e"), "ipa-istsc-bsic84700e");
        assert_eq!(slug("Città—Ünïcode!"), "citta-unicode");
        assert_eq!(slug("!!!"), "record");
    }

    #[test]
    fn converts_lines() {
        let text = concat!(
            r#"{"id":"X_1","source":"ror-records","kind":"organisation","name":"Uno","alt_names":["Uno","One"],"country":"Italia","country_name":"","region":"Sardegna","city":"Cagliari","sector":["education","weird"],"text":"Uno","url":"www.uno.it"}"#,
            "\n",
            "\n",
            r#"{"id":"x-1","source":"ctgov-sample","kind":"clinical-trial","name":"Trial","alt_names":[],"country":"","country_name":"Canada|United States","region":"Ontario","city":"","sector":["PHASE2"],"text":"A trial.","url":"https://t.example"}"#,
            "\n",
            r#"{"id":"x-2","source":"s","kind":"organisation","name":"Nowhere","alt_names":[],"country":"XK","country_name":"Kosovo","region":"","city":"","sector":[],"text":"","url":""}"#,
            "\n",
        );
        let out = import_reader("t.jsonl", text.as_bytes(), &FlatOptions::default()).unwrap();
        let s = &out.summary;
        assert_eq!((s.read, s.written, s.ids_deduplicated), (3, 2, 1));
        assert_eq!(s.skipped.get("no valid country"), Some(&1));
        assert_eq!(s.unmapped_words.get("ror-records: weird"), Some(&1));
        let text = String::from_utf8(out.jsonl).unwrap();
        let recs: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v.get("kind").is_some())
            .collect();
        assert_eq!(recs[0]["id"], "x-1");
        assert_eq!(recs[0]["region"], serde_json::json!(["IT-88"]));
        assert_eq!(recs[0]["aliases"], serde_json::json!(["One"]));
        assert_eq!(
            recs[0]["sectors"],
            serde_json::json!(["org-education", "org-other"])
        );
        assert!(recs[0].get("summary").is_none() && recs[0].get("url").is_none());
        assert_eq!(recs[1]["id"], "x-1-2");
        assert_eq!(recs[1]["kind"], "initiative");
        assert_eq!(recs[1]["country"], serde_json::json!(["CA", "US"]));
        assert_eq!(recs[1]["region"], serde_json::json!(["CA-ON"]));
        assert_eq!(recs[1]["summary"], "A trial.");
        assert_eq!(
            recs[1]["sectors"],
            serde_json::json!(["org-clinical-trials"])
        );
    }

    #[test]
    fn bad_lines_are_located() {
        let text = "{\"id\": \"a\", \"name\": \"A\", \"country\": \"IT\"}\n{\"id\": \"b\", \"name\": 5}\nnot json\n";
        let err = import_reader("t.jsonl", text.as_bytes(), &FlatOptions::default()).unwrap_err();
        assert_eq!(err.0.len(), 2, "{err}");
        assert_eq!((err.0[0].at.line, err.0[1].at.line), (2, 3));
        assert!(err.0[0].at.column > 1);
    }
}
