// Renderers: an engine answer as DOM (text nodes only for record data).
import { btn, h, hp, marked, safeUrl } from './dom.js';
import { FACET_LIMIT, facetValues, visibleValues } from './facets.js';
import { RETRYABLE } from './strings.js';
import { FACETS, slug } from './util.js';

/**
 * The `<li>` of one hit. `lang`: the language of the record's own text when the hit
 * does not say (`hit.lang`); set on its summary when it differs from the page's.
 */
export function hitItem(x, L, lang) {
  const li = h('li', { class: 'hit', part: 'result' });
  li.append(...recordParts(x, L, lang, 'h3'));
  if (x.related && x.related.length) li.append(relatedList(x.related, L));
  return li;
}

// Title (a link when the record has an http(s) URL), badge, summary and places.
function recordParts(x, L, lang, tag) {
  const kind = slug(x.kind);
  const href = safeUrl(x.url);
  const hl = x.highlights || {};
  const title = marked(x.title, hl.title);
  const out = [
    h(
      'div',
      { class: 'head' },
      hp(tag, 'title', null, href ? h('a', { href, part: 'link' }, title) : title),
      x.kind_label ? h('span', { class: 'badge k-' + kind, part: 'badge badge-' + kind }, x.kind_label) : null
    ),
  ];
  const tl = x.lang || lang.record;
  if (x.snippet) out.push(hp('p', 'snippet', { lang: tl && tl !== lang.ui ? tl : null }, marked(x.snippet, hl.snippet)));
  const meta = metaList(x, L);
  if (meta.firstChild) out.push(meta);
  return out;
}

/** A related record shown inside the result that names it (null: not found). */
export const relatedCard = (x, L, lang) =>
  x ? h('div', { class: 'relcard', part: 'related-record' }, recordParts(x, L, lang, 'h4')) : h('p', { class: 'relcard' }, L.relNone);

function metaList(x, L) {
  const meta = hp('dl', 'meta');
  if (x.city) meta.append(h('div', null, h('dt', null, L.city), h('dd', null, x.city)));
  for (const k of ['region', 'country', 'sector']) {
    const vals = (x[k] || []).map((v) => v.label);
    if (vals.length) {
      meta.append(h('div', null, h('dt', null, vals.length > 1 ? L.plural[k] : L.facets[k]), h('dd', null, vals.join(', '))));
    }
  }
  return meta;
}

// Related records: disclosure buttons that open the record in place (see Widget.related).
function relatedList(rel, L) {
  const item = (r) => h('li', null, btn('related', { class: 'rel', part: 'related-link', 'data-id': r.id, 'data-q': r.title, 'aria-expanded': 'false' }, r.title));
  return hp('div', 'related', null, h('span', { class: 'rl' }, L.related + ':'), h('ul', null, rel.map(item)));
}

/** One checkbox row of a facet panel. */
function option(f, v) {
  return h(
    'li',
    null,
    h(
      'label',
      { class: 'opt', part: 'facet-option' },
      h('input', { type: 'checkbox', value: v.value, 'data-facet': f, 'data-key': f + '\n' + v.value, checked: v.on }),
      h('span', { class: 'ol' }, v.label),
      h('span', { class: 'cnt', part: 'count' }, h('span', { class: 'vh' }, '('), String(v.count), h('span', { class: 'vh' }, ')'))
    )
  );
}

/**
 * The facet panels of an answer: `{groups, nsel}`. `ctx`: `{facets, sel, open, label,
 * collator, L, rank, fq, found, fields}` (`rank`: per facet, a frozen order of values, or none;
 * `fq`: per facet, the text in its search field; `found`: the engine's matches for it;
 * `fields`: per facet, the search field already on the page, reused instead of a new one).
 */
export function facetGroups(res, ctx) {
  const L = ctx.L;
  const groups = [];
  let nsel = 0;
  for (const f of ctx.facets) {
    const sel = ctx.sel[f];
    nsel += sel.length;
    const vals = facetValues(res.facets && res.facets[f], sel, (v) => ctx.label(f, v), ctx.collator, ctx.rank && ctx.rank[f]);
    if (!vals.length) continue;
    const shown = visibleValues(vals, ctx.open[f], ctx.rank && ctx.rank[f]);
    // Every value the answer has, also past the engine's list (facet_limit).
    const total = Math.max(vals.length, (res.facet_totals || [])[FACETS.indexOf(f)] || 0);
    const found = ctx.found[f];
    const ul = h('ul', { class: 'opts', id: 'opts-' + f });
    if (found) ul.append(...found.values.map((v) => option(f, { value: v.value, label: v.label, count: v.count, on: sel.includes(v.value) })));
    else if (f === 'region') ul.append(...regionGroups(shown, ctx));
    else ul.append(...shown.map((v) => option(f, v)));
    const fs = hp('fieldset', 'facet', { 'data-facet': f }, h('legend', { class: 'legend', part: 'facet-title' }, L.facets[f]));
    // A search field in panels with more values than fit (any value, even beyond the
    // engine's list, can be found: Widget.findValues).
    if (total > FACET_LIMIT || ctx.fq[f]) {
      fs.append(ctx.fields[f] || h('input', { type: 'search', class: 'input', part: 'facet-search', 'data-fq': f, 'data-key': 'fq\n' + f, value: ctx.fq[f] || '', 'aria-label': L.findIn(L.facets[f]), 'aria-controls': 'opts-' + f, autocomplete: 'off' }));
    }
    fs.append(ul);
    const note = (text) => fs.append(h('p', { class: 'fqn', part: 'facet-found' }, text));
    if (found) note(L.found(found.total));
    else if (vals.length > shown.length || ctx.open[f]) {
      const open = ctx.open[f];
      fs.append(
        btn(
          'toggle',
          { part: 'facet-more', 'data-facet': f, 'data-key': 'toggle\n' + f, 'aria-controls': 'opts-' + f, 'aria-expanded': String(!!open) },
          open ? L.showLess : L.showMore(vals.length - shown.length, total)
        )
      );
      // Open, the list ends at the engine's limit: the others are found with the field.
      if (open && total > vals.length) note(L.rest(total - vals.length));
    }
    groups.push(fs);
  }
  return { groups, nsel };
}

/**
 * Regions grouped under their country (the code before '-': IT-25 under IT), each group
 * a list item holding a fieldset named after the country; the selected countries' groups
 * first, then in the order of their first region. One country: the plain list.
 */
function regionGroups(shown, ctx) {
  const by = new Map();
  for (const v of shown) {
    const c = v.value.split('-')[0];
    if (!by.has(c)) by.set(c, []);
    by.get(c).push(v);
  }
  if (by.size < 2) return shown.map((v) => option('region', v));
  const sel = ctx.sel.country;
  const order = Array.from(by.keys()).sort((a, b) => sel.includes(b) - sel.includes(a));
  return order.map((c) =>
    h('li', { class: 'rg' }, h('fieldset', { class: 'sub' }, h('legend', { class: 'legend' }, ctx.label('country', c)), h('ul', { class: 'opts' }, by.get(c).map((v) => option('region', v)))))
  );
}

/** The chips of the active filters (`[facet, value, label]` triples). */
export const chipItems = (active, L) =>
  active.map(([f, v, label]) =>
    h(
      'li',
      null,
      btn(
        'chip',
        { 'data-facet': f, 'data-value': v },
        h('span', { class: 'vh' }, L.remove + ' '),
        h('span', { class: 'cf' }, L.facets[f] + ':'),
        ' ',
        label,
        h('span', { class: 'x', 'aria-hidden': 'true' }, '×')
      )
    )
  );

/** What an empty answer says: the reason and a way out. */
export function emptyState(q, filtered, L) {
  const out = [h('p', { class: 'et' }, q ? L.noneFor(q) : L.none)];
  if (filtered) {
    out.push(h('p', null, L.tryFilters + ' ', btn('clear', { class: 'link', part: null }, L.clearAll)));
  } else {
    out.push(h('p', null, L.trySpelling));
    if (q) out.push(h('p', null, btn('showall', { class: 'link', part: null }, L.showAll)));
  }
  return out;
}

/** An error in words, with "try again" when trying again may help. Returns the code shown. */
export function errorBox(el, e, L) {
  const code = e && typeof e.code === 'string' && L.err[e.code] ? e.code : 'internal';
  el.append(h('p', null, h('strong', null, L.down), ' ', L.err[code](e.status, e.what)));
  if (RETRYABLE.includes(code)) el.append(btn('retry', null, L.retry));
  return code;
}
