// Loading the WebAssembly engine and the index, and searching it. Every index gets
// its own engine instance (its own wasm memory), so a trap in one never reaches the
// others; a trapped instance is replaced once per query. A sharded index fetches the
// shard files a query needs from beside the root; a shard gone because the site was
// redeployed makes it re-read the root once, bypassing the cache.
import { ASSETS, asset } from './env.js';
import { matchValues } from './facets.js';
import { FACETS, fold, str } from './util.js';

/** An Error with `code` (see strings.js `err`), `what` ('index' | 'engine') and, for HTTP, `status`. */
export const fail = (code, what, detail, status) => {
  const e = new Error('ricerca: ' + code + ' (' + what + '): ' + detail);
  e.code = code;
  e.what = what;
  if (status) e.status = status;
  return e;
};
const isCsp = (e) => /Content.Security.Policy|unsafe-eval|\bCSP\b/i.test(String(e && e.message));
// A wasm trap (panic = abort, out of bounds, stack overflow): the instance is unusable.
const isTrap = (e) => e instanceof WebAssembly.RuntimeError || e instanceof RangeError;

const fetchOk = async (url, what, init) => {
  let r;
  try {
    r = await fetch(url, { credentials: 'same-origin', ...init });
  } catch (e) {
    throw fail('network', what, url + ': ' + e.message);
  }
  if (!r.ok) throw fail(r.status === 404 ? 'not-found' : 'http', what, 'HTTP ' + r.status + ' ' + url, r.status);
  return r;
};
const bytes = (r, what) =>
  r.arrayBuffer().then(
    (b) => new Uint8Array(b),
    (e) => {
      throw fail('network', what, e.message);
    }
  );
const fromEngine = (e) => fail(e && typeof e.code === 'string' ? e.code : 'corrupt', 'index', str((e && e.message) || e));

// Per glue URL: how many instances so far and the compiled module once known.
const compiled = new Map();

// A fresh engine instance: the glue module imported under its own URL (the first one
// plain, later ones `?i=N`: an ES module is one instance per URL) over one compiled module.
const instantiate = async (assets) => {
  if (!window.WebAssembly || !WebAssembly.instantiate) throw fail('unsupported', 'engine', 'no WebAssembly');
  const url = asset(ASSETS.glue, assets);
  const c = compiled.get(url) || { n: 0, module: null };
  compiled.set(url, c);
  const known = c.module;
  // The engine's bytes download while the glue module loads.
  const wr = known ? null : fetchOk(asset(ASSETS.wasm, assets), 'engine');
  if (wr) wr.catch(() => {});
  const n = c.n++;
  let mod;
  try {
    mod = await import(n ? url + '?i=' + n : url);
  } catch (e) {
    if (!n) c.n = 0; // the plain URL again next time
    throw fail(isCsp(e) ? 'csp' : 'script', 'engine', e.message);
  }
  let src = known;
  if (!src) {
    const r = await wr;
    // Streams (instantiateStreaming) only with the right MIME type; else the bytes.
    const type = (r.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
    src = type === 'application/wasm' && WebAssembly.instantiateStreaming ? r : await bytes(r, 'engine');
  }
  try {
    await mod.default({ module_or_path: src });
  } catch (e) {
    throw fail(isCsp(e) ? 'csp' : 'internal', 'engine', e.message);
  }
  const m = mod.default.__wbindgen_wasm_module;
  if (!c.module && m instanceof WebAssembly.Module) c.module = m;
  return mod;
};

// The bytes of the root file; `fresh` bypasses the HTTP cache.
const rootBytes = (url, fresh) => fetchOk(url, 'index', fresh ? { cache: 'reload' } : undefined).then((r) => bytes(r, 'index'));

const open = (mod, buf) => {
  try {
    return mod.Engine.load(buf);
  } catch (e) {
    throw isTrap(e) ? fail('corrupt', 'index', e.message) : fromEngine(e);
  }
};

// What tells a new root from the same one: its header (format, length, payload checksum).
const sig = (buf) => buf.subarray(0, 32).join();

/** The engine options of a widget's search options. */
const request = (o) => {
  const f = o.filters || {};
  const so = { filters: {} };
  for (const k of FACETS) if (Array.isArray(f[k]) && f[k].length) so.filters[k] = f[k].map(String);
  if (o.limit != null) so.limit = o.limit;
  if (o.offset != null) so.offset = o.offset;
  if (o.lang) so.lang = o.lang === 'en' ? 'en' : 'it';
  if (o.facet_limit != null) so.facet_limit = o.facet_limit;
  return so;
};

// The public engine object of one index (see www/README.md, "JavaScript API").
class Engine {
  constructor(url, assets, mod, raw, buf) {
    this.url = url;
    this.assets = assets;
    this.mod = mod;
    this.raw = raw;
    this.sig = sig(buf);
    this.shards = new Map();
    this.traps = 0;
  }

  // Fetches and adds one shard file, once per name and instance.
  shard(name) {
    let p = this.shards.get(name);
    if (!p) {
      const raw = this.raw;
      this.inflight = (this.inflight || 0) + 1;
      p = fetchOk(new URL(name, this.url).href, 'index')
        .then((r) => bytes(r, 'index'))
        .then((b) => {
          if (raw !== this.raw) return; // the instance was replaced meanwhile
          try {
            raw.add_shard(name, b);
          } catch (e) {
            throw isTrap(e) ? e : fromEngine(e);
          }
        });
      this.shards.set(name, p);
      p.then(
        () => this.inflight--,
        () => (this.inflight--, this.shards.get(name) === p && this.shards.delete(name)),
      );
    }
    return p;
  }

  // Loads `buf` as the root: in a new instance after a trap (the old one is dropped,
  // not freed: it stopped mid-call), else in the same one.
  async reset(buf, trapped) {
    const mod = trapped ? await instantiate(this.assets) : this.mod;
    const raw = open(mod, buf);
    if (!trapped) this.raw.free();
    this.raw = raw;
    this.mod = mod;
    this.sig = sig(buf);
    this.shards = new Map();
  }

  // One search, fetching shards as the engine names them. `onfetch()` is called when
  // the answer has to wait for index files.
  async attempt(q, so, onfetch) {
    const opts = Object.assign({}, so);
    for (let i = 0; ; i++) {
      try {
        return this.raw.search(q, opts);
      } catch (e) {
        if (isTrap(e) || !e || e.code !== 'missing-shards' || !Array.isArray(e.files) || i > 16) throw e;
        if (onfetch) onfetch();
        await Promise.all(e.files.map((n) => this.shard(n)));
        // One query fetches at most the engine's budget; past it the answer is `partial`.
        const left = opts.fetch_budget == null ? this.raw.info().fetch_budget : opts.fetch_budget;
        opts.fetch_budget = Math.max(0, left - e.files.length);
      }
    }
  }

  /** Searches (see README). Resolves to the engine's answer with `query` as asked. */
  async search(query, opts) {
    const o = opts || {};
    const so = request(o);
    const q = fold(query);
    let res;
    try {
      res = await this.recover(q, so, o.onfetch);
    } catch (e) {
      throw isTrap(e) ? fail('corrupt', 'index', e.message) : e.code && e.what ? e : fromEngine(e);
    }
    res.query = str(query); // the engine saw the folded text; answer with what was asked
    return res;
  }

  /**
   * The values of `facet` whose label or code matches `text` (facets.js matchValues),
   * counted for the search `query` + `opts` would make, from the engine's full list
   * (no facet_limit): `{total, values}`, at most `opts.limit`.
   */
  async facetQuery(query, opts, facet, text) {
    const res = await this.search(query, { ...opts, limit: 0, facet_limit: 0 });
    const all = matchValues(res.facets[facet] || [], fold(text));
    return { total: all.length, values: all.slice(0, opts.limit || all.length) };
  }

  // A search that survives one trap (fresh instance, root reloaded, asked again) and
  // one redeploy (a shard gone: the root read again bypassing the cache, asked again).
  async recover(q, so, onfetch) {
    try {
      return await this.attempt(q, so, onfetch);
    } catch (e) {
      if (isTrap(e)) {
        // A few fresh instances per index at most: each one stays in the page's module map.
        if (++this.traps > 3) throw e;
        await this.reset(await rootBytes(this.url), true);
        return this.attempt(q, so, onfetch);
      }
      if (e.code !== 'not-found' || e.what !== 'index') throw e;
      const buf = await rootBytes(this.url, true);
      if (sig(buf) === this.sig) throw e; // the same index: the shard is really missing
      await this.reset(buf);
      try {
        return await this.attempt(q, so, onfetch);
      } catch (e2) {
        throw e2.code === 'not-found' ? fail('updated', 'index', e2.message) : e2;
      }
    }
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

  /** `{records, terms, format_version, shards, shards_loaded, fetch_budget}`. */
  info() {
    return this.raw.info();
  }

  /** Shard files being fetched now (a busy state while a query waits for them). */
  pending() {
    return this.inflight || 0;
  }
}

// One engine per index URL (and asset folder).
const engines = new Map();

/** `ricerca.load({index, assets})` -> Promise<Engine>; one download per index URL. */
export const load = (opts) => {
  const o = typeof opts === 'string' ? { index: opts } : opts || {};
  let url;
  try {
    url = o.index ? new URL(o.index, document.baseURI).href : asset('index.bin', o.assets);
  } catch (e) {
    return Promise.reject(fail('not-found', 'index', 'bad URL ' + o.index));
  }
  const key = url + '\n' + (o.assets || '');
  let p = engines.get(key);
  if (!p) {
    p = Promise.all([instantiate(o.assets), rootBytes(url)]).then(([mod, buf]) => new Engine(url, o.assets, mod, open(mod, buf), buf));
    engines.set(key, p);
    p.catch(() => engines.delete(key));
  }
  return p;
};
