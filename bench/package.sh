#!/usr/bin/env bash
# Times the npm package as a user runs it (make package first): install into a fresh HOME with
# an empty npm cache, then `npx ricerca build` on data/, 10k and 185k records (the shared
# corpus imported with `npx ricerca import flat`), native and WASI (RICERCA_WASI=1).
#   bash bench/package.sh   -> a Markdown table on stdout
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
corpus=${CORPUS:-$root/../shared/corpora/bench-records.jsonl.gz}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/home" "$t/site"
cd "$t/site"
echo '{ "name": "site", "private": true }' > package.json
cp -r "$root/data" data
export HOME=$t/home PATH="$(dirname "$(command -v node)"):/usr/bin:/bin" npm_config_cache=$t/npm-cache \
  npm_config_offline=true npm_config_update_notifier=false npm_config_audit=false npm_config_fund=false
# Wall and CPU (user + sys, children included) seconds of one command, as "wall cpu".
secs() { /usr/bin/time -f '%e %U %S' -o "$t/time" "$@" > /dev/null; awk '{ printf "%.2f %.2f", $1, $2 + $3 }' "$t/time"; }
row() { set -- "$1" $2; printf '| %s | %s s | %s s |\n' "$1" "$2" "$3"; }
echo "| step (ricerca $version, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at start) | wall | CPU |"
echo "| --- | --- | --- |"
row "npm install (2 tarballs, empty cache)" "$(secs npm install --no-save "$root/target/package/ricerca-$version.tgz" "$root/target/package/ricerca-linux-x64-$version.tgz")"
row "npx ricerca build data (66 records), native" "$(secs npx ricerca build data -o out/ricerca)"
row "npx ricerca build data (66 records), WASI" "$(RICERCA_WASI=1 secs npx ricerca build data -o out-wasi/ricerca)"
npx ricerca import flat "$corpus" -o all.jsonl -q
head -n 10000 all.jsonl > k10.jsonl
for n in 10k all; do
  f=$([ $n = 10k ] && echo k10.jsonl || echo all.jsonl)
  count=$(wc -l < "$f")
  row "npx ricerca build ($count records), native" "$(secs npx ricerca build "$f" -o "b-$n/ricerca" -q)"
  row "npx ricerca build ($count records), WASI" "$(RICERCA_WASI=1 secs npx ricerca build "$f" -o "w-$n/ricerca" -q)"
  # The two indexes answer alike (their bytes may differ in layout: see BENCHMARKS.md).
  for q in "" universita hospital "bologna"; do
    [ "$(npx ricerca search "b-$n/ricerca/index.bin" "$q" --json --limit 50)" = "$(npx ricerca search "w-$n/ricerca/index.bin" "$q" --json --limit 50)" ] ||
      { echo "native and WASI indexes answer \"$q\" differently at $n" >&2; exit 1; }
  done
done
echo "load at the end: $(cut -d' ' -f1 /proc/loadavg)" >&2
