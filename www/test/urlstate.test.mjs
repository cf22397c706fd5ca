// Unit tests of www/src/js/urlstate.js (node:test; pure module).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownsKey, readState, writeState } from '../src/js/urlstate.js';

const ALL = ['region', 'country', 'sector', 'kind'];

test('reads the query and repeated or comma-separated filters, trimmed and unique', () => {
  const s = readState('?rq=cell+factory&rf_region=IT-25&rf_region=IT-75,%20IT-25&rf_kind=partner&x=1', 'r', ALL);
  assert.deepEqual(s, { q: 'cell factory', f: { region: ['IT-25', 'IT-75'], country: [], sector: [], kind: ['partner'] } });
});

test('ignores other prefixes and facets the widget does not show', () => {
  const s = readState('?r2q=a&rf_country=CH&rq=b', 'r', ['region']);
  assert.deepEqual(s, { q: 'b', f: { region: [], country: [], sector: [], kind: [] } });
});

test('writes its own parameters, keeping the others exactly (encoding and order)', () => {
  const f = { region: ['IT-25'], country: [], sector: ['bio tech'], kind: [] };
  assert.equal(writeState('?a=%7E1&rq=old&b=x+y&rf_region=IT-75', 'r', ALL, { q: 'città & co', f }), '?a=%7E1&b=x+y&rq=citt%C3%A0+%26+co&rf_region=IT-25&rf_sector=bio+tech');
});

test('an empty state removes every own parameter; nothing left gives ""', () => {
  const f = { region: [], country: [], sector: [], kind: [] };
  assert.equal(writeState('?rq=a&rf_kind=partner', 'r', ALL, { q: '', f }), '');
  assert.equal(writeState('?r2q=a', 'r', ALL, { q: '', f }), '?r2q=a');
});

test('round trip: what is written reads back the same', () => {
  const state = { q: 'a+b =c', f: { region: ['IT-25', 'IT-75'], country: ['CH'], sector: [], kind: ['initiative'] } };
  assert.deepEqual(readState(writeState('', 'r2', ALL, state), 'r2', ALL), state);
});

test('parameter ownership is by exact name', () => {
  assert.equal(ownsKey('r', 'rq'), true);
  assert.equal(ownsKey('r', 'rf_sector'), true);
  assert.equal(ownsKey('r', 'r2q'), false);
  assert.equal(ownsKey('r', 'rf_city'), false);
});
