//! Problems found in data files, each saying where, what, and what was expected.

use std::fmt;

/// A place in a data file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    /// The file, as given on the command line.
    pub file: String,
    /// 1-based line; 0 when unknown.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
}

impl Location {
    /// The location of byte `offset` in `source` (a file's text).
    pub fn at_offset(file: &str, source: &str, offset: usize) -> Location {
        let offset = offset.min(source.len());
        let before = &source.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let column = source
            .get(line_start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        Location {
            file: file.to_string(),
            line,
            column,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (0, _) => write!(f, "{}", self.file),
            (l, 0) => write!(f, "{}:{}", self.file, l),
            (l, c) => write!(f, "{}:{}:{}", self.file, l, c),
        }
    }
}

/// One thing wrong with the input data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where it is.
    pub at: Location,
    /// The id of the record concerned, when known.
    pub record: Option<String>,
    /// The field concerned, when there is one.
    pub field: Option<String>,
    /// What is wrong.
    pub message: String,
    /// What a valid value looks like.
    pub expected: Option<String>,
    /// A likely fix ("did you mean …").
    pub hint: Option<String>,
}

impl Problem {
    /// A problem at `at` with `message`, to be refined with the builder methods.
    pub fn new(at: Location, message: impl Into<String>) -> Self {
        Problem {
            at,
            record: None,
            field: None,
            message: message.into(),
            expected: None,
            hint: None,
        }
    }

    /// Names the record.
    pub fn record(mut self, id: Option<&str>) -> Self {
        self.record = id.map(str::to_string);
        self
    }

    /// Names the field.
    pub fn field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    /// Says what was expected.
    pub fn expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Adds a hint, if any.
    pub fn hint(mut self, hint: Option<String>) -> Self {
        self.hint = hint;
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.at)?;
        if let Some(r) = &self.record {
            write!(f, "record \"{}\", ", escaped(r))?;
        }
        if let Some(field) = &self.field {
            write!(f, "field \"{}\": ", escaped(field))?;
        }
        write!(f, "{}", escaped(&self.message))?;
        if let Some(e) = &self.expected {
            write!(f, "; expected {}", escaped(e))?;
        }
        if let Some(h) = &self.hint {
            write!(f, "; {}", escaped(h))?;
        }
        Ok(())
    }
}

/// `s` with control characters (line breaks, escape sequences, NUL) written as
/// escapes, so that a message quoting data stays on one line and cannot drive
/// the terminal.
pub fn escaped(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return s.into();
    }
    s.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// Most problems printed; the rest are counted.
pub const MAX_SHOWN: usize = 50;

/// Every problem found in one run, sorted by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataErrors(pub Vec<Problem>);

impl fmt::Display for DataErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for p in self.0.iter().take(MAX_SHOWN) {
            writeln!(f, "error: {p}")?;
        }
        let n = self.0.len();
        if n > MAX_SHOWN {
            writeln!(f, "… and {} more not shown", n - MAX_SHOWN)?;
        }
        write!(
            f,
            "{n} problem{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for DataErrors {}

/// Suggests the candidates closest to `wrong` (edit distance at most 2, or a
/// case-insensitive match), best first, as "did you mean …".
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let lower = wrong.to_lowercase();
    let mut scored: Vec<(usize, &str)> = candidates
        .into_iter()
        .filter_map(|c| {
            let d = if c.to_lowercase() == lower {
                0
            } else {
                edit_distance(&lower, &c.to_lowercase())
            };
            (d <= 2 && d < wrong.chars().count().max(2)).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    let best: Vec<String> = scored
        .iter()
        .take(3)
        .map(|(_, c)| format!("\"{c}\""))
        .collect();
    (!best.is_empty()).then(|| format!("did you mean {}?", best.join(" or ")))
}

/// Levenshtein distance between two strings, by characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j]))
                .min(row[j] + 1)
                .min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}
