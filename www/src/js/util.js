// Small pure helpers shared by the widget's modules (no DOM, no globals).

/** Any value as a string; null and undefined become ''. */
export const str = (v) => (v == null ? '' : String(v));

/** The array without repeated items, first occurrence kept. */
export const uniq = (a) => Array.from(new Set(a));

/** Lowercase ASCII letters, digits and '-' only (for class names). */
export const slug = (s) => str(s).toLowerCase().replace(/[^a-z0-9-]/g, '');

/** The facets the engine knows, in their default order. */
export const FACETS = ['region', 'country', 'sector', 'kind'];

/**
 * The query folding the engine expects, the same as the builder's: NFKD, combining
 * marks removed, lowercase (the engine has no Unicode case tables; it folds elisions
 * and punctuation itself).
 */
export const fold = (q) => str(q).normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
