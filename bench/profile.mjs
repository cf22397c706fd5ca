// Where the engine spends its time in Chromium: a CPU profile of the repeat pass.
//
//   bash bench/profile.sh SIZE [QUERIES.tsv] [PASSES]     (builds the engine with its names)
//   node bench/profile.mjs SIZE [QUERIES.tsv] [PASSES]    (after the build step of profile.sh)
//
// Opens ricerca's bench page of SIZE (bench/work/SIZE/site, made by `bash bench/run.sh SIZE`)
// with the engine of bench/work/dist-profile (function names kept: `www/build.mjs
// --keep-names`), in a Playwright page on `ricerca serve`, as browser.mjs does. Runs every
// query of the list once (the first-time pass: shard fetches), then PASSES (5) more passes
// under the DevTools CPU profiler (50 µs sampling), and prints the self time per function
// (wasm functions by their Rust names), then per query the median over the passes and the
// p95 over the list. The profiler slows the page: compare profiles with each other, and
// times with browser.mjs. QUERIES.tsv defaults to bench/out/queries-SIZE.tsv (kind, query,
// facet=value;...), so a file of a few lines profiles those queries alone.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, OUT, WORK, benchUrl, log, median, pct, serve } from './lib/common.mjs';

const [size = '10k', queryFile = path.join(OUT, `queries-${size}.tsv`), passArg = '5'] = process.argv.slice(2);
const PASSES = Number(passArg);
const SITE = path.join(WORK, size, 'site');
const ENGINE = path.join(WORK, 'dist-profile');

/** The query list: `{q, filters}` per TSV line (kind, query, facet=value;facet=value). */
function readQueries(file) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [, q = '', f = ''] = line.split('\t');
      const filters = {};
      for (const kv of f.split(';').filter(Boolean)) {
        const [k, v] = kv.split('=');
        (filters[k] ||= []).push(v);
      }
      return { q, filters };
    });
}

/** A copy of the bench site whose ricerca page runs the named engine (index files hard-linked). */
function profileSite() {
  const to = path.join(WORK, size, 'site-profile');
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(path.join(to, 'ricerca'), { recursive: true });
  fs.copyFileSync(path.join(SITE, 'bench-common.js'), path.join(to, 'bench-common.js'));
  const from = path.join(SITE, 'ricerca');
  for (const f of fs.readdirSync(from)) {
    if (f.startsWith('index')) fs.linkSync(path.join(from, f), path.join(to, 'ricerca', f));
  }
  fs.copyFileSync(path.join(from, 'bench.html'), path.join(to, 'ricerca', 'bench.html'));
  for (const f of fs.readdirSync(ENGINE)) {
    if (/^ricerca(\.js|-engine\..*\.js|\..*\.wasm)$/.test(f)) fs.copyFileSync(path.join(ENGINE, f), path.join(to, 'ricerca', f));
  }
  return to;
}

/** Self time per function name, in µs, from a DevTools CPU profile. */
function selfTimes(profile) {
  const node = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => {
    const f = node.get(id).callFrame;
    const name = f.functionName || `(anonymous ${f.url.split('/').pop()})`;
    self.set(name, (self.get(name) || 0) + (profile.timeDeltas[i] || 0));
  });
  return [...self].sort((a, b) => b[1] - a[1]);
}

for (const need of [path.join(SITE, 'ricerca', 'bench.html'), path.join(ENGINE, 'assets.json'), queryFile]) {
  if (!fs.existsSync(need)) {
    console.error(`profile: ${need} missing (run bash bench/run.sh ${size}, then bash bench/profile.sh ${size})`);
    process.exit(1);
  }
}
const queries = readQueries(queryFile);
const server = await serve(profileSite(), ['Cross-Origin-Opener-Policy: same-origin', 'Cross-Origin-Embedder-Policy: require-corp']);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage();
  await page.goto(benchUrl(server.url, 'ricerca', { q: queries[0].q, filters: queries[0].filters }));
  const ready = await page.evaluate(() => window.__bench.ready);
  if (ready.error) throw new Error(ready.error);
  const run = (q) => page.evaluate(([q, f]) => window.__bench.run(q, f), [q.q, q.filters]);
  for (const q of queries) await run(q);
  log(`profile ${size}: ${queries.length} queries seen once; ${PASSES} passes under the profiler`);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const times = queries.map(() => []);
  for (let p = 0; p < PASSES; p++) for (const [i, q] of queries.entries()) times[i].push((await run(q)).ms);
  const { profile } = await cdp.send('Profiler.stop');
  const rows = selfTimes(profile);
  const total = rows.reduce((a, r) => a + r[1], 0);
  for (const [name, us] of rows.slice(0, 30)) {
    console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
  const per = queries.map((q, i) => ({ q: q.q || '(browse)', ms: median(times[i]) })).sort((a, b) => b.ms - a.ms);
  console.log('slowest: ' + per.slice(0, 8).map((r) => `${r.ms.toFixed(2)} ms ${r.q}`).join(' | '));
  const all = per.map((r) => r.ms);
  console.log(`per-query medians over ${PASSES} passes: median ${median(all).toFixed(2)} ms, p95 ${pct(all, 95).toFixed(2)} ms (profiler on)`);
} finally {
  await browser.close();
  await server.stop();
}
