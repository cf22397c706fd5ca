//! Native benchmark of the core's search path (`Index::search`), no extra crates
//! (`[[bench]] name = "search"` in Cargo.toml).
//!
//! Run after `bash bench/run.sh SIZE` (which builds the index and the query list):
//!
//! ```sh
//! cargo bench --bench search -- bench/work/10k/ricerca-index/index.bin bench/out/queries-10k.tsv
//! ```
//!
//! Loads the index and every shard file beside it (warm, in memory), then times each
//! generated query (3 warm-up runs, then runs until 200 ms or 1000 runs); a query's
//! time is the median of its runs. Prints median / p95 / p99 over the list and per
//! query kind, in microseconds, plus one JSON line for scripts
//! (`SEARCH_BENCH_SLOWEST=1` also lists the ten slowest queries;
//! `SEARCH_BENCH_DUMP=FILE` writes every query's whole response, to compare answers).
use ricerca::model::Facet;
use ricerca::{Index, SearchRequest};
use std::path::Path;
use std::time::{Duration, Instant};

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[i.clamp(1, sorted.len()) - 1]
}

fn facet(name: &str) -> Option<Facet> {
    match name {
        "region" => Some(Facet::Region),
        "country" => Some(Facet::Country),
        "sector" => Some(Facet::Sector),
        "kind" => Some(Facet::Kind),
        _ => None,
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` runs this binary
    // without it (debug build): do nothing then.
    if !std::env::args().any(|a| a == "--bench") {
        println!("search bench: run it with `cargo bench --bench search`");
        return;
    }
    // Keep only our two positional arguments.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let index_path = args
        .first()
        .map(String::as_str)
        .unwrap_or("bench/work/10k/ricerca-index/index.bin");
    let queries_path = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("bench/out/queries-10k.tsv");
    let (Ok(root), Ok(tsv)) = (
        std::fs::read(index_path),
        std::fs::read_to_string(queries_path),
    ) else {
        eprintln!("search bench: need {index_path} and {queries_path} (run `bash bench/run.sh 10k` first); skipped");
        return;
    };
    let t0 = Instant::now();
    let mut index = Index::from_bytes(&root).expect("index");
    let dir = Path::new(index_path).parent().unwrap_or(Path::new("."));
    // Every file: the typo directory's reveal the typo shards, added next.
    while !index.missing_shards().is_empty() {
        for name in index.missing_shards() {
            let bytes = std::fs::read(dir.join(&name)).expect("shard file");
            index.add_shard(&name, &bytes).expect("shard");
        }
    }
    let load = t0.elapsed();

    // TSV: kind <TAB> query <TAB> facet=value;facet=value
    let mut rows: Vec<(String, String, f64)> = Vec::new();
    // SEARCH_BENCH_DUMP=FILE writes every query's whole response (Debug), one a line,
    // to compare answers before and after an engine change.
    let mut dump = std::env::var_os("SEARCH_BENCH_DUMP")
        .map(|p| std::io::BufWriter::new(std::fs::File::create(p).expect("dump file")));
    for line in tsv.lines().filter(|l| !l.is_empty()) {
        let mut cols = line.split('\t');
        let (kind, q, filters) = (
            cols.next().unwrap_or(""),
            cols.next().unwrap_or(""),
            cols.next().unwrap_or(""),
        );
        let mut req = SearchRequest::new(q);
        for f in filters.split(';').filter(|f| !f.is_empty()) {
            let (k, v) = f.split_once('=').expect("facet=value");
            req = req.filter(facet(k).expect("facet name"), v);
        }
        if let Some(out) = dump.as_mut() {
            use std::io::Write;
            let r = index.search(&req).expect("search");
            writeln!(out, "{kind}\t{q}\t{filters}\t{r:?}").expect("dump");
        }
        // Every run does the whole work: what the index keeps of the query
        // last searched (for the shell's next round of the same query) is dropped.
        for _ in 0..3 {
            index.forget();
            std::hint::black_box(index.search(&req).expect("search"));
        }
        let mut times = Vec::new();
        let start = Instant::now();
        while times.len() < 1000
            && (times.len() < 5 || start.elapsed() < Duration::from_millis(200))
        {
            index.forget();
            let t = Instant::now();
            std::hint::black_box(index.search(&req).expect("search"));
            times.push(t.elapsed().as_secs_f64() * 1e6);
        }
        times.sort_by(f64::total_cmp);
        rows.push((kind.to_string(), q.to_string(), pct(&times, 50.0)));
    }
    if std::env::var_os("SEARCH_BENCH_SLOWEST").is_some() {
        // The ten slowest queries, to see where the tail comes from.
        let mut slow: Vec<&(String, String, f64)> = rows.iter().collect();
        slow.sort_by(|a, b| b.2.total_cmp(&a.2));
        for (kind, q, us) in slow.iter().take(10) {
            println!("slow {us:>10.1} µs  {kind:<8} {q}");
        }
    }
    let mut all: Vec<f64> = rows.iter().map(|r| r.2).collect();
    all.sort_by(f64::total_cmp);
    println!(
        "index {index_path}: {} records, loaded with all shards in {:.1} ms",
        index.len(),
        load.as_secs_f64() * 1e3
    );
    println!(
        "{:<8} {:>6} {:>12} {:>12} {:>12}",
        "kind", "n", "median µs", "p95 µs", "p99 µs"
    );
    let mut kinds: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    kinds.dedup();
    for k in kinds {
        let mut v: Vec<f64> = rows.iter().filter(|r| r.0 == k).map(|r| r.2).collect();
        v.sort_by(f64::total_cmp);
        println!(
            "{:<8} {:>6} {:>12.1} {:>12.1} {:>12.1}",
            k,
            v.len(),
            pct(&v, 50.0),
            pct(&v, 95.0),
            pct(&v, 99.0)
        );
    }
    println!(
        "{:<8} {:>6} {:>12.1} {:>12.1} {:>12.1}",
        "all",
        all.len(),
        pct(&all, 50.0),
        pct(&all, 95.0),
        pct(&all, 99.0)
    );
    println!(
        "{{\"index\":{index_path:?},\"records\":{},\"load_ms\":{:.3},\"median_us\":{:.2},\"p95_us\":{:.2},\"p99_us\":{:.2}}}",
        index.len(),
        load.as_secs_f64() * 1e3,
        pct(&all, 50.0),
        pct(&all, 95.0),
        pct(&all, 99.0)
    );
}
