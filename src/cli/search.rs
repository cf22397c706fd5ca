//! `ricerca search`: the same engine the browser runs, from the terminal.

use super::args::{Args, UsageError};
use ricerca::model::{Facet, Lang};
use ricerca::text::fold;
use ricerca::unicode_fold::UnicodeFolder;
use ricerca::{Index, IndexError, SearchRequest};
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
        request.lang = Lang::parse(&l)
            .ok_or_else(|| UsageError(format!("--lang expects `it` or `en`, got `{l}`")))?;
    }
    let json = args.flag("--json");
    let path = args
        .next_positional()
        .ok_or_else(|| UsageError("search needs INDEX and QUERY".into()))?;
    let query = args
        .next_positional()
        .ok_or_else(|| UsageError("search needs a QUERY (\"\" browses everything)".into()))?;
    args.finish()?;

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
    match print(&response, &request, json) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write the results: {e}");
            Ok(1)
        }
        _ => Ok(0),
    }
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
        serde_json::to_writer_pretty(&mut out, response)?;
        return writeln!(out);
    }
    writeln!(
        out,
        "{} result{} for {:?}",
        response.total,
        if response.total == 1 { "" } else { "s" },
        response.query
    )?;
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
    loop {
        match index.search(request) {
            Err(IndexError::MissingShards { files }) => {
                let (_, loaded_before) = index.shard_counts();
                for name in &files {
                    let shard = folder.join(name);
                    let bytes = std::fs::read(&shard).map_err(|e| {
                        format!(
                            "cannot read shard {} of {}: {e}; copy the whole index folder",
                            shard.display(),
                            path.display()
                        )
                    })?;
                    index
                        .add_shard(name, &bytes)
                        .map_err(|e| format!("{}: {e}", shard.display()))?;
                }
                if index.shard_counts().1 == loaded_before {
                    return Err(format!(
                        "{}: the search keeps asking for shards already loaded",
                        path.display()
                    ));
                }
            }
            other => return other.map_err(|e| format!("{}: {e}", path.display())),
        }
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
