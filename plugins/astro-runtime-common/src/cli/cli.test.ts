import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { catalogToFeed, getBundledCatalog } from '../catalog';

/* Spawns the real launcher, as `yarn astro-runtime-check` does. */
const bin = path.resolve(__dirname, '../../bin/astro-runtime-check');
const NOW = '2025-06-01T00:00:00Z';

// Each spawn compiles the TypeScript sources on the fly: give it time.
jest.setTimeout(60_000);

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
const write = (name: string, text: string) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'astro-runtime-check-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('astro-runtime-check', () => {
  it('prints a summary for a project directory and exits 0', () => {
    write(
      'proj/Dockerfile',
      'ARG V=11.8.0\nFROM quay.io/astronomer/astro-runtime:${V}\n',
    );
    const r = cli([path.join(dir, 'proj'), '--now', NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Runtime:      11.8.0');
    expect(r.stdout).toContain('Line:         Airflow 2 (X.Y.Z)\n');
    expect(r.stdout).toContain('tag from ARG V on line 1');
    expect(r.stdout).toContain('Major upgrade available');
    expect(r.stdout).toContain('recommended 13.1.0');
    expect(r.stderr).toBe('');
  });

  it('--json prints exactly one JSON object', () => {
    const file = write(
      'json/Dockerfile',
      `FROM quay.io/astronomer/astro-runtime:11.0.0-python-3.11-slim@sha256:${'c'.repeat(
        64,
      )}\n`,
    );
    const r = cli([
      file,
      '--json',
      '--now',
      NOW,
      '--deployed',
      '11.2.0',
      '--deployed',
      '11.0.0',
    ]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(
      expect.arrayContaining(['image', 'runtime', 'status']),
    );
    expect(doc.image).toEqual({
      registry: 'quay.io',
      repository: 'astronomer/astro-runtime',
      tag: '11.0.0-python-3.11-slim',
      digest: `sha256:${'c'.repeat(64)}`,
    });
    expect(doc.runtime).toEqual({
      version: '11.0.0',
      line: 'airflow2',
      prerelease: false,
      floating: false,
      python: '3.11',
      variants: ['slim'],
    });
    expect(doc.status.state).toBe('downgrade-blocked');
    expect(
      doc.status.deployments.map((d: { relation: string }) => d.relation),
    ).toEqual(['downgrade-blocked', 'in-sync']);
  });

  it('--json: runtime is null when the base is not Astro', () => {
    const file = write('py/Dockerfile', 'FROM python:3.11-slim\n');
    const doc = JSON.parse(cli([file, '--json']).stdout);
    expect(doc.runtime).toBeNull();
    expect(doc.image.repository).toBe('python');
    expect(doc.status.state).toBe('not-astro');
  });

  it('--fail-on', () => {
    const file = write(
      'f/Dockerfile',
      'FROM astrocrpublic.azurecr.io/runtime:3.3-1\n',
    );
    expect(cli([file, '--fail-on', 'patch', '--now', NOW]).code).toBe(1);
    expect(cli([file, '--fail-on', 'minor', '--now', NOW]).code).toBe(0);
    const old = write(
      'g/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:7.6.0\n',
    );
    const r = cli([old, '--fail-on', 'unsupported', '--now', NOW]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('--releases FILE uses that feed', () => {
    const file = write(
      'r/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    );
    const feed = write(
      'feed.json',
      JSON.stringify({ runtimeVersions: { '12.4.0': {}, '12.5.0': {} } }),
    );
    const doc = JSON.parse(cli([file, '--json', '--releases', feed]).stdout);
    expect(doc.status.latest.version).toBe('12.5.0');
    expect(doc.status.catalog.source).toBe('file');
    const full = write(
      'full.json',
      JSON.stringify(catalogToFeed(getBundledCatalog())),
    );
    expect(
      JSON.parse(cli([file, '--json', '--releases', full]).stdout).status.latest
        .version,
    ).toBe('3.3-2');
  });

  it('--releases URL fetches the feed', async () => {
    const file = write(
      'url/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    );
    const server = http.createServer((req, res) => {
      if (req.url === '/feed' && req.headers.accept === 'application/json') {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ runtimeVersions: { '12.4.0': {}, '12.9.9': {} } }),
        );
      } else {
        res.statusCode = 404;
        res.end('nope');
      }
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    // spawnSync would block the server in this process: spawn asynchronously.
    const run = (url: string) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>(
        resolve => {
          const child = spawn(process.execPath, [
            bin,
            file,
            '--json',
            '--releases',
            url,
          ]);
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', d => (stdout += d));
          child.stderr.on('data', d => (stderr += d));
          child.on('close', code => resolve({ code, stdout, stderr }));
        },
      );
    try {
      const ok = await run(`http://127.0.0.1:${port}/feed`);
      expect(ok.code).toBe(0);
      const doc = JSON.parse(ok.stdout);
      expect(doc.status.latest.version).toBe('12.9.9');
      expect(doc.status.catalog.source).toBe('url');
      const missing = await run(`http://127.0.0.1:${port}/missing`);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/HTTP 404/);
    } finally {
      server.close();
    }
  });

  it('--upgrade-to prints the upgraded Dockerfile; --write rewrites it', () => {
    const text =
      'ARG V=12.1.0\r\nFROM quay.io/astronomer/astro-runtime:${V}\r\n';
    const file = write('u/Dockerfile', text);
    const r = cli([file, '--upgrade-to', '12.4.0']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(text.replace('12.1.0', '12.4.0'));
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
    const w = cli([file, '--upgrade-to', '13.1.0', '--write']);
    expect(w.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      text.replace('12.1.0', '13.1.0'),
    );
  });

  it('a refused upgrade exits 2 with a one-line reason', () => {
    const file = write(
      'd/Dockerfile',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    );
    const r = cli([file, '--upgrade-to', '12.1.0']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^astro-runtime-check: DOWNGRADE: downgrade/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each([
    [[], /missing/],
    [['--fail-on', 'bogus', 'x'], /--fail-on/],
    [['--bogus', 'x'], /unknown option/],
    [['--now', 'yesterday', 'x'], /not a date/],
    [['/nonexistent/Dockerfile'], /no such file/],
    [['--write', 'x'], /--upgrade-to/],
  ])('usage/input errors exit 2: %j', (args, message) => {
    const r = cli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a Dockerfile that cannot be read exits 2 naming the problem', () => {
    const file = write('bad/Dockerfile', 'RUN echo no from\n');
    const r = cli([file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/NO_FROM/);
  });

  it('--help exits 0', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: astro-runtime-check');
  });
});
