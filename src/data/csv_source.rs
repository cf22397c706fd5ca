//! Reads flat lists of records as CSV: a header row naming the fields (the same
//! names as the TOML format: `id`, `kind`, `name`, `country`, …), then one
//! record a row.
//!
//! - Cells are separated by commas, or by semicolons or tabs when the header row
//!   holds more of those (Excel in Italian and other locales writes `;`); a cell
//!   holding the separator, a quote or a line break is written in double quotes,
//!   a quote inside doubled (`""`), as in RFC 4180. UTF-8, with or without a byte
//!   order mark; `\n` or `\r\n`.
//! - Multi-valued fields (`aliases`, `country`, `region`, `sectors`,
//!   `partners`, `source`) hold their values separated by `|`
//!   (`IT|FR`); spaces around each value are ignored. A value cannot contain `|`.
//! - An empty cell is an absent field; columns may come in any order and
//!   optional ones may be left out. Rows whose cells are all empty are skipped.
//!   Columns named `x_…` are the site's own and ignored; any other unknown
//!   column is an error listing the known ones.
//! - Only records: the sector vocabulary stays in TOML or JSON Lines.
//!
//! A row with the wrong number of cells or bad quoting is a problem located at
//! its line; the other rows are still read and checked.

use super::draft::{DraftRecord, Drafts, Located};
use super::problem::{Location, Problem};
use super::schema;

/// One cell and where it starts.
struct Cell {
    value: String,
    line: usize,
    column: usize,
}

/// One row: its cells, or the problem that spoiled it.
struct Row {
    line: usize,
    cells: Result<Vec<Cell>, Problem>,
}

/// Parses CSV `text` from `file` into `out`, one problem per bad row or cell.
pub fn read(file: &str, text: &str, out: &mut Drafts, problems: &mut Vec<Problem>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = separator(text);
    let mut rows = parse(file, text, sep).into_iter();
    let header = loop {
        match rows.next() {
            None => {
                problems.push(
                    Problem::new(
                        Location {
                            file: file.to_string(),
                            ..Default::default()
                        },
                        "empty CSV file",
                    )
                    .expected(
                        "a header row naming the fields, like id,kind,name,country,sectors,source",
                    ),
                );
                return;
            }
            Some(Row { cells: Err(p), .. }) => {
                problems.push(p);
                return;
            }
            Some(Row {
                cells: Ok(cells), ..
            }) if is_blank(&cells) => continue,
            Some(Row {
                cells: Ok(cells), ..
            }) => break cells,
        }
    };

    // The header: known, distinct field names.
    let mut fields: Vec<Option<&'static str>> = Vec::with_capacity(header.len());
    let mut bad_header = false;
    for cell in &header {
        let at = Location {
            file: file.to_string(),
            line: cell.line,
            column: cell.column,
        };
        let name = cell.value.trim();
        if name.starts_with(schema::PRIVATE_PREFIX) {
            fields.push(None); // the site's own column, ignored
            continue;
        }
        match schema::names().find(|f| *f == name) {
            Some(f) if fields.contains(&Some(f)) => {
                problems.push(
                    Problem::new(at, format!("column \"{name}\" appears twice"))
                        .expected("each field named once in the header"),
                );
                bad_header = true;
            }
            Some(f) => fields.push(Some(f)),
            None => {
                let mut problem = schema::unknown_field(at, "column", name);
                if problem.hint.is_none() {
                    problem.hint = hint_separator(name);
                }
                problems.push(problem);
                bad_header = true;
            }
        }
    }
    if bad_header {
        return;
    }

    for row in rows {
        let cells = match row.cells {
            Ok(c) if is_blank(&c) => continue,
            Ok(c) => c,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        let at = Location {
            file: file.to_string(),
            line: row.line,
            column: 1,
        };
        let id_hint = fields
            .iter()
            .position(|f| *f == Some("id"))
            .and_then(|i| cells.get(i))
            .map(|c| c.value.trim().to_string());
        if cells.len() != fields.len() {
            problems.push(
                Problem::new(
                    at,
                    format!(
                        "{} cells, but the header has {} columns",
                        cells.len(),
                        fields.len()
                    ),
                )
                .record(id_hint.as_deref().filter(|s| !s.is_empty()))
                .expected(format!(
                    "one cell per header column (quote cells that contain {})",
                    match sep {
                        ';' => "semicolons",
                        '\t' => "tabs",
                        _ => "commas",
                    }
                )),
            );
            continue;
        }
        let mut rec = DraftRecord {
            at,
            ..Default::default()
        };
        for (field, cell) in fields.iter().zip(cells) {
            if let Some(name) = field.filter(|_| !cell.value.trim().is_empty()) {
                set_cell(&mut rec, name, file, cell);
            }
        }
        out.records.push(rec);
    }
}

/// Puts one cell into field `name`: ids and kinds trimmed, lists split on `|`.
fn set_cell(rec: &mut DraftRecord, name: &str, file: &str, cell: Cell) {
    let at = Location {
        file: file.to_string(),
        line: cell.line,
        column: cell.column,
    };
    if let Some(slot) = rec.many_mut(name) {
        let values = cell
            .value
            .split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
            .collect();
        *slot = Some(Located { value: values, at });
    } else if let Some(slot) = rec.one_mut(name) {
        let value = if matches!(name, "id" | "kind") {
            cell.value.trim().to_string()
        } else {
            cell.value
        };
        *slot = Some(Located { value, at });
    }
}

/// A row whose cells are all empty (`,,,,` as spreadsheets save them).
fn is_blank(cells: &[Cell]) -> bool {
    cells.iter().all(|c| c.value.trim().is_empty())
}

/// The separator of the file: `,`, `;` (Excel in Italian and other locales) or a
/// tab, whichever the header row holds most of (outside quotes); `,` if none.
pub fn separator(text: &str) -> char {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut counts = [(',', 0usize), (';', 0), ('\t', 0)];
    let mut quoted = false;
    for c in header.chars() {
        if c == '"' {
            quoted = !quoted;
        }
        if let Some(n) = counts.iter_mut().find(|(s, _)| *s == c && !quoted) {
            n.1 += 1;
        }
    }
    counts
        .iter()
        .fold(
            (',', 0),
            |best, &(s, n)| if n > best.1 { (s, n) } else { best },
        )
        .0
}

/// A header cell that holds several field names joined by another separator.
fn hint_separator(name: &str) -> Option<String> {
    [',', ';', '\t', '|'].iter().find_map(|&sep| {
        let parts: Vec<&str> = name.split(sep).map(str::trim).collect();
        (parts.len() > 1 && parts.iter().filter(|p| schema::field(p).is_some()).count() > 1).then(
            || {
                format!(
                "the header looks separated by {:?}: save the file with one separator throughout",
                sep
            )
            },
        )
    })
}

/// Splits `text` into rows of cells (RFC 4180 quoting), locating every cell.
/// A row with bad quoting becomes a problem and parsing resumes on the next line.
fn parse(file: &str, text: &str, sep: char) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut column) = (1usize, 1usize);
    // Advances past one character, keeping line and column.
    macro_rules! bump {
        () => {{
            let c = chars.next();
            if c == Some('\n') {
                line += 1;
                column = 1;
            } else if c.is_some() {
                column += 1;
            }
            c
        }};
    }
    while chars.peek().is_some() {
        let row_line = line;
        let mut cells = Vec::new();
        let mut error: Option<Problem> = None;
        loop {
            // One cell.
            let (cell_line, cell_column) = (line, column);
            let mut value = String::new();
            if chars.peek() == Some(&'"') {
                bump!();
                loop {
                    match bump!() {
                        None => {
                            error = Some(
                                Problem::new(
                                    Location {
                                        file: file.to_string(),
                                        line: cell_line,
                                        column: cell_column,
                                    },
                                    "the quoted cell starting here is never closed",
                                )
                                .expected("a closing \" (write \"\" for a quote inside a cell)"),
                            );
                            break;
                        }
                        Some('"') if chars.peek() == Some(&'"') => {
                            bump!();
                            value.push('"');
                        }
                        Some('"') => break,
                        Some(c) => value.push(c),
                    }
                }
                if error.is_some() {
                    break;
                }
                match chars.peek() {
                    None | Some('\n') => {}
                    Some(&c) if c == sep => {}
                    Some('\r') => {}
                    Some(c) => {
                        error = Some(
                            Problem::new(
                                Location {
                                    file: file.to_string(),
                                    line,
                                    column,
                                },
                                format!("unexpected {c:?} after the closing quote of a cell"),
                            )
                            .expected("the separator or the end of the line after a quoted cell"),
                        );
                    }
                }
            } else {
                while let Some(&c) = chars.peek() {
                    if c == sep || c == '\n' || c == '\r' {
                        break;
                    }
                    if c == '"' {
                        error = Some(
                            Problem::new(Location { file: file.to_string(), line, column }, "a quote inside an unquoted cell")
                                .expected("the whole cell in quotes, with inner quotes doubled: \"say \"\"hi\"\"\""),
                        );
                        break;
                    }
                    value.push(c);
                    bump!();
                }
            }
            if error.is_some() {
                break;
            }
            cells.push(Cell {
                value,
                line: cell_line,
                column: cell_column,
            });
            match bump!() {
                Some(c) if c == sep => continue,
                Some('\r') => {
                    if chars.peek() == Some(&'\n') {
                        bump!();
                    }
                    break;
                }
                _ => break, // '\n' or end of text
            }
        }
        match error {
            Some(p) => {
                // Resume on the next physical line.
                while let Some(c) = bump!() {
                    if c == '\n' {
                        break;
                    }
                }
                rows.push(Row {
                    line: row_line,
                    cells: Err(p),
                });
            }
            None => rows.push(Row {
                line: row_line,
                cells: Ok(cells),
            }),
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> (Drafts, Vec<Problem>) {
        let mut d = Drafts::default();
        let mut p = Vec::new();
        read("t.csv", text, &mut d, &mut p);
        (d, p)
    }

    #[test]
    fn reads_quoted_and_multivalued_cells() {
        let (d, p) = read_str(
            "\u{feff}id,kind,name,country,aliases\r\na,partner,\"Rossi, \"\"Mario\"\"\",IT | FR,\"x|y\nz\"\r\n\nb,partner,B,,\n",
        );
        assert!(p.is_empty(), "{p:?}");
        assert_eq!(d.records.len(), 2);
        let a = &d.records[0];
        assert_eq!(a.name.as_ref().unwrap().value, "Rossi, \"Mario\"");
        assert_eq!(a.country.as_ref().unwrap().value, ["IT", "FR"]);
        assert_eq!(a.aliases.as_ref().unwrap().value, ["x", "y\nz"]);
        assert_eq!(
            (
                a.country.as_ref().unwrap().at.line,
                a.country.as_ref().unwrap().at.column
            ),
            (2, 30)
        );
        assert_eq!(d.records[1].at.line, 5);
        assert!(d.records[1].country.is_none());
    }

    #[test]
    fn bad_rows_are_located() {
        let (d, p) = read_str("id,name\na,\"open\nb,x,y\nc,x\n");
        // The unclosed quote swallows the rest of the file.
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].at.line, 2);
        assert!(d.records.is_empty());
        let (d, p) = read_str("id,name\nb,x,y\nc,x\"y\nd,\"q\"z\ne,ok\n");
        let lines: Vec<usize> = p.iter().map(|p| p.at.line).collect();
        assert_eq!(lines, [2, 3, 4], "{p:?}");
        assert_eq!(d.records.len(), 1);
        assert_eq!(d.records[0].at.line, 5);
    }

    #[test]
    fn never_panics() {
        // Every short text over an alphabet of the characters that matter.
        let alphabet = ['a', ',', '"', '\n', '\r', '|', 'é', ' '];
        let mut seed = 7u64;
        for _ in 0..20_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let len = (seed >> 60) as usize;
            let mut x = seed;
            let body: String = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                    alphabet[(x >> 61) as usize]
                })
                .collect();
            read_str(&format!("id,name\n{body}"));
            read_str(&body);
        }
    }

    #[test]
    fn bad_header() {
        let (_, p) = read_str("id,nmae,id\n");
        assert_eq!(p.len(), 2);
        assert!(p[0].hint.as_deref().unwrap().contains("name"));
    }
}
