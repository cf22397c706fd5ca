// Themes, phones and screen readers: axe-core finds nothing in any state (light and
// dark, desktop and a 360px phone); the dark theme follows prefers-color-scheme or
// data-theme; the phone filter panel covers the results, keeps its order and closes
// with "Mostra N risultati"; a skip link; one announcement per settled answer.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { W, assertClean, axeViolations, cliSearch, countText, loadData, settle, suite, until } from './lib/harness.mjs';

const SCRIPT = '<script src="ricerca.js" data-index="index.bin" defer></script>';
const DARK_CSS = 'html { background: #121212; color: #eeeeee; }\na { color: #8ab4f8; }\n';
const ctx = suite({
  pages: {
    'dark.html': { body: `<link rel="stylesheet" href="dark.css">\n${SCRIPT}\n<main><h1>Dark site</h1>\n<div data-ricerca data-theme="dark"></div></main>` },
    'light.html': { body: `${SCRIPT}\n<main><h1>Light site</h1>\n<div data-ricerca data-theme="light"></div></main>` },
    'auto.html': { body: `${SCRIPT}\n<main><h1>Site</h1>\n<div data-ricerca></div></main>` },
  },
  files: () => ({ 'dark.css': DARK_CSS }),
});
const data = loadData();
const w = W();
const colors = (p) =>
  p.evaluate(() => {
    const r = document.querySelector('[data-ricerca]').shadowRoot;
    const c = (sel) => getComputedStyle(r.querySelector(sel)).color;
    return { label: c('.label'), count: c('.cnt'), bg: getComputedStyle(r.querySelector('.rq')).backgroundColor };
  });
const DARK = { label: 'rgb(230, 237, 243)', count: 'rgb(230, 237, 243)', bg: 'rgb(13, 17, 23)' };
const LIGHT = { label: 'rgb(31, 35, 40)', count: 'rgb(31, 35, 40)', bg: 'rgba(0, 0, 0, 0)' };

// axe in the states a visitor meets: browse, a query with a filter and chips, a
// relaxed answer and its note, a facet's search field in use and the list unfolded,
// an empty answer.
async function axeEveryState(p, what) {
  const found = [];
  const check = async (state) => found.push(...(await axeViolations(p)).map((v) => `${what}, ${state}: ${v}`));
  await settle(() => w.status(p), countText(data.records.length), `${what}: browse`);
  await check('browse');
  await w.input(p).fill('cell');
  await settle(() => w.status(p), countText(cliSearch(ctx.index, 'cell').total), `${what}: query`);
  await w.checkbox(p, 'region', 'IT-25').check();
  await settle(() => p.locator('[data-ricerca] .chip').count(), 1, `${what}: chip`);
  await check('query + filter');
  await w.input(p).fill('milano tokyo');
  await settle(() => w.note(p).then(Boolean), true, `${what}: relaxed`);
  await check('relaxed');
  await w.input(p).fill('');
  await settle(() => w.status(p), countText(data.browse({ region: ['IT-25'] }).hits.length), `${what}: browse Lombardia`);
  const facet = ['region', 'country', 'sector'].find((f) => data.browse({ region: ['IT-25'] }).facets[f].size > 10);
  const field = w.facetSearch(p, facet);
  await field.fill('a');
  await settle(() => p.locator(`[data-ricerca] fieldset[data-facet=${facet}] [part~=facet-found]`).count(), 1, `${what}: facet search`);
  await check('facet search');
  await field.fill('');
  await p.locator(`[data-ricerca] fieldset[data-facet=${facet}] button.toggle`).click();
  await settle(() => p.locator(`[data-ricerca] fieldset[data-facet=${facet}] button.toggle`).getAttribute('aria-expanded'), 'true', `${what}: unfolded`);
  await check('unfolded');
  await w.input(p).fill('zzzzqqq');
  await settle(() => w.status(p), countText(0), `${what}: empty`);
  await check('empty');
  return found;
}

test('dark host page with data-theme="dark": dark colours, axe clean in every state', async () => {
  const p = await ctx.open('dark.html');
  await settle(() => colors(p), DARK, 'dark colours');
  assert.deepEqual(await axeEveryState(p, 'dark desktop'), []);
  await assertClean(p);
});

test('auto follows prefers-color-scheme; data-theme="light" forces light on a dark system', async () => {
  const dark = await ctx.open('auto.html', { colorScheme: 'dark' });
  await settle(() => w.status(dark), countText(data.records.length), 'browse');
  assert.deepEqual(await colors(dark), DARK);
  assert.deepEqual(await axeViolations(dark), []);
  const light = await ctx.open('auto.html', { colorScheme: 'light' });
  await settle(() => w.status(light), countText(data.records.length), 'browse');
  assert.deepEqual(await colors(light), LIGHT);
  const forced = await ctx.open('light.html', { colorScheme: 'dark' });
  await settle(() => w.status(forced), countText(data.records.length), 'browse');
  assert.deepEqual(await colors(forced), LIGHT);
  assert.deepEqual(await axeEveryState(light, 'light desktop'), []);
  for (const p of [dark, light, forced]) await assertClean(p);
});

test('360px phone: filters open over the results in a stable order and close with "Mostra N risultati"', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const p = await ctx.open('auto.html', { width: 360, height: 740, touch: true, colorScheme });
    await settle(() => w.status(p), countText(data.records.length), 'browse');
    await p.locator('[data-ricerca] summary').tap();
    const panel = await p.locator('[data-ricerca] details').boundingBox();
    assert.deepEqual([panel.x, panel.y, panel.width, panel.height], [0, 0, 360, 740], 'the panel covers the screen');
    const order = () => p.locator('[data-ricerca] input[data-facet=sector]').evaluateAll((l) => l.map((c) => c.value));
    const before = await order();
    await w.checkbox(p, 'region', 'IT-25').tap();
    const n = data.browse({ region: ['IT-25'] }).hits.length;
    const apply = p.locator('[data-ricerca] button.apply');
    await settle(() => apply.textContent(), `Mostra ${n} risultati`, 'the button counts the results');
    assert.deepEqual(await order(), before, 'the sector list kept its order while the panel is open');
    // Every control is a 44px touch target.
    const small = await p.evaluate(() =>
      Array.from(document.querySelector('[data-ricerca]').shadowRoot.querySelectorAll('button, summary, label.opt, input[type=search], a'))
        .filter((el) => el.getClientRects().length && !el.closest('.skip'))
        .map((el) => [el.className || el.tagName, Math.round(el.getBoundingClientRect().height)])
        .filter(([, hgt]) => hgt < 44)
    );
    assert.deepEqual(small, [], 'controls under 44px');
    assert.deepEqual(await axeViolations(p), [], `axe, phone panel open (${colorScheme})`);
    await apply.tap();
    assert.equal(await p.locator('[data-ricerca] details').evaluate((d) => d.open), false);
    assert.equal(await p.evaluate(() => document.querySelector('[data-ricerca]').shadowRoot.activeElement?.getAttribute('part')), 'results');
    assert.equal(await w.status(p), countText(n));
    assert.deepEqual(await axeViolations(p), [], `axe, phone results (${colorScheme})`);
    await w.input(p).fill('milano tokyo');
    await settle(() => w.note(p).then(Boolean), true, 'relaxed on the phone');
    assert.deepEqual(await axeViolations(p), [], `axe, phone relaxed note (${colorScheme})`);
    await assertClean(p);
  }
});

test('a skip link from the field to the results; one announcement per settled answer', async () => {
  const p = await ctx.open('auto.html');
  await settle(() => w.status(p), countText(data.records.length), 'browse');
  await w.input(p).focus();
  await p.keyboard.press('Tab');
  const skip = await p.evaluate(() => document.querySelector('[data-ricerca]').shadowRoot.activeElement?.textContent);
  assert.equal(skip, 'Vai ai risultati');
  await p.keyboard.press('Enter');
  assert.equal(await p.evaluate(() => document.querySelector('[data-ricerca]').shadowRoot.activeElement?.getAttribute('part')), 'results');
  // Typing "rosatom" a key at a time: the live region changes once, with the final count.
  await p.evaluate(() => {
    window.__said = [];
    const live = document.querySelector('[data-ricerca]').shadowRoot.querySelector('[role=status]');
    new MutationObserver(() => window.__said.push(live.textContent)).observe(live, { childList: true, characterData: true, subtree: true });
  });
  await w.input(p).focus();
  await p.keyboard.type('rosatom', { delay: 150 });
  const exp = cliSearch(ctx.index, 'rosatom');
  await settle(() => w.status(p), countText(exp.total), 'typed');
  await until(() => p.evaluate(() => window.__said.length > 0), { what: 'the announcement' });
  await p.waitForTimeout(1500);
  assert.deepEqual(await p.evaluate(() => window.__said), [countText(exp.total)]);
  await assertClean(p);
});
