// Widget options from attributes and mount() overrides. Pure: the caller passes a
// reader for the element's attributes and what the page says around it.
import { FACETS, uniq } from './util.js';

const OFF = /^(off|false|no|0)$/i;

/** `it` or `en` from a BCP 47 tag (anything else English, empty Italian). */
export const uiLang = (tag) => {
  const t = (tag || '').trim();
  return /^en\b/i.test(t) ? 'en' : /^it\b/i.test(t) || !t ? 'it' : 'en';
};

/** The facet list from `"region, kind"`: known names only, in the given order. */
export const facetList = (v) => (v == null ? FACETS.slice() : uniq(v.toLowerCase().split(/[\s,]+/).filter((x) => FACETS.includes(x))));

/**
 * Options of one widget.
 * - `get(name)`: the attribute value for an option's dashed name (`per-page`), or null;
 *   mount() overrides come first (camelCase keys).
 * - `ctx`: `{lang}` the nearest `lang` of the page, `{index}` the script's
 *   `data-index`, `{position}` the widget's index among the page's widgets (-1 when not
 *   in the document), `{loose}` a counter for widgets outside the document.
 */
export function parseOptions(get, ctx) {
  let prefix = (get('url-prefix') || '').replace(/[^A-Za-z0-9_-]/g, '');
  if (!prefix) {
    const i = ctx.position;
    prefix = i === 0 ? 'r' : i > 0 ? 'r' + (i + 1) : 'rx' + ctx.loose;
  }
  const pf = get('prefetch') || '';
  const theme = (get('theme') || '').toLowerCase();
  return {
    lang: uiLang(get('lang') || ctx.lang),
    facets: facetList(get('facets')),
    prefix,
    index: get('index') || ctx.index || null,
    assets: get('assets') || null,
    perPage: Math.min(100, Math.max(1, parseInt(get('per-page'), 10) || 10)),
    placeholder: get('placeholder'),
    label: get('label'),
    url: !OFF.test(get('url-state') || ''),
    prefetch: /^\s*\d+\s*$/.test(pf) ? +pf : OFF.test(pf) ? 0 : 8,
    recordLang: (get('record-lang') || 'it').trim(),
    theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
  };
}

/** `per-page` -> `perPage`: the mount() override key of a dashed option name. */
export const camel = (name) => name.replace(/-([a-z])/g, (m, c) => c.toUpperCase());
