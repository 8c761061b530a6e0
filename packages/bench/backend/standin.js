/*
 * The benchmark's stand-in for the SCM and the Astro Platform API: a loopback
 * HTTP server with a fixed latency per answer and etag/304 support, plus fault
 * injection. Runs in its own process (forked by run.js, driven over IPC), so
 * its CPU does not count against the plugin under test. The load on the
 * status route comes from another process (loadgen.js).
 */
'use strict';

const http = require('http');
const { repoFiles, tarball } = require('./dagFiles');

const TAGS = [
  ['quay.io/astronomer/astro-runtime', '12.4.0'],
  ['quay.io/astronomer/astro-runtime', '13.0.0-python-3.12'],
  ['quay.io/astronomer/astro-runtime', '11.8.0'],
  ['quay.io/astronomer/astro-runtime', '9.1.0'],
  ['astrocrpublic.azurecr.io/runtime', '3.3-2'],
  ['astrocrpublic.azurecr.io/runtime', '3.1-12'],
];

const state = {
  latency: 20,
  latency304: 20,
  faultRate: 0,
  generation: new Map(), // repo index -> content generation
  // GitHub-style repos for the code scan: DAG files per repo, their size,
  // and the generation of every repo's DAG files (bumped by changeCode)
  dagFiles: 20,
  dagBytes: 4096,
  codeGeneration: 0,
  counts: {},
  inflight: 0,
  peakInflight: 0,
};

function resetCounts() {
  state.counts = {
    ok: 0,
    notModified: 0,
    failed: 0,
    hung: 0,
    api: 0,
    apiFailed: 0,
    treeStatus: 0,
    tarballs: 0,
  };
  state.peakInflight = 0;
}
resetCounts();

function dockerfile(i, gen) {
  const [image, tag] = TAGS[(i + gen) % TAGS.length];
  return `# repo ${i}\nFROM ${image}:${tag}\nCOPY . .\n`;
}

function later(res, ms, fn) {
  setTimeout(() => {
    state.inflight--;
    if (!res.destroyed && !res.writableEnded) fn();
  }, ms);
}

function asDeployment(id) {
  const i = Number(id.replace(/^dep-/, ''));
  const [, tag] = TAGS[i % TAGS.length];
  return {
    id,
    name: `deployment ${id}`,
    workspaceId: 'ws-bench',
    workspaceName: 'Bench',
    astroRuntimeVersion: tag.replace(/-python-.*/, ''),
    airflowVersion: '2.10.2',
    status: 'HEALTHY',
    // some of the fields the plugin ignores
    schedulerReplicas: 1,
    executor: 'CELERY',
    imageTag: `deploy-${i}`,
  };
}

const server = http.createServer((req, res) => {
  state.inflight++;
  state.peakInflight = Math.max(state.peakInflight, state.inflight);
  const url = new URL(req.url, 'http://standin');
  const isApi = url.pathname.startsWith('/v1/');
  if (state.faultRate && Math.random() < state.faultRate) {
    if (Math.random() < 0.5) {
      if (isApi) state.counts.apiFailed++;
      else state.counts.failed++;
      later(res, state.latency, () => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"injected failure"}');
      });
    } else {
      state.counts.hung++;
      // answers far later than any client timeout: the client gives up
      later(res, 10_000, () => {
        res.writeHead(504);
        res.end();
      });
    }
    return;
  }
  if (isApi) {
    state.counts.api++;
    const m = /^\/v1\/organizations\/([^/]+)\/deployments(?:\/([^/]+))?$/.exec(
      url.pathname,
    );
    later(res, state.latency, () => {
      if (!m) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"message":"no such route"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (m[2]) {
        res.end(JSON.stringify(asDeployment(m[2])));
      } else {
        const ids = (url.searchParams.get('deploymentIds') ?? '')
          .split(',')
          .filter(Boolean);
        res.end(
          JSON.stringify({
            deployments: ids.map(asDeployment),
            totalCount: ids.length,
            offset: 0,
            limit: ids.length,
          }),
        );
      }
    });
    return;
  }
  if (url.pathname.startsWith('/api/v3/')) {
    answerGithubApi(url, res);
    return;
  }
  // plain URLs (the fetch reader) and GitHub raw URLs (the GitHub reader)
  const m =
    /^(?:\/raw\/bench)?\/repo-(\d+)(?:\/main)?\/(Dockerfile|requirements\.txt)$/.exec(
      url.pathname,
    );
  if (!m) {
    later(res, state.latency, () => {
      res.writeHead(404);
      res.end('not found');
    });
    return;
  }
  const i = Number(m[1]);
  const isDockerfile = m[2] === 'Dockerfile';
  const gen = isDockerfile ? state.generation.get(i) ?? 0 : 0;
  const etag = `"${isDockerfile ? 'd' : 'r'}-${i}-${gen}"`;
  if (req.headers['if-none-match'] === etag) {
    state.counts.notModified++;
    later(res, state.latency304, () => {
      res.writeHead(304, { etag });
      res.end();
    });
    return;
  }
  state.counts.ok++;
  const body = isDockerfile
    ? dockerfile(i, gen)
    : 'apache-airflow-providers-snowflake==5.0.0\nastronomer-cosmos==1.4.0\n';
  later(res, state.latency, () => {
    res.writeHead(200, { etag, 'content-type': 'text/plain' });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;

/** The commit of repo i: changes with its Dockerfile and its DAG files. */
function commitSha(i) {
  return `c${i}g${state.generation.get(i) ?? 0}c${state.codeGeneration}`;
}

/**
 * The two GitHub API calls of the GitHub reader's readTree: the commit
 * status of a ref (its sha and the archive URL) and the tarball of a sha.
 */
function answerGithubApi(url, res) {
  const status =
    /^\/api\/v3\/repos\/bench\/repo-(\d+)\/commits\/main\/status$/.exec(
      url.pathname,
    );
  const archive =
    /^\/api\/v3\/repos\/bench\/repo-(\d+)\/tarball\/([^/]+)$/.exec(
      url.pathname,
    );
  if (status) {
    state.counts.treeStatus++;
    const i = Number(status[1]);
    const body = JSON.stringify({
      sha: commitSha(i),
      repository: {
        archive_url: `http://127.0.0.1:${
          server.address().port
        }/api/v3/repos/bench/repo-${i}/{archive_format}{/ref}`,
      },
    });
    later(res, state.latency, () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(body);
    });
    return;
  }
  if (archive && archive[2] === commitSha(Number(archive[1]))) {
    state.counts.tarballs++;
    const i = Number(archive[1]);
    const body = tarball(
      `bench-repo-${i}-${archive[2]}`,
      repoFiles(i, {
        files: state.dagFiles,
        bytes: state.dagBytes,
        generation: state.codeGeneration,
        dockerfile: dockerfile(i, state.generation.get(i) ?? 0),
      }),
    );
    later(res, state.latency, () => {
      res.writeHead(200, { 'content-type': 'application/x-tar' });
      res.end(body);
    });
    return;
  }
  later(res, state.latency, () => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"message":"Not Found"}');
  });
}

async function handle(msg) {
  switch (msg.cmd) {
    case 'configure':
      Object.assign(state, msg.settings);
      return {};
    case 'reset':
      resetCounts();
      return {};
    case 'counts':
      return {
        counts: { ...state.counts },
        peakInflight: state.peakInflight,
        codeGeneration: state.codeGeneration,
      };
    case 'change': {
      for (let i = 0; i < msg.entities; i += msg.every) {
        state.generation.set(i, (state.generation.get(i) ?? 0) + 1);
      }
      return {};
    }
    case 'changeCode':
      state.codeGeneration++;
      return {};
    case 'changeOne': {
      state.generation.set(
        msg.index,
        (state.generation.get(msg.index) ?? 0) + 1,
      );
      return {};
    }
    case 'stop':
      server.closeAllConnections();
      server.close();
      setTimeout(() => process.exit(0), 50);
      return {};
    default:
      throw new Error(`unknown command ${msg.cmd}`);
  }
}

process.on('message', msg => {
  handle(msg).then(
    result => process.send({ id: msg.id, result }),
    error => process.send({ id: msg.id, error: String(error && error.stack) }),
  );
});

server.listen(0, '127.0.0.1', () => {
  process.send({ ready: true, port: server.address().port });
});
