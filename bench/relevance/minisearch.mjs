// MiniSearch 7.2 in this Node process, built from the same records as bench/lib/docs.mjs
// makes them for the browser benchmark, with the benchmark's options plus accent folding.
import MiniSearch from 'minisearch';
import { makeDocs } from '../lib/docs.mjs';
import { OPTIONS } from '../lib/minisearch-options.mjs';
import { FACETS } from './ricerca.mjs';

export { tomlLines } from '../lib/toml-data.mjs';

// Accents folded and lower-cased, at index and query time (MiniSearch's default only lower-cases).
const fold = (t) => t.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

// MiniSearch over ricerca JSONL lines (prefix, fuzzy 0.2, name/alias boosts, accent folding);
// facet filters as a result filter. Returns a search function like ricerca()'s.
export function minisearch(lines) {
  const kinds = new Map(lines.filter((l) => l.type !== 'sector').map((r) => [r.id, r.kind]));
  const docs = makeDocs(lines).map((d) => ({ ...d, kind: [kinds.get(d.id)] }));
  const ms = new MiniSearch({ ...OPTIONS, storeFields: [...OPTIONS.storeFields, 'kind'], processTerm: fold });
  ms.addAll(docs);
  return (query, filters = {}, limit = 10) => {
    const keep = (r) => FACETS.every((f) => !filters[f] || r[f].some((v) => filters[f].includes(v)));
    return ms.search(query, { filter: keep }).slice(0, limit).map((r) => r.id);
  };
}
