// The search engine without the widget, for sites that build their own UI:
//   import { load } from 'ricerca';
//   const engine = await load({ index: '/ricerca/index.bin' });
//   const result = await engine.search('bologna', { filters: { region: ['IT-45'] } });
// The same API as `ricerca.load` of the widget script, run by the same code: engine/core.js
// is the widget's www/src/js/core.js (the shard-fetch loop within the fetch budget,
// facetQuery, prefetch). Runs in browsers (through a bundler that handles
// `new URL(file, import.meta.url)`, e.g. Vite, esbuild, webpack 5) and in Node >= 18,
// where `index` may also be a file path.
import * as glue from './engine/glue.js';
import { Searcher, fail, fromEngine } from './engine/core.js';
import { fold } from './engine/util.js';

export const version = '@VERSION@';
export { fold };

const isNode = typeof process !== 'undefined' && !!(process.versions && process.versions.node);

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
      let raw;
      try {
        raw = mod.Engine.load(bytes);
      } catch (e) {
        throw fromEngine(e);
      }
      return new Searcher(raw, (name) => read(beside(where, name), 'index'));
    });
    engines.set(where, p);
    p.catch(() => engines.delete(where));
  }
  return p;
}
