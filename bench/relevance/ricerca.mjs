// ricerca through its CLI: building an index and `ricerca search --json`. Node's standard
// library only, so the floor check (floor.mjs, run by `make test`) needs no npm install.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const FACETS = ['country', 'region', 'sector', 'kind'];

// One CLI run per query; returns the ranked record ids.
export function ricerca(bin, index) {
  return (query, filters = {}, limit = 10) => {
    const args = ['search', index, query, '--json', '--limit', String(limit)];
    for (const f of FACETS) for (const v of filters[f] || []) args.push(`--${f}`, v);
    const out = JSON.parse(execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 64 << 20 }));
    return out.hits.map((h) => h.id);
  };
}

// Runs the ricerca CLI quietly; a failure throws with the command and its stderr.
export function cli(bin, args) {
  try {
    execFileSync(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  } catch (e) {
    throw new Error(`${bin} ${args.join(' ')} failed:\n${e.stderr || e.message}`);
  }
}

// `ricerca build INPUTS -o OUT` into a fresh folder; returns OUT.
export function buildIndex(bin, inputs, out) {
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  cli(bin, ['build', ...inputs, '-o', out]);
  return out;
}

// Every record id of an index (a browse without a query).
export function allIds(bin, index) {
  return new Set(ricerca(bin, index)('', {}, 1000000));
}
