//! `ricerca search`: the same engine the browser runs, from the terminal.

use super::args::{Args, UsageError};
use ricerca::model::{Facet, Lang};
use ricerca::text::fold;
use ricerca::unicode_fold::UnicodeFolder;
use ricerca::{Index, SearchRequest};

pub fn search(mut args: Args) -> Result<i32, UsageError> {
    let mut request = SearchRequest::default();
    for f in Facet::ALL {
        request.filters[f.index()] = args.values(&format!("--{}", f.as_str()), None)?;
    }
    request.limit = args.number("--limit", 10)?;
    request.offset = args.number("--offset", 0)?;
    if let Some(l) = args.value("--lang", None)? {
        request.lang = Lang::parse(&l).ok_or_else(|| UsageError(format!("--lang expects `it` or `en`, got `{l}`")))?;
    }
    let json = args.flag("--json");
    let path = args.next_positional().ok_or_else(|| UsageError("search needs INDEX and QUERY".into()))?;
    let query = args.next_positional().ok_or_else(|| UsageError("search needs a QUERY (\"\" browses everything)".into()))?;
    args.finish()?;

    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: cannot read {path}: {e}");
            return Ok(1);
        }
    };
    let index = match Index::from_bytes(&bytes) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("error: {path}: {e}");
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
    if json {
        println!("{}", serde_json::to_string_pretty(&response).expect("serializable response"));
        return Ok(0);
    }
    println!("{} result{} for {:?}", response.total, if response.total == 1 { "" } else { "s" }, response.query);
    for (i, h) in response.hits.iter().enumerate() {
        let places: Vec<&str> = h.region.iter().chain(&h.country).map(|l| l.label.as_str()).collect();
        println!("{:>3}. {} [{}] {} — {}", request.offset + i + 1, h.title, h.kind_label, h.id, places.join(", "));
        if !h.snippet.is_empty() {
            println!("     {}", h.snippet);
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
        println!("{}: {}{}", f.as_str(), shown.join(", "), if list.len() > 8 { ", …" } else { "" });
    }
    Ok(0)
}

/// NFKD-folds the query's non-ASCII characters (the engine folds case and elisions).
fn fold_query(q: &str) -> String {
    if q.is_ascii() {
        return q.to_string();
    }
    // Keep apostrophes and punctuation: fold only what the folder changes.
    fold(&UnicodeFolder, q)
}
