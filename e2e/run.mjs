#!/usr/bin/env node
// `yarn test:e2e`: the app end to end in real headless Chromium (Debian's
// chromium driven by playwright-core; no browser download). Starts the demo
// app (`yarn start`, on its own ports), runs e2e/*.e2e.mjs with node's test
// runner, stops the app.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './lib/app.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromium = findChromium();
if (!chromium) {
  const msg =
    "e2e: chromium not found (install Debian's package: apt-get install chromium, or set CHROMIUM_PATH)";
  if (process.env.CI === 'true' && !process.env.ASTRO_RUNTIME_E2E_OPTIONAL) {
    console.error(`${msg}; failing because CI=true`);
    process.exit(1);
  }
  console.log(`${msg}: the end-to-end suite is skipped`);
  process.exit(0);
}
// scale.e2e.mjs needs the seeded 10,000-project store (scripts/seed-demo.mjs:
// about 30 minutes of catalog ingestion the first time), so it runs only when
// asked for: `yarn test:e2e:scale` (ASTRO_RUNTIME_E2E_SCALE=1) runs it alone.
const scale = process.env.ASTRO_RUNTIME_E2E_SCALE === '1';
const files = readdirSync(here)
  .filter(f => f.endsWith('.e2e.mjs'))
  .filter(f => (f === 'scale.e2e.mjs') === scale)
  .map(f => path.join(here, f));
if (!scale) {
  console.log(
    'e2e: scale.e2e.mjs (the org page on 10,000 seeded projects) is not part of this run: `yarn test:e2e:scale` runs it',
  );
}
if (!files.length || !existsSync(files[0])) {
  console.error('e2e: no test files');
  process.exit(1);
}
const res = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files],
  { stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromium } },
);
process.exit(res.status ?? 1);
