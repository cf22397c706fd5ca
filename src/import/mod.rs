//! Deploy-time importers: turn external organisation lists into data files in
//! our JSON Lines format (`ricerca import ror|flat FILE -o OUT.jsonl`).
//!
//! - [`ror`] reads a ROR v2 data dump (`.json` or `.json.gz`);
//! - [`flat`] reads the shared flat organisation format (one JSON object a line).
//!
//! Both map source types to sectors through an editable table
//! (`data/import/ror-types.tsv`, `data/import/flat-sectors.tsv`, compiled in as
//! defaults), match free-text region names against the ISO 3166 table plus
//! `data/import/region-names.tsv`, and write a `{"type":"sector",…}` line for
//! every sector they use (unless it is defined in a `--vocabulary` given), so
//! the output builds on its own or together with `data/`. Everything written is
//! first checked with the same validation as `ricerca build`: an import either
//! produces a file that builds, or reports located problems and produces nothing.

pub mod flat;
pub mod ror;

use crate::data::draft::{DraftRecord, DraftSector, Drafts, Located};
use crate::data::geo::Geo;
use crate::data::problem::{DataErrors, Location, Problem};
use crate::data::validate::{is_slug, validate};
use crate::model::Kind;
use crate::text::fold;
use crate::unicode_fold::UnicodeFolder;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

/// An editable mapping table: its name (for locating problems) and its text.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file name shown in problems.
    pub name: String,
    /// The tab-separated text.
    pub text: String,
}

impl Table {
    /// Reads a table from a file.
    pub fn read(path: &Path) -> Result<Table, DataErrors> {
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Table { name, text }),
            Err(e) => Err(DataErrors(vec![Problem::new(
                Location {
                    file: name,
                    ..Default::default()
                },
                format!("cannot read: {e}"),
            )])),
        }
    }

    /// `data/import/region-names.tsv` as compiled into this program.
    pub fn builtin_region_names() -> Table {
        Table {
            name: "data/import/region-names.tsv".into(),
            text: include_str!("../../data/import/region-names.tsv").into(),
        }
    }

    /// The rows that are not blank, comments (`#`) or the header (first cell `header`):
    /// each with its location and its cells (trailing empty cells removed).
    fn rows<'a>(&'a self, header: &'a str) -> impl Iterator<Item = (Location, Vec<&'a str>)> + 'a {
        self.text.lines().enumerate().filter_map(move |(i, line)| {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                return None;
            }
            let mut cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            if cells[0] == header {
                return None;
            }
            while cells.len() > 1 && cells.last() == Some(&"") {
                cells.pop();
            }
            Some((
                Location {
                    file: self.name.clone(),
                    line: i + 1,
                    column: 1,
                },
                cells,
            ))
        })
    }
}

/// What an import produced: the JSON Lines text and what happened.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The output file's content: sector lines, then one record a line.
    pub jsonl: Vec<u8>,
    /// Counts for the report.
    pub summary: Summary,
}

/// Counts of what an import read, wrote, skipped and dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Source records read.
    pub read: usize,
    /// Records written.
    pub written: usize,
    /// Records written as initiatives (the rest are partners).
    pub initiatives: usize,
    /// Sector definitions written (ids), in output order.
    pub sectors_written: Vec<String>,
    /// Sectors used but taken from the `--vocabulary` (not written again).
    pub sectors_reused: Vec<String>,
    /// Records skipped, by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Values left out of records that were written, by kind (`region not mapped`, `url not http(s)`…).
    pub dropped: BTreeMap<String, usize>,
    /// Region values written.
    pub regions: usize,
    /// Of those, found by name rather than by code (ROR) — always the case for flat input.
    pub regions_by_name: usize,
    /// Region values that could not be mapped to an ISO 3166-2 code, with their count.
    pub unmapped_regions: BTreeMap<String, usize>,
    /// Country values that could not be mapped to an ISO 3166-1 code, with their count.
    pub unmapped_countries: BTreeMap<String, usize>,
    /// Type words that reached the catch-all sector, with their count.
    pub unmapped_words: BTreeMap<String, usize>,
    /// Ids changed to keep them unique (flat input).
    pub ids_deduplicated: usize,
}

impl Summary {
    fn skip(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }

    fn drop_value(&mut self, what: &str) {
        *self.dropped.entry(what.to_string()).or_default() += 1;
    }

    /// The report printed by `ricerca import`, one fact a line; `top` limits the
    /// lists of unmapped values.
    pub fn render(&self, top: usize) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "read:     {} records", self.read);
        let _ = writeln!(
            s,
            "written:  {} records ({} partners, {} initiatives), {} sector definitions{}",
            self.written,
            self.written - self.initiatives,
            self.initiatives,
            self.sectors_written.len(),
            if self.sectors_reused.is_empty() {
                String::new()
            } else {
                format!(
                    " (+{} from the vocabulary: {})",
                    self.sectors_reused.len(),
                    self.sectors_reused.join(", ")
                )
            }
        );
        let skipped: usize = self.skipped.values().sum();
        let _ = writeln!(s, "skipped:  {skipped} records{}", breakdown(&self.skipped));
        let dropped: usize = self.dropped.values().sum();
        let _ = writeln!(s, "dropped:  {dropped} values{}", breakdown(&self.dropped));
        let _ = writeln!(
            s,
            "regions:  {} written ({} matched by name), {} not mapped",
            self.regions,
            self.regions_by_name,
            self.unmapped_regions.values().sum::<usize>()
        );
        if self.ids_deduplicated > 0 {
            let _ = writeln!(
                s,
                "ids:      {} made unique with a -N suffix",
                self.ids_deduplicated
            );
        }
        for (title, map) in [
            ("unmapped regions", &self.unmapped_regions),
            ("unmapped countries", &self.unmapped_countries),
            ("unmapped sector words", &self.unmapped_words),
        ] {
            if !map.is_empty() {
                let _ = writeln!(
                    s,
                    "{title} ({} distinct):{}",
                    map.len(),
                    most_frequent(map, top)
                );
            }
        }
        s
    }
}

fn breakdown(map: &BTreeMap<String, usize>) -> String {
    if map.is_empty() {
        return String::new();
    }
    let mut items: Vec<(&String, &usize)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let parts: Vec<String> = items.iter().map(|(k, v)| format!("{v} {k}")).collect();
    format!(" ({})", parts.join(", "))
}

fn most_frequent(map: &BTreeMap<String, usize>, top: usize) -> String {
    let mut items: Vec<(&String, &usize)> = map.iter().collect();
    items.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let mut s = String::new();
    for (k, v) in items.iter().take(top) {
        let _ = write!(s, "\n  {v:>6}  {k}");
    }
    if items.len() > top {
        let rest: usize = items[top..].iter().map(|(_, v)| **v).sum();
        let _ = write!(s, "\n  {rest:>6}  … {} more", items.len() - top);
    }
    s
}

/// A name reduced for matching: folded (case, accents), punctuation as single spaces.
pub fn name_key(s: &str) -> String {
    let folded = if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        fold(&UnicodeFolder, s)
    };
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// The spellings of a place name worth trying, best first: the whole name,
/// each part of `A/B`, for `A (B)` or `A [B]` both `A` and `B`, and for the
/// inverted `A, B` also `B A`. Used on the labels of the geo table
/// (`Catalunya [Cataluña]`, `Madrid, Comunidad de`) and on the names looked up.
fn variants(name: &str) -> Vec<std::borrow::Cow<'_, str>> {
    let mut out: Vec<std::borrow::Cow<'_, str>> =
        base_variants(name).into_iter().map(Into::into).collect();
    if let Some((a, b)) = name.split_once(", ") {
        if !b.contains(',') && !a.trim().is_empty() && !b.trim().is_empty() {
            out.push(format!("{} {}", b.trim(), a.trim()).into());
        }
    }
    out
}

fn base_variants(name: &str) -> Vec<&str> {
    let mut out = vec![name];
    if name.contains('/') {
        out.extend(name.split('/'));
    }
    for (o, c) in [('(', ')'), ('[', ']')] {
        if let (Some(open), Some(close)) = (name.find(o), name.rfind(c)) {
            if open < close {
                out.push(&name[..open]);
                out.push(&name[open + 1..close]);
            }
        }
    }
    let mut out: Vec<&str> = out
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let mut seen = Vec::new();
    out.retain(|v| {
        if seen.contains(v) {
            false
        } else {
            seen.push(*v);
            true
        }
    });
    out
}

/// The result of matching a region name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RegionMatch {
    /// One ISO 3166-2 code.
    Found(String),
    /// Several codes share the name (none preferred).
    Ambiguous(Vec<String>),
    /// No label or listed name matches.
    NotFound,
}

/// Matches country and region names against the ISO 3166 table (English and
/// Italian labels, and its other names) and the extra region names of `data/import/region-names.tsv`.
#[derive(Debug)]
pub struct Places<'g> {
    geo: &'g Geo,
    countries: HashMap<String, Vec<String>>,
    subdivisions: HashMap<(String, String), Vec<String>>,
}

impl<'g> Places<'g> {
    /// Indexes `geo`'s labels and the extra `names` table (`country, name, code`).
    pub fn new(geo: &'g Geo, names: &Table) -> Result<Places<'g>, Vec<Problem>> {
        let mut countries: HashMap<String, Vec<String>> = HashMap::new();
        for code in geo.country_codes() {
            let p = geo.get(code).expect("listed code");
            for label in p.names().flat_map(|l| variants(l)) {
                push_unique(countries.entry(name_key(&label)).or_default(), code);
            }
        }
        let mut subdivisions: HashMap<(String, String), Vec<String>> = HashMap::new();
        for code in geo.subdivision_codes(None) {
            let p = geo.get(code).expect("listed code");
            let country = code.split('-').next().unwrap_or("").to_string();
            for label in p.names().flat_map(|l| variants(l)) {
                push_unique(
                    subdivisions
                        .entry((country.clone(), name_key(&label)))
                        .or_default(),
                    code,
                );
            }
        }
        let mut problems = Vec::new();
        for (at, cells) in names.rows("country") {
            let [country, name, code] = cells[..] else {
                problems.push(
                    Problem::new(at, format!("{} cells", cells.len()))
                        .expected("country<TAB>name<TAB>ISO 3166-2 code"),
                );
                continue;
            };
            if !geo.is_subdivision(code) || !code.starts_with(&format!("{country}-")) {
                problems.push(
                    Problem::new(
                        at,
                        format!("\"{code}\" is not an ISO 3166-2 code of \"{country}\""),
                    )
                    .field("code")
                    .expected("a code from data/geo/iso3166.tsv in the row's country"),
                );
                continue;
            }
            push_unique(
                subdivisions
                    .entry((country.to_string(), name_key(name)))
                    .or_default(),
                code,
            );
        }
        if problems.is_empty() {
            Ok(Places {
                geo,
                countries,
                subdivisions,
            })
        } else {
            Err(problems)
        }
    }

    /// The ISO 3166-1 alpha-2 code for a code (any case) or a country name.
    pub fn country(&self, value: &str) -> Option<String> {
        let v = value.trim();
        if v.len() == 2 {
            let upper = v.to_ascii_uppercase();
            if self.geo.is_country(&upper) {
                return Some(upper);
            }
        }
        for variant in variants(v) {
            if let Some(codes) = self.countries.get(&name_key(&variant)) {
                return (codes.len() == 1).then(|| codes[0].clone());
            }
        }
        None
    }

    /// The ISO 3166-2 code of the region called `name` in `country`. When several
    /// codes share the name, a top-level subdivision (no parent) is preferred.
    pub fn region(&self, country: &str, name: &str) -> RegionMatch {
        for variant in variants(name) {
            let Some(codes) = self
                .subdivisions
                .get(&(country.to_string(), name_key(&variant)))
            else {
                continue;
            };
            if codes.len() == 1 {
                return RegionMatch::Found(codes[0].clone());
            }
            let top: Vec<&String> = codes
                .iter()
                .filter(|c| self.geo.get(c).is_some_and(|p| p.parent.is_none()))
                .collect();
            if top.len() == 1 {
                return RegionMatch::Found(top[0].clone());
            }
            return RegionMatch::Ambiguous(codes.clone());
        }
        RegionMatch::NotFound
    }

    /// The geo table.
    pub fn geo(&self) -> &Geo {
        self.geo
    }
}

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// One sector a mapping table defines.
#[derive(Debug, Clone)]
struct SectorDef {
    id: String,
    it: String,
    en: String,
    synonyms: Vec<String>,
    at: Location,
}

/// Where a rule sends a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Sector(usize),
    Ignore,
}

/// The result of looking a word up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mapped {
    /// A rule named the word (or its prefix, or its source's `*`).
    Rule(Target),
    /// Only the catch-all matched: the word is unmapped.
    CatchAll(usize),
}

/// Source words → sectors, from `ror-types.tsv` or `flat-sectors.tsv`.
#[derive(Debug, Clone)]
struct SectorTable {
    sectors: Vec<SectorDef>,
    exact: HashMap<(String, String), Target>,
    prefixes: Vec<(String, String, Target)>,
    wildcard: HashMap<String, Target>,
    catch_all: usize,
}

impl SectorTable {
    /// Parses `ror_type, sector_id, it, en[, synonyms]` rows (source `*`).
    fn parse_ror(table: &Table) -> Result<SectorTable, Vec<Problem>> {
        let mut b = TableBuilder::default();
        for (at, cells) in table.rows("ror_type") {
            if cells.len() < 2 || cells.len() > 5 {
                b.problems.push(
                    Problem::new(at, format!("{} cells", cells.len())).expected(
                        "ror_type<TAB>sector_id<TAB>it label<TAB>en label[<TAB>synonyms]",
                    ),
                );
                continue;
            }
            let cell = |i: usize| cells.get(i).copied().unwrap_or("");
            let (source, word) = if cells[0] == "*" {
                ("*", "*")
            } else {
                ("*", cells[0])
            };
            b.rule(at, source, word, cell(1), cell(2), cell(3), cell(4));
        }
        b.finish(
            &table.name,
            "a row \"*<TAB>sector_id\" for types not listed",
        )
    }

    /// Parses `source, word, sector_id, it, en[, synonyms]` rows.
    fn parse_flat(table: &Table) -> Result<SectorTable, Vec<Problem>> {
        let mut b = TableBuilder::default();
        for (at, cells) in table.rows("source") {
            if cells.len() < 3 || cells.len() > 6 {
                b.problems
                    .push(Problem::new(at, format!("{} cells", cells.len())).expected(
                        "source<TAB>word<TAB>sector_id<TAB>it label<TAB>en label[<TAB>synonyms]",
                    ));
                continue;
            }
            let cell = |i: usize| cells.get(i).copied().unwrap_or("");
            b.rule(at, cell(0), cell(1), cell(2), cell(3), cell(4), cell(5));
        }
        b.finish(&table.name, "a catch-all row \"*<TAB>*<TAB>sector_id\"")
    }

    /// Looks up `word` of a record from `source`, in the documented order.
    fn lookup(&self, source: &str, word: &str) -> Mapped {
        let key = name_key(word);
        let folded = fold(&UnicodeFolder, word.trim());
        for src in [source, "*"] {
            if let Some(t) = self.exact.get(&(src.to_string(), key.clone())) {
                return Mapped::Rule(*t);
            }
            let best = self
                .prefixes
                .iter()
                .filter(|(s, p, _)| s == src && folded.starts_with(p.as_str()))
                .max_by_key(|(_, p, _)| p.len());
            if let Some((_, _, t)) = best {
                return Mapped::Rule(*t);
            }
            if src != "*" {
                if let Some(t) = self.wildcard.get(src) {
                    return Mapped::Rule(*t);
                }
            }
        }
        Mapped::CatchAll(self.catch_all)
    }
}

#[derive(Default)]
struct TableBuilder {
    sectors: Vec<SectorDef>,
    exact: HashMap<(String, String), Target>,
    prefixes: Vec<(String, String, Target)>,
    wildcard: HashMap<String, Target>,
    rule_at: HashMap<(String, String), Location>,
    problems: Vec<Problem>,
}

impl TableBuilder {
    #[allow(clippy::too_many_arguments)]
    fn rule(
        &mut self,
        at: Location,
        source: &str,
        word: &str,
        sector: &str,
        it: &str,
        en: &str,
        synonyms: &str,
    ) {
        if source.is_empty() || word.is_empty() {
            self.problems
                .push(Problem::new(at, "empty source or word").expected("a value, or * for any"));
            return;
        }
        let Some(target) = self.sector(&at, sector, it, en, synonyms) else {
            return;
        };
        let rule_key = (source.to_string(), word.to_string());
        if let Some(prev) = self.rule_at.get(&rule_key) {
            self.problems.push(
                Problem::new(
                    at,
                    format!("\"{source}\" / \"{word}\" is mapped twice, first at {prev}"),
                )
                .expected("one row per source and word"),
            );
            return;
        }
        self.rule_at.insert(rule_key, at);
        if word == "*" {
            self.wildcard.insert(source.to_string(), target);
        } else if let Some(prefix) = word.strip_suffix('*') {
            self.prefixes.push((
                source.to_string(),
                fold(&UnicodeFolder, prefix.trim()),
                target,
            ));
        } else {
            self.exact
                .insert((source.to_string(), name_key(word)), target);
        }
    }

    fn sector(
        &mut self,
        at: &Location,
        id: &str,
        it: &str,
        en: &str,
        synonyms: &str,
    ) -> Option<Target> {
        if id == "-" {
            return Some(Target::Ignore);
        }
        if !is_slug(id) {
            self.problems.push(
                Problem::new(at.clone(), format!("\"{id}\" is not a valid sector id"))
                    .field("sector_id")
                    .expected(
                        "lowercase letters, digits and '-', like \"org-education\", or - to ignore",
                    ),
            );
            return None;
        }
        let synonyms: Vec<String> = synonyms
            .split('|')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if let Some(i) = self.sectors.iter().position(|s| s.id == id) {
            let s = &mut self.sectors[i];
            for (given, have, name) in [(it, &mut s.it, "it"), (en, &mut s.en, "en")] {
                if have.is_empty() {
                    *have = given.to_string();
                } else if !given.is_empty() && given != have {
                    self.problems.push(
                        Problem::new(at.clone(), format!("sector \"{id}\" has the {name} label \"{given}\" here and \"{have}\" at {}", s.at))
                            .field(name)
                            .expected("the same label on every row, or leave it empty after the first"),
                    );
                }
            }
            for syn in synonyms {
                if !s.synonyms.contains(&syn) {
                    s.synonyms.push(syn);
                }
            }
            return Some(Target::Sector(i));
        }
        self.sectors.push(SectorDef {
            id: id.into(),
            it: it.into(),
            en: en.into(),
            synonyms,
            at: at.clone(),
        });
        Some(Target::Sector(self.sectors.len() - 1))
    }

    fn finish(mut self, name: &str, expected: &str) -> Result<SectorTable, Vec<Problem>> {
        let catch_all = match self.wildcard.remove("*") {
            Some(Target::Sector(i)) => Some(i),
            Some(Target::Ignore) => {
                let at = self.rule_at[&("*".to_string(), "*".to_string())].clone();
                self.problems.push(
                    Problem::new(at, "the catch-all row cannot ignore words")
                        .expected("a sector id"),
                );
                None
            }
            None => {
                self.problems.push(
                    Problem::new(
                        Location {
                            file: name.to_string(),
                            ..Default::default()
                        },
                        "no catch-all row",
                    )
                    .expected(expected),
                );
                None
            }
        };
        match catch_all {
            Some(catch_all) if self.problems.is_empty() => Ok(SectorTable {
                sectors: self.sectors,
                exact: self.exact,
                prefixes: self.prefixes,
                wildcard: self.wildcard,
                catch_all,
            }),
            _ => Err(self.problems),
        }
    }
}

/// The three tables an importer reads before its records: its sector table
/// (`sectors`, already parsed or with its problems), the place names and the
/// existing vocabulary. `None` when any of them has problems; every table's
/// problems go to `problems`, so one run reports them all.
fn read_tables<'g>(
    sectors: Result<SectorTable, Vec<Problem>>,
    geo: &'g Geo,
    regions: &Table,
    vocabulary: &[PathBuf],
    problems: &mut Vec<Problem>,
) -> Option<(SectorTable, Places<'g>, Vec<DraftSector>)> {
    let table = sectors.map_err(|p| problems.extend(p)).ok();
    let places = Places::new(geo, regions)
        .map_err(|p| problems.extend(p))
        .ok();
    let vocabulary = read_vocabulary(vocabulary)
        .map_err(|p| problems.extend(p))
        .ok();
    Some((table?, places?, vocabulary?))
}

/// Reads the sector definitions of existing data files or directories (records
/// in them are ignored): sectors defined there are not written again.
pub fn read_vocabulary(paths: &[PathBuf]) -> Result<Vec<DraftSector>, Vec<Problem>> {
    let mut problems = Vec::new();
    let files = crate::data::files::walk(paths, &mut problems, &mut Vec::new());
    let mut budget = crate::data::files::MAX_INPUT_BYTES;
    let mut drafts = Drafts::default();
    for f in &files {
        let name = f.display().to_string();
        let text = crate::data::files::read_text(f, &name, &mut budget);
        match text {
            Ok(text) => crate::data::read_source(&name, &text, &mut drafts, &mut problems),
            Err(p) => problems.push(*p),
        }
    }
    if problems.is_empty() {
        Ok(drafts.sectors)
    } else {
        Err(problems)
    }
}

/// Opens an input file for reading; the path `-` is standard input.
pub fn open_input(path: &Path) -> std::io::Result<Box<dyn Read>> {
    if path == Path::new("-") {
        return Ok(Box::new(std::io::stdin().lock()));
    }
    Ok(Box::new(std::fs::File::open(path)?))
}

/// Reads a whole file (`-`: standard input), gunzipping it when it is gzip-compressed.
fn read_input(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut unlimited = u64::MAX;
    crate::data::files::read_from(open_input(path)?, &mut unlimited)
}

/// A record ready to be written.
#[derive(Debug, Clone)]
struct Imported {
    at: Location,
    id: String,
    kind: Kind,
    name: String,
    name_en: Option<String>,
    aliases: Vec<String>,
    summary: Option<String>,
    city: Option<String>,
    country: Vec<String>,
    region: Vec<String>,
    sectors: Vec<usize>,
    url: Option<String>,
    source: Vec<String>,
}

#[derive(Serialize)]
struct RecordLine<'a> {
    id: &'a str,
    kind: Kind,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    name_en: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    city: Option<&'a str>,
    country: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    region: &'a [String],
    sectors: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    source: &'a [String],
}

#[derive(Serialize)]
struct SectorLine<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    id: &'a str,
    it: &'a str,
    en: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    synonyms: &'a [String],
}

/// Checks the records with the builder's validation and serializes them with
/// the vocabulary lines they need.
/// Dumps carry Windows-1252 punctuation decoded as C1 controls (U+0093 for “):
/// turned back into the characters, any other control character into a space
/// (the validator refuses control characters in text).
fn repair_text(records: &mut [Imported]) {
    let fix = |s: &mut String| {
        if let std::borrow::Cow::Owned(t) = crate::data::files::repair_controls(s) {
            *s = t;
        }
    };
    for r in records {
        fix(&mut r.name);
        r.name_en.iter_mut().for_each(fix);
        r.summary.iter_mut().for_each(fix);
        r.city.iter_mut().for_each(fix);
        r.aliases.iter_mut().for_each(fix);
    }
}

fn finish(
    mut records: Vec<Imported>,
    table: &SectorTable,
    vocabulary: Vec<DraftSector>,
    geo: &Geo,
    mut summary: Summary,
) -> Result<Outcome, DataErrors> {
    repair_text(&mut records);
    let mut used = vec![false; table.sectors.len()];
    for r in &records {
        for &s in &r.sectors {
            used[s] = true;
        }
    }
    let known: BTreeSet<&str> = vocabulary
        .iter()
        .filter_map(|s| s.id.as_ref().map(|i| i.value.as_str()))
        .collect();
    let mut problems = Vec::new();
    let mut emitted = Vec::new();
    for (def, _) in table.sectors.iter().zip(&used).filter(|(_, u)| **u) {
        if known.contains(def.id.as_str()) {
            summary.sectors_reused.push(def.id.clone());
        } else if def.it.is_empty() || def.en.is_empty() {
            problems.push(
                Problem::new(
                    def.at.clone(),
                    format!("sector \"{}\" is used but has no labels", def.id),
                )
                .expected(
                    "Italian and English labels in the table, or a --vocabulary that defines it",
                ),
            );
        } else {
            emitted.push(def);
        }
    }
    if !problems.is_empty() {
        return Err(DataErrors(problems));
    }

    let located = |v: &str, at: &Location| Located {
        value: v.to_string(),
        at: at.clone(),
    };
    let list = |v: &[String], at: &Location| Located {
        value: v.to_vec(),
        at: at.clone(),
    };
    let mut drafts = Drafts {
        records: Vec::with_capacity(records.len()),
        sectors: vocabulary,
        glossary: Vec::new(),
    };
    for def in &emitted {
        drafts.sectors.push(DraftSector {
            at: def.at.clone(),
            id: Some(located(&def.id, &def.at)),
            it: Some(located(&def.it, &def.at)),
            en: Some(located(&def.en, &def.at)),
            synonyms: def.synonyms.clone(),
        });
    }
    for r in &records {
        let at = &r.at;
        let sectors: Vec<String> = r
            .sectors
            .iter()
            .map(|&i| table.sectors[i].id.clone())
            .collect();
        drafts.records.push(DraftRecord {
            at: at.clone(),
            id: Some(located(&r.id, at)),
            kind: Some(located(r.kind.as_str(), at)),
            name: Some(located(&r.name, at)),
            name_en: r.name_en.as_deref().map(|v| located(v, at)),
            aliases: (!r.aliases.is_empty()).then(|| list(&r.aliases, at)),
            summary: r.summary.as_deref().map(|v| located(v, at)),
            city: r.city.as_deref().map(|v| located(v, at)),
            country: Some(list(&r.country, at)),
            region: (!r.region.is_empty()).then(|| list(&r.region, at)),
            sectors: Some(Located {
                value: sectors,
                at: at.clone(),
            }),
            partners: None,
            url: r.url.as_deref().map(|v| located(v, at)),
            source: Some(list(&r.source, at)),
            lang: None,
        });
    }
    validate(drafts, geo, true).map_err(DataErrors)?;

    let mut out = Vec::with_capacity(records.len() * 256);
    for def in &emitted {
        let line = SectorLine {
            kind: "sector",
            id: &def.id,
            it: &def.it,
            en: &def.en,
            synonyms: &def.synonyms,
        };
        serde_json::to_writer(&mut out, &line).expect("serializing to memory");
        out.push(b'\n');
        summary.sectors_written.push(def.id.clone());
    }
    for r in &records {
        let line = RecordLine {
            id: &r.id,
            kind: r.kind,
            name: &r.name,
            name_en: r.name_en.as_deref(),
            aliases: &r.aliases,
            summary: r.summary.as_deref(),
            city: r.city.as_deref(),
            country: &r.country,
            region: &r.region,
            sectors: r
                .sectors
                .iter()
                .map(|&i| table.sectors[i].id.as_str())
                .collect(),
            url: r.url.as_deref(),
            source: &r.source,
        };
        serde_json::to_writer(&mut out, &line).expect("serializing to memory");
        out.push(b'\n');
    }
    summary.written = records.len();
    summary.initiatives = records
        .iter()
        .filter(|r| r.kind == Kind::Initiative)
        .count();
    Ok(Outcome {
        jsonl: out,
        summary,
    })
}

/// A web address we keep: http(s), no spaces.
fn clean_url(raw: &str) -> Option<String> {
    let v = raw.trim();
    crate::data::schema::is_http_url(v).then(|| v.to_string())
}

/// Adds `v` (trimmed) to `list` unless empty, equal to `name`, or already there
/// (ignoring case).
fn push_alias(list: &mut Vec<String>, seen: &mut BTreeSet<String>, v: &str) {
    let v = v.trim();
    if !v.is_empty() && seen.insert(v.to_lowercase()) {
        list.push(v.to_string());
    }
}

/// Caps the number of problems reported for one input.
const MAX_PROBLEMS: usize = 200;

fn push_problem(problems: &mut Vec<Problem>, hidden: &mut usize, p: Problem) {
    if problems.len() < MAX_PROBLEMS {
        problems.push(p);
    } else {
        *hidden += 1;
    }
}

fn close_problems(mut problems: Vec<Problem>, hidden: usize, file: &str) -> Vec<Problem> {
    if hidden > 0 {
        problems.push(Problem::new(
            Location {
                file: file.to_string(),
                ..Default::default()
            },
            format!("{hidden} more problems not shown"),
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_accents_and_punctuation() {
        assert_eq!(
            name_key("Trentino-Alto Adige/Südtirol"),
            "trentino alto adige sudtirol"
        );
        assert_eq!(name_key("  Île-de-France "), "ile de france");
        assert_eq!(
            variants("Valle d'Aosta/Vallée d'Aoste"),
            [
                "Valle d'Aosta/Vallée d'Aoste",
                "Valle d'Aosta",
                "Vallée d'Aoste"
            ]
        );
        assert_eq!(
            variants("Turkey (Türkiye)"),
            ["Turkey (Türkiye)", "Turkey", "Türkiye"]
        );
        assert_eq!(
            variants("Catalunya [Cataluña]"),
            ["Catalunya [Cataluña]", "Catalunya", "Cataluña"]
        );
        assert_eq!(
            variants("Madrid, Comunidad de"),
            ["Madrid, Comunidad de", "Comunidad de Madrid"]
        );
    }

    #[test]
    fn places_match_labels_and_extra_names() {
        let geo = Geo::builtin();
        let places = Places::new(&geo, &Table::builtin_region_names()).unwrap();
        assert_eq!(places.country("it"), Some("IT".into()));
        assert_eq!(places.country("Italia"), Some("IT".into()));
        assert_eq!(places.country("Turkey (Türkiye)"), Some("TR".into()));
        assert_eq!(places.country("Atlantis"), None);
        assert_eq!(
            places.region("IT", "Sardegna"),
            RegionMatch::Found("IT-88".into())
        );
        assert_eq!(
            places.region("IT", "sardinia"),
            RegionMatch::Found("IT-88".into())
        );
        assert_eq!(
            places.region("IT", "Friuli-Venezia Giulia"),
            RegionMatch::Found("IT-36".into())
        );
        assert_eq!(
            places.region("IT", "Trentino-Alto Adige/Südtirol"),
            RegionMatch::Found("IT-32".into())
        );
        assert_eq!(
            places.region("IT", "Valle d'Aosta/Vallée d'Aoste"),
            RegionMatch::Found("IT-23".into())
        );
        assert_eq!(places.region("FR", "Sardegna"), RegionMatch::NotFound);
        assert_eq!(
            places.region("ES", "Cataluña"),
            RegionMatch::Found("ES-CT".into())
        );
        assert_eq!(
            places.region("ES", "Comunidad de Madrid"),
            RegionMatch::Found("ES-MD".into())
        );
    }

    #[test]
    fn places_match_cldr_labels_and_iso_codes_names() {
        let geo = Geo::builtin();
        let places = Places::new(&geo, &Table::builtin_region_names()).unwrap();
        let found = |cc: &str, name: &str| places.region(cc, name);
        let is = |code: &str| RegionMatch::Found(code.into());
        // CLDR's English and Italian names, and iso-codes' romanisation, kept as another name.
        for name in ["Seoul", "Seul", "Seoul-teukbyeolsi"] {
            assert_eq!(found("KR", name), is("KR-11"), "{name}");
        }
        for name in ["Bavaria", "Baviera", "Bayern"] {
            assert_eq!(found("DE", name), is("DE-BY"), "{name}");
        }
        // iso-codes' Italian translations that named other provinces no longer do.
        assert_eq!(found("CN", "Shaanxi"), is("CN-SN"));
        assert_eq!(found("CN", "Shanxi"), is("CN-SX"));
        assert_eq!(found("CN", "Xinjiang"), is("CN-XJ"));
        // CLDR 41's stale Iranian numbering is not used: IR-10 is Esfahan, not Khuzestan.
        assert_eq!(found("IR", "Esfahan"), is("IR-10"));
        assert_eq!(found("IR", "Khuzestan"), is("IR-06"));
        // A name CLDR gives to two codes goes to one only.
        assert_eq!(found("US", "Washington"), is("US-WA"));
        assert_eq!(found("US", "Washington DC"), is("US-DC"));
        assert_eq!(found("US", "District of Columbia"), is("US-DC"));
    }

    #[test]
    fn urls_must_be_http() {
        assert_eq!(
            clean_url(" https://a.example/x\u{a0}"),
            Some("https://a.example/x".into())
        );
        assert_eq!(
            clean_url("HTTP://A.EXAMPLE"),
            Some("HTTP://A.EXAMPLE".into())
        );
        assert_eq!(clean_url("www.a.example"), None);
        assert_eq!(clean_url("http//a.example"), None);
        assert_eq!(clean_url("https://a b"), None);
    }

    #[test]
    fn flat_rules_follow_the_documented_order() {
        let table = Table {
            name: "t.tsv".into(),
            text: "source\tword\tsector_id\tit\ten\n*\teducation\tedu\tIstruzione\tEducation\n\
                   s\t84.*\tgov\tPA\tGovernment\ns\t84.1*\tedu\ns\t*\t-\n*\t*\tother\tAltro\tOther\n"
                .into(),
        };
        let t = SectorTable::parse_flat(&table).unwrap();
        let id = |m: Mapped| match m {
            Mapped::Rule(Target::Sector(i)) | Mapped::CatchAll(i) => t.sectors[i].id.clone(),
            Mapped::Rule(Target::Ignore) => "-".into(),
        };
        assert_eq!(id(t.lookup("x", "Education")), "edu");
        assert_eq!(id(t.lookup("s", "84.11.10")), "edu");
        assert_eq!(id(t.lookup("s", "84.20")), "gov");
        assert_eq!(id(t.lookup("s", "education")), "-"); // the source's own "*" comes first
        assert!(matches!(t.lookup("x", "whatever"), Mapped::CatchAll(_)));
    }
}
