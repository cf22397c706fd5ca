//! Reads bulk data as JSON Lines: one record object per line, with the same
//! field names as the TOML format (`id`, `kind`, `name`, `country`, …). Lines that
//! are blank are skipped. A vocabulary line has `"type": "sector"`.

use super::draft::{DraftRecord, DraftSector, Drafts, Located};
use super::problem::{Location, Problem};
use super::schema::{self, Cardinality};
use serde_json::{Map, Value};

/// Parses JSON Lines `text` from `file` into `out`, one problem per bad line.
pub fn read(file: &str, text: &str, out: &mut Drafts, problems: &mut Vec<Problem>) {
    // Room for a record a line at once: growing the list copies every record read so far.
    out.records
        .reserve(text.bytes().filter(|&b| b == b'\n').count() + 1);
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = Location {
            file: file.to_string(),
            line: i + 1,
            column: 1,
        };
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(obj)) => read_object(obj, at, out, problems),
            Ok(_) => problems
                .push(Problem::new(at, "not a JSON object").expected("one {…} record per line")),
            Err(e) => problems.push(
                Problem::new(
                    Location {
                        column: e.column(),
                        ..at
                    },
                    format!("invalid JSON: {e}"),
                )
                .expected("one {…} record per line"),
            ),
        }
    }
}

fn read_object(
    mut obj: Map<String, Value>,
    at: Location,
    out: &mut Drafts,
    problems: &mut Vec<Problem>,
) {
    let id_hint = obj.get("id").and_then(Value::as_str).map(str::to_string);
    let string = |obj: &mut Map<String, Value>,
                  key: &str,
                  problems: &mut Vec<Problem>|
     -> Option<Located<String>> {
        match obj.remove(key)? {
            Value::String(s) => Some(Located {
                value: s,
                at: at.clone(),
            }),
            Value::Null => None,
            other => {
                problems.push(
                    Problem::new(at.clone(), format!("found {}", type_name(&other)))
                        .record(id_hint.as_deref())
                        .field(key)
                        .expected("a string"),
                );
                None
            }
        }
    };
    if obj.get("type").and_then(Value::as_str) == Some("sector") {
        let sector = DraftSector {
            at: at.clone(),
            id: string(&mut obj, "id", problems),
            it: string(&mut obj, "it", problems),
            en: string(&mut obj, "en", problems),
            synonyms: list(&mut obj, "synonyms", &at, id_hint.as_deref(), problems)
                .map_or_else(Vec::new, |l| l.value),
        };
        out.sectors.push(sector);
        return;
    }
    let mut rec = DraftRecord {
        at: at.clone(),
        ..Default::default()
    };
    let id = id_hint.as_deref();
    for field in schema::RECORD_FIELDS {
        match field.cardinality {
            Cardinality::One => {
                let v = string(&mut obj, field.name, problems);
                if let Some(slot) = rec.one_mut(field.name) {
                    *slot = v;
                }
            }
            Cardinality::Many => {
                let v = list(&mut obj, field.name, &at, id, problems);
                if let Some(slot) = rec.many_mut(field.name) {
                    *slot = v;
                }
            }
        }
    }
    for key in obj
        .keys()
        .filter(|k| !k.starts_with(schema::PRIVATE_PREFIX))
    {
        problems.push(schema::unknown_field(at.clone(), "field", key).record(id));
    }
    out.records.push(rec);
}

/// A string or an array of strings.
fn list(
    obj: &mut Map<String, Value>,
    key: &str,
    at: &Location,
    id: Option<&str>,
    problems: &mut Vec<Problem>,
) -> Option<Located<Vec<String>>> {
    let bad = |problems: &mut Vec<Problem>, v: &Value| {
        problems.push(
            Problem::new(at.clone(), format!("found {}", type_name(v)))
                .record(id)
                .field(key)
                .expected("a string or an array of strings"),
        )
    };
    let value = match obj.remove(key)? {
        Value::Null => return None,
        Value::String(s) => vec![s],
        Value::Array(items) => {
            let mut v = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::String(s) => v.push(s),
                    other => {
                        bad(problems, &other);
                        return None;
                    }
                }
            }
            v
        }
        other => {
            bad(problems, &other);
            return None;
        }
    };
    Some(Located {
        value,
        at: at.clone(),
    })
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
