// Step 3: every engine in headless Chromium, served by `ricerca serve` (gzip) on
// 127.0.0.1, same site, same queries, same browser. Writes bench/out/results-<size>.json.
//
//   node bench/browser.mjs 1k 10k ...
//
// Per engine and size:
//   cold   one fresh browser context (empty cache) per cold query (5 queries, one
//          per category, then every query of the cold classes first/twoedit/nomatch,
//          summarised apart as coldClasses):
//          time from navigation start to the first answer (top 10
//          with the data a results list shows, and facet counts), bytes transferred
//          (Resource Timing transferSize: compressed body + headers) and requests up
//          to that moment, not counting the two harness files (bench.html,
//          bench-common.js) which every engine shares.
//   heap   after loading (first cold page) and after all queries: JS heap used
//          (CDP Runtime.getHeapUsage after a forced gc) and WebAssembly memory
//          (every instantiated module's exported Memory).
//   warm   in that page, every query once (pass 1: first time the query is seen,
//          lazy fetches included), then BENCH_PASSES (5) more passes (fewer, but at
//          least 2, once BENCH_WARM_BUDGET_S = 150 s are spent); a query's warm
//          latency is the median of its passes (performance.now() around the call,
//          5 µs resolution thanks to cross-origin isolation); median, p95, p99 over
//          the query list (warmRaw: the same over every single run).
//   bare   the first-time pass again in a fresh Chromium driven over the DevTools protocol
//          with the Runtime domain only (lib/bare.mjs): Playwright reports every fetch of
//          the pages it drives over its pipe, which triples a small fetch's cost here.
//   found@5 for typo / accent-free queries (intended record in the top 5), from pass 1.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, OUT, WORK, benchUrl, log, median, pct, serve, writeJson } from './lib/common.mjs';
import { barePage } from './lib/bare.mjs';

const ENGINES = (process.env.BENCH_ENGINES || 'ricerca,pagefind,minisearch').split(',');
const PASSES = Number(process.env.BENCH_PASSES || 5);
const WARM_BUDGET = Number(process.env.BENCH_WARM_BUDGET_S || 150);
const QUERY_TIMEOUT = Number(process.env.BENCH_QUERY_TIMEOUT || 60000);
const HARNESS = /\/(bench\.html|bench-common\.js)(\?|#|$)/;

// Captures every WebAssembly memory the page instantiates (for the heap figure).
export const WASM_HOOK = `(() => {
  const WA = window.WebAssembly; if (!WA) return;
  const mems = new Set();
  const grab = (inst) => { try { for (const v of Object.values(inst.exports)) if (v instanceof WA.Memory) mems.add(v); } catch (e) {} };
  const oi = WA.instantiate;
  WA.instantiate = function () { return oi.apply(this, arguments).then((r) => { grab(r.instance || r); return r; }); };
  const ois = WA.instantiateStreaming;
  if (ois) WA.instantiateStreaming = function () { return ois.apply(this, arguments).then((r) => { grab(r.instance); return r; }); };
  WA.Instance = new Proxy(WA.Instance, { construct(t, a, n) { const i = Reflect.construct(t, a, n); grab(i); return i; } });
  window.__wasmBytes = () => { let n = 0; mems.forEach((m) => { n += m.buffer.byteLength; }); return n; };
})();`;

const withTimeout = (p, ms, what) =>
  Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms: ${what}`)), ms))]);

async function heap(page, cdp) {
  await page.evaluate(() => window.gc && window.gc());
  const h = await cdp.send('Runtime.getHeapUsage');
  const wasm = await page.evaluate(() => (window.__wasmBytes ? window.__wasmBytes() : 0));
  return { jsUsed: h.usedSize, jsTotal: h.totalSize, wasm };
}

// Every resource the page and its workers fetched: [{name, bytes, end}] with `end`
// in epoch milliseconds (Resource Timing: transferSize = compressed body + headers).
async function resources(page) {
  const grab = () => {
    const o = performance.timeOrigin;
    const nav = performance.getEntriesByType('navigation');
    return nav.concat(performance.getEntriesByType('resource')).map((r) => ({
      name: r.name.replace(location.origin, ''),
      bytes: r.transferSize,
      end: o + r.responseEnd,
    }));
  };
  const lists = [await page.evaluate(grab)];
  for (const w of page.workers()) lists.push(await w.evaluate(grab));
  return lists.flat();
}

async function open(browser, base, engine, opts) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push('console: ' + m.text()));
  await page.addInitScript(WASM_HOOK);
  const cdp = await context.newCDPSession(page);
  await page.goto(benchUrl(base, engine, opts));
  const first = await withTimeout(page.evaluate(() => window.__bench.ready), 120000, `${engine} cold load`);
  if (first.error) throw new Error(`${engine}: ${first.error}\n${problems.join('\n')}`);
  return { context, page, cdp, problems, first };
}

// Runs every query once per pass; returns per-query [{ms: [...], total, ids}].
// Stops early (after at least `min` passes) once `budget` ms are spent.
async function passes(page, engine, queries, n, { min = n, budget = Infinity } = {}) {
  const per = queries.map((q) => ({ cat: q.cat, q: q.q, filters: q.filters, intended: q.intended, ms: [] }));
  const t0 = Date.now();
  for (let pass = 0; pass < n; pass++) {
    if (pass >= min && Date.now() - t0 > budget) break;
    if (pass > 0) log(`  ${engine}: pass ${pass} done at ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    for (let i = 0; i < queries.length; i++) {
      const q = queries[i];
      let r;
      try {
        r = await withTimeout(page.evaluate(([a, b]) => window.__bench.run(a, b), [q.q, q.filters]), QUERY_TIMEOUT, `${engine} ${JSON.stringify(q.q)}`);
      } catch (e) {
        per[i].error = String(e.message || e).slice(0, 500);
        return { per, aborted: per[i].error };
      }
      per[i].ms.push(r.ms);
      if (pass === 0) Object.assign(per[i], { total: r.total, ids: r.ids, facetValues: r.facetValues });
    }
  }
  return { per, aborted: null };
}

// The first-time pass once more, in a bare page (no automation agent on the page's
// network: lib/bare.mjs), opened like the warm page with the first cold query.
// Returns each query's time, in the query list's order.
async function barePass(base, engine, queries) {
  const q0 = queries.find((x) => x.cold) || queries[0];
  const page = await barePage(benchUrl(base, engine, { q: q0.q, filters: q0.filters }));
  try {
    const first = await withTimeout(page.evaluate('window.__bench.ready'), 120000, `${engine} bare load`);
    if (first.error) throw new Error(`${engine} (bare page): ${first.error}`);
    const ms = [];
    for (const q of queries) {
      const call = `window.__bench.run(${JSON.stringify(q.q)}, ${JSON.stringify(q.filters ?? null)})`;
      ms.push((await withTimeout(page.evaluate(call), QUERY_TIMEOUT, `${engine} bare ${JSON.stringify(q.q)}`)).ms);
    }
    return ms;
  } finally {
    await page.close();
  }
}

async function runEngine(browser, base, engine, queries) {
  const res = { cold: [], problems: [] };
  // Cold: a fresh context (empty cache) per cold query; the first one stays open for the warm passes.
  let kept = null;
  for (const q of queries.filter((x) => x.cold)) {
    const o = await open(browser, base, engine, { q: q.q, filters: q.filters });
    const firstAt = o.first.origin + o.first.ms;
    const all = (await resources(o.page)).filter((r) => !HARNESS.test(r.name));
    const before = all.filter((r) => r.end <= firstAt + 0.5);
    res.cold.push({
      q: q.q,
      filters: q.filters,
      ms: o.first.ms,
      bytes: before.reduce((a, r) => a + r.bytes, 0),
      requests: before.length,
      total: o.first.total,
      resources: before.map(({ name, bytes }) => ({ name, bytes })),
    });
    res.problems.push(...o.problems);
    if (!kept) kept = o;
    else await o.context.close();
  }
  // Cold classes (first-letter typo, two-edit typo, no-match): each on a fresh page too.
  res.coldClasses = [];
  for (const q of queries.filter((x) => x.coldClass)) {
    const o = await open(browser, base, engine, { q: q.q, filters: q.filters });
    const firstAt = o.first.origin + o.first.ms;
    const before = (await resources(o.page)).filter((r) => !HARNESS.test(r.name) && r.end <= firstAt + 0.5);
    res.coldClasses.push({
      cat: q.cat,
      q: q.q,
      ms: o.first.ms,
      bytes: before.reduce((a, r) => a + r.bytes, 0),
      requests: before.length,
      total: o.first.total,
      found5: q.intended ? (o.first.ids || []).slice(0, 5).includes(q.intended) : undefined,
    });
    res.problems.push(...o.problems);
    await o.context.close();
  }
  // Warm: pass 1 (first time each query is seen) + PASSES more.
  // A slow engine gets at least 2 warm passes, then stops once BENCH_WARM_BUDGET_S is spent.
  const warmRun = await passes(kept.page, engine, queries, PASSES + 1, { min: Math.min(3, PASSES + 1), budget: WARM_BUDGET * 1000 });
  await kept.context.close();
  res.aborted = warmRun.aborted;
  const per = warmRun.per;

  // Memory: a separate page on the main thread: after load, and after every query once.
  const m = await open(browser, base, engine, { q: queries[0].q, filters: queries[0].filters, mem: true });
  res.heapAfterLoad = await heap(m.page, m.cdp);
  const memRun = await passes(m.page, engine, queries, 1);
  if (!memRun.aborted) res.heapAfterQueries = await heap(m.page, m.cdp);
  res.problems.push(...m.problems);
  await m.context.close();

  const firstPass = per.map((p) => p.ms[0]).filter((x) => x != null);
  // The first-time pass in a bare page (skipped when the warm run was cut short).
  // One retry: a bare Chromium that fails to start must not lose the whole run.
  const bare = res.aborted
    ? []
    : await barePass(base, engine, queries).catch((e) => {
        log(`  ${engine}: bare page failed (${e.message}); once more`);
        return barePass(base, engine, queries);
      });
  bare.forEach((ms, i) => (per[i].bareFirstMs = ms));
  // Warm latency of a query = the median of its warm passes (robust to a stray GC
  // pause or another process on the machine); the figures are over the query list.
  const warm = per.filter((p) => p.ms.length > 1).map((p) => median(p.ms.slice(1)));
  const raw = per.flatMap((p) => p.ms.slice(1));
  res.queries = per;
  res.warmPasses = Math.max(0, ...per.map((p) => p.ms.length - 1));
  res.summary = {
    coldMs: median(res.cold.map((c) => c.ms)),
    coldBytes: median(res.cold.map((c) => c.bytes)),
    coldRequests: median(res.cold.map((c) => c.requests)),
    firstPass: { median: median(firstPass), p95: pct(firstPass, 95), max: pct(firstPass, 100) },
    firstPassBare: bare.length ? { median: median(bare), p95: pct(bare, 95), max: pct(bare, 100) } : null,
    warm: { n: warm.length, median: median(warm), p95: pct(warm, 95), p99: pct(warm, 99), max: pct(warm, 100) },
    warmRaw: { n: raw.length, median: median(raw), p95: pct(raw, 95), p99: pct(raw, 99), max: pct(raw, 100) },
    warmByCat: Object.fromEntries(
      [...new Set(per.map((p) => p.cat))].map((c) => {
        const v = per.filter((p) => p.cat === c && p.ms.length > 1).map((p) => median(p.ms.slice(1)));
        return [c, { median: median(v), p95: pct(v, 95) }];
      })
    ),
    found5: {},
    coldClasses: Object.fromEntries(
      [...new Set(res.coldClasses.map((c) => c.cat))].map((cat) => {
        const cs = res.coldClasses.filter((c) => c.cat === cat);
        const f = cs.filter((c) => c.found5 !== undefined);
        return [
          cat,
          {
            n: cs.length,
            bytes: { median: median(cs.map((c) => c.bytes)), max: pct(cs.map((c) => c.bytes), 100) },
            requests: { median: median(cs.map((c) => c.requests)), max: pct(cs.map((c) => c.requests), 100) },
            ms: { median: median(cs.map((c) => c.ms)), max: pct(cs.map((c) => c.ms), 100) },
            found5: f.length ? `${f.filter((c) => c.found5).length}/${f.length}` : undefined,
          },
        ];
      })
    ),
  };
  for (const cat of ['typo', 'accent', 'exact']) {
    const qs = per.filter((p) => p.cat === cat && p.intended);
    if (!qs.length) continue;
    const hits = qs.filter((p) => (p.ids || []).slice(0, 5).includes(p.intended)).length;
    res.summary.found5[cat] = { hits, of: qs.length, rate: hits / qs.length };
  }
  return res;
}

async function runSize(size) {
  const site = path.join(WORK, size, 'site');
  const prepared = JSON.parse(fs.readFileSync(path.join(WORK, size, 'prepared.json'), 'utf8'));
  const qfile = JSON.parse(fs.readFileSync(path.join(OUT, `queries-${size}.json`), 'utf8'));
  // Cross-origin isolation gives every engine 5 µs timers (performance.now()).
  const server = await serve(site, ['Cross-Origin-Opener-Policy: same-origin', 'Cross-Origin-Embedder-Policy: require-corp']);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const out = {
    size,
    records: prepared.records,
    at: new Date().toISOString(),
    chromium: browser.version(),
    passes: PASSES,
    loadavg: os.loadavg(),
    queries: qfile.queries.length,
    engines: {},
  };
  try {
    for (const engine of ENGINES) {
      log(`${size}: ${engine} in Chromium…`);
      const t0 = Date.now();
      out.engines[engine] = await runEngine(browser, server.url, engine, qfile.queries);
      const s = out.engines[engine].summary;
      log(
        `${size}: ${engine} cold ${s.coldMs?.toFixed(0)} ms ${(s.coldBytes / 1024).toFixed(1)} KiB/${s.coldRequests} req; ` +
          `warm median ${s.warm.median?.toFixed(2)} p95 ${s.warm.p95?.toFixed(2)} ms; typo@5 ${s.found5.typo?.hits}/${s.found5.typo?.of}` +
          ` (${((Date.now() - t0) / 1000).toFixed(0)} s)${out.engines[engine].aborted ? ' ABORTED: ' + out.engines[engine].aborted : ''}`
      );
    }
  } finally {
    await browser.close();
    await server.stop();
  }
  writeJson(path.join(OUT, `results-${size}.json`), out);
}

// Run as a script (not when imported for WASM_HOOK).
if (import.meta.url === `file://${process.argv[1]}`) for (const size of process.argv.slice(2)) await runSize(size);
