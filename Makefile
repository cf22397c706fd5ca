# ricerca — entry points. `make demo` and `make test` set up what they need.
SHELL := bash
export PATH := $(HOME)/.cargo/bin:$(PATH)

CLI        := target/release/ricerca
DATA       ?= data
PORT       ?= 8080
# Browser build: smallest code; wasm-opt runs in www/build.mjs. Not stripped here, so that
# wasm-bindgen sees the target-features section (wasm-opt strips the rest).
WASM_ENV   := CARGO_PROFILE_RELEASE_OPT_LEVEL=z CARGO_PROFILE_RELEASE_STRIP=false
# The shipped engine also rebuilds std for size, with panics that abort at once (no panic
# messages, locations or string formatting in the wasm: 4.4 KB gzip less). Those are unstable
# cargo/rustc flags, enabled on the stable compiler by RUSTC_BOOTSTRAP=1 for this one build
# (rust-src comes from .ci/setup). `make dist WASM_STD=stable` builds without any of the
# flags below (40.3 KB gzip instead of 34.8: over the 35 KB budget).
# Also: JS values cross through wasm-bindgen's JS-side table rather than an externref table
# (-reference-types: 0.5 KB gzip less, glue included), and LLVM inlines only what is free
# (threshold 0, measured smallest among 0/5/10/25/40 on 2026-12-01: 0.6 KB gzip less than 25).
WASM_STD   ?= build-std
ifeq ($(WASM_STD),build-std)
WASM_DIST_ENV  := RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Ctarget-feature=-reference-types -Cllvm-args=-inline-threshold=0" CARGO_TARGET_DIR=target/wasm-std
WASM_DIST_ARGS := -Z build-std=std,panic_abort
endif
CARGO_TEST ?= cargo test --all-targets

.PHONY: shared-check fuzz lint setup setup-test cli release test-widget package test-package wasm index dist demo test test-rust test-www test-wasm test-budget test-e2e test-relevance budget bench frame relevance clean

setup:
	bash .ci/setup build

setup-test:
	bash .ci/setup test

cli:
	cargo build --release --locked

# The release binary: the CLI with the widget of www/dist embedded (build.rs reads the folder
# RICERCA_WIDGET_DIR names), so `ricerca build DATA -o FOLDER` writes index + widget. Built
# with an explicit --target: its artifacts stay apart from target/release, the widget-less CLI
# that make dist itself runs. Output: $(RELEASE_BIN).
HOST        := $(shell rustc -vV 2>/dev/null | sed -n 's/^host: //p')
RELEASE_ENV := RICERCA_WIDGET_DIR=$(abspath www/dist)
RELEASE_BIN := target/$(HOST)/release/ricerca
release: dist
	$(RELEASE_ENV) cargo build --release --locked --target $(HOST)

# npm packages `ricerca` + @ricerca/PLATFORM and the PyPI wheels, in target/package/
# (pkg/package.sh: static linux-x64, plus linux-arm64 and win32-x64 when their cross linkers
# are installed by `.ci/setup package`; the WASI fallback; each binary embeds www/dist's widget).
package: dist
	$(RELEASE_ENV) bash pkg/package.sh

# Installed as a user would: fresh HOME, empty npm cache, no cargo/rustc on PATH, only the
# packed files; builds data/ with `npx ricerca build`, serves it, types and filters in Chromium;
# the same with the wheel in a fresh virtualenv (tests/package/run.sh).
# Only the linux-x64 binary and the WASI build (what the test installs), to keep make test short.
test-package: setup-test dist
	$(RELEASE_ENV) RICERCA_PLATFORMS=linux-x64 bash pkg/package.sh
	bash tests/package/run.sh

# The widget embedded by the release build is byte-identical to www/dist (tests/cli_widget.rs
# with RICERCA_WIDGET_DIR set; without it, the same test checks the widget-less refusal).
test-widget: release
	$(RELEASE_ENV) cargo test --release --locked --target $(HOST) --test cli_widget

# The WebAssembly engine and its JS glue, in $(WASM_OUT) (bench/run.sh builds its copy with this too).
WASM_OUT   ?= www/pkg
wasm: setup
	$(WASM_ENV) $(WASM_DIST_ENV) wasm-pack --quiet build --target web --release --out-dir $(abspath $(WASM_OUT)) --out-name ricerca_wasm -- --locked --no-default-features --features wasm $(WASM_DIST_ARGS)

# The index from $(DATA), built at deploy time.
index: cli
	mkdir -p www/dist
	$(CLI) build $(DATA) -o target/index.bin

# The deployable folder www/dist: entry script, hashed wasm/glue/css, index, demo page.
dist: wasm index
	node www/build.mjs --index target/index.bin
	node www/budget.mjs --report

# The size budgets, enforced (www/budget.mjs: limits wasm 40.5 KB, loader+CSS 13 KB, first result
# 59.6 KB gzip hold today's size; the wasm target 37 KB is reported as missed, first result 60 KB is met).
budget: dist
	node www/budget.mjs

# Build everything and serve the demo on 127.0.0.1 (prints the URL).
demo: dist
	$(CLI) serve www/dist --port $(PORT)

# Code hygiene, enforced: formatting, and clippy with warnings as errors on the native build
# (every target) and on the browser engine (feature wasm, wasm32).
lint: setup
	cargo fmt --check
	cargo clippy --locked --all-targets -- -D warnings
	cargo clippy --locked --lib --no-default-features --features wasm --target wasm32-unknown-unknown -- -D warnings

test-rust:
	$(CARGO_TEST)

# Unit tests of the widget's pure modules (options, URL state, facet ordering), node:test.
test-www:
	node --test www/test/

# webdriver.json is written here (not committed): wasm-bindgen-test reads it from the crate root.
test-wasm: setup-test cli
	$(CLI) build $(DATA) -o target/wasm-test-index.bin --shards never
	printf '%s\n' '{"goog:chromeOptions":{"binary":"/usr/bin/chromium","args":["--headless=new","--no-sandbox","--disable-gpu","--disable-dev-shm-usage","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"]}}' > webdriver.json
	CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 $(WASM_ENV) wasm-pack test --headless --chrome --release -- --locked --no-default-features --features wasm --test wasm

# Fuzzing (cargo-fuzz, libFuzzer) on the stable compiler: RUSTC_BOOTSTRAP=1 lets it use
# the sanitizer flags. Every target runs FUZZ_SECONDS (default 600) from fuzz/seeds/<target>
# plus its growing corpus in fuzz/corpus/<target> (not committed); a crash is saved under
# fuzz/artifacts/<target>/ and stops the run: copy it to fuzz/regressions/<target>/ once
# fixed, where tests/fuzz_regressions.rs replays it in make test. FUZZ_TARGETS picks some.
FUZZ_SECONDS ?= 600
FUZZ_TARGETS ?= index_decode shard_decode search data_readers
fuzz:
	bash .ci/setup fuzz
	set -e; cd fuzz; for t in $(FUZZ_TARGETS); do \
	  mkdir -p corpus/$$t; \
	  RUSTC_BOOTSTRAP=1 cargo fuzz run $$t corpus/$$t seeds/$$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1; \
	done

test-e2e: setup-test dist
	bash tests/e2e/run.sh

# The size budgets, enforced (the build is deterministic: pinned wasm-bindgen and binaryen,
# the machine's one Rust toolchain).
test-budget: setup-test dist
	node www/budget.mjs

# The relevance floor: ricerca's nDCG@10 on the judged set (bench/relevance/judgments.tsv)
# may not drop more than 0.02 below the committed value (bench/relevance/floor.json). Node only.
test-relevance: cli
	node --test bench/relevance/metrics.test.mjs bench/relevance/floor.test.mjs
	node bench/relevance/floor.mjs

# Every test: fmt + clippy gate, Rust unit + integration (CLI, data errors, index integrity, server),
# the widget's unit tests, wasm-bindgen tests in headless Chromium, the size budgets, the relevance
# floor, the end-to-end browser tests, and the packages installed as a user would (make package +
# tests/package/).
# The suites read the shared corpora (scale, import and relevance tests) from ../shared beside
# the repository, as the CI checkout has them: say so plainly when they are missing.
shared-check:
	@[ -f ../shared/corpora/bench-records.jsonl.gz ] && [ -f ../shared/corpora/ror-v2.json.gz ] || { \
	  echo "make test: ../shared/corpora (bench-records.jsonl.gz, ror-v2.json.gz) not found beside the repository ($(abspath ..)); clone the repository next to the shared folder" >&2; exit 1; }

test: shared-check setup-test lint test-rust test-www test-wasm test-budget test-relevance test-e2e test-package
	@echo "make test: all suites passed"

clean:
	cargo clean
	rm -rf www/dist www/pkg

# Benchmarks side by side with Pagefind 1.6.0 and MiniSearch 7.2.0 (20-30 min on 2 cores;
# `make bench SIZES="1k 10k"` for a quick run). Results: bench/out/report.md, BENCHMARKS.md.
SIZES ?=
bench: setup-test
	bash bench/run.sh $(SIZES)

# Relevance (~1-1.5 min): the judged set on ricerca, MiniSearch 7.2.0 and Pagefind 1.6.0 (in
# headless Chromium; skipped without /usr/bin/chromium) with nDCG@10, MRR, success@3 overall and
# per class, and ROR known items (success@1/@5). See BENCHMARKS.md, "Relevance".
# RELEVANCE_ARGS="--ror-minisearch" also runs MiniSearch on the ROR queries (~4 min more).
# SET=dev runs the development set (bench/relevance/dev.tsv, the queries ranking work is tuned
# on; no ROR run) instead of the held-out judged set; RELEVANCE_ARGS=--misses lists the misses.
RELEVANCE_ARGS ?=
SET ?= judgments
relevance: cli
	( for m in minisearch smol-toml pagefind playwright-core; do [ -d bench/node_modules/$$m ] || exit 1; done ) || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix bench --no-audit --no-fund --loglevel=error
	node bench/relevance/run.mjs --set $(SET) $(RELEVANCE_ARGS)

# Frame budget: a warm query plus its render on the curated data and on 10k records, in Chromium
# (median / p95 / max; fails when a p95 exceeds 16.7 ms). Results: bench/out/frame.json.
frame: setup-test dist
	[ -d bench/node_modules/playwright-core ] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --prefix bench --no-audit --no-fund --loglevel=error
	node bench/frame.mjs www/dist --check
	node bench/frame.mjs www/dist --size 10k --check
