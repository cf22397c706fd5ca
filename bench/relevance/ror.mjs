// Known-item queries on the ROR v2 dump: organisations sampled with a fixed seed, each asked
// for the way a visitor would: its display name, an acronym, the name with one typo, a
// non-English label, the name plus its city. The wanted record is that organisation.
import fs from 'node:fs';
import zlib from 'node:zlib';
import { prng } from '../lib/common.mjs';

export const ROR_SEED = 0x0de1ce5;
export const KINDS = ['exact name', 'acronym', 'one-edit typo', 'non-English label', 'name + city'];

const idOf = (rorUrl) => 'ror-' + rorUrl.split('/').pop();
const fold = (t) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// One edit (substitution, deletion or insertion of a letter) in the name's longest word of
// at least 5 letters, anywhere in the word; null when the name has no such word.
function typo(name, rand) {
  const words = name.split(/\s+/);
  let w = -1;
  words.forEach((x, i) => {
    if (/^\p{L}{5,}$/u.test(x) && (w < 0 || x.length > words[w].length)) w = i;
  });
  if (w < 0) return null;
  const s = words[w];
  const at = rand.int(s.length);
  const letter = 'abcdefghijklmnopqrstuvwxyz'[rand.int(26)];
  const op = rand.int(3);
  let t;
  if (op === 0) t = s.slice(0, at) + (letter === s[at].toLowerCase() ? 'q' : letter) + s.slice(at + 1);
  else if (op === 1) t = s.slice(0, at) + s.slice(at + 1);
  else t = s.slice(0, at) + letter + s.slice(at);
  words[w] = t;
  return words.join(' ');
}

// The queries of one organisation, one per kind that applies: [{kind, query, id}].
function queriesOf(org, rand) {
  const id = idOf(org.id);
  const display = org.names.find((n) => n.types.includes('ror_display'))?.value;
  if (!display) return [];
  const acronym = org.names.find((n) => n.types.includes('acronym'))?.value;
  const label = org.names.find(
    (n) => n.types.includes('label') && n.lang && n.lang !== 'en' && fold(n.value) !== fold(display),
  )?.value;
  const city = org.locations?.[0]?.geonames_details?.name;
  const q = [
    ['exact name', display],
    ['acronym', acronym],
    ['one-edit typo', typo(display, rand)],
    ['non-English label', label],
    ['name + city', city && !fold(display).includes(fold(city)) ? `${display} ${city}` : null],
  ];
  return q.filter(([, query]) => query).map(([kind, query]) => ({ kind, query, id }));
}

// Samples `count` organisations of the dump that the import kept (ids in `imported`).
export function rorQueries(dumpGz, imported, count) {
  const orgs = JSON.parse(zlib.gunzipSync(fs.readFileSync(dumpGz)).toString('utf8'));
  const kept = orgs.filter((o) => imported.has(idOf(o.id)));
  const rand = prng(ROR_SEED);
  for (let i = kept.length - 1; i > 0; i--) {
    const j = rand.int(i + 1);
    [kept[i], kept[j]] = [kept[j], kept[i]];
  }
  return { orgs: kept.length, queries: kept.slice(0, count).flatMap((o) => queriesOf(o, rand)) };
}

// Marks the queries whose whole text is also the name, English name or an alias of another
// record (q.shared = true): no engine can know which of them the visitor meant.
export function markShared(queries, lines) {
  const owners = new Map();
  for (const r of lines) {
    if (r.type === 'sector') continue;
    for (const n of [r.name, r.name_en, ...(r.aliases || [])].filter(Boolean)) {
      const k = fold(n);
      (owners.get(k) || owners.set(k, new Set()).get(k)).add(r.id);
    }
  }
  for (const q of queries) q.shared = [...(owners.get(fold(q.query)) || [])].some((id) => id !== q.id);
  return queries;
}

// success@1 and @5 per kind and overall: {kind: {n, s1, s5}}.
export function knownItem(queries, search) {
  const res = { all: { n: 0, s1: 0, s5: 0, shared: 0 } };
  for (const k of KINDS) res[k] = { n: 0, s1: 0, s5: 0, shared: 0 };
  const misses = [];
  for (const q of queries) {
    const rank = search(q.query, {}, 5).indexOf(q.id);
    for (const r of [res[q.kind], res.all]) {
      r.n++;
      if (q.shared) r.shared++;
      if (rank === 0) r.s1++;
      if (rank >= 0) r.s5++;
    }
    if (rank < 0) misses.push(q);
  }
  return { res, misses };
}
