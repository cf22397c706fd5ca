// Types for `import { load } from 'ricerca'` (the engine without the widget).

/** The package version (also `ricerca --version` and `ricerca.version` in the widget). */
export const version: string;

/** Folds text as the index was folded: NFKD, combining marks removed, lower case. */
export function fold(text: string): string;

/** The facets a directory is filtered by. */
export type Facet = 'region' | 'country' | 'sector' | 'kind';

/** Where the index is: a URL (resolved against the page), or in Node a file path. */
export interface LoadOptions {
  index: string | URL;
}

/** Loads the engine and the index; one load per index location. */
export function load(options: LoadOptions | string | URL): Promise<Engine>;

export interface SearchOptions {
  /** Keep hits with any of these values, per facet (values: region/country codes, sector slugs, `initiative`/`partner`). */
  filters?: Partial<Record<Facet, string[]>>;
  /** Hits returned (default 10). */
  limit?: number;
  /** Hits skipped first, for paging (default 0). */
  offset?: number;
  /** Values listed per facet (default 100; selected values always listed). */
  facet_limit?: number;
  /** Label language (default `it`). */
  lang?: 'it' | 'en';
}

export interface Engine {
  /** Searches; `""` browses everything. Fetches the shard files a query needs (sharded indexes). */
  search(query: string, options?: SearchOptions): Promise<SearchResult>;
  /** Fetches the shard files not loaded yet when there are at most `max` (default 16); resolves to the number fetched. */
  prefetch(max?: number): Promise<number>;
  /** Counts of the loaded index. */
  info(): IndexInfo;
}

export interface IndexInfo {
  records: number;
  terms: number;
  format_version: number;
  shards: number;
  shards_loaded: number;
}

export interface SearchResult {
  /** The query as given. */
  query: string;
  /** Hits matching the query and the filters (all pages). */
  total: number;
  /** This page of hits, best first. */
  hits: Hit[];
  /** Counts per facet value for the query (a facet's own filter is not applied to its counts). */
  facets: Record<Facet, FacetCount[]>;
}

export interface FacetCount {
  value: string;
  label: string;
  count: number;
  selected: boolean;
}

export interface Label {
  value: string;
  label: string;
}

/** [start, end) in Unicode code points. */
export type Range = [number, number];

export interface Hit {
  id: string;
  kind: 'initiative' | 'partner';
  kind_label: string;
  title: string;
  /** An http(s) link, or null. Treat every field as text, never as HTML. */
  url: string | null;
  score: number;
  snippet: string;
  highlights: { title: Range[]; snippet: Range[] };
  region: Label[];
  country: Label[];
  sector: Label[];
  city: string | null;
  related: { id: string; kind: 'initiative' | 'partner'; title: string }[];
}

/** Errors thrown by `load` and `search`. */
export interface RicercaError extends Error {
  code: 'not-found' | 'http' | 'network' | 'truncated' | 'bad-magic' | 'bad-version' | 'corrupt' | 'missing-shards' | 'internal' | string;
  what: 'index' | 'engine';
  status?: number;
}
