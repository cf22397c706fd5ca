// One widget: its state (query, filters, page), the actions that change it, the
// events it tells the page about, and drawing the engine's answers.
import { load } from './engine.js';
import { SCRIPT_INDEX } from './env.js';
import { later } from './dom.js';
import { camel, parseOptions } from './options.js';
import { chipItems, emptyState, errorBox, facetGroups, hitItem, relatedCard } from './render.js';
import { T } from './strings.js';
import { readState, writeState } from './urlstate.js';
import { buildView } from './view.js';
import { FACETS, str, uniq } from './util.js';

const DEBOUNCE_MS = 120;
// Screen readers hear the count once typing has settled for this long.
const ANNOUNCE_MS = 900;
let loose = 0;

// The options of `host`: mount() overrides, then `data-x`, then plain `x` attributes.
const optionsOf = (host, over) => {
  const get = (name) => {
    const o = over[camel(name)];
    if (o != null) return String(o);
    const v = host.getAttribute('data-' + name);
    return v != null ? v : host.getAttribute(name);
  };
  const langEl = host.parentElement && host.parentElement.closest('[lang]');
  return parseOptions(get, {
    lang: (langEl && langEl.getAttribute('lang')) || document.documentElement.lang,
    index: SCRIPT_INDEX,
    position: Array.from(document.querySelectorAll('[data-ricerca], ricerca-search')).indexOf(host),
    loose: ++loose,
  });
};

export class Widget {
  constructor(host, over, onDestroy) {
    this.host = host;
    this.over = over || {};
    this.onDestroy = onDestroy;
    this.f = {};
    for (const k of FACETS) this.f[k] = [];
    this.q = '';
    this.page = 1;
    this.shown = 0;
    this.seq = 0;
    this.labels = new Map();
    this.open = {};
    this.fq = {};
    this.found = {};
    this.fqSeq = {};
    this.hits = new WeakMap();
    this.onPop = () => this.fromUrl(true);
    this.setup();
    const restored = this.fromUrl(false);
    this.attach();
    const warm = () => this.warm();
    for (const ev of ['focusin', 'pointerdown', 'pointerenter']) host.addEventListener(ev, warm, { once: true });
    if (restored) this.go(null);
    else later(warm);
  }

  // Options, words and DOM from the host's attributes (again when they change).
  setup() {
    const old = this.o;
    this.o = optionsOf(this.host, this.over);
    this.L = T[this.o.lang];
    if (!old || old.index !== this.o.index || old.assets !== this.o.assets) {
      this.engine = null;
      this.pending = null;
      this.failed = null;
    }
    this.fitted = false;
    this.listen(buildView(this));
  }

  /** Options changed (attributes or properties): rebuild, keep the query and filters. */
  update() {
    const q = this.q;
    this.setup();
    this.input.value = q;
    for (const k of FACETS) if (!this.o.facets.includes(k)) this.f[k] = [];
    this.go(null);
  }

  attach() {
    if (!this.attached) window.addEventListener('popstate', this.onPop);
    this.attached = true;
  }

  detach() {
    window.removeEventListener('popstate', this.onPop);
    this.attached = false;
  }

  /** Unmounts: listeners off, shadow tree emptied; `ricerca.mount` may mount it again. */
  destroy() {
    this.detach();
    clearTimeout(this.timer);
    clearTimeout(this.sayTimer);
    this.seq++;
    this.dead = true;
    this.root.replaceChildren();
    this.onDestroy();
  }

  listen(form) {
    this.input.addEventListener('input', (e) => {
      if (!e.isComposing) this.schedule();
    });
    this.input.addEventListener('compositionend', () => this.schedule());
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.go('replace');
    });
    const box = this.box;
    box.addEventListener('input', (e) => {
      const f = e.target.dataset && e.target.dataset.fq;
      if (!f) return;
      this.fq[f] = e.target.value;
      clearTimeout(this.fqTimer);
      this.fqTimer = setTimeout(() => this.findValues(f), DEBOUNCE_MS);
    });
    box.addEventListener('change', (e) => {
      const t = e.target;
      if (t && t.type === 'checkbox' && t.dataset.facet) this.toggle(t.dataset.facet, t.value, t.checked);
    });
    box.addEventListener('click', (e) => {
      const t = e.target;
      const b = t && t.closest && t.closest('[data-act]');
      if (b) this.act(b.dataset.act, b);
      const a = t && t.closest && t.closest('a[part~=link]');
      const li = a && a.closest('.hit');
      if (li && this.hits.has(li)) this.emit('select', { ...this.now(), hit: this.hits.get(li), url: a.href });
    });
    this.details.addEventListener('toggle', () => this.panel());
    box.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.overlay()) this.act('apply');
    });
  }

  // Facets start unfolded when the widget is wide, folded when narrow (the chips
  // show the filters); decided once, as soon as the widget has a width. Reading
  // the width forces a layout, so it is read only until then.
  fit() {
    if (this.fitted) return;
    const wd = this.box && this.box.clientWidth;
    if (wd) {
      this.fitted = true;
      this.details.open = wd >= 640;
    }
  }

  // Is the filter panel open over the results (a narrow widget)?
  overlay() {
    return this.details.open && getComputedStyle(this.details).position === 'fixed';
  }

  // The phone panel keeps its values' order while open: frozen when it opens.
  panel() {
    this.rank = null;
    if (!this.overlay()) return;
    this.rank = {};
    for (const f of this.o.facets) {
      const vals = Array.from(this.groups.querySelectorAll('input[data-facet="' + f + '"]'), (el) => el.value);
      this.rank[f] = new Map(vals.map((v, i) => [v, i]));
    }
  }

  /** A bubbling, composed `ricerca:<name>` event on the host element. */
  emit(name, detail) {
    this.host.dispatchEvent(new CustomEvent('ricerca:' + name, { bubbles: true, composed: true, detail }));
  }

  /** `{query, filters}`: what the widget shows now. */
  now() {
    return { query: this.q, filters: this.filters() };
  }

  // ------------------------------------------------------------ actions
  schedule() {
    this.touched = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.go('replace'), DEBOUNCE_MS);
    if (!this.engine) this.warm();
  }

  toggle(facet, value, on) {
    const cur = this.f[facet] || [];
    this.f[facet] = on ? uniq(cur.concat(value)) : cur.filter((v) => v !== value);
    this.go('push');
  }

  /** Replaces every filter (facets not shown are ignored). */
  setFilters(filters) {
    const f = filters || {};
    for (const k of FACETS) this.f[k] = this.o.facets.includes(k) && Array.isArray(f[k]) ? uniq(f[k].map(str)) : [];
    return this.run('push');
  }

  /** Searches for `q` as if typed (the filters stay). */
  search(q) {
    this.input.value = str(q);
    return this.run('replace');
  }

  act(what, el) {
    this.touched = true;
    if (what === 'clear' || what === 'showall') {
      if (what === 'showall') this.input.value = '';
      for (const k of FACETS) this.f[k] = [];
      this.go('push');
      this.input.focus();
    } else if (what === 'chip') {
      // Focus moves to the chip that takes this one's place once the answer is drawn.
      this.chipFocus = Array.from(this.chipList.querySelectorAll('button')).indexOf(el);
      const f = el.dataset.facet;
      this.f[f] = (this.f[f] || []).filter((v) => v !== el.dataset.value);
      this.go('push');
    } else if (what === 'more') {
      this.page += 1;
      this.go(null, true);
    } else if (what === 'toggle') {
      const f = el.dataset.facet;
      this.open[f] = !this.open[f];
      if (this.res) this.renderFacets(this.res);
    } else if (what === 'related') {
      this.related(el);
    } else if (what === 'apply' || what === 'skip') {
      if (what === 'apply') this.details.open = false;
      this.results.focus();
    } else if (what === 'retry') {
      this.failed = null;
      this.go(null);
    }
  }

  // The values of facet `f` matching its search field, for the current query and the
  // other filters (the engine's facet_query: labels in both languages and codes).
  async findValues(f) {
    const text = (this.fq[f] || '').trim();
    const seq = (this.fqSeq[f] = {}); // per facet: one facet's answer never drops another's
    let found = null;
    if (text && this.engine) {
      try {
        found = await this.engine.facetQuery(this.q, { filters: this.filters(), lang: this.o.lang, limit: 50 }, f, text);
      } catch (e) {
        return this.showError(e);
      }
    }
    if (seq !== this.fqSeq[f]) return;
    this.found[f] = found;
    if (this.res) this.renderFacets(this.res);
  }

  // A related record opens inside the result that names it (query and filters stay):
  // found by searching its title, unfiltered, and picking it by id.
  async related(btn) {
    const open = btn.getAttribute('aria-expanded') === 'true';
    const box = btn.closest('.related');
    const card = box.querySelector('.relcard');
    if (card) card.remove();
    box.querySelectorAll('[aria-expanded]').forEach((b) => b.setAttribute('aria-expanded', 'false'));
    if (open || !this.engine) return;
    btn.setAttribute('aria-expanded', 'true');
    let hit = null;
    try {
      const res = await this.engine.search(btn.dataset.q, { limit: 20, lang: this.o.lang });
      hit = res.hits.find((x) => x.id === btn.dataset.id) || null;
    } catch (e) {
      /* shown as not found */
    }
    if (btn.getAttribute('aria-expanded') === 'true' && btn.isConnected) box.append(relatedCard(hit, this.L, this.langs()));
  }

  langs() {
    return { ui: this.o.lang, record: this.o.recordLang };
  }

  // Starts loading the engine (errors are shown, not thrown).
  warm() {
    this.ensure().catch(() => {});
  }

  // A search whose failure is shown, not thrown.
  go(history, append) {
    this.run(history, append).catch(() => {});
  }

  /** Resolves once the engine is loaded (rejects when it cannot be). */
  ensure() {
    if (this.engine) return Promise.resolve(this.engine);
    if (this.pending) return this.pending;
    if (this.failed) return Promise.reject(this.failed);
    this.busy(true);
    this.showError(null);
    const o = this.o;
    const p = (this.pending = load({ index: o.index, assets: o.assets }).then(
      (engine) => {
        if (this.pending !== p) return engine; // options changed meanwhile
        this.engine = engine;
        this.pending = null;
        this.busy(false);
        if (!this.seq) this.go(null); // the first answer, unless a search is already waiting
        // Then, when idle, the rest of a small sharded index (typing needs its terms).
        if (o.prefetch) later(() => engine.prefetch(o.prefetch).catch(() => {}));
        return engine;
      },
      (e) => {
        if (this.pending !== p) throw e;
        this.pending = null;
        this.failed = e;
        this.busy(false);
        this.showError(e);
        throw e;
      }
    ));
    p.catch(() => {});
    return p;
  }

  // While the answer waits for files: the results are busy, dimmed, and say why.
  busy(on, waiting) {
    this.loadingEl.hidden = !on;
    this.loadingText.data = waiting ? this.L.waiting : this.L.loading;
    if (on) this.results.setAttribute('aria-busy', 'true');
    else this.results.removeAttribute('aria-busy');
  }

  filters() {
    const out = {};
    for (const k of this.o.facets) if (this.f[k].length) out[k] = this.f[k].slice();
    return out;
  }

  // One search. `history`: 'push' | 'replace' | null. Responses that are not the
  // latest request's are dropped, so a slow answer never overwrites a newer one.
  // Resolves to the answer drawn, or null when a newer search replaced it.
  async run(history, append) {
    clearTimeout(this.timer);
    const seq = ++this.seq;
    if (!append) {
      if (this.input.value !== this.q) this.rank = this.overlay() ? this.rank : null;
      this.q = this.input.value;
      this.page = 1;
    }
    // The URL follows in a task of its own: history updates cost milliseconds
    // that would otherwise delay drawing the answer.
    if (history) setTimeout(() => this.toUrl(history), 0);
    const per = this.o.perPage;
    const opts = { filters: this.filters(), limit: per, offset: append ? (this.page - 1) * per : 0, lang: this.o.lang };
    const q = this.q;
    this.emit('search', { query: q, filters: opts.filters, page: this.page });
    opts.onfetch = () => seq === this.seq && this.busy(true, true);
    try {
      const engine = await this.ensure();
      if (seq !== this.seq) return null;
      const res = await engine.search(q, opts);
      if (seq !== this.seq) return null;
      this.render(res, !!append);
      return res;
    } catch (e) {
      if (seq === this.seq && !this.dead) {
        this.busy(false);
        if (e !== this.failed) this.showError(e);
      }
      throw e;
    }
  }

  // ------------------------------------------------------------ rendering
  render(res, append) {
    const L = this.L;
    const hits = res.hits;
    const total = res.total;
    const lang = this.langs();
    const items = hits.map((x) => {
      const li = hitItem(x, L, lang);
      this.hits.set(li, x);
      return li;
    });
    this.busy(false);
    if (append) {
      this.list.append(...items);
      this.shown += hits.length;
    } else {
      this.list.replaceChildren(...items);
      this.shown = hits.length;
      this.res = res;
      for (const k of FACETS) {
        for (const v of res.facets[k]) this.labels.set(k + '\n' + v.value, v.label);
      }
      this.renderFacets(res);
      for (const f of Object.keys(this.fq)) if (this.fq[f]) this.findValues(f);
      this.renderChips();
      this.renderEmpty(total);
    }
    if (!this.failed) this.showError(null); // a failed shard fetch may have recovered
    const n = total.toLocaleString(this.o.lang === 'en' ? 'en-GB' : 'it-IT');
    this.status.textContent = L.count(total, n);
    this.applyBtn.textContent = (total ? L.show : '') + this.status.textContent; // "Mostra 11 risultati"
    // A relaxed query (words left out) or a partial answer (the fetch budget ran out), in words.
    const out = (res.left_out || []).join(' ');
    const note = [out && L.relaxed(out), res.partial && L.partial].filter(Boolean).join('. ');
    this.note.textContent = note;
    this.note.hidden = !note;
    this.announce(this.status.textContent + (note ? '. ' + note : ''));
    const more = this.shown < total && hits.length > 0;
    this.moreBtn.hidden = !more;
    this.shownEl.hidden = !more;
    this.shownEl.textContent = more ? L.shown(this.shown, total) : '';
    if (append && items.length) {
      const first = items[0].querySelector('a, .title');
      if (first.tagName !== 'A') first.tabIndex = -1;
      first.focus();
    }
    this.emit('results', { ...this.now(), total, hits, page: this.page });
  }

  // One announcement per settled answer, and none for what the page shows on load.
  announce(text) {
    clearTimeout(this.sayTimer);
    if (!this.touched) return;
    this.sayTimer = setTimeout(() => {
      this.live.textContent = text;
    }, ANNOUNCE_MS);
  }

  label(facet, value) {
    return this.labels.get(facet + '\n' + value) || value;
  }

  // The facet search fields survive a re-render: the same element is moved into the new
  // panel (what the visitor types, its selection and an IME composition are kept, and a
  // keystroke landing while an answer arrives is never typed into a detached field).
  renderFacets(res) {
    const key = this.root.activeElement?.dataset?.key;
    const fields = {};
    for (const el of this.groups.querySelectorAll('[data-fq]')) fields[el.dataset.fq] = el;
    const { groups, nsel } = facetGroups(res, {
      facets: this.o.facets,
      sel: this.f,
      open: this.open,
      label: (f, v) => this.label(f, v),
      collator: this.coll || (this.coll = new Intl.Collator(this.o.lang)),
      L: this.L,
      rank: this.rank,
      fq: this.fq,
      found: this.found,
      fields,
    });
    this.groups.replaceChildren(...groups);
    this.details.hidden = !groups.length;
    this.nsel.textContent = nsel ? ' (' + nsel + ')' : '';
    this.fit();
    const again = key && Array.from(this.groups.querySelectorAll('[data-key]')).find((el) => el.dataset.key === key);
    if (again) again.focus(); // a moved field keeps its text selection
  }

  renderChips() {
    const active = [];
    for (const f of this.o.facets) for (const v of this.f[f]) active.push([f, v, this.label(f, v)]);
    this.chipList.replaceChildren(...chipItems(active, this.L));
    this.chips.hidden = !active.length;
    if (this.chipFocus != null) {
      const b = this.chipList.querySelectorAll('button');
      (b[Math.min(this.chipFocus, b.length - 1)] || this.input).focus();
      this.chipFocus = null;
    }
  }

  renderEmpty(total) {
    const el = this.emptyEl;
    el.hidden = total > 0;
    el.replaceChildren(...(total > 0 ? [] : emptyState(this.q.trim(), Object.keys(this.filters()).length > 0, this.L)));
  }

  showError(e) {
    const el = this.errorEl;
    el.replaceChildren();
    el.hidden = !e;
    if (!e) return;
    el.dataset.code = errorBox(el, e, this.L);
    console.warn('ricerca:', e);
    this.emit('error', { code: e.code || 'internal', what: e.what || null, status: e.status || null, message: e.message, error: e });
  }

  // ------------------------------------------------------------ URL state
  fromUrl(isPop) {
    if (!this.o.url) return false;
    const s = readState(location.search, this.o.prefix, this.o.facets);
    let changed = s.q !== this.q || s.q !== this.input.value;
    let any = !!s.q;
    for (const f of FACETS) {
      if (s.f[f].join('\n') !== this.f[f].join('\n')) changed = true;
      if (s.f[f].length) any = true;
      this.f[f] = s.f[f];
    }
    this.input.value = s.q;
    this.q = s.q;
    if (isPop && changed) this.go(null);
    return any;
  }

  toUrl(mode) {
    if (!this.o.url || this.dead) return;
    const search = writeState(location.search, this.o.prefix, this.o.facets, { q: this.q, f: this.f });
    if (search === location.search) return;
    try {
      history[mode === 'push' ? 'pushState' : 'replaceState'](history.state, '', location.pathname + search + location.hash);
    } catch (e) {
      /* sandboxed or opaque origin: keep working without URL state */
    }
  }
}
