//! Turns drafts into a validated [`Directory`], collecting every problem.

use super::draft::{DraftRecord, Drafts, Located};
use super::geo::Geo;
use super::problem::{did_you_mean, Location, Problem};
use super::schema;
use crate::model::{Directory, Kind, Record, Sector};
use crate::text::fold;
use crate::unicode_fold::UnicodeFolder;
use std::collections::{BTreeMap, BTreeSet};

/// Validates `drafts` against `geo`; returns the directory or every problem found.
/// With `check_links` false, partner ids are not resolved (some input could not be read).
pub fn validate(drafts: Drafts, geo: &Geo, check_links: bool) -> Result<Directory, Vec<Problem>> {
    let mut problems = Vec::new();
    let sectors = validate_sectors(&drafts, &mut problems);
    let sector_ids: BTreeSet<&str> = sectors.iter().map(|s| s.id.as_str()).collect();

    // First pass: ids and kinds, so that links can be checked in the second.
    let mut first_seen: BTreeMap<&str, &Location> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, Kind> = BTreeMap::new();
    for d in &drafts.records {
        let Some(id) = &d.id else { continue };
        if let Some(prev) = first_seen.get(id.value.as_str()) {
            problems.push(
                Problem::new(
                    id.at.clone(),
                    format!("duplicate id \"{}\", first used at {prev}", id.value),
                )
                .field("id")
                .expected("an id used by one record only"),
            );
        } else {
            first_seen.insert(&id.value, &id.at);
            if let Some(k) = d.kind.as_ref().and_then(|k| Kind::parse(&k.value)) {
                kinds.insert(&id.value, k);
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

fn validate_record(
    d: &DraftRecord,
    geo: &Geo,
    sector_ids: &BTreeSet<&str>,
    kinds: &BTreeMap<&str, Kind>,
    check_links: bool,
    problems: &mut Vec<Problem>,
) -> Option<Record> {
    let before = problems.len();
    let id_ref = d.id.as_ref().map(|i| i.value.as_str());
    check_limits(d, id_ref, problems);
    let id = required(
        &d.id,
        &d.at,
        None,
        "id",
        "a stable slug such as \"tcar-taranto\"",
        problems,
    );
    if let Some(id) = id {
        if !is_slug(&id.value) {
            problems.push(bad_slug(id, "id"));
        }
    }
    let kind = required(
        &d.kind,
        &d.at,
        id_ref,
        "kind",
        "\"initiative\" or \"partner\"",
        problems,
    )
    .and_then(|k| {
        let parsed = Kind::parse(&k.value);
        if parsed.is_none() {
            problems.push(
                Problem::new(k.at.clone(), format!("unknown kind \"{}\"", k.value))
                    .record(id_ref)
                    .field("kind")
                    .expected("\"initiative\" or \"partner\"")
                    .hint(did_you_mean(&k.value, ["initiative", "partner"])),
            );
        }
        parsed
    });
    required(
        &d.name,
        &d.at,
        id_ref,
        "name",
        "the name as the source gives it",
        problems,
    );
    let name = non_empty(&d.name, id_ref, "name", problems);
    let name_en = non_empty(&d.name_en, id_ref, "name_en", problems);
    let summary = non_empty(&d.summary, id_ref, "summary", problems);
    let city = non_empty(&d.city, id_ref, "city", problems);

    let folder = |s: &str| fold(&UnicodeFolder, s);
    let countries = required(
        &d.country,
        &d.at,
        id_ref,
        "country",
        "one or more ISO 3166-1 alpha-2 codes, like [\"IT\"]",
        problems,
    )
    .map(|c| {
        if c.value.is_empty() {
            problems.push(
                Problem::new(c.at.clone(), "empty list")
                    .record(id_ref)
                    .field("country")
                    .expected("at least one ISO 3166-1 alpha-2 code"),
            );
        }
        for code in &c.value {
            if !geo.is_country(code) {
                let mut hint = did_you_mean(code, geo.country_codes());
                if let Some(named) = geo
                    .codes_named(code, folder)
                    .into_iter()
                    .find(|c| !c.contains('-'))
                {
                    hint = Some(format!("did you mean \"{named}\"?"));
                }
                problems.push(
                    Problem::new(c.at.clone(), format!("unknown country code \"{code}\""))
                        .record(id_ref)
                        .field("country")
                        .expected("an ISO 3166-1 alpha-2 code such as \"IT\"")
                        .hint(hint),
                );
            }
        }
        c.value.clone()
    })
    .unwrap_or_default();

    let regions = d.region.as_ref().map_or_else(Vec::new, |r| {
        for code in &r.value {
            let country = code.split('-').next().unwrap_or("");
            if !geo.is_subdivision(code) {
                let named = geo.codes_named(code, folder);
                let hint = named
                    .iter()
                    .find(|c| {
                        c.contains('-') && countries.iter().any(|k| c.starts_with(&format!("{k}-")))
                    })
                    .map(|c| format!("did you mean \"{c}\"?"))
                    .or_else(|| did_you_mean(code, geo.subdivision_codes(None)));
                problems.push(
                    Problem::new(r.at.clone(), format!("unknown region code \"{code}\""))
                        .record(id_ref)
                        .field("region")
                        .expected("an ISO 3166-2 code such as \"IT-25\" (Lombardia)")
                        .hint(hint),
                );
            } else if !countries.iter().any(|k| k == country) {
                problems.push(
                    Problem::new(
                        r.at.clone(),
                        format!("region \"{code}\" is not in the record's countries {countries:?}"),
                    )
                    .record(id_ref)
                    .field("region")
                    .expected(format!(
                        "a region of {}, or add \"{country}\" to \"country\"",
                        countries.join(", ")
                    )),
                );
            }
        }
        r.value.clone()
    });

    let sectors = required(
        &d.sectors,
        &d.at,
        id_ref,
        "sectors",
        "one or more sector ids from the vocabulary",
        problems,
    )
    .map(|s| {
        if s.value.is_empty() {
            problems.push(
                Problem::new(s.at.clone(), "empty list")
                    .record(id_ref)
                    .field("sectors")
                    .expected("at least one sector id"),
            );
        }
        for sid in &s.value {
            if !sector_ids.contains(sid.as_str()) {
                problems.push(
                    Problem::new(s.at.clone(), format!("unknown sector \"{sid}\""))
                        .record(id_ref)
                        .field("sectors")
                        .expected("an id defined in a [[sector]] table")
                        .hint(did_you_mean(sid, sector_ids.iter().copied())),
                );
            }
        }
        s.value.clone()
    })
    .unwrap_or_default();

    let partners = d.partners.as_ref().map_or_else(Vec::new, |p| {
        if kind == Some(Kind::Partner) && !p.value.is_empty() {
            problems.push(
                Problem::new(p.at.clone(), "a partner cannot list partners")
                    .record(id_ref)
                    .field("partners")
                    .expected(
                        "partners listed on the initiative; a partner's initiatives are derived",
                    ),
            );
        }
        for pid in &p.value {
            match kinds.get(pid.as_str()) {
                Some(Kind::Partner) => {}
                Some(Kind::Initiative) => problems.push(
                    Problem::new(
                        p.at.clone(),
                        format!("\"{pid}\" is an initiative, not a partner"),
                    )
                    .record(id_ref)
                    .field("partners")
                    .expected("ids of records with kind = \"partner\""),
                ),
                None if !check_links => {}
                None => problems.push(
                    Problem::new(p.at.clone(), format!("no record has id \"{pid}\""))
                        .record(id_ref)
                        .field("partners")
                        .expected("the id of a partner record")
                        .hint(did_you_mean(
                            pid,
                            kinds
                                .iter()
                                .filter(|(_, k)| **k == Kind::Partner)
                                .map(|(i, _)| *i),
                        )),
                ),
            }
        }
        let mut seen = BTreeSet::new();
        p.value
            .iter()
            .filter(|x| seen.insert(x.as_str()))
            .cloned()
            .collect()
    });

    let url = d.url.as_ref().and_then(|u| {
        let v = u.value.trim();
        let ok = schema::is_http_url(v);
        if !ok {
            problems.push(
                Problem::new(u.at.clone(), format!("\"{v}\" is not an http(s) address"))
                    .record(id_ref)
                    .field("url")
                    .expected("an address starting with https:// or http://"),
            );
        }
        ok.then(|| v.to_string())
    });

    let sources = required(
        &d.source,
        &d.at,
        id_ref,
        "source",
        "the source file name(s)",
        problems,
    )
    .map(|s| {
        if s.value.iter().all(|x| x.trim().is_empty()) {
            problems.push(
                Problem::new(s.at.clone(), "empty source")
                    .record(id_ref)
                    .field("source")
                    .expected("at least one source name"),
            );
        }
        s.value.clone()
    })
    .unwrap_or_default();

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
        id: id?.value.clone(),
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
    })
}
