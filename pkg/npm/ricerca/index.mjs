// The search engine without the widget, for sites that build their own UI:
//   import { load } from 'ricerca';
//   const engine = await load({ index: '/ricerca/index.bin' });
//   const result = await engine.search('bologna', { filters: { region: ['IT-45'] } });
// The same API as `ricerca.load` of the widget script. Runs in browsers (through a bundler
// that handles `new URL(file, import.meta.url)`, e.g. Vite, esbuild, webpack 5) and in
// Node >= 18, where `index` may also be a file path.
import * as glue from './engine/glue.js';

export const version = '@VERSION@';

const FACETS = ['region', 'country', 'sector', 'kind'];
const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);

// Folds a query as the engine's index was folded: NFKD, no combining marks, lower case.
export const fold = (q) => String(q == null ? '' : q).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

// Errors carry `code` (not-found, http, network, bad-magic, bad-version, corrupt, ...) and
// `what` ('index' | 'engine').
const fail = (code, what, detail, status) => {
  const e = new Error('ricerca: ' + code + ' (' + what + '): ' + detail);
  e.code = code;
  e.what = what;
  if (status) e.status = status;
  return e;
};
const fromEngine = (e) => fail(e && typeof e.code === 'string' ? e.code : 'corrupt', 'index', String((e && e.message) || e));

// Reads a URL (fetch) or, in Node, a file path or file: URL.
async function read(where, what) {
  const url = where instanceof URL ? where : null;
  if (isNode && (!url || url.protocol === 'file:') && !/^https?:/i.test(String(where))) {
    const { readFile } = await import('node:fs/promises');
    try {
      return new Uint8Array(await readFile(url || String(where)));
    } catch (e) {
      throw fail(e.code === 'ENOENT' ? 'not-found' : 'network', what, String(where) + ': ' + e.message);
    }
  }
  let r;
  try {
    r = await fetch(where, { credentials: 'same-origin' });
  } catch (e) {
    throw fail('network', what, String(where) + ': ' + e.message);
  }
  if (!r.ok) throw fail(r.status === 404 ? 'not-found' : 'http', what, 'HTTP ' + r.status + ' ' + where, r.status);
  return new Uint8Array(await r.arrayBuffer());
}

let ready = null;
const engineModule = () =>
  ready ||
  (ready = read(new URL('./engine/ricerca.wasm', import.meta.url), 'engine').then((bytes) => {
    glue.initSync({ module: bytes });
    return glue;
  }));

// A shard file's location: beside the root.
const beside = (root, name) => {
  if (isNode && !/^[a-z][a-z0-9+.-]*:/i.test(root)) return root.replace(/[^/\\]*$/, '') + name;
  return new URL(name, root).href;
};

function wrap(raw, root) {
  const shards = new Map();
  const shard = (name) => {
    let p = shards.get(name);
    if (!p) {
      p = read(beside(root, name), 'index').then((b) => {
        try {
          raw.add_shard(name, b);
        } catch (e) {
          throw fromEngine(e);
        }
      });
      shards.set(name, p);
      p.catch(() => shards.delete(name));
    }
    return p;
  };
  return {
    async search(query, opts) {
      const o = opts || {};
      const f = o.filters || {};
      const so = { filters: {} };
      for (const k of FACETS) if (Array.isArray(f[k]) && f[k].length) so.filters[k] = f[k].map(String);
      for (const k of ['limit', 'offset', 'facet_limit']) if (o[k] != null) so[k] = o[k];
      if (o.lang) so.lang = o.lang === 'en' ? 'en' : 'it';
      for (let i = 0; ; i++) {
        try {
          const res = raw.search(fold(query), so);
          res.query = query == null ? '' : String(query);
          return res;
        } catch (e) {
          if (!e || e.code !== 'missing-shards' || !Array.isArray(e.files) || i > 16) throw fromEngine(e);
          await Promise.all(e.files.map(shard));
        }
      }
    },
    async prefetch(max) {
      const names = raw.missing_shards();
      if (names.length > (max == null ? 16 : max)) return 0;
      await Promise.all(names.map(shard));
      return names.length;
    },
    info: () => raw.info(),
  };
}

const engines = new Map();

// load({ index }) or load(index) -> Promise<Engine>; one load per index location.
export function load(opts) {
  const o = typeof opts === 'string' || opts instanceof URL ? { index: opts } : opts || {};
  if (!o.index) return Promise.reject(fail('not-found', 'index', 'no index given: load({ index: "/ricerca/index.bin" })'));
  let where = o.index instanceof URL ? o.index.href : String(o.index);
  if (!isNode && typeof document !== 'undefined') where = new URL(where, document.baseURI).href;
  let p = engines.get(where);
  if (!p) {
    p = Promise.all([engineModule(), read(where, 'index')]).then(([mod, bytes]) => {
      try {
        return wrap(mod.Engine.load(bytes), where);
      } catch (e) {
        throw fromEngine(e);
      }
    });
    engines.set(where, p);
    p.catch(() => engines.delete(where));
  }
  return p;
}
