//! `ricerca import ror`: partner records from a ROR v2 data dump.
//!
//! The dump is one JSON array of organisations (`.json`, or gzip-compressed,
//! recognised by its content). Each active organisation becomes a partner:
//!
//! | ROR                                           | record |
//! |-----------------------------------------------|--------|
//! | `id` `https://ror.org/02wsvah33`              | `id` `ror-02wsvah33`, `source` the full URL |
//! | name with type `ror_display`                  | `name` |
//! | first `label` in English, if the display name is not English | `name_en` |
//! | other labels, `alias` and `acronym` names     | `aliases` (duplicates ignoring case removed) |
//! | `locations[].geonames_details.country_code`   | `country` (every valid ISO code, in order) |
//! | `country_subdivision_code` (`25`, or `IT-25`) | `region` (ISO 3166-2 in the geo table; else matched by `country_subdivision_name`; else dropped and counted) |
//! | first location's `name`                       | `city` |
//! | first `links[]` of type `website`             | `url` (http/https only, else dropped and counted) |
//! | `types[]`                                     | `sectors`, through `data/import/ror-types.tsv` |
//!
//! Records whose `status` is `inactive` or `withdrawn` are skipped unless
//! `include_inactive` is set; records with no valid country are skipped.
//! A record without `id`, `names` (with a `ror_display` name), `types`,
//! `status` or `locations` is a located problem: nothing is written.

use super::{
    clean_url, close_problems, finish, push_alias, push_problem, read_input, read_tables, Imported,
    Outcome, Places, RegionMatch, SectorTable, Summary, Table,
};
use crate::data::geo::Geo;
use crate::data::problem::{DataErrors, Location, Problem};
use crate::model::Kind;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Settings of a ROR import.
#[derive(Debug, Clone)]
pub struct RorOptions {
    /// Also import `inactive` and `withdrawn` organisations.
    pub include_inactive: bool,
    /// ROR type → sector table (`data/import/ror-types.tsv` layout).
    pub types: Table,
    /// Extra region names (`data/import/region-names.tsv` layout).
    pub regions: Table,
    /// Data files or directories whose sectors are reused rather than written.
    pub vocabulary: Vec<PathBuf>,
}

impl Default for RorOptions {
    fn default() -> Self {
        RorOptions {
            include_inactive: false,
            types: RorOptions::builtin_types(),
            regions: Table::builtin_region_names(),
            vocabulary: Vec::new(),
        }
    }
}

impl RorOptions {
    /// `data/import/ror-types.tsv` as compiled into this program.
    pub fn builtin_types() -> Table {
        Table {
            name: "data/import/ror-types.tsv".into(),
            text: include_str!("../../data/import/ror-types.tsv").into(),
        }
    }
}

#[derive(Deserialize)]
struct RorOrg {
    id: Option<String>,
    names: Option<Vec<RorName>>,
    types: Option<Vec<String>>,
    status: Option<String>,
    locations: Option<Vec<RorLocation>>,
    links: Option<Vec<RorLink>>,
}

#[derive(Deserialize)]
struct RorName {
    value: String,
    #[serde(default)]
    types: Vec<String>,
    lang: Option<String>,
}

#[derive(Deserialize)]
struct RorLocation {
    geonames_details: Option<Geonames>,
}

#[derive(Deserialize)]
struct Geonames {
    country_code: Option<String>,
    country_subdivision_code: Option<String>,
    country_subdivision_name: Option<String>,
    name: Option<String>,
}

#[derive(Deserialize)]
struct RorLink {
    #[serde(rename = "type")]
    kind: Option<String>,
    value: Option<String>,
}

/// Imports the ROR dump at `path` (`-`: standard input).
pub fn import(path: &Path, opts: &RorOptions) -> Result<Outcome, DataErrors> {
    let file = path.display().to_string();
    let text = match read_input(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|e| {
            format!(
                "not UTF-8 (first bad byte at offset {})",
                e.utf8_error().valid_up_to()
            )
        }),
        Err(e) => Err(e.to_string()),
    };
    let text = text.map_err(|e| {
        DataErrors(vec![Problem::new(
            Location {
                file: file.clone(),
                ..Default::default()
            },
            format!("cannot read: {e}"),
        )])
    })?;
    import_str(&file, &text, opts)
}

/// Imports a ROR dump's `text`, reporting problems against `file`.
pub fn import_str(file: &str, text: &str, opts: &RorOptions) -> Result<Outcome, DataErrors> {
    let geo = Geo::builtin();
    let mut problems = Vec::new();
    let sectors = SectorTable::parse_ror(&opts.types);
    let tables = read_tables(
        sectors,
        &geo,
        &opts.regions,
        &opts.vocabulary,
        &mut problems,
    );
    let elements = split_array(text).map_err(|(offset, message)| {
        problems.push(
            Problem::new(Location::at_offset(file, text, offset), message)
                .expected("a ROR v2 data dump: one JSON array of organisations"),
        )
    });
    let (Some((table, places, vocabulary)), Ok(elements)) = (tables, elements) else {
        return Err(DataErrors(problems));
    };

    let mut summary = Summary::default();
    let mut records = Vec::new();
    let mut hidden = 0;
    let mut cursor = Cursor::new(text);
    for (start, end) in elements {
        summary.read += 1;
        let at = cursor.at(file, start);
        let slice = &text[start..end];
        let org: RorOrg = match serde_json::from_str(slice) {
            Ok(o) => o,
            Err(e) => {
                let offset = start + offset_in(slice, e.line(), e.column());
                let err_at = cursor.at(file, offset);
                let message = e.to_string();
                let message = message
                    .rsplit_once(" at line ")
                    .map_or(message.as_str(), |(m, _)| m);
                push_problem(
                    &mut problems,
                    &mut hidden,
                    Problem::new(err_at, format!("invalid ROR record: {message}"))
                        .expected("an organisation in the ROR v2 schema"),
                );
                continue;
            }
        };
        match convert(
            org,
            at,
            &table,
            &places,
            opts.include_inactive,
            &mut summary,
        ) {
            Ok(Some(r)) => records.push(r),
            Ok(None) => {}
            Err(p) => push_problem(&mut problems, &mut hidden, *p),
        }
    }
    if !problems.is_empty() {
        return Err(DataErrors(close_problems(problems, hidden, file)));
    }
    finish(records, &table, vocabulary, &geo, summary)
}

/// Turns one organisation into a record; `Ok(None)` when it is skipped. Stages:
/// the id, the required fields, the display name, the status, the places, the
/// other names, the sectors, the website.
fn convert(
    org: RorOrg,
    at: Location,
    table: &SectorTable,
    places: &Places,
    include_inactive: bool,
    summary: &mut Summary,
) -> Result<Option<Imported>, Box<Problem>> {
    let (id, raw_id) = ror_id(org.id.as_deref(), &at)?;
    let rid = Some(id.as_str());
    let missing = |field: &str, expected: &str| {
        Box::new(
            Problem::new(at.clone(), "missing required field")
                .record(rid)
                .field(field)
                .expected(expected),
        )
    };
    let names = org
        .names
        .ok_or_else(|| missing("names", "an array of names, one with type \"ror_display\""))?;
    let types = org
        .types
        .ok_or_else(|| missing("types", "an array of ROR types, like [\"education\"]"))?;
    let status = org
        .status
        .ok_or_else(|| missing("status", "\"active\", \"inactive\" or \"withdrawn\""))?;
    let locations = org
        .locations
        .ok_or_else(|| missing("locations", "an array of locations with geonames_details"))?;
    let display = display_name(&names, &at, rid)?;
    let name = display.value.trim().to_string();
    if !keep_status(&status, include_inactive, &at, rid, summary)? {
        return Ok(None);
    }
    let (country, region, city) = places_of(&locations, places, summary);
    if country.is_empty() {
        summary.skip("no valid country");
        return Ok(None);
    }
    let (name_en, aliases) = other_names(&names, display, &name);
    Ok(Some(Imported {
        at,
        id,
        kind: Kind::Partner,
        name,
        name_en,
        aliases,
        summary: None,
        city,
        country,
        region,
        sectors: sectors_of(&types, table, summary),
        url: website(org.links.as_deref().unwrap_or_default(), summary),
        source: vec![raw_id],
    }))
}

/// `ror-<suffix>` from `https://ror.org/<suffix>`, and the id as written.
fn ror_id(raw: Option<&str>, at: &Location) -> Result<(String, String), Box<Problem>> {
    let raw = raw.ok_or_else(|| {
        Box::new(
            Problem::new(at.clone(), "missing required field")
                .field("id")
                .expected("the ROR id, like \"https://ror.org/02wsvah33\""),
        )
    })?;
    let raw = raw.trim();
    let suffix = raw
        .strip_prefix("https://ror.org/")
        .or_else(|| raw.strip_prefix("http://ror.org/"))
        .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    let Some(suffix) = suffix else {
        return Err(Box::new(
            Problem::new(at.clone(), format!("\"{raw}\" is not a ROR id"))
                .field("id")
                .expected("an address like \"https://ror.org/02wsvah33\""),
        ));
    };
    Ok((
        format!("ror-{}", suffix.to_ascii_lowercase()),
        raw.to_string(),
    ))
}

/// The name typed `ror_display`, which must not be empty.
fn display_name<'n>(
    names: &'n [RorName],
    at: &Location,
    rid: Option<&str>,
) -> Result<&'n RorName, Box<Problem>> {
    let problem = |message: &str, expected: &str| {
        Box::new(
            Problem::new(at.clone(), message)
                .record(rid)
                .field("names")
                .expected(expected),
        )
    };
    let display = names
        .iter()
        .find(|n| n.types.iter().any(|t| t == "ror_display"))
        .ok_or_else(|| {
            problem(
                "no name has the type \"ror_display\"",
                "one name with types [\"ror_display\", …]",
            )
        })?;
    if display.value.trim().is_empty() {
        return Err(problem("the ror_display name is empty", "a name"));
    }
    Ok(display)
}

/// Whether an organisation of this status is imported (inactive and withdrawn
/// ones only with `--include-inactive`); an unknown status is a problem.
fn keep_status(
    status: &str,
    include_inactive: bool,
    at: &Location,
    rid: Option<&str>,
    summary: &mut Summary,
) -> Result<bool, Box<Problem>> {
    match status {
        "active" => Ok(true),
        "inactive" | "withdrawn" if include_inactive => Ok(true),
        "inactive" | "withdrawn" => {
            summary.skip(status);
            Ok(false)
        }
        other => Err(Box::new(
            Problem::new(at.clone(), format!("unknown status \"{other}\""))
                .record(rid)
                .field("status")
                .expected("\"active\", \"inactive\" or \"withdrawn\""),
        )),
    }
}

/// Countries, regions and the first city of the locations, in order; what
/// cannot be mapped is counted in the summary.
fn places_of(
    locations: &[RorLocation],
    places: &Places,
    summary: &mut Summary,
) -> (Vec<String>, Vec<String>, Option<String>) {
    let (mut country, mut region, mut city) = (Vec::new(), Vec::new(), None);
    for loc in locations.iter().filter_map(|l| l.geonames_details.as_ref()) {
        let raw_cc = loc.country_code.as_deref().unwrap_or("").trim();
        let Some(cc) = places
            .country(raw_cc)
            .filter(|c| raw_cc.len() == 2 && c.eq_ignore_ascii_case(raw_cc))
        else {
            *summary
                .unmapped_countries
                .entry(format!("\"{raw_cc}\""))
                .or_default() += 1;
            continue;
        };
        if !country.contains(&cc) {
            country.push(cc.clone());
        }
        if city.is_none() {
            city = trimmed(loc.name.as_deref()).map(str::to_string);
        }
        if let Some(code) = region_of(loc, &cc, places, summary) {
            summary.regions += 1;
            if !region.contains(&code) {
                region.push(code);
            }
        }
    }
    (country, region, city)
}

fn trimmed(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|c| !c.is_empty())
}

/// The ISO 3166-2 code of a location in country `cc`: its subdivision code when
/// valid, else its subdivision name looked up; `None` (counted) otherwise.
fn region_of(loc: &Geonames, cc: &str, places: &Places, summary: &mut Summary) -> Option<String> {
    let code = trimmed(loc.country_subdivision_code.as_deref());
    let sub_name = trimmed(loc.country_subdivision_name.as_deref());
    if code.is_none() && sub_name.is_none() {
        return None;
    }
    let full = code.map(|c| {
        let c = c.to_ascii_uppercase();
        if c.contains('-') {
            c
        } else {
            format!("{cc}-{c}")
        }
    });
    if let Some(f) = full
        .as_ref()
        .filter(|f| f.starts_with(&format!("{cc}-")) && places.geo().is_subdivision(f))
    {
        return Some(f.clone());
    }
    if let Some(RegionMatch::Found(c)) = sub_name.map(|n| places.region(cc, n)) {
        summary.regions_by_name += 1;
        return Some(c);
    }
    summary.drop_value("regions not mapped");
    let shown = match (&full, sub_name) {
        (Some(code), Some(n)) => format!("{code} \"{n}\""),
        (Some(code), None) => code.clone(),
        (None, n) => format!("{cc} \"{}\" (no code)", n.unwrap_or("")),
    };
    *summary.unmapped_regions.entry(shown).or_default() += 1;
    None
}

/// The English label (when the display name is not English) and the other
/// labels, aliases and acronyms, without repeats.
fn other_names(names: &[RorName], display: &RorName, name: &str) -> (Option<String>, Vec<String>) {
    let not_english = display.lang.as_deref() != Some("en");
    let name_en = names
        .iter()
        .filter(|n| {
            not_english && n.lang.as_deref() == Some("en") && n.types.iter().any(|t| t == "label")
        })
        .map(|n| n.value.trim())
        .find(|v| !v.is_empty() && *v != name)
        .map(str::to_string);
    let mut seen: BTreeSet<String> = [Some(name), name_en.as_deref()]
        .into_iter()
        .flatten()
        .map(str::to_lowercase)
        .collect();
    let mut aliases = Vec::new();
    for n in names.iter().filter(|n| !std::ptr::eq(*n, display)) {
        if n.types
            .iter()
            .any(|t| t == "label" || t == "alias" || t == "acronym")
        {
            push_alias(&mut aliases, &mut seen, &n.value);
        }
    }
    (name_en, aliases)
}

/// Sectors from the ROR types by the table (the catch-all when none maps).
fn sectors_of(types: &[String], table: &SectorTable, summary: &mut Summary) -> Vec<usize> {
    let mut sectors = Vec::new();
    for t in types {
        let target = match table.lookup("*", t) {
            super::Mapped::Rule(target) => target,
            super::Mapped::CatchAll(i) => {
                *summary.unmapped_words.entry(t.clone()).or_default() += 1;
                super::Target::Sector(i)
            }
        };
        if let super::Target::Sector(i) = target {
            if !sectors.contains(&i) {
                sectors.push(i);
            }
        }
    }
    if sectors.is_empty() {
        sectors.push(table.catch_all);
    }
    sectors
}

/// The first http(s) link of type `website`.
fn website(links: &[RorLink], summary: &mut Summary) -> Option<String> {
    for link in links
        .iter()
        .filter(|l| l.kind.as_deref() == Some("website"))
    {
        match link.value.as_deref().and_then(clean_url) {
            Some(u) => return Some(u),
            None => summary.drop_value("urls not http(s)"),
        }
    }
    None
}

/// The byte ranges of the elements of the top-level JSON array in `text`, or
/// the offset and description of what is wrong with the array itself.
fn split_array(text: &str) -> Result<Vec<(usize, usize)>, (usize, String)> {
    let b = text.as_bytes();
    let ws = |mut i: usize| {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    };
    let mut i = ws(if text.starts_with('\u{feff}') { 3 } else { 0 });
    if b.get(i) != Some(&b'[') {
        return Err((
            i,
            if i == b.len() {
                "empty file".into()
            } else {
                "not a JSON array".into()
            },
        ));
    }
    i += 1;
    let mut out = Vec::new();
    loop {
        i = ws(i);
        match b.get(i) {
            None => {
                return Err((
                    i,
                    "unexpected end of file: the array is not closed (truncated file?)".into(),
                ))
            }
            Some(b']') if out.is_empty() => {
                i += 1;
                break;
            }
            Some(b']') => return Err((i, "a comma before the closing ']'".into())),
            Some(_) => {}
        }
        let start = i;
        i = scan_value(b, i)?;
        out.push((start, i));
        i = ws(i);
        match b.get(i) {
            Some(b',') => i += 1,
            Some(b']') => {
                i += 1;
                break;
            }
            None => {
                return Err((
                    i,
                    "unexpected end of file: the array is not closed (truncated file?)".into(),
                ))
            }
            Some(_) => return Err((i, "expected ',' or ']' after an organisation".into())),
        }
    }
    let end = ws(i);
    if end != b.len() {
        return Err((end, "unexpected text after the array".into()));
    }
    Ok(out)
}

/// The end (exclusive) of the JSON value starting at `start`. Brackets are only
/// counted here; serde checks the value itself.
fn scan_value(b: &[u8], start: usize) -> Result<usize, (usize, String)> {
    let truncated = || {
        (
            start,
            "this organisation is cut off by the end of the file (truncated file?)".to_string(),
        )
    };
    let mut i = start;
    match b[i] {
        b'{' | b'[' => {
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b'"' => i = skip_string(b, i).ok_or_else(truncated)? - 1,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Ok(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            Err(truncated())
        }
        b'"' => skip_string(b, i).ok_or_else(truncated),
        _ => {
            while i < b.len() && !matches!(b[i], b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
            {
                i += 1;
            }
            Ok(i)
        }
    }
}

/// The offset just past the string starting at `i` (a `"`), if it is closed.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The byte offset in `slice` of serde's 1-based line and column.
fn offset_in(slice: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (n, l) in slice.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            offset += column.saturating_sub(1).min(l.len());
            break;
        }
        offset += l.len();
    }
    let mut offset = offset.min(slice.len());
    while !slice.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Turns increasing byte offsets into line and column in one pass over the text.
struct Cursor<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
    column: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    fn at(&mut self, file: &str, offset: usize) -> Location {
        if offset < self.offset {
            return Location::at_offset(file, self.text, offset);
        }
        for &b in &self.text.as_bytes()[self.offset..offset] {
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        self.offset = offset;
        Location {
            file: file.to_string(),
            line: self.line,
            column: self.column,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org(extra: &str) -> String {
        format!(
            r#"{{"id":"https://ror.org/01abcde23","names":[{{"value":"Ente di prova","types":["ror_display","label"],"lang":"it"}},
            {{"value":"Test body","types":["label"],"lang":"en"}},{{"value":"EDP","types":["acronym"],"lang":null}}],
            "types":["education","mystery"],"status":"active","locations":[{{"geonames_details":{{"country_code":"IT",
            "country_subdivision_code":"88","country_subdivision_name":"Sardinia","name":"Cagliari"}}}}],
            "links":[{{"type":"website","value":"www.example.it"}},{{"type":"website","value":"https://example.it"}}]{extra}}}"#
        )
    }

    #[test]
    fn converts_one_organisation() {
        let text = format!("[{}]", org(""));
        let out = import_str("t.json", &text, &RorOptions::default()).unwrap();
        let lines: Vec<serde_json::Value> = String::from_utf8(out.jsonl)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let rec = lines.last().unwrap();
        assert_eq!(rec["id"], "ror-01abcde23");
        assert_eq!(rec["name"], "Ente di prova");
        assert_eq!(rec["name_en"], "Test body");
        assert_eq!(rec["aliases"], serde_json::json!(["EDP"]));
        assert_eq!(rec["region"], serde_json::json!(["IT-88"]));
        assert_eq!(rec["city"], "Cagliari");
        assert_eq!(rec["url"], "https://example.it");
        assert_eq!(
            rec["sectors"],
            serde_json::json!(["org-education", "org-other"])
        );
        assert_eq!(
            rec["source"],
            serde_json::json!(["https://ror.org/01abcde23"])
        );
        assert_eq!(out.summary.unmapped_words.get("mystery"), Some(&1));
        assert_eq!(out.summary.dropped.get("urls not http(s)"), Some(&1));
        assert_eq!(out.summary.sectors_written, ["org-education", "org-other"]);
    }

    #[test]
    fn any_truncation_is_a_problem_not_a_panic() {
        let text = format!("[{}, {}]", org(""), org(""));
        for (cut, _) in text.char_indices().skip(1) {
            assert!(split_array(&text[..cut]).is_err(), "cut at {cut}");
        }
        let cut = text.find("\"types\":[\"education\"").unwrap();
        let err = import_str("t.json", &text[..cut], &RorOptions::default()).unwrap_err();
        assert_eq!((err.0[0].at.line, err.0[0].at.column), (1, 2), "{err}");
    }

    #[test]
    fn array_errors_are_located() {
        assert!(split_array("[1, 2]").is_ok());
        assert_eq!(split_array("[]").unwrap(), vec![]);
        assert!(split_array("[{\"a\": \"]}\"}")
            .unwrap_err()
            .1
            .contains("truncated"));
        assert!(split_array("[{}, {}").unwrap_err().1.contains("truncated"));
        assert!(split_array("[{},]").is_err());
        assert!(split_array("{}").is_err());
        let text = "[\n{\"id\": \"https://ror.org/0x\", \"names\": 5}\n]";
        let err = import_str("t.json", text, &RorOptions::default()).unwrap_err();
        assert_eq!(err.0[0].at.line, 2);
        assert!(err.0[0].at.column > 20, "{:?}", err.0[0]);
    }
}
