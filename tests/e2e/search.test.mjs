// Typing, results, highlighting, paging, related records, empty states —
// on the demo page (www/dist/index.html) with the curated index, under strict CSP.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { W, assertClean, cliSearch, countText, loadData, settle, suite, until } from './lib/harness.mjs';

const ctx = suite();
const data = loadData();
const w = W();
const titlesOf = (res) => res.hits.map((h) => h.title);

async function typeQuery(p, q, delay = 25) {
  await w.input(p).click();
  await w.input(p).fill('');
  await w.input(p).pressSequentially(q, { delay });
}

test('a misspelt name finds the record (rosatm → Rosatom), same hits and order as the CLI', async () => {
  const rosatom = data.records.find((r) => r.name === 'Rosatom');
  assert.ok(rosatom, 'the curated data has a record named Rosatom');
  const p = await ctx.open();
  await typeQuery(p, 'rosatm');
  const exp = cliSearch(ctx.index, 'rosatm');
  assert.ok(exp.hits.some((h) => h.id === rosatom.id), 'the CLI finds Rosatom for "rosatm"');
  await settle(() => w.titles(p), titlesOf(exp), 'result titles');
  assert.equal(await w.status(p), countText(exp.total));
  assert.ok((await w.titles(p)).includes('Rosatom'));

  // <mark> elements hold exactly the highlighted code-point ranges of the first hit.
  const first = exp.hits[0];
  const cut = (s, ranges) => ranges.map(([a, b]) => Array.from(s).slice(a, b).join(''));
  const marks = await p.locator('[data-ricerca] .hit >> nth=0').evaluate((li) => ({
    title: Array.from(li.querySelectorAll('.title mark')).map((m) => m.textContent),
    snippet: Array.from(li.querySelectorAll('.snippet mark')).map((m) => m.textContent),
    snippetText: li.querySelector('.snippet')?.textContent ?? '',
  }));
  assert.deepEqual(marks.title, cut(first.title, first.highlights.title));
  assert.deepEqual(marks.snippet, cut(first.snippet, first.highlights.snippet));
  assert.equal(marks.snippetText, first.snippet);
  await assertClean(p);
});

test('a query without accents finds accented text (universita → Università)', async () => {
  const p = await ctx.open();
  await typeQuery(p, 'universita');
  const exp = cliSearch(ctx.index, 'universita');
  const accented = data.records.filter((r) => /Università/.test(r.name)).map((r) => r.id);
  assert.ok(accented.length > 0, 'the data has names with "Università"');
  assert.ok(exp.hits.some((h) => accented.includes(h.id)), 'the CLI finds one of them');
  await settle(() => w.titles(p), titlesOf(exp), 'result titles');
  assert.equal(await w.status(p), countText(exp.total));
  assert.ok((await w.titles(p)).some((t) => t.includes('Università')));
  await assertClean(p);
});

test('fast typing loses no keystrokes, even while the index is still loading', async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const p = await ctx.open('', {
    before: (pg) =>
      pg.route('**/index.bin', async (route) => {
        await gate;
        await route.continue();
      }),
  });
  const q = 'universita di pisa';
  await w.input(p).click();
  await w.input(p).pressSequentially(q); // no delay between keys
  assert.equal(await w.input(p).inputValue(), q);
  assert.equal(await w.status(p), '', 'no result before the index arrives');
  assert.equal(await p.locator('[data-ricerca] [part~=loading]').isVisible(), true, 'loading state visible');
  release();
  const exp = cliSearch(ctx.index, q);
  await settle(() => w.titles(p), titlesOf(exp), 'titles for the whole query');
  assert.equal(await w.status(p), countText(exp.total));
  assert.equal(await p.locator('[data-ricerca] [part~=loading]').isVisible(), false, 'loading state gone');
  // Keep typing: the answer always matches the latest text.
  await w.input(p).press('End');
  await w.input(p).pressSequentially(' xyz');
  await w.input(p).press('Backspace');
  await w.input(p).press('Backspace');
  await w.input(p).press('Backspace');
  await w.input(p).press('Backspace');
  await settle(() => w.titles(p), titlesOf(exp), 'titles after edits');
  await assertClean(p);
});

test('empty query browses every record; "more results" pages through them', async () => {
  const p = await ctx.open();
  const all = cliSearch(ctx.index, '', { limit: 20 });
  assert.equal(all.total, data.records.length, 'the CLI browses every record');
  await settle(() => w.status(p), countText(data.records.length), 'browse count');
  await settle(() => w.titles(p), titlesOf(all).slice(0, 10), 'first page');
  const more = p.locator('[data-ricerca] button.more');
  await more.click();
  await settle(() => w.titles(p), titlesOf(all).slice(0, 20), 'two pages');
  // Focus moved to the first new result, so keyboard users continue from there.
  const focused = await p.evaluate(() => {
    const a = document.querySelector('[data-ricerca]').shadowRoot.activeElement;
    const li = a && a.closest('li.hit');
    return li ? Array.from(li.parentElement.children).indexOf(li) : -1;
  });
  assert.equal(focused, 10);
  assert.equal(await more.isVisible(), all.total > 20);
  await assertClean(p);
});

test('a related record opens inside the result; the query and filters stay', async () => {
  const p = await ctx.open();
  await w.checkbox(p, 'country', 'IT').check();
  await typeQuery(p, 'rosatom');
  const exp = cliSearch(ctx.index, 'rosatom', { filters: { country: ['IT'] } });
  await settle(() => w.titles(p), titlesOf(exp), 'titles');
  const rel = exp.hits[0].related[0];
  assert.ok(rel, 'the first hit has related records');
  const btn = p.locator('[data-ricerca] .hit >> nth=0').locator('button.rel >> nth=0');
  assert.equal(await btn.getAttribute('aria-expanded'), 'false');
  await btn.click();
  // The related record as the engine has it (found by id among its title's hits).
  const full = cliSearch(ctx.index, rel.title, { limit: 20 }).hits.find((h) => h.id === rel.id);
  assert.ok(full, 'the CLI finds the related record by its title');
  const card = p.locator('[data-ricerca] .hit >> nth=0').locator('.relcard');
  await settle(() => card.locator('.title').textContent(), full.title, 'the related record in place');
  if (full.snippet) assert.equal(await card.locator('.snippet').textContent(), full.snippet);
  assert.equal(await btn.getAttribute('aria-expanded'), 'true');
  // Nothing else changed: same query, filters, results.
  assert.equal(await w.input(p).inputValue(), 'rosatom');
  assert.deepEqual(await w.titles(p), titlesOf(exp));
  assert.deepEqual((await w.chips(p)).length, 1);
  await btn.click();
  assert.equal(await card.count(), 0, 'a second click closes it');
  assert.equal(await btn.getAttribute('aria-expanded'), 'false');
  await assertClean(p);
});

test('no results: plain words, and a way out (show everything / clear filters)', async () => {
  const p = await ctx.open();
  const q = 'zqxjkvw';
  assert.equal(cliSearch(ctx.index, q).total, 0);
  await typeQuery(p, q);
  await settle(() => w.status(p), countText(0), 'status');
  const empty = p.locator('[data-ricerca] [part~=empty]');
  assert.equal(await empty.isVisible(), true);
  // (the count reads the same for a prefix of q: wait for the text naming all of q)
  await until(async () => (await empty.textContent()).includes('Nessun risultato per «' + q + '»'), { what: 'empty text' });
  await empty.locator('button').click();
  await settle(() => w.status(p), countText(data.records.length), 'everything again');
  assert.equal(await w.input(p).inputValue(), '');

  // With a filter, the empty state offers to clear filters.
  const it25 = data.browse({ region: ['IT-25'] }).hits;
  assert.ok(it25.length > 0);
  await w.checkbox(p, 'region', 'IT-25').check();
  await settle(() => w.status(p), countText(it25.length), 'filtered');
  await typeQuery(p, q);
  await until(async () => (await empty.textContent()).startsWith('Nessun risultato per «' + q + '»'), { what: 'empty text' });
  assert.equal(await w.status(p), countText(0));
  assert.match(await empty.textContent(), /Prova a togliere qualche filtro/);
  await empty.locator('button', { hasText: 'Cancella tutti i filtri' }).click();
  await settle(() => w.chips(p), [], 'chips');
  await assertClean(p);
});
