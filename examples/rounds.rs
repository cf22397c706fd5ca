//! Prints, per query read from stdin, the shard files each fetch round asks
//! for (a dev probe). `WARM=1` keeps one index across the queries, as a page does.
use ricerca::format::IndexError;
use ricerca::{Index, SearchRequest};
use std::io::BufRead;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let root = std::path::Path::new(&args[1]);
    let dir = root.parent().unwrap();
    let bytes = std::fs::read(root).unwrap();
    let warm = std::env::var("WARM").is_ok();
    let mut index = Index::from_bytes(&bytes).unwrap();
    for line in std::io::stdin().lock().lines() {
        let q = line.unwrap();
        if !warm {
            index = Index::from_bytes(&bytes).unwrap();
        }
        let mut req = SearchRequest {
            query: q.clone(),
            fetch_budget: ricerca::fetch::FETCH_BUDGET,
            ..Default::default()
        };
        let mut rounds = Vec::new();
        let mut kb = 0;
        let mut engine = std::time::Duration::ZERO;
        loop {
            let t = std::time::Instant::now();
            let res = index.search(&req);
            engine += t.elapsed();
            match res {
                Err(IndexError::MissingShards { files }) => {
                    let kinds: String = files
                        .iter()
                        .map(|f| f.split('.').nth(1).unwrap().chars().next().unwrap())
                        .collect();
                    for f in &files {
                        let b = std::fs::read(dir.join(f)).unwrap();
                        kb += b.len();
                        index.add_shard(f, &b).unwrap();
                        req.fetch_budget -= 1;
                    }
                    rounds.push(kinds);
                }
                Ok(r) => {
                    // REPEAT=N: the query N times more (shards loaded, the index's
                    // memo of it kept), as the bench's repeat pass does.
                    let repeat: usize = std::env::var("REPEAT").map_or(0, |v| v.parse().unwrap());
                    let mut again: Vec<f64> = (0..repeat)
                        .map(|_| {
                            let t = std::time::Instant::now();
                            std::hint::black_box(index.search(&req).unwrap());
                            t.elapsed().as_secs_f64() * 1e3
                        })
                        .collect();
                    again.sort_by(f64::total_cmp);
                    if let Some(m) = again.get(again.len() / 2) {
                        print!("repeat {m:6.3} ms | ");
                    }
                    let n: usize = rounds.iter().map(|r| r.len()).sum();
                    println!(
                        "{:2} rounds {n:2} files {:5} KB raw {:6.2} ms {:?} total {} partial {} | {q}",
                        rounds.len(),
                        kb / 1024,
                        engine.as_secs_f64() * 1e3,
                        rounds,
                        r.total,
                        r.partial
                    );
                    break;
                }
                Err(e) => {
                    println!("ERR {e} | {q}");
                    break;
                }
            }
        }
    }
}
