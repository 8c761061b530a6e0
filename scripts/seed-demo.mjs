#!/usr/bin/env node
// `yarn demo:seed`: a demo store of 10,000 Astro projects, to try the org
// page at scale. Writes under tmp/seed-demo/ (ignored by git):
//   catalog.yaml        10,000 Components (owners team-000..team-039)
//   projects/<v>/       one Dockerfile per bundled Runtime release
//   app-config.seed.yaml  overlay: catalog -> catalog.yaml, SQLite files in db/
//   db/                 the backend's SQLite files (catalog and statuses)
// then starts the demo backend once with the overlay, lets the catalog ingest
// the entities and runs the astro-runtime refresh, so the statuses are
// written by the plugin itself (its migrations, store and assessment).
// Afterwards: yarn start --config app-config.yaml --config tmp/seed-demo/app-config.seed.yaml
//
// Options: --count N (default 10000), --port P (default 7109), --out DIR,
// --force (seed anew), --resume (continue an interrupted seed).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

export const TEAMS = 40;
/** Bump when the generated catalog or overlay changes: the next seed starts anew. */
const GENERATOR_VERSION = 1;

/** The Dockerfile of a project on `version` (Airflow 3 lines use the new registry). */
function dockerfile(version) {
  const image = /^\d+\.\d+-\d+$/.test(version)
    ? `astrocrpublic.azurecr.io/runtime:${version}`
    : `quay.io/astronomer/astro-runtime:${version}`;
  return `FROM ${image}\n`;
}

/** Writes the catalog, the project folders and the overlay; returns the overlay's path. */
export function generate({ out, count, port }) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.join(out, 'db'), { recursive: true });
  const releases = JSON.parse(
    readFileSync(
      path.join(root, 'plugins/astro-runtime-common/src/data/releases.json'),
      'utf8',
    ),
  ).releases.map(r => r[0]);
  for (const v of releases) {
    mkdirSync(path.join(out, 'projects', v), { recursive: true });
    writeFileSync(path.join(out, 'projects', v, 'Dockerfile'), dockerfile(v));
  }
  const docs = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(5, '0');
    const team = `team-${String(i % TEAMS).padStart(3, '0')}`;
    // spread the releases over the projects, newer ones more often
    const r =
      releases[
        Math.floor(releases.length * Math.sqrt(((i * 7919) % count) / count))
      ];
    docs.push(
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        `  name: seeded-project-${n}`,
        '  annotations:',
        `    astronomer.io/project-path: ./projects/${r}`,
        '  tags: [airflow, astro, seeded]',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        `  owner: ${team}`,
        '',
      ].join('\n'),
    );
  }
  writeFileSync(path.join(out, 'catalog.yaml'), docs.join('---\n'));
  const overlay = path.join(out, 'app-config.seed.yaml');
  writeFileSync(
    overlay,
    `# written by scripts/seed-demo.mjs: the demo on the seeded store
backend:
  database:
    client: better-sqlite3
    connection: { directory: ${JSON.stringify(path.join(out, 'db'))} }
catalog:
  # ingested once by the seed; not reprocessed while the page is measured
  processingInterval: { minutes: 60 }
  # stitch in batches after processing instead of once per processed entity
  stitchingStrategy: { mode: deferred, pollingInterval: { milliseconds: 500 }, stitchTimeout: { minutes: 1 } }
  locations:
    - type: file
      target: ${JSON.stringify(path.join(out, 'catalog.yaml'))}
astroRuntime:
  # one Dockerfile per project and no Python code: no scan
  code: { enabled: false }
  refresh:
    concurrency: 16
    # the seed runs the refresh; the demo's sweep comes after an hour
    schedule: { frequency: { minutes: 60 }, timeout: { minutes: 15 }, initialDelay: { minutes: 60 } }
`,
  );
  return { overlay, port, releases: releases.length };
}

async function json(url, init) {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

async function until(what, fn, timeoutMs, log, proc) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) {
      throw new Error(
        `seed: the backend exited (code ${
          proc.exitCode
        }) before ${what}\n${log().slice(-3000)}`,
      );
    }
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(
    `seed: timed out waiting for ${what}${
      last ? `: ${last.message}` : ''
    }\n${log().slice(-3000)}`,
  );
}

/** Stops the backend's process group: SIGTERM, SIGKILL after 10 s. */
async function stop(proc) {
  const exited = new Promise(r =>
    proc.exitCode !== null ? r() : proc.once('exit', r),
  );
  const signal = sig => {
    try {
      process.kill(-proc.pid, sig);
    } catch {
      /* gone */
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Starts the demo backend on the overlay, ingests and refreshes, stops it. */
export async function seed({
  out = path.join(root, 'tmp/seed-demo'),
  count = 10_000,
  port = 7109,
  say = console.log,
  force = false,
  resume = false,
} = {}) {
  const started = Date.now();
  const stampFile = path.join(out, 'seeded.json');
  const stamp = JSON.stringify({ generator: GENERATOR_VERSION, count });
  if (
    !force &&
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === stamp
  ) {
    say(
      `seed: reusing the seeded store in ${path.relative(
        root,
        out,
      )} (--force seeds anew)`,
    );
    return { overlay: path.join(out, 'app-config.seed.yaml'), reused: true };
  }
  // --resume: keep the generated files and what the catalog ingested so far
  const overlay =
    resume && existsSync(path.join(out, 'app-config.seed.yaml'))
      ? path.join(out, 'app-config.seed.yaml')
      : generate({ out, count, port }).overlay;
  say(`seed: ${count} entities written to ${path.relative(root, out)}`);
  const base = `http://localhost:${port}`;
  let logs = '';
  // the backend as `yarn start` runs it (the CLI's TypeScript require hook),
  // without its file watcher: edits elsewhere in the repo must not restart it
  const proc = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--require',
      require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
      'src/index.ts',
      '--config',
      path.join(root, 'app-config.yaml'),
      '--config',
      overlay,
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        NODE_ENV: 'development',
        ESBK_TSCONFIG_PATH: path.join(root, 'tsconfig.json'),
        APP_CONFIG_backend_listen_port: String(port),
        APP_CONFIG_backend_baseUrl: JSON.stringify(base),
        // this run's sweep starts at once (the scheduler waits out the
        // initial delay before it takes triggers); the overlay's hour is for
        // the demo that starts on the seeded store afterwards
        // (merged into the overlay's { minutes: 60 }: both keys are set)
        APP_CONFIG_astroRuntime_refresh_schedule_initialDelay: JSON.stringify({
          minutes: 0,
          seconds: 1,
        }),
      },
    },
  );
  const keep = c => {
    logs = (logs + c.toString()).slice(-20_000);
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const log = () => logs;
  try {
    await until(
      'the backend',
      () => json(`${base}/api/astro-runtime/health`),
      240_000,
      log,
      proc,
    );
    const { backstageIdentity } = await json(`${base}/api/auth/guest/refresh`);
    const auth = { authorization: `Bearer ${backstageIdentity.token}` };
    await until(
      `${count} entities in the catalog`,
      async () => {
        const body = await json(
          `${base}/api/catalog/entities/by-query?filter=kind=component,metadata.tags=seeded&limit=1`,
          { headers: auth },
        );
        return body.totalItems >= count;
      },
      3_600_000,
      log,
      proc,
    );
    say(
      `seed: catalog ingested after ${Math.round(
        (Date.now() - started) / 1000,
      )} s`,
    );
    // a sweep that started before the catalog was full covered fewer: run another
    const progress = await until(
      'the refresh',
      async () => {
        const p = await json(`${base}/api/astro-runtime/refresh`, {
          headers: auth,
        });
        if (p.running) return undefined;
        if (p.finishedAt && p.total >= count) return p;
        // 429 while the last sweep's cooldown runs: asked again next round
        await fetch(`${base}/api/astro-runtime/refresh`, {
          method: 'POST',
          headers: auth,
        });
        return undefined;
      },
      1_800_000,
      log,
      proc,
    );
    say(
      `seed: refresh done (${progress.done} assessed, ${
        progress.errors
      } errors) after ${Math.round((Date.now() - started) / 1000)} s`,
    );
    writeFileSync(stampFile, stamp);
    return { overlay, progress, reused: false };
  } finally {
    await stop(proc);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  seed({
    count: Number(arg('count', 10_000)),
    port: Number(arg('port', 7109)),
    out: path.resolve(arg('out', path.join(root, 'tmp/seed-demo'))),
    force: process.argv.includes('--force'),
    resume: process.argv.includes('--resume'),
  }).then(
    ({ overlay }) =>
      console.log(
        `seed: start the demo on it with: yarn start --config app-config.yaml --config ${path.relative(
          root,
          overlay,
        )}`,
      ),
    e => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
