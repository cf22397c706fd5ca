// One Pagefind input page per document (bench/lib/docs.mjs): the same text as the other
// engines index, the facet values as Pagefind filters and the record id as metadata.
const escapeHtml = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

export function pagefindHtml(d) {
  const p = (s) => (s ? `<p>${escapeHtml(s)}</p>` : '');
  const filters = ['country', 'region', 'sector']
    .flatMap((f) => d[f].map((v) => `<span data-pagefind-filter="${f}:${escapeHtml(v)}"></span>`))
    .join('');
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(d.name)}</title></head>` +
    `<body><main data-pagefind-body><h1>${escapeHtml(d.name)}</h1>${p(d.name_en)}${p(d.aliases)}${p(d.city)}${p(d.context)}${p(d.summary)}` +
    `<span data-pagefind-meta="id:${escapeHtml(d.id)}"></span>${filters}</main></body></html>\n`
  );
}
