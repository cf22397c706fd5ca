// Failures are shown inside the widget in plain words, with the engine's error
// code; the host page keeps working. Also: the wasm fallback for a wrong MIME type.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DIST, W, assertClean, countText, fixChecksums, loadData, settle, suite, until } from './lib/harness.mjs';

const index = fs.readFileSync(path.join(DIST, 'index.bin'));
// Damaged copies of the real index, each built to trip exactly one check of the
// documented format (src/format.rs: magic, version, lengths, CRC-32s).
const damaged = {
  'garbage.bin': { code: 'bad-magic', bytes: () => Buffer.from('<!doctype html><title>Not found</title>\n') },
  'truncated.bin': { code: 'truncated', bytes: () => index.subarray(0, Math.floor(index.length / 2)) },
  'corrupt.bin': {
    code: 'corrupt',
    bytes: () => {
      const b = Buffer.from(index);
      b[b.length - 7] ^= 0x5a; // payload byte flipped, checksums left as they were
      return b;
    },
  },
  'future.bin': {
    code: 'bad-version',
    bytes: () => {
      const b = Buffer.from(index);
      b.writeUInt32LE(b.readUInt32LE(8) + 1, 8); // next format version, re-signed
      return fixChecksums(b);
    },
  },
};
const MESSAGES = {
  'not-found': 'La ricerca non è disponibile. Indice di ricerca non trovato (errore 404).',
  'bad-magic': 'La ricerca non è disponibile. Il file indicato non è un indice di ricerca.',
  truncated: 'La ricerca non è disponibile. L’indice di ricerca è incompleto.',
  corrupt: 'La ricerca non è disponibile. L’indice di ricerca è danneggiato.',
  'bad-version': 'La ricerca non è disponibile. L’indice è di un’altra versione del formato: va ricostruito.',
  network: 'La ricerca non è disponibile. Errore di rete durante lo scaricamento.Riprova',
};

const widgetPage = (idx) => ({
  body: [
    `<script src="ricerca.js" data-index="${idx}" defer></script>`,
    '<h1>Pagina ospite</h1>',
    '<div data-ricerca></div>',
    '<p id="after">Il resto della pagina.</p>',
  ].join('\n'),
});
const pages = { 'missing.html': widgetPage('missing.bin'), 'net.html': widgetPage('index.bin') };
for (const name of Object.keys(damaged)) pages[name.replace('.bin', '.html')] = widgetPage(name);
const ctx = suite({
  pages,
  files: () => Object.fromEntries(Object.entries(damaged).map(([k, v]) => [k, v.bytes()])),
});
const data = loadData();
const w = W();

async function expectError(p, code) {
  const err = p.locator('[data-ricerca] [part~=error]');
  await until(() => err.isVisible(), { what: `the ${code} message` });
  assert.equal(await err.getAttribute('data-code'), code);
  assert.equal(await err.textContent(), MESSAGES[code]);
  assert.equal(await err.getAttribute('role'), 'alert');
  // The host page is intact and the field still usable.
  assert.equal(await p.locator('#after').textContent(), 'Il resto della pagina.');
  await w.input(p).fill('ancora');
  assert.equal(await w.input(p).inputValue(), 'ancora');
  assert.ok(p.problems.every((m) => !m.startsWith('pageerror')), 'no uncaught exception: ' + p.problems.join('; '));
  assert.deepEqual(await p.evaluate(() => window.__csp), []);
}

test('a missing index (404) is reported', async () => {
  const p = await ctx.open('missing.html');
  await expectError(p, 'not-found');
  await assertClean(p, { allow: [/404/] });
});

for (const [file, { code }] of Object.entries(damaged)) {
  test(`a damaged index (${file}) is reported as ${code}`, async () => {
    const p = await ctx.open(file.replace('.bin', '.html'));
    await expectError(p, code);
    // The public API rejects with the same code.
    const apiCode = await p.evaluate((f) => ricerca.load({ index: f }).then(() => 'loaded', (e) => e.code), file);
    assert.equal(apiCode, code);
    await assertClean(p);
  });
}

test('a network failure offers "Riprova", which recovers', async () => {
  let fail = true;
  const p = await ctx.open('net.html', {
    before: (pg) => pg.route('**/index.bin', (route) => (fail ? route.abort('connectionfailed') : route.continue())),
  });
  await expectError(p, 'network');
  await w.input(p).fill('');
  fail = false;
  await p.locator('[data-ricerca] button.retry').click();
  await settle(() => w.status(p), countText(data.records.length), 'results after retry');
  assert.equal(await p.locator('[data-ricerca] [part~=error]').isVisible(), false);
  await assertClean(p, { allow: [/ERR_CONNECTION_FAILED|Failed to load resource/] });
});

test('wasm served with a wrong MIME type still loads (arrayBuffer fallback)', async () => {
  const seen = [];
  const p = await ctx.open('', {
    before: (pg) =>
      pg.route('**/*.wasm', async (route) => {
        const r = await route.fetch();
        seen.push(r.headers()['content-type']);
        await route.fulfill({ response: r, headers: { ...r.headers(), 'content-type': 'application/octet-stream' } });
      }),
  });
  await settle(() => w.status(p), countText(data.records.length), 'results');
  assert.deepEqual(seen, ['application/wasm'], 'the real server sends application/wasm; the test rewrote it');
  // The loader chose the bytes path itself: no failed streaming attempt was logged.
  assert.deepEqual(p.messages.filter((m) => /instantiateStreaming|MIME/i.test(m)), []);
  await assertClean(p);
});
