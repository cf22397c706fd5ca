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
