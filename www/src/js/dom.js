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

/** An element whose class and part (`::part()` name) are both `name`; `attrs` may override them. */
export const hp = (tag, name, attrs, ...kids) => h(tag, { class: name, part: name, ...attrs }, ...kids);

/** A `<button type=button>` doing `act` (its data-act, see Widget.act), of class and part `act` unless `attrs` say otherwise. */
export const btn = (act, attrs, ...kids) => hp('button', act, { type: 'button', 'data-act': act, ...attrs }, ...kids);

/**
 * Text with [start, end) code-point ranges wrapped in <mark>, as DOM nodes. The ranges
 * come from the engine, sorted (src/snippet.rs); overlaps and ends past the text are cut.
 */
export const marked = (text, ranges) => {
  const frag = document.createDocumentFragment();
  const cp = Array.from(str(text));
  let pos = 0;
  for (const [s, e] of ranges || []) {
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
