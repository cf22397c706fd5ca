// Types for `import { load } from 'ricerca'` (the engine without the widget). The shapes
// (Engine, SearchResponse, Hit, ...) are the widget's own, from www/src/ricerca.d.ts,
// shipped beside this file as widget.d.ts.
import type { Engine } from './widget.js';

export type {
  Engine,
  ErrorCode,
  Facet,
  FacetCount,
  Filters,
  Hit,
  Label,
  RicercaError,
  SearchOptions,
  SearchResponse,
} from './widget.js';

/** The package version (also `ricerca --version` and `ricerca.version` in the widget). */
export const version: string;

/** Folds text as the index was folded: NFKD, combining marks removed, lower case. */
export function fold(text: string): string;

/**
 * Loads the engine and an index: a URL (resolved against the page), or in Node a file path.
 * One load per index location. The same API as the widget's `ricerca.load`.
 */
export function load(options: string | URL | { index: string | URL }): Promise<Engine>;
