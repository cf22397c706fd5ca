// Unit tests of www/src/js/facets.js (node:test; pure module).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FACET_LIMIT, facetValues, visibleValues } from '../src/js/facets.js';

const coll = new Intl.Collator('it');
const raw = (pairs) => pairs.map(([value, count, label]) => ({ value, count, label: label || value }));

test('by count, then label; values without a count dropped unless selected', () => {
  const vals = facetValues(raw([['b', 2], ['a', 2], ['c', 5], ['z', 0]]), [], (v) => v, coll);
  assert.deepEqual(vals.map((v) => v.value), ['c', 'a', 'b']);
});

test('a ticked value keeps its place (no jump to the top); a selected value gone from the answer is added with count 0', () => {
  const vals = facetValues(raw([['c', 5], ['a', 3], ['b', 1]]), ['b', 'gone'], (v) => 'L:' + v, coll);
  assert.deepEqual(
    vals.map((v) => [v.value, v.label, v.count, v.on]),
    [['c', 'c', 5, false], ['a', 'a', 3, false], ['b', 'b', 1, true], ['gone', 'L:gone', 0, true]]
  );
});

test('labels order ties the language way (accents)', () => {
  const vals = facetValues(raw([['x', 1, 'Zurigo'], ['y', 1, 'Èze'], ['z', 1, 'Ancona']]), [], (v) => v, coll);
  assert.deepEqual(vals.map((v) => v.label), ['Ancona', 'Èze', 'Zurigo']);
});

test('folded: the first FACET_LIMIT plus selected values further down, in place; open: all', () => {
  const many = facetValues(raw(Array.from({ length: 15 }, (_, i) => ['v' + i, 100 - i])), ['v13'], (v) => v, coll);
  const shown = visibleValues(many, false);
  assert.equal(shown.length, FACET_LIMIT + 1);
  assert.deepEqual(shown.slice(-2).map((v) => v.value), ['v9', 'v13']);
  assert.equal(visibleValues(many, true).length, 15);
});

test('a frozen rank keeps known values in place whatever their counts; new values follow by count', () => {
  const rank = new Map([['a', 0], ['b', 1], ['c', 2]]);
  const vals = facetValues(raw([['c', 9], ['a', 1], ['d', 4], ['b', 5], ['e', 6]]), [], (v) => v, coll, rank);
  assert.deepEqual(vals.map((v) => v.value), ['a', 'b', 'c', 'e', 'd']);
});

test('a frozen panel keeps showing its values at count 0 and hides newcomers unless open', () => {
  const rank = new Map([['a', 0], ['b', 1]]);
  const vals = facetValues(raw([['b', 5], ['n', 9]]), [], (v) => 'L:' + v, coll, rank);
  assert.deepEqual(vals.map((v) => [v.value, v.label, v.count]), [['a', 'L:a', 0], ['b', 'b', 5], ['n', 'n', 9]]);
  assert.deepEqual(visibleValues(vals, false, rank).map((v) => v.value), ['a', 'b']);
  assert.deepEqual(visibleValues(vals, true, rank).map((v) => v.value), ['a', 'b', 'n']);
});

