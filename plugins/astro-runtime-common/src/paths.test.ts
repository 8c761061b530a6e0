import { assess } from './assess';
import { getBundledCatalog, parseReleaseFeed } from './catalog';
import { describePath } from './labels';
import { recommendedPath, recommendedTarget } from './paths';
import { mustMoveToAirflow3 } from './predicates';
import { indexCatalog } from './releaseIndex';
import type { Lifecycle, UpgradePath } from './types';

const catalog = indexCatalog(getBundledCatalog());
const AF2 = 'quay.io/astronomer/astro-runtime';
const AF3 = 'astrocrpublic.azurecr.io/runtime';
const run = (tag: string, now: string, image = AF2) =>
  assess({
    project: { dockerfile: `FROM ${image}:${tag}\n` },
    catalog,
    now: new Date(now),
  });

describe('upgrade paths', () => {
  it('12.4.0 on 2026-12-02: recommends Airflow 3, shows 13.1.0 as the interim path', () => {
    const s = run('12.4.0', '2026-12-02T09:00:00Z');
    expect(s.paths!.map(p => [p.kind, p.target, p.maintained])).toEqual([
      ['in-line', '13.1.0', false],
      ['airflow3', '3.3-2', true],
    ]);
    expect(s.recommendedTarget).toBe('3.3-2');
    expect(s.paths!.filter(p => p.recommended).map(p => p.kind)).toEqual([
      'airflow3',
    ]);
    expect(describePath(s.paths![0]).label).toBe(
      'Stay on Airflow 2 until 2027-11-30',
    );
    expect(describePath(s.paths![1]).label).toBe('Move to Airflow 3');
    expect(s.paths![1].lifecycle.basis).toBe('policy-lower-bound');
    // The status's considerations are the recommended path's.
    expect(s.considerations).toBe(s.paths![1].considerations);
    expect(s.considerations.map(c => c.id)).toContain(
      'airflow3-context-keys-removed',
    );
    expect(s.paths![1].databaseMigration).toBe(true);
    expect(mustMoveToAirflow3(s)).toBe(true);
  });

  it('12.4.0 on 2026-06-01: recommends 13.1.0 (still maintained)', () => {
    const s = run('12.4.0', '2026-06-01T00:00:00Z');
    expect(s.recommendedTarget).toBe('13.1.0');
    expect(s.paths!.find(p => p.recommended)!.kind).toBe('in-line');
    expect(s.paths!.map(p => p.kind)).toEqual(['in-line', 'airflow3']);
    expect(mustMoveToAirflow3(s)).toBe(false);
  });

  it('below Runtime 12 the Airflow 3 path goes via the in-line target', () => {
    const s = run('11.8.0', '2026-12-02T00:00:00Z');
    const af3 = s.paths!.find(p => p.kind === 'airflow3')!;
    expect(af3.blockedReason).toMatch(/12\.0\.0/);
    expect(af3.via).toBe('13.1.0');
    expect(s.recommendedTarget).toBe('3.3-2');
    expect(describePath(af3).description).toMatch(/^Upgrade to 13\.1\.0/);
  });

  it('an Airflow 3 project has only its in-line path', () => {
    const s = run('3.1-12', '2026-12-02T00:00:00Z', AF3);
    expect(s.paths!.map(p => [p.kind, p.target])).toEqual([
      ['in-line', '3.3-2'],
    ]);
    expect(s.lifecycle).toMatchObject({
      state: 'maintained',
      basis: 'policy-lower-bound',
    });
    expect(run('3.3-2', '2026-12-02T00:00:00Z', AF3).paths).toEqual([]);
  });

  it('provider changes of a path become its considerations, naming the packages', () => {
    const feed = parseReleaseFeed({
      runtimeVersions: { '7.4.1': {}, '9.10.2': {}, '11.8.0': {} },
    });
    const s = assess({
      project: { dockerfile: `FROM ${AF2}:7.4.1\n` },
      catalog: feed,
      now: new Date('2024-06-01T00:00:00Z'),
    });
    const inLine = s.paths!.find(p => p.kind === 'in-line')!;
    expect(inLine.target).toBe('11.8.0');
    expect(inLine.providers.changes).toContainEqual({
      package: 'apache-airflow-providers-databricks',
      from: '4.0.0',
      change: 'removed',
    });
    const removed = inLine.considerations.find(
      c => c.id === 'providers-removed',
    )!;
    expect(removed.detail).toMatch(
      /apache-airflow-providers-databricks \(4\.0\.0/,
    );
    const s9 = assess({
      project: { dockerfile: `FROM ${AF2}:9.10.2\n` },
      catalog: feed,
      now: new Date('2024-06-01T00:00:00Z'),
    });
    const majors = s9.paths![0].providers.changes.filter(
      c => c.change === 'major',
    );
    expect(majors.length).toBeGreaterThan(0);
    const major = s9.paths![0].considerations.find(
      c => c.id === 'providers-major',
    )!;
    for (const m of majors) expect(major.detail).toContain(m.package);
    expect(major.title).toMatch(
      majors.length === 1 ? /^1 provider package changes/ : /packages change/,
    );
  });

  it('--now moves everything consistently: the same project a year apart', () => {
    const before = run('13.1.0', '2025-06-01T00:00:00Z');
    const after = run('13.1.0', '2026-12-02T00:00:00Z');
    expect(before.lifecycle.state).toBe('maintained');
    expect(after.lifecycle.state).toBe('basic-support');
    expect(before.assessedAt).toBe('2025-06-01T00:00:00.000Z');
    expect(after.paths![0].lifecycle.daysToEndOfMaintenance).toBeGreaterThan(0);
  });
});

describe('recommendedTarget', () => {
  const path = (
    kind: UpgradePath['kind'],
    target: string,
    lifecycle: Lifecycle,
  ): UpgradePath => ({
    kind,
    target,
    maintained: lifecycle.state === 'maintained',
    lifecycle,
    databaseMigration: 'unknown',
    considerations: [],
    providers: {
      from: 'x',
      to: target,
      variant: 'standard',
      known: false,
      changes: [],
    },
    recommended: false,
  });

  it('prefers the lowest-effort maintained path, never an ended one while a maintained one exists', () => {
    const ended = path('in-line', '13.1.0', { state: 'basic-support' });
    const maintained = path('airflow3', '3.3-2', { state: 'maintained' });
    expect(recommendedTarget([ended, maintained])).toBe('3.3-2');
    const inLine = path('in-line', '13.1.0', { state: 'maintained' });
    expect(recommendedTarget([inLine, maintained])).toBe('13.1.0');
  });

  it('with nothing maintained: unknown before basic support before unsupported', () => {
    const a = path('in-line', '13.1.0', { state: 'unsupported' });
    const b = path('airflow3', '3.3-2', { state: 'basic-support' });
    expect(recommendedPath([a, b])!.target).toBe('3.3-2');
    expect(recommendedTarget([])).toBeUndefined();
  });
});
