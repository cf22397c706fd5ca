#!/usr/bin/env node
// Regenerates the README screenshots in www/docs/ (not a test; run by hand after a
// visual change): the filter panel on a 360px phone, and the dark theme on a dark page.
//
//   node tests/e2e/screenshots.mjs        (needs www/dist and target/release/ricerca)
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, launch, makeSite, open, serve } from './lib/harness.mjs';

const out = path.join(ROOT, 'www', 'docs');
fs.mkdirSync(out, { recursive: true });
const SCRIPT = '<script src="ricerca.js" data-index="index.bin" defer></script>';
const site = makeSite(
  {
    'phone.html': { body: `${SCRIPT}\n<main><div data-ricerca data-theme="light"></div></main>` },
    'dark.html': { body: `<link rel="stylesheet" href="dark.css">\n${SCRIPT}\n<main><div data-ricerca data-theme="dark"></div></main>` },
  },
  { 'dark.css': 'html { background: #121212; color: #eee; font-family: system-ui, sans-serif; } body { margin: 16px; }' }
);
const server = await serve(site);
const browser = await launch();
const ready = (p) => p.waitForFunction(() => document.querySelector('[data-ricerca]').shadowRoot?.querySelector('.hit'));
try {
  const phone = await open(browser, server.url + 'phone.html?rf_region=IT-25', { width: 360, height: 640, touch: true });
  await ready(phone);
  await phone.locator('[data-ricerca] summary').tap();
  await phone.waitForTimeout(300);
  await phone.screenshot({ path: path.join(out, 'phone-filters.png') });
  const dark = await open(browser, server.url + 'dark.html?rq=cell&rf_region=IT-25', { width: 720, height: 460 });
  await ready(dark);
  await dark.waitForTimeout(300);
  await dark.screenshot({ path: path.join(out, 'dark.png') });
} finally {
  await browser.close();
  await server.stop();
  fs.rmSync(site, { recursive: true, force: true });
}
for (const f of ['phone-filters.png', 'dark.png']) console.log(f, fs.statSync(path.join(out, f)).size, 'bytes');
