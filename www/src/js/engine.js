// Loading the WebAssembly engine and the index, and searching it. Every index gets
// its own engine instance (its own wasm memory), so a trap in one never reaches the
// others; a trapped instance is replaced once per query. A sharded index fetches the
// shard files a query needs from beside the root; a shard gone because the site was
// redeployed makes it re-read the root once, bypassing the cache.
import { Searcher, fail, fromEngine, isTrap } from './core.js';
import { ASSETS, asset } from './env.js';

const isCsp = (e) => /Content.Security.Policy|unsafe-eval|\bCSP\b/i.test(String(e && e.message));

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

// The public engine object of one index (see www/README.md, "JavaScript API").
class Engine extends Searcher {
  constructor(url, assets, mod, raw, buf) {
    super(raw, (name) => fetchOk(new URL(name, url).href, 'index').then((r) => bytes(r, 'index')));
    this.url = url;
    this.assets = assets;
    this.mod = mod;
    this.sig = sig(buf);
    this.traps = 0;
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
