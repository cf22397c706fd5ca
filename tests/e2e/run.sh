#!/usr/bin/env bash
# End-to-end browser tests of the widget (node's test runner + playwright-core
# driving Debian's /usr/bin/chromium; never downloads a browser).
#
#   tests/e2e/run.sh [FILE.test.mjs ...]
#
# Needs: www/dist built (node www/build.mjs) with its index.bin, and
# target/release/ricerca (cargo build --release). Override with RICERCA_BIN,
# RICERCA_DIST, CHROMIUM.
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd ../.. && pwd)
bin=${RICERCA_BIN:-$root/target/release/ricerca}
dist=${RICERCA_DIST:-$root/www/dist}
chromium=${CHROMIUM:-/usr/bin/chromium}
fail() { echo "tests/e2e/run.sh: $*" >&2; exit 1; }
[ -x "$bin" ] || fail "$bin is missing: cargo build --release"
[ -f "$dist/ricerca.js" ] || fail "$dist/ricerca.js is missing: node www/build.mjs"
[ -f "$dist/index.bin" ] || fail "$dist/index.bin is missing: $bin build data -o $dist/index.bin"
[ -x "$chromium" ] || fail "$chromium is missing: apt-get install chromium"
if [ ! -f node_modules/playwright-core/package.json ] || [ ! -f node_modules/axe-core/package.json ]; then
  npm ci --prefix . --no-audit --no-fund --loglevel=error
fi
# recovery.test.mjs crafts a shard that crashes the engine with examples/craft_shard.rs.
(cd "$root" && cargo build --quiet --locked --example craft_shard)
export RICERCA_BIN=$bin RICERCA_DIST=$dist CHROMIUM=$chromium
if [ $# -eq 0 ]; then set -- *.test.mjs; fi
exec node --test --test-concurrency=1 --test-timeout=120000 "$@"
