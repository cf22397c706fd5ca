// The public JS API (ricerca.load + engine.search) in the browser returns the same
// answers as the native CLI (`ricerca search INDEX Q --json`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fs from 'node:fs';
import { assertClean, cli, cliSearch, suite } from './lib/harness.mjs';

const ctx = suite({
  pages: { 'api.html': { body: '<script src="ricerca.js" defer></script>\n<h1>API</h1>' } },
});

const CASES = [
  ['rosatm', {}],
  ['Rosatom', { limit: 3 }],
  ['universita', {}],
  ['Università degli Studi', {}],
  ['UNIVERSITÀ', { lang: 'en' }],
  ['CAR-T', {}],
  ['terapie cellulari', {}],
  ['cell factory', { filters: { region: ['IT-25'] } }],
  ['l’università', {}],
  ['Québec', {}],
  ['seoul', { lang: 'en' }],
  ['oncologia', { filters: { country: ['IT', 'RU'], kind: ['initiative'] } }],
  ['', { limit: 5, offset: 5 }],
  ['', { filters: { sector: ['advanced-therapies'], region: ['IT-25', 'IT-75'] }, lang: 'en' }],
  ['zqxjkvw', {}],
  ['naïve café', {}],
];

test('engine.search in the browser equals `ricerca search --json`', async () => {
  const p = await ctx.open('api.html');
  await p.waitForFunction(() => window.ricerca && window.ricerca.load);
  const got = await p.evaluate(async (cases) => {
    const engine = await ricerca.load({ index: 'index.bin' });
    return Promise.all(cases.map(([q, o]) => engine.search(q, { limit: 10, offset: 0, lang: 'it', ...o })));
  }, CASES);
  const norm = (r) => JSON.parse(JSON.stringify(r, (k, v) => (k === 'score' ? Math.round(v * 1000) / 1000 : v)));
  CASES.forEach(([q, o], i) => {
    const want = cliSearch(ctx.index, q, { limit: 10, offset: 0, lang: 'it', ...o });
    assert.deepEqual(norm(got[i]), norm(want), `query ${JSON.stringify(q)} ${JSON.stringify(o)}`);
  });
  assert.ok(got.some((r) => r.total > 0) && got.some((r) => r.total === 0), 'the cases include hits and misses');
  await assertClean(p);
});

test('ricerca.load shares one engine per index URL and reports info()', async () => {
  const p = await ctx.open('api.html');
  await p.waitForFunction(() => window.ricerca && window.ricerca.load);
  const r = await p.evaluate(async () => {
    const a = ricerca.load({ index: 'index.bin' });
    const b = ricerca.load('./index.bin');
    const [ea, eb] = await Promise.all([a, b]);
    return { same: a === b && ea === eb, info: ea.info() };
  });
  assert.equal(r.same, true);
  const total = cliSearch(ctx.index, '', { limit: 1 }).total;
  assert.equal(r.info.records, total);
  const head = fs.readFileSync(ctx.index);
  assert.equal(r.info.format_version, head.readUInt32LE(8)); // header: magic, then version
  // Then the writer version, one byte each (FORMAT.md): the CLI that built the index.
  const info = JSON.parse(cli('info', ctx.index, '--json'));
  assert.equal(r.info.index_version, `${head[12]}.${head[13]}.${head[14]}`);
  assert.equal(r.info.index_version, info.index_version);
  assert.equal(info.index_version, info.version, 'built by this ricerca');
  await assertClean(p);
});
