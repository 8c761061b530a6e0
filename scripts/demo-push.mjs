#!/usr/bin/env node
// `yarn demo:push`: the freshness demo. A push to a repository reassesses the
// Astro projects it touched at once (the astro-runtime events module on the
// events backend's `github` topic), instead of at the next sweep.
//
// The example entities are registered from local files: the plugin stores no
// Dockerfile URL for them, so no push can name them. The demo therefore
// serves a copy of an example on a local stand-in for a git host, registers
// it in the catalog from there (a url Location), and pushes name that URL:
//
//   yarn demo:push serve [example]   copy examples/projects/<example> (default
//                                    marketing-etl) to tmp/demo-scm/<example>,
//                                    serve tmp/demo-scm on http://localhost:7108,
//                                    register <example>-scm; keeps running
//   (edit tmp/demo-scm/<example>/Dockerfile)
//   yarn demo:push [example] [path...]  publish a GitHub-shaped push of the
//                                    paths (default Dockerfile) to
//                                    http://localhost:7007/api/events/http/github
//
// --backend URL and --port P change the backend (7007) and host (7108).
import { randomBytes } from 'node:crypto';
import {
  cpSync,
  existsSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The entity name of the served copy of `example`. */
export const scmEntityName = example => `${example}-scm`;

/** Repository URL of `repo` on the stand-in host. */
export const repoUrlOf = (port, repo) => `http://localhost:${port}/${repo}`;

/**
 * Copies examples/projects/<example> to <dir>/<example> (unless there) with a
 * catalog-info.yaml naming it <example>-scm; returns the copy's folder.
 */
export function copyExample(dir, example) {
  const from = path.join(root, 'examples/projects', example);
  if (!existsSync(path.join(from, 'catalog-info.yaml'))) {
    throw new Error(`no example project ${example} in examples/projects`);
  }
  const to = path.join(dir, example);
  if (!existsSync(to)) {
    cpSync(from, to, { recursive: true });
    const info = readFileSync(path.join(from, 'catalog-info.yaml'), 'utf8');
    writeFileSync(
      path.join(to, 'catalog-info.yaml'),
      info
        .replace(
          /^( {2}name: ).*$/m,
          `$1${scmEntityName(example)}\n  title: ${example} (local git host)`,
        )
        .replace(/^( {2}tags: \[)/m, '$1demo-scm, '),
    );
  }
  return to;
}

/**
 * A read-only HTTP server for the files under `dir` (GET /<repo>/<path>):
 * the backend's URL reader reads the served projects from it.
 */
export function serveFolder(dir, port) {
  const base = realpathSync(dir);
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const file = path.resolve(base, `.${rel}`);
    if (
      req.method !== 'GET' ||
      !file.startsWith(`${base}${path.sep}`) ||
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
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** A guest token of the demo backend. */
export async function guestToken(backend) {
  const res = await fetch(`${backend}/api/auth/guest/refresh`);
  if (!res.ok) throw new Error(`guest sign-in: HTTP ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** Registers the served copy's catalog-info.yaml as a url Location (idempotent). */
export async function registerCopy({ backend, port, repo, token }) {
  const res = await fetch(`${backend}/api/catalog/locations`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      type: 'url',
      target: `${repoUrlOf(port, repo)}/catalog-info.yaml`,
    }),
  });
  if (!res.ok && res.status !== 409) {
    throw new Error(
      `registering ${repo}: HTTP ${res.status} ${await res.text()}`,
    );
  }
}

/** The GitHub push webhook body for `paths` changed on `branch` of `repoUrl`. */
export function githubPush({ repoUrl, branch = 'main', paths }) {
  const after = randomBytes(20).toString('hex');
  const now = new Date().toISOString();
  return {
    ref: `refs/heads/${branch}`,
    before: '0'.repeat(40),
    after,
    repository: {
      name: repoUrl.split('/').pop(),
      full_name: new URL(repoUrl).pathname.slice(1),
      html_url: repoUrl,
    },
    pusher: { name: 'demo' },
    commits: [
      {
        id: after,
        message: `demo push: ${paths.join(', ')}`,
        timestamp: now,
        added: [],
        removed: [],
        modified: paths,
      },
    ],
    head_commit: { id: after, timestamp: now, modified: paths },
  };
}

/** Posts a push to the events backend's HTTP ingress (`github` topic), as GitHub's webhook does. */
export async function publishPush({ backend, repoUrl, paths, branch }) {
  const res = await fetch(`${backend}/api/events/http/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'push',
      'x-github-delivery': randomBytes(16).toString('hex'),
    },
    body: JSON.stringify(githubPush({ repoUrl, paths, branch })),
  });
  if (!res.ok) {
    throw new Error(
      `publishing the push: HTTP ${res.status} ${await res.text()}`,
    );
  }
}

async function main(argv) {
  const flag = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0) return fallback;
    const v = argv[i + 1];
    argv.splice(i, 2);
    return v;
  };
  const backend = flag('backend', 'http://localhost:7007').replace(/\/+$/, '');
  const port = Number(flag('port', 7108));
  const dir = path.join(root, 'tmp/demo-scm');
  if (argv[0] === 'serve') {
    const example = argv[1] ?? 'marketing-etl';
    const copy = copyExample(dir, example);
    await serveFolder(dir, port);
    await registerCopy({
      backend,
      port,
      repo: example,
      token: await guestToken(backend),
    });
    console.log(
      `demo-scm: serving ${path.relative(
        root,
        dir,
      )} on http://localhost:${port}; ` +
        `${scmEntityName(example)} registered from ${repoUrlOf(
          port,
          example,
        )}/catalog-info.yaml\n` +
        `  edit ${path.relative(
          root,
          copy,
        )}/Dockerfile, then: yarn demo:push ${example}\n` +
        `  card: http://localhost:3000/catalog/default/component/${scmEntityName(
          example,
        )}`,
    );
    return;
  }
  const [example = 'marketing-etl', ...paths] = argv;
  const repoUrl = repoUrlOf(port, example);
  await publishPush({
    backend,
    repoUrl,
    paths: paths.length ? paths : ['Dockerfile'],
  });
  console.log(
    `demo-push: pushed ${
      paths.length ? paths.join(', ') : 'Dockerfile'
    } to ${repoUrl} ` +
      `(${backend}/api/events/http/github); ${scmEntityName(
        example,
      )} is reassessed now`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch(e => {
    console.error(`demo-push: ${e.message}`);
    process.exit(1);
  });
}
