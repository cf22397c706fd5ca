// The curated data/ TOML files as ricerca JSONL lines (sectors as {type: 'sector', ...}), for
// the competitors: ricerca builds data/ itself.
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';

export function tomlLines(dir) {
  const out = [];
  for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.toml')).sort()) {
    const t = parseToml(fs.readFileSync(path.join(dir, f), 'utf8'));
    for (const s of t.sector || []) out.push({ type: 'sector', ...s });
    for (const r of t.record || []) out.push(r);
  }
  return out;
}
