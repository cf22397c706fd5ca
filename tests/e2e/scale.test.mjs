// Facets that scale, on 10k records of the shared corpus: the search field of a facet
// panel finds any value (also beyond the 100 a search lists) by a word of its label or
// its code, with the engine's counts (`ricerca search --facet-query` agrees); a found
// value ticks like any other; regions are grouped under their country; the field
// survives answers arriving while the visitor types.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { W, assertClean, buildCorpusIndex, cli, cliSearch, countText, settle, suite } from './lib/harness.mjs';

const big = buildCorpusIndex(10000);
const ctx = suite({
  pages: { 'big.html': { body: '<script src="ricerca.js" defer></script>\n<main><div data-ricerca data-index="big/index.bin"></div></main>' } },
  files: () => Object.fromEntries(Object.entries(big.files).map(([f, b]) => ['big/' + f, b])),
});
const w = W();
const root = () => path.join(ctx.site, 'big', 'index.bin');
const facetQuery = (facet, text, extra = []) => JSON.parse(cli('search', root(), '', '--facet-query', `${facet}=${text}`, '--limit', '0', '--json', ...extra));
const shown = (p, facet) => w.facet(p, facet).then((l) => l.map((v) => [v.value, v.count]));

test('a facet search field finds countries by name or code, with the engine’s counts, and ticks them', async () => {
  const p = await ctx.open('big.html');
  await settle(() => w.status(p), countText(cliSearch(root(), '').total), 'browse');
  const field = w.facetSearch(p, 'country');
  assert.equal(await field.getAttribute('aria-label'), 'Cerca: Paese');
  await field.fill('sviz');
  const want = facetQuery('country', 'sviz').values.map((v) => [v.value, v.count]);
  assert.deepEqual(want.map((v) => v[0]), ['CH']);
  await settle(() => shown(p, 'country'), want, '"sviz"');
  await field.fill('ch');
  // The Italian UI matches Italian labels and codes: CH (code) and every "Ch…" country.
  const ch = facetQuery('country', 'ch').values.filter((v) => v.value.toLowerCase().startsWith('ch') || /(^|[^\p{L}\p{N}])ch/iu.test(v.label));
  await settle(() => shown(p, 'country'), ch.map((v) => [v.value, v.count]), '"ch"');
  await field.fill('sviz');
  await settle(() => shown(p, 'country'), want, 'back to "sviz"');
  await w.checkbox(p, 'country', 'CH').click();
  const exp = cliSearch(root(), '', { filters: { country: ['CH'] } });
  await settle(() => w.status(p), countText(exp.total), 'ticked CH');
  await settle(() => w.checkbox(p, 'country', 'CH').isChecked(), true, 'CH stays ticked in the found list');
  assert.deepEqual(await w.input(p).inputValue(), '');
  await assertClean(p);
});

test('a region beyond the 100 a search lists is found and selected', async () => {
  const all = facetQuery('region', '').values;
  assert.ok(all.length > 100, `the 10k corpus has ${all.length} regions with records`);
  const first100 = new Set(cliSearch(root(), '').facets.region.map((v) => v.value));
  const far = all.find((v) => !first100.has(v.value) && /^[\p{L}]{4,}/u.test(v.label));
  assert.ok(far, 'a region not in the search’s list');
  const word = far.label.match(/^[\p{L}]{4,}/u)[0].toLowerCase();
  const p = await ctx.open('big.html');
  await settle(() => w.status(p), countText(cliSearch(root(), '').total), 'browse');
  await w.facetSearch(p, 'region').fill(word);
  await settle(async () => (await shown(p, 'region')).some(([v, n]) => v === far.value && n === far.count), true, `"${word}" lists ${far.value}`);
  await w.checkbox(p, 'region', far.value).check();
  await settle(() => w.status(p), countText(cliSearch(root(), '', { filters: { region: [far.value] } }).total), 'ticked ' + far.value);
  await assertClean(p);
});

test('regions are grouped under their country, in named fieldsets', async () => {
  const p = await ctx.open('big.html');
  await settle(() => w.status(p), countText(cliSearch(root(), '').total), 'browse');
  const groups = () =>
    p.locator('[data-ricerca] fieldset[data-facet=region] fieldset.sub').evaluateAll((l) =>
      l.map((fs) => [fs.querySelector('legend').textContent, Array.from(fs.querySelectorAll('input'), (i) => i.value)])
    );
  const before = await groups();
  assert.ok(before.length > 1, 'more than one country: ' + JSON.stringify(before));
  const countries = facetQuery('country', '').values;
  const code = (label) => countries.find((c) => c.label === label)?.value;
  for (const [label, regions] of before) {
    assert.ok(code(label), 'the group is named after a country: ' + label);
    assert.ok(regions.every((r) => r.startsWith(code(label) + '-')), `${label}: ${regions}`);
  }
  // Two countries ticked: each keeps its group, with the regions the data gives it.
  const [a, b] = [code(before[0][0]), code(before.at(-1)[0])];
  for (const c of [a, b]) {
    await w.facetSearch(p, 'country').fill(c);
    await w.checkbox(p, 'country', c).check();
  }
  await settle(async () => (await groups()).map((g) => g[0]).sort(), [before[0][0], before.at(-1)[0]].sort(), 'the ticked countries’ groups');
  await assertClean(p);
});

test('an answer arriving while the visitor types in a facet search keeps the field, its text and its selection', async () => {
  const p = await ctx.open('big.html');
  await settle(() => w.status(p), countText(cliSearch(root(), '').total), 'browse');
  const field = w.facetSearch(p, 'country');
  await field.fill('sviz');
  await settle(() => shown(p, 'country'), [['CH', facetQuery('country', 'sviz').values[0].count]], '"sviz"');
  const before = await field.elementHandle();
  await field.selectText(); // the whole text selected: the next keys replace it
  // A result arrives (a new search through the instance API) between selecting and typing.
  const total = cliSearch(root(), 'university').total;
  await p.evaluate(() => window.ricerca.get(document.querySelector('[data-ricerca]')).search('university'));
  await settle(() => w.status(p), countText(total), 'the answer to "university"');
  assert.equal(await before.evaluate((el) => el.isConnected && el === el.getRootNode().activeElement), true, 'the same field, still focused');
  await p.keyboard.type('gb');
  assert.equal(await field.inputValue(), 'gb');
  const gb = JSON.parse(cli('search', root(), 'university', '--facet-query', 'country=gb', '--limit', '0', '--json')).values.map((v) => [v.value, v.count]);
  assert.ok(gb.some(([v]) => v === 'GB'), JSON.stringify(gb));
  await settle(() => shown(p, 'country'), gb, '"gb" for "university"');
  await assertClean(p);
});
