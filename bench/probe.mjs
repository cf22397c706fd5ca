// Where a warm page's first-run time goes, per query (not part of run.sh):
//   node bench/probe.mjs [SIZE]   (after bench/run.sh SIZE has built bench/work/SIZE)
// Loads the ricerca bench page, then runs every query of bench/out/queries-SIZE.json
// once (first run: shard fetches included) and again (repeat), timing per query the
// engine's search calls, the shard fetches (HTTP + body) and add_shard, and counting
// fetch rounds and files. Prints the slowest queries and the totals; writes
// bench/out/probe-SIZE.json.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, OUT, WORK, benchUrl, serve, writeJson, median, pct } from './lib/common.mjs';
import { WASM_HOOK } from './browser.mjs';
import { barePage } from './lib/bare.mjs';

const size = process.argv[2] || 'all';
// A bare page with Playwright's evaluate(fn, arg) and close().
const bare = async (url) => {
  const p = await barePage(url);
  return { bare: true, evaluate: (fn, arg) => p.evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`), close: p.close };
};
const site = path.join(WORK, size, 'site');
const queries = JSON.parse(fs.readFileSync(path.join(OUT, `queries-${size}.json`), 'utf8')).queries;
const server = await serve(site, ['Cross-Origin-Opener-Policy: same-origin', 'Cross-Origin-Embedder-Policy: require-corp']);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
// PROBE_WARM_SERVER=1: a first page runs every query before the measured one, so
// that the server has compressed every file already (what a static host does ahead).
const runs = process.env.PROBE_WARM_SERVER === '1' ? 2 : 1;
try {
 for (let run = 0; run < runs; run++) {
  const url = benchUrl(server.url, 'ricerca', { q: queries[0].q, filters: queries[0].filters });
  // PROBE_BARE=1: a page without Playwright's network reporting (lib/bare.mjs).
  const page = process.env.PROBE_BARE === '1' ? await bare(url) : await browser.newPage();
  if (!page.bare) {
    await page.addInitScript(WASM_HOOK);
    await page.goto(url);
  }
  await page.evaluate(() => window.__bench.ready);
  const wasmLoad = await page.evaluate(() => window.__wasmBytes && window.__wasmBytes());
  await page.evaluate(async () => {
    const eng = await window.ricerca.load({ index: 'index.bin' });
    const st = (window.__probe = { search: 0, searches: 0, fetch: 0, add: 0, files: 0, rounds: 0, kinds: '' });
    // The loader's own property names are minified: find them by shape.
    const rk = Object.keys(eng).find((k) => eng[k] && typeof eng[k].add_shard === 'function');
    const fk = Object.keys(eng).find((k) => typeof eng[k] === 'function');
    const read = eng[fk];
    eng[fk] = (n) => {
      const t = performance.now();
      return read(n).then((b) => ((st.fetch += performance.now() - t), st.files++, (st.kinds += n.split('.')[1][0]), b));
    };
    const raw = eng[rk];
    const search = raw.search.bind(raw);
    raw.search = (q, o) => {
      const t = performance.now();
      try {
        return search(q, o);
      } catch (e) {
        st.rounds++;
        throw e;
      } finally {
        st.search += performance.now() - t;
        st.searches++;
      }
    };
    const add = raw.add_shard.bind(raw);
    raw.add_shard = (n, b) => {
      const t = performance.now();
      try {
        return add(n, b);
      } finally {
        st.add += performance.now() - t;
      }
    };
    window.__probeRun = async (q, filters) => {
      for (const k in st) st[k] = k === 'kinds' ? '' : 0;
      const t = performance.now();
      const r = await eng.search(q, { filters, limit: 10 });
      return { ms: performance.now() - t, total: r.total, ...st };
    };
  });
  const rows = [];
  if (run < runs - 1) {
    for (const q of queries) await page.evaluate(([a, b]) => window.__probeRun(a, b), [q.q, q.filters]);
    await page.close();
    continue;
  }
  for (const q of queries) {
    const first = await page.evaluate(([a, b]) => window.__probeRun(a, b), [q.q, q.filters]);
    const again = await page.evaluate(([a, b]) => window.__probeRun(a, b), [q.q, q.filters]);
    rows.push({ q: q.q, cat: q.cat, filters: q.filters, first, again });
  }
  const heap = await page.evaluate(() => performance.memory && performance.memory.usedJSHeapSize);
  const wasm = await page.evaluate(() => window.__wasmBytes && window.__wasmBytes());
  const f = (x) => x.toFixed(1).padStart(6);
  rows.sort((a, b) => b.first.ms - a.first.ms);
  console.log('first ms | search ms (n) | fetch ms (files, rounds) | add ms | repeat ms | query');
  for (const r of rows.slice(0, 25))
    console.log(`${f(r.first.ms)} | ${f(r.first.search)} (${r.first.searches}) | ${f(r.first.fetch)} (${r.first.files}, ${r.first.rounds}) | ${f(r.first.add)} | ${f(r.again.ms)} | ${r.cat} ${JSON.stringify(r.q)} ${r.filters ? JSON.stringify(r.filters) : ''} total ${r.first.total}`);
  const sum = (k) => rows.reduce((a, r) => a + r.first[k], 0);
  console.log(`totals first: ${f(sum('ms'))} ms; search ${f(sum('search'))}, fetch ${f(sum('fetch'))} (${sum('files')} files, ${sum('rounds')} rounds), add ${f(sum('add'))}`);
  const fm = rows.map((r) => r.first.ms), am = rows.map((r) => r.again.ms);
  console.log(`first median ${median(fm).toFixed(1)} p95 ${pct(fm, 95).toFixed(1)} max ${pct(fm, 100).toFixed(1)}; repeat median ${median(am).toFixed(2)} p95 ${pct(am, 95).toFixed(2)} (JS heap ${heap}, wasm ${wasmLoad} after load, ${wasm} after the queries)`);
  writeJson(path.join(OUT, `probe-${size}.json`), rows);
  if (page.bare) await page.close();
 }
} finally {
  await browser.close();
  await server.stop();
}
