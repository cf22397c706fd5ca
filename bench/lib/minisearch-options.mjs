// MiniSearch 7.2.0 as its README configures a typical site search: every text field
// indexed, facet fields and the title stored, prefix + fuzzy search, title boosted.
// Tokenizing and term processing are MiniSearch's defaults (lower-casing, no accent
// folding). The browser page uses the same object.
export const OPTIONS = {
  idField: 'id',
  fields: ['name', 'name_en', 'aliases', 'city', 'context', 'summary'],
  storeFields: ['name', 'country', 'region', 'sector'],
  searchOptions: { prefix: true, fuzzy: 0.2, boost: { name: 3, name_en: 2, aliases: 2 } },
};
