/*! ricerca widget | MIT OR Apache-2.0 */
// The entry of the classic script www/build.mjs bundles (esbuild, one IIFE). Defines
// one global, `ricerca`, mounts every `[data-ricerca]` element (also those added
// later) and defines the `<ricerca-search>` custom element. The engine (wasm-bindgen
// glue + .wasm) and the index are fetched lazily: on first focus/pointer over a
// widget, or when the browser is idle.
import { load } from './js/engine.js';
import { VERSION } from './js/env.js';
import { fold } from './js/util.js';
import { Widget } from './js/widget.js';

// The options an element's attributes set (`data-x` on any element, `x` on <ricerca-search>).
const OPTIONS = ['index', 'assets', 'lang', 'facets', 'per-page', 'placeholder', 'label', 'url-state', 'url-prefix', 'prefetch', 'theme', 'record-lang'];
const mounted = new WeakMap();

// The public face of a widget (see www/README.md, "Instance API").
const facade = (x) =>
  Object.freeze({
    element: x.host,
    search: (q) => x.search(q),
    setFilters: (f) => x.setFilters(f),
    destroy: () => x.destroy(),
    get query() {
      return x.q;
    },
    get filters() {
      return x.filters();
    },
  });

/** Mounts a widget on `el` (once per element); returns its instance API, or null. */
const mount = (el, over) => {
  if (!el || typeof el.attachShadow !== 'function') return null;
  const had = mounted.get(el);
  if (had) return had.api;
  try {
    const x = new Widget(el, over, () => mounted.delete(el));
    x.api = facade(x);
    mounted.set(el, x);
    return x.api;
  } catch (e) {
    console.error('ricerca: could not mount the widget', e);
    return null;
  }
};
const widget = (el) => mounted.get(el);

if (!(window.ricerca && window.ricerca.mount)) {
  // loaded twice: keep the first
  window.ricerca = Object.freeze({ version: VERSION, load, mount, fold, get: (el) => (widget(el) || {}).api || null });

  if (window.customElements && !customElements.get('ricerca-search')) {
    class RicercaSearch extends HTMLElement {
      static get observedAttributes() {
        return OPTIONS;
      }
      connectedCallback() {
        mount(this);
        const x = widget(this);
        if (x) x.attach();
      }
      disconnectedCallback() {
        const x = widget(this);
        if (x) x.detach();
      }
      attributeChangedCallback(name, was, now) {
        const x = widget(this);
        if (x && was !== now) x.update();
      }
    }
    // Properties matching the attributes: el.perPage = 20 sets per-page="20"; null removes
    // it (`lang` is HTMLElement's own, which reflects the attribute already).
    for (const name of OPTIONS.filter((n) => n !== 'lang')) {
      Object.defineProperty(RicercaSearch.prototype, name.replace(/-([a-z])/g, (m, c) => c.toUpperCase()), {
        get() {
          return this.getAttribute(name);
        },
        set(v) {
          if (v == null) this.removeAttribute(name);
          else this.setAttribute(name, String(v));
        },
      });
    }
    customElements.define('ricerca-search', RicercaSearch);
  }

  // [data-ricerca] elements now, and those added or changed later.
  const scan = (root) => {
    if (root.matches && root.matches('[data-ricerca]')) mount(root);
    if (root.querySelectorAll) root.querySelectorAll('[data-ricerca]').forEach((el) => mount(el));
  };
  const watch = () => {
    scan(document);
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes') {
          const x = widget(r.target);
          if (x && r.target.getAttribute(r.attributeName) !== r.oldValue) x.update();
          else if (!x && r.attributeName === 'data-ricerca') scan(r.target);
        } else r.addedNodes.forEach(scan);
      }
    }).observe(document.documentElement, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeOldValue: true,
      attributeFilter: ['data-ricerca'].concat(OPTIONS.map((n) => 'data-' + n)),
    });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', watch);
  else watch();
}
