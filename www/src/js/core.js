// Searching one loaded index: the engine's options, the shard-fetch loop within the
// fetch budget, prefetching and facet-value queries. No DOM and no globals but
// `WebAssembly`: the widget's engine (engine.js) and the npm package's `load`
// (pkg/npm/ricerca/index.mjs, which ships this file) both run it.
import { FACETS, fold, str } from './util.js';

/** An Error with `code` (see strings.js `err`), `what` ('index' | 'engine') and, for HTTP, `status`. */
export const fail = (code, what, detail, status) => {
  const e = new Error('ricerca: ' + code + ' (' + what + '): ' + detail);
  e.code = code;
  e.what = what;
  if (status) e.status = status;
  return e;
};

/** A wasm trap (panic = abort, out of bounds, stack overflow): the instance is unusable. */
export const isTrap = (e) => e instanceof WebAssembly.RuntimeError || e instanceof RangeError;

/** An error the engine threw, as a `fail` error (code from the engine, else `corrupt`). */
export const fromEngine = (e) => fail(e && typeof e.code === 'string' ? e.code : 'corrupt', 'index', str((e && e.message) || e));

/** The engine options of search options: filters as arrays of strings, known keys only. */
const request = (o) => {
  const f = o.filters || {};
  const so = { filters: {} };
  for (const k of FACETS) if (Array.isArray(f[k]) && f[k].length) so.filters[k] = f[k].map(String);
  for (const k of ['limit', 'offset', 'facet_limit', 'fetch_budget', 'facet_query']) if (o[k] != null) so[k] = o[k];
  if (o.lang) so.lang = o.lang === 'en' ? 'en' : 'it';
  return so;
};

/**
 * One index in one engine instance (`raw`, a wasm-bindgen `Engine`). `read(name)`
 * resolves to the bytes of the shard file `name` (beside the root).
 */
export class Searcher {
  constructor(raw, read) {
    this.raw = raw;
    this.read = read;
    this.shards = new Map();
  }

  // Fetches and adds one shard file, once per name and instance.
  shard(name) {
    let p = this.shards.get(name);
    if (!p) {
      const raw = this.raw;
      p = this.read(name).then((b) => {
        if (raw !== this.raw) return; // the instance was replaced meanwhile
        try {
          raw.add_shard(name, b);
        } catch (e) {
          throw isTrap(e) ? e : fromEngine(e);
        }
      });
      this.shards.set(name, p);
      p.catch(() => this.shards.get(name) === p && this.shards.delete(name));
    }
    return p;
  }

  // One search, fetching shards as the engine names them. `onfetch()` is called when
  // the answer has to wait for index files.
  async attempt(q, so, onfetch) {
    const opts = Object.assign({}, so);
    for (let i = 0; ; i++) {
      try {
        return this.raw.search(q, opts);
      } catch (e) {
        if (isTrap(e) || !e || e.code !== 'missing-shards' || !Array.isArray(e.files) || i > 40) throw e; // the budget (32) ends it first
        if (onfetch) onfetch();
        await Promise.all(e.files.map((n) => this.shard(n)));
        // One query fetches at most the engine's budget; past it the answer is `partial`.
        const left = opts.fetch_budget == null ? this.raw.info().fetch_budget : opts.fetch_budget;
        opts.fetch_budget = Math.max(0, left - e.files.length);
      }
    }
  }

  // The search itself; the widget's engine adds recovery from traps and redeploys.
  recover(q, so, onfetch) {
    return this.attempt(q, so, onfetch);
  }

  /** Searches (see www/README.md). Resolves to the engine's answer with `query` as asked. */
  async search(query, opts) {
    const o = opts || {};
    const so = request(o);
    let res;
    try {
      res = await this.recover(fold(query), so, o.onfetch);
    } catch (e) {
      throw isTrap(e) ? fail('corrupt', 'index', e.message) : e.code && e.what ? e : fromEngine(e);
    }
    res.query = str(query); // the engine saw the folded text; answer with what was asked
    return res;
  }

  /**
   * The values of `facet` whose code or a word of whose label (Italian or English)
   * starts with `text`, counted for the search `query` + `opts` would make, found
   * among all its values (the engine's `facet_query` option): `{total, values}`,
   * at most `opts.limit` values.
   */
  async facetQuery(query, opts, facet, text) {
    const n = (opts && opts.limit) || 0;
    const res = await this.search(query, { ...opts, limit: 0, facet_limit: n, facet_query: { [facet]: fold(text).trim() } });
    return { total: res.facet_totals[FACETS.indexOf(facet)], values: res.facets[facet].slice(0, n || undefined) };
  }

  /**
   * Fetches the shard files not loaded yet when there are at most `max` (default 16):
   * a small index then answers typed queries without waiting. Resolves to the number fetched.
   */
  async prefetch(max) {
    const names = this.raw.missing_shards();
    if (names.length > (max == null ? 16 : max)) return 0;
    await Promise.all(names.map((n) => this.shard(n)));
    return names.length;
  }

  /** `{records, terms, format_version, index_version, shards, shards_loaded, fetch_budget}`; `index_version` is the ricerca version that built the index. */
  info() {
    return this.raw.info();
  }
}
