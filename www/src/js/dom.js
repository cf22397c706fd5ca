// DOM helpers. Record data only ever becomes text nodes, never markup.
import { str } from './util.js';

/** An element with attributes (null/false skipped, true as '') and children (nested arrays flattened). */
export const h = (tag, attrs, ...kids) => {
  const el = document.createElement(tag);
  if (attrs) {
    for (const k of Object.keys(attrs)) {
      const v = attrs[k];
      if (v == null || v === false) continue;
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const k of kids.flat(9)) if (k != null && k !== false) el.append(k);
  return el;
};

/** Text with [start, end) code-point ranges wrapped in <mark>, as DOM nodes. */
export const marked = (text, ranges) => {
  const frag = document.createDocumentFragment();
  const cp = Array.from(str(text));
  const rs = (Array.isArray(ranges) ? ranges : [])
    .filter((r) => Array.isArray(r) && r.length === 2)
    .map((r) => [Math.max(0, Math.floor(+r[0]) || 0), Math.min(cp.length, Math.floor(+r[1]) || 0)])
    .filter((r) => r[0] < r[1])
    .sort((a, b) => a[0] - b[0]);
  let pos = 0;
  for (const [s, e] of rs) {
    if (e <= pos) continue;
    const start = Math.max(s, pos);
    if (start > pos) frag.append(cp.slice(pos, start).join(''));
    frag.append(h('mark', { part: 'mark' }, cp.slice(start, e).join('')));
    pos = e;
  }
  if (pos < cp.length) frag.append(cp.slice(pos).join(''));
  return frag;
};

/** Only http(s) links (relative ones resolve against the page); anything else null. */
export const safeUrl = (u) => {
  if (typeof u !== 'string' || !u.trim()) return null;
  try {
    const p = new URL(u, document.baseURI);
    return p.protocol === 'https:' || p.protocol === 'http:' ? p.href : null;
  } catch (e) {
    return null;
  }
};

/** Runs fn when the browser is idle (at the latest after 4 s). */
export const later = (fn) => (window.requestIdleCallback ? requestIdleCallback(fn, { timeout: 4000 }) : setTimeout(fn, 1500));
