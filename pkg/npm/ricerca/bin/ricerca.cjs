#!/usr/bin/env node
// `ricerca` for npm: runs the native binary of the platform package installed as an optional
// dependency (@ricerca/linux-x64, ...), or else the same CLI built for WebAssembly (WASI)
// with node:wasi. RICERCA_WASI=1 forces the WebAssembly build.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PLATFORMS = {
  'linux-x64': '@ricerca/linux-x64',
  'linux-arm64': '@ricerca/linux-arm64',
  'win32-x64': '@ricerca/win32-x64',
};

function nativeBinary() {
  const pkg = PLATFORMS[`${process.platform}-${process.arch}`];
  if (!pkg || process.env.RICERCA_WASI === '1') return null;
  try {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`));
    const bin = path.join(dir, 'bin', process.platform === 'win32' ? 'ricerca.exe' : 'ricerca');
    return fs.existsSync(bin) ? bin : null;
  } catch {
    return null; // the optional dependency was not installed
  }
}

// Runs the binary with this process's arguments and standard streams; signals sent to this
// wrapper (a CI stopping `ricerca serve`) are passed on, and its exit status is ours.
function runNative(bin) {
  const child = spawn(bin, process.argv.slice(2), { stdio: 'inherit' });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, () => child.kill(s));
  child.on('error', (e) => {
    console.error(`ricerca: cannot run ${bin}: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (signal) {
      for (const s of signals) process.removeAllListeners(s);
      process.kill(process.pid, signal);
    } else {
      process.exit(code ?? 1);
    }
  });
}

async function runWasi() {
  // node:wasi is marked experimental: say nothing about it on every run.
  const emit = process.emitWarning;
  process.emitWarning = (w, ...rest) => {
    if (!String((rest[0] && rest[0].type) || rest[0]).includes('ExperimentalWarning')) emit.call(process, w, ...rest);
  };
  const { WASI } = require('node:wasi');
  // V8's incremental marking crashes Node 20 while the module's memory grows past ~350 MB
  // (a 185k-record build: "Fatal error ... unreachable code" in MarkCompactCollector).
  require('node:v8').setFlagsFromString('--no-incremental-marking');
  process.emitWarning = emit;
  const options = {
    args: ['ricerca', ...process.argv.slice(2)],
    env: { PWD: process.cwd() },
    preopens: { '/': '/' },
    returnOnExit: true,
  };
  let wasi;
  try {
    wasi = new WASI({ version: 'preview1', ...options });
  } catch {
    wasi = new WASI(options); // Node 18 before `version` existed
  }
  const file = path.join(__dirname, '..', 'wasi', 'ricerca.wasm');
  const module = await WebAssembly.compile(fs.readFileSync(file));
  const instance = await WebAssembly.instantiate(module, wasi.getImportObject ? wasi.getImportObject() : { wasi_snapshot_preview1: wasi.wasiImport });
  return wasi.start(instance);
}

const bin = nativeBinary();
if (bin) {
  runNative(bin);
} else {
  runWasi().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(`ricerca: the WebAssembly build failed: ${e.message}`);
      process.exitCode = 1;
    }
  );
}
