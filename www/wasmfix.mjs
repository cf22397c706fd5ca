// Repairs a wasm-opt (binaryen <= 108) writer bug: with several tables, an exported
// table (wasm-bindgen's `__wbindgen_externrefs`, an externref table) is written
// pointing at table 0 (the funcref table), and the glue then fails with
// "WebAssembly.Table.set(): Argument 1 is invalid for table". Every table export
// of the optimised module is checked against the original: when its element type
// differs, it is pointed back at the one table of the right type and size.

const leb = (b, pos) => {
  let r = 0;
  let s = 0;
  let x;
  do {
    x = b[pos.i++];
    r += (x & 0x7f) * 2 ** s;
    s += 7;
  } while (x & 0x80);
  return r;
};
const uleb = (n) => {
  const out = [];
  do {
    let x = n % 128;
    n = Math.floor(n / 128);
    if (n) x |= 0x80;
    out.push(x);
  } while (n);
  return Buffer.from(out);
};
const limits = (b, pos) => {
  const flags = leb(b, pos);
  const min = leb(b, pos);
  if (flags & 1) leb(b, pos);
  return min;
};

function parse(b) {
  if (b.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const pos = { i: 8 };
  const sections = [];
  const tables = []; // {type, min}, imported first (index space order)
  const exports = []; // {name, kind, index}
  while (pos.i < b.length) {
    const start = pos.i;
    const id = b[pos.i++];
    const len = leb(b, pos);
    const body = pos.i;
    const end = body + len;
    sections.push({ id, start, end });
    if (id === 2) {
      const n = leb(b, pos);
      for (let k = 0; k < n; k++) {
        for (let part = 0; part < 2; part++) {
          const l = leb(b, pos); // module, then field name (read the length first)
          pos.i += l;
        }
        const kind = b[pos.i++];
        if (kind === 0) leb(b, pos);
        else if (kind === 1) {
          const type = b[pos.i++];
          tables.push({ type, min: limits(b, pos) });
        } else if (kind === 2) limits(b, pos);
        else if (kind === 3) pos.i += 2;
        else if (kind === 4) {
          pos.i++;
          leb(b, pos);
        } else throw new Error('unknown import kind ' + kind);
      }
    } else if (id === 4) {
      const n = leb(b, pos);
      for (let k = 0; k < n; k++) {
        const type = b[pos.i++];
        tables.push({ type, min: limits(b, pos) });
      }
    } else if (id === 7) {
      const n = leb(b, pos);
      for (let k = 0; k < n; k++) {
        const nl = leb(b, pos);
        const name = b.subarray(pos.i, pos.i + nl).toString('utf8');
        pos.i += nl;
        const kind = b[pos.i++];
        exports.push({ name, kind, index: leb(b, pos) });
      }
    }
    pos.i = end;
  }
  return { sections, tables, exports };
}

export function fixTableExports(original, optimised) {
  const a = parse(original);
  const o = parse(optimised);
  let fixed = 0;
  for (const e of o.exports) {
    if (e.kind !== 1) continue;
    const was = a.exports.find((x) => x.kind === 1 && x.name === e.name);
    if (!was) continue;
    const want = a.tables[was.index];
    if (o.tables[e.index] && o.tables[e.index].type === want.type) continue;
    const cands = o.tables.map((t, i) => [t, i]).filter(([t]) => t.type === want.type && t.min === want.min);
    if (cands.length !== 1) throw new Error(`cannot repair table export ${e.name}`);
    e.index = cands[0][1];
    fixed++;
  }
  if (!fixed) return { wasm: optimised, fixed };
  const sec = o.sections.find((s) => s.id === 7);
  const body = [uleb(o.exports.length)];
  for (const e of o.exports) {
    const nm = Buffer.from(e.name, 'utf8');
    body.push(uleb(nm.length), nm, Buffer.from([e.kind]), uleb(e.index));
  }
  const payload = Buffer.concat(body);
  const wasm = Buffer.concat([
    optimised.subarray(0, sec.start),
    Buffer.from([7]),
    uleb(payload.length),
    payload,
    optimised.subarray(sec.end),
  ]);
  // Re-check: every table export now has the original's element type.
  const c = parse(wasm);
  for (const e of c.exports) {
    const was = a.exports.find((x) => x.kind === 1 && x.name === e.name);
    if (e.kind === 1 && was && c.tables[e.index].type !== a.tables[was.index].type) throw new Error('repair failed');
  }
  return { wasm, fixed };
}
