// Two widgets on one page (a <div data-ricerca> and a <ricerca-search> element)
// with different options work independently, each with its own URL params,
// and share one download of the index.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { W, assertClean, cliSearch, countText, loadData, settle, suite } from './lib/harness.mjs';

const ctx = suite({
  pages: {
    'two.html': {
      body: [
        '<script src="ricerca.js" data-index="index.bin" defer></script>',
        '<main><h1>Due ricerche</h1>',
        '<div id="one" data-ricerca data-lang="en" data-facets="kind, sector" data-per-page="5" data-placeholder="Find…"></div>',
        '<p id="between">Testo della pagina ospite.</p>',
        '<ricerca-search id="two" index="index.bin" lang="it" facets="region"></ricerca-search>',
        '</main>',
      ].join('\n'),
    },
    'blank.html': { body: '<main><h1>Senza widget</h1></main>' },
  },
});
const data = loadData();
const one = W('#one');
const two = W('#two');

test('two instances keep separate state, options, languages and URL params', async () => {
  let indexFetches = 0;
  const p = await ctx.open('two.html', {
    before: (pg) => pg.on('request', (r) => r.url().endsWith('/index.bin') && indexFetches++),
  });
  const all = data.records.length;
  await settle(() => one.status(p), countText(all, 'en'), 'first widget browses');
  await settle(() => two.status(p), countText(all, 'it'), 'second widget browses');
  assert.equal(indexFetches, 1, 'the index is downloaded once for both');

  // Options: facets and their order, page size, placeholder, language.
  assert.deepEqual(await p.locator('#one fieldset.facet > legend').allTextContents(), ['Type', 'Sector']);
  assert.deepEqual(await p.locator('#two fieldset.facet > legend').allTextContents(), ['Regione']);
  assert.equal((await one.titles(p)).length, 5);
  assert.equal((await two.titles(p)).length, 10);
  assert.equal(await one.input(p).getAttribute('placeholder'), 'Find…');

  // Typing in one leaves the other alone.
  await one.input(p).pressSequentially('rosatm', { delay: 20 });
  const en = cliSearch(ctx.index, 'rosatm', { lang: 'en', limit: 5 });
  await settle(() => one.titles(p), en.hits.map((h) => h.title), 'first widget results');
  assert.equal(await one.status(p), countText(en.total, 'en'));
  assert.equal(await two.status(p), countText(all, 'it'));
  assert.equal(await two.input(p).inputValue(), '');

  // A facet in the second leaves the first alone.
  await two.checkbox(p, 'region', 'IT-25').check();
  const lomb = data.browse({ region: ['IT-25'] }).hits.length;
  await settle(() => two.status(p), countText(lomb), 'second widget filtered');
  assert.equal(await one.status(p), countText(en.total, 'en'));
  await settle(() => p.evaluate(() => location.search), '?rq=rosatm&r2f_region=IT-25', 'one URL, two namespaces');

  // Reloading restores both, each from its own params.
  await p.reload();
  await settle(() => one.titles(p), en.hits.map((h) => h.title), 'first restored');
  await settle(() => two.status(p), countText(lomb), 'second restored');
  assert.equal(await two.checkbox(p, 'region', 'IT-25').isChecked(), true);
  assert.equal(await one.input(p).inputValue(), 'rosatm');
  assert.equal(await two.input(p).inputValue(), '');

  // One global only (compared with the same page without the widget); host text untouched.
  const globals = (pg) => pg.evaluate(() => Object.getOwnPropertyNames(window).filter((k) => k !== '__csp'));
  const blank = await ctx.open('blank.html');
  const without = new Set(await globals(blank));
  const extra = (await globals(p)).filter((k) => !without.has(k));
  assert.deepEqual(extra, ['ricerca']);
  assert.deepEqual(await p.evaluate(() => Object.keys(window.ricerca).sort()), ['fold', 'get', 'load', 'mount', 'version']);
  assert.equal(await p.locator('#between').textContent(), 'Testo della pagina ospite.');
  await assertClean(p);
});
