// The pages the browser loads: one tiny page per engine plus a shared script.
// Each page starts loading its engine at once, answers the cold query found in
// location.hash (JSON {q, filters}), records the time and the resources fetched
// up to that first answer in window.__first, and exposes window.__bench.run(q,
// filters) for the warm queries. Every engine returns the same summary: total,
// top-10 ids (the data a results list shows is fetched for those 10), and the
// number of facet values with a count.
import { OPTIONS } from './minisearch-options.mjs';

export const COMMON_JS = `// bench-common.js: shared by the three bench pages.
window.BENCH = function (init) {
  var cold = {};
  try { cold = JSON.parse(decodeURIComponent(location.hash.slice(1)) || '{}'); } catch (e) {}
  var run = null;
  window.__bench = {
    options: cold,
    ready: (async function () {
      try {
        run = await init(cold);
        var r = await run(cold.q || '', cold.filters || {});
        var t = performance.now();
        window.__first = { ms: t, origin: performance.timeOrigin, total: r.total, ids: r.ids, facetValues: r.facetValues };
      } catch (e) {
        window.__first = { error: String((e && e.stack) || e) };
      }
      return window.__first;
    })(),
    run: async function (q, filters) {
      var t0 = performance.now();
      var r = await run(q, filters || {});
      r.ms = performance.now() - t0;
      return r;
    },
  };
};
`;

const page = (title, head, script) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">${head}
<script src="../bench-common.js"></script></head><body>
<script>
${script}
</script>
</body></html>
`;

export const RICERCA_PAGE = page(
  'ricerca bench',
  '\n<script src="ricerca.js"></script>',
  `BENCH(async function () {
  var engine = await window.ricerca.load({ index: 'index.bin' });
  return async function (q, filters) {
    var r = await engine.search(q, { filters: filters, limit: 10 });
    var n = 0;
    for (var k in r.facets) n += r.facets[k].filter(function (v) { return v.count > 0; }).length;
    return { total: r.total, ids: r.hits.map(function (h) { return h.id; }), facetValues: n };
  };
});`
);

// Pagefind's JS API as its UI uses it: search (filters loaded for the counts), then
// the data of the results shown (10).
export const PAGEFIND_PAGE = page(
  'Pagefind bench',
  '',
  `BENCH(async function (o) {
  var pf = await import('./pagefind/pagefind.js');
  // Its default runs search in a Web Worker; the memory page (o.mem) keeps it on the
  // main thread (noWorker) so that its heap and wasm memory can be measured.
  await pf.options(o.mem ? { noWorker: true } : {});
  await pf.init();
  await pf.filters();
  return async function (q, filters) {
    var r = await pf.search(q === '' ? null : q, { filters: filters });
    var data = await Promise.all(r.results.slice(0, 10).map(function (x) { return x.data(); }));
    var n = 0;
    for (var k in r.filters) for (var v in r.filters[k]) if (r.filters[k][v] > 0) n++;
    return { total: r.results.length, ids: data.map(function (d) { return d.meta.id; }), facetValues: n };
  };
});`
);

// MiniSearch: the prebuilt JSON index loaded whole; filters and disjunctive facet
// counts (each facet counted with the other facets' selections applied) in JS.
export const MINISEARCH_PAGE = page(
  'MiniSearch bench',
  '\n<script src="minisearch.js"></script>',
  `var OPTIONS = ${JSON.stringify(OPTIONS)};
var FACETS = ['country', 'region', 'sector'];
BENCH(async function () {
  var text = await (await fetch('index.json')).text();
  var ms = MiniSearch.loadJSON(text, OPTIONS);
  return async function (q, filters) {
    var hits = q === '' ? ms.search(MiniSearch.wildcard) : ms.search(q);
    var sel = FACETS.map(function (f) { return filters[f] && filters[f].length ? filters[f] : null; });
    var counts = FACETS.map(function () { return new Map(); });
    var top = [], total = 0;
    for (var i = 0; i < hits.length; i++) {
      var h = hits[i], fails = 0, failed = -1;
      for (var j = 0; j < FACETS.length; j++) {
        if (sel[j] && !h[FACETS[j]].some(function (v) { return sel[j].indexOf(v) >= 0; })) { fails++; failed = j; }
      }
      if (fails > 1) continue;
      for (var j = 0; j < FACETS.length; j++) {
        if (fails === 1 && failed !== j) continue;
        var vs = h[FACETS[j]], m = counts[j];
        for (var k = 0; k < vs.length; k++) m.set(vs[k], (m.get(vs[k]) || 0) + 1);
      }
      if (fails === 0) { total++; if (top.length < 10) top.push(h.id); }
    }
    var n = 0;
    counts.forEach(function (m) { n += m.size; });
    return { total: total, ids: top, facetValues: n };
  };
});`
);
