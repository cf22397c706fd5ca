//! Reads hand-edited TOML data files (`[[record]]`, `[[sector]]` and
//! `[[glossary]]` tables).

use super::draft::{DraftGlossary, DraftRecord, DraftSector, Drafts, Located};
use super::problem::{Location, Problem};
use super::schema::{self, Cardinality};
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::{Spanned, Value};

/// A `[[record]]` table: its keys are read against [`schema::RECORD_FIELDS`], the
/// same walk as the JSON reader (keys named `x_…` are the site's own and ignored).
type RawRecord = BTreeMap<String, Spanned<Value>>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    record: Vec<Spanned<RawRecord>>,
    #[serde(default)]
    sector: Vec<Spanned<RawSector>>,
    #[serde(default)]
    glossary: Vec<Spanned<RawGlossary>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGlossary {
    words: Option<Vec<Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSector {
    id: Option<Spanned<String>>,
    it: Option<Spanned<String>>,
    en: Option<Spanned<String>>,
    #[serde(default)]
    synonyms: Vec<String>,
}

/// Parses one TOML file's `text` into `out`; a syntax or type error becomes a
/// problem located at its line and column (the rest of that file is skipped).
pub fn read(file: &str, text: &str, out: &mut Drafts, problems: &mut Vec<Problem>) {
    let parsed: File = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => {
            let at = e.span().map_or_else(
                || Location {
                    file: file.to_string(),
                    line: 0,
                    column: 0,
                },
                |s| Location::at_offset(file, text, s.start),
            );
            let message = e.message().replace('\n', " ");
            problems.push(
                Problem::new(at, format!("invalid TOML: {message}")).expected(
                    "[[record]], [[sector]] or [[glossary]] tables as documented in README.md",
                ),
            );
            return;
        }
    };
    let loc = |offset: usize| Location::at_offset(file, text, offset);
    let s = |v: Option<Spanned<String>>| {
        v.map(|v| Located {
            at: loc(v.span().start),
            value: v.into_inner(),
        })
    };
    for rec in parsed.record {
        let at = loc(rec.span().start);
        read_record(rec.into_inner(), at, &loc, out, problems);
    }
    for sec in parsed.sector {
        let at = loc(sec.span().start);
        let r = sec.into_inner();
        out.sectors.push(DraftSector {
            at,
            id: s(r.id),
            it: s(r.it),
            en: s(r.en),
            synonyms: r.synonyms,
        });
    }
    for g in parsed.glossary {
        let at = loc(g.span().start);
        let words = g.into_inner().words.map(|ws| {
            ws.into_iter()
                .map(|w| Located {
                    at: loc(w.span().start),
                    value: w.into_inner(),
                })
                .collect()
        });
        out.glossary.push(DraftGlossary { at, words });
    }
}

/// One `[[record]]` table: every schema field taken out by name (a string, or for
/// list fields a string or an array of strings), then any key left over that is not
/// `x_…` reported as unknown.
fn read_record(
    mut table: RawRecord,
    at: Location,
    loc: &dyn Fn(usize) -> Location,
    out: &mut Drafts,
    problems: &mut Vec<Problem>,
) {
    let id = match table.get("id").map(|v| v.get_ref()) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let mut rec = DraftRecord {
        at: at.clone(),
        ..Default::default()
    };
    for field in schema::RECORD_FIELDS {
        let Some(v) = table.remove(field.name) else {
            continue;
        };
        let here = loc(v.span().start);
        let many = field.cardinality == Cardinality::Many;
        let found = match v.get_ref() {
            Value::Array(items) if many => items
                .iter()
                .find(|i| !i.is_str())
                .map_or("array", Value::type_str),
            other => other.type_str(),
        };
        let Some(value) = strings(v.into_inner(), many) else {
            problems.push(
                Problem::new(
                    here,
                    format!(
                        "found a TOML {found}{}",
                        if many && found != "array" {
                            " in the list"
                        } else {
                            ""
                        }
                    ),
                )
                .record(id.as_deref())
                .field(field.name)
                .expected(if many {
                    "a string or an array of strings"
                } else {
                    "a string"
                }),
            );
            continue;
        };
        if many {
            if let Some(slot) = rec.many_mut(field.name) {
                *slot = Some(Located { at: here, value });
            }
        } else if let (Some(slot), Some(one)) = (rec.one_mut(field.name), value.into_iter().next())
        {
            *slot = Some(Located {
                at: here,
                value: one,
            });
        }
    }
    for (key, v) in table
        .iter()
        .filter(|(k, _)| !k.starts_with(schema::PRIVATE_PREFIX))
    {
        problems
            .push(schema::unknown_field(loc(v.span().start), "field", key).record(id.as_deref()));
    }
    out.records.push(rec);
}

/// A string (one value), or for a list field also an array of strings; `None` for
/// any other type.
fn strings(v: Value, many: bool) -> Option<Vec<String>> {
    match v {
        Value::String(s) => Some(vec![s]),
        Value::Array(items) if many => items
            .into_iter()
            .map(|i| match i {
                Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}
