// URL state: namespaced params restored on load, replaceState while typing,
// pushState on facet clicks, back/forward, host params and hash untouched.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { W, assertClean, cliSearch, countText, settle, suite } from './lib/harness.mjs';

const ctx = suite({
  pages: {
    'nourl.html': {
      body: '<script src="ricerca.js" data-index="index.bin" defer></script>\n<div data-ricerca data-url-state="off"></div>',
    },
  },
});
const w = W();
const titlesOf = (res) => res.hits.map((h) => h.title);

test('state is restored from the URL, kept in sync, and follows back/forward', async () => {
  const HOST = '?a=b%20c&flag&x=%C3%A8';
  const p = await ctx.open(`${HOST}&rq=rosatm&rf_region=IT-75#frag`);
  const restored = cliSearch(ctx.index, 'rosatm', { filters: { region: ['IT-75'] } });
  await settle(() => w.titles(p), titlesOf(restored), 'restored titles');
  assert.equal(await w.status(p), countText(restored.total));
  assert.equal(await w.input(p).inputValue(), 'rosatm');
  assert.equal(await w.checkbox(p, 'region', 'IT-75').isChecked(), true);
  assert.deepEqual(await w.chips(p).then((c) => c.length), 1);

  const len0 = await p.evaluate(() => history.length);
  const loc = () => p.evaluate(() => ({ search: location.search, hash: location.hash, len: history.length }));

  // Typing replaces the current entry.
  await w.input(p).fill('');
  await w.input(p).pressSequentially('cell', { delay: 20 });
  const typed = cliSearch(ctx.index, 'cell', { filters: { region: ['IT-75'] } });
  await settle(() => w.titles(p), titlesOf(typed), 'typed titles');
  await settle(loc, { search: `${HOST}&rq=cell&rf_region=IT-75`, hash: '#frag', len: len0 }, 'URL after typing');

  assert.ok(typed.facets.region.some((v) => v.value === 'IT-25' && v.count > 0), 'Lombardia is offered for "cell"');
  // A facet click pushes a new entry.
  await w.checkbox(p, 'region', 'IT-25').check();
  const both = cliSearch(ctx.index, 'cell', { filters: { region: ['IT-75', 'IT-25'] } });
  await settle(() => w.status(p), countText(both.total), 'status with two regions');
  await settle(loc, { search: `${HOST}&rq=cell&rf_region=IT-75&rf_region=IT-25`, hash: '#frag', len: len0 + 1 }, 'URL after click');

  // Back: the previous state comes back; forward: the newer one.
  await p.goBack();
  await settle(() => w.titles(p), titlesOf(typed), 'titles after back');
  assert.equal(await w.checkbox(p, 'region', 'IT-25').isChecked(), false);
  assert.equal(await w.input(p).inputValue(), 'cell');
  await p.goForward();
  await settle(() => w.status(p), countText(both.total), 'status after forward');
  assert.equal(await w.checkbox(p, 'region', 'IT-25').isChecked(), true);

  // Clearing everything removes our params and only ours.
  await w.input(p).fill('');
  await p.locator('[data-ricerca] button.clear').click();
  await settle(async () => (await loc()).search, HOST, 'URL without widget params');
  assert.equal((await loc()).hash, '#frag');

  // A reload of a shared link restores the same state.
  await p.goto(new URL(`${HOST}&rq=cell&rf_region=IT-25#frag`, ctx.url).href);
  const shared = cliSearch(ctx.index, 'cell', { filters: { region: ['IT-25'] } });
  await settle(() => w.status(p), countText(shared.total), 'shared link');
  assert.equal(await w.checkbox(p, 'region', 'IT-25').isChecked(), true);
  await assertClean(p);
});

test('URL state can be switched off', async () => {
  const p = await ctx.open('nourl.html?rq=rosatm');
  await settle(() => w.status(p), countText(cliSearch(ctx.index, '').total), 'browse (URL ignored)');
  assert.equal(await w.input(p).inputValue(), '');
  await w.input(p).pressSequentially('puglia');
  await settle(() => w.status(p), countText(cliSearch(ctx.index, 'puglia').total), 'typed');
  assert.equal(await p.evaluate(() => location.search), '?rq=rosatm');
  await assertClean(p);
});

