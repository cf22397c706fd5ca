/*! ricerca widget | MIT OR Apache-2.0 */
// Classic deferred script. Defines one global, `ricerca`, mounts every
// `[data-ricerca]` element and the `<ricerca-search>` custom element.
// The engine (wasm-bindgen ES-module glue + .wasm) and the index are fetched
// lazily: on first focus/pointer over a widget, or when the browser is idle.
// Record data is only ever written with DOM text nodes, never as HTML.
(() => {
  const w = window;
  const d = document;
  if (w.ricerca && w.ricerca.mount) return; // loaded twice: keep the first

  // Content-hashed asset names, rewritten by www/build.mjs (keep the markers).
  const ASSETS = /*@assets*/ { glue: 'ricerca_wasm.js', wasm: 'ricerca_wasm_bg.wasm', css: 'ricerca.css' } /*@end*/;
  const VERSION = '0.2.0';

  // Read at top level: document.currentScript is null once this run ends.
  const me = d.currentScript;
  const BASE = (me && me.src) || d.baseURI;
  const SCRIPT_INDEX = me ? me.getAttribute('data-index') : null;
  const asset = (name) => new URL(name, BASE).href;

  const FACETS = ['region', 'country', 'sector', 'kind'];
  const FACET_LIMIT = 10;
  const DEBOUNCE_MS = 120;

  // ---------------------------------------------------------------- strings
  const T = {
    it: {
      label: 'Cerca nel catalogo',
      placeholder: 'Nome, città, tema…',
      loading: 'Caricamento della ricerca…',
      results: 'Risultati',
      filters: 'Filtri',
      active: 'Filtri attivi',
      count: (n, s) => (n === 0 ? 'Nessun risultato' : n === 1 ? '1 risultato' : s + ' risultati'),
      shown: (a, b) => 'Mostrati ' + a + ' di ' + b,
      more: 'Altri risultati',
      showMore: (n) => 'Mostra altri ' + n,
      showLess: 'Mostra meno',
      clearAll: 'Cancella tutti i filtri',
      remove: 'Rimuovi filtro',
      facets: { region: 'Regione', country: 'Paese', sector: 'Settore', kind: 'Tipo' },
      plural: { region: 'Regioni', country: 'Paesi', sector: 'Settori' },
      city: 'Città',
      related: 'Collegati',
      searchFor: 'Cerca',
      noneFor: (q) => 'Nessun risultato per «' + q + '».',
      none: 'Nessun risultato con questi filtri.',
      tryFilters: 'Prova a togliere qualche filtro.',
      trySpelling: 'Controlla l’ortografia o prova con parole più generiche.',
      showAll: 'Mostra tutto',
      retry: 'Riprova',
      down: 'La ricerca non è disponibile.',
      err: {
        'not-found': (s, what) => (what === 'engine' ? 'Motore' : 'Indice') + ' di ricerca non trovato (errore 404).',
        http: (s) => 'Il server ha risposto con un errore (HTTP ' + s + ').',
        network: () => 'Errore di rete durante lo scaricamento.',
        'bad-magic': () => 'Il file indicato non è un indice di ricerca.',
        'bad-version': () => 'L’indice è di un’altra versione del formato: va ricostruito.',
        corrupt: () => 'L’indice di ricerca è danneggiato.',
        truncated: () => 'L’indice di ricerca è incompleto.',
        csp: () => 'La Content-Security-Policy del sito blocca WebAssembly (serve \'wasm-unsafe-eval\').',
        unsupported: () => 'Il browser non supporta WebAssembly.',
        script: () => 'Impossibile caricare il motore di ricerca.',
        internal: () => 'Errore imprevisto.',
      },
    },
    en: {
      label: 'Search the directory',
      placeholder: 'Name, city, topic…',
      loading: 'Loading search…',
      results: 'Results',
      filters: 'Filters',
      active: 'Active filters',
      count: (n, s) => (n === 0 ? 'No results' : n === 1 ? '1 result' : s + ' results'),
      shown: (a, b) => 'Showing ' + a + ' of ' + b,
      more: 'More results',
      showMore: (n) => 'Show ' + n + ' more',
      showLess: 'Show fewer',
      clearAll: 'Clear all filters',
      remove: 'Remove filter',
      facets: { region: 'Region', country: 'Country', sector: 'Sector', kind: 'Type' },
      plural: { region: 'Regions', country: 'Countries', sector: 'Sectors' },
      city: 'City',
      related: 'Related',
      searchFor: 'Search',
      noneFor: (q) => 'No results for “' + q + '”.',
      none: 'No results with these filters.',
      tryFilters: 'Try removing some filters.',
      trySpelling: 'Check the spelling or try more general words.',
      showAll: 'Show everything',
      retry: 'Try again',
      down: 'Search is not available.',
      err: {
        'not-found': (s, what) => 'Search ' + (what === 'engine' ? 'engine' : 'index') + ' not found (error 404).',
        http: (s) => 'The server answered with an error (HTTP ' + s + ').',
        network: () => 'Network error while downloading.',
        'bad-magic': () => 'The file given is not a search index.',
        'bad-version': () => 'The index is in another version of the format: it has to be rebuilt.',
        corrupt: () => 'The search index is damaged.',
        truncated: () => 'The search index is incomplete.',
        csp: () => 'The site’s Content-Security-Policy blocks WebAssembly (it needs \'wasm-unsafe-eval\').',
        unsupported: () => 'This browser does not support WebAssembly.',
        script: () => 'Could not load the search engine.',
        internal: () => 'Unexpected error.',
      },
    },
  };
  const RETRYABLE = ['network', 'http', 'script', 'internal'];

  // ---------------------------------------------------------------- engine
  // Same folding as the builder: NFKD, marks removed, lowercase (the engine has
  // no Unicode case tables of its own; it folds elisions and punctuation).
  const fold = (q) => String(q == null ? '' : q).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

  // Errors carry `code` (see T.err), `what` ('index' | 'engine') and, for HTTP, `status`.
  const fail = (code, what, detail, status) => {
    const e = new Error('ricerca: ' + code + ' (' + what + '): ' + detail);
    e.code = code;
    e.what = what;
    if (status) e.status = status;
    return e;
  };
  const isCsp = (e) => /Content.Security.Policy|unsafe-eval|\bCSP\b/i.test(String(e && e.message));

  const fetchOk = async (url, what) => {
    let r;
    try {
      r = await fetch(url, { credentials: 'same-origin' });
    } catch (e) {
      throw fail('network', what, url + ': ' + e.message);
    }
    if (!r.ok) throw fail(r.status === 404 ? 'not-found' : 'http', what, 'HTTP ' + r.status + ' ' + url, r.status);
    return r;
  };
  const bytes = (r, what) =>
    r.arrayBuffer().catch((e) => {
      throw fail('network', what, e.message);
    });

  let glue = null;
  const loadWasm = () =>
    glue ||
    (glue = (async () => {
      const WA = w.WebAssembly;
      if (!WA || !WA.instantiate) throw fail('unsupported', 'engine', 'no WebAssembly');
      // The engine's bytes download while the glue module loads.
      const wr = fetchOk(asset(ASSETS.wasm), 'engine');
      wr.catch(() => {});
      let mod;
      try {
        mod = await import(asset(ASSETS.glue));
      } catch (e) {
        throw fail(isCsp(e) ? 'csp' : 'script', 'engine', e.message);
      }
      const r = await wr;
      // The glue streams (instantiateStreaming) only with the right MIME type;
      // otherwise hand it the bytes.
      const type = (r.headers.get('content-type') || '').split(';')[0].trim().toLowerCase();
      const src = type === 'application/wasm' && WA.instantiateStreaming ? r : await bytes(r, 'engine');
      try {
        await mod.default({ module_or_path: src });
      } catch (e) {
        throw fail(isCsp(e) ? 'csp' : 'internal', 'engine', e.message);
      }
      return mod;
    })().catch((e) => {
      glue = null; // a later call retries
      throw e;
    }));

  const fromEngine = (e) =>
    fail(e && typeof e.code === 'string' ? e.code : 'corrupt', 'index', String((e && e.message) || e));

  // The public engine object. search() is async: a sharded index names the shard
  // files a query needs (error code `missing-shards`); they are fetched from beside
  // the root once, added, and the search runs again.
  const wrap = (raw, url) => {
    const shards = new Map();
    const shard = (name) => {
      let p = shards.get(name);
      if (!p) {
        p = fetchOk(new URL(name, url).href, 'index')
          .then((r) => bytes(r, 'index'))
          .then((b) => {
            try {
              raw.add_shard(name, new Uint8Array(b));
            } catch (e) {
              throw fromEngine(e);
            }
          });
        shards.set(name, p);
        p.catch(() => shards.delete(name));
      }
      return p;
    };
    return {
      async search(query, opts) {
        const o = opts || {};
        const f = o.filters || {};
        const so = { filters: {} };
        for (const k of FACETS) if (Array.isArray(f[k]) && f[k].length) so.filters[k] = f[k].map(String);
        if (o.limit != null) so.limit = o.limit;
        if (o.offset != null) so.offset = o.offset;
        if (o.lang) so.lang = o.lang === 'en' ? 'en' : 'it';
        for (let i = 0; ; i++) {
          let res;
          try {
            res = raw.search(fold(query), so);
          } catch (e) {
            if (!e || e.code !== 'missing-shards' || !Array.isArray(e.files) || i > 16) throw fromEngine(e);
            await Promise.all(e.files.map(shard));
            continue;
          }
          res.query = str(query); // the engine saw the folded text; answer with what was asked
          return res;
        }
      },
      // Fetches the shard files not loaded yet when there are at most `max`
      // (default 16): a small index then answers typed queries without waiting.
      // Resolves to the number fetched.
      async prefetch(max) {
        const names = raw.missing_shards();
        if (names.length > (max == null ? 16 : max)) return 0;
        await Promise.all(names.map(shard));
        return names.length;
      },
      info: () => raw.info(),
    };
  };

  // ricerca.load({index}) -> Promise<engine>; one download per index URL.
  const engines = new Map();
  const load = (opts) => {
    const o = typeof opts === 'string' ? { index: opts } : opts || {};
    let url;
    try {
      url = o.index ? new URL(o.index, d.baseURI).href : asset('index.bin');
    } catch (e) {
      return Promise.reject(fail('not-found', 'index', 'bad URL ' + o.index));
    }
    let p = engines.get(url);
    if (!p) {
      const data = fetchOk(url, 'index').then((r) => bytes(r, 'index'));
      p = Promise.all([loadWasm(), data]).then(([mod, buf]) => {
        try {
          return wrap(mod.Engine.load(new Uint8Array(buf)), url);
        } catch (e) {
          throw fromEngine(e);
        }
      });
      engines.set(url, p);
      p.catch(() => engines.delete(url));
    }
    return p;
  };

  // ---------------------------------------------------------------- DOM helpers
  const h = (tag, attrs, ...kids) => {
    const el = d.createElement(tag);
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
  const str = (v) => (v == null ? '' : String(v));

  // Text with [start, end) code-point ranges wrapped in <mark>, as DOM nodes.
  const marked = (text, ranges) => {
    const frag = d.createDocumentFragment();
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

  // Only http(s) links (relative ones resolve against the page); anything else is text.
  const safeUrl = (u) => {
    if (typeof u !== 'string' || !u.trim()) return null;
    try {
      const p = new URL(u, d.baseURI);
      return p.protocol === 'https:' || p.protocol === 'http:' ? p.href : null;
    } catch (e) {
      return null;
    }
  };
  const slug = (s) => str(s).toLowerCase().replace(/[^a-z0-9-]/g, '');
  const uniq = (a) => Array.from(new Set(a));
  const enc = (s) => encodeURIComponent(s).replace(/%20/g, '+');
  const decKey = (part) => {
    const k = part.split('=')[0].replace(/\+/g, ' ');
    try {
      return decodeURIComponent(k);
    } catch (e) {
      return k;
    }
  };
  const later = (fn) =>
    w.requestIdleCallback ? w.requestIdleCallback(fn, { timeout: 4000 }) : setTimeout(fn, 1500);

  // ---------------------------------------------------------------- options
  let loose = 0;
  const options = (host, over) => {
    const a = (name, key) => {
      if (over[key || name] != null) return String(over[key || name]);
      const v = host.getAttribute('data-' + name);
      return v != null ? v : host.getAttribute(name);
    };
    const langEl = host.closest('[lang]');
    const lg = (a('lang') || (langEl && langEl.getAttribute('lang')) || d.documentElement.lang || 'it').trim();
    const lang = /^en\b/i.test(lg) ? 'en' : /^it\b/i.test(lg) || !lg ? 'it' : 'en';
    const fa = a('facets');
    const facets =
      fa == null ? FACETS : uniq(fa.toLowerCase().split(/[\s,]+/).filter((x) => FACETS.includes(x)));
    let prefix = (a('url-prefix', 'urlPrefix') || '').replace(/[^A-Za-z0-9_-]/g, '');
    if (!prefix) {
      const i = Array.from(d.querySelectorAll('[data-ricerca], ricerca-search')).indexOf(host);
      prefix = i === 0 ? 'r' : i > 0 ? 'r' + (i + 1) : 'rx' + ++loose;
    }
    const idx = a('index') || SCRIPT_INDEX;
    const pf = a('prefetch') || '';
    return {
      lang,
      facets,
      prefix,
      index: idx || null,
      perPage: Math.min(100, Math.max(1, parseInt(a('per-page', 'perPage'), 10) || 10)),
      placeholder: a('placeholder'),
      label: a('label'),
      url: !/^(off|false|no|0)$/i.test(a('url-state', 'urlState') || ''),
      prefetch: /^\s*\d+\s*$/.test(pf) ? +pf : /^(off|false|no)$/i.test(pf) ? 0 : 8,
    };
  };

  // ---------------------------------------------------------------- widget
  class Widget {
    constructor(host, over) {
      this.host = host;
      this.o = options(host, over || {});
      this.L = T[this.o.lang];
      this.f = {};
      for (const k of FACETS) this.f[k] = [];
      this.q = '';
      this.page = 1;
      this.shown = 0;
      this.seq = 0;
      this.labels = new Map();
      this.open = {};
      this.engine = null;
      this.pending = null;
      this.failed = null;
      this.timer = 0;
      this.onPop = () => this.fromUrl(true);
      this.build();
      const restored = this.fromUrl(false);
      this.attach();
      const warm = () => this.ensure();
      for (const ev of ['focusin', 'pointerdown', 'pointerenter']) host.addEventListener(ev, warm, { once: true });
      if (restored) this.ensure();
      else later(warm);
    }

    attach() {
      if (!this.attached) w.addEventListener('popstate', this.onPop);
      this.attached = true;
    }

    detach() {
      w.removeEventListener('popstate', this.onPop);
      this.attached = false;
    }

    build() {
      const L = this.L;
      const o = this.o;
      const root = this.host.shadowRoot || this.host.attachShadow({ mode: 'open' });
      root.replaceChildren();
      this.root = root;
      const css = h('link', { rel: 'stylesheet', href: asset(ASSETS.css) });
      const box = h('div', { class: 'rq', part: 'root', lang: o.lang, hidden: true });
      const reveal = () => {
        box.hidden = false;
        this.fit();
      };
      css.addEventListener('load', reveal);
      css.addEventListener('error', reveal);
      setTimeout(reveal, 1500);

      this.input = h('input', {
        type: 'search',
        id: 'q',
        part: 'input',
        class: 'input',
        autocomplete: 'off',
        autocapitalize: 'off',
        spellcheck: 'false',
        enterkeyhint: 'search',
        'aria-controls': 'list',
        placeholder: o.placeholder || L.placeholder,
      });
      const form = h(
        'form',
        { role: 'search', class: 'form', part: 'form', 'aria-labelledby': 'label' },
        h('label', { for: 'q', id: 'label', class: 'label', part: 'label' }, o.label || L.label),
        h('div', { class: 'field' }, this.input)
      );
      this.loadingEl = h('p', { class: 'loading', part: 'loading', hidden: true }, h('span', { class: 'spin' }), L.loading);
      this.errorEl = h('div', { class: 'error', part: 'error', role: 'alert' });
      this.status = h('p', { class: 'status', part: 'status', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'status' });
      this.chipList = h('ul', { class: 'chiplist', 'aria-label': L.active });
      this.chips = h(
        'div',
        { class: 'chips', part: 'chips', hidden: true },
        this.chipList,
        h('button', { type: 'button', class: 'clear', part: 'clear', 'data-act': 'clear' }, L.clearAll)
      );
      this.nsel = h('span', { class: 'nsel' });
      this.groups = h('div', { class: 'groups' });
      this.details = h(
        'details',
        { class: 'facets', part: 'facets', hidden: true }, // shown once there are values
        h('summary', { class: 'summary', part: 'facets-toggle' }, h('span', null, L.filters), this.nsel),
        this.groups
      );
      this.list = h('ol', { class: 'list', part: 'list', id: 'list' });
      this.emptyEl = h('div', { class: 'empty', part: 'empty', hidden: true });
      this.shownEl = h('p', { class: 'shown', part: 'shown', hidden: true });
      this.moreBtn = h('button', { type: 'button', class: 'more', part: 'more', 'data-act': 'more', hidden: true }, L.more);
      this.results = h(
        'section',
        { class: 'results', part: 'results', 'aria-labelledby': 'rh' },
        h('h2', { id: 'rh', class: 'vh' }, L.results),
        this.list,
        this.emptyEl,
        this.shownEl,
        this.moreBtn
      );
      box.append(
        form,
        this.loadingEl,
        this.errorEl,
        this.status,
        this.chips,
        h('div', { class: 'body' }, this.details, this.results)
      );
      root.append(css, box);
      this.box = box;

      this.input.addEventListener('input', (e) => {
        if (!e.isComposing) this.schedule();
      });
      this.input.addEventListener('compositionend', () => this.schedule());
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        this.run('replace');
      });
      box.addEventListener('change', (e) => {
        const t = e.target;
        if (t && t.type === 'checkbox' && t.dataset.facet) this.toggle(t.dataset.facet, t.value, t.checked);
      });
      box.addEventListener('click', (e) => {
        const b = e.target && e.target.closest && e.target.closest('[data-act]');
        if (b) this.act(b.dataset.act, b);
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

    // ------------------------------------------------------------ actions
    schedule() {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.run('replace'), DEBOUNCE_MS);
      if (!this.engine) this.ensure();
    }

    toggle(facet, value, on) {
      const cur = this.f[facet] || [];
      this.f[facet] = on ? uniq(cur.concat(value)) : cur.filter((v) => v !== value);
      this.run('push');
    }

    act(what, el) {
      if (what === 'clear') {
        for (const k of FACETS) this.f[k] = [];
        this.run('push');
        this.input.focus();
      } else if (what === 'chip') {
        // Focus moves to the chip that takes this one's place once the answer is drawn.
        this.chipFocus = Array.from(this.chipList.querySelectorAll('button')).indexOf(el);
        const f = el.dataset.facet;
        this.f[f] = (this.f[f] || []).filter((v) => v !== el.dataset.value);
        this.run('push');
      } else if (what === 'more') {
        this.page += 1;
        this.run(null, true);
      } else if (what === 'toggle') {
        const f = el.dataset.facet;
        this.open[f] = !this.open[f];
        if (this.res) this.renderFacets(this.res);
      } else if (what === 'related' || what === 'showall') {
        this.input.value = what === 'related' ? el.dataset.q : '';
        for (const k of FACETS) this.f[k] = [];
        this.run('push');
        this.input.focus();
      } else if (what === 'retry') {
        this.failed = null;
        if (this.engine) this.run(null);
        else this.ensure();
      }
    }

    ensure() {
      if (this.engine || this.pending || this.failed) return;
      this.busy(true);
      this.showError(null);
      this.pending = load({ index: this.o.index }).then(
        (engine) => {
          this.engine = engine;
          this.pending = null;
          this.busy(false);
          this.run(null);
          // Then, when idle, the rest of a small sharded index (typing needs its terms).
          if (this.o.prefetch) later(() => engine.prefetch(this.o.prefetch).catch(() => {}));
        },
        (e) => {
          this.pending = null;
          this.failed = e;
          this.busy(false);
          this.showError(e);
        }
      );
    }

    busy(on) {
      this.loadingEl.hidden = !on;
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
    run(history, append) {
      clearTimeout(this.timer);
      const seq = ++this.seq;
      if (!append) {
        this.q = this.input.value;
        this.page = 1;
      }
      // The URL follows in a task of its own: history updates cost milliseconds
      // that would otherwise delay drawing the answer.
      if (history) setTimeout(() => this.toUrl(history), 0);
      if (!this.engine) {
        this.ensure();
        return;
      }
      const engine = this.engine;
      const per = this.o.perPage;
      const opts = { filters: this.filters(), limit: per, offset: append ? (this.page - 1) * per : 0, lang: this.o.lang };
      const q = this.q;
      Promise.resolve()
        .then(() => engine.search(q, opts))
        .then(
          (res) => {
            if (seq === this.seq) this.render(res, !!append);
          },
          (e) => {
            if (seq === this.seq) this.showError(e);
          }
        );
    }

    // ------------------------------------------------------------ rendering
    render(res, append) {
      const L = this.L;
      const hits = Array.isArray(res.hits) ? res.hits : [];
      const total = Math.max(0, +res.total || 0);
      const frag = d.createDocumentFragment();
      const items = hits.map((x) => this.hit(x));
      frag.append(...items);
      if (append) {
        this.list.append(frag);
        this.shown += hits.length;
      } else {
        this.list.replaceChildren(frag);
        this.shown = hits.length;
        this.res = res;
        for (const k of FACETS) {
          for (const v of (res.facets && res.facets[k]) || []) this.labels.set(k + '\n' + v.value, str(v.label || v.value));
        }
        this.renderFacets(res);
        this.renderChips();
        this.renderEmpty(total);
      }
      if (!this.failed) this.showError(null); // a failed shard fetch may have recovered
      this.status.textContent = L.count(total, total.toLocaleString(this.o.lang === 'en' ? 'en-GB' : 'it-IT'));
      const more = this.shown < total && hits.length > 0;
      this.moreBtn.hidden = !more;
      this.shownEl.hidden = !more;
      this.shownEl.textContent = more ? L.shown(this.shown, total) : '';
      if (append && items.length) {
        const first = items[0].querySelector('a, .title');
        if (first.tagName !== 'A') first.tabIndex = -1;
        first.focus();
      }
    }

    hit(x) {
      const L = this.L;
      const kind = slug(x.kind);
      const href = safeUrl(x.url);
      const hl = x.highlights || {};
      const title = marked(x.title, hl.title);
      const li = h(
        'li',
        { class: 'hit', part: 'result' },
        h(
          'div',
          { class: 'head' },
          h('h3', { class: 'title', part: 'title' }, href ? h('a', { href, part: 'link' }, title) : title),
          x.kind_label ? h('span', { class: 'badge k-' + kind, part: 'badge badge-' + kind }, str(x.kind_label)) : null
        )
      );
      if (x.snippet) li.append(h('p', { class: 'snippet', part: 'snippet' }, marked(x.snippet, hl.snippet)));
      const meta = h('dl', { class: 'meta', part: 'meta' });
      if (x.city) meta.append(h('div', null, h('dt', null, L.city), h('dd', null, str(x.city))));
      for (const k of ['region', 'country', 'sector']) {
        const vals = (Array.isArray(x[k]) ? x[k] : []).map((v) => str(v && (v.label || v.value))).filter(Boolean);
        if (vals.length) {
          meta.append(h('div', null, h('dt', null, vals.length > 1 ? L.plural[k] : L.facets[k]), h('dd', null, vals.join(', '))));
        }
      }
      if (meta.firstChild) li.append(meta);
      const rel = (Array.isArray(x.related) ? x.related : []).filter((r) => r && r.title);
      if (rel.length) {
        li.append(
          h(
            'div',
            { class: 'related', part: 'related' },
            h('span', { class: 'rl' }, L.related + ':'),
            h(
              'ul',
              null,
              rel.map((r) =>
                h(
                  'li',
                  null,
                  h(
                    'button',
                    { type: 'button', class: 'rel', part: 'related-link', 'data-act': 'related', 'data-q': str(r.title) },
                    h('span', { class: 'vh' }, L.searchFor + ' '),
                    str(r.title)
                  )
                )
              )
            )
          )
        );
      }
      return li;
    }

    label(facet, value) {
      return this.labels.get(facet + '\n' + value) || value;
    }

    renderFacets(res) {
      const L = this.L;
      const active = this.root.activeElement;
      const key = active && active.dataset ? active.dataset.key : null;
      const byKey = new Map();
      const coll = this.coll || (this.coll = new Intl.Collator(this.o.lang));
      const groups = [];
      let nsel = 0;
      for (const f of this.o.facets) {
        const sel = this.f[f];
        nsel += sel.length;
        const vals = ((res.facets && res.facets[f]) || [])
          .filter((v) => v && v.value != null)
          .map((v) => ({ value: str(v.value), label: str(v.label || v.value), count: +v.count || 0 }))
          .filter((v) => v.count > 0 || sel.includes(v.value));
        for (const s of sel) {
          if (!vals.some((v) => v.value === s)) vals.push({ value: s, label: this.label(f, s), count: 0 });
        }
        for (const v of vals) v.on = sel.includes(v.value);
        vals.sort((a, b) => b.on - a.on || b.count - a.count || coll.compare(a.label, b.label));
        if (!vals.length) continue;
        const limit = this.open[f] ? vals.length : Math.max(FACET_LIMIT, sel.length);
        const ul = h('ul', { class: 'opts', id: 'opts-' + f });
        for (const v of vals.slice(0, limit)) {
          const cb = h('input', {
            type: 'checkbox',
            value: v.value,
            'data-facet': f,
            'data-key': f + '\n' + v.value,
            checked: v.on,
          });
          byKey.set(f + '\n' + v.value, cb);
          ul.append(
            h(
              'li',
              null,
              h(
                'label',
                { class: 'opt', part: 'facet-option' },
                cb,
                h('span', { class: 'ol' }, v.label),
                h('span', { class: 'cnt', part: 'count' }, h('span', { class: 'vh' }, '('), String(v.count), h('span', { class: 'vh' }, ')'))
              )
            )
          );
        }
        const fs = h('fieldset', { class: 'facet', part: 'facet', 'data-facet': f }, h('legend', { class: 'legend', part: 'facet-title' }, L.facets[f]), ul);
        if (vals.length > limit || this.open[f]) {
          const tb = h(
            'button',
            {
              type: 'button',
              class: 'toggle',
              part: 'facet-more',
              'data-act': 'toggle',
              'data-facet': f,
              'data-key': 'toggle\n' + f,
              'aria-controls': 'opts-' + f,
              'aria-expanded': this.open[f] ? 'true' : 'false',
            },
            this.open[f] ? L.showLess : L.showMore(vals.length - limit)
          );
          byKey.set('toggle\n' + f, tb);
          fs.append(tb);
        }
        groups.push(fs);
      }
      this.groups.replaceChildren(...groups);
      this.details.hidden = !groups.length;
      this.nsel.textContent = nsel ? ' (' + nsel + ')' : '';
      this.fit();
      const again = key && byKey.get(key);
      if (again) again.focus();
    }

    renderChips() {
      const L = this.L;
      const items = [];
      for (const f of this.o.facets) {
        for (const v of this.f[f]) {
          items.push(
            h(
              'li',
              null,
              h(
                'button',
                { type: 'button', class: 'chip', part: 'chip', 'data-act': 'chip', 'data-facet': f, 'data-value': v },
                h('span', { class: 'vh' }, L.remove + ' '),
                h('span', { class: 'cf' }, L.facets[f] + ':'),
                ' ',
                this.label(f, v),
                h('span', { class: 'x', 'aria-hidden': 'true' }, '×')
              )
            )
          );
        }
      }
      this.chipList.replaceChildren(...items);
      this.chips.hidden = !items.length;
      if (this.chipFocus != null) {
        const b = this.chipList.querySelectorAll('button');
        (b[Math.min(this.chipFocus, b.length - 1)] || this.input).focus();
        this.chipFocus = null;
      }
    }

    renderEmpty(total) {
      const L = this.L;
      const el = this.emptyEl;
      el.replaceChildren();
      el.hidden = total > 0;
      if (total > 0) return;
      const nf = Object.keys(this.filters()).length;
      el.append(h('p', { class: 'et' }, this.q.trim() ? L.noneFor(this.q.trim()) : L.none));
      if (nf) {
        el.append(h('p', null, L.tryFilters + ' ', h('button', { type: 'button', class: 'link', 'data-act': 'clear' }, L.clearAll)));
      } else {
        el.append(h('p', null, L.trySpelling));
        if (this.q.trim()) el.append(h('p', null, h('button', { type: 'button', class: 'link', 'data-act': 'showall' }, L.showAll)));
      }
    }

    showError(e) {
      const el = this.errorEl;
      el.replaceChildren();
      el.hidden = !e;
      if (!e) return;
      const code = e && typeof e.code === 'string' && this.L.err[e.code] ? e.code : 'internal';
      el.append(h('p', null, h('strong', null, this.L.down), ' ', this.L.err[code](e.status, e.what)));
      el.dataset.code = code;
      if (RETRYABLE.includes(code)) {
        el.append(h('button', { type: 'button', class: 'retry', part: 'retry', 'data-act': 'retry' }, this.L.retry));
      }
      if (w.console) console.warn('ricerca:', e);
    }

    // ------------------------------------------------------------ URL state
    mine(k) {
      const p = this.o.prefix;
      return k === p + 'q' || FACETS.some((f) => k === p + 'f_' + f);
    }

    fromUrl(isPop) {
      if (!this.o.url) return false;
      const p = this.o.prefix;
      const sp = new URLSearchParams(location.search);
      const q = sp.get(p + 'q') || '';
      let changed = q !== this.q || q !== this.input.value;
      let any = !!q;
      for (const f of FACETS) {
        const vals = this.o.facets.includes(f)
          ? uniq(sp.getAll(p + 'f_' + f).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean))
          : [];
        if (vals.join('\n') !== this.f[f].join('\n')) changed = true;
        if (vals.length) any = true;
        this.f[f] = vals;
      }
      this.input.value = q;
      this.q = q;
      if (isPop && changed) this.run(null);
      return any;
    }

    toUrl(mode) {
      if (!this.o.url) return;
      const p = this.o.prefix;
      const parts = location.search
        .slice(1)
        .split('&')
        .filter((s) => s && !this.mine(decKey(s)));
      if (this.q) parts.push(enc(p + 'q') + '=' + enc(this.q));
      for (const f of this.o.facets) for (const v of this.f[f]) parts.push(enc(p + 'f_' + f) + '=' + enc(v));
      const search = parts.length ? '?' + parts.join('&') : '';
      if (search === location.search) return;
      try {
        history[mode === 'push' ? 'pushState' : 'replaceState'](history.state, '', location.pathname + search + location.hash);
      } catch (e) {
        /* sandboxed or opaque origin: keep working without URL state */
      }
    }
  }

  // ---------------------------------------------------------------- mounting
  const mounted = new WeakMap();
  const mount = (el, over) => {
    if (!el || typeof el.attachShadow !== 'function') return null;
    if (mounted.has(el)) return mounted.get(el);
    try {
      const x = new Widget(el, over);
      mounted.set(el, x);
      return x;
    } catch (e) {
      if (w.console) console.error('ricerca: could not mount the widget', e);
      return null;
    }
  };

  w.ricerca = Object.freeze({ version: VERSION, load, mount, fold });

  if (w.customElements && !w.customElements.get('ricerca-search')) {
    w.customElements.define(
      'ricerca-search',
      class extends HTMLElement {
        connectedCallback() {
          const x = mount(this);
          if (x) x.attach();
        }
        disconnectedCallback() {
          const x = mounted.get(this);
          if (x) x.detach();
        }
      }
    );
  }
  const auto = () => d.querySelectorAll('[data-ricerca]').forEach((el) => mount(el));
  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', auto);
  else auto();
})();
