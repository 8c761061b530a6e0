// ./dev and scripts/bootstrap.sh: concurrent first runs share one install, and
// `./dev yarn astro-runtime-check <relative path>` resolves from the caller's
// folder.
//
// The install test runs the real ./dev and bootstrap.sh in a copy of the repo
// without node_modules, with `corepack` and `npm` replaced by stubs on PATH: the
// stub install takes a second and records when it starts and ends, so two
// installs that overlap (or two installs at all) are seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../..',
);

const corepackStub = `#!/usr/bin/env bash
# stub of corepack for the bootstrap test
set -euo pipefail
log="$STUB_LOG"
if [ "$1 $2" = "yarn install" ]; then
  if [ -e "$STUB_RUNNING" ]; then echo "overlap $$" >> "$log"; fi
  touch "$STUB_RUNNING"
  echo "install-start $$" >> "$log"
  sleep 1
  if [ -n "\${STUB_FAIL_ONCE:-}" ] && [ ! -e "$STUB_FAIL_ONCE" ]; then
    touch "$STUB_FAIL_ONCE"; rm -f "$STUB_RUNNING"
    echo "install-fail $$" >> "$log"; exit 1
  fi
  mkdir -p node_modules
  rm -f "$STUB_RUNNING"
  echo "install-end $$" >> "$log"
  exit 0
fi
echo "run $* in $PWD" >> "$log"
`;

function fakeRepo() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dev-bootstrap-'));
  const repo = path.join(dir, 'repo');
  mkdirSync(path.join(repo, 'scripts'), { recursive: true });
  for (const f of [
    'dev',
    'scripts/bootstrap.sh',
    'package.json',
    'yarn.lock',
  ]) {
    copyFileSync(path.join(root, f), path.join(repo, f));
  }
  chmodSync(path.join(repo, 'dev'), 0o755);
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'corepack'), corepackStub, { mode: 0o755 });
  writeFileSync(
    path.join(bin, 'npm'),
    '#!/bin/sh\necho https://registry.example.invalid/\n',
    { mode: 0o755 },
  );
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH}`,
    STUB_LOG: path.join(dir, 'log'),
    STUB_RUNNING: path.join(dir, 'running'),
  };
  delete env.DEV_CALLER_CWD;
  return { dir, repo, env, log: () => readFileSync(env.STUB_LOG, 'utf8') };
}

function run(cmd, args, opts) {
  return new Promise(resolve => {
    const p = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', d => (out += d));
    p.stderr.on('data', d => (out += d));
    p.on('close', code => resolve({ code, out }));
  });
}

test('two ./dev commands started together on a clone without node_modules run one install, and both succeed', async () => {
  const { dir, repo, env, log } = fakeRepo();
  try {
    const [a, b] = await Promise.all([
      run(path.join(repo, 'dev'), ['yarn', 'first'], { cwd: repo, env }),
      run(path.join(repo, 'dev'), ['yarn', 'second'], { cwd: repo, env }),
    ]);
    assert.equal(a.code, 0, a.out);
    assert.equal(b.code, 0, b.out);
    const lines = log().trim().split('\n');
    assert.equal(lines.filter(l => l.startsWith('overlap')).length, 0, log());
    assert.equal(
      lines.filter(l => l.startsWith('install-start')).length,
      1,
      `exactly one install:\n${log()}`,
    );
    assert.ok(
      lines.some(l => l.startsWith('run yarn first')),
      log(),
    );
    assert.ok(
      lines.some(l => l.startsWith('run yarn second')),
      log(),
    );
    // both commands ran after the install finished
    const end = lines.findIndex(l => l.startsWith('install-end'));
    assert.ok(
      lines.findIndex(l => l.startsWith('run ')) > end,
      `commands ran after the install:\n${log()}`,
    );
    assert.ok(existsSync(path.join(repo, 'node_modules/.install-stamp')));
    assert.match(`${a.out}${b.out}`, /waiting for it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('when the install fails, the waiting ./dev installs again instead of using a half install', async () => {
  const { dir, repo, env, log } = fakeRepo();
  env.STUB_FAIL_ONCE = path.join(dir, 'failed-once');
  try {
    const results = await Promise.all([
      run(path.join(repo, 'dev'), ['yarn', 'first'], { cwd: repo, env }),
      run(path.join(repo, 'dev'), ['yarn', 'second'], { cwd: repo, env }),
    ]);
    const lines = log().trim().split('\n');
    assert.equal(lines.filter(l => l.startsWith('overlap')).length, 0, log());
    assert.deepEqual(
      lines.filter(l => l.startsWith('install-')).map(l => l.split(' ')[0]),
      ['install-start', 'install-fail', 'install-start', 'install-end'],
      log(),
    );
    assert.deepEqual(results.map(r => r.code).sort(), [0, 1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a fresh install is not repeated', async () => {
  const { dir, repo, env, log } = fakeRepo();
  try {
    assert.equal(
      (await run(path.join(repo, 'dev'), ['yarn', 'a'], { cwd: repo, env }))
        .code,
      0,
    );
    assert.equal(
      (await run(path.join(repo, 'dev'), ['yarn', 'b'], { cwd: repo, env }))
        .code,
      0,
    );
    assert.equal(log().match(/install-start/g).length, 1, log());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('./dev yarn astro-runtime-check resolves a relative path from the folder it is called in', () => {
  const res = spawnSync(
    path.join(root, 'dev'),
    ['yarn', 'astro-runtime-check', './crm-sync', '--json'],
    {
      cwd: path.join(root, 'examples/projects'),
      encoding: 'utf8',
      env: { ...process.env, DEV_CALLER_CWD: '' },
    },
  );
  assert.equal(res.status, 0, res.stderr);
  const out = JSON.parse(res.stdout);
  assert.equal(out.file, path.join('crm-sync', 'Dockerfile'));
  assert.equal(out.runtime.version, '12.6.0');
});
