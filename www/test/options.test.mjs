// Unit tests of www/src/js/options.js (node:test; pure module, no DOM).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { camel, facetList, parseOptions, uiLang } from '../src/js/options.js';

const opts = (attrs, ctx = {}) =>
  parseOptions((name) => (name in attrs ? attrs[name] : null), { lang: '', index: null, position: 0, loose: 1, ...ctx });

test('language: the option, else the page; English for any non-Italian tag, Italian when none', () => {
  assert.equal(opts({}).lang, 'it');
  assert.equal(opts({}, { lang: 'en-GB' }).lang, 'en');
  assert.equal(opts({ lang: 'it-CH' }, { lang: 'en' }).lang, 'it');
  assert.equal(opts({ lang: 'de' }).lang, 'en');
  assert.equal(uiLang('  EN '), 'en');
  assert.equal(uiLang(''), 'it');
});

test('facets: known names in the given order, duplicates and unknown names dropped; none with ""', () => {
  assert.deepEqual(opts({}).facets, ['region', 'country', 'sector', 'kind']);
  assert.deepEqual(opts({ facets: 'Kind, sector  kind,bogus' }).facets, ['kind', 'sector']);
  assert.deepEqual(opts({ facets: '' }).facets, []);
  assert.deepEqual(facetList(null), ['region', 'country', 'sector', 'kind']);
});

test('URL prefix: r, r2, r3 by page position; rxN outside the page; a given one cleaned', () => {
  assert.equal(opts({}, { position: 0 }).prefix, 'r');
  assert.equal(opts({}, { position: 2 }).prefix, 'r3');
  assert.equal(opts({}, { position: -1, loose: 4 }).prefix, 'rx4');
  assert.equal(opts({ 'url-prefix': 'a b&c=1' }).prefix, 'abc1');
});

test('per page clamped to 1..100, default 10', () => {
  assert.equal(opts({}).perPage, 10);
  assert.equal(opts({ 'per-page': '0' }).perPage, 10);
  assert.equal(opts({ 'per-page': '-5' }).perPage, 1);
  assert.equal(opts({ 'per-page': '250' }).perPage, 100);
  assert.equal(opts({ 'per-page': '7' }).perPage, 7);
});

test('URL state on unless off/false/no/0; prefetch a count, 0 when off, 8 by default', () => {
  assert.equal(opts({}).url, true);
  for (const v of ['off', 'FALSE', 'no', '0']) assert.equal(opts({ 'url-state': v }).url, false, v);
  assert.equal(opts({ 'url-state': 'on' }).url, true);
  assert.equal(opts({}).prefetch, 8);
  assert.equal(opts({ prefetch: ' 3 ' }).prefetch, 3);
  assert.equal(opts({ prefetch: 'off' }).prefetch, 0);
  assert.equal(opts({ prefetch: 'lots' }).prefetch, 8);
});

test('index and assets: the widget first, then the script tag; theme auto unless light or dark', () => {
  assert.equal(opts({}, { index: 'a.bin' }).index, 'a.bin');
  assert.equal(opts({ index: 'b.bin' }, { index: 'a.bin' }).index, 'b.bin');
  assert.equal(opts({}).index, null);
  assert.equal(opts({ assets: '/x/' }).assets, '/x/');
  assert.equal(opts({}).theme, 'auto');
  assert.equal(opts({ theme: 'Dark' }).theme, 'dark');
  assert.equal(opts({ theme: 'sepia' }).theme, 'auto');
});

test('camel: the mount() key of a dashed option', () => {
  assert.equal(camel('per-page'), 'perPage');
  assert.equal(camel('url-state'), 'urlState');
  assert.equal(camel('index'), 'index');
});
