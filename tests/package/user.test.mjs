// Installed as a user would: a fresh HOME, an empty npm cache, a PATH with Node but no
// cargo or rustc, and only the files `make package` wrote to target/package/. Builds the
// curated data/ with `npx ricerca build`, checks the folder against make dist's widget,
// serves it and searches in Chromium; the WASI fallback and the wheel must write the same.
// Run by tests/package/run.sh (make test-package).
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { W, launch, open, until, STRICT_CSP, countText } from '../e2e/lib/harness.mjs';
import { serve } from '../lib/serve.mjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const PKG = path.join(ROOT, 'target', 'package');
const DIST = path.join(ROOT, 'www', 'dist');
const VERSION = /^version = "(.*)"$/m.exec(fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8'))[1];
const T = fs.mkdtempSync(path.join(os.tmpdir(), 'ricerca-user-'));
const SITE = path.join(T, 'site');
const PATH = [...new Set([path.dirname(process.execPath), '/usr/bin', '/bin'])].join(':');
const ENV = {
  HOME: path.join(T, 'home'),
  PATH,
  npm_config_cache: path.join(T, 'npm-cache'),
  npm_config_offline: 'true', // only the packed files: nothing from a registry
  npm_config_update_notifier: 'false',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
};
const timings = {};

// Runs a command in the site folder with the user's environment; returns stdout.
function run(cmd, args, { env = {}, what = cmd } = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: SITE, env: { ...ENV, ...env }, encoding: 'utf8', maxBuffer: 64 << 20 });
  timings[what] = Math.round(performance.now() - t0);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}
const tarball = (name) => {
  const f = path.join(PKG, `${name}-${VERSION}.tgz`);
  assert.ok(fs.existsSync(f), `${f} is missing: make package`);
  return f;
};
const files = (dir) => fs.readdirSync(dir).sort();
const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'assets.json'), 'utf8'));
const widgetFiles = Object.values(manifest).filter((f) => typeof f === 'string' && !/^index.*\.bin$/.test(f));

before(() => {
  fs.mkdirSync(ENV.HOME, { recursive: true });
  fs.mkdirSync(SITE);
  fs.cpSync(path.join(ROOT, 'data'), path.join(SITE, 'data'), { recursive: true });
  fs.writeFileSync(path.join(SITE, 'package.json'), '{ "name": "site", "private": true }\n');
});
after(() => {
  const total = timings['npm install'] + timings['npx ricerca build (native)'];
  console.log(`install + build of data/: ${total} ms (target 30000); timings (ms): ${JSON.stringify(timings)}`);
  fs.rmSync(T, { recursive: true, force: true });
});

test('the user PATH has node and npm but no Rust toolchain', () => {
  for (const tool of ['cargo', 'rustc', 'rustup']) {
    assert.notEqual(spawnSync('sh', ['-c', `command -v ${tool}`], { env: ENV }).status, 0, `${tool} is on ${PATH}`);
  }
  assert.equal(spawnSync('sh', ['-c', 'command -v npm'], { env: ENV }).status, 0);
});

test('npm install of the packed tarballs: the command and the platform binary', () => {
  run('npm', ['install', '--no-save', tarball('ricerca'), tarball('ricerca-linux-x64')], { what: 'npm install' });
  const nm = path.join(SITE, 'node_modules');
  assert.equal(JSON.parse(fs.readFileSync(path.join(nm, 'ricerca', 'package.json'))).version, VERSION);
  assert.ok(fs.statSync(path.join(nm, '@ricerca', 'linux-x64', 'bin', 'ricerca')).mode & 0o111);
  assert.equal(run('npx', ['ricerca', '--version'], { what: 'npx ricerca --version' }).trim().split(' ')[1], VERSION);
});

test('npx ricerca build data -o public/ricerca: index + widget, byte-identical to make dist', () => {
  const out = run('npx', ['ricerca', 'build', 'data', '-o', 'public/ricerca'], { what: 'npx ricerca build (native)' });
  const folder = path.join(SITE, 'public', 'ricerca');
  const index = files(folder).filter((f) => /^index.*\.bin$/.test(f));
  assert.deepEqual(files(folder), [...widgetFiles, ...index, 'LICENSE-APACHE', 'LICENSE-MIT'].sort());
  for (const f of widgetFiles) assert.ok(fs.readFileSync(path.join(folder, f)).equals(fs.readFileSync(path.join(DIST, f))), `${f} differs from www/dist`);
  for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) assert.ok(fs.readFileSync(path.join(folder, f)).equals(fs.readFileSync(path.join(ROOT, f))));
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0], /^built public\/ricerca\/index\.bin: 66 records, \d+ terms, \d+ bytes/);
  assert.deepEqual(lines.slice(-2), ['  <script src="/ricerca/ricerca.js" defer></script>', '  <div data-ricerca></div>']);
  // The page a user writes: the two printed lines pasted in.
  const page = `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Site</title></head><body>\n${lines.slice(-2).join('\n')}\n</body></html>\n`;
  fs.writeFileSync(path.join(SITE, 'public', 'index.html'), page);
  fs.writeFileSync(path.join(SITE, 'public', 'favicon.ico'), ''); // the browser asks for it
});

// The index's fst dictionaries may differ in bytes between a 64-bit and a 32-bit build (the
// fst crate's node cache hashes into usize-sized buckets, so which equal nodes it merges
// differs), so the WASI index is compared by what it answers; everything else byte for byte.
test('the WASI fallback (node:wasi) writes the same widget and an index that answers alike', () => {
  run('npx', ['ricerca', 'build', 'data', '-o', 'wasi/ricerca'], { env: { RICERCA_WASI: '1' }, what: 'npx ricerca build (WASI)' });
  const a = path.join(SITE, 'public', 'ricerca');
  const b = path.join(SITE, 'wasi', 'ricerca');
  const notIndex = (f) => !/^index.*\.bin$/.test(f);
  assert.deepEqual(files(b).filter(notIndex), files(a).filter(notIndex));
  assert.equal(files(b).length, files(a).length);
  for (const f of files(a).filter(notIndex)) assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), `${f} differs`);
  for (const q of ['', 'universita', 'rosatm', 'cell factory', 'bologna']) {
    const search = (dir) => run('npx', ['ricerca', 'search', `${dir}/ricerca/index.bin`, q, '--json', '--limit', '100'], { what: 'npx ricerca search' });
    assert.equal(search('wasi'), search('public'), `the WASI index answers "${q}" differently`);
  }
});

test("import { load } from 'ricerca' answers like ricerca search", () => {
  // facetQuery runs the widget's own search loop (engine/core.js), as --facet-query does.
  const script = `import { load, version } from 'ricerca';
    const e = await load({ index: 'public/ricerca/index.bin' });
    const r = await e.search('universita', { filters: { kind: ['partner'] }, limit: 5 });
    const fq = await e.facetQuery('', {}, 'country', 'switz');
    console.log(JSON.stringify({ version, total: r.total, ids: r.hits.map((h) => h.id), kinds: r.facets.kind, fq }));`;
  fs.writeFileSync(path.join(SITE, 'engine.mjs'), script);
  const got = JSON.parse(run('node', ['engine.mjs']));
  const cli = JSON.parse(run('npx', ['ricerca', 'search', 'public/ricerca/index.bin', 'universita', '--kind', 'partner', '--limit', '5', '--json']));
  assert.equal(got.version, VERSION);
  assert.equal(cli.version, VERSION);
  assert.ok(got.total > 0);
  const { version: _, ...fq } = JSON.parse(run('npx', ['ricerca', 'search', 'public/ricerca/index.bin', '', '--facet-query', 'country=switz', '--limit', '0', '--json']));
  assert.deepEqual(fq.values.map((v) => v.value), ['CH']);
  assert.deepEqual(got, { version: VERSION, total: cli.total, ids: cli.hits.map((h) => h.id), kinds: cli.facets.kind, fq });
});

test('in Chromium: on the pasted page typing finds a record and a facet narrows; the engine export runs as an ES module', async () => {
  const bin = path.join(SITE, 'node_modules', '.bin', 'ricerca');
  const server = await serve(bin, path.join(SITE, 'public'), [`Content-Security-Policy: ${STRICT_CSP}`]);
  const browser = await launch();
  try {
    const w = W();
    const p = await open(browser, server.url);
    assert.equal(await p.evaluate(() => window.ricerca.version), VERSION);
    await w.input(p).click();
    await w.input(p).pressSequentially('rosatm', { delay: 20 });
    await until(async () => (await w.titles(p)).includes('Rosatom'), { what: 'Rosatom among the hits' });
    // The counts the widget must show, from the installed command.
    const expect = JSON.parse(run('npx', ['ricerca', 'search', 'public/ricerca/index.bin', 'universita', '--json']));
    const country = expect.facets.country.find((c) => c.count < expect.total);
    assert.ok(country, 'a country value narrows "universita"');
    await w.input(p).fill('');
    await w.input(p).pressSequentially('universita', { delay: 20 });
    await until(async () => (await w.status(p)) === countText(expect.total), { what: `status ${countText(expect.total)}` });
    await w.checkbox(p, 'country', country.value).click();
    await until(async () => (await w.status(p)) === countText(country.count), { what: `status ${countText(country.count)}` });
    const narrowed = JSON.parse(run('npx', ['ricerca', 'search', 'public/ricerca/index.bin', 'universita', '--country', country.value, '--json']));
    await until(async () => JSON.stringify(await w.titles(p)) === JSON.stringify(narrowed.hits.map((h) => h.title)), { what: 'the narrowed titles' });
    assert.deepEqual(p.problems, []);

    // The engine export in the browser, as an ES module (what a bundler would include).
    const pub = path.join(SITE, 'public');
    fs.cpSync(path.join(SITE, 'node_modules', 'ricerca'), path.join(pub, 'vendor', 'ricerca'), { recursive: true });
    fs.writeFileSync(path.join(pub, 'engine.html'), '<!doctype html><meta charset="utf-8"><title>-</title><script type="module" src="engine.mjs"></script>\n');
    fs.writeFileSync(
      path.join(pub, 'engine.mjs'),
      `import { load, version } from './vendor/ricerca/index.mjs';
       const r = await (await load({ index: '/ricerca/index.bin' })).search('universita', { limit: 5 });
       document.title = JSON.stringify({ version, total: r.total, ids: r.hits.map((h) => h.id) });\n`
    );
    const cli = JSON.parse(run('npx', ['ricerca', 'search', 'public/ricerca/index.bin', 'universita', '--limit', '5', '--json'], { what: 'npx ricerca search' }));
    const q = await open(browser, server.url + 'engine.html');
    const title = await until(async () => ((await q.title()) !== '-' ? q.title() : null), { what: 'the engine module ran' });
    assert.deepEqual(JSON.parse(title), { version: VERSION, total: cli.total, ids: cli.hits.map((h) => h.id) });
    assert.deepEqual(q.problems, []);
  } finally {
    await browser.close();
    await server.stop();
  }
});

test('pip install of the wheel in a fresh virtualenv: ricerca build writes the same folder', () => {
  const wheel = fs.readdirSync(PKG).find((f) => f.startsWith(`ricerca-${VERSION}-py3-none-`) && f.includes('x86_64'));
  assert.ok(wheel, 'no linux x86_64 wheel in target/package');
  const venv = path.join(T, 'venv');
  execFileSync(process.env.PYTHON || 'python3', ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '--no-index', '--no-cache-dir', '--disable-pip-version-check', '-q', path.join(PKG, wheel)], { what: 'pip install' });
  run(path.join(venv, 'bin', 'ricerca'), ['build', 'data', '-o', 'py/ricerca'], { env: { PATH: `${venv}/bin:${PATH}` }, what: 'ricerca build (wheel)' });
  const a = path.join(SITE, 'public', 'ricerca');
  const b = path.join(SITE, 'py', 'ricerca');
  assert.deepEqual(files(b), files(a));
  for (const f of files(a)) assert.ok(fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))), `${f} differs`);
  assert.equal(run(path.join(venv, 'bin', 'python'), ['-m', 'ricerca', '--version'], { what: 'python -m ricerca' }).split(' ')[1], VERSION);
});
