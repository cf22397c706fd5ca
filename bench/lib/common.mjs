// Shared helpers for the benchmark: paths, the seeded PRNG, hashing, timed child
// processes (/usr/bin/time -v), the real `ricerca serve`, and Chromium.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM_FLAGS } from '../../tests/lib/chromium.mjs';
import { serve as serveWith } from '../../tests/lib/serve.mjs';

export const BENCH = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH, '..');
export const WORK = process.env.BENCH_WORK || path.join(BENCH, 'work');
export const OUT = process.env.BENCH_OUT || path.join(BENCH, 'out');
export const BIN = process.env.RICERCA_BIN || path.join(ROOT, 'target', 'release', 'ricerca');
// The widget build the bench uses: built by run.sh from this tree into work/dist (see README).
export const DIST = process.env.RICERCA_DIST || path.join(WORK, 'dist');
export const CORPUS = process.env.BENCH_CORPUS || path.resolve(ROOT, '..', 'shared', 'corpora', 'bench-records.jsonl.gz');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const PAGEFIND_BIN = path.join(BENCH, 'node_modules', '@pagefind', 'linux-x64', 'bin', 'pagefind_extended');

// The fixed seeds. Changing them changes every slice and query list.
export const SHUFFLE_SEED = 0x5eed2025;
export const QUERY_SEED = 0x9e3779b9;

// Sizes: name -> record count (null = every record; "data" = the curated data/).
export const SIZES = { '1k': 1000, '10k': 10000, '100k': 100000, all: null, data: 'data' };

// mulberry32: a tiny, well-known 32-bit PRNG; deterministic across platforms.
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (arr) => arr[Math.floor(next() * arr.length)];
  return next;
}

export const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');
export const sha256File = (file) => sha256(fs.readFileSync(file));

// FNV-1a of a string, to derive per-size seeds.
export function fnv1a(s) {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(s)) h = Math.imul(h ^ c, 0x01000193) >>> 0;
  return h;
}

export const readJsonl = (file) =>
  fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));

export const writeJson = (file, v) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(v, null, 2) + '\n');
};

export const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// Runs argv under /usr/bin/time -v; returns {seconds, peakKiB, stdout, stderr}.
export function timed(argv, { cwd, env } = {}) {
  const tfile = path.join(WORK, `.time-${process.pid}-${Date.now()}.txt`);
  fs.mkdirSync(WORK, { recursive: true });
  const t0 = process.hrtime.bigint();
  let stdout;
  try {
    stdout = execFileSync('/usr/bin/time', ['-v', '-o', tfile, ...argv], {
      cwd,
      env: { ...process.env, ...env },
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    throw new Error(`${argv.join(' ')} failed (${e.status}):\n${e.stderr || ''}\n${e.stdout || ''}`.slice(0, 4000));
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const text = fs.readFileSync(tfile, 'utf8');
  fs.rmSync(tfile);
  const peakKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(text)[1]);
  return { seconds: wall, peakKiB, stdout };
}

// Walks a directory: [{rel, bytes}] for every file.
export function listFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push({ rel: path.relative(dir, p), bytes: fs.statSync(p).size });
    }
  };
  walk(dir);
  return out;
}

// ------------------------------------------------------------------ ricerca CLI
export const ricercaHelp = () => {
  const r = spawnSync(BIN, ['help'], { encoding: 'utf8' });
  return (r.stdout || '') + (r.stderr || '');
};
export const ricercaVersion = () => execFileSync(BIN, ['-V'], { encoding: 'utf8' }).trim();

// The real static server (tests/lib/serve.mjs) with this binary.
export const serve = (dir, headers = []) => serveWith(BIN, dir, headers);

// The shared flags, plus gc() for the memory figures.
// The harness page of `engine` under `base` (the server's URL), opened with `opts`
// (the query {q, filters}, and harness options) in its hash.
export const benchUrl = (base, engine, opts) => `${base}${engine}/bench.html#${encodeURIComponent(JSON.stringify(opts))}`;

export const CHROMIUM_ARGS = [...CHROMIUM_FLAGS, '--js-flags=--expose-gc'];

// Percentile by nearest rank on a sorted copy.
export function pct(values, p) {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[i];
}
export const median = (v) => pct(v, 50);
