// A small TOML reader for the subset the data files use, so the tests can compute
// expected results from data/*.toml independently of the Rust builder:
// comments, [table] and [[array.of.tables]] headers, bare/quoted keys, basic and
// literal strings (single and multi-line), integers, floats, booleans, arrays
// (nested, multi-line, trailing commas) and inline tables.

export function parseToml(text, file = 'toml') {
  let i = 0;
  const n = text.length;
  const root = {};
  let table = root;
  const err = (msg) => {
    const line = text.slice(0, i).split('\n').length;
    throw new Error(`${file}:${line}: ${msg}`);
  };
  const ws = () => {
    while (i < n && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const wsnl = () => {
    for (;;) {
      ws();
      if (text[i] === '#') while (i < n && text[i] !== '\n') i++;
      if (text[i] === '\n' || text[i] === '\r') i++;
      else return;
    }
  };
  const escape = () => {
    const c = text[i++];
    const simple = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
    if (c in simple) return simple[c];
    if (c === 'u' || c === 'U') {
      const len = c === 'u' ? 4 : 8;
      const hex = text.slice(i, i + len);
      i += len;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    if (c === '\n' || c === ' ' || c === '\t' || c === '\r') {
      // line-ending backslash in multi-line strings
      while (i < n && /\s/.test(text[i])) i++;
      return '';
    }
    return err('bad escape \\' + c);
  };
  const string = () => {
    const q = text[i];
    const multi = text.startsWith(q.repeat(3), i);
    i += multi ? 3 : 1;
    if (multi && text[i] === '\n') i++;
    else if (multi && text.startsWith('\r\n', i)) i += 2;
    let out = '';
    for (;;) {
      if (i >= n) err('unterminated string');
      if (multi ? text.startsWith(q.repeat(3), i) : text[i] === q) {
        i += multi ? 3 : 1;
        // up to two extra quotes may close a multi-line string
        while (multi && text[i] === q) {
          out += q;
          i++;
        }
        return out;
      }
      const c = text[i++];
      if (c === '\\' && q === '"') out += escape();
      else if (c === '\n' && !multi) err('newline in string');
      else out += c;
    }
  };
  const key = () => {
    const parts = [];
    for (;;) {
      ws();
      if (text[i] === '"' || text[i] === "'") parts.push(string());
      else {
        const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i, i + 200));
        if (!m) err('expected a key');
        parts.push(m[0]);
        i += m[0].length;
      }
      ws();
      if (text[i] !== '.') return parts;
      i++;
    }
  };
  const value = () => {
    const c = text[i];
    if (c === '"' || c === "'") return string();
    if (c === '[') {
      i++;
      const arr = [];
      for (;;) {
        wsnl();
        if (text[i] === ']') {
          i++;
          return arr;
        }
        arr.push(value());
        wsnl();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') err('expected , or ] in array');
      }
    }
    if (c === '{') {
      i++;
      const obj = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        const k = key();
        if (text[i] !== '=') err('expected =');
        i++;
        ws();
        setPath(obj, k, value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return obj;
        } else err('expected , or } in inline table');
      }
    }
    const m = /^[^\s,\]}#]+/.exec(text.slice(i, i + 100));
    if (!m) err('expected a value');
    i += m[0].length;
    const v = m[0];
    if (v === 'true') return true;
    if (v === 'false') return false;
    if (/^[+-]?\d[\d_]*$/.test(v)) return parseInt(v.replace(/_/g, ''), 10);
    if (/^[+-]?[\d_]+(\.[\d_]+)?([eE][+-]?\d+)?$/.test(v)) return parseFloat(v.replace(/_/g, ''));
    return err('unsupported value ' + v);
  };
  const setPath = (obj, parts, v) => {
    let o = obj;
    for (const p of parts.slice(0, -1)) o = o[p] ??= {};
    const last = parts[parts.length - 1];
    if (last in o) err('duplicate key ' + parts.join('.'));
    o[last] = v;
  };
  for (;;) {
    wsnl();
    if (i >= n) return root;
    if (text[i] === '[') {
      const arrayOf = text[i + 1] === '[';
      i += arrayOf ? 2 : 1;
      const parts = key();
      if (text[i] !== ']' || (arrayOf && text[i + 1] !== ']')) err('bad table header');
      i += arrayOf ? 2 : 1;
      let o = root;
      for (const p of parts.slice(0, -1)) {
        o = o[p] ??= {};
        if (Array.isArray(o)) o = o[o.length - 1];
      }
      const last = parts[parts.length - 1];
      if (arrayOf) {
        (o[last] ??= []).push((table = {}));
      } else {
        table = o[last] ??= {};
      }
      continue;
    }
    const k = key();
    if (text[i] !== '=') err('expected =');
    i++;
    ws();
    setPath(table, k, value());
    ws();
    if (text[i] === '#') while (i < n && text[i] !== '\n') i++;
    if (i < n && text[i] !== '\n' && text[i] !== '\r') err('junk after value');
  }
}
