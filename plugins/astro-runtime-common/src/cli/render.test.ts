import { assess } from '../assess';
import { getBundledCatalog, parseReleaseFeed } from '../catalog';
import { CliIo, runCli } from './index';
import { plural, renderSummary } from './render';

const catalog = getBundledCatalog();
const AF2 = 'quay.io/astronomer/astro-runtime';
const status = (dockerfile: string, now: string, cat = catalog) =>
  assess({ project: { dockerfile }, catalog: cat, now: new Date(now) });

/** runCli against in-memory files. */
async function run(args: string[], files: Record<string, string>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: t => out.push(t),
    stderr: t => err.push(t),
    readFile: async p => {
      if (!(p in files)) throw new Error(`cannot read ${p}: no such file`);
      return files[p];
    },
    writeFile: async (p, t) => {
      files[p] = t;
    },
    isDirectory: async p => p === 'proj',
    fetchText: async () => {
      throw new Error('no network in tests');
    },
    joinPath: (d, n) => (n === '..' ? '.' : `${d}/${n}`),
  };
  const code = await runCli(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('text summary', () => {
  it('12.4.0 on 2026-12-02: both paths, the recommended one marked, with the detail of each consideration', () => {
    const text = renderSummary(
      'Dockerfile',
      status(`FROM ${AF2}:12.4.0\n`, '2026-12-02T00:00:00Z'),
    );
    expect(text).toContain(
      'Update:       Major, recommended 3.3-2 (1 major, 6 minors behind)',
    );
    expect(text).toMatch(
      /- Stay on Airflow 2 until 2027-11-30: 13\.1\.0\n\s+Support: +maintenance ended 2026-11-30, basic support until 2027-11-30/,
    );
    expect(text).toMatch(
      /\* Move to Airflow 3: 3\.3-2 .*\[recommended\]\n\s+Support: +maintained at least until 2027-04-30 \(policy\)/,
    );
    // Details, not only titles.
    expect(text).toContain('yesterday_ds_nodash');
    expect(text).toMatch(/DB migration: yes/);
    expect(text).toMatch(/Providers: unknown/);
  });

  it('shows provider changes of a path, package by package', () => {
    const feed = parseReleaseFeed({
      runtimeVersions: { '7.4.1': {}, '11.8.0': {} },
    });
    const text = renderSummary(
      'Dockerfile',
      status(`FROM ${AF2}:7.4.1\n`, '2024-06-01T00:00:00Z', feed),
    );
    expect(text).toMatch(/Providers \(standard image\): \d+ major/);
    expect(text).toMatch(
      /removed +apache-airflow-providers-databricks 4\.0\.0/,
    );
    expect(text).toMatch(/no longer preinstalled/);
  });

  it('plurals read right', () => {
    expect(plural(1, 'major')).toBe('1 major');
    expect(plural(0, 'major')).toBe('0 majors');
    expect(plural(2, 'day')).toBe('2 days');
  });

  it('Not-Astro and Certified outputs print no "Latest" line and no paths', () => {
    for (const df of [
      'FROM python:3.11-slim\n',
      'FROM quay.io/astronomer/ap-airflow:2.3.0-5-onbuild\n',
    ]) {
      const text = renderSummary(
        'Dockerfile',
        status(df, '2026-12-02T00:00:00Z'),
      );
      expect(text).not.toMatch(/^Latest:/m);
      expect(text).not.toMatch(/^Paths/m);
    }
  });
});

describe('runCli', () => {
  it('--now moves everything: the same Dockerfile in June and in December 2026', async () => {
    const files = { 'proj/Dockerfile': `FROM ${AF2}:12.4.0\n` };
    const june = await run(['proj', '--now', '2026-06-01', '--no-code'], files);
    const dec = await run(['proj', '--now', '2026-12-02', '--no-code'], files);
    expect(june.stdout).toContain('recommended 13.1.0');
    expect(june.stdout).toMatch(/\* Stay on Airflow 2/);
    expect(dec.stdout).toContain('recommended 3.3-2');
    expect(dec.stdout).toMatch(/\* Move to Airflow 3/);
    const json = JSON.parse(
      (await run(['proj', '--now', '2026-12-02', '--json', '--no-code'], files))
        .stdout,
    );
    expect(json.status.recommendedTarget).toBe('3.3-2');
    expect(json.status.paths.map((p: { kind: string }) => p.kind)).toEqual([
      'in-line',
      'airflow3',
    ]);
    expect(json.status.paths[1].lifecycle.basis).toBe('policy-lower-bound');
    expect(json.status.lifecycle.basis).toBe('feed');
  });

  it('--upgrade-to V --json adds providers and pins: 7.4.1 → 11.8.0', async () => {
    const files = { 'proj/Dockerfile': `FROM ${AF2}:7.4.1\n` };
    const r = await run(['proj', '--upgrade-to', '11.8.0', '--json'], files);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.pins.lines).toContain(
      'apache-airflow-providers-databricks==4.0.0',
    );
    expect(doc.pins.source).toBe('bundled');
    expect(doc.providers.changes).toContainEqual({
      package: 'apache-airflow-providers-databricks',
      from: '4.0.0',
      change: 'removed',
    });
  });

  it('--upgrade-to to Airflow 3 pins nothing and says what to add', async () => {
    const files = { 'proj/Dockerfile': `FROM ${AF2}:12.4.0\n` };
    const doc = JSON.parse(
      (await run(['proj', '--upgrade-to', '3.3-2', '--json'], files)).stdout,
    );
    expect(doc.pins.pinnable).toBe(false);
    expect(doc.pins.lines).toEqual([]);
    expect(doc.pins.note).toMatch(/not pinned/);
  });

  it('--upgrade-to in text mode: the Dockerfile on stdout, notes on stderr', async () => {
    const files = {
      'proj/Dockerfile': `FROM ${AF2}:12.4.0@sha256:${'a'.repeat(64)}\n`,
    };
    const r = await run(['proj', '--upgrade-to', '3.3-2'], files);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('FROM astrocrpublic.azurecr.io/runtime:3.3-2\n');
    expect(r.stderr).toMatch(/^note: dropped the digest/m);
    expect(r.stderr).toMatch(/^note: switched the image/m);
  });

  it("a yanked target's error names --force", async () => {
    const files = { 'proj/Dockerfile': `FROM ${AF2}:8.10.0\n` };
    const r = await run(['proj', '--upgrade-to', '9.3.0'], files);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/YANKED_TARGET: .*pass --force/);
    const forced = await run(
      ['proj', '--upgrade-to', '9.3.0', '--force'],
      files,
    );
    expect(forced.code).toBe(0);
  });
});
