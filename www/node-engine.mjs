// The browser engine (wasm-bindgen glue + .wasm) run in node, for build-time
// checks: is the index loadable, which shard files does it reference, and which
// files does a first search need. Used by build.mjs and budget.mjs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Searcher } from './src/js/core.js';

export async function nodeEngine(glueFile, wasmBytes) {
  // The glue is an ES module with a .js name: import a .mjs copy of it.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-glue-'));
  const copy = path.join(tmp, 'glue.mjs');
  fs.copyFileSync(glueFile, copy);
  try {
    const mod = await import(pathToFileURL(copy).href);
    mod.initSync({ module: wasmBytes });
    return mod;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

// Loads the index at `root`; returns the engine and the shard files it references.
export function openIndex(mod, root) {
  const engine = mod.Engine.load(fs.readFileSync(root));
  return { engine, shards: engine.missing_shards() };
}

// Runs one search the way the browser does (the widget's own loop, www/src/js/core.js:
// shard files from beside `root` as the engine asks for them, within the fetch budget);
// resolves to the result and the shard files it needed.
export async function search(engine, root, query, options = {}) {
  const used = [];
  const read = async (name) => {
    used.push(name);
    return fs.readFileSync(path.join(path.dirname(root), name));
  };
  const result = await new Searcher(engine, read).search(query, options);
  return { result, used };
}
