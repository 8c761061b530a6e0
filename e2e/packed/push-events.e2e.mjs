// Push events in e2e/fresh-app, from the packed tarballs (no browser): a
// GitHub-shaped push to the events backend's HTTP ingress
// (`/api/events/http/github`, `events.http.topics` in the fresh app's
// app-config.yaml) reassesses at once the entity it touched, through the
// astro-runtime events module the README's "Push events" snippet adds.
// Started by scripts/test-packed.mjs, which passes FRESH_BACKEND_URL.
//
// The example entities are registered from local files: the plugin stores no
// repository URL for them, so no push can name them. This test serves a copy
// of one example from a stand-in git host on port 7208 (a url Location; the
// fresh app's backend.reading.allow lets the backend read it), and its pushes
// name that repository.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const backendUrl = process.env.FRESH_BACKEND_URL ?? 'http://localhost:7207';
const scmPort = 7208;
const repo = 'marketing-etl-pushed';
const repoUrl = `http://localhost:${scmPort}/${repo}`;
const statusUrl = `/api/astro-runtime/entities/component/default/${repo}/status`;

let token;
let dir;
let scm;

async function api(method, url, body) {
  const res = await fetch(`${backendUrl}${url}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

async function until(what, fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`timed out waiting for ${what}: ${last?.message ?? last}`);
}

/** A read-only HTTP server for the files under `root` (GET /<repo>/<path>). */
function serveFolder(root, port) {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.resolve(root, `.${rel}`);
    if (
      req.method !== 'GET' ||
      !file.startsWith(`${root}${path.sep}`) ||
      !existsSync(file) ||
      !statSync(file).isFile()
    ) {
      res.writeHead(req.method === 'GET' ? 404 : 405).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

/** Posts a GitHub push webhook of `paths` on main, as GitHub sends it. */
async function publishPush(paths) {
  const sha = randomBytes(20).toString('hex');
  const res = await fetch(`${backendUrl}/api/events/http/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': randomBytes(16).toString('hex'),
    },
    body: JSON.stringify({
      ref: 'refs/heads/main',
      before: '0'.repeat(40),
      after: sha,
      repository: { name: repo, full_name: `e2e/${repo}`, html_url: repoUrl },
      pusher: { name: 'e2e' },
      commits: paths.length
        ? [{ id: sha, added: [], removed: [], modified: paths }]
        : [],
    }),
  });
  assert.ok(
    res.status >= 200 && res.status < 300,
    `the push: HTTP ${res.status} ${await res.text()}`,
  );
}

before(async () => {
  const guest = await (
    await fetch(`${backendUrl}/api/auth/guest/refresh`)
  ).json();
  token = guest.backstageIdentity.token;
  dir = mkdtempSync(path.join(os.tmpdir(), 'fresh-app-scm-'));
  const copy = path.join(dir, repo);
  cpSync(path.resolve(here, '../../examples/projects/marketing-etl'), copy, {
    recursive: true,
  });
  const info = path.join(copy, 'catalog-info.yaml');
  writeFileSync(
    info,
    readFileSync(info, 'utf8').replace(/^( {2}name: ).*$/m, `$1${repo}`),
  );
  scm = await serveFolder(dir, scmPort);
  // the scheduled sweep's first run (30 s after start) is over: the next is
  // 10 minutes away, so only a push reassesses the copy during this test
  await until(
    "the sweep's first run",
    async () => {
      const { json } = await api('GET', '/api/astro-runtime/refresh');
      return json && !json.running && json.finishedAt;
    },
    240_000,
  );
});

after(() => {
  scm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test(
  'a push of the Dockerfile reassesses the entity it touched, at once',
  { timeout: 300_000 },
  async () => {
    const registered = await api('POST', '/api/catalog/locations', {
      type: 'url',
      target: `${repoUrl}/catalog-info.yaml`,
    });
    assert.equal(registered.status, 201, registered.text.slice(0, 500));
    // the first read assesses it (pushes leave never-read entities to the sweep)
    const first = await until(
      'the served copy in the catalog, assessed',
      async () => {
        const { status, json } = await api('GET', statusUrl);
        return status === 200 && json.status ? json : undefined;
      },
      180_000,
    );
    assert.equal(first.status.runtime?.version, '3.3-1');
    assert.equal(first.dockerfileUrl, `${repoUrl}/Dockerfile`);

    const dockerfile = path.join(dir, repo, 'Dockerfile');
    writeFileSync(
      dockerfile,
      readFileSync(dockerfile, 'utf8').replace(
        'runtime:3.3-1',
        'runtime:3.3-2',
      ),
    );
    // a push that changed no file touches no project: nothing is reassessed
    await publishPush([]);
    await new Promise(r => setTimeout(r, 5000));
    const unchanged = await api('GET', statusUrl);
    assert.equal(unchanged.json.status.runtime?.version, '3.3-1');
    assert.equal(unchanged.json.assessedAt, first.assessedAt);

    await publishPush(['Dockerfile']);
    const pushed = await until(
      'the push to reassess the entity',
      async () => {
        const { json } = await api('GET', statusUrl);
        return json?.status?.runtime?.version === '3.3-2' ? json : undefined;
      },
      30_000,
    );
    assert.notEqual(pushed.assessedAt, first.assessedAt);
  },
);
