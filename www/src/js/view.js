// The widget's fixed DOM, built once per widget (and again when its options change).
import { ASSETS, asset } from './env.js';
import { h } from './dom.js';

/**
 * Builds the shadow tree of `w` (a Widget) and stores its parts on it: input, status,
 * live, loadingEl, loadingText, errorEl, chips, chipList, details, groups, nsel,
 * applyBtn, results, list, emptyEl, shownEl, moreBtn, box.
 */
export function buildView(w) {
  const L = w.L;
  const o = w.o;
  const root = w.host.shadowRoot || w.host.attachShadow({ mode: 'open' });
  root.replaceChildren();
  w.root = root;
  const css = h('link', { rel: 'stylesheet', href: asset(ASSETS.css, o.assets) });
  const box = h('div', { class: 'rq', part: 'root', lang: o.lang, 'data-theme': o.theme, hidden: true });
  const reveal = () => {
    box.hidden = false;
    w.fit();
  };
  css.addEventListener('load', reveal);
  css.addEventListener('error', reveal);
  setTimeout(reveal, 1500);

  w.input = h('input', {
    type: 'search',
    id: 'q',
    part: 'input',
    class: 'input',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    enterkeyhint: 'search',
    'aria-controls': 'list',
    'aria-describedby': 'status',
    placeholder: o.placeholder || L.placeholder,
  });
  const form = h(
    'form',
    { role: 'search', class: 'form', part: 'form', 'aria-labelledby': 'label' },
    h('label', { for: 'q', id: 'label', class: 'label', part: 'label' }, o.label || L.label),
    h('div', { class: 'field' }, w.input)
  );
  const skip = h('button', { type: 'button', class: 'skip', part: 'skip', 'data-act': 'skip' }, L.skip);
  w.loadingText = document.createTextNode(L.loading);
  w.loadingEl = h('p', { class: 'loading', part: 'loading', hidden: true }, h('span', { class: 'spin', 'aria-hidden': 'true' }), w.loadingText);
  w.errorEl = h('div', { class: 'error', part: 'error', role: 'alert' });
  // The visible count; screen readers hear the settled one from `live` (see announce()).
  w.status = h('p', { class: 'status', part: 'status', id: 'status' });
  w.live = h('p', { class: 'vh', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  w.chipList = h('ul', { class: 'chiplist', 'aria-label': L.active });
  w.chips = h(
    'div',
    { class: 'chips', part: 'chips', hidden: true },
    w.chipList,
    h('button', { type: 'button', class: 'clear', part: 'clear', 'data-act': 'clear' }, L.clearAll)
  );
  buildFacets(w);
  buildResults(w);
  box.append(form, skip, w.loadingEl, w.errorEl, w.status, w.live, w.chips, h('div', { class: 'body' }, w.details, w.results));
  root.append(css, box);
  w.box = box;
  return form;
}

// The filters: a <details> (a panel over the results on a narrow widget) holding one
// fieldset per facet, named as a group, with a "show N results" button for phones.
function buildFacets(w) {
  const L = w.L;
  w.nsel = h('span', { class: 'nsel' });
  w.groups = h('div', { class: 'groups', role: 'group', 'aria-labelledby': 'fh' });
  w.applyBtn = h('button', { type: 'button', class: 'apply', part: 'apply', 'data-act': 'apply' });
  w.details = h(
    'details',
    { class: 'facets', part: 'facets', hidden: true }, // shown once there are values
    h('summary', { class: 'summary', part: 'facets-toggle' }, h('span', { id: 'fh' }, L.filters), w.nsel),
    w.groups,
    h('div', { class: 'bar' }, w.applyBtn)
  );
}

function buildResults(w) {
  const L = w.L;
  w.list = h('ol', { class: 'list', part: 'list', id: 'list' });
  w.emptyEl = h('div', { class: 'empty', part: 'empty', hidden: true });
  w.shownEl = h('p', { class: 'shown', part: 'shown', hidden: true });
  w.moreBtn = h('button', { type: 'button', class: 'more', part: 'more', 'data-act': 'more', hidden: true }, L.more);
  w.results = h(
    'section',
    { class: 'results', part: 'results', 'aria-labelledby': 'rh', tabindex: '-1' },
    h('h2', { id: 'rh', class: 'vh' }, L.results),
    w.list,
    w.emptyEl,
    w.shownEl,
    w.moreBtn
  );
}
