#!/usr/bin/env node
// Assembles and packs the npm packages (called by pkg/package.sh; Node stdlib + npm).
//   node pkg/npm/pack.mjs --version V --out DIR --stage DIR --wasi FILE --widget DIR --platforms "linux-x64 ..."
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  if (i < 0 || i + 1 >= args.length) throw new Error(`pack.mjs: ${name} is required`);
  return args[i + 1];
};
const version = opt('--version');
const out = path.resolve(opt('--out'));
const stage = path.resolve(opt('--stage'));
const wasi = path.resolve(opt('--wasi'));
const widget = path.resolve(opt('--widget'));
const platforms = opt('--platforms').split(/\s+/).filter(Boolean);

// platform -> the `os` and `cpu` fields npm matches against the installing machine.
const TARGETS = {
  'linux-x64': { os: 'linux', cpu: 'x64', exe: 'ricerca' },
  'linux-arm64': { os: 'linux', cpu: 'arm64', exe: 'ricerca' },
  'win32-x64': { os: 'win32', cpu: 'x64', exe: 'ricerca.exe' },
};
const common = {
  version,
  license: 'MIT OR Apache-2.0',
  engines: { node: '>=18' },
};
const LICENSES = ['LICENSE-MIT', 'LICENSE-APACHE'];

const write = (file, data) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, data);
};
const copy = (from, to) => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
};
const pack = (dir) => {
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: dir, encoding: 'utf8' }).trim();
  console.log(`package: ${path.join(path.relative(root, out), name.split('\n').pop())}`);
};

// ---- platform packages: the native binary and the licences
for (const p of platforms) {
  const t = TARGETS[p];
  const dir = path.join(stage, p);
  const bin = path.join(dir, 'bin', t.exe);
  fs.chmodSync(bin, 0o755);
  for (const l of LICENSES) copy(path.join(root, l), path.join(dir, l));
  write(path.join(dir, 'README.md'), `# @ricerca/${p}\n\nThe \`ricerca\` binary for ${p}, installed by the \`ricerca\` package as an optional dependency. Use \`npx ricerca\`.\n`);
  const pkg = {
    name: `@ricerca/${p}`,
    ...common,
    description: `The ricerca command for ${p} (installed by the ricerca package).`,
    os: [t.os],
    cpu: [t.cpu],
    files: ['bin/', ...LICENSES],
    preferUnplugged: true,
  };
  write(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
  pack(dir);
}

// ---- the main package: the command, the WASI fallback, the engine for own UIs
const dir = path.join(stage, 'ricerca');
const src = path.join(here, 'ricerca');
copy(path.join(src, 'bin', 'ricerca.cjs'), path.join(dir, 'bin', 'ricerca.cjs'));
fs.chmodSync(path.join(dir, 'bin', 'ricerca.cjs'), 0o755);
write(path.join(dir, 'index.mjs'), fs.readFileSync(path.join(src, 'index.mjs'), 'utf8').replace("'@VERSION@'", JSON.stringify(version)));
copy(path.join(src, 'index.d.ts'), path.join(dir, 'index.d.ts'));
// The API's shapes, written once: the widget's type file.
copy(path.join(root, 'www', 'src', 'ricerca.d.ts'), path.join(dir, 'widget.d.ts'));
copy(path.join(src, 'README.md'), path.join(dir, 'README.md'));
for (const l of LICENSES) copy(path.join(root, l), path.join(dir, l));
copy(wasi, path.join(dir, 'wasi', 'ricerca.wasm'));
// The engine: the same glue and wasm as the widget (names from the dist manifest).
const manifest = JSON.parse(fs.readFileSync(path.join(widget, 'assets.json'), 'utf8'));
if (!manifest.glue || !manifest.wasm) throw new Error(`pack.mjs: ${widget}/assets.json names no glue or wasm`);
copy(path.join(widget, manifest.glue), path.join(dir, 'engine', 'glue.js'));
copy(path.join(widget, manifest.wasm), path.join(dir, 'engine', 'ricerca.wasm'));
// The search loop, written once: the widget's own module (and the helpers it imports).
for (const f of ['core.js', 'util.js']) copy(path.join(root, 'www', 'src', 'js', f), path.join(dir, 'engine', f));
const pkg = {
  name: 'ricerca',
  ...common,
  description: 'Client-side faceted search for directories: builds the index and the widget for a static site, no Rust needed.',
  keywords: ['search', 'faceted-search', 'static-site', 'wasm', 'widget'],
  type: 'module',
  bin: { ricerca: 'bin/ricerca.cjs' },
  exports: { '.': { types: './index.d.ts', default: './index.mjs' }, './package.json': './package.json' },
  types: './index.d.ts',
  files: ['bin/', 'engine/', 'wasi/', 'index.mjs', 'index.d.ts', 'widget.d.ts', ...LICENSES],
  optionalDependencies: Object.fromEntries(Object.keys(TARGETS).map((p) => [`@ricerca/${p}`, version])),
};
write(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
pack(dir);
