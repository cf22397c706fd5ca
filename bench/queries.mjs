// Step 2: the query list of each size, generated (never hand-picked) from the
// size's own records with a fixed seed, written to bench/out/queries-<size>.json.
//
//   node bench/queries.mjs 1k 10k ...
//
// Categories (counts per size; fewer if the slice has too few candidates):
//   exact    8  a record's full name as stored
//   prefix   8  the first 3–5 letters of a word (≥ that long) of a name
//   typo    15  a name of 1–6 words with one word of ≥ 5 letters changed by one
//              random edit (insert / delete / substitute / transpose at a random
//              position); the record's name is unique in the slice, and its id is
//              kept: found@5 asks whether that record is in the top 5
//   accent   6  a name with accents, written without them (NFD, marks removed);
//              unique names, id kept (found@5 reported too)
//   two      8  two consecutive words (≥ 3 letters each) of a name
//   filter   8  one word of a name (≥ 4 letters), with that record's country
//              (even draws) or one of its sectors (odd draws) as a filter
//   browse   6  empty query with filters taken from one record: country, sector,
//              or country + sector in turn
// Cold classes (index format 4's worst cases; each measured cold, on a fresh
// page, besides the five cold queries below; they take part in the warm passes):
//   first    4  a unique name of 1–6 words whose longest word (≥ 5 letters) gets one
//              edit at its first letter (id kept: found@5)
//   twoedit  4  a unique name whose longest word (≥ 8 letters) gets two edits after
//              its first letter (id kept: found@5)
//   nomatch  4  6–11 random letters
import fs from 'node:fs';
import path from 'node:path';
import { OUT, QUERY_SEED, WORK, fnv1a, log, prng, readJsonl, sha256, writeJson } from './lib/common.mjs';

export const COUNTS = { exact: 8, prefix: 8, typo: 15, accent: 6, two: 8, filter: 8, browse: 6, first: 4, twoedit: 4, nomatch: 4 };
/** The cold classes: every query of these is also measured cold on a fresh page. */
export const COLD_CLASSES = ['first', 'twoedit', 'nomatch'];
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz';
const TRIES = 20000;

const strip = (s) => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
const key = (s) => strip(s).toLowerCase().replace(/\s+/g, ' ').trim();
const words = (name) => name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
const isLetters = (w) => /^\p{L}+$/u.test(w);

// One random edit of word w (code points), never a no-op; at position `at` if
// given (else anywhere).
function typo(w, rand, at) {
  const cs = Array.from(w);
  const pos = (n) => (at == null ? rand.int(n) : Math.min(at, n - 1));
  for (;;) {
    const op = rand.pick(['insert', 'delete', 'substitute', 'transpose']);
    const out = [...cs];
    if (op === 'insert') out.splice(pos(cs.length + 1), 0, rand.pick(ALPHABET));
    else if (op === 'delete') out.splice(pos(cs.length), 1);
    else if (op === 'substitute') {
      const i = pos(cs.length);
      const c = rand.pick(ALPHABET);
      if (key(cs[i]) === c) continue;
      out[i] = c;
    } else {
      const i = pos(cs.length - 1);
      if (key(cs[i]) === key(cs[i + 1])) continue;
      [out[i], out[i + 1]] = [out[i + 1], out[i]];
    }
    const t = out.join('');
    if (key(t) !== key(w)) return { word: t, op };
  }
}

// A unique name of 1–6 words whose longest word (≥ min letters) is replaced by
// edit(word); null when the record does not qualify.
function editedName(r, unique, min, edit) {
  const ws = words(r.name);
  if (!unique(r) || ws.length > 6) return null;
  const long = ws.filter((w) => isLetters(w)).sort((a, b) => b.length - a.length)[0];
  if (!long || Array.from(long).length < min) return null;
  const t = edit(long);
  const at = r.name.indexOf(long);
  return { q: r.name.slice(0, at) + t + r.name.slice(at + long.length), intended: r.id, edit: `in ${long}` };
}

export function generate(size, lines) {
  const rand = prng((QUERY_SEED ^ fnv1a(size)) >>> 0);
  const records = lines.filter((l) => l.type !== 'sector');
  const nameCount = new Map();
  for (const r of records) nameCount.set(key(r.name), (nameCount.get(key(r.name)) || 0) + 1);
  const unique = (r) => nameCount.get(key(r.name)) === 1;
  const seen = new Set();
  const queries = [];
  const add = (q) => {
    const k = JSON.stringify([q.q, q.filters]);
    if (seen.has(k)) return false;
    seen.add(k);
    queries.push(q);
    return true;
  };
  // Draws records until `make` produced `count` queries (or TRIES ran out).
  const draw = (cat, make) => {
    let made = 0;
    for (let t = 0; t < TRIES && made < COUNTS[cat]; t++) {
      const r = rand.pick(records);
      const q = make(r, made);
      if (q && add({ cat, ...q, filters: q.filters || {} })) made++;
    }
  };

  draw('exact', (r) => ({ q: r.name, intended: unique(r) ? r.id : undefined }));
  draw('prefix', (r) => {
    const len = 3 + rand.int(3);
    const ws = words(r.name).filter((w) => isLetters(w) && Array.from(w).length >= len);
    if (!ws.length) return null;
    return { q: Array.from(rand.pick(ws)).slice(0, len).join('') };
  });
  draw('typo', (r) => {
    const ws = words(r.name);
    if (!unique(r) || ws.length > 6) return null;
    const long = ws.filter((w) => isLetters(w) && Array.from(w).length >= 5);
    if (!long.length) return null;
    const w = rand.pick(long);
    const t = typo(w, rand);
    // Replace that word (its first occurrence) in the name as written.
    const at = r.name.indexOf(w);
    return { q: r.name.slice(0, at) + t.word + r.name.slice(at + w.length), intended: r.id, edit: `${t.op} in ${w}` };
  });
  draw('accent', (r) => {
    if (!unique(r) || strip(r.name) === r.name) return null;
    return { q: strip(r.name), intended: r.id };
  });
  draw('two', (r) => {
    const ws = words(r.name);
    const pairs = [];
    for (let i = 0; i + 1 < ws.length; i++) if (ws[i].length >= 3 && ws[i + 1].length >= 3) pairs.push(ws[i] + ' ' + ws[i + 1]);
    return pairs.length ? { q: rand.pick(pairs) } : null;
  });
  draw('filter', (r, i) => {
    const ws = words(r.name).filter((w) => isLetters(w) && Array.from(w).length >= 4);
    if (!ws.length) return null;
    const filters = i % 2 === 0 ? { country: [rand.pick(r.country)] } : { sector: [rand.pick(r.sectors)] };
    return { q: rand.pick(ws), filters };
  });
  draw('browse', (r, i) => {
    const c = { country: [rand.pick(r.country)] };
    const s = { sector: [rand.pick(r.sectors)] };
    return { q: '', filters: [c, s, { ...c, ...s }][i % 3] };
  });

  // The cold classes (drawn last, so that the categories above stay as they were).
  draw('first', (r) => editedName(r, unique, 5, (w) => typo(w, rand, 0).word));
  draw('twoedit', (r) =>
    editedName(r, unique, 8, (w) => {
      const once = typo(w, rand, 1 + rand.int(Array.from(w).length - 2)).word;
      return typo(once, rand, 1 + rand.int(Array.from(once).length - 2)).word;
    })
  );
  draw('nomatch', () => ({ q: Array.from({ length: 6 + rand.int(6) }, () => rand.pick(ALPHABET)).join('') }));
  for (const q of queries) if (COLD_CLASSES.includes(q.cat)) q.coldClass = true;

  // One cold (first) query per engine run: the first of five categories.
  for (const cat of ['exact', 'prefix', 'typo', 'two', 'filter']) {
    const q = queries.find((x) => x.cat === cat);
    if (q) q.cold = true;
  }
  return queries;
}

const sizes = process.argv.slice(2);
for (const size of sizes) {
  const file = path.join(WORK, size, 'ricerca.jsonl');
  const lines = readJsonl(file);
  const queries = generate(size, lines);
  const byCat = {};
  for (const q of queries) byCat[q.cat] = (byCat[q.cat] || 0) + 1;
  writeJson(path.join(OUT, `queries-${size}.json`), {
    size,
    seed: `0x${((QUERY_SEED ^ fnv1a(size)) >>> 0).toString(16)}`,
    source: { file: path.relative(path.resolve(WORK, '..'), file), sha256: sha256(fs.readFileSync(file)).slice(0, 16) },
    counts: byCat,
    queries,
  });
  // The same list as TSV (kind, query, facet=value;…) for the native bench (bench/rust/search.rs).
  const clean = (s) => s.replace(/[\t\n\r]/g, ' ');
  fs.writeFileSync(
    path.join(OUT, `queries-${size}.tsv`),
    queries.map((q) => [q.cat, clean(q.q), Object.entries(q.filters).flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`)).join(';')].join('\t')).join('\n') + '\n'
  );
  log(`${size}: ${queries.length} queries ${JSON.stringify(byCat)}`);
}
