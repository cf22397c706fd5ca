// The widget's fixed DOM, built once per widget (and again when its options change).
import { ASSETS, asset } from './env.js';
import { btn, h, hp } from './dom.js';

/**
 * Builds the shadow tree of `w` (a Widget) and stores its parts on it: input, status,
 * note, live, loadingEl, loadingText, errorEl, chips, chipList, details, groups, nsel,
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
  const form = hp(
    'form',
    'form',
    { role: 'search', 'aria-labelledby': 'label' },
    hp('label', 'label', { for: 'q', id: 'label' }, o.label || L.label),
    h('div', { class: 'field' }, w.input)
  );
  const skip = btn('skip', null, L.skip);
  w.loadingText = document.createTextNode(L.loading);
  w.loadingEl = hp('p', 'loading', { hidden: true }, h('span', { class: 'spin', 'aria-hidden': 'true' }), w.loadingText);
  w.errorEl = hp('div', 'error', { role: 'alert' });
  // The visible count; screen readers hear the settled one from `live` (see announce()).
  w.status = hp('p', 'status', { id: 'status' });
  // Why an answer is not the plain one: a relaxed query, a partial answer.
  w.note = hp('p', 'note', { hidden: true });
  w.live = h('p', { class: 'vh', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
  w.chipList = h('ul', { class: 'chiplist', 'aria-label': L.active });
  w.chips = hp('div', 'chips', { hidden: true }, w.chipList, btn('clear', null, L.clearAll));
  buildFacets(w);
  buildResults(w);
  box.append(form, skip, w.loadingEl, w.errorEl, w.status, w.note, w.live, w.chips, h('div', { class: 'body' }, w.details, w.results));
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
  w.applyBtn = btn('apply');
  // Hidden until there are values.
  w.details = hp(
    'details',
    'facets',
    { hidden: true },
    h('summary', { class: 'summary', part: 'facets-toggle' }, h('span', { id: 'fh' }, L.filters), w.nsel),
    w.groups,
    h('div', { class: 'bar' }, w.applyBtn)
  );
}

function buildResults(w) {
  const L = w.L;
  w.list = hp('ol', 'list', { id: 'list' });
  w.emptyEl = hp('div', 'empty', { hidden: true });
  w.shownEl = hp('p', 'shown', { hidden: true });
  w.moreBtn = btn('more', { hidden: true }, L.more);
  const heading = h('h2', { id: 'rh', class: 'vh' }, L.results);
  w.results = hp('section', 'results', { 'aria-labelledby': 'rh', tabindex: '-1' }, heading, w.list, w.emptyEl, w.shownEl, w.moreBtn);
}
