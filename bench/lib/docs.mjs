// The competitors' documents, made from ricerca's converted JSONL so that every
// engine indexes the same records with the same facet values (ISO country and
// region codes, sector ids) and the same searchable text: name (+ English name),
// aliases, city, the labels of the record's country/region/sectors (Italian and
// English, plus sector synonyms, as ricerca's builder adds them), the names of
// linked records, and the summary.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './common.mjs';

export function geoLabels() {
  const m = new Map();
  for (const l of fs.readFileSync(path.join(ROOT, 'data', 'geo', 'iso3166.tsv'), 'utf8').split('\n')) {
    if (!l || l.startsWith('#') || l.startsWith('code\t')) continue;
    const [code, , , en, it] = l.split('\t');
    m.set(code, [it, en]);
  }
  return m;
}

export function makeDocs(lines) {
  const geo = geoLabels();
  const sectors = new Map();
  const records = [];
  for (const l of lines) {
    if (l.type === 'sector') sectors.set(l.id, l);
    else records.push(l);
  }
  const byId = new Map(records.map((r) => [r.id, r]));
  const related = new Map();
  for (const r of records)
    for (const p of r.partners || []) {
      (related.get(r.id) || related.set(r.id, []).get(r.id)).push(p);
      (related.get(p) || related.set(p, []).get(p)).push(r.id);
    }
  const uniq = (a) => [...new Set(a.filter(Boolean))];
  return records.map((r) => {
    const country = r.country || [];
    const region = r.region || [];
    const sector = r.sectors || [];
    const labels = [];
    for (const c of [...region, ...country]) labels.push(...(geo.get(c) || []));
    for (const s of sector) {
      const v = sectors.get(s);
      if (v) labels.push(v.it, v.en, ...(v.synonyms || []));
    }
    return {
      id: r.id,
      name: r.name,
      name_en: r.name_en || '',
      aliases: (r.aliases || []).join(' · '),
      city: r.city || '',
      context: uniq([...labels, ...(related.get(r.id) || []).map((id) => byId.get(id)?.name)]).join(' · '),
      summary: r.summary || '',
      country,
      region,
      sector,
    };
  });
}
