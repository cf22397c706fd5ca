//! The fields of a record, listed once: name, one value or several, required or
//! not, and the limits every reader and the validator apply. The TOML, JSON Lines
//! and CSV readers take their field names from here, and the validator its
//! length and character checks.

/// One value or a list of values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cardinality {
    /// A single string.
    One,
    /// A list of strings (in CSV: values separated by `|`).
    Many,
}

/// One field of a record.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The name used in every format.
    pub name: &'static str,
    /// One value or several.
    pub cardinality: Cardinality,
    /// Whether a record must have it.
    pub required: bool,
    /// Longest value, in characters.
    pub max_chars: usize,
    /// Most values in a list.
    pub max_values: usize,
    /// Whether line breaks and tabs are allowed (other control characters never are).
    pub multiline: bool,
}

const fn one(name: &'static str, required: bool, max_chars: usize) -> Field {
    Field {
        name,
        cardinality: Cardinality::One,
        required,
        max_chars,
        max_values: 1,
        multiline: false,
    }
}

const fn many(name: &'static str, required: bool, max_chars: usize) -> Field {
    Field {
        name,
        cardinality: Cardinality::Many,
        required,
        max_chars,
        max_values: MAX_VALUES,
        multiline: false,
    }
}

/// Most values in one list field.
pub const MAX_VALUES: usize = 1000;
/// Longest name (and `name_en`, `city`, each alias), in characters.
pub const MAX_NAME_CHARS: usize = 500;
/// Longest summary, in characters.
pub const MAX_SUMMARY_CHARS: usize = 5000;
/// Longest id or code (their own rules are checked by the validator), in characters.
pub const MAX_CODE_CHARS: usize = 200;
/// Longest URL, in characters.
pub const MAX_URL_CHARS: usize = 2048;

/// Every record field, in the documented order.
pub const RECORD_FIELDS: &[Field] = &[
    one("id", true, MAX_CODE_CHARS),
    one("kind", true, MAX_CODE_CHARS),
    one("name", true, MAX_NAME_CHARS),
    one("name_en", false, MAX_NAME_CHARS),
    many("aliases", false, MAX_NAME_CHARS),
    Field {
        multiline: true,
        ..one("summary", false, MAX_SUMMARY_CHARS)
    },
    one("city", false, MAX_NAME_CHARS),
    many("country", true, MAX_CODE_CHARS),
    many("region", false, MAX_CODE_CHARS),
    many("sectors", true, MAX_CODE_CHARS),
    many("partners", false, MAX_CODE_CHARS),
    one("url", false, MAX_URL_CHARS),
    many("source", true, MAX_CODE_CHARS),
    one("lang", false, 8),
];

/// A simple BCP 47 primary language subtag: two or three ASCII letters ("it",
/// "en", "fur"), in any case.
pub fn is_language_tag(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Columns and keys starting with this are the site's own: read, then ignored.
pub const PRIVATE_PREFIX: &str = "x_";

/// The field called `name`.
pub fn field(name: &str) -> Option<&'static Field> {
    RECORD_FIELDS.iter().find(|f| f.name == name)
}

/// Every field name.
pub fn names() -> impl Iterator<Item = &'static str> + Clone {
    RECORD_FIELDS.iter().map(|f| f.name)
}

/// "id, kind, name, …": the list shown when a name is unknown.
pub fn names_list() -> String {
    names().collect::<Vec<_>>().join(", ")
}

/// The problem of an unknown field `name` at `at`, named as the format calls its
/// fields (`what`: "field" for JSON/TOML keys, "column" for CSV headers): the known
/// names, the `x_…` escape and the nearest known name.
pub fn unknown_field(
    at: super::problem::Location,
    what: &str,
    name: &str,
) -> super::problem::Problem {
    let own = if what == "column" {
        "a column"
    } else {
        "a key"
    };
    super::problem::Problem::new(at, format!("unknown {what} \"{name}\""))
        .expected(format!(
            "one of {}, or {own} of your own named {PRIVATE_PREFIX}…",
            names_list()
        ))
        .hint(super::problem::did_you_mean(name, names()))
}

/// An `http://` or `https://` address (scheme in any case) with a host and no
/// white space: the one URL rule of the validator and the importers.
pub fn is_http_url(s: &str) -> bool {
    let lower = s.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let rest = if lower.starts_with("https://") {
        &s[8..]
    } else if lower.starts_with("http://") {
        &s[7..]
    } else {
        return false;
    };
    !rest.is_empty() && !rest.starts_with('/') && !s.chars().any(char::is_whitespace)
}

/// The first character `field` does not allow in `value`, and its 1-based
/// position in characters: control characters (NUL, escape, …); line breaks
/// and tabs too unless the field is multi-line.
pub fn bad_char(field: &Field, value: &str) -> Option<(usize, char)> {
    value
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !(field.multiline && matches!(c, '\n' | '\t' | '\r')))
        .map(|(i, c)| (i + 1, c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://a.it",
            "HTTPS://A.IT/x",
            "Http://a",
            "http://a/b?c#d",
        ] {
            assert!(is_http_url(ok), "{ok}");
        }
        for bad in [
            "ftp://a",
            "https://",
            "https:///a",
            "javascript:alert(1)",
            "https://a b",
            "a.it",
            "",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }

    #[test]
    fn characters() {
        let name = field("name").unwrap();
        let summary = field("summary").unwrap();
        assert_eq!(bad_char(name, "Rossi\0x"), Some((6, '\0')));
        assert_eq!(bad_char(name, "a\nb"), Some((2, '\n')));
        assert_eq!(bad_char(summary, "a\nb\tc"), None);
        assert_eq!(bad_char(summary, "a\u{1b}[31m"), Some((2, '\u{1b}')));
        assert_eq!(bad_char(name, "Città"), None);
    }
}
