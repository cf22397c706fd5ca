// Frame budget: does a warm query plus its render fit in one animation frame
// (16.7 ms at 60 Hz) on the curated data? Measured in headless Chromium on the
// real demo page (www/dist served by `ricerca serve` on 127.0.0.1).
//
//   node bench/frame.mjs [DIST] [--size 10k] [--check]   (make frame: builds www/dist first)
//
// --size 10k: the same on 10,000 records of the shared corpus (the benchmark's shuffled
// slice, imported and built into a copy of DIST) with bench/out/queries-10k.json;
// results in bench/out/frame-10k.json.
//
// For every query of bench/out/queries-data.json (the generated list the side-by-side
// benchmark uses on data/), typed into the widget's field and submitted, and for every
// facet checkbox of the first answer, clicked on and off: the time from the action to
// the end of the DOM update plus a forced style and layout of the results, read in the
// page (performance.now). The engine is loaded first (warm). Prints median / p95 / max
// per kind; writes bench/out/frame.json; with --check exits 1 when a p95 exceeds the
// frame. Timing goes here, not in the tests (see BENCHMARKS.md).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import { BIN, CHROMIUM, CHROMIUM_ARGS, CORPUS, OUT, ROOT, SHUFFLE_SEED, SIZES, log, pct, prng, serve, writeJson } from './lib/common.mjs';

const FRAME_MS = 1000 / 60;
const args = process.argv.slice(2);
const check = args.includes('--check');
const sizeAt = args.indexOf('--size');
const size = sizeAt >= 0 ? args[sizeAt + 1] : 'data';
const dist = path.resolve(args.find((a, i) => !a.startsWith('--') && i !== sizeAt + 1) || path.join(ROOT, 'www', 'dist'));
const queriesFile = path.join(OUT, `queries-${size}.json`);
if (!SIZES[size] || size === 'all') {
  console.error(`frame.mjs: --size takes data, 1k, 10k or 100k`);
  process.exit(2);
}

for (const [file, hint] of [
  [path.join(dist, 'index.html'), 'make dist'],
  [BIN, 'cargo build --release'],
  [queriesFile, 'bash bench/run.sh data'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`frame.mjs: ${file} is missing (${hint})`);
    process.exit(2);
  }
}
const queries = JSON.parse(fs.readFileSync(queriesFile, 'utf8')).queries.map((x) => x.q);

// A copy of DIST whose index is the benchmark's slice of `n` records (the corpus shuffled
// with the benchmark's seed, as bench/prepare.mjs does), imported and built by the CLI.
function siteWithSlice(n) {
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-frame-'));
  fs.cpSync(dist, site, { recursive: true });
  for (const f of fs.readdirSync(site)) if (/^index.*\.bin$/.test(f)) fs.rmSync(path.join(site, f));
  const lines = zlib.gunzipSync(fs.readFileSync(CORPUS)).toString('utf8').split('\n').filter((l) => l.trim());
  const rand = prng(SHUFFLE_SEED);
  for (let i = lines.length - 1; i > 0; i--) {
    const j = rand.int(i + 1);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-slice-'));
  fs.writeFileSync(path.join(work, 'slice.jsonl'), lines.slice(0, n).join('\n') + '\n');
  execFileSync(BIN, ['import', 'flat', path.join(work, 'slice.jsonl'), '-o', path.join(work, 'records.jsonl')], { stdio: 'ignore' });
  execFileSync(BIN, ['build', path.join(work, 'records.jsonl'), '-o', path.join(site, 'index.bin'), '-q'], { stdio: 'ignore' });
  fs.rmSync(work, { recursive: true, force: true });
  return site;
}
const site = size === 'data' ? dist : siteWithSlice(SIZES[size]);

const server = await serve(site);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
let result;
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(server.url);
  result = await page.evaluate(async (queries) => {
    const host = document.querySelector('[data-ricerca], ricerca-search');
    const root = host.shadowRoot;
    const input = root.querySelector('input[type=search]');
    const form = input.form;
    const list = root.querySelector('ol.list');
    // One action, timed to the end of the DOM update it causes plus style and layout.
    const timed = (act) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no update within 5 s')), 5000);
        // The busy indicator (shown while shard files download) is not the answer.
        const busyOnly = (records) => records.every((r) => (r.target.nodeType === 3 ? r.target.parentElement : r.target).closest('[part~=loading]'));
        const mo = new MutationObserver((records) => {
          if (busyOnly(records)) return;
          mo.disconnect();
          clearTimeout(timer);
          list.getBoundingClientRect(); // forces style and layout
          resolve(performance.now() - t0);
        });
        mo.observe(root, { childList: true, subtree: true, characterData: true });
        const t0 = performance.now();
        act();
      });
    // Warm up: load the engine and the index, then search once.
    input.focus();
    input.value = 'a';
    await timed(() => form.requestSubmit()).catch(() => {});
    for (let i = 0; i < 100 && root.querySelector('[aria-busy=true]'); i++) await new Promise((r) => setTimeout(r, 50));
    await timed(() => {
      input.value = 'rosatom';
      form.requestSubmit();
    });
    // Untimed first pass: every query once, so the timed one finds its shard files loaded
    // (a large index fetches them on demand; the first query of a word waits for the network).
    for (const q of queries) {
      for (const v of [q + 'x', q]) {
        await timed(() => {
          input.value = v;
          form.requestSubmit();
        }).catch(() => {});
      }
    }
    const typed = [];
    for (const q of queries) {
      typed.push(
        await timed(() => {
          input.value = q + 'x'; // differ from the previous answer so the DOM changes
          form.requestSubmit();
        }).then(() =>
          timed(() => {
            input.value = q;
            form.requestSubmit();
          })
        )
      );
    }
    // Facets on the browse-everything answer: each checkbox on, then off.
    await timed(() => {
      input.value = '';
      form.requestSubmit();
    });
    // The checkboxes by facet and value, not by position: a ticked country brings its
    // regions first, so the n-th box of the timed pass would not be the warm pass's one
    // and its answer would wait for shard downloads (a busy state, not a frame).
    const facet = [];
    const keys = Array.from(root.querySelectorAll('input[type=checkbox][data-facet]'), (b) => [b.dataset.facet, b.value]);
    const box = ([f, v]) => root.querySelector(`input[type=checkbox][data-facet="${f}"][value="${CSS.escape(v)}"]`);
    for (const key of keys) for (let k = 0; k < 2; k++) await timed(() => box(key)?.click()).catch(() => {}); // warm
    for (const key of keys) {
      for (let k = 0; k < 2; k++) {
        const b = box(key);
        if (!b) break;
        facet.push(await timed(() => b.click()));
      }
    }
    return { typed, facet };
  }, queries);
  if (problems.length) throw new Error('page errors: ' + problems.join('; '));
} finally {
  await browser.close();
  await server.stop();
  if (site !== dist) fs.rmSync(site, { recursive: true, force: true });
}

const summary = {};
let over = false;
for (const [kind, xs] of Object.entries(result)) {
  summary[kind] = { n: xs.length, median: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100) };
  if (!(summary[kind].p95 <= FRAME_MS)) over = true;
}
const chromiumVersion = execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
writeJson(path.join(OUT, size === 'data' ? 'frame.json' : `frame-${size}.json`), { at: new Date().toISOString(), dist, size, chromium: chromiumVersion, frameMs: FRAME_MS, summary });
for (const [kind, s] of Object.entries(summary)) {
  log(`frame ${size}: ${kind.padEnd(6)} n=${s.n} median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (frame ${FRAME_MS.toFixed(1)} ms)`);
}
if (check && over) {
  console.error('frame.mjs: a p95 exceeds one animation frame');
  process.exit(1);
}
