// The floor check itself (node --test; needs target/release/ricerca): passes at the committed
// floor, fails with the figures when the floor is above what the engine reaches.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'node:test';
import { fileURLToPath } from 'node:url';

const FLOOR_JS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'floor.mjs');

function runWithFloor(ndcg10) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'floor-'));
  const file = path.join(dir, 'floor.json');
  fs.writeFileSync(file, JSON.stringify({ ndcg10, tolerance: 0.02 }));
  const env = { ...process.env, RELEVANCE_FLOOR: file, RELEVANCE_WORK: dir };
  return spawnSync(process.execPath, [FLOOR_JS], { env, encoding: 'utf8' });
}

test('a floor the engine reaches passes; one 0.02 above what it reaches fails, saying so', () => {
  const ok = runWithFloor(0);
  assert.equal(ok.status, 0, ok.stderr);
  const reached = Number(/nDCG@10 (\d\.\d{3})/.exec(ok.stdout)[1]);
  assert.equal(runWithFloor(reached + 0.02).status, 0, 'exactly the tolerance below passes');
  const bad = runWithFloor(reached + 0.03);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, new RegExp(`relevance floor FAILED: nDCG@10 ${reached.toFixed(3)}.*at least ${(reached + 0.01).toFixed(3)} required`));
});
