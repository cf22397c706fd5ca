#!/usr/bin/env node
// Builds the self-contained widget bundle in www/dist/ (node 20; esbuild from www/tools).
//
//   node www/build.mjs [--pkg www/pkg] [--out www/dist] [--index FILE] [--no-wasm-opt] [--keep-names]
//
// --keep-names keeps the engine's function names (wasm-opt -g) for a CPU profile
// (bench/profile.sh); never for a deployment: the names are a third of the bytes.
//
// Inputs:  www/src/ (loader modules from ricerca.js, CSS, demo page) and the wasm-pack output in --pkg
//          (ricerca_wasm.js + ricerca_wasm_bg.wasm, built with
//          `wasm-pack build --target web --release --no-default-features --features wasm
//           --out-dir www/pkg --out-name ricerca_wasm`).
// Output:  ricerca.js                 the entry script: www/src/ricerca.js and its modules
//                                     bundled by esbuild into one classic script (not
//                                     content-hashed: serve it with a short cache lifetime;
//                                     it knows the names below)
//          ricerca.d.ts               its TypeScript types (copied from www/src)
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
import { createRequire } from 'node:module';
import { nodeEngine, openIndex } from './node-engine.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const flag = (name) => args.includes(name);
if (flag('--help') || flag('-h')) {
  console.log('usage: node www/build.mjs [--pkg DIR] [--out DIR] [--index FILE] [--no-wasm-opt] [--keep-names]');
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
// esbuild, pinned in .ci/versions and installed into www/tools by .ci/setup.
let esbuild;
try {
  esbuild = createRequire(path.join(here, 'tools', 'node_modules', '.'))('esbuild');
} catch (e) {
  die('esbuild is not installed in www/tools: run .ci/setup build (' + e.message + ')');
}
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
        // Then rebuild the control flow of every function from scratch (flatten +
        // relooper) and optimise again: smaller branches (~0.4 KB gzip); one more
        // round after that still finds some (~0.1 KB gzip).
        '--flatten',
        '--rereloop',
        '-Oz',
        '--converge',
        '-Oz',
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
        flag('--keep-names') ? '-g' : '--strip-debug',
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
  wasm = fs.readFileSync(outp);
  fs.rmSync(tmp, { recursive: true, force: true });
}
if (wasm.subarray(0, 4).toString('latin1') !== '\0asm') {
  console.warn('build.mjs: warning: ' + path.join(pkg, 'ricerca_wasm_bg.wasm') + ' is not a WebAssembly module');
}

// ---- glue and CSS: minified by esbuild, named by content hash
const minify = (code, loader, format) =>
  Buffer.from(esbuild.transformSync(code, { loader, format, minify: true, charset: 'utf8', legalComments: 'inline', target: 'es2020' }).code);
const glue = minify(read(path.join(pkg, 'ricerca_wasm.js')).toString('utf8'), 'js', 'esm');
const css = minify(read(path.join(src, 'ricerca.css')).toString('utf8'), 'css');
const names = {
  glue: `ricerca-engine.${hash(glue)}.js`,
  wasm: `ricerca.${hash(wasm)}.wasm`,
  css: `ricerca.${hash(css)}.css`,
};

// ---- loader: the modules as one classic script (an IIFE), with the hashed names baked in
const OWN = [
  'onDestroy', 'setup', 'attach', 'detach', 'listen', 'fit', 'fitted', 'overlay', 'panel', 'rank', 'emit', 'schedule',
  'langs', 'warm', 'go', 'ensure', 'failed', 'busy', 'render', 'announce', 'sayTimer',
  'renderFacets', 'renderChips', 'renderEmpty', 'showError', 'fromUrl', 'toUrl', 'chipFocus', 'chipList', 'chips',
  'loadingEl', 'loadingText', 'errorEl', 'emptyEl', 'shownEl', 'moreBtn', 'applyBtn', 'nsel', 'groups', 'details',
  'live', 'note', 'coll', 'touched', 'dead', 'attached', 'timer', 'labels', 'over', 'traps', 'shard', 'reset',
  'attempt', 'recover', 'sig', 'mod', 'raw', 'seq', 'onPop', 'recordLang', 'perPage', 'prefix', 'box',
  'findValues', 'fqTimer', 'fqSeq', 'read',
  // strings.js keys that are no other property's name
  'loading', 'waiting', 'skip', 'relNone', 'showMore', 'showLess', 'clearAll', 'plural', 'noneFor',
  'tryFilters', 'trySpelling', 'showAll', 'retry', 'down', 'err', 'findIn', 'rest', 'found', 'show', 'active', 'more', 'none', 'collator', 'sel',
  'update', 'now', 'shown', 'engine', 'input', 'list', 'results', 'root', 'toggle',
];
const bundled = esbuild.buildSync({
  entryPoints: [path.join(src, 'ricerca.js')],
  bundle: true,
  format: 'iife',
  minify: true,
  charset: 'utf8',
  legalComments: 'inline',
  target: 'es2020',
  define: { RICERCA_ASSETS: JSON.stringify(names) },
  // Shorter names for the widget's own fields and methods (~0.6 KB gzip): only names
  // that are never a DOM, engine-answer, option or public API property (`state` was one
  // by mistake: it renamed `history.state`).
  mangleProps: new RegExp('^(' + OWN.join('|') + ')$'),
  write: false,
  logLevel: 'error',
});
const loader = Buffer.from(bundled.outputFiles[0].contents);

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
for (const f of ['index.html', 'demo.css', 'favicon.svg', 'ricerca.d.ts']) put(f, read(path.join(src, f)));
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
