#!/usr/bin/env bash
# A CPU profile of ricerca's repeat pass in Chromium, with the engine's function names.
#
#   bash bench/profile.sh SIZE [QUERIES.tsv] [PASSES]
#
# Builds the shipped engine (`make wasm`, into bench/work/pkg-profile) and the widget with
# the names kept (`www/build.mjs --keep-names`, into bench/work/dist-profile), then runs
# bench/profile.mjs on the bench site of SIZE (made by `bash bench/run.sh SIZE`). The index
# is the bench's own; www/dist and the bench's engine are left alone.
set -euo pipefail
BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$(dirname "$BENCH")"
export PATH="$HOME/.cargo/bin:$PATH"
[ $# -ge 1 ] || { echo "usage: bash bench/profile.sh SIZE [QUERIES.tsv] [PASSES]" >&2; exit 2; }
bash .ci/setup build >/dev/null
make -s wasm WASM_OUT="$BENCH/work/pkg-profile"
node www/build.mjs --pkg "$BENCH/work/pkg-profile" --out "$BENCH/work/dist-profile" --keep-names >/dev/null
node "$BENCH/profile.mjs" "$@"
