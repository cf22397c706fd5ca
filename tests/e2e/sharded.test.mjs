// A sharded index (root + term/doc shard files): the widget fetches only the
// shards a query needs, answers exactly like the CLI and like a one-file index,
// and recovers from a shard that failed to download.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT, W, assertClean, buildIndexFolder, cliSearch, countText, settle, suite, until } from './lib/harness.mjs';

// Small shards so that the curated data spreads over many files.
const built = buildIndexFolder(path.join(ROOT, 'data'), '--shards', 'always', '--term-shard-bytes', '4000', '--docs-per-shard', '16');
const shardFiles = Object.keys(built.files).filter((f) => f !== 'index.bin');
const ctx = suite({
  pages: {
    // data-prefetch="0": no fetching ahead when idle, so only what queries need is fetched.
    'sharded.html': { body: '<script src="ricerca.js" data-index="sharded/index.bin" defer></script>\n<div data-ricerca data-prefetch="0"></div>' },
    'prefetch.html': { body: '<script src="ricerca.js" data-index="sharded/index.bin" defer></script>\n<div data-ricerca data-prefetch="100"></div>' },
  },
  files: () => Object.fromEntries(Object.entries(built.files).map(([f, b]) => ['sharded/' + f, b])),
});
const w = W();
const titlesOf = (res) => res.hits.map((h) => h.title);

test('shards are fetched on demand and results equal the CLI and the one-file index', async () => {
  assert.ok(shardFiles.length >= 4, 'the fixture index is split: ' + shardFiles.join(' '));
  const fetched = [];
  const p = await ctx.open('sharded.html', {
    before: (pg) => pg.on('request', (r) => /\/sharded\/index\.[^/]+\.bin$/.test(r.url()) && fetched.push(path.basename(r.url()))),
  });
  const browse = cliSearch(built.root, '');
  assert.deepEqual(titlesOf(browse), titlesOf(cliSearch(ctx.index, '')), 'same browse order as the one-file index');
  await settle(() => w.titles(p), titlesOf(browse), 'browse');
  assert.equal(await w.status(p), countText(browse.total));
  const afterBrowse = fetched.length;
  assert.ok(afterBrowse < shardFiles.length, `browsing fetched ${afterBrowse} of ${shardFiles.length} shards`);

  for (const q of ['rosatm', 'universita', 'cell factory']) {
    await w.input(p).fill(q);
    const exp = cliSearch(built.root, q);
    assert.deepEqual(titlesOf(exp), titlesOf(cliSearch(ctx.index, q)), `"${q}": sharded and one-file CLI agree`);
    await settle(() => w.titles(p), titlesOf(exp), `"${q}" titles`);
    assert.equal(await w.status(p), countText(exp.total));
  }
  assert.equal(new Set(fetched).size, fetched.length, 'no shard fetched twice: ' + fetched.join(' '));
  assert.ok(fetched.every((f) => shardFiles.includes(f)));

  // The API answers the same as the CLI on the sharded index.
  const api = await p.evaluate(async () => {
    const e = await ricerca.load({ index: 'sharded/index.bin' });
    return Promise.all([e.search('Québec', { limit: 5 }), e.search('', { limit: 5, offset: 60, lang: 'en' })]);
  });
  const norm = (r) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'score' ? Math.round(v * 1000) / 1000 : v)));
  assert.deepEqual(norm(api[0]), norm(cliSearch(built.root, 'Québec', { limit: 5 })));
  assert.deepEqual(norm(api[1]), norm(cliSearch(built.root, '', { limit: 5, offset: 60, lang: 'en' })));
  await assertClean(p);
});

test('with data-prefetch, a small index fetches its remaining shards when idle, then types without fetching', async () => {
  const fetched = [];
  const p = await ctx.open('prefetch.html', {
    before: (pg) => pg.on('request', (r) => /\/sharded\/index\.[^/]+\.bin$/.test(r.url()) && fetched.push(path.basename(r.url()))),
  });
  await settle(() => w.titles(p), titlesOf(cliSearch(built.root, '')), 'browse');
  await until(async () => fetched.length === shardFiles.length, { what: `all ${shardFiles.length} shards prefetched (got ${fetched.length})` });
  const before = fetched.length;
  await w.input(p).fill('rosatm');
  await settle(() => w.titles(p), titlesOf(cliSearch(built.root, 'rosatm')), '"rosatm" titles');
  assert.equal(fetched.length, before, 'typing after the prefetch fetches nothing more');
  assert.equal(new Set(fetched).size, fetched.length, 'no shard fetched twice');
  await assertClean(p);
});

test('a shard that fails to download is reported, and "Riprova" recovers', async () => {
  let broken = true;
  const p = await ctx.open('sharded.html', {
    before: (pg) =>
      pg.route(/\/sharded\/index\.[^/]+\.bin$/, (route) => (broken ? route.abort('connectionfailed') : route.continue())),
  });
  const err = p.locator('[data-ricerca] [part~=error]');
  await until(() => err.isVisible(), { what: 'the error' });
  assert.equal(await err.getAttribute('data-code'), 'network');
  broken = false;
  await p.locator('[data-ricerca] button.retry').click();
  const browse = cliSearch(built.root, '');
  await settle(() => w.titles(p), titlesOf(browse), 'results after retry');
  assert.equal(await err.isVisible(), false);
  await assertClean(p, { allow: [/ERR_CONNECTION_FAILED|Failed to load resource/] });
});

process.on('exit', () => fs.rmSync(built.dir, { recursive: true, force: true }));
