// Unit tests of the relevance measures (node --test bench/relevance/), exact values.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { byClass, checkIds, readJudgments, score } from './metrics.mjs';

const judged = { grades: new Map([['a', 3], ['b', 2], ['c', 1]]) };

test('perfect order scores 1 on every measure', () => {
  assert.deepEqual(score(judged, ['a', 'b', 'c']), { ndcg: 1, rr: 1, s3: 1 });
});

test('wanted record third: MRR 1/3, success@3, nDCG from gains 2^g-1 over log2(rank+1)', () => {
  const s = score(judged, ['x', 'b', 'a']);
  const dcg = 3 / Math.log2(3) + 7 / Math.log2(4);
  const ideal = 7 + 3 / Math.log2(3) + 1 / Math.log2(4);
  assert.equal(s.rr, 1 / 3);
  assert.equal(s.s3, 1);
  assert.equal(s.ndcg, dcg / ideal);
});

test('wanted record fourth: no success@3; beyond 10: MRR 0', () => {
  assert.equal(score(judged, ['x', 'y', 'z', 'a']).s3, 0);
  assert.equal(score(judged, [...'0123456789'.split(''), 'a']).rr, 0);
});

test('per-class means and success counts', () => {
  const js = [{ cls: 'p' }, { cls: 'p' }, { cls: 'q' }];
  const r = byClass(js, [{ ndcg: 1, rr: 1, s3: 1 }, { ndcg: 0.5, rr: 0, s3: 0 }, { ndcg: 0, rr: 0.5, s3: 1 }]);
  assert.deepEqual(r.classes.p, { n: 2, ndcg: 0.75, mrr: 0.5, s3: 1 });
  assert.deepEqual(r.all, { n: 3, ndcg: 0.5, mrr: 0.5, s3: 2 });
});

test('judgments file: filters, grades; a malformed grade names its line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'judged-'));
  const f = path.join(dir, 'j.tsv');
  fs.writeFileSync(f, '# c\nqid\tclass\tquery\tfilters\tjudgments\nq1\trole\tuni\tcountry=KR,country=JP\ta:3 b:1\n');
  const [j] = readJudgments(f);
  assert.deepEqual(j.filters, { country: ['KR', 'JP'] });
  assert.deepEqual([...j.grades], [['a', 3], ['b', 1]]);
  fs.appendFileSync(f, 'q2\trole\tx\t\ta:4\n');
  assert.throws(() => readJudgments(f), /j\.tsv:4: judgment "a:4"/);
  assert.throws(() => checkIds([j], new Set(['a'])), /q1: b/);
});
