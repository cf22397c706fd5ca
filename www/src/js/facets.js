// Which facet values a panel shows, in which order. Pure.

/** Values shown before "show more". */
export const FACET_LIMIT = 10;

/**
 * The values of one facet panel: the engine's values with a count (or selected),
 * plus selected values the answer no longer has (count 0), ordered by count
 * (descending), then label. `label(value)` names a value the engine did not return.
 * `rank` (a Map value -> position), when given, freezes the panel (the phone panel
 * while open): its values stay, in that order, even at count 0; others follow. Each
 * item: `{value, label, count, on}`.
 */
export function facetValues(raw, selected, label, collator, rank) {
  const keep = (v) => selected.includes(v) || (rank && rank.has(v));
  const vals = (raw || []).filter((v) => v.count > 0 || keep(v.value)).map((v) => ({ value: v.value, label: v.label, count: v.count }));
  for (const s of selected.concat(rank ? Array.from(rank.keys()) : [])) {
    if (!vals.some((v) => v.value === s)) vals.push({ value: s, label: label(s), count: 0 });
  }
  for (const v of vals) v.on = selected.includes(v.value);
  const at = (v) => (rank && rank.has(v.value) ? rank.get(v.value) : Infinity);
  return vals.sort((a, b) => at(a) - at(b) || b.count - a.count || collator.compare(a.label, b.label));
}

/**
 * The values visible in a folded panel: the first FACET_LIMIT, plus any selected value
 * further down (kept in place, so ticking never moves a value); a frozen panel shows
 * what it showed. Open: all.
 */
export const visibleValues = (vals, open, rank) =>
  open ? vals : vals.filter((v, i) => (rank ? rank.has(v.value) : i < FACET_LIMIT) || v.on);
