// TypeScript types of ricerca.js, the widget's entry script (a classic script that
// defines the global `ricerca`). Shipped beside it in www/dist.

/** A facet the engine counts. */
export type Facet = 'region' | 'country' | 'sector' | 'kind';

/** Selected values per facet (any of a facet's values; every facet must match). */
export type Filters = Partial<Record<Facet, string[]>>;

/** A code and its label in the requested language. */
export interface Label {
  value: string;
  label: string;
}

/** One result, exactly as `ricerca search --json` prints it. */
export interface Hit {
  id: string;
  kind: string;
  kind_label: string;
  title: string;
  url: string | null;
  score: number;
  snippet: string;
  /** Matched words: [start, end) code-point ranges. */
  highlights: { title: [number, number][]; snippet: [number, number][] };
  region: Label[];
  country: Label[];
  sector: Label[];
  city: string | null;
  related: { id: string; kind: string; title: string }[];
  /** The language of the record's text, when the data says (BCP 47). */
  lang?: string;
}

export interface FacetCount extends Label {
  count: number;
  selected: boolean;
}

export interface SearchResponse {
  query: string;
  total: number;
  hits: Hit[];
  /** Per facet its values, most hits first, at most `facet_limit` (selected ones always). */
  facets: Record<Facet, FacetCount[]>;
  /** How many values each facet had before the cut to `facet_limit`, in the order region, country, sector, kind. */
  facet_totals: [number, number, number, number];
  /** No record (within the filters) has every word: the hits match the most words. */
  relaxed: boolean;
  /** With `relaxed`, the words (as typed) the best hit does not match. */
  left_out: string[];
  /** The fetch budget ran out: the answer used the index files at hand and may miss records. */
  partial?: true;
  /** With `partial`, the shard files a complete answer would need. */
  pending?: string[];
}

export interface SearchOptions {
  filters?: Filters;
  limit?: number;
  offset?: number;
  lang?: 'it' | 'en';
  /** Values listed per facet (100; 0: all); `facet_totals` counts them all. */
  facet_limit?: number;
  /** Shard files this search may fetch (32); past it the answer is `partial`. */
  fetch_budget?: number;
  /** Lists only the values of one facet whose code or a word of whose label (Italian or English) starts with the text: `{country: 'sviz'}`. */
  facet_query?: Partial<Record<Facet, string>>;
  /** Called when the answer has to wait for index files. */
  onfetch?: () => void;
}

/** Error codes of `ricerca.load`, `engine.search` and the `ricerca:error` event. */
export type ErrorCode =
  | 'not-found'
  | 'http'
  | 'network'
  | 'bad-magic'
  | 'bad-version'
  | 'corrupt'
  | 'truncated'
  | 'updated'
  | 'csp'
  | 'script'
  | 'unsupported'
  | 'internal';

export interface RicercaError extends Error {
  code: ErrorCode;
  what: 'index' | 'engine';
  status?: number;
}

/** One loaded index. */
export interface Engine {
  search(query: string, options?: SearchOptions): Promise<SearchResponse>;
  /** The values of `facet` whose code or a word of whose label (Italian or English, whatever `lang`) starts with `text`, counted for `query` + `options`, among all its values; at most `options.limit`, `total` of them. */
  facetQuery(query: string, options: SearchOptions, facet: Facet, text: string): Promise<{ total: number; values: FacetCount[] }>;
  /** Fetches the remaining shard files when there are at most `max` (16); resolves to the count. */
  prefetch(max?: number): Promise<number>;
  info(): { records: number; terms: number; format_version: number; index_version: string; shards: number; shards_loaded: number; fetch_budget: number };
}

/** Options of `ricerca.mount` (the attributes' camelCase names). */
export interface MountOptions {
  index?: string;
  assets?: string;
  lang?: string;
  facets?: string;
  perPage?: number;
  placeholder?: string;
  label?: string;
  urlState?: 'on' | 'off';
  urlPrefix?: string;
  prefetch?: number | 'off';
  theme?: 'auto' | 'light' | 'dark';
  recordLang?: string;
}

/** A mounted widget. */
export interface Widget {
  readonly element: HTMLElement;
  /** The query shown. */
  readonly query: string;
  /** The filters shown. */
  readonly filters: Filters;
  /** Searches as if typed (filters stay); resolves to the answer drawn, or null when a newer search replaced it. */
  search(query: string): Promise<SearchResponse | null>;
  /** Replaces every filter (a new history entry, like a click). */
  setFilters(filters: Filters): Promise<SearchResponse | null>;
  /** Removes the widget from its element (ricerca.mount may mount it again). */
  destroy(): void;
}

export interface Ricerca {
  readonly version: string;
  load(options: string | { index?: string; assets?: string }): Promise<Engine>;
  mount(element: HTMLElement, options?: MountOptions): Widget | null;
  /** The widget mounted on an element, or null. */
  get(element: HTMLElement): Widget | null;
  /** The query folding the engine expects (NFKD, no combining marks, lowercase). */
  fold(text: string): string;
}

/** Event details (events bubble and cross shadow roots: listen on any ancestor). */
export interface SearchEventDetail {
  query: string;
  filters: Filters;
  page: number;
}
export interface ResultsEventDetail extends SearchEventDetail {
  total: number;
  hits: Hit[];
}
export interface SelectEventDetail {
  query: string;
  filters: Filters;
  hit: Hit;
  url: string;
}
export interface ErrorEventDetail {
  code: ErrorCode;
  what: 'index' | 'engine' | null;
  status: number | null;
  message: string;
  error: RicercaError;
}

/** `<ricerca-search>`: the attributes as properties (`perPage` is `per-page`). */
export interface RicercaSearchElement extends HTMLElement {
  index: string | null;
  assets: string | null;
  lang: string;
  facets: string | null;
  perPage: string | null;
  placeholder: string | null;
  label: string | null;
  urlState: string | null;
  urlPrefix: string | null;
  prefetch: string | null;
  theme: string | null;
  recordLang: string | null;
}

declare global {
  interface Window {
    ricerca: Ricerca;
  }
  const ricerca: Ricerca;
  interface HTMLElementTagNameMap {
    'ricerca-search': RicercaSearchElement;
  }
  interface HTMLElementEventMap {
    'ricerca:search': CustomEvent<SearchEventDetail>;
    'ricerca:results': CustomEvent<ResultsEventDetail>;
    'ricerca:select': CustomEvent<SelectEventDetail>;
    'ricerca:error': CustomEvent<ErrorEventDetail>;
  }
}
