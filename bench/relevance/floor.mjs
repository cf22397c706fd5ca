// The relevance floor (`make test-relevance`, part of `make test`): ricerca's nDCG@10 on the
// judged set (judgments.tsv over data/) must not drop more than `tolerance` below the committed
// value in floor.json. Prints the figures; exits 1 below the floor.
//   node bench/relevance/floor.mjs [--write]   (--write records the current value as the floor)
// Node's standard library only. Environment: RICERCA_BIN, RELEVANCE_WORK, RELEVANCE_FLOOR (the
// floor file; bench/relevance/floor.json).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkIds, judgedRun, readJudgments } from './metrics.mjs';
import { allIds, buildIndex, ricerca } from './ricerca.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const BIN = process.env.RICERCA_BIN || path.join(ROOT, 'target', 'release', 'ricerca');
const WORK = process.env.RELEVANCE_WORK || path.join(ROOT, 'target', 'relevance');
const FLOOR = process.env.RELEVANCE_FLOOR || path.join(HERE, 'floor.json');

const judgments = readJudgments(path.join(HERE, 'judgments.tsv'));
const index = buildIndex(BIN, [path.join(ROOT, 'data')], path.join(WORK, 'floor', 'index.bin'));
checkIds(judgments, allIds(BIN, index));
const { all } = judgedRun(judgments, ricerca(BIN, index));
const ndcg = Number(all.ndcg.toFixed(3));
const now = `nDCG@10 ${ndcg.toFixed(3)}, MRR ${all.mrr.toFixed(3)}, success@3 ${all.s3}/${all.n}`;

if (process.argv.includes('--write')) {
  const floor = { ndcg10: ndcg, tolerance: 0.02, queries: all.n, note: 'ricerca nDCG@10 on bench/relevance/judgments.tsv over data/; update with node bench/relevance/floor.mjs --write' };
  fs.writeFileSync(FLOOR, JSON.stringify(floor, null, 2) + '\n');
  console.log(`relevance floor written: ${now}`);
} else {
  const floor = JSON.parse(fs.readFileSync(FLOOR, 'utf8'));
  const min = floor.ndcg10 - floor.tolerance;
  if (ndcg < min - 1e-9) {
    console.error(`relevance floor FAILED: ${now}; committed ${floor.ndcg10.toFixed(3)}, at least ${min.toFixed(3)} required (bench/relevance/floor.json)`);
    process.exit(1);
  }
  console.log(`relevance floor ok: ${now} (committed ${floor.ndcg10.toFixed(3)}, floor ${min.toFixed(3)})`);
}
