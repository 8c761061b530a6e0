#!/usr/bin/env node
// `yarn test:packed`: the plugins as an adopter gets them.
//
//   1. `yarn pack:all` (scripts/pack-all.mjs): one tarball per plugin in dist-packs/;
//   2. the tarballs' contents (scripts/packed-tests/tarballs.test.mjs);
//   3. e2e/fresh-app, a separate Yarn project on the new frontend system,
//      installs them from e2e/fresh-app/packs/ (see its README for the lockfile);
//   4. runs the installed astro-runtime-check CLI; starts its backend and
//      posts a GitHub push to its events ingress (e2e/packed/push-events.e2e.mjs);
//      with chromium, builds its frontend, serves it, and drives it in
//      headless Chromium (e2e/packed/fresh-app.e2e.mjs).
//
// Options: --skip-tsc (dist-types/ is fresh: `yarn tsc` just ran),
// --update-lock (write the fresh app's lockfile after a dependency change).
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { findChromium } from '../e2e/lib/app.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'e2e/fresh-app');
const args = process.argv.slice(2);
const updateLock = args.includes('--update-lock');
// scm: the stand-in git host of e2e/packed/push-events.e2e.mjs
const ports = { app: 3200, backend: 7207, scm: 7208 };
const timings = [];

function log(msg) {
  console.log(`test:packed: ${msg}`);
}

async function stage(name, fn) {
  const started = Date.now();
  log(`== ${name}`);
  try {
    return await fn();
  } finally {
    timings.push([name, (Date.now() - started) / 1000]);
  }
}

function run(cmd, cmdArgs, opts = {}) {
  const res = spawnSync(cmd, cmdArgs, { stdio: 'inherit', ...opts });
  if (res.status !== 0) {
    throw new Error(
      `${cmd} ${cmdArgs.join(' ')} failed (exit ${res.status ?? res.signal})`,
    );
  }
}

/** Like run(), without blocking this process (it serves the frontend meanwhile). */
function runAsync(cmd, cmdArgs, opts = {}) {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, cmdArgs, { stdio: 'inherit', ...opts });
    p.on('error', reject);
    p.on('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `${cmd} ${cmdArgs.join(' ')} failed (exit ${code ?? signal})`,
            ),
          ),
    );
  });
}

/** The environment of a command run in the fresh app: none of the root project's Yarn state. */
function appEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const k of Object.keys(env)) {
    if (
      k.startsWith('npm_') ||
      k.startsWith('BERRY_') ||
      ['INIT_CWD', 'PROJECT_CWD', 'DEV_CALLER_CWD'].includes(k)
    ) {
      delete env[k];
    }
  }
  // the registry: as scripts/bootstrap.sh exported it (from npm's config);
  // native addons (better-sqlite3) build against the local Node headers, as
  // bootstrap.sh sets it: without it node-gyp tries to download them
  for (const k of [
    'YARN_NPM_REGISTRY_SERVER',
    'COREPACK_NPM_REGISTRY',
    'npm_config_nodedir',
  ]) {
    if (process.env[k]) env[k] = process.env[k];
  }
  return env;
}

/** Lockfile entries that are not the tarballs of this repository. */
export function thirdPartyEntries(lockText) {
  const lock = parse(lockText);
  return Object.fromEntries(
    Object.entries(lock)
      .filter(([key]) => key !== '__metadata')
      .filter(([key]) => !/^"?@backstage-astro\/[^@]+@file:/.test(key))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

export function diffEntries(before, after) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  const changed = [];
  for (const k of keys) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) {
      changed.push(`${k in before ? (k in after ? '~' : '-') : '+'} ${k}`);
    }
  }
  return changed;
}

function portInUse(port) {
  return new Promise(resolve => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(url, timeoutMs, proc, logs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (proc && proc.exitCode !== null) {
      throw new Error(
        `the backend exited (${proc.exitCode}) before ${url} answered\n${logs
          .join('')
          .slice(-4000)}`,
      );
    }
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `timed out waiting for ${url}: ${last}\n${(logs ?? [])
      .join('')
      .slice(-4000)}`,
  );
}

/** Serves the built frontend (a single-page app) the way a static host does. */
function serveStatic(dir, port) {
  const types = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.json': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.ico': 'image/x-icon',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.map': 'application/json',
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let file = path.join(dir, decodeURIComponent(url.pathname));
    if (
      !file.startsWith(dir) ||
      !existsSync(file) ||
      statSync(file).isDirectory()
    ) {
      file = path.join(dir, 'index.html');
    }
    res.writeHead(200, {
      'content-type': types[path.extname(file)] ?? 'application/octet-stream',
    });
    createReadStream(file).pipe(res);
  });
  return new Promise(resolve => server.listen(port, () => resolve(server)));
}

async function stopGroup(proc) {
  if (!proc || proc.exitCode !== null) return;
  try {
    process.kill(-proc.pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 20 && proc.exitCode === null; i++) {
    await new Promise(r => setTimeout(r, 500));
  }
  try {
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    /* gone */
  }
}

async function main() {
  const chromium = findChromium();
  await stage('pack:all', () =>
    run(
      process.execPath,
      [
        path.join(root, 'scripts/pack-all.mjs'),
        ...args.filter(a => a === '--skip-tsc'),
      ],
      { cwd: root },
    ),
  );
  await stage('tarball contents', () =>
    run(
      process.execPath,
      [
        '--test',
        '--test-reporter=spec',
        path.join(root, 'scripts/packed-tests/tarballs.test.mjs'),
      ],
      { cwd: root },
    ),
  );

  const manifest = JSON.parse(
    readFileSync(path.join(root, 'dist-packs/manifest.json'), 'utf8'),
  );
  mkdirSync(path.join(app, 'packs'), { recursive: true });
  for (const m of manifest) {
    copyFileSync(
      path.join(root, 'dist-packs', m.tarball),
      path.join(app, 'packs', `${m.name.split('/')[1]}.tgz`),
    );
  }

  const lockPath = path.join(app, 'yarn.lock');
  const committedLock = readFileSync(lockPath, 'utf8');
  let backend;
  let server;
  try {
    await stage('fresh app: yarn install', () => {
      // Yarn records a content hash of each file: tarball in the lockfile, so
      // the entries of this repository's own tarballs change with every build;
      // everything else must be exactly the committed lockfile.
      run('yarn', ['install'], {
        cwd: app,
        env: appEnv({ YARN_ENABLE_IMMUTABLE_INSTALLS: 'false', CI: '' }),
      });
      const changed = diffEntries(
        thirdPartyEntries(committedLock),
        thirdPartyEntries(readFileSync(lockPath, 'utf8')),
      );
      if (changed.length && !updateLock) {
        throw new Error(
          `e2e/fresh-app/yarn.lock is out of date for the plugins' dependencies:\n  ${changed
            .slice(0, 30)
            .join('\n  ')}\n` +
            'review the dependency change, then run `yarn test:packed --update-lock` and commit e2e/fresh-app/yarn.lock',
        );
      }
      if (updateLock)
        log(`lockfile updated (${changed.length} third-party entries changed)`);
    });

    await stage(
      'fresh app: astro-runtime-check from the installed tarball',
      () => {
        // the installed -common, with the packed -node next to it (code scan on)
        const bin = path.join(
          app,
          'node_modules/@backstage-astro/plugin-astro-runtime-common/bin/astro-runtime-check',
        );
        const res = spawnSync(
          process.execPath,
          [bin, path.join(root, 'examples/projects/crm-sync'), '--json'],
          { cwd: app, encoding: 'utf8' },
        );
        if (res.status !== 0) {
          throw new Error(
            `astro-runtime-check exited ${res.status}: ${res.stderr}`,
          );
        }
        const out = JSON.parse(res.stdout);
        if (out.runtime?.version !== '12.6.0') {
          throw new Error(
            `astro-runtime-check read ${JSON.stringify(out.runtime)}`,
          );
        }
        log(
          `astro-runtime-check: ${out.runtime.version}, state ${out.status?.state}`,
        );
      },
    );

    if (!chromium) {
      const msg =
        "chromium not found (apt-get install chromium, or set CHROMIUM_PATH): the fresh app's browser test is skipped";
      if (process.env.CI === 'true' && !process.env.ASTRO_RUNTIME_E2E_OPTIONAL)
        throw new Error(`${msg}; failing because CI=true`);
      log(msg);
    }
    for (const port of Object.values(ports)) {
      if (await portInUse(port))
        throw new Error(
          `port ${port} is in use: the fresh app needs ${ports.app}, ${ports.backend} and ${ports.scm}`,
        );
    }
    if (chromium) {
      await stage('fresh app: build the frontend', () => {
        rmSync(path.join(app, 'packages/app/dist'), {
          recursive: true,
          force: true,
        });
        run('yarn', ['build:app'], { cwd: app, env: appEnv() });
      });
    }
    const logs = [];
    await stage('fresh app: start the backend', async () => {
      backend = spawn('yarn', ['start:backend'], {
        cwd: app,
        env: appEnv(),
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const keep = c => {
        logs.push(c.toString());
        if (logs.length > 400) logs.shift();
      };
      backend.stdout.on('data', keep);
      backend.stderr.on('data', keep);
      await waitFor(
        `http://localhost:${ports.backend}/api/astro-runtime/health`,
        300_000,
        backend,
        logs,
      );
    });
    const e2e = (file, env) =>
      runAsync(
        process.execPath,
        [
          '--test',
          '--test-concurrency=1',
          '--test-reporter=spec',
          path.join(root, 'e2e/packed', file),
        ],
        {
          cwd: root,
          env: {
            ...process.env,
            FRESH_BACKEND_URL: `http://localhost:${ports.backend}`,
            ...env,
          },
        },
      );
    // no browser needed: runs with or without chromium
    await stage('fresh app: push events', () => e2e('push-events.e2e.mjs'));
    if (!chromium) return;
    server = await serveStatic(path.join(app, 'packages/app/dist'), ports.app);
    await stage('fresh app: end to end in headless Chromium', () =>
      e2e('fresh-app.e2e.mjs', {
        CHROMIUM_PATH: chromium,
        FRESH_APP_URL: `http://localhost:${ports.app}`,
      }),
    );
  } finally {
    server?.close();
    await stopGroup(backend);
    if (!updateLock) writeFileSync(lockPath, committedLock);
    console.log(
      `test:packed: stage times: ${timings
        .map(([n, s]) => `${n} ${s.toFixed(0)} s`)
        .join('; ')}`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch(e => {
    console.error(`test:packed: ${e.message}`);
    process.exit(1);
  });
}
