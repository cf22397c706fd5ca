// The widget's state in the address bar: `<prefix>q` for the query and repeated
// `<prefix>f_<facet>` for the filters. Pure functions of a query string.
import { FACETS, uniq } from './util.js';

const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
const decKey = (part) => {
  const k = part.split('=')[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(k);
  } catch (e) {
    return k;
  }
};

/** Is the parameter name `k` one of this widget's (prefix `p`)? */
export const ownsKey = (p, k) => k === p + 'q' || FACETS.some((f) => k === p + 'f_' + f);

/**
 * Reads `{q, f}` from a query string (`?…`): `f` has every facet of FACETS, empty
 * unless listed in `facets`; values split at commas, trimmed, unique.
 */
export function readState(search, prefix, facets) {
  const sp = new URLSearchParams(search);
  const f = {};
  for (const k of FACETS) {
    f[k] = facets.includes(k)
      ? uniq(sp.getAll(prefix + 'f_' + k).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))
      : [];
  }
  return { q: sp.get(prefix + 'q') || '', f };
}

/**
 * The query string (`?…` or '') with this widget's parameters replaced by `state`;
 * other parameters keep their exact encoding and order.
 */
export function writeState(search, prefix, facets, state) {
  const parts = search
    .replace(/^\?/, '')
    .split('&')
    .filter((s) => s && !ownsKey(prefix, decKey(s)));
  if (state.q) parts.push(enc(prefix + 'q') + '=' + enc(state.q));
  for (const k of facets) for (const v of state.f[k] || []) parts.push(enc(prefix + 'f_' + k) + '=' + enc(v));
  return parts.length ? '?' + parts.join('&') : '';
}
