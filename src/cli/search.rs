//! `ricerca search`: the same engine the browser runs, from the terminal.

use super::opts::{self, Long, Parser, Short, UsageError, Value};
use ricerca::fetch::ReadError;
use ricerca::model::{Facet, Lang};
use ricerca::text::fold;
use ricerca::unicode_fold::UnicodeFolder;
use ricerca::{Index, SearchRequest};
use std::path::Path;

/// `ricerca search --help`.
pub const HELP: &str = "\
USAGE:
  ricerca search INDEX QUERY [--region C]... [--country C]... [--sector S]... [--kind K]...
                 [--limit N] [--offset N] [--lang it|en] [--facet-limit N] [--json]
                 [--facet-query FACET=TEXT]

Searches INDEX (a root file; shard files are read from beside it) with the engine the
browser runs. QUERY \"\" browses everything; a QUERY starting with - goes after --
(`ricerca search INDEX -- -x`).

OPTIONS:
  --region C, --country C, --sector S, --kind K
                        keep hits with this facet value (repeat: any of them)
  --limit N             hits shown (default 10)
  --offset N            hits skipped first (paging)
  --lang it|en          label language
  --facet-limit N       values listed per facet
  --json                the whole response as JSON, with `version`
  --facet-query FACET=TEXT
                        instead of hits: the values of FACET whose label (it or en) or
                        code matches TEXT (`country=sviz`, `country=ch`), counted for
                        QUERY and the filters; --limit of them (0: all), and how many
  -h, --help            this help";

pub fn search(p: &mut Parser) -> Result<i32, UsageError> {
    let mut request = SearchRequest {
        limit: 10,
        ..SearchRequest::default()
    };
    let mut json = false;
    let mut facet_query = None;
    let mut positionals = Vec::new();
    while let Some(arg) = p.next()? {
        let facet = match &arg {
            Long(name) => Facet::parse(name),
            _ => None,
        };
        if let Some(f) = facet {
            request.filters[f.index()].push(opts::text(p)?);
            continue;
        }
        match arg {
            Long("limit") => request.limit = opts::number(p, "--limit")?,
            Long("offset") => request.offset = opts::number(p, "--offset")?,
            Long("facet-limit") => request.facet_limit = opts::number(p, "--facet-limit")?,
            Long("lang") => {
                let l = opts::text(p)?;
                request.lang = Lang::parse(&l)
                    .ok_or_else(|| UsageError(format!("--lang expects `it` or `en`, got `{l}`")))?;
            }
            Long("json") => json = true,
            Long("facet-query") => facet_query = Some(facet_text(&opts::text(p)?)?),
            Short('h') | Long("help") => return opts::help(HELP),
            Value(v) => positionals.push(opts::positional(v)?),
            other => return Err(other.unexpected().into()),
        }
    }
    let mut positionals = positionals.into_iter();
    let path = positionals
        .next()
        .ok_or_else(|| UsageError("search needs INDEX and QUERY".into()))?;
    let query = positionals
        .next()
        .ok_or_else(|| UsageError("search needs a QUERY (\"\" browses everything)".into()))?;
    if let Some(extra) = positionals.next() {
        return Err(UsageError(format!("unexpected argument `{extra}`")));
    }

    let mut index = match load_root(Path::new(&path)) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    // Fold with the full Unicode tables, as the browser does with String.normalize.
    request.query = query.clone();
    let folded = SearchRequest {
        query: fold_query(&query),
        ..request.clone()
    };
    let mut response = match search_loading_shards(&mut index, Path::new(&path), &folded) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    response.query = query;
    if let Some((facet, text)) = facet_query {
        // The search above loaded every shard the counts need.
        let found = ricerca::facet_query::facet_query(
            &index,
            &folded,
            facet,
            &fold_query(&text),
            request.limit,
        );
        return Ok(match found.map(|f| print_facet_query(&f, json)) {
            Ok(Ok(())) => 0,
            Ok(Err(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
            Ok(Err(e)) => {
                eprintln!("error: cannot write the values: {e}");
                1
            }
            Err(e) => {
                eprintln!("error: {path}: {e}");
                1
            }
        });
    }
    match print(&response, &request, json) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the results: {e}");
            Ok(1)
        }
        _ => Ok(0),
    }
}

/// `country=sviz` as the facet and the text.
fn facet_text(arg: &str) -> Result<(Facet, String), UsageError> {
    let (name, text) = arg.split_once('=').unwrap_or((arg, ""));
    let facet = Facet::parse(name).ok_or_else(|| {
        UsageError(format!(
            "--facet-query expects FACET=TEXT with FACET region, country, sector or kind, got `{arg}`"
        ))
    })?;
    Ok((facet, text.to_string()))
}

/// Writes `value` as pretty JSON with the version of the engine that produced it first.
fn write_versioned<T: serde::Serialize>(
    out: &mut impl std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Versioned<'a, T> {
        version: &'a str,
        #[serde(flatten)]
        value: &'a T,
    }
    let versioned = Versioned {
        version: env!("CARGO_PKG_VERSION"),
        value,
    };
    serde_json::to_writer_pretty(&mut *out, &versioned)?;
    writeln!(out)
}

/// Prints a facet-value query's answer: JSON (with `version`), or one value per line.
fn print_facet_query(
    found: &ricerca::facet_query::FacetMatches,
    json: bool,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if json {
        return write_versioned(&mut out, found);
    }
    writeln!(out, "{} matching values", found.total)?;
    for c in &found.values {
        writeln!(
            out,
            "{:>6}  {}  {}{}",
            c.count,
            c.value,
            c.label,
            if c.selected { "  (selected)" } else { "" }
        )?;
    }
    Ok(())
}

/// Prints the response as JSON or as text; a closed pipe (`| head`) is not an error.
fn print(
    response: &ricerca::SearchResponse,
    request: &SearchRequest,
    json: bool,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if json {
        return write_versioned(&mut out, response);
    }
    writeln!(
        out,
        "{} result{} for \"{}\"",
        response.total,
        if response.total == 1 { "" } else { "s" },
        ricerca::data::problem::escaped(&response.query)
    )?;
    if response.relaxed {
        writeln!(
            out,
            "no record matches every word; best matches without: {}",
            response.left_out.join(", ")
        )?;
    }
    for (i, h) in response.hits.iter().enumerate() {
        let places: Vec<&str> = h
            .region
            .iter()
            .chain(&h.country)
            .map(|l| l.label.as_str())
            .collect();
        writeln!(
            out,
            "{:>3}. {} [{}] {} — {}",
            request.offset + i + 1,
            h.title,
            h.kind_label,
            h.id,
            places.join(", ")
        )?;
        if !h.snippet.is_empty() {
            writeln!(out, "     {}", h.snippet)?;
        }
    }
    for f in Facet::ALL {
        let list = response.facets.get(f);
        if list.is_empty() {
            continue;
        }
        let shown: Vec<String> = list
            .iter()
            .take(8)
            .map(|c| {
                format!(
                    "{}{} ({})",
                    if c.selected { "*" } else { "" },
                    c.label,
                    c.count
                )
            })
            .collect();
        writeln!(
            out,
            "{}: {}{}",
            f.as_str(),
            shown.join(", "),
            if list.len() > 8 { ", …" } else { "" }
        )?;
    }
    Ok(())
}

/// Loads the root file of the index at `path`; shard files are read when a
/// search needs them ([`search_loading_shards`]).
fn load_root(path: &Path) -> Result<Index, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Index::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Searches, reading the shard files the search asks for from beside the root
/// (as the browser fetches them), until it has what it needs.
fn search_loading_shards(
    index: &mut Index,
    path: &Path,
    request: &SearchRequest,
) -> Result<ricerca::SearchResponse, String> {
    let folder = path.parent().unwrap_or(Path::new("."));
    match index.search_reading(request, |name| std::fs::read(folder.join(name))) {
        Ok((response, _)) => Ok(response),
        Err(ReadError::Read(name, e)) => Err(format!(
            "cannot read shard {} of {}: {e}; copy the whole index folder",
            folder.join(name).display(),
            path.display()
        )),
        Err(ReadError::Shard(name, e)) => Err(format!("{}: {e}", folder.join(name).display())),
        Err(ReadError::Index(e)) => Err(format!("{}: {e}", path.display())),
    }
}

/// NFKD-folds the query's non-ASCII characters (the engine folds case and elisions).
fn fold_query(q: &str) -> String {
    if q.is_ascii() {
        return q.to_string();
    }
    // Keep apostrophes and punctuation: fold only what the folder changes.
    fold(&UnicodeFolder, q)
}
