#!/usr/bin/env bash
# Packs ricerca for users without a Rust toolchain, into target/package/:
#   ricerca-VERSION.tgz               npm package `ricerca`: the `ricerca` command (native
#                                     binary from a platform package, else the WASI build run
#                                     by node:wasi), the engine (`import { load } from 'ricerca'`)
#   ricerca-PLATFORM-VERSION.tgz      npm platform packages @ricerca/PLATFORM (optional deps)
#   ricerca-VERSION-py3-none-*.whl    PyPI wheel per Linux platform (`pip install ricerca`)
# Every binary embeds the widget of $RICERCA_WIDGET_DIR (make package sets it to www/dist).
# linux-x64 (static, musl) and the WASI build are required; linux-arm64 and win32-x64 are
# built when their cross linkers are installed (.ci/setup package), else skipped with a note.
# RICERCA_PLATFORMS="linux-x64" limits the platforms (make test-package builds only that one).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${RICERCA_WIDGET_DIR:?set RICERCA_WIDGET_DIR to a make dist output (make package does)}"
export RICERCA_WIDGET_DIR
VERSION=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
OUT=target/package
STAGE=$OUT/stage
rm -rf "$OUT"
mkdir -p "$STAGE"
say() { printf 'package: %s\n' "$*"; }

# platform  rust target  linker (empty: the default)  binary name
PLATFORMS="
linux-x64   x86_64-unknown-linux-musl  -                       ricerca
linux-arm64 aarch64-unknown-linux-musl aarch64-linux-gnu-gcc   ricerca
win32-x64   x86_64-pc-windows-gnu      x86_64-w64-mingw32-gcc  ricerca.exe
"

build() { # target linker
  local var
  var="CARGO_TARGET_$(echo "$1" | tr 'a-z-' 'A-Z_')_LINKER"
  if [ "$2" = - ]; then
    cargo build --quiet --release --locked --target "$1" --bin ricerca
  else
    env "$var=$2" cargo build --quiet --release --locked --target "$1" --bin ricerca
  fi
}

built=()
while read -r platform target linker exe; do
  [ -n "$platform" ] || continue
  if [ -n "${RICERCA_PLATFORMS:-}" ] && [[ " $RICERCA_PLATFORMS " != *" $platform "* ]]; then
    continue
  fi
  if ! rustup target list --installed | grep -qx "$target" || { [ "$linker" != - ] && ! command -v "$linker" >/dev/null; }; then
    [ "$platform" = linux-x64 ] && { echo "package: $platform needs rustup target $target (.ci/setup test)" >&2; exit 1; }
    say "skip $platform: no $target toolchain (.ci/setup package installs it)"
    continue
  fi
  # linux-x64's allocator (mimalloc) is C for musl: without musl-gcc, cc would build it
  # against glibc's headers.
  if [ "$platform" = linux-x64 ] && ! command -v musl-gcc >/dev/null; then
    echo "package: $platform needs musl-gcc (Debian musl-tools; .ci/setup test installs it)" >&2
    exit 1
  fi
  say "build $platform ($target)"
  build "$target" "$linker"
  dir=$STAGE/$platform
  mkdir -p "$dir/bin"
  cp "target/$target/release/$exe" "$dir/bin/$exe"
  built+=("$platform")
done <<< "$PLATFORMS"

say "build the WASI fallback (wasm32-wasip1)"
cargo build --quiet --release --locked --target wasm32-wasip1 --bin ricerca
# The binary, not the library's cdylib of the same name: bins carry a hash in deps/.
wasi=$(ls -t target/wasm32-wasip1/release/deps/ricerca-*.wasm | head -n 1)

node pkg/npm/pack.mjs --version "$VERSION" --out "$OUT" --stage "$STAGE" --wasi "$wasi" \
  --widget "$RICERCA_WIDGET_DIR" --platforms "${built[*]}"
python3 pkg/pypi/wheel.py --version "$VERSION" --out "$OUT" --stage "$STAGE" --platforms "${built[*]}"
rm -rf "$STAGE"
ls -l "$OUT"
