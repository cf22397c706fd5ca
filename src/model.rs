//! The directory's data model: records (initiatives and partners), the sector
//! vocabulary, and the facets they are grouped by.

use serde::Serialize;

/// What a record describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// An agreement, centre, network, mission, event, call or working group.
    Initiative,
    /// An organisation taking part in initiatives.
    Partner,
}

impl Serialize for Kind {
    // A plain string, as crate::json writes it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl Kind {
    /// Every kind, in index order.
    pub const ALL: [Kind; 2] = [Kind::Initiative, Kind::Partner];

    /// The identifier used in data files, filters and JSON (`initiative`, `partner`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Initiative => "initiative",
            Kind::Partner => "partner",
        }
    }

    /// Parses the identifier used in data files.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The display label in `lang`.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Kind::Initiative, Lang::It) => "Iniziativa",
            (Kind::Initiative, Lang::En) => "Initiative",
            (Kind::Partner, _) => "Partner",
        }
    }
}

/// A display language for labels and titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Italian, the default.
    #[default]
    It,
    /// English.
    En,
}

impl Lang {
    /// Parses `it` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "it" => Some(Lang::It),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A dimension results can be filtered and counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Facet {
    /// ISO 3166-2 subdivision codes (`IT-25`).
    Region,
    /// ISO 3166-1 alpha-2 country codes (`IT`).
    Country,
    /// Sector ids from the vocabulary.
    Sector,
    /// `initiative` or `partner`.
    Kind,
}

impl Facet {
    /// Every facet, in index and output order.
    pub const ALL: [Facet; 4] = [Facet::Region, Facet::Country, Facet::Sector, Facet::Kind];

    /// The name used in filters and JSON (`region`, `country`, `sector`, `kind`).
    pub fn as_str(self) -> &'static str {
        match self {
            Facet::Region => "region",
            Facet::Country => "country",
            Facet::Sector => "sector",
            Facet::Kind => "kind",
        }
    }

    /// The facet named `name` (`region`, `country`, `sector`, `kind`).
    pub fn parse(name: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// Position in [`Facet::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One entry of the directory, as read from a data file and validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Stable slug, unique in the directory.
    pub id: String,
    /// Initiative or partner.
    pub kind: Kind,
    /// The name as the source gives it.
    pub name: String,
    /// An English name, shown when the display language is English.
    pub name_en: Option<String>,
    /// Acronyms and other spellings.
    pub aliases: Vec<String>,
    /// One to three sentences describing the record.
    pub summary: Option<String>,
    /// The city, if known.
    pub city: Option<String>,
    /// ISO 3166-1 alpha-2 codes.
    pub countries: Vec<String>,
    /// ISO 3166-2 codes (or, for imported bulk data, free region names).
    pub regions: Vec<String>,
    /// Sector ids from the vocabulary.
    pub sectors: Vec<String>,
    /// For an initiative: the ids of its partners.
    pub partners: Vec<String>,
    /// A web address (http or https), if the source gives one.
    pub url: Option<String>,
    /// Where the record comes from (seed file names, or an import source).
    pub sources: Vec<String>,
    /// The language of the record's text (a BCP 47 primary tag, "it", "en"), if
    /// given: carried to the hit so the page can mark the text with it.
    pub lang: Option<String>,
}

/// One entry of the sector vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sector {
    /// The id records refer to.
    pub id: String,
    /// Italian label.
    pub label_it: String,
    /// English label.
    pub label_en: String,
    /// Extra search words; a record in this sector is found by them.
    pub synonyms: Vec<String>,
}

/// A validated directory: everything the index builder needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Directory {
    /// Records in the order they were read.
    pub records: Vec<Record>,
    /// The sector vocabulary.
    pub sectors: Vec<Sector>,
    /// The bilingual glossary: groups of words that mean the same
    /// (`università`, `university`). A record whose name, aliases or places
    /// hold one word of a group is also found by the others (ranked below
    /// its own words).
    pub glossary: Vec<Vec<String>>,
}
