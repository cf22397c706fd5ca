// Where the widget's files are. Read at load time: document.currentScript is null
// once the script has run.
/* global RICERCA_ASSETS */

const me = document.currentScript;

/** Content-hashed file names of the engine glue, wasm and CSS (set by www/build.mjs). */
export const ASSETS = RICERCA_ASSETS;

/** The release, also `ricerca.version`. */
export const VERSION = '0.2.0';

/** The script tag's `data-index` and `data-assets` (defaults for every widget). */
export const SCRIPT_INDEX = me ? me.getAttribute('data-index') : null;
export const SCRIPT_ASSETS = me ? me.getAttribute('data-assets') : null;

const BASE = (me && me.src) || document.baseURI;

/**
 * The URL of one of the widget's files: beside the script, or in the folder `assets`
 * (a `data-assets` URL, relative to the page) when given.
 */
export const asset = (name, assets) => {
  const base = assets || SCRIPT_ASSETS;
  return new URL(name, base ? new URL(base.replace(/\/?$/, '/'), document.baseURI) : BASE).href;
};
