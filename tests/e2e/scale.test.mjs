// Facets that scale, on 10k records of the shared corpus: the search field of a facet
// panel finds any value (also beyond the 100 a search lists) by a word of its Italian or
// English label or its code, whatever the UI language, with the engine's counts
// (`ricerca search --facet-query` agrees); a found value ticks like any other; "show
// more" says how many values there are; regions are grouped under their country; the
// field survives answers arriving while the visitor types; a partial answer (the fetch
// budget spent) says so.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { W, assertClean, buildCorpusIndex, cli, cliSearch, countText, settle, suite } from './lib/harness.mjs';

const big = buildCorpusIndex(10000);
const BIG = '<main><div data-ricerca data-index="big/index.bin"></div></main>';
// budget.js: every search of the page's engine may fetch one shard file (the engine's
// fetch_budget option), so a query that needs more gets a partial answer.
const BUDGET = "ricerca.load({ index: 'big/index.bin' }).then((e) => { const s = e.search; e.search = (q, o) => s.call(e, q, { ...o, fetch_budget: 1 }); });\n";
const ctx = suite({
  pages: {
    'big.html': { body: `<script src="ricerca.js" defer></script>\n${BIG}` },
    'big-en.html': { lang: 'en', body: `<script src="ricerca.js" defer></script>\n${BIG}` },
    'budget.html': { body: `<script src="ricerca.js" defer></script>\n<script src="budget.js" defer></script>\n${BIG.replace('data-ricerca', 'data-ricerca data-prefetch="off"')}` },
  },
  files: () => ({ ...Object.fromEntries(Object.entries(big.files).map(([f, b]) => ['big/' + f, b])), 'budget.js': BUDGET }),
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
  // The English label and the code match in the Italian UI too, as the CLI says.
  await field.fill('switz');
  await settle(() => shown(p, 'country'), want, '"switz"');
  // "sw": Sweden, Switzerland… by their English names only (Svezia, Svizzera), as the CLI says.
  await field.fill('sw');
  const sw = facetQuery('country', 'sw').values;
  const word = (label, t) => new RegExp(`(^|[^\\p{L}\\p{N}])${t}`, 'iu').test(label);
  assert.ok(sw.some((v) => !v.value.toLowerCase().startsWith('sw') && !word(v.label, 'sw')), 'a country by its English name only: ' + JSON.stringify(sw));
  await settle(() => shown(p, 'country'), sw.map((v) => [v.value, v.count]), '"sw"');
  assert.equal(await p.locator('[data-ricerca] fieldset[data-facet=country] [part~=facet-found]').textContent(), sw.length === 1 ? '1 valore' : `${sw.length} valori`);
  await field.fill('ch');
  const ch = facetQuery('country', 'ch').values;
  assert.ok(ch.some((v) => v.value === 'CH'), 'CH by its code');
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

test('the English UI finds a country by its Italian name and shows the English label', async () => {
  const p = await ctx.open('big-en.html');
  await settle(() => w.status(p), countText(cliSearch(root(), '').total, 'en'), 'browse');
  const field = w.facetSearch(p, 'country');
  assert.equal(await field.getAttribute('aria-label'), 'Find: Country');
  await field.fill('svizzera');
  const want = facetQuery('country', 'svizzera', ['--lang', 'en']).values;
  assert.deepEqual(want.map((v) => [v.value, v.label]), [['CH', 'Switzerland']]);
  await settle(() => w.facet(p, 'country').then((l) => l.map((v) => [v.value, v.label, v.count])), want.map((v) => [v.value, v.label, v.count]), '"svizzera"');
  await assertClean(p);
});

test('"show more" says how many values there are, also past the 100 a search lists', async () => {
  const p = await ctx.open('big.html');
  await settle(() => w.status(p), countText(cliSearch(root(), '').total), 'browse');
  const total = facetQuery('region', '').total;
  const listed = cliSearch(root(), '').facets.region.length;
  assert.ok(total > listed && listed === 100, `${total} regions, ${listed} listed`);
  const toggle = p.locator('[data-ricerca] fieldset[data-facet=region] button.toggle');
  assert.equal(await toggle.textContent(), `Mostra altri ${listed - 10} (${total} in tutto)`);
  await toggle.click();
  await settle(() => toggle.textContent(), 'Mostra meno', 'unfolded');
  assert.equal(await p.locator('[data-ricerca] fieldset[data-facet=region] [part~=facet-found]').textContent(), `Altri ${total - listed}: cercali qui sopra`);
  await assertClean(p);
});

test('a partial answer (the fetch budget spent) says so, shown and announced', async () => {
  const p = await ctx.open('budget.html');
  await settle(() => w.input(p).isVisible(), true, 'the field');
  await w.input(p).fill('universita');
  const note = 'Risultati parziali: l’indice non è ancora scaricato tutto';
  await settle(() => w.note(p), note, 'the note');
  // The engine said so: the same search through the page's engine is partial.
  const res = await p.evaluate(() => ricerca.load({ index: 'big/index.bin' }).then((e) => e.search('universita', { fetch_budget: 0 })));
  assert.equal(res.partial, true);
  await settle(() => w.live(p), (await w.status(p)) + '. ' + note, 'announced');
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
