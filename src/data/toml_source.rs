//! Reads hand-edited TOML data files (`[[record]]`, `[[sector]]` and
//! `[[glossary]]` tables).

use super::draft::{DraftGlossary, DraftRecord, DraftSector, Drafts, Located};
use super::problem::{Location, Problem};
use serde::Deserialize;
use toml::Spanned;

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
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<String> {
        match self {
            OneOrMany::One(s) => vec![s],
            OneOrMany::Many(v) => v,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRecord {
    id: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    name: Option<Spanned<String>>,
    name_en: Option<Spanned<String>>,
    aliases: Option<Spanned<OneOrMany>>,
    summary: Option<Spanned<String>>,
    city: Option<Spanned<String>>,
    country: Option<Spanned<OneOrMany>>,
    region: Option<Spanned<OneOrMany>>,
    sectors: Option<Spanned<OneOrMany>>,
    partners: Option<Spanned<OneOrMany>>,
    url: Option<Spanned<String>>,
    source: Option<Spanned<OneOrMany>>,
    lang: Option<Spanned<String>>,
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
    let m = |v: Option<Spanned<OneOrMany>>| {
        v.map(|v| Located {
            at: loc(v.span().start),
            value: v.into_inner().into_vec(),
        })
    };
    for rec in parsed.record {
        let at = loc(rec.span().start);
        let r = rec.into_inner();
        out.records.push(DraftRecord {
            at,
            id: s(r.id),
            kind: s(r.kind),
            name: s(r.name),
            name_en: s(r.name_en),
            aliases: m(r.aliases),
            summary: s(r.summary),
            city: s(r.city),
            country: m(r.country),
            region: m(r.region),
            sectors: m(r.sectors),
            partners: m(r.partners),
            url: s(r.url),
            source: m(r.source),
            lang: s(r.lang),
        });
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
