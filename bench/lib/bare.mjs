// A page of the same Chromium, driven over the DevTools protocol with the Runtime domain
// only, as a visitor's browser runs it.
//
// Playwright enables the Network domain on every page it drives (for its request and
// response events), so each fetch the page makes is also reported over the automation
// pipe to this Node process. On this 2-core machine that is most of a small fetch's cost:
// 24 parallel 6 KB shard fetches take 75–122 ms in a Playwright page and 32 ms in a bare
// one, 12 take 37–48 ms and 15 ms (bench/README.md, "first-time pass"). browser.mjs
// measures the first-time pass both ways; everything else stays in Playwright pages.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CHROMIUM, CHROMIUM_ARGS } from './common.mjs';

// playwright-core's own WebSocket client (Node 20 has none without a flag).
const { ws: WebSocket } = createRequire(import.meta.url)('playwright-core/lib/utilsBundle');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Opens `url` in a fresh Chromium; resolves to {evaluate(expr), close() (a promise)}. */
export async function barePage(url) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-bare-'));
  const proc = spawn(CHROMIUM, [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: 'ignore' });
  const exited = new Promise((r) => proc.once('exit', r));
  const close = async () => {
    proc.kill();
    await exited;
    // Its helper processes may still write there for a moment; a profile left in the
    // temporary folder must not fail the measurement.
    for (let i = 0; i < 40; i++) {
      try {
        fs.rmSync(profile, { recursive: true, force: true });
        return;
      } catch {
        await sleep(250);
      }
    }
  };
  try {
    // Chromium writes the port it picked to DevToolsActivePort (first line).
    let port = '';
    for (let i = 0; i < 400 && !port; i++) {
      try {
        port = fs.readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').split('\n')[0].trim();
      } catch {
        await sleep(50);
      }
    }
    if (!port) throw new Error('bare Chromium: no DevToolsActivePort after 20 s');
    const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    const page = targets.find((t) => t.type === 'page');
    const ws = new WebSocket(page.webSocketDebuggerUrl, { perMessageDeflate: false });
    await new Promise((ok, bad) => {
      ws.once('open', ok);
      ws.once('error', bad);
    });
    let id = 0;
    const waiting = new Map();
    ws.on('message', (m) => {
      const d = JSON.parse(String(m));
      const w = waiting.get(d.id);
      if (w) {
        waiting.delete(d.id);
        d.error ? w.bad(new Error(d.error.message)) : w.ok(d.result);
      }
    });
    const send = (method, params) =>
      new Promise((ok, bad) => {
        waiting.set(++id, { ok, bad });
        ws.send(JSON.stringify({ id, method, params }));
      });
    // The value of `expr` (a promise is awaited); throws what the page threw.
    const evaluate = async (expr) => {
      const r = await send('Runtime.evaluate', { expression: expr, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails) throw new Error('page: ' + (r.exceptionDetails.exception?.description || r.exceptionDetails.text));
      return r.result.value;
    };
    await send('Page.navigate', { url });
    // Until the harness page has set window.__bench up.
    for (let i = 0; i < 600; i++) {
      if (await evaluate('!!(window.__bench && window.__bench.ready)').catch(() => false)) break;
      await sleep(50);
    }
    return {
      evaluate,
      close: () => {
        ws.close();
        return close();
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}
