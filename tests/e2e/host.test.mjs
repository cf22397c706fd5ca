// The widget on real-world host pages and for integrators: a flex row (Bootstrap's
// .d-flex) and a centred grid under hostile global CSS, a widget added after the
// script ran, changed attributes and properties, data-assets for a moved and
// concatenated script, DOM events, the instance API and the shipped types.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DIST, W, assertClean, buildFixture, cliSearch, countText, loadData, settle, suite, until } from './lib/harness.mjs';

const SCRIPT = '<script src="ricerca.js" data-index="index.bin" defer></script>';
const HOSTILE_CSS = `div { display: flex; }
.d-flex { display: flex; gap: 1rem; }
.side { flex: 0 0 200px; }
.grid { display: grid; justify-items: center; }
body { text-align: center; white-space: nowrap; letter-spacing: 0.2em; line-height: 0.8; font-style: italic; }
`;
// Records every ricerca:* event; keeps result links on the page.
const EVENTS_JS = `window.__ev = [];
for (const n of ['search', 'results', 'select', 'error'])
  document.addEventListener('ricerca:' + n, (e) => window.__ev.push({ type: e.type, detail: e.detail, bubbles: e.bubbles, composed: e.composed, target: e.target.id }));
document.addEventListener('click', (e) => { if (e.composedPath()[0].closest && e.composedPath()[0].closest('a')) e.preventDefault(); });
`;
const page = (body) => ({ body: '<link rel="stylesheet" href="host.css">\n' + body });
const ctx = suite({
  pages: {
    'flex.html': page(`${SCRIPT}\n<div class="d-flex"><nav class="side">Menu</nav><div data-ricerca id="w"></div></div>`),
    'grid.html': page(`${SCRIPT}\n<div class="grid"><div data-ricerca id="w"></div></div>`),
    'late.html': page(SCRIPT + '\n<main id="m"></main>'),
    'attrs.html': page(SCRIPT + '\n<ricerca-search id="w" facets="region" url-state="off"></ricerca-search>'),
    'moved.html': page('<script src="js/all.js" defer></script>\n<div data-ricerca data-assets="w/" id="w"></div>'),
    'events.html': { body: SCRIPT + '\n<script src="events.js"></script>\n<div data-ricerca id="w" data-index="hostile.bin"></div>' },
  },
  files: () => {
    const files = { 'host.css': HOSTILE_CSS, 'events.js': EVENTS_JS, 'hostile.bin': fs.readFileSync(buildFixture('hostile')) };
    // A CMS that moved the widget's files to w/ and concatenated its script with another.
    for (const f of fs.readdirSync(DIST)) files['w/' + f] = fs.readFileSync(path.join(DIST, f));
    files['js/all.js'] = 'window.__other = 1;\n' + fs.readFileSync(path.join(DIST, 'ricerca.js'), 'utf8');
    return files;
  },
});
const data = loadData();
const w = W('#w');
const box = (p, sel = '#w') => p.evaluate((s) => JSON.parse(JSON.stringify(document.querySelector(s).getBoundingClientRect())), sel);

test('a flex-row child under hostile global CSS keeps its width and its own text styles', async () => {
  const p = await ctx.open('flex.html');
  await settle(() => w.status(p), countText(data.records.length), 'browse');
  const r = await box(p);
  // 1200px viewport, 8px body margins, a 200px menu and a 16px gap: the rest is the widget's.
  assert.equal(Math.round(r.width), 1200 - 16 - 200 - 16);
  const input = await w.input(p).boundingBox();
  assert.ok(input.width > 900, 'the field spans the widget: ' + input.width);
  const styles = await p.evaluate(() => {
    const cs = getComputedStyle(document.querySelector('#w').shadowRoot.querySelector('.hit .title'));
    return [cs.textAlign, cs.whiteSpace, cs.letterSpacing, cs.fontStyle];
  });
  assert.deepEqual(styles, ['start', 'normal', 'normal', 'normal']);
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, 'no sideways scrolling: ' + overflow);
  await assertClean(p);
});

test('a centred grid child is as wide as it asks (48rem), not 0', async () => {
  const p = await ctx.open('grid.html');
  await settle(() => w.status(p), countText(data.records.length), 'browse');
  assert.equal(Math.round((await box(p)).width), 48 * 16);
  await assertClean(p);
});

test('a [data-ricerca] element added after the script ran is mounted', async () => {
  const p = await ctx.open('late.html');
  await until(() => p.evaluate(() => !!window.ricerca), { what: 'the script' });
  await p.evaluate(() => {
    const d = document.createElement('section');
    d.innerHTML = '<div data-ricerca id="w" data-lang="en"></div>';
    document.getElementById('m').append(d);
  });
  await settle(() => w.status(p), countText(data.records.length, 'en'), 'late widget browse');
  // An attribute change on a div re-renders it too.
  await p.evaluate(() => document.getElementById('w').setAttribute('data-lang', 'it'));
  await settle(() => w.status(p), countText(data.records.length), 'after data-lang=it');
  await assertClean(p);
});

test('<ricerca-search> follows changed attributes and properties, keeping the query', async () => {
  const p = await ctx.open('attrs.html');
  const legends = () => p.locator('#w fieldset.facet > legend').allTextContents();
  await settle(legends, ['Regione'], 'facets="region"');
  await w.input(p).fill('cell');
  const exp = cliSearch(ctx.index, 'cell');
  await settle(() => w.status(p), countText(exp.total), 'query');
  await p.evaluate(() => document.getElementById('w').setAttribute('facets', 'kind, sector'));
  await settle(legends, ['Tipo', 'Settore'], 'facets changed');
  assert.equal(await w.input(p).inputValue(), 'cell');
  await p.evaluate(() => {
    const el = document.getElementById('w');
    el.perPage = 3;
    el.lang = 'en';
  });
  assert.equal(await p.evaluate(() => document.getElementById('w').getAttribute('per-page')), '3');
  const en = cliSearch(ctx.index, 'cell', { lang: 'en', limit: 3 });
  await settle(() => w.titles(p), en.hits.map((h) => h.title), 'English, 3 per page');
  await settle(() => w.status(p), countText(en.total, 'en'), 'English count');
  assert.equal(await p.getByRole('searchbox', { name: 'Search the directory' }).count(), 1);
  await assertClean(p);
});

test('data-assets: the widget finds its files after a CMS moved and concatenated the script', async () => {
  const p = await ctx.open('moved.html');
  await settle(() => w.status(p), countText(data.records.length), 'browse from w/index.bin');
  const css = await p.evaluate(() => getComputedStyle(document.querySelector('#w').shadowRoot.querySelector('.rq')).containerType);
  assert.equal(css, 'inline-size', 'the stylesheet loaded from w/');
  assert.equal(await p.evaluate(() => window.__other), 1);
  await assertClean(p);
});

test('events bubble out of the shadow root; the instance API searches, filters and unmounts', async () => {
  const p = await ctx.open('events.html');
  const ev = () => p.evaluate(() => window.__ev);
  await until(async () => (await ev()).some((e) => e.type === 'ricerca:results'), { what: 'first results event' });
  await w.input(p).fill('partner');
  const exp = cliSearch(path.join(ctx.site, 'hostile.bin'), 'partner');
  const last = (type) => ev().then((l) => l.filter((e) => e.type === type).at(-1));
  await until(async () => (await last('ricerca:results')).detail.query === 'partner', { what: 'results for the typed query' });
  assert.deepEqual(await last('ricerca:search'), { type: 'ricerca:search', detail: { query: 'partner', filters: {}, page: 1 }, bubbles: true, composed: true, target: 'w' });
  const res = await last('ricerca:results');
  assert.equal(res.detail.total, exp.total);
  assert.deepEqual(res.detail.hits.map((h) => h.id), exp.hits.map((h) => h.id));
  // Opening a result.
  await p.locator('#w .hit a', { hasText: 'Partner sicuro' }).click();
  const sel = await last('ricerca:select');
  assert.equal(sel.detail.hit.id, 'safe-partner');
  assert.equal(sel.detail.url, 'https://example.org/partner');
  assert.equal(sel.detail.query, 'partner');
  // The instance API.
  const api = await p.evaluate(async () => {
    const x = ricerca.get(document.getElementById('w'));
    const keys = Object.keys(x).sort();
    const r = await x.setFilters({ region: ['IT-75'], bogus: ['x'] });
    const r2 = await x.search('');
    return { keys, total: r.total, filters: x.filters, query: x.query, total2: r2.total, same: ricerca.mount(document.getElementById('w')) === x };
  });
  const want = cliSearch(path.join(ctx.site, 'hostile.bin'), 'partner', { filters: { region: ['IT-75'] } });
  const want2 = cliSearch(path.join(ctx.site, 'hostile.bin'), '', { filters: { region: ['IT-75'] } });
  assert.deepEqual(api, { keys: ['destroy', 'element', 'filters', 'query', 'search', 'setFilters'], total: want.total, filters: { region: ['IT-75'] }, query: '', total2: want2.total, same: true });
  assert.equal(await w.status(p), countText(want2.total));
  await p.evaluate(() => ricerca.get(document.getElementById('w')).destroy());
  assert.equal(await p.evaluate(() => [document.getElementById('w').shadowRoot.childNodes.length, ricerca.get(document.getElementById('w'))].join()), '0,');
  await p.evaluate(() => ricerca.mount(document.getElementById('w')));
  await settle(() => w.status(p), countText(want2.total), 'mounted again (state from the URL)');
  await assertClean(p);
});

test('ricerca.d.ts ships beside ricerca.js and declares the API and events', async () => {
  const dts = fs.readFileSync(path.join(DIST, 'ricerca.d.ts'), 'utf8');
  for (const name of ['search(query: string)', 'setFilters(filters: Filters)', 'destroy(): void', "'ricerca:results'", "'ricerca:select'", "'ricerca:error'", "'ricerca:search'", "'ricerca-search'"]) {
    assert.ok(dts.includes(name), 'declares ' + name);
  }
});
