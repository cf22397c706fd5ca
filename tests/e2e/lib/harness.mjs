// Shared helpers for the end-to-end tests: the real `ricerca` binary (build,
// search, serve), a throwaway site made from www/dist plus test pages and fixture
// indexes, Debian's Chromium driven by playwright-core, and an independent model of
// the data (parsed from the TOML files) to compute expected results.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { parseToml } from './toml.mjs';
import { CHROMIUM_FLAGS } from '../../lib/chromium.mjs';
import { serve as serveWith } from '../../lib/serve.mjs';

export const E2E = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(E2E, '..', '..');
export const BIN = process.env.RICERCA_BIN || path.join(ROOT, 'target', 'release', 'ricerca');
export const DIST = process.env.RICERCA_DIST || path.join(ROOT, 'www', 'dist');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

// ------------------------------------------------------------------ CLI
export const cli = (...args) => execFileSync(BIN, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

// `ricerca search INDEX Q --json` with {limit, offset, lang, filters}
export function cliSearch(index, q, { limit = 10, offset = 0, lang = 'it', filters = {} } = {}) {
  const args = ['search', index, q, '--json', '--limit', String(limit), '--offset', String(offset), '--lang', lang];
  for (const [k, vs] of Object.entries(filters)) for (const v of vs) args.push('--' + k, v);
  // The CLI adds the tool's `version` to the engine's response (tests/hits.rs checks it).
  const { version, ...response } = JSON.parse(cli(...args));
  return response;
}

// ------------------------------------------------------------------ server
// The real static server (tests/lib/serve.mjs) with this binary.
export const serve = (dir, headers = []) => serveWith(BIN, dir, headers);

// ------------------------------------------------------------------ index files
const HEADER_LEN = 32; // src/format.rs: magic 8, version 4, flags 4, length 8, payload crc 4, header crc 4
export function fixChecksums(buf) {
  const b = Buffer.from(buf);
  b.writeUInt32LE(zlib.crc32(b.subarray(HEADER_LEN)), 24);
  b.writeUInt32LE(zlib.crc32(b.subarray(0, 28)), 28);
  return b;
}

// Replaces `from` with `to` (same UTF-8 length) inside an index and re-signs it.
export function patchIndex(buf, from, to) {
  const a = Buffer.from(from);
  const z = Buffer.from(to);
  if (a.length !== z.length) throw new Error('patchIndex needs equal lengths');
  const at = buf.indexOf(a);
  if (at < 0 || buf.indexOf(a, at + 1) >= 0) throw new Error(`"${from}" is not in the index exactly once`);
  const b = Buffer.from(buf);
  z.copy(b, at);
  return fixChecksums(b);
}

// ------------------------------------------------------------------ test site
// A temp copy of www/dist plus fixture indexes and test pages; every page embeds the
// widget the way the README says (one script tag + placeholder).
export function makeSite(pages = {}, files = {}) {
  if (!fs.existsSync(path.join(DIST, 'ricerca.js'))) throw new Error(`${DIST}/ricerca.js missing: build www/dist first`);
  if (!fs.existsSync(path.join(DIST, 'index.bin'))) throw new Error(`${DIST}/index.bin missing: build the index first`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-e2e-'));
  fs.cpSync(DIST, dir, { recursive: true });
  fs.copyFileSync(path.join(E2E, 'node_modules', 'axe-core', 'axe.min.js'), path.join(dir, 'axe.min.js'));
  for (const [name, body] of Object.entries(pages)) fs.writeFileSync(path.join(dir, name), page(body));
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

export const page = ({ lang = 'it', title = 'test', body }) =>
  `<!doctype html>\n<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
  `<title>${title}</title><link rel="icon" href="favicon.svg"></head><body>\n${body}\n</body></html>\n`;

export function buildFixture(name) {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-fixture-')), name + '.bin');
  cli('build', path.join(E2E, 'fixtures', name), '-o', out);
  return out;
}

// Builds DATA into a fresh folder with `ricerca build … extra`; returns {dir, root, files}
// where files maps every file name of the index folder to its bytes.
export function buildIndexFolder(data, ...extra) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-index-'));
  const root = path.join(dir, 'index.bin');
  cli('build', data, '-o', root, ...extra);
  const files = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  return { dir, root, files };
}

// The first `n` records of the shared flat corpus (../shared/corpora, the one the
// benchmarks use; BENCH_CORPUS overrides), imported and built into a fresh folder:
// {dir, root, files} as buildIndexFolder.
export const CORPUS = process.env.BENCH_CORPUS || path.resolve(ROOT, '..', 'shared', 'corpora', 'bench-records.jsonl.gz');
export function buildCorpusIndex(n, ...extra) {
  if (!fs.existsSync(CORPUS)) throw new Error(`${CORPUS} is missing (set BENCH_CORPUS)`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-corpus-'));
  const lines = zlib.gunzipSync(fs.readFileSync(CORPUS)).toString('utf8').split('\n').filter(Boolean).slice(0, n);
  fs.writeFileSync(path.join(tmp, 'slice.jsonl'), lines.join('\n') + '\n');
  cli('import', 'flat', path.join(tmp, 'slice.jsonl'), '-o', path.join(tmp, 'records.jsonl'));
  const out = buildIndexFolder(path.join(tmp, 'records.jsonl'), ...extra);
  fs.rmSync(tmp, { recursive: true, force: true });
  return out;
}

// ------------------------------------------------------------------ browser
export const launch = () => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });

// A page that records console errors, uncaught exceptions and CSP violations.
export async function open(browser, url, { width = 1200, height = 900, touch = false, colorScheme = 'light', before } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, hasTouch: touch, isMobile: touch, colorScheme });
  const p = await context.newPage();
  p.problems = [];
  p.messages = [];
  p.on('console', (m) => {
    p.messages.push(m.type() + ': ' + m.text());
    if (m.type() === 'error') p.problems.push('console: ' + m.text());
  });
  p.on('pageerror', (e) => p.problems.push('pageerror: ' + e.message));
  await p.addInitScript(() => {
    window.__csp = [];
    document.addEventListener(
      'securitypolicyviolation',
      (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI),
      true
    );
  });
  if (before) await before(p);
  p.response = await p.goto(url);
  return p;
}

// axe-core's violations on the page as it is now (the widget's open shadow roots
// included), as "rule: target" lines; the site serves axe.min.js (see makeSite).
export async function axeViolations(p) {
  if (!(await p.evaluate(() => !!window.axe))) await p.addScriptTag({ url: new URL('axe.min.js', p.url()).href });
  // axe itself adds inline styles while it measures: those CSP reports are its, not the page's.
  const logged = p.problems.length;
  const found = await p.evaluate(async () => {
    const csp = window.__csp.length;
    const v = (await window.axe.run(document, { resultTypes: ['violations'] })).violations;
    await new Promise((r) => setTimeout(r, 50));
    window.__csp.length = csp;
    return v;
  });
  p.problems.length = logged;
  return found.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary || ''}`.trim()));
}

export async function cspViolations(p) {
  return p.evaluate(() => window.__csp);
}

// Polls fn until it returns a truthy value (returned), or throws with the last value.
export async function until(fn, { timeout = 10000, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// Polls until deepEqual(actual(), expected) holds; fails with a diff-friendly message.
export async function settle(actual, expected, what = 'value') {
  const want = JSON.stringify(expected);
  let got;
  try {
    await until(async () => (got = JSON.stringify(await actual())) === want, { what });
  } catch {
    throw new Error(`${what}:\n  expected ${want}\n  actual   ${got}`);
  }
}

// ------------------------------------------------------------------ widget views
// Everything below reads the widget through its open shadow root.
export const W = (sel = '[data-ricerca]') => ({
  sel,
  input: (p) => p.locator(`${sel} input[type=search][part~=input]`),
  facetSearch: (p, facet) => p.locator(`${sel} input[data-fq="${facet}"]`),
  status: (p) => p.locator(`${sel} [part~=status]`).textContent(),
  live: (p) => p.locator(`${sel} [role=status]`).textContent(),
  titles: (p) => p.locator(`${sel} .hit > .head .title`).allTextContents(),
  checkbox: (p, facet, value) => p.locator(`${sel} input[type=checkbox][data-facet="${facet}"][value="${value}"]`),
  facet: (p, facet) =>
    p.evaluate(
      ([s, f]) =>
        Array.from(document.querySelector(s).shadowRoot.querySelectorAll(`input[data-facet="${f}"]`)).map((cb) => ({
          value: cb.value,
          label: cb.parentElement.querySelector('.ol').textContent,
          count: Number(cb.parentElement.querySelector('.cnt').textContent.replace(/\D/g, '')),
          checked: cb.checked,
        })),
      [sel, facet]
    ),
  chips: (p) => p.locator(`${sel} .chip`).allTextContents(),
  error: (p) => p.locator(`${sel} [part~=error]`).textContent(),
  note: (p) => p.locator(`${sel} [part~=note]`).evaluate((el) => (el.hidden ? null : el.textContent)),
});

// "N risultati" / "N results" as the widget words it.
export const countText = (n, lang = 'it') =>
  lang === 'en'
    ? n === 0
      ? 'No results'
      : n === 1
        ? '1 result'
        : n.toLocaleString('en-GB') + ' results'
    : n === 0
      ? 'Nessun risultato'
      : n === 1
        ? '1 risultato'
        : n.toLocaleString('it-IT') + ' risultati';

// ------------------------------------------------------------------ data model
// The curated data as the tests understand it, straight from the TOML files.
export function loadData(dir = path.join(ROOT, 'data')) {
  const records = [];
  const sectors = new Map();
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (!(d === dir && e.name === 'geo')) walk(p);
      } else if (e.name.endsWith('.toml')) {
        const t = parseToml(fs.readFileSync(p, 'utf8'), p);
        for (const s of t.sector || []) sectors.set(s.id, s);
        for (const r of t.record || []) records.push(r);
      }
    }
  };
  walk(dir);
  const geo = new Map();
  const tsv = path.join(ROOT, 'data', 'geo', 'iso3166.tsv');
  for (const line of fs.readFileSync(tsv, 'utf8').split('\n')) {
    if (!line || line.startsWith('#') || line.startsWith('code\t')) continue;
    const [code, , , en, it] = line.split('\t');
    geo.set(code, { en, it });
  }
  const values = (r, facet) =>
    facet === 'region' ? r.region || [] : facet === 'country' ? r.country || [] : facet === 'sector' ? r.sectors || [] : [r.kind];
  const label = (facet, v, lang = 'it') =>
    facet === 'sector' ? sectors.get(v)[lang] : facet === 'kind' ? null : (geo.get(v) || {})[lang];
  const passes = (r, filters, except) =>
    Object.entries(filters).every(([f, vs]) => f === except || !vs.length || vs.some((v) => values(r, f).includes(v)));
  // Browse (empty query) with disjunctive facets: hits match every facet's filter
  // (any of its values); a facet's counts ignore that facet's own filter.
  const browse = (filters = {}) => {
    const hits = records.filter((r) => passes(r, filters));
    const facets = {};
    for (const f of ['region', 'country', 'sector', 'kind']) {
      const counts = new Map();
      for (const r of records) if (passes(r, filters, f)) for (const v of values(r, f)) counts.set(v, (counts.get(v) || 0) + 1);
      facets[f] = counts;
    }
    return { hits, facets };
  };
  return { records, sectors, geo, values, label, browse };
}

// ------------------------------------------------------------------ suite setup
// One site, one `ricerca serve` (strict CSP by default) and one browser per test file.
export function suite({ pages = {}, files = () => ({}), headers = [`Content-Security-Policy: ${STRICT_CSP}`] } = {}) {
  const ctx = {};
  before(async () => {
    ctx.site = makeSite(pages, files());
    ctx.index = path.join(ctx.site, 'index.bin');
    ctx.server = await serve(ctx.site, headers);
    ctx.url = ctx.server.url;
    ctx.browser = await launch();
    ctx.open = (rel = '', opts) => open(ctx.browser, new URL(rel, ctx.url).href, opts);
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
    if (ctx.site) fs.rmSync(ctx.site, { recursive: true, force: true });
  });
  return ctx;
}

// Fails when the page logged errors, threw, or violated its CSP.
export async function assertClean(p, { allow = [] } = {}) {
  const problems = p.problems.filter((m) => !allow.some((re) => re.test(m)));
  const csp = await cspViolations(p);
  if (problems.length || csp.length) {
    throw new Error('page problems:\n  ' + problems.concat(csp.map((c) => 'CSP violation: ' + c)).join('\n  '));
  }
}

// The widget's facet list as it should look: by count (descending), then by label;
// a ticked value keeps its place; folded: the first 10 plus any selected value
// further down.
export function facetView(counts, selected = [], { label = (v) => v, lang = 'it', expanded = false } = {}) {
  const coll = new Intl.Collator(lang);
  const vals = [...counts].map(([value, count]) => ({ value, count, checked: selected.includes(value) }));
  for (const s of selected) if (!counts.has(s)) vals.push({ value: s, count: 0, checked: true });
  const shown = vals
    .filter((v) => v.count > 0 || v.checked)
    .sort((a, b) => b.count - a.count || coll.compare(label(a.value), label(b.value)));
  return expanded ? shown : shown.filter((v, i) => i < 10 || v.checked);
}

// The region panel's order: values grouped under their country (the code before '-'),
// groups in the order of their first value, ticked countries' groups first; one
// country: unchanged.
export function regionOrder(values, countries = []) {
  const groups = new Map();
  for (const v of values) {
    const c = v.value.split('-')[0];
    if (!groups.has(c)) groups.set(c, []);
    groups.get(c).push(v);
  }
  if (groups.size < 2) return values;
  const keys = [...groups.keys()];
  keys.sort((a, b) => countries.includes(b) - countries.includes(a));
  return keys.flatMap((k) => groups.get(k));
}
