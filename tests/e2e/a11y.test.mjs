// Keyboard-only use, visible focus, the live region, labels and headings,
// a 320px touch screen, and the English UI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { W, assertClean, cliSearch, countText, loadData, settle, suite, until } from './lib/harness.mjs';

const ctx = suite({
  pages: {
    'en.html': {
      lang: 'en',
      body: '<script src="ricerca.js" data-index="index.bin" defer></script>\n<h1>Directory</h1>\n<div data-ricerca></div>',
    },
  },
});
const data = loadData();
const w = W();

// The focused element, looking through the widget's shadow root.
const focused = (p) =>
  p.evaluate(() => {
    let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    if (!a) return null;
    const cs = getComputedStyle(a);
    return {
      tag: a.tagName.toLowerCase(),
      type: a.type || null,
      cls: a.className || null,
      facet: a.dataset?.facet || null,
      value: a.value ?? null,
      text: a.textContent.trim(),
      inWidget: a.getRootNode() !== document,
      outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2,
    };
  });

async function tabTo(p, pred, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const f = await focused(p);
    if (f && pred(f)) return f;
  }
  throw new Error('focus never reached the wanted element');
}

test('everything works from the keyboard, with a visible focus ring', async () => {
  const p = await ctx.open();
  const input = await tabTo(p, (f) => f.inWidget && f.type === 'search');
  assert.ok(input.outline, 'the search field shows its focus');
  await p.keyboard.type('puglia');
  const q = cliSearch(ctx.index, 'puglia');
  await settle(() => w.status(p), countText(q.total), 'typed query');

  // Enter submits nothing to the server: same page, same results.
  const before = await p.evaluate(() => location.pathname);
  await p.keyboard.press('Enter');
  assert.equal(await p.evaluate(() => location.pathname), before);
  assert.equal(await w.status(p), countText(q.total));

  // Tab to the first region checkbox, tick it with Space; focus stays on it.
  const cb = await tabTo(p, (f) => f.facet === 'region' && f.type === 'checkbox');
  assert.ok(cb.outline, 'checkboxes show their focus');
  await p.keyboard.press('Space');
  const q2 = cliSearch(ctx.index, 'puglia', { filters: { region: [cb.value] } });
  await settle(() => w.status(p), countText(q2.total), 'after Space on ' + cb.value);
  const still = await focused(p);
  assert.equal(still.facet, 'region');
  assert.equal(still.value, cb.value);

  // Back to the chip, remove it with Enter: focus goes back to the field.
  const chip = await tabTo(p, (f) => f.cls === 'chip', { back: true });
  assert.ok(chip.outline, 'chips show their focus');
  await p.keyboard.press('Enter');
  await settle(() => w.status(p), countText(q.total), 'after removing the chip');
  assert.equal((await focused(p)).type, 'search');

  // "More results" by keyboard moves focus to the first new result.
  await p.keyboard.press('Control+A');
  await p.keyboard.press('Backspace');
  await settle(() => w.status(p), countText(data.records.length), 'browse');
  const more = await tabTo(p, (f) => f.cls === 'more');
  assert.ok(more.outline);
  await p.keyboard.press('Enter');
  await settle(() => w.titles(p).then((t) => t.length), Math.min(20, data.records.length), 'second page');
  const after = await focused(p);
  assert.equal(after.tag === 'a' || after.cls === 'title', true, 'focus on the first new result: ' + JSON.stringify(after));
  await assertClean(p);
});

test('labelled field in a search landmark; a polite live region that stays quiet on page load', async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const p = await ctx.open('', {
    before: (pg) =>
      pg.route('**/index.bin', async (route) => {
        await gate;
        await route.continue();
      }),
  });
  await until(() => p.locator('[data-ricerca] input[part~=input]').isVisible(), { what: 'the field renders at once' });
  const box = p.getByRole('search');
  assert.equal(await box.count(), 1);
  assert.equal(await box.getByRole('searchbox', { name: 'Cerca nel catalogo' }).count(), 1);
  const live = p.locator('[data-ricerca] [role=status]');
  assert.equal(await live.count(), 1);
  assert.equal(await live.getAttribute('aria-live'), 'polite');
  assert.equal(await live.textContent(), '', 'the live region exists, empty, before any result');
  assert.equal(await p.locator('[data-ricerca] [part~=loading]').textContent(), 'Caricamento della ricerca…');
  assert.equal(await p.locator('[data-ricerca] [part~=results]').getAttribute('aria-busy'), 'true');
  assert.equal(await p.locator('[data-ricerca] [part~=root]').getAttribute('lang'), 'it');
  release();
  await settle(() => w.status(p), countText(data.records.length), 'visible count');
  assert.equal(await p.locator('[data-ricerca] [part~=results]').getAttribute('aria-busy'), null);
  await p.waitForTimeout(1200);
  assert.equal(await live.textContent(), '', 'nothing announced for what the page shows on load');
  // The filters are a named group.
  assert.equal(await p.getByRole('group', { name: 'Filtri' }).count(), 1);
  // Headings: a results heading, one h3 per result; the facet groups are fieldsets with legends.
  assert.equal(await p.getByRole('heading', { name: 'Risultati', level: 2 }).count(), 1);
  assert.equal(await p.locator('[data-ricerca] .hit h3').count(), 10);
  assert.deepEqual(await p.locator('[data-ricerca] fieldset.facet > legend').allTextContents(), ['Regione', 'Paese', 'Settore', 'Tipo']);
  await assertClean(p);
});

test('usable on a 320px touch screen', async () => {
  const p = await ctx.open('', { width: 320, height: 640, touch: true });
  await settle(() => w.status(p), countText(data.records.length), 'browse');
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (overflow ${overflow}px)`);
  const field = await w.input(p).boundingBox();
  assert.ok(field.x >= 0 && field.x + field.width <= 320 && field.height >= 44, JSON.stringify(field));
  // Facets are folded behind a "Filtri" toggle; tapping it opens them.
  const details = p.locator('[data-ricerca] details');
  assert.equal(await details.evaluate((d) => d.open), false);
  await p.locator('[data-ricerca] summary').tap();
  assert.equal(await details.evaluate((d) => d.open), true);
  const target = await p.locator('[data-ricerca] label.opt >> nth=0').boundingBox();
  assert.ok(target.height >= 44, 'facet options are at least 44px tall on touch: ' + target.height);
  await w.checkbox(p, 'region', 'IT-25').tap();
  await settle(() => w.status(p), countText(data.browse({ region: ['IT-25'] }).hits.length), 'after a tap');
  const overflow2 = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow2 <= 0, `still no sideways scrolling (${overflow2}px)`);
  await assertClean(p);
});

test('English UI from <html lang="en">', async () => {
  const p = await ctx.open('en.html');
  const exp = cliSearch(ctx.index, '', { lang: 'en' });
  await settle(() => w.status(p), countText(exp.total, 'en'), 'English count');
  assert.equal(await p.getByRole('searchbox', { name: 'Search the directory' }).count(), 1);
  assert.deepEqual(await p.locator('[data-ricerca] fieldset.facet > legend').allTextContents(), ['Region', 'Country', 'Sector', 'Type']);
  assert.deepEqual(await w.titles(p), exp.hits.map((h) => h.title));
  assert.equal(await p.locator('[data-ricerca] [part~=root]').getAttribute('lang'), 'en');
  await assertClean(p);
});

// The engine's relaxed answer (no record has every word) in plain words, shown and
// announced, in both languages; a plain answer says nothing more.
test('a query not every word of which matches says which words it left out, in Italian and English', async () => {
  const cases = [
    ['', 'milano tokyo', 'it', (w) => `Nessun risultato con tutte le parole: mostrati quelli senza «${w}»`],
    ['', 'cellule staminali giappone', 'it', (w) => `Nessun risultato con tutte le parole: mostrati quelli senza «${w}»`],
    ['en.html', 'milano tokyo', 'en', (w) => `No results with every word; showing results without “${w}”`],
  ];
  for (const [page, q, lang, words] of cases) {
    const p = await ctx.open(page);
    await settle(() => w.status(p), countText(data.records.length, lang), 'browse');
    assert.equal(await w.note(p), null, 'no note on a plain answer');
    await w.input(p).fill(q);
    const exp = cliSearch(ctx.index, q, { lang });
    assert.equal(exp.relaxed, true, `"${q}" is relaxed`);
    assert.ok(exp.left_out.length > 0);
    const note = words(exp.left_out.join(' '));
    await settle(() => w.note(p), note, `"${q}" (${lang}): the note`);
    assert.equal(await w.status(p), countText(exp.total, lang));
    await settle(() => w.live(p), countText(exp.total, lang) + '. ' + note, `"${q}" (${lang}): announced`);
    // A query every word of which matches: the note goes.
    await w.input(p).fill('milano');
    assert.equal(cliSearch(ctx.index, 'milano').relaxed, false);
    await settle(() => w.note(p), null, 'the note goes');
    await assertClean(p);
  }
});
