// The harness's tables (markdown, printed by run.mjs and quoted in BENCHMARKS.md).

const f3 = (x) => x.toFixed(3);
const pct = (a, n) => (n ? `${((100 * a) / n).toFixed(1)} %` : '–');
const row = (cells) => `| ${cells.join(' | ')} |`;

// Judged set: one row per engine overall, then nDCG@10 / MRR / success@3 per class.
export function judgedTable(judgments, engines, file = 'bench/relevance/judgments.tsv') {
  const names = Object.keys(engines);
  const classes = Object.keys(engines[names[0]].classes);
  const out = [
    `Judged set: ${judgments.length} queries (${file}) on data/`,
    '',
    row(['engine', 'nDCG@10', 'MRR', 'success@3']),
    row(['---', '---:', '---:', '---:']),
  ];
  for (const n of names) {
    const a = engines[n].all;
    out.push(row([n, f3(a.ndcg), f3(a.mrr), `${a.s3} / ${a.n} (${pct(a.s3, a.n)})`]));
  }
  out.push('', 'Per class (nDCG@10 / MRR / success@3):', '');
  out.push(row(['class', 'queries', ...names]), row(['---', '---:', ...names.map(() => '---:')]));
  for (const c of classes) {
    const cells = names.map((n) => {
      const s = engines[n].classes[c];
      return `${f3(s.ndcg)} / ${f3(s.mrr)} / ${s.s3}`;
    });
    out.push(row([c, engines[names[0]].classes[c].n, ...cells]));
  }
  return out.join('\n');
}

// The queries whose wanted (grade-3) record is not in the engine's top 3: qid, class, query,
// rank of the first wanted record (– beyond 10), the engine's top 5 with their grades.
export function missTable(judgments, engine) {
  const out = ['', 'Wanted record not in the top 3:', '', row(['qid', 'class', 'query', 'rank', 'top 5 (grade)'])];
  out.push(row(['---', '---', '---', '---:', '---']));
  engine.rows.forEach((r, i) => {
    const j = judgments[i];
    const first = r.ids.findIndex((id) => j.grades.get(id) === 3);
    if (first >= 0 && first < 3) return;
    const top = r.ids.slice(0, 5).map((id) => `${id} (${j.grades.get(id) || 0})`).join(', ');
    out.push(row([j.qid, j.cls, j.query, first < 0 ? '–' : first + 1, top]));
  });
  return out.join('\n');
}

// ROR known items: success@1 / success@5 per query kind and overall, per engine.
// `shared`: queries whose whole text also names another record.
export function rorTable(orgs, sampled, nQueries, kinds, engines) {
  const names = Object.keys(engines);
  const out = [
    '',
    `ROR known items: ${sampled} of ${orgs} imported organisations (../shared/corpora/ror-v2.json.gz, fixed seed), ${nQueries} queries`,
    '',
    row(['query kind', 'queries', 'text shared by another record', ...names.map((n) => `${n} s@1 / s@5`)]),
    row(['---', '---:', '---:', ...names.map(() => '---:')]),
  ];
  for (const k of [...kinds, 'all']) {
    const n = engines[names[0]].res[k].n;
    const cells = names.map((e) => {
      const r = engines[e].res[k];
      return `${pct(r.s1, r.n)} / ${pct(r.s5, r.n)}`;
    });
    const shared = engines[names[0]].res[k].shared;
    out.push(row([k === 'all' ? '**all**' : k, n, shared, ...cells]));
  }
  return out.join('\n');
}
