//! Country and subdivision codes with Italian and English labels, from the
//! table `data/geo/iso3166.tsv` generated from Debian's `iso-codes`.

use std::collections::BTreeMap;

/// The ISO 3166 table compiled into the builder.
const TABLE: &str = include_str!("../../data/geo/iso3166.tsv");

/// One country or subdivision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// ISO code (`IT`, `IT-25`).
    pub code: String,
    /// Parent subdivision code, if any (`IT-25` for `IT-MI`).
    pub parent: Option<String>,
    /// English label.
    pub en: String,
    /// Italian label.
    pub it: String,
}

/// Lookup of ISO 3166-1 countries and ISO 3166-2 subdivisions.
#[derive(Debug, Clone)]
pub struct Geo {
    places: BTreeMap<String, Place>,
}

impl Geo {
    /// The table compiled into this program.
    pub fn builtin() -> Geo {
        Geo::parse(TABLE)
    }

    /// Parses a table in the `iso3166.tsv` layout (`code, parent, type, en, it`;
    /// `#` comments; a header line).
    pub fn parse(text: &str) -> Geo {
        let places = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("code\t") && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let code = cols.next()?.to_string();
                let parent = cols.next().filter(|p| !p.is_empty()).map(str::to_string);
                let _type = cols.next()?;
                let en = cols.next()?.to_string();
                let it = cols
                    .next()
                    .filter(|s| !s.is_empty())
                    .map_or_else(|| en.clone(), str::to_string);
                Some((
                    code.clone(),
                    Place {
                        code,
                        parent,
                        en,
                        it,
                    },
                ))
            })
            .collect();
        Geo { places }
    }

    /// The country or subdivision with this exact code.
    pub fn get(&self, code: &str) -> Option<&Place> {
        self.places.get(code)
    }

    /// True for an ISO 3166-1 alpha-2 code.
    pub fn is_country(&self, code: &str) -> bool {
        code.len() == 2 && self.places.contains_key(code)
    }

    /// True for an ISO 3166-2 subdivision code.
    pub fn is_subdivision(&self, code: &str) -> bool {
        code.contains('-') && self.places.contains_key(code)
    }

    /// Every country code.
    pub fn country_codes(&self) -> impl Iterator<Item = &str> {
        self.places
            .keys()
            .map(String::as_str)
            .filter(|c| c.len() == 2)
    }

    /// Every subdivision code of `country` (all subdivisions when `None`).
    pub fn subdivision_codes<'a>(
        &'a self,
        country: Option<&'a str>,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.places.keys().map(String::as_str).filter(move |c| {
            c.contains('-') && country.is_none_or(|k| c.split('-').next() == Some(k))
        })
    }

    /// Codes whose English or Italian label equals `name`, ignoring case and accents
    /// (`"Lombardia"` → `IT-25`), for "did you mean" hints.
    pub fn codes_named<'a>(&'a self, name: &str, folder: impl Fn(&str) -> String) -> Vec<&'a str> {
        let wanted = folder(name);
        self.places
            .values()
            .filter(|p| folder(&p.en) == wanted || folder(&p.it) == wanted)
            .map(|p| p.code.as_str())
            .collect()
    }
}
