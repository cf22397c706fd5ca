// The flags Debian's headless Chromium runs with in the e2e tests and the
// benchmarks (root in a sandbox, no GPU, a closed network: no background
// connections). The Makefile's webdriver.json for wasm-bindgen tests lists the same.
export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
