// The judged set (judgments.tsv) and the three measures: nDCG@10, MRR, success@3.
// Grades: 3 = the wanted record, 2 = highly relevant, 1 = related, 0 = not (see the file's header).
import fs from 'node:fs';

export const CUTOFF = 10;

// Parses judgments.tsv into [{qid, cls, query, filters: {facet: [values]}, grades: Map(id -> grade)}].
// Throws with the line number on a malformed line.
export function readJudgments(file) {
  const out = [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, i) => {
    if (!line.trim() || line.startsWith('#') || line.startsWith('qid\t')) return;
    const cols = line.split('\t');
    const where = `${file}:${i + 1}`;
    if (cols.length !== 5) throw new Error(`${where}: expected 5 tab-separated columns, found ${cols.length}`);
    const [qid, cls, query, filterText, judged] = cols;
    const filters = {};
    for (const f of filterText.split(',').filter(Boolean)) {
      const [k, v] = f.split('=');
      if (!k || !v) throw new Error(`${where}: filter "${f}": expected key=value`);
      (filters[k] ||= []).push(v);
    }
    const grades = new Map();
    for (const j of judged.split(' ').filter(Boolean)) {
      const m = /^([^:]+):([0-3])$/.exec(j);
      if (!m) throw new Error(`${where}: judgment "${j}": expected record_id:grade with grade 0-3`);
      grades.set(m[1], Number(m[2]));
    }
    out.push({ qid, cls, query, filters, grades });
  });
  return out;
}

const gain = (g) => 2 ** g - 1;
const dcg = (grades) => grades.slice(0, CUTOFF).reduce((s, g, i) => s + gain(g) / Math.log2(i + 2), 0);

// The measures of one ranked id list against one judged query.
export function score(judged, ids) {
  const got = ids.map((id) => judged.grades.get(id) || 0);
  const ideal = [...judged.grades.values()].sort((a, b) => b - a);
  const firstWanted = got.slice(0, CUTOFF).indexOf(3);
  return {
    ndcg: dcg(ideal) ? dcg(got) / dcg(ideal) : 0,
    rr: firstWanted < 0 ? 0 : 1 / (firstWanted + 1),
    s3: firstWanted >= 0 && firstWanted < 3 ? 1 : 0,
  };
}

// Means over a list of scores: {n, ndcg, mrr, s3 (count)}.
export function summarize(scores) {
  const n = scores.length;
  const sum = (k) => scores.reduce((s, x) => s + x[k], 0);
  return { n, ndcg: n ? sum('ndcg') / n : 0, mrr: n ? sum('rr') / n : 0, s3: sum('s3') };
}

// Overall and per-class summaries: {all: summary, classes: {cls: summary}}.
export function byClass(judgments, scores) {
  const classes = {};
  for (const cls of [...new Set(judgments.map((j) => j.cls))])
    classes[cls] = summarize(scores.filter((_, i) => judgments[i].cls === cls));
  return { all: summarize(scores), classes };
}

// Every judged query on one engine (search(query, filters, limit) -> ids): the summaries and
// one row per query {qid, ids, ndcg, rr, s3}.
export function judgedRun(judgments, search) {
  const rows = judgments.map((j) => ({ j, ids: search(j.query, j.filters, CUTOFF) }));
  const scores = rows.map(({ j, ids }) => score(j, ids));
  return { ...byClass(judgments, scores), rows: rows.map(({ j, ids }, i) => ({ qid: j.qid, ids, ...scores[i] })) };
}

// Throws when a judgment names a record the data does not have (a renamed or removed record
// would otherwise silently count as a miss).
export function checkIds(judgments, ids) {
  const unknown = judgments.flatMap((j) => [...j.grades.keys()].filter((id) => !ids.has(id)).map((id) => `${j.qid}: ${id}`));
  if (unknown.length) throw new Error(`judgments name records that are not in the data: ${unknown.join(', ')}`);
}
