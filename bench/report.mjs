// Step 5: the side-by-side tables, from bench/out/results-<size>.json,
// bench/work/<size>/prepared.json and bench/out/native-<size>.json, written to
// bench/out/report.md (and printed). BENCHMARKS.md quotes it.
//
//   node bench/report.mjs [SIZE...] [--benchmarks]   (default: every size with results)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OUT, ROOT, SIZES, WORK, log, median } from './lib/common.mjs';

const ENGINES = ['ricerca', 'pagefind', 'minisearch'];
const NAMES = { ricerca: 'ricerca', pagefind: 'Pagefind', minisearch: 'MiniSearch' };
const load = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null);

// --benchmarks: also replace the generated part of ../BENCHMARKS.md (between its
// `<!-- bench:begin -->` and `<!-- bench:end -->` lines).
const toBenchmarks = process.argv.includes('--benchmarks');
const argSizes = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const sizes = argSizes.length ? argSizes : Object.keys(SIZES).filter((s) => fs.existsSync(path.join(OUT, `results-${s}.json`)));

// Units: KB = 1000 bytes, MB = 10^6 bytes (the targets are stated in KB / GB).
const kb = (b) => (b == null ? '–' : b >= 1e6 ? `${(b / 1e6).toFixed(2)} MB` : `${(b / 1e3).toFixed(1)} KB`);
const ms = (x) =>
  x == null ? '–' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(1)} ms` : x >= 1 ? `${x.toFixed(2)} ms` : `${(x * 1000).toFixed(0)} µs`;
const mb = (b) => (b == null ? '–' : `${(b / 1e6).toFixed(1)} MB`);
const ratio = (a, b) => (a == null || b == null || b === 0 ? '–' : `${(a / b).toFixed(2)}×`);
const found = (f) => (f ? `${f.hits}/${f.of} (${f.rate.toFixed(2)})` : '–');

const lines = [];
const out = (s = '') => lines.push(s);
const targets = [];
const target = (size, what, value, limit, ok) => targets.push({ size, what, value, limit, ok });

let meta = null;
for (const size of sizes) {
  const r = load(path.join(OUT, `results-${size}.json`));
  const p = load(path.join(WORK, size, 'prepared.json'));
  if (!r || !p) {
    log(`${size}: no results; skipped`);
    continue;
  }
  meta = meta || { r, p };
  const E = (e) => r.engines[e];
  const S = (e) => E(e)?.summary;
  const build = (e) => p.steps[e];
  const heapSum = (h) => (h ? h.jsUsed + h.wasm : null);
  const worst = (e) => (E(e)?.cold.length ? [...E(e).cold].sort((a, b) => b.bytes - a.bytes)[0] : null);
  const rows = [
    ['bytes before 1st result (gzip, median of 5 cold)', (e) => S(e)?.coldBytes, kb],
    ['requests before 1st result', (e) => S(e)?.coldRequests, (x) => (x == null ? '–' : String(x))],
    ['cold time to 1st result (median of 5)', (e) => S(e)?.coldMs, ms],
    ['worst of the 5 cold: bytes, requests, time', (e) => worst(e)?.bytes, (x, e) => (worst(e) ? `${kb(x)}, ${worst(e).requests}, ${ms(worst(e).ms)}` : '–')],
    ['warm median', (e) => S(e)?.warm.median, ms],
    ['warm p95', (e) => S(e)?.warm.p95, ms],
    ['warm p99', (e) => S(e)?.warm.p99, ms],
    ['warm p95 over every single run', (e) => S(e)?.warmRaw?.p95, ms],
    ['first-time pass median / p95', (e) => S(e)?.firstPass.p95, (x, e) => `${ms(S(e)?.firstPass.median)} / ${ms(x)}`],
    ['first-time pass, bare page: median / p95', (e) => S(e)?.firstPassBare?.p95, (x, e) => (x == null ? '–' : `${ms(S(e).firstPassBare.median)} / ${ms(x)}`)],
    ['memory after load: JS heap + wasm', (e) => heapSum(E(e)?.heapAfterLoad), (x, e) => `${mb(E(e)?.heapAfterLoad?.jsUsed)} + ${mb(E(e)?.heapAfterLoad?.wasm)}`],
    ['memory after all queries: JS heap + wasm', (e) => heapSum(E(e)?.heapAfterQueries), (x, e) => `${mb(E(e)?.heapAfterQueries?.jsUsed)} + ${mb(E(e)?.heapAfterQueries?.wasm)}`],
    ['index on disk (files)', (e) => build(e)?.index?.bytes, (x, e) => `${kb(x)} (${build(e)?.index?.files?.toLocaleString('en')})`],
    ['build time', (e) => build(e)?.seconds, (x) => (x == null ? '–' : `${x.toFixed(2)} s`)],
    ['build peak memory (max RSS)', (e) => (build(e)?.peakKiB ?? null) && build(e).peakKiB * 1024, mb],
  ];
  out(`### ${size === 'all' ? 'all' : size} — ${r.records.toLocaleString('en')} records, ${r.queries} queries`);
  out();
  out(`| figure | ricerca | Pagefind | MiniSearch | ricerca / Pagefind | ricerca / MiniSearch |`);
  out(`|---|---:|---:|---:|---:|---:|`);
  for (const [label, get, fmt] of rows) {
    const v = Object.fromEntries(ENGINES.map((e) => [e, get(e)]));
    out(`| ${label} | ${ENGINES.map((e) => fmt(v[e], e)).join(' | ')} | ${ratio(v.ricerca, v.pagefind)} | ${ratio(v.ricerca, v.minisearch)} |`);
  }
  out(`| typo found@5 | ${ENGINES.map((e) => found(S(e)?.found5.typo)).join(' | ')} | | |`);
  out(`| accent-free found@5 | ${ENGINES.map((e) => found(S(e)?.found5.accent)).join(' | ')} | | |`);
  out(`| exact name found@5 | ${ENGINES.map((e) => found(S(e)?.found5.exact)).join(' | ')} | | |`);
  const extra = [];
  if (build('pagefindHtml')) extra.push(`Pagefind's input: ${build('pagefindHtml').pages.toLocaleString('en')} HTML pages written in ${build('pagefindHtml').seconds.toFixed(1)} s (not counted in its build time)`);
  if (build('import')?.seconds != null) extra.push(`\`ricerca import flat\` ${build('import').seconds.toFixed(2)} s, ${mb(build('import').peakKiB * 1024)} peak`);
  extra.push(`warm passes per query: ${ENGINES.map((e) => `${NAMES[e]} ${E(e)?.warmPasses ?? '–'}`).join(', ')}; load average at the start: ${r.loadavg ? r.loadavg.map((v) => v.toFixed(1)).join(' / ') : 'n/a'}`);
  const cached = ENGINES.filter((e) => build(e)?.cached).map((e) => `${NAMES[e]} (${build(e).measuredAt})`);
  if (cached.length) extra.push(`build figures reused from the cache: ${cached.join(', ')}`);
  for (const e of ENGINES) if (E(e)?.aborted) extra.push(`**${NAMES[e]} aborted**: ${E(e).aborted}`);
  for (const e of ENGINES) if (E(e)?.problems?.length) extra.push(`${NAMES[e]} page problems: ${[...new Set(E(e).problems)].slice(0, 3).join('; ')}`);
  out();
  out(`Warm latency by query kind (median / p95), ricerca · Pagefind · MiniSearch:`);
  out();
  out(`| kind | ricerca | Pagefind | MiniSearch |`);
  out(`|---|---:|---:|---:|`);
  for (const cat of Object.keys(S('ricerca')?.warmByCat || {})) {
    out(`| ${cat} | ${ENGINES.map((e) => { const c = S(e)?.warmByCat[cat]; return c ? `${ms(c.median)} / ${ms(c.p95)}` : '–'; }).join(' | ')} |`);
  }
  // Cold worst case per query class: each query the first of a fresh page (empty cache).
  const usual = (e) => {
    const c = E(e)?.cold || [];
    return c.length ? { n: c.length, bytes: { median: median(c.map((x) => x.bytes)), max: Math.max(...c.map((x) => x.bytes)) }, requests: { max: Math.max(...c.map((x) => x.requests)) } } : null;
  };
  const classOf = (e, cat) => (cat === 'usual' ? usual(e) : S(e)?.coldClasses?.[cat]);
  const cats = ['usual', ...Object.keys(S('ricerca')?.coldClasses || {})];
  if (cats.length > 1) {
    out();
    out(`Cold queries by class, each the first query of a fresh page: bytes median / max, requests max, found@5 (ricerca · Pagefind · MiniSearch):`);
    out();
    out(`| class | ricerca | Pagefind | MiniSearch |`);
    out(`|---|---:|---:|---:|`);
    const cell = (c) => (c ? `${kb(c.bytes.median)} / ${kb(c.bytes.max)}, ${c.requests.max} req${c.found5 ? `, ${c.found5}` : ''}` : '–');
    const label = { usual: `the ${usual('ricerca')?.n ?? 5} usual cold queries`, first: 'first-letter typo', twoedit: 'two-edit typo', nomatch: 'no-match string' };
    for (const cat of cats) out(`| ${label[cat] || cat} (${classOf('ricerca', cat)?.n ?? '–'}) | ${ENGINES.map((e) => cell(classOf(e, cat))).join(' | ')} |`);
  }
  const core = load(path.join(OUT, `native-core-${size}.json`));
  if (core) {
    out();
    out(`Native core (bench/rust/search.rs as \`cargo bench --bench search\`, Index::search in-process, every query, all shards loaded): ` +
      `median ${ms(core.median_us / 1000)}, p95 ${ms(core.p95_us / 1000)}, p99 ${ms(core.p99_us / 1000)}; index + shards loaded in ${ms(core.load_ms)}.`);
  }
  const native = load(path.join(OUT, `native-${size}.json`));
  if (native) {
    out();
    out(`Native CLI (\`ricerca search INDEX Q --json\`, hyperfine, process start + index load + one search), median (min): ` +
      native.results.map((x) => `${x.label} ${ms(x.median * 1000)} (min ${ms(x.min * 1000)})`).join(' · '));
  }
  if (extra.length) {
    out();
    for (const x of extra) out(`- ${x}`);
  }
  out();

  // Targets (ricerca).
  const rs = S('ricerca');
  if (!rs) continue;
  const ps = S('pagefind');
  const typo = rs.found5.typo;
  if (typo) target(size, 'typo found@5 ≥ 0.9', typo.rate.toFixed(2), '0.90', typo.rate >= 0.9);
  if (size === '10k') {
    target(size, 'warm p95 ≤ 2 ms (incl. facet counts)', ms(rs.warm.p95), '2 ms', rs.warm.p95 <= 2);
    if (ps) target(size, 'bytes before 1st result ≤ ½ Pagefind', kb(rs.coldBytes), kb(ps.coldBytes / 2), rs.coldBytes <= ps.coldBytes / 2);
  }
  if (size === 'all') {
    target(size, 'bytes before 1st result ≤ 400 KB gzip', kb(rs.coldBytes), '400.0 KB', rs.coldBytes <= 400e3);
    target(size, 'warm p95 ≤ 10 ms', ms(rs.warm.p95), '10 ms', rs.warm.p95 <= 10);
    target(size, 'cold 1st result ≤ 1 s', ms(rs.coldMs), '1 s', rs.coldMs <= 1000);
    // Index format (issue 10) targets.
    const worstAny = Math.max(...cats.map((c) => classOf('ricerca', c)?.bytes.max ?? 0));
    const reqAny = Math.max(...cats.map((c) => classOf('ricerca', c)?.requests.max ?? 0));
    target(size, 'bytes before 1st result ≤ 360 KB gzip (median of 5 cold)', kb(rs.coldBytes), '360.0 KB', rs.coldBytes <= 360e3);
    target(size, 'any cold query ≤ 600 KB gzip', kb(worstAny), '600.0 KB', worstAny <= 600e3);
    target(size, 'any cold query ≤ 40 requests', String(reqAny), '40', reqAny <= 40);
    target(size, 'first-time pass p95 ≤ 50 ms (shard fetches included)', ms(rs.firstPass.p95), '50 ms', rs.firstPass.p95 <= 50);
    if (rs.firstPassBare) target(size, 'first-time pass p95 ≤ 50 ms, bare page (no automation agent)', ms(rs.firstPassBare.p95), '50 ms', rs.firstPassBare.p95 <= 50);
    target(size, 'repeat (warm) p95 ≤ 5 ms', ms(rs.warm.p95), '5 ms', rs.warm.p95 <= 5);
    const h = E('ricerca')?.heapAfterQueries;
    if (h) target(size, 'JS heap + wasm after all queries ≤ 25 MiB', `${((h.jsUsed + h.wasm) / 2 ** 20).toFixed(1)} MiB`, '25 MiB', h.jsUsed + h.wasm <= 25 * 2 ** 20);
    const b = build('ricerca');
    if (b?.seconds != null) target(size, 'build ≤ 6 s (this machine, glibc binary)', `${b.seconds.toFixed(2)} s`, '6 s', b.seconds <= 6);
    if (b?.seconds != null) {
      target(size, 'build ≤ 15 s', `${b.seconds.toFixed(2)} s`, '15 s', b.seconds <= 15);
      target(size, 'build peak memory ≤ 1.5 GB', mb(b.peakKiB * 1024), '1500 MB', b.peakKiB * 1024 <= 1.5e9);
    }
  }
}

// One line per size: the headline figures side by side.
const summary = [];
for (const size of sizes) {
  const r = load(path.join(OUT, `results-${size}.json`));
  const p = load(path.join(WORK, size, 'prepared.json'));
  if (!r || !p) continue;
  const S = (e) => r.engines[e]?.summary;
  const three = (f) => ENGINES.map((e) => f(e)).join(' · ');
  summary.push(
    `| ${size} | ${r.records.toLocaleString('en')} | ${three((e) => kb(S(e)?.coldBytes))} | ${three((e) => ms(S(e)?.coldMs))} | ` +
      `${three((e) => ms(S(e)?.warm.median))} | ${three((e) => ms(S(e)?.warm.p95))} | ${three((e) => (S(e)?.found5.typo ? `${S(e).found5.typo.hits}/${S(e).found5.typo.of}` : '–'))} | ` +
      `${three((e) => (p.steps[e]?.seconds != null ? `${p.steps[e].seconds.toFixed(p.steps[e].seconds < 10 ? 2 : 1)} s` : '–'))} |`
  );
}

const head = [];
if (summary.length) {
  head.push(
    `### Summary (each cell: ricerca · Pagefind · MiniSearch)`,
    '',
    `| size | records | bytes before 1st result | cold 1st result | warm median | warm p95 | typo found@5 | build |`,
    `|---|---:|---|---|---|---|---|---|`,
    ...summary,
    ''
  );
}
if (targets.length) {
  head.push(`### ricerca against its targets`, '', `| size | target | measured | limit | |`, `|---|---|---:|---:|---|`);
  for (const t of targets) head.push(`| ${t.size} | ${t.what} | ${t.value} | ${t.limit} | ${t.ok ? 'met' : '**MISSED**'} |`);
  head.push('');
}
if (meta) {
  const { r, p } = meta;
  head.unshift(
    `Versions: ${p.ricerca.version} (binary sha256 ${p.ricerca.binary}…, wasm ${p.ricerca.assets.wasm}), ${p.pagefind.version} (npm pagefind@${p.pagefind.npm}), MiniSearch ${p.minisearch.version}; ` +
      `Chromium ${r.chromium} headless; Node ${process.version}; ${os.cpus().length} × ${os.cpus()[0].model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.type()} ${os.release()}.`,
    `Converter: ${p.converter}. Load average at the start of each size's browser run: ${sizes.map((s) => { const x = load(path.join(OUT, `results-${s}.json`)); return x?.loadavg ? `${s} ${x.loadavg.map((v) => v.toFixed(1)).join('/')}` : null; }).filter(Boolean).join(', ') || 'n/a'}.`,
    ''
  );
}
const text = head.concat(lines).join('\n') + '\n';
fs.writeFileSync(path.join(OUT, 'report.md'), text);
if (toBenchmarks) {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const md = fs.readFileSync(file, 'utf8');
  const a = md.indexOf('<!-- bench:begin -->');
  const b = md.indexOf('<!-- bench:end -->');
  if (a < 0 || b < a) throw new Error('BENCHMARKS.md has no <!-- bench:begin --> … <!-- bench:end --> section');
  fs.writeFileSync(file, md.slice(0, a) + '<!-- bench:begin -->\n' + text + md.slice(b));
  log('BENCHMARKS.md updated (generated section only; check the prose around it)');
}
process.stdout.write(text);
