// The real static server for browser tests and benchmarks: `ricerca serve DIR
// --port 0` on 127.0.0.1 (gzip when accepted), started from the binary `bin`.
// Node's standard library only, so tests/e2e and bench (separate npm folders)
// both import it.
import { spawn } from 'node:child_process';

// Resolves to {url, stop} once the server prints its URL; `headers` are extra
// response headers ('Name: value').
export async function serve(bin, dir, headers = []) {
  const args = ['serve', dir, '--port', '0', '--host', '127.0.0.1'];
  for (const h of headers) args.push('--header', h);
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ricerca serve printed no URL: ' + out)), 10000);
    const onData = (chunk) => {
      out += chunk;
      const m = /Serving .* at (http:\/\/\S+?)\/?\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] + '/');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`ricerca serve exited with ${code}: ${out}`)));
  });
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}
