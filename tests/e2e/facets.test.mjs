// Facet panels: counts and disjunctive semantics computed from data/*.toml,
// ordering, "show more", chips and "clear all".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { W, assertClean, cliSearch, countText, facetView, loadData, regionOrder, settle, suite } from './lib/harness.mjs';

const ctx = suite();
const data = loadData();
const w = W();
const FACETS = ['region', 'country', 'sector', 'kind'];

// Compares every facet panel (values, counts, checked, order) and the result count
// with what the data says for `filters`.
async function expectState(p, filters, what) {
  const exp = data.browse(filters);
  await settle(() => w.status(p), countText(exp.hits.length), `${what}: result count`);
  for (const f of FACETS) {
    const shown = await w.facet(p, f);
    const uiLabel = new Map(shown.map((v) => [v.value, v.label]));
    const label = (v) => (f === 'kind' ? uiLabel.get(v) ?? v : data.label(f, v, 'it'));
    const view = facetView(exp.facets[f], filters[f] || [], { label });
    const want = (f === 'region' ? regionOrder(view, filters.country) : view).map(({ value, count, checked }) => ({ value, count, checked }));
    await settle(
      async () => (await w.facet(p, f)).map(({ value, count, checked }) => ({ value, count, checked })),
      want,
      `${what}: ${f} facet`
    );
  }
  const chips = [];
  for (const f of FACETS) {
    const uiLabel = new Map((await w.facet(p, f)).map((v) => [v.value, v.label]));
    for (const v of filters[f] || []) chips.push(f === 'kind' ? uiLabel.get(v) : data.label(f, v, 'it'));
  }
  const got = await w.chips(p);
  assert.equal(got.length, chips.length, `${what}: chip count`);
  chips.forEach((l, i) => assert.ok(got[i].includes(l), `${what}: chip ${i} names ${l}: ${got[i]}`));
}

test('region facet is disjunctive; other facets narrow (Lombardia IT-25, Puglia IT-75, partner)', async () => {
  assert.equal(data.label('region', 'IT-25', 'it'), 'Lombardia');
  const p = await ctx.open();
  await expectState(p, {}, 'browse');
  assert.equal((await w.facet(p, 'region')).find((v) => v.value === 'IT-25')?.label, 'Lombardia');

  await w.checkbox(p, 'region', 'IT-25').check();
  const one = { region: ['IT-25'] };
  await expectState(p, one, 'Lombardia');
  // Disjunctive: the region counts are those of the unfiltered data.
  assert.deepEqual(data.browse(one).facets.region, data.browse({}).facets.region);

  await w.checkbox(p, 'region', 'IT-75').check();
  const two = { region: ['IT-25', 'IT-75'] };
  const union = new Set(data.records.filter((r) => (r.region || []).some((x) => x === 'IT-25' || x === 'IT-75')).map((r) => r.id));
  assert.equal(data.browse(two).hits.length, union.size);
  await expectState(p, two, 'Lombardia or Puglia');

  await w.checkbox(p, 'kind', 'partner').check();
  await expectState(p, { ...two, kind: ['partner'] }, '… and partner');

  // Removing a chip drops just that value; focus goes to the next chip.
  await p.locator('[data-ricerca] .chip', { hasText: 'Lombardia' }).click();
  await expectState(p, { region: ['IT-75'], kind: ['partner'] }, 'chip removed');
  const focusedChip = await p.evaluate(() => document.querySelector('[data-ricerca]').shadowRoot.activeElement?.className);
  assert.equal(focusedChip, 'chip');

  await p.locator('[data-ricerca] button.clear').click();
  await expectState(p, {}, 'clear all');
  assert.equal(await p.locator('[data-ricerca] [part~=chips]').isVisible(), false);
  await assertClean(p);
});

test('a query and filters combine (query "cell" within Lombardia)', async () => {
  const p = await ctx.open();
  await w.checkbox(p, 'region', 'IT-25').check();
  await w.input(p).fill('cell');
  const exp = cliSearch(ctx.index, 'cell', { filters: { region: ['IT-25'] } });
  await settle(() => w.titles(p), exp.hits.map((h) => h.title), 'titles');
  assert.equal(await w.status(p), countText(exp.total));
  // Every value the panels show has the engine's count; as many as there are (up to 10).
  for (const f of FACETS) {
    const want = new Map(exp.facets[f].filter((v) => v.count > 0 || v.selected).map((v) => [v.value, v.count]));
    const got = await w.facet(p, f);
    assert.equal(got.length, Math.min(10, want.size), `${f}: number of values shown`);
    for (const v of got) assert.equal(v.count, want.get(v.value), `${f}=${v.value} count`);
  }
  await assertClean(p);
});

test('"show more" reveals values beyond the first 10 and folds them again', async () => {
  const all = data.browse({}).facets;
  const facet = FACETS.find((f) => all[f].size > 10);
  assert.ok(facet, 'some facet has more than 10 values');
  const p = await ctx.open();
  await settle(async () => (await w.facet(p, facet)).length, 10, 'folded list');
  const toggle = p.locator(`[data-ricerca] fieldset[data-facet=${facet}] button.toggle`);
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  // The engine lists every value of the curated data (fewer than its 100): the total is theirs.
  assert.equal(await toggle.textContent(), `Mostra altri ${all[facet].size - 10} (${all[facet].size} in tutto)`);
  await toggle.click();
  await settle(async () => (await w.facet(p, facet)).length, all[facet].size, 'unfolded list');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await p.locator(`[data-ricerca] fieldset[data-facet=${facet}] [part~=facet-found]`).count(), 0, 'nothing past the list');
  const label = (v) => data.label(facet, v, 'it') ?? v;
  const view = facetView(all[facet], [], { label, expanded: true });
  const want = (facet === 'region' ? regionOrder(view) : view).map((v) => v.value);
  assert.deepEqual((await w.facet(p, facet)).map((v) => v.value), want);
  await toggle.click();
  await settle(async () => (await w.facet(p, facet)).length, 10, 'folded again');
  await assertClean(p);
});
