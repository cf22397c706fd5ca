// Step 1 of the benchmark: for each size, the shuffled slice of the corpus, its
// conversion to ricerca's JSONL, and every engine's built files, in
// bench/work/<size>/site/{ricerca,pagefind,minisearch}/ (one site, one server).
// Each step is cached under a key made of its inputs' hash and the tool's version,
// so a rerun rebuilds only what changed (e.g. only ricerca after a new binary).
//
//   node bench/prepare.mjs 1k 10k 100k all data
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  BENCH, BIN, CORPUS, DIST, PAGEFIND_BIN, ROOT, SHUFFLE_SEED, SIZES, WORK,
  listFiles, log, prng, readJsonl, ricercaHelp, ricercaVersion, sha256, sha256File, timed, writeJson,
} from './lib/common.mjs';
import { makeDocs } from './lib/docs.mjs';
import { COMMON_JS, MINISEARCH_PAGE, PAGEFIND_PAGE, RICERCA_PAGE } from './lib/pages.mjs';
import { pagefindHtml } from './lib/pagefind-html.mjs';
import { tomlLines } from './lib/toml-data.mjs';

// Bump when the way inputs are rendered changes (invalidates those caches).
const RENDER_VERSION = 'pagefind-html-1';
const DOCS_VERSION = 'docs-1';
const pkgVersion = (name) => JSON.parse(fs.readFileSync(path.join(BENCH, 'node_modules', name, 'package.json'), 'utf8')).version;

// ------------------------------------------------------------------ cache
// step(dir, name, key, outputs, fn): runs fn() unless dir/stamps/name.json has this
// key and every output exists; returns fn's metrics (stored) plus {cached}.
function step(dir, name, key, outputs, fn) {
  const stamp = path.join(dir, 'stamps', name + '.json');
  if (fs.existsSync(stamp) && !process.env.BENCH_REBUILD) {
    const s = JSON.parse(fs.readFileSync(stamp, 'utf8'));
    if (s.key === key && outputs.every((o) => fs.existsSync(o))) {
      log(`${path.basename(dir)}: ${name} cached`);
      return { ...s.metrics, cached: true, measuredAt: s.at };
    }
  }
  log(`${path.basename(dir)}: ${name}…`);
  const metrics = fn() || {};
  writeJson(stamp, { key, at: new Date().toISOString(), metrics });
  return { ...metrics, cached: false, measuredAt: new Date().toISOString() };
}

// Writes text to file only if different (keeps caches keyed on content stable).
function writeIfChanged(file, text) {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

// ------------------------------------------------------------------ slicing
let shuffled = null;
function shuffledCorpus() {
  if (shuffled) return shuffled;
  const lines = zlib.gunzipSync(fs.readFileSync(CORPUS)).toString('utf8').split('\n').filter((l) => l.trim());
  const rand = prng(SHUFFLE_SEED);
  for (let i = lines.length - 1; i > 0; i--) {
    const j = rand.int(i + 1);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  log(`corpus: ${lines.length} records shuffled (seed 0x${SHUFFLE_SEED.toString(16)})`);
  return (shuffled = lines);
}

// ------------------------------------------------------------------ converters
const hasImport = () => /\bimport\b/.test(ricercaHelp());

// The curated data/ as ricerca JSONL lines (for the competitors; ricerca builds data/ itself).
const dataAsJsonl = () => tomlLines(path.join(ROOT, 'data'));

function dirStats(dir) {
  const files = listFiles(dir);
  return { files: files.length, bytes: files.reduce((a, f) => a + f.bytes, 0) };
}

// ------------------------------------------------------------------ one size
function prepare(size) {
  const n = SIZES[size];
  if (n === undefined) throw new Error(`unknown size ${size}; use ${Object.keys(SIZES).join(' ')}`);
  const dir = path.join(WORK, size);
  const site = path.join(dir, 'site');
  fs.mkdirSync(site, { recursive: true });
  const info = { size, steps: {} };

  const binHash = sha256File(BIN).slice(0, 16);
  const convJsonl = path.join(dir, 'ricerca.jsonl');
  let sliceHash;
  if (n === 'data') {
    const lines = dataAsJsonl();
    writeIfChanged(convJsonl, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    sliceHash = sha256(fs.readFileSync(convJsonl)).slice(0, 16);
    info.converter = 'data/*.toml (smol-toml) for the competitors; ricerca builds data/ directly';
    info.inputRecords = lines.filter((l) => l.type !== 'sector').length;
  } else {
    const all = shuffledCorpus();
    const lines = n === null ? all : all.slice(0, n);
    const sliceFile = path.join(dir, 'slice.jsonl');
    writeIfChanged(sliceFile, lines.join('\n') + '\n');
    sliceHash = sha256(fs.readFileSync(sliceFile)).slice(0, 16);
    info.inputRecords = lines.length;
    if (!hasImport()) throw new Error('target/release/ricerca has no `import flat` command: rebuild it');
    info.converter = 'ricerca import flat';
    info.steps.import = step(dir, 'import', `${sliceHash}|${binHash}`, [convJsonl], () => {
      const t = timed([BIN, 'import', 'flat', sliceFile, '-o', convJsonl]);
      return { seconds: t.seconds, peakKiB: t.peakKiB };
    });
  }
  info.sliceHash = sliceHash;
  const convHash = sha256(fs.readFileSync(convJsonl)).slice(0, 16);
  const converted = readJsonl(convJsonl);
  info.records = converted.filter((l) => l.type !== 'sector').length;

  // Common documents for Pagefind and MiniSearch.
  const docsFile = path.join(dir, 'docs.json');
  step(dir, 'docs', `${convHash}|${DOCS_VERSION}`, [docsFile], () => {
    fs.writeFileSync(docsFile, JSON.stringify(makeDocs(converted)));
  });
  const docsHash = sha256(fs.readFileSync(docsFile)).slice(0, 16);

  writeIfChanged(path.join(site, 'bench-common.js'), COMMON_JS);

  // ---- ricerca: build into a fresh folder (whatever files the builder writes next
  // to index.bin), then add the widget's assets from www/dist (loader, glue, wasm, css).
  const rIndex = path.join(dir, 'ricerca-index');
  const src = n === 'data' ? path.join(ROOT, 'data') : convJsonl;
  // BENCH_RICERCA_BUILD_ARGS: extra `ricerca build` options (e.g. "--shards never"); default none.
  const extraArgs = (process.env.BENCH_RICERCA_BUILD_ARGS || '').split(/\s+/).filter(Boolean);
  info.ricercaBuildArgs = extraArgs.join(' ');
  info.steps.ricerca = step(dir, 'ricerca-build', `${convHash}|${binHash}|${extraArgs.join(' ')}`, [path.join(rIndex, 'index.bin')], () => {
    fs.rmSync(rIndex, { recursive: true, force: true });
    fs.mkdirSync(rIndex, { recursive: true });
    const t = timed([BIN, 'build', src, '-o', path.join(rIndex, 'index.bin'), ...extraArgs]);
    return { seconds: t.seconds, peakKiB: t.peakKiB, index: dirStats(rIndex) };
  });
  const rSite = path.join(site, 'ricerca');
  fs.rmSync(rSite, { recursive: true, force: true });
  fs.cpSync(rIndex, rSite, { recursive: true });
  const assets = JSON.parse(fs.readFileSync(path.join(DIST, 'assets.json'), 'utf8'));
  for (const [k, f] of Object.entries(assets)) if (k !== 'index') fs.copyFileSync(path.join(DIST, f), path.join(rSite, f));
  fs.writeFileSync(path.join(rSite, 'bench.html'), RICERCA_PAGE);
  info.ricerca = { version: ricercaVersion(), binary: binHash, assets };

  // ---- Pagefind: one HTML page per record, then its CLI (the native binary).
  const pSite = path.join(site, 'pagefind');
  const pfVersion = execFileSync(PAGEFIND_BIN, ['--version'], { encoding: 'utf8' }).trim();
  info.steps.pagefindHtml = step(dir, 'pagefind-html', `${docsHash}|${RENDER_VERSION}`, [path.join(pSite, 'p')], () => {
    const t0 = Date.now();
    fs.rmSync(pSite, { recursive: true, force: true });
    const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
    for (let i = 0; i < docs.length; i += 1000) fs.mkdirSync(path.join(pSite, 'p', String(i / 1000)), { recursive: true });
    docs.forEach((d, i) => fs.writeFileSync(path.join(pSite, 'p', String(Math.floor(i / 1000)), `${i}.html`), pagefindHtml(d)));
    return { seconds: (Date.now() - t0) / 1000, pages: docs.length };
  });
  info.steps.pagefind = step(dir, 'pagefind-build', `${docsHash}|${RENDER_VERSION}|${pfVersion}`, [path.join(pSite, 'pagefind', 'pagefind.js')], () => {
    fs.rmSync(path.join(pSite, 'pagefind'), { recursive: true, force: true });
    const t = timed([PAGEFIND_BIN, '--site', pSite, '--output-subdir', 'pagefind', '--quiet']);
    return { seconds: t.seconds, peakKiB: t.peakKiB, index: dirStats(path.join(pSite, 'pagefind')) };
  });
  fs.writeFileSync(path.join(pSite, 'bench.html'), PAGEFIND_PAGE);
  info.pagefind = { version: pfVersion, npm: pkgVersion('pagefind') };

  // ---- MiniSearch: prebuilt JSON index (node, timed), the UMD build for the page.
  const mSite = path.join(site, 'minisearch');
  const msVersion = pkgVersion('minisearch');
  const optsHash = sha256(fs.readFileSync(path.join(BENCH, 'lib', 'minisearch-options.mjs'))).slice(0, 8);
  info.steps.minisearch = step(dir, 'minisearch-build', `${docsHash}|${msVersion}|${optsHash}`, [path.join(mSite, 'index.json')], () => {
    fs.mkdirSync(mSite, { recursive: true });
    const t = timed([process.execPath, path.join(BENCH, 'lib', 'build-minisearch.mjs'), docsFile, path.join(mSite, 'index.json')]);
    return { seconds: t.seconds, peakKiB: t.peakKiB, index: { files: 1, bytes: fs.statSync(path.join(mSite, 'index.json')).size } };
  });
  fs.copyFileSync(path.join(BENCH, 'node_modules', 'minisearch', 'dist', 'umd', 'index.js'), path.join(mSite, 'minisearch.js'));
  fs.writeFileSync(path.join(mSite, 'bench.html'), MINISEARCH_PAGE);
  info.minisearch = { version: msVersion };

  writeJson(path.join(dir, 'prepared.json'), info);
  log(`${size}: ${info.records} records ready (${info.converter})`);
  return info;
}

const sizes = process.argv.slice(2);
if (!sizes.length) throw new Error(`usage: node bench/prepare.mjs SIZE... (${Object.keys(SIZES).join(' ')})`);
for (const s of sizes) prepare(s);
