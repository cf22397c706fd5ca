// Pagefind 1.6 on the same records: its CLI indexes one HTML page per document
// (bench/lib/pagefind-html.mjs, <html lang="en">: its English stemmer), and its JS API runs
// in headless Chromium on the browser benchmark's page (bench/lib/pages.mjs), served by
// `ricerca serve`. Returns {search(query, filters, limit) -> Promise<ids>, close()}.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, PAGEFIND_BIN, serve } from '../lib/common.mjs';
import { makeDocs } from '../lib/docs.mjs';
import { pagefindHtml } from '../lib/pagefind-html.mjs';
import { COMMON_JS, PAGEFIND_PAGE } from '../lib/pages.mjs';

// Null (with the reason on stderr) when Chromium or Pagefind's binary is missing.
export async function pagefind(lines, work) {
  for (const f of [CHROMIUM, PAGEFIND_BIN])
    if (!fs.existsSync(f)) {
      console.error(`relevance: Pagefind skipped (${f} missing)`);
      return null;
    }
  const site = path.join(work, 'pagefind-site');
  const pSite = path.join(site, 'pagefind');
  fs.rmSync(site, { recursive: true, force: true });
  fs.mkdirSync(path.join(pSite, 'p'), { recursive: true });
  makeDocs(lines).forEach((d, i) => fs.writeFileSync(path.join(pSite, 'p', `${i}.html`), pagefindHtml(d)));
  execFileSync(PAGEFIND_BIN, ['--site', pSite, '--output-subdir', 'pagefind', '--quiet'], { stdio: ['ignore', 'ignore', 'inherit'] });
  fs.writeFileSync(path.join(site, 'bench-common.js'), COMMON_JS);
  fs.writeFileSync(path.join(pSite, 'bench.html'), PAGEFIND_PAGE);
  const server = await serve(site);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const page = await browser.newPage();
  await page.goto(new URL('pagefind/bench.html#{}', server.url).href);
  const first = await page.evaluate(() => window.__bench.ready);
  if (first.error) throw new Error(`Pagefind page: ${first.error}`);
  return {
    search: async (query, filters = {}, limit = 10) =>
      (await page.evaluate(([q, f]) => window.__bench.run(q, f), [query, filters])).ids.slice(0, limit),
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}
