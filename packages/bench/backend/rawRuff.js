/*
 * Worker thread of the code-scan bench's calibration: ruff's WebAssembly
 * build checking files in a tight loop (no pool, no decoding, no mapping of
 * diagnostics). Generates its share of the files first, checks a few to warm
 * up, says `ready`, and on `go` checks every file of its share once.
 */
'use strict';

const { parentPort, workerData } = require('node:worker_threads');
const ruff = require('@astral-sh/ruff-wasm-nodejs');
const { dagSource } = require('./dagFiles');

const { files, settings, bytes, generation } = workerData;
const sources = files.map(([repo, file]) =>
  dagSource(repo, file, generation, bytes),
);
const workspace = new ruff.Workspace(settings, ruff.PositionEncoding.Utf16);
for (const s of sources.slice(0, 20)) workspace.check(s);
parentPort.postMessage({ ready: true });
parentPort.once('message', () => {
  let diagnostics = 0;
  const t0 = performance.now();
  for (const s of sources) diagnostics += workspace.check(s).length;
  parentPort.postMessage({
    done: true,
    ms: performance.now() - t0,
    files: sources.length,
    diagnostics,
  });
});
