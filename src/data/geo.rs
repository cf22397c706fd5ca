//! Country and subdivision codes with Italian and English labels, from the
//! table `data/geo/iso3166.tsv` generated from Unicode CLDR and Debian's `iso-codes`.

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
    /// Other names that are not labels (iso-codes' local name when CLDR gives
    /// the labels: `Seoul-teukbyeolsi`, `Bayern`), matched by the importers.
    pub other_names: Vec<String>,
}

impl Place {
    /// The English and Italian labels, then the other names.
    pub fn names(&self) -> impl Iterator<Item = &String> {
        [&self.en, &self.it].into_iter().chain(&self.other_names)
    }
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

    /// Parses a table in the `iso3166.tsv` layout (`code, parent, type, en, it,
    /// names` with `names` `|`-separated and optional; `#` comments; a header line).
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
                let other_names = cols.next().map_or_else(Vec::new, |n| {
                    n.split('|')
                        .filter(|s| !s.is_empty())
                        .map(str::to_string)
                        .collect()
                });
                Some((
                    code.clone(),
                    Place {
                        code,
                        parent,
                        en,
                        it,
                        other_names,
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

    /// Codes whose English or Italian label or one of whose other names equals
    /// `name`, ignoring case and accents (`"Lombardia"` → `IT-25`), for "did you
    /// mean" hints.
    pub fn codes_named<'a>(&'a self, name: &str, folder: impl Fn(&str) -> String) -> Vec<&'a str> {
        let wanted = folder(name);
        self.places
            .values()
            .filter(|p| p.names().any(|n| folder(n) == wanted))
            .map(|p| p.code.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(geo: &Geo, code: &str) -> (String, String, Vec<String>) {
        let p = geo.get(code).unwrap();
        (p.en.clone(), p.it.clone(), p.other_names.clone())
    }

    #[test]
    fn subdivision_labels_come_from_cldr_with_iso_codes_names_kept() {
        let geo = Geo::builtin();
        let own = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            labels(&geo, "KR-11"),
            ("Seoul".into(), "Seul".into(), own(&["Seoul-teukbyeolsi"]))
        );
        assert_eq!(
            labels(&geo, "RU-MOW"),
            ("Moscow".into(), "Mosca".into(), own(&["Moskva"]))
        );
        assert_eq!(
            labels(&geo, "IT-25"),
            ("Lombardy".into(), "Lombardia".into(), own(&[]))
        );
        assert_eq!(
            labels(&geo, "IR-10"),
            ("Eşfahān".into(), "Eşfahān".into(), own(&[]))
        );
        // Countries keep iso-codes' labels.
        assert_eq!(
            labels(&geo, "KR"),
            ("South Korea".into(), "Corea del Sud".into(), own(&[]))
        );
        let fold = |s: &str| s.to_lowercase();
        assert_eq!(geo.codes_named("seoul-teukbyeolsi", fold), vec!["KR-11"]);
        assert_eq!(geo.codes_named("seul", fold), vec!["KR-11"]);
    }

    #[test]
    fn the_names_column_is_optional_and_bar_separated() {
        let geo = Geo::parse(
            "# c\ncode\tparent\ttype\ten\tit\tnames\nXX\t\tcountry\tEx\tEx\t\n\
             XX-A\t\tregion\tAy\tA\tAa|Ah\nXX-B\t\tregion\tBee\tBi\n",
        );
        assert_eq!(
            labels(&geo, "XX-A").2,
            vec!["Aa".to_string(), "Ah".to_string()]
        );
        assert_eq!(labels(&geo, "XX-B"), ("Bee".into(), "Bi".into(), vec![]));
        assert_eq!(labels(&geo, "XX").2, Vec::<String>::new());
        assert_eq!(
            geo.codes_named("ah", |s: &str| s.to_lowercase()),
            vec!["XX-A"]
        );
    }
}
