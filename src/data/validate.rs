//! Turns drafts into a validated [`Directory`], collecting every problem.

use super::draft::{DraftRecord, Drafts, Located};
use super::geo::Geo;
use super::problem::{did_you_mean, Location, Problem};
use super::schema;
use crate::model::{Directory, Kind, Record, Sector};
use crate::text::fold;
use crate::unicode_fold::UnicodeFolder;
use std::collections::{hash_map::Entry, BTreeSet, HashMap};

/// Validates `drafts` against `geo`; returns the directory or every problem found.
/// With `check_links` false, partner ids are not resolved (some input could not be read).
pub fn validate(drafts: Drafts, geo: &Geo, check_links: bool) -> Result<Directory, Vec<Problem>> {
    let mut problems = Vec::new();
    let sectors = validate_sectors(&drafts, &mut problems);
    let sector_ids: BTreeSet<&str> = sectors.iter().map(|s| s.id.as_str()).collect();

    // First pass: ids and kinds, so that links can be checked in the second. Hash maps: a
    // tree compares ids byte by byte, and ids share long prefixes (`https-ror-org-0…`).
    let mut first_seen: HashMap<&str, &Location> = HashMap::with_capacity(drafts.records.len());
    let mut kinds: Kinds = HashMap::with_capacity(drafts.records.len());
    for d in &drafts.records {
        let Some(id) = &d.id else { continue };
        match first_seen.entry(&id.value) {
            Entry::Occupied(prev) => problems.push(
                Problem::new(
                    id.at.clone(),
                    format!(
                        "duplicate id \"{}\", first used at {}",
                        id.value,
                        prev.get()
                    ),
                )
                .field("id")
                .expected("an id used by one record only"),
            ),
            Entry::Vacant(slot) => {
                slot.insert(&id.at);
                if let Some(k) = d.kind.as_ref().and_then(|k| Kind::parse(&k.value)) {
                    kinds.insert(&id.value, k);
                }
            }
        }
    }

    let mut records = Vec::with_capacity(drafts.records.len());
    for d in &drafts.records {
        if let Some(r) = validate_record(d, geo, &sector_ids, &kinds, check_links, &mut problems) {
            records.push(r);
        }
    }
    let glossary = super::glossary::validate(&drafts.glossary, &mut problems);
    if problems.is_empty() {
        Ok(Directory {
            records,
            sectors,
            glossary,
        })
    } else {
        problems.sort_by(|a, b| a.at.cmp(&b.at));
        Err(problems)
    }
}

/// Each record id's kind (records whose kind is known).
type Kinds<'a> = HashMap<&'a str, Kind>;

fn validate_sectors(drafts: &Drafts, problems: &mut Vec<Problem>) -> Vec<Sector> {
    let mut out: Vec<Sector> = Vec::new();
    for d in &drafts.sectors {
        let id = required(
            &d.id,
            &d.at,
            None,
            "id",
            "a sector id such as \"oncology\"",
            problems,
        );
        let it = required(
            &d.it,
            &d.at,
            id.map(|i| i.value.as_str()),
            "it",
            "the Italian label",
            problems,
        );
        let en = required(
            &d.en,
            &d.at,
            id.map(|i| i.value.as_str()),
            "en",
            "the English label",
            problems,
        );
        let (Some(id), Some(it), Some(en)) = (id, it, en) else {
            continue;
        };
        if !is_slug(&id.value) {
            problems.push(bad_slug(id, "id"));
            continue;
        }
        if out.iter().any(|s| s.id == id.value) {
            problems.push(
                Problem::new(
                    id.at.clone(),
                    format!("duplicate sector id \"{}\"", id.value),
                )
                .field("id")
                .expected("each sector defined once"),
            );
            continue;
        }
        out.push(Sector {
            id: id.value.clone(),
            label_it: it.value.clone(),
            label_en: en.value.clone(),
            synonyms: d.synonyms.clone(),
        });
    }
    out
}

fn required<'a, T>(
    field: &'a Option<Located<T>>,
    record_at: &Location,
    id: Option<&str>,
    name: &str,
    expected: &str,
    problems: &mut Vec<Problem>,
) -> Option<&'a Located<T>> {
    if field.is_none() {
        problems.push(
            Problem::new(record_at.clone(), "missing required field")
                .record(id)
                .field(name)
                .expected(expected),
        );
    }
    field.as_ref()
}

/// Lowercase ASCII letters, digits and single hyphens: `tcar-taranto`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_' || b == b'.'
        })
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn bad_slug(id: &Located<String>, field: &str) -> Problem {
    Problem::new(id.at.clone(), format!("\"{}\" is not a valid id", id.value))
        .field(field)
        .expected("lowercase letters, digits, '-', '_' or '.', like \"tcar-taranto\"")
}

fn non_empty(
    f: &Option<Located<String>>,
    id: Option<&str>,
    name: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let f = f.as_ref()?;
    let v = f.value.trim();
    if v.is_empty() {
        problems.push(
            Problem::new(f.at.clone(), "empty text")
                .record(id)
                .field(name)
                .expected("some text, or leave the field out"),
        );
        return None;
    }
    Some(v.to_string())
}

/// Every field against the schema's limits: how many values, how long each is,
/// and no control characters (located by character position).
fn check_limits(d: &DraftRecord, id: Option<&str>, problems: &mut Vec<Problem>) {
    for (field, value) in d.values() {
        let strings = value.strings();
        let at = value.at();
        let problem = |message: String| {
            Problem::new(at.clone(), message)
                .record(id)
                .field(field.name)
        };
        if strings.len() > field.max_values {
            problems.push(
                problem(format!("{} values", strings.len()))
                    .expected(format!("at most {} values", field.max_values)),
            );
        }
        for s in strings {
            let chars = s.chars().count();
            if chars > field.max_chars {
                problems.push(
                    problem(format!("a value of {chars} characters"))
                        .expected(format!("at most {} characters", field.max_chars)),
                );
            } else if let Some((pos, c)) = schema::bad_char(field, s) {
                problems.push(
                    problem(format!(
                        "control character U+{:04X} at character {pos} of \"{}\"",
                        c as u32,
                        s.escape_debug()
                    ))
                    .expected("text without control characters"),
                );
            }
        }
    }
}

/// What every record is checked against, and the record's own id for messages.
struct Ctx<'a> {
    geo: &'a Geo,
    sector_ids: &'a BTreeSet<&'a str>,
    kinds: &'a Kinds<'a>,
    check_links: bool,
    /// The record's id as written (for messages), when it has one.
    id: Option<&'a str>,
}

impl Ctx<'_> {
    /// A problem about `field` of this record at `at`.
    fn problem(&self, at: &Location, field: &str, message: impl Into<String>) -> Problem {
        Problem::new(at.clone(), message)
            .record(self.id)
            .field(field)
    }
}

/// One record, stage by stage: limits, identity, texts, places, sectors,
/// partners, URL, sources. `None` when any stage found a problem.
fn validate_record(
    d: &DraftRecord,
    geo: &Geo,
    sector_ids: &BTreeSet<&str>,
    kinds: &Kinds,
    check_links: bool,
    problems: &mut Vec<Problem>,
) -> Option<Record> {
    let before = problems.len();
    let c = Ctx {
        geo,
        sector_ids,
        kinds,
        check_links,
        id: d.id.as_ref().map(|i| i.value.as_str()),
    };
    check_limits(d, c.id, problems);
    let (id, kind) = identity(d, &c, problems);
    required(
        &d.name,
        &d.at,
        c.id,
        "name",
        "the name as the source gives it",
        problems,
    );
    let name = non_empty(&d.name, c.id, "name", problems);
    let name_en = non_empty(&d.name_en, c.id, "name_en", problems);
    let summary = non_empty(&d.summary, c.id, "summary", problems);
    let city = non_empty(&d.city, c.id, "city", problems);
    let countries = countries(d, &c, problems);
    let regions = regions(d, &c, &countries, problems);
    let sectors = sectors(d, &c, problems);
    let partners = partners(d, &c, kind, problems);
    let url = url(d, &c, problems);
    let sources = sources(d, &c, problems);
    let lang = lang(d, &c, problems);
    let aliases = d.aliases.as_ref().map_or_else(Vec::new, |a| {
        a.value
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    });
    if problems.len() > before {
        return None;
    }
    Some(Record {
        id: id?,
        kind: kind?,
        name: name?,
        name_en,
        aliases,
        summary,
        city,
        countries,
        regions,
        sectors,
        partners,
        url,
        sources,
        lang,
    })
}

/// `lang`: a BCP 47 primary language tag ([`schema::is_language_tag`]), kept in
/// lower case.
fn lang(d: &DraftRecord, c: &Ctx<'_>, problems: &mut Vec<Problem>) -> Option<String> {
    let l = d.lang.as_ref()?;
    let v = l.value.trim();
    if !schema::is_language_tag(v) {
        problems.push(
            c.problem(&l.at, "lang", format!("\"{v}\" is not a language tag"))
                .expected("a BCP 47 primary language tag of 2 or 3 letters, like \"it\" or \"en\""),
        );
        return None;
    }
    Some(v.to_ascii_lowercase())
}

/// `id` (a slug) and `kind` (initiative or partner).
fn identity(
    d: &DraftRecord,
    c: &Ctx<'_>,
    problems: &mut Vec<Problem>,
) -> (Option<String>, Option<Kind>) {
    let id = required(
        &d.id,
        &d.at,
        None,
        "id",
        "a stable slug such as \"tcar-taranto\"",
        problems,
    );
    if let Some(id) = id.filter(|id| !is_slug(&id.value)) {
        problems.push(bad_slug(id, "id"));
    }
    let kind = required(
        &d.kind,
        &d.at,
        c.id,
        "kind",
        "\"initiative\" or \"partner\"",
        problems,
    )
    .and_then(|k| {
        let parsed = Kind::parse(&k.value);
        if parsed.is_none() {
            problems.push(
                c.problem(&k.at, "kind", format!("unknown kind \"{}\"", k.value))
                    .expected("\"initiative\" or \"partner\"")
                    .hint(did_you_mean(&k.value, ["initiative", "partner"])),
            );
        }
        parsed
    });
    (id.map(|i| i.value.clone()), kind)
}

/// `country`: one or more ISO 3166-1 codes; a country's name gets its code as a hint.
fn countries(d: &DraftRecord, c: &Ctx<'_>, problems: &mut Vec<Problem>) -> Vec<String> {
    let expected = "one or more ISO 3166-1 alpha-2 codes, like [\"IT\"]";
    let Some(list) = required(&d.country, &d.at, c.id, "country", expected, problems) else {
        return Vec::new();
    };
    if list.value.is_empty() {
        problems.push(
            c.problem(&list.at, "country", "empty list")
                .expected("at least one ISO 3166-1 alpha-2 code"),
        );
    }
    let folder = |s: &str| fold(&UnicodeFolder, s);
    for code in list.value.iter().filter(|code| !c.geo.is_country(code)) {
        let named = c
            .geo
            .codes_named(code, folder)
            .into_iter()
            .find(|k| !k.contains('-'));
        let hint = match named {
            Some(k) => Some(format!("did you mean \"{k}\"?")),
            None => did_you_mean(code, c.geo.country_codes()),
        };
        problems.push(
            c.problem(
                &list.at,
                "country",
                format!("unknown country code \"{code}\""),
            )
            .expected("an ISO 3166-1 alpha-2 code such as \"IT\"")
            .hint(hint),
        );
    }
    list.value.clone()
}

/// `region`: ISO 3166-2 codes, each in one of the record's countries.
fn regions(
    d: &DraftRecord,
    c: &Ctx<'_>,
    countries: &[String],
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let Some(list) = &d.region else {
        return Vec::new();
    };
    let folder = |s: &str| fold(&UnicodeFolder, s);
    for code in &list.value {
        let country = code.split('-').next().unwrap_or("");
        if !c.geo.is_subdivision(code) {
            let named = c.geo.codes_named(code, folder);
            let hint = named
                .iter()
                .find(|k| {
                    k.contains('-') && countries.iter().any(|n| k.starts_with(&format!("{n}-")))
                })
                .map(|k| format!("did you mean \"{k}\"?"))
                .or_else(|| did_you_mean(code, c.geo.subdivision_codes(None)));
            problems.push(
                c.problem(
                    &list.at,
                    "region",
                    format!("unknown region code \"{code}\""),
                )
                .expected("an ISO 3166-2 code such as \"IT-25\" (Lombardia)")
                .hint(hint),
            );
        } else if !countries.iter().any(|k| k == country) {
            problems.push(
                c.problem(
                    &list.at,
                    "region",
                    format!("region \"{code}\" is not in the record's countries {countries:?}"),
                )
                .expected(format!(
                    "a region of {}, or add \"{country}\" to \"country\"",
                    countries.join(", ")
                )),
            );
        }
    }
    list.value.clone()
}

/// `sectors`: one or more ids from the vocabulary.
fn sectors(d: &DraftRecord, c: &Ctx<'_>, problems: &mut Vec<Problem>) -> Vec<String> {
    let expected = "one or more sector ids from the vocabulary";
    let Some(list) = required(&d.sectors, &d.at, c.id, "sectors", expected, problems) else {
        return Vec::new();
    };
    if list.value.is_empty() {
        problems.push(
            c.problem(&list.at, "sectors", "empty list")
                .expected("at least one sector id"),
        );
    }
    for sid in list
        .value
        .iter()
        .filter(|s| !c.sector_ids.contains(s.as_str()))
    {
        problems.push(
            c.problem(&list.at, "sectors", format!("unknown sector \"{sid}\""))
                .expected("an id defined in a [[sector]] table")
                .hint(did_you_mean(sid, c.sector_ids.iter().copied())),
        );
    }
    list.value.clone()
}

/// `partners`: ids of partner records (only on initiatives), without repeats.
fn partners(
    d: &DraftRecord,
    c: &Ctx<'_>,
    kind: Option<Kind>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let Some(list) = &d.partners else {
        return Vec::new();
    };
    if kind == Some(Kind::Partner) && !list.value.is_empty() {
        problems.push(
            c.problem(&list.at, "partners", "a partner cannot list partners")
                .expected("partners listed on the initiative; a partner's initiatives are derived"),
        );
    }
    for pid in &list.value {
        let problem = match c.kinds.get(pid.as_str()) {
            Some(Kind::Partner) => continue,
            None if !c.check_links => continue,
            Some(Kind::Initiative) => c
                .problem(
                    &list.at,
                    "partners",
                    format!("\"{pid}\" is an initiative, not a partner"),
                )
                .expected("ids of records with kind = \"partner\""),
            None => {
                let partners = c
                    .kinds
                    .iter()
                    .filter(|(_, k)| **k == Kind::Partner)
                    .map(|(i, _)| *i);
                c.problem(&list.at, "partners", format!("no record has id \"{pid}\""))
                    .expected("the id of a partner record")
                    .hint(did_you_mean(pid, partners))
            }
        };
        problems.push(problem);
    }
    let mut seen = BTreeSet::new();
    list.value
        .iter()
        .filter(|x| seen.insert(x.as_str()))
        .cloned()
        .collect()
}

/// `url`: an http(s) address ([`schema::is_http_url`]).
fn url(d: &DraftRecord, c: &Ctx<'_>, problems: &mut Vec<Problem>) -> Option<String> {
    let u = d.url.as_ref()?;
    let v = u.value.trim();
    if !schema::is_http_url(v) {
        problems.push(
            c.problem(&u.at, "url", format!("\"{v}\" is not an http(s) address"))
                .expected("an address starting with https:// or http://"),
        );
        return None;
    }
    Some(v.to_string())
}

/// `source`: at least one non-empty source name.
fn sources(d: &DraftRecord, c: &Ctx<'_>, problems: &mut Vec<Problem>) -> Vec<String> {
    let Some(list) = required(
        &d.source,
        &d.at,
        c.id,
        "source",
        "the source file name(s)",
        problems,
    ) else {
        return Vec::new();
    };
    if list.value.iter().all(|x| x.trim().is_empty()) {
        problems.push(
            c.problem(&list.at, "source", "empty source")
                .expected("at least one source name"),
        );
    }
    list.value.clone()
}
