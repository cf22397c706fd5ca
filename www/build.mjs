#!/usr/bin/env node
// Builds the self-contained widget bundle in www/dist/ (node 20 stdlib only).
//
//   node www/build.mjs [--pkg www/pkg] [--out www/dist] [--index FILE] [--no-wasm-opt]
//
// Inputs:  www/src/ (loader, CSS, demo page) and the wasm-pack output in --pkg
//          (ricerca_wasm.js + ricerca_wasm_bg.wasm, built with
//          `wasm-pack build --target web --release --no-default-features --features wasm
//           --out-dir www/pkg --out-name ricerca_wasm`).
// Output:  ricerca.js                 the entry script (small, not content-hashed: serve it
//                                     with a short cache lifetime; it knows the names below)
//          ricerca.<hash>.css         widget styles (loaded inside the shadow root)
//          ricerca-engine.<hash>.js   wasm-bindgen ES-module glue (loaded with import())
//          ricerca.<hash>.wasm        the engine, optimised with `wasm-opt -Oz`
//          index.bin [+ shards]       copied from --index (with the shard files it names),
//                                     or kept from a previous build; checked with the engine
//          index.html, demo.css, favicon.svg   the demo page
//          assets.json                what is what (read by www/budget.mjs)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minifyCss, minifyJs } from './minify.mjs';
import { nodeEngine, openIndex } from './node-engine.mjs';
import { fixTableExports } from './wasmfix.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(name);
if (flag('--help') || flag('-h')) {
  console.log('usage: node www/build.mjs [--pkg DIR] [--out DIR] [--index FILE] [--no-wasm-opt]');
  process.exit(0);
}
const src = path.join(here, 'src');
const pkg = path.resolve(opt('--pkg', path.join(here, 'pkg')));
const out = path.resolve(opt('--out', path.join(here, 'dist')));
const index = opt('--index', null);

const die = (msg) => {
  console.error('build.mjs: ' + msg);
  process.exit(1);
};
const hash = (buf) => createHash('sha256').update(buf).digest('hex').slice(0, 8);
const read = (p) => {
  try {
    return fs.readFileSync(p);
  } catch (e) {
    return die(`cannot read ${p} (${e.code})` + (p.startsWith(pkg) ? ': run wasm-pack first (see the header of www/build.mjs)' : ''));
  }
};

// ---- engine: wasm-opt, then content-hash
// npm's binaryen (installed into www/tools by .ci/setup, version in .ci/versions), else a
// wasm-opt on PATH (Debian's binaryen 108 works too, ~0.9 KB gzip larger). Features are
// named one by one: the browsers' baseline, nothing newer.
const npmWasmOpt = path.join(here, 'tools', 'node_modules', 'binaryen', 'bin', 'wasm-opt');
const wasmOptBin = fs.existsSync(npmWasmOpt) ? npmWasmOpt : 'wasm-opt';
let wasm = read(path.join(pkg, 'ricerca_wasm_bg.wasm'));
if (!flag('--no-wasm-opt')) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-build-'));
  const inp = path.join(tmp, 'in.wasm');
  const outp = path.join(tmp, 'out.wasm');
  fs.writeFileSync(inp, wasm);
  try {
    execFileSync(
      wasmOptBin,
      [
        '-Oz',
        // Repeat the passes while they still shrink the module (~0.3 KB gzip).
        '--converge',
        // Fold small constants into load/store offsets. Safe here: rustc's wasm32
        // layout puts the stack first (data starts at 1 MiB), so the low 1 KiB is
        // the bottom of a 1 MiB stack, and the folding only changes accesses whose
        // address wraps past 4 GiB, which no valid pointer does (~0.35 KB gzip).
        '--low-memory-unused',
        '--enable-bulk-memory',
        '--enable-reference-types',
        '--enable-multivalue',
        '--enable-sign-ext',
        '--enable-nontrapping-float-to-int',
        '--enable-mutable-globals',
        '--strip-debug',
        '--strip-producers',
        '--strip-target-features',
        inp,
        '-o',
        outp,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] }
    );
  } catch (e) {
    die(`wasm-opt failed (${e.code === 'ENOENT' ? 'not installed: run .ci/setup build' : e.message}); --no-wasm-opt skips it`);
  }
  const fix = fixTableExports(wasm, fs.readFileSync(outp));
  if (fix.fixed) console.log(`build.mjs: repaired ${fix.fixed} table export(s) mangled by wasm-opt`);
  wasm = fix.wasm;
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (wasm.subarray(0, 4).toString('latin1') !== '\0asm') {
  console.warn('build.mjs: warning: ' + path.join(pkg, 'ricerca_wasm_bg.wasm') + ' is not a WebAssembly module');
}

const glue = Buffer.from(minifyJs(read(path.join(pkg, 'ricerca_wasm.js')).toString('utf8')));
const css = Buffer.from(minifyCss(read(path.join(src, 'ricerca.css')).toString('utf8')));
const names = {
  glue: `ricerca-engine.${hash(glue)}.js`,
  wasm: `ricerca.${hash(wasm)}.wasm`,
  css: `ricerca.${hash(css)}.css`,
};

// ---- loader: bake in the hashed names
let loader = read(path.join(src, 'ricerca.js')).toString('utf8');
const marker = /\/\*@assets\*\/[^]*?\/\*@end\*\//;
if (!marker.test(loader)) die('www/src/ricerca.js lost its /*@assets*/ … /*@end*/ markers');
loader = loader.replace(marker, JSON.stringify(names));
loader = minifyJs(loader, loaderRenames(loader));

// Shorter names for identifiers that exist only inside the loader (saves ~3% gzip).
// Only names that are the loader's own: never a DOM/API property or an option key
// sent to the engine (e.g. not `filters`, `status`). Refuses any name that also
// occurs in a string (skipped), or a short name already in use.
function loaderRenames(code) {
  const long = [
    'const', 'Widget', 'options', 'mounted', 'engines', 'loadWasm', 'fetchOk', 'safeUrl', 'marked', 'FACETS',
    'FACET_LIMIT', 'DEBOUNCE_MS', 'RETRYABLE', 'SCRIPT_INDEX', 'ASSETS', 'VERSION', 'chipList', 'chipFocus',
    'renderFacets', 'renderChips', 'renderEmpty', 'showError', 'loadingEl', 'errorEl', 'emptyEl', 'shownEl',
    'moreBtn', 'schedule', 'ensure', 'pending', 'failed', 'fitted', 'groups', 'nsel', 'labels',
    'fromUrl', 'toUrl', 'attached', 'restored', 'timer', 'run', 'render', 'build', 'busy', 'hit', 'seq', 'attach',
    'detach', 'engine', 'wrap', 'asset', 'fail', 'isCsp', 'bytes', 'later', 'uniq', 'slug', 'decKey', 'loose',
    'mine', 'str', 'glue', 'warm', 'reveal', 'chips', 'nsel', 'rel', 'box', 'langEl',
  ];
  const seen = new Map();
  const plain = minifyJs(code, { get: (wd) => void seen.set(wd, (seen.get(wd) || 0) + 1) });
  const map = new Map();
  let k = 0;
  for (const name of long) {
    if (!seen.has(name)) continue;
    const words = (plain.match(new RegExp('\\b' + name + '\\b', 'g')) || []).length;
    if (words !== seen.get(name)) continue; // also inside a string: leave it alone
    const short = name === 'const' ? 'let' : '$' + (k++).toString(36);
    if (short !== 'let' && seen.has(short)) die(`rename: "${short}" is already used`);
    map.set(name, short);
  }
  return map;
}

// ---- write dist (keep a previously built index unless --index replaces it)
const isIndexFile = (f) => /^index(\.[A-Za-z0-9_.-]+)?\.bin$/.test(f);
fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(out)) {
  if (!(isIndexFile(f) && !index)) fs.rmSync(path.join(out, f), { recursive: true, force: true });
}
const put = (name, data) => fs.writeFileSync(path.join(out, name), data);
put('ricerca.js', loader);
put(names.glue, glue);
put(names.wasm, wasm);
put(names.css, css);
for (const f of ['index.html', 'demo.css', 'favicon.svg']) put(f, read(path.join(src, f)));
// The index: the root file, plus the shard files it names (a sharded index fetches
// them on demand from beside the root). The engine itself checks the index here.
const root = path.join(out, 'index.bin');
if (index) fs.copyFileSync(path.resolve(index), root);
if (fs.existsSync(root)) {
  const mod = await nodeEngine(path.join(out, names.glue), wasm);
  let shards;
  try {
    ({ shards } = openIndex(mod, root));
  } catch (e) {
    die(`the index ${index || root} does not load: ${e.message} (${e.code})`);
  }
  for (const name of shards) {
    const from = path.join(path.dirname(path.resolve(index || root)), name);
    if (index) {
      if (!fs.existsSync(from)) die(`the index names shard ${name}, which is not beside ${index}`);
      fs.copyFileSync(from, path.join(out, name));
    } else if (!fs.existsSync(path.join(out, name))) die(`${root} names shard ${name}, which is missing`);
  }
  for (const f of fs.readdirSync(out)) {
    if (isIndexFile(f) && f !== 'index.bin' && !shards.includes(f)) fs.rmSync(path.join(out, f)); // stale shard
  }
  if (shards.length) console.log(`index   ${shards.length} shard files beside index.bin`);
}
const manifest = { loader: 'ricerca.js', ...names, index: 'index.bin' };
put('assets.json', JSON.stringify(manifest, null, 2) + '\n');

const size = (f) => {
  try {
    return fs.statSync(path.join(out, f)).size;
  } catch {
    return null;
  }
};
for (const [k, f] of Object.entries(manifest)) {
  const s = size(f);
  console.log(`${k.padEnd(7)} ${f.padEnd(30)} ${s == null ? 'missing' : s + ' B'}`);
}
if (size('index.bin') == null) console.warn('build.mjs: note: no index.bin yet (pass --index FILE or run `ricerca build data -o ' + path.relative(process.cwd(), out) + '/index.bin`)');
