//! `ricerca search`: the same engine the browser runs, from the terminal.

use super::args::{Args, UsageError};
use ricerca::model::{Facet, Lang};
use ricerca::text::fold;
use ricerca::unicode_fold::UnicodeFolder;
use ricerca::{Index, SearchRequest};
use std::path::Path;

pub fn search(mut args: Args) -> Result<i32, UsageError> {
    let mut request = SearchRequest::default();
    for f in Facet::ALL {
        request.filters[f.index()] = args.values(&format!("--{}", f.as_str()), None)?;
    }
    request.limit = args.number("--limit", 10)?;
    request.offset = args.number("--offset", 0)?;
    request.facet_limit = args.number("--facet-limit", request.facet_limit)?;
    if let Some(l) = args.value("--lang", None)? {
        request.lang = Lang::parse(&l).ok_or_else(|| UsageError(format!("--lang expects `it` or `en`, got `{l}`")))?;
    }
    let json = args.flag("--json");
    let path = args.next_positional().ok_or_else(|| UsageError("search needs INDEX and QUERY".into()))?;
    let query = args.next_positional().ok_or_else(|| UsageError("search needs a QUERY (\"\" browses everything)".into()))?;
    args.finish()?;

    let index = match load_index(Path::new(&path)) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(1);
        }
    };
    // Fold with the full Unicode tables, as the browser does with String.normalize.
    request.query = query.clone();
    let folded = SearchRequest { query: fold_query(&query), ..request.clone() };
    let mut response = match index.search(&folded) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {path}: {e}");
            return Ok(1);
        }
    };
    response.query = query;
    match print(&response, &request, json) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the results: {e}");
            Ok(1)
        }
        _ => Ok(0),
    }
}

/// Prints the response as JSON or as text; a closed pipe (`| head`) is not an error.
fn print(response: &ricerca::SearchResponse, request: &SearchRequest, json: bool) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, response)?;
        return writeln!(out);
    }
    writeln!(out, "{} result{} for {:?}", response.total, if response.total == 1 { "" } else { "s" }, response.query)?;
    for (i, h) in response.hits.iter().enumerate() {
        let places: Vec<&str> = h.region.iter().chain(&h.country).map(|l| l.label.as_str()).collect();
        writeln!(out, "{:>3}. {} [{}] {} — {}", request.offset + i + 1, h.title, h.kind_label, h.id, places.join(", "))?;
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
            .map(|c| format!("{}{} ({})", if c.selected { "*" } else { "" }, c.label, c.count))
            .collect();
        writeln!(out, "{}: {}{}", f.as_str(), shown.join(", "), if list.len() > 8 { ", …" } else { "" })?;
    }
    Ok(())
}

/// Loads the index whose root file is `path`, with all of its shard files.
pub fn load_index(path: &Path) -> Result<Index, String> {
    let shown = path.display();
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let mut index = Index::from_bytes(&bytes).map_err(|e| format!("{shown}: {e}"))?;
    let folder = path.parent().unwrap_or(Path::new("."));
    for name in index.missing_shards() {
        let shard = folder.join(&name);
        let bytes = std::fs::read(&shard)
            .map_err(|e| format!("cannot read shard {} of {shown}: {e}; copy the whole index folder", shard.display()))?;
        index.add_shard(&name, &bytes).map_err(|e| format!("{}: {e}", shard.display()))?;
    }
    Ok(index)
}

/// NFKD-folds the query's non-ASCII characters (the engine folds case and elisions).
fn fold_query(q: &str) -> String {
    if q.is_ascii() {
        return q.to_string();
    }
    // Keep apostrophes and punctuation: fold only what the folder changes.
    fold(&UnicodeFolder, q)
}
