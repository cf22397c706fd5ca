// Hostile record data renders as inert text; only http(s) URLs become links; the
// widget runs under a strict Content-Security-Policy without a single violation,
// and says so in plain words when the CSP blocks WebAssembly.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  E2E,
  STRICT_CSP,
  W,
  assertClean,
  buildFixture,
  cliSearch,
  countText,
  loadData,
  patchIndex,
  serve,
  settle,
  suite,
  until,
} from './lib/harness.mjs';

const hostileData = loadData(path.join(E2E, 'fixtures', 'hostile'));
const PLACEHOLDER = 'https://placeholder.invalid/replaced-by-the-test';
const EVIL_URL = "javascript:window.__pwned='url'".padEnd(PLACEHOLDER.length, ' ');

const ctx = suite({
  pages: {
    'hostile.html': {
      body: '<script src="ricerca.js" data-index="hostile.bin" defer></script>\n<div data-ricerca></div>',
    },
  },
  // `ricerca build` refuses non-http(s) URLs, so the fixture carries a placeholder
  // that is swapped for a javascript: URL in the index itself (checksums redone):
  // the widget must not trust whatever index it is given.
  files: () => ({ 'hostile.bin': patchIndex(fs.readFileSync(buildFixture('hostile')), PLACEHOLDER, EVIL_URL) }),
});
const data = loadData();
const w = W();

test('markup and script in names, summaries, labels and URLs stay inert text', async () => {
  const hostileIndex = path.join(ctx.site, 'hostile.bin');
  const evil = hostileData.records.find((r) => r.id === 'hostile-markup');
  const safe = hostileData.records.find((r) => r.id === 'safe-partner');
  // The index really carries the hostile strings (so this test can fail).
  const raw = cliSearch(hostileIndex, 'evilco');
  assert.equal(raw.hits[0].id, evil.id);
  assert.equal(raw.hits[0].url, EVIL_URL);
  assert.equal(raw.hits[0].title, evil.name);

  const p = await ctx.open('hostile.html');
  await settle(() => w.status(p), countText(hostileData.records.length), 'browse the fixture');
  const view = await p.evaluate(() => {
    const root = document.querySelector('[data-ricerca]').shadowRoot;
    const hits = Array.from(root.querySelectorAll('.hit'));
    return {
      injected: root.querySelectorAll('img, script, b, i, em, iframe, object').length,
      hits: hits.map((li) => ({
        title: li.querySelector('.title').textContent,
        links: Array.from(li.querySelectorAll('a')).map((a) => a.getAttribute('href')),
        snippet: li.querySelector('.snippet')?.textContent ?? null,
        meta: Array.from(li.querySelectorAll('.meta dd')).map((d) => d.textContent),
      })),
      facetLabels: Array.from(root.querySelectorAll('input[data-facet="sector"]')).map((c) => c.parentElement.querySelector('.ol').textContent),
      pwned: window.__pwned ?? null,
    };
  });
  assert.equal(view.injected, 0, 'no element was created from record data');
  const e = view.hits.find((h) => h.title === evil.name);
  assert.ok(e, 'the hostile name is shown verbatim as text: ' + JSON.stringify(view.hits.map((h) => h.title)));
  assert.deepEqual(e.links, [], 'a javascript: URL is not a link');
  assert.ok(e.snippet.includes('<img src=x onerror='), 'summary markup shown as text');
  assert.ok(e.meta.includes(evil.city), 'city shown as text');
  assert.deepEqual(view.facetLabels, [hostileData.sectors.get('testing').it]);
  const s = view.hits.find((h) => h.title === safe.name);
  assert.deepEqual(s.links, [safe.url], 'an https URL is a link');

  // Searching and clicking around executes nothing either.
  await w.input(p).pressSequentially('evilco');
  await settle(() => w.titles(p), [evil.name], 'search the hostile record');
  await p.locator('[data-ricerca] .hit .title').click();
  await p.waitForTimeout(300);
  assert.equal(await p.evaluate(() => window.__pwned ?? null), null, 'no script ran');
  assert.equal(new URL(p.url()).pathname, '/hostile.html', 'no navigation');
  await assertClean(p);
});

test('strict CSP: the demo page works with no violation and no console error', async () => {
  const p = await ctx.open();
  assert.equal(p.response.headers()['content-security-policy'], STRICT_CSP, 'served with the strict policy');
  await settle(() => w.status(p), countText(data.records.length), 'browse');
  // The stylesheet inside the shadow root applied (style-src 'self' allows it).
  assert.equal(await p.locator('[data-ricerca] h2.vh').evaluate((h) => getComputedStyle(h).position), 'absolute');
  await w.input(p).pressSequentially('cell', { delay: 20 });
  const q = cliSearch(ctx.index, 'cell');
  await settle(() => w.status(p), countText(q.total), 'typed');
  await w.checkbox(p, 'region', q.facets.region[0].value).check();
  await p.locator('[data-ricerca] .hit button.rel >> nth=0').click();
  await until(async () => (await w.status(p)) !== '', { what: 'a result after the related click' });
  await p.waitForTimeout(300);
  await assertClean(p);
  assert.deepEqual(await p.evaluate(() => window.__csp), []);
});

test("a CSP without 'wasm-unsafe-eval' is reported in plain words, and the page survives", async () => {
  const blocked = await serve(ctx.site, ["Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'"]);
  try {
    const p = await ctx.open(blocked.url);
    const err = p.locator('[data-ricerca] [part~=error]');
    await until(() => err.isVisible(), { what: 'the error message' });
    assert.equal(await err.getAttribute('data-code'), 'csp');
    assert.match(await err.textContent(), /La ricerca non è disponibile\. La Content-Security-Policy del sito blocca WebAssembly/);
    assert.equal(await w.input(p).isVisible(), true, 'the field is still there');
    assert.equal(await p.locator('h1').textContent(), 'Catalogo delle collaborazioni internazionali');
    // The only violations are the blocked compilation itself; nothing uncaught.
    const csp = await p.evaluate(() => window.__csp);
    assert.ok(csp.length > 0 && csp.every((v) => /wasm-eval|wasm-unsafe-eval/.test(v)), JSON.stringify(csp));
    assert.ok(p.problems.every((m) => !m.startsWith('pageerror')), 'no uncaught exception: ' + p.problems.join('; '));
  } finally {
    await blocked.stop();
  }
});
