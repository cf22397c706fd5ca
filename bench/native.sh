#!/usr/bin/env bash
# Native timing of ricerca's search path.
# 1. The core's
#    Index::search in-process over the whole query list (cargo bench, release):
#    bench/out/native-core-<size>.json (median / p95 / p99 µs over the queries).
# 2. The CLI, with hyperfine:
# `ricerca search INDEX QUERY --json` for the first query of each category of the
# size's generated list (bench/out/queries-<size>.json). Each run is a whole
# process: start, index load, one search, JSON output — at large sizes the load
# dominates. Results: bench/out/native-<size>.json (hyperfine's JSON export).
#
#   bash bench/native.sh 1k 10k ...        (after bench/prepare.mjs and bench/queries.mjs)
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
BIN="${RICERCA_BIN:-$ROOT/target/release/ricerca}"
WORK="${BENCH_WORK:-$BENCH/work}"
OUT="${BENCH_OUT:-$BENCH/out}"
RUNS="${BENCH_NATIVE_RUNS:-20}"

export PATH="$HOME/.cargo/bin:$PATH"
for size in "$@"; do
  index="$WORK/$size/ricerca-index/index.bin"
  queries="$OUT/queries-$size.json"
  [[ -f "$index" && -f "$queries" ]] || { echo "native.sh: $size not prepared; skipped" >&2; continue; }
  if [ -f "$ROOT/bench/rust/search.rs" ]; then
    echo "native.sh: $size: cargo bench --bench search" >&2
    (cd "$ROOT" && cargo bench --quiet --locked --bench search -- "$index" "$OUT/queries-$size.tsv") | tee "$OUT/native-core-$size.txt" >&2
    tail -n 1 "$OUT/native-core-$size.txt" > "$OUT/native-core-$size.json"
  fi
  if ! command -v hyperfine >/dev/null; then
    echo "native.sh: hyperfine not found (apt-get install -y hyperfine); CLI timing skipped" >&2
    continue
  fi
  # One command per category: label<TAB>shell-quoted command.
  mapfile -t cmds < <(node -e '
    const [bin, index, file] = process.argv.slice(1);
    const q = JSON.parse(require("fs").readFileSync(file, "utf8")).queries;
    const sh = (s) => "'"'"'" + s.replace(/'"'"'/g, "'"'"'\\'"'"''"'"'") + "'"'"'";
    const seen = new Set();
    for (const x of q) {
      if (seen.has(x.cat)) continue;
      seen.add(x.cat);
      const f = Object.entries(x.filters).flatMap(([k, vs]) => vs.map((v) => `--${k} ${sh(v)}`)).join(" ");
      console.log(`${x.cat}\t${sh(bin)} search ${sh(index)} ${sh(x.q)} ${f} --limit 10 --json`);
    }' "$BIN" "$index" "$queries")
  args=()
  for c in "${cmds[@]}"; do args+=(--command-name "${c%%$'\t'*}" "${c#*$'\t'}"); done
  echo "native.sh: $size (${#cmds[@]} commands, $RUNS runs each)" >&2
  hyperfine --shell=none --style basic --warmup 3 --runs "$RUNS" --export-json "$OUT/native-$size.json.tmp" "${args[@]}" >&2
  node -e '
    const fs = require("fs"); const [tmp, out] = process.argv.slice(1);
    const j = JSON.parse(fs.readFileSync(tmp, "utf8"));
    j.results = j.results.map((r) => ({ label: r.command, mean: r.mean, stddev: r.stddev, median: r.median, min: r.min, max: r.max }));
    fs.writeFileSync(out, JSON.stringify(j, null, 2) + "\n"); fs.rmSync(tmp);' "$OUT/native-$size.json.tmp" "$OUT/native-$size.json"
done
