// When index files are slow, broken or gone: the busy state while a query waits for
// shard files (a 10k-record index, delayed responses), an engine that traps on a
// crafted shard (fresh instance, one retry, then "corrupt"; the other index on the page
// untouched), and a site redeployed while the page is open (the root read again; when
// that does not help, "the index was updated: reload the page").
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { test } from 'node:test';
import { nodeEngine } from '../../www/node-engine.mjs';
import { DIST, ROOT, W, assertClean, buildCorpusIndex, buildIndexFolder, cliSearch, countText, fixChecksums, loadData, settle, suite } from './lib/harness.mjs';

const SCRIPT = '<script src="ricerca.js" defer></script>';
const big = buildCorpusIndex(10000);
const data = loadData();

// The index folder with its term shards crafted by examples/craft_shard.rs (the fst's
// root state byte set so that walking it panics, every checksum recomputed): the browser
// engine traps on it. What the browser's own engine (run here in node) makes of it with a
// query that needs a crafted shard: a trap, or "corrupt" (should the engine learn to
// refuse it); files maps every crafted file name to its bytes.
const CRAFT = path.join(ROOT, 'target', 'debug', 'examples', 'craft_shard');
async function craftShard(folder) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-crafted-'));
  for (const [f, b] of Object.entries(folder.files)) fs.writeFileSync(path.join(dir, f), b);
  execFileSync(CRAFT, [path.join(dir, 'index.bin')], { stdio: 'ignore' });
  const files = Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  const assets = JSON.parse(fs.readFileSync(path.join(DIST, 'assets.json'), 'utf8'));
  const wasm = fs.readFileSync(path.join(DIST, assets.wasm));
  for (const q of ['cell factory', 'rosatm', 'puglia', 'milano']) {
    const mod = await nodeEngine(path.join(DIST, assets.glue), wasm);
    const eng = mod.Engine.load(files['index.bin']);
    try {
      for (const n of eng.missing_shards()) eng.add_shard(n, files[n]);
      eng.search(q, {});
    } catch (e) {
      if (e instanceof WebAssembly.RuntimeError) return { files, q, traps: true };
      if (e.code === 'corrupt') return { files, q, traps: false };
      throw e;
    }
  }
  throw new Error('the engine did not notice the crafted shards');
}

const good = buildIndexFolder(path.join(ROOT, 'data'), '--shards', 'always');
const crafted = await craftShard(good);
// The redeploy: the curated index, then the hostile fixture's, into the same folder.
const v2 = buildIndexFolder(path.join(import.meta.dirname, 'fixtures', 'hostile'), '--shards', 'always');

const ctx = suite({
  pages: {
    'big.html': { body: `${SCRIPT}\n<main><div data-ricerca data-index="big/index.bin" data-prefetch="0"></div></main>` },
    'two.html': {
      body: `${SCRIPT}\n<main><div data-ricerca id="bad" data-index="bad/index.bin" data-prefetch="0"></div>\n<div data-ricerca id="good" data-index="good/index.bin" data-prefetch="0"></div></main>`,
    },
    'live.html': { body: `${SCRIPT}\n<main><div data-ricerca data-index="live/index.bin" data-prefetch="0"></div></main>` },
    'live2.html': { body: `${SCRIPT}\n<main><div data-ricerca data-index="live2/index.bin" data-prefetch="0"></div></main>` },
    'gone.html': { body: `${SCRIPT}\n<main><div data-ricerca data-index="gone/index.bin" data-prefetch="0"></div></main>` },
  },
  files: () => {
    const files = {};
    for (const [f, b] of Object.entries(big.files)) files['big/' + f] = b;
    for (const [f, b] of Object.entries(good.files)) {
      files['good/' + f] = b;
      files['live/' + f] = b;
      files['live2/' + f] = b;
    }
    for (const [f, b] of Object.entries(crafted.files)) files['bad/' + f] = b; // crafted shards are renamed by content
    files['gone/index.bin'] = good.files['index.bin']; // its shard files never uploaded
    return files;
  },
});

test('10k records: while a query waits for shard files the results are busy, dimmed and say so', async () => {
  let release;
  const gate = new Promise((r) => (release = r));
  const p = await ctx.open('big.html', {
    before: (pg) =>
      pg.route(/\/big\/index\.t[^/]*\.bin$/, async (route) => {
        await gate;
        await route.continue();
      }),
  });
  const w = W();
  const browse = cliSearch(path.join(ctx.site, 'big', 'index.bin'), '');
  await settle(() => w.status(p), countText(browse.total), 'browse (root and doc shards only)');
  const before = await w.titles(p);
  await w.input(p).fill('institute');
  const results = p.locator('[data-ricerca] [part~=results]');
  await settle(() => results.getAttribute('aria-busy'), 'true', 'busy while the term shards are held back');
  assert.equal(await p.locator('[data-ricerca] [part~=loading]').textContent(), 'Scaricamento dell’indice…');
  assert.equal(await p.locator('[data-ricerca] [part~=loading]').isVisible(), true);
  assert.deepEqual(await w.titles(p), before, 'the previous answer stays on screen');
  await settle(() => p.locator('[data-ricerca] ol.list').evaluate((el) => getComputedStyle(el).opacity), '0.45', 'dimmed');
  release();
  const exp = cliSearch(path.join(ctx.site, 'big', 'index.bin'), 'institute');
  await settle(() => w.titles(p), exp.hits.map((h) => h.title), 'the answer');
  assert.equal(await results.getAttribute('aria-busy'), null);
  assert.equal(await p.locator('[data-ricerca] [part~=loading]').isVisible(), false);
  await assertClean(p);
});

test('a crafted shard that crashes the engine: fresh instance, one retry, then "corrupt"; the other index works', async () => {
  assert.equal(crafted.traps, true, 'the browser engine traps on the crafted shard (else this test proves no trap handling)');
  const glue = [];
  const p = await ctx.open('two.html', { before: (pg) => pg.on('request', (r) => /ricerca-engine\.[^/]*\.js/.test(r.url()) && glue.push(r.url())) });
  const bad = W('#bad');
  const ok = W('#good');
  await settle(() => bad.status(p), countText(data.records.length), 'bad index browses (its root is fine)');
  await settle(() => ok.status(p), countText(data.records.length), 'good index browses');
  assert.equal(glue.length, 2, 'one engine instance per index: ' + glue.join(' '));
  await bad.input(p).fill(crafted.q);
  await settle(() => p.locator('#bad [part~=error]').getAttribute('data-code'), 'corrupt', 'the crafted shard is reported');
  assert.match(await bad.error(p), /L’indice di ricerca è danneggiato/);
  assert.equal(glue.length, 3, 'the trapped instance was replaced once (glue imported again as ?i=2): ' + glue.join(' '));
  assert.match(glue[2], /\?i=2$/);
  // The healthy index on the same page is not affected.
  await ok.input(p).fill(crafted.q);
  const exp = cliSearch(path.join(ctx.site, 'good', 'index.bin'), crafted.q);
  await settle(() => ok.titles(p), exp.hits.map((h) => h.title), 'the other widget still answers');
  assert.equal(await p.locator('#good [part~=error]').isVisible(), false);
  await assertClean(p, { allow: [/ricerca:/, /Failed to load resource/] });
});

// Replaces the files of a served index folder (a deploy), removing the old ones.
const deploy = (dir, files) => {
  for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f));
  for (const [f, b] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), b);
};

test('redeployed while open: the root is read again and the query answered from the new index', async () => {
  const p = await ctx.open('live.html');
  const w = W();
  await settle(() => w.status(p), countText(data.records.length), 'browse v1');
  // v2 replaces v1 and v1's shard files are gone.
  deploy(path.join(ctx.site, 'live'), v2.files);
  await w.input(p).fill('partner');
  const exp = cliSearch(path.join(ctx.site, 'live', 'index.bin'), 'partner');
  await settle(() => w.titles(p), exp.hits.map((h) => h.title), 'answered from the new index');
  assert.equal(await p.locator('[data-ricerca] [part~=error]').isVisible(), false);
  await assertClean(p, { allow: [/Failed to load resource/] });
});

test('redeployed, but the new index is incomplete too: "the index was updated: reload the page"', async () => {
  const p = await ctx.open('live2.html');
  const w = W();
  await settle(() => w.status(p), countText(data.records.length), 'browse v1');
  deploy(path.join(ctx.site, 'live2'), { 'index.bin': v2.files['index.bin'] });
  await w.input(p).fill('cell factory');
  await settle(() => p.locator('[data-ricerca] [part~=error]').getAttribute('data-code'), 'updated', 'reported as an update');
  assert.match(await w.error(p), /L’indice è stato aggiornato: ricarica la pagina/);
  await assertClean(p, { allow: [/ricerca:/, /Failed to load resource/] });
});

test('shard files missing from an unchanged index: "not found", not an update', async () => {
  const p = await ctx.open('gone.html');
  const w = W();
  await w.input(p).fill('cell factory');
  await settle(() => p.locator('[data-ricerca] [part~=error]').getAttribute('data-code'), 'not-found', 'reported as missing');
  assert.match(await w.error(p), /Indice di ricerca non trovato/);
  await assertClean(p, { allow: [/ricerca:/, /Failed to load resource/, /404/] });
});
