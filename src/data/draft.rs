//! Records as read from a file, before validation: every field optional and
//! located, so that every problem can be reported with its place.

use super::problem::Location;

/// A field value and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    /// The value as written.
    pub value: T,
    /// Where it was written.
    pub at: Location,
}

/// A record as written in a data file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftRecord {
    /// Where the record starts.
    pub at: Location,
    /// `id`
    pub id: Option<Located<String>>,
    /// `kind`
    pub kind: Option<Located<String>>,
    /// `name`
    pub name: Option<Located<String>>,
    /// `name_en`
    pub name_en: Option<Located<String>>,
    /// `aliases`
    pub aliases: Option<Located<Vec<String>>>,
    /// `summary`
    pub summary: Option<Located<String>>,
    /// `city`
    pub city: Option<Located<String>>,
    /// `country`
    pub country: Option<Located<Vec<String>>>,
    /// `region`
    pub region: Option<Located<Vec<String>>>,
    /// `sectors`
    pub sectors: Option<Located<Vec<String>>>,
    /// `partners`
    pub partners: Option<Located<Vec<String>>>,
    /// `url`
    pub url: Option<Located<String>>,
    /// `source`
    pub source: Option<Located<Vec<String>>>,
    /// `lang`
    pub lang: Option<Located<String>>,
}

/// A sector definition as written in a vocabulary file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftSector {
    /// Where it starts.
    pub at: Location,
    /// `id`
    pub id: Option<Located<String>>,
    /// `it`
    pub it: Option<Located<String>>,
    /// `en`
    pub en: Option<Located<String>>,
    /// `synonyms`
    pub synonyms: Vec<String>,
}

/// A glossary entry as written (`[[glossary]] words = [...]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DraftGlossary {
    /// Where it starts.
    pub at: Location,
    /// `words`, each located.
    pub words: Option<Vec<Located<String>>>,
}

/// Everything read from the input files, before validation.
#[derive(Debug, Clone, Default)]
pub struct Drafts {
    /// Records in reading order.
    pub records: Vec<DraftRecord>,
    /// Sector definitions in reading order.
    pub sectors: Vec<DraftSector>,
    /// Glossary entries in reading order.
    pub glossary: Vec<DraftGlossary>,
}

/// A field's value as read: one string or a list.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    /// A one-valued field.
    One(&'a Located<String>),
    /// A list field.
    Many(&'a Located<Vec<String>>),
}

impl Value<'_> {
    /// Where the value was written.
    pub fn at(&self) -> &Location {
        match self {
            Value::One(v) => &v.at,
            Value::Many(v) => &v.at,
        }
    }

    /// Every string of the value.
    pub fn strings(&self) -> &[String] {
        match self {
            Value::One(v) => std::slice::from_ref(&v.value),
            Value::Many(v) => &v.value,
        }
    }
}

impl DraftRecord {
    /// The slot of one-valued field `name` (see [`super::schema`]).
    pub fn one_mut(&mut self, name: &str) -> Option<&mut Option<Located<String>>> {
        Some(match name {
            "id" => &mut self.id,
            "kind" => &mut self.kind,
            "name" => &mut self.name,
            "name_en" => &mut self.name_en,
            "summary" => &mut self.summary,
            "city" => &mut self.city,
            "url" => &mut self.url,
            "lang" => &mut self.lang,
            _ => return None,
        })
    }

    /// The slot of list field `name` (see [`super::schema`]).
    pub fn many_mut(&mut self, name: &str) -> Option<&mut Option<Located<Vec<String>>>> {
        Some(match name {
            "aliases" => &mut self.aliases,
            "country" => &mut self.country,
            "region" => &mut self.region,
            "sectors" => &mut self.sectors,
            "partners" => &mut self.partners,
            "source" => &mut self.source,
            _ => return None,
        })
    }

    /// The fields present, in schema order.
    pub fn values(&self) -> Vec<(&'static super::schema::Field, Value<'_>)> {
        let one = [
            ("id", &self.id),
            ("kind", &self.kind),
            ("name", &self.name),
            ("name_en", &self.name_en),
            ("summary", &self.summary),
            ("city", &self.city),
            ("url", &self.url),
            ("lang", &self.lang),
        ];
        let many = [
            ("aliases", &self.aliases),
            ("country", &self.country),
            ("region", &self.region),
            ("sectors", &self.sectors),
            ("partners", &self.partners),
            ("source", &self.source),
        ];
        let mut out: Vec<_> = one
            .into_iter()
            .filter_map(|(n, v)| Some((n, Value::One(v.as_ref()?))))
            .chain(
                many.into_iter()
                    .filter_map(|(n, v)| Some((n, Value::Many(v.as_ref()?)))),
            )
            .filter_map(|(n, v)| Some((super::schema::field(n)?, v)))
            .collect();
        out.sort_by_key(|(f, _)| super::schema::names().position(|n| n == f.name));
        out
    }
}
