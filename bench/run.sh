#!/usr/bin/env bash
# The whole benchmark, one command:   bash bench/run.sh [SIZE...]
#   SIZE: 1k 10k 100k all data   (default: all five; `all` = every record, `data` = the curated data/)
# Builds ricerca (CLI + a private copy of the widget in bench/work/dist), installs the
# pinned competitors (bench/package.json), then per size: slice + convert + build every
# engine (cached), generate the queries, measure in headless Chromium, time the native
# CLI, and write bench/out/report.md. See bench/README.md.
#
# Environment: BENCH_SKIP_BUILD=1 (use the existing target/release/ricerca and
# bench/work/dist), BENCH_REBUILD=1 (ignore the build cache), BENCH_PASSES (5),
# BENCH_ENGINES (ricerca,pagefind,minisearch), CHROMIUM (/usr/bin/chromium).
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1k 10k 100k all data)
say() { printf '[bench] %s\n' "$*" >&2; }
start=$(date +%s)

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  say "building ricerca (CLI, wasm, widget) from this tree"
  bash .ci/setup bench >/dev/null
  cargo build --release --locked
  # The shipped engine build (`make wasm`), but into bench/work so www/dist is left alone.
  make -s wasm WASM_OUT="$BENCH/work/pkg"
  node www/build.mjs --pkg "$BENCH/work/pkg" --out "$BENCH/work/dist" >/dev/null
fi
[ -x target/release/ricerca ] || { echo "bench: target/release/ricerca missing (run without BENCH_SKIP_BUILD)" >&2; exit 1; }
[ -f "$BENCH/work/dist/assets.json" ] || { echo "bench: bench/work/dist missing (run without BENCH_SKIP_BUILD)" >&2; exit 1; }
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || { echo "bench: no Chromium at ${CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2; exit 1; }

# Pinned competitors and playwright-core (exact versions in bench/package.json).
stamp="$BENCH/node_modules/.bench-installed"
if [ ! -f "$stamp" ] || [ "$BENCH/package.json" -nt "$stamp" ]; then
  say "npm install in bench/ (pagefind, minisearch, playwright-core, smol-toml)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix "$BENCH" --no-audit --no-fund --loglevel=error >/dev/null
  touch "$stamp"
fi

node "$BENCH/prepare.mjs" "${sizes[@]}"
node "$BENCH/queries.mjs" "${sizes[@]}"
node "$BENCH/browser.mjs" "${sizes[@]}"
bash "$BENCH/native.sh" "${sizes[@]}"
node "$BENCH/report.mjs" "${sizes[@]}" >/dev/null
say "done in $(( $(date +%s) - start )) s: bench/out/report.md (tables), bench/out/*.json (raw)"
