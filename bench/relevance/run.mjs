// The relevance harness (`make relevance`): the judged set (judgments.tsv) on ricerca, on
// MiniSearch 7.2 and on Pagefind 1.6 (in headless Chromium) over the same records (nDCG@10,
// MRR, success@3, overall and per class), and a known-item run on the shared ROR dump
// (success@1/@5; MiniSearch there only with --ror-minisearch). Tables on stdout; figures in
// bench/out/relevance.json.
//   node bench/relevance/run.mjs [--set judgments|dev] [--judged-only] [--ror N] [--ror-minisearch]
//                                [--no-pagefind] [--misses] [--ror-only]
// --set dev runs the development set (dev.tsv, the queries the engine is tuned on) instead of
// the held-out judged set, and skips the ROR run; --misses lists each query whose first grade-3
// record is not in ricerca's top 3, with ricerca's top 5.
// Environment: RICERCA_BIN (target/release/ricerca), RELEVANCE_WORK (target/relevance).
import fs from 'node:fs';
import path from 'node:path';
import { BIN, OUT, ROOT, readJsonl, writeJson } from '../lib/common.mjs';
import { minisearch, tomlLines } from './minisearch.mjs';
import { pagefind } from './pagefind.mjs';
import { allIds, buildIndex, cli, ricerca } from './ricerca.mjs';
import { checkIds, judgedRun, readJudgments } from './metrics.mjs';
import { KINDS, knownItem, markShared, rorQueries } from './ror.mjs';
import { judgedTable, missTable, rorTable } from './report.mjs';

const HERE = path.join(ROOT, 'bench', 'relevance');
const WORK = process.env.RELEVANCE_WORK || path.join(ROOT, 'target', 'relevance');
const ROR_DUMP = path.resolve(ROOT, '..', 'shared', 'corpora', 'ror-v2.json.gz');
const args = process.argv.slice(2);
const rorCount = args.includes('--ror') ? Number(args[args.indexOf('--ror') + 1]) : 400;
// MiniSearch's fuzzy search takes ~150 ms a query on the 35k ROR records (~4 min for the run):
// opt-in with --ror-minisearch.
const rorMiniSearch = args.includes('--ror-minisearch');
const set = args.includes('--set') ? args[args.indexOf('--set') + 1] : 'judgments';
if (!['judgments', 'dev'].includes(set)) throw new Error(`--set ${set}: expected judgments or dev`);

// Pagefind's answers (async, in Chromium) gathered first, then scored like the others.
async function pagefindRun(judgments, lines) {
  const pf = await pagefind(lines, WORK);
  if (!pf) return null;
  try {
    const ids = [];
    for (const j of judgments) ids.push(await pf.search(j.query, j.filters, 10));
    let i = 0;
    return judgedRun(judgments, () => ids[i++]);
  } finally {
    await pf.close();
  }
}

async function judged() {
  const file = `${set}.tsv`;
  const judgments = readJudgments(path.join(HERE, file));
  const index = buildIndex(BIN, [path.join(ROOT, 'data')], path.join(WORK, 'data', 'index.bin'));
  checkIds(judgments, allIds(BIN, index));
  const lines = tomlLines(path.join(ROOT, 'data'));
  const engines = {
    ricerca: judgedRun(judgments, ricerca(BIN, index)),
    'MiniSearch 7.2.0': judgedRun(judgments, minisearch(lines)),
  };
  if (!args.includes('--no-pagefind')) {
    const pf = await pagefindRun(judgments, lines);
    if (pf) engines['Pagefind 1.6.0'] = pf;
  }
  console.log(judgedTable(judgments, engines, `bench/relevance/${file}`));
  if (args.includes('--misses')) console.log(missTable(judgments, engines.ricerca));
  return engines;
}

function ror() {
  const jsonl = path.join(WORK, 'ror.jsonl');
  fs.mkdirSync(WORK, { recursive: true });
  cli(BIN, ['import', 'ror', ROR_DUMP, '-o', jsonl]);
  const index = buildIndex(BIN, [jsonl], path.join(WORK, 'ror', 'index.bin'));
  const lines = readJsonl(jsonl);
  const { orgs, queries } = rorQueries(ROR_DUMP, new Set(lines.map((l) => l.id)), rorCount);
  markShared(queries, lines);
  const engines = { ricerca: knownItem(queries, ricerca(BIN, index)) };
  if (rorMiniSearch) engines['MiniSearch 7.2.0'] = knownItem(queries, minisearch(lines));
  console.log(rorTable(orgs, rorCount, queries.length, KINDS, engines));
  const summary = Object.fromEntries(Object.entries(engines).map(([n, e]) => [n, e.res]));
  const misses = Object.fromEntries(Object.entries(engines).map(([n, e]) => [n, e.misses]));
  return { orgs, sampled: rorCount, queries: queries.length, summary, missesAt5: misses };
}

const t0 = Date.now();
// --ror-only: the known items alone (a regression check while tuning on the dev set).
const result = args.includes('--ror-only') ? {} : { judged: await judged() };
const wantRor = !args.includes('--judged-only') && (set === 'judgments' || args.includes('--ror-only'));
if (wantRor && fs.existsSync(ROR_DUMP)) result.ror = ror();
else if (wantRor) console.error(`relevance: ROR known items skipped (${ROR_DUMP} missing)`);
const outName = args.includes('--ror-only') ? 'relevance-ror.json' : set === 'dev' ? 'relevance-dev.json' : 'relevance.json';
writeJson(path.join(OUT, outName), result);
console.log(`\n(${((Date.now() - t0) / 1000).toFixed(1)} s; per-query results in ${path.relative(ROOT, OUT)}/${outName})`);
