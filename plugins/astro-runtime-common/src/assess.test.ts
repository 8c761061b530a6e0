import {
  RUNTIME_LINES,
  STATE_PRECEDENCE,
  assess,
  describeLifecycle,
  describeLine,
  describeRelation,
  describeState,
  describeUpdateKind,
  isLatestInLine,
  isPlacedInLine,
  isTagPinned,
  stateSeverity,
} from './assess';
import { getBundledCatalog, parseReleaseFeed } from './catalog';
import type { DeploymentInfo, OverallState, RuntimeStatus } from './types';

const catalog = getBundledCatalog();
const NOW = new Date('2025-06-01T00:00:00Z');
const df = (tag: string, image = 'quay.io/astronomer/astro-runtime') =>
  `FROM ${image}:${tag}\n`;

function run(
  dockerfile: string | undefined,
  deployments: DeploymentInfo[] = [],
  now = NOW,
): RuntimeStatus {
  return assess({ project: { dockerfile }, deployments, catalog, now });
}

describe('assess: one state per situation', () => {
  const cases: Array<{
    name: string;
    dockerfile?: string;
    deployments?: DeploymentInfo[];
    now?: Date;
    state: OverallState;
    expect: Partial<RuntimeStatus>;
  }> = [
    {
      name: 'latest of the Airflow 3 line',
      dockerfile: df('3.3-2', 'astrocrpublic.azurecr.io/runtime'),
      state: 'up-to-date',
      expect: { updateKind: 'none', majorsBehind: 0, minorsBehind: 0 },
    },
    {
      name: 'a patch behind',
      dockerfile: df('3.3-1', 'astrocrpublic.azurecr.io/runtime'),
      state: 'patch-behind',
      expect: { updateKind: 'patch', recommendedTarget: '3.3-2' },
    },
    {
      name: 'minors behind on Airflow 3',
      dockerfile: df('3.1-12', 'astrocrpublic.azurecr.io/runtime'),
      state: 'minor-behind',
      expect: {
        updateKind: 'minor',
        minorsBehind: 2,
        majorsBehind: 0,
        recommendedTarget: '3.3-2',
      },
    },
    {
      name: 'majors behind',
      dockerfile: df('11.8.0-python-3.11'),
      state: 'major-behind',
      expect: {
        updateKind: 'major',
        majorsBehind: 2,
        recommendedTarget: '13.1.0',
      },
    },
    {
      name: 'top of Airflow 2: Airflow 3 available',
      dockerfile: df('13.1.0'),
      state: 'line-change-available',
      expect: { updateKind: 'line-change', recommendedTarget: '3.3-2' },
    },
    {
      name: 'yanked',
      dockerfile: df('9.3.0'),
      state: 'yanked',
      expect: {
        yanked: true,
        yankedReason: 'significant scheduling performance issues',
      },
    },
    {
      name: 'unsupported',
      dockerfile: df('7.6.0'),
      state: 'unsupported',
      expect: { severity: 'error', recommendedTarget: '13.1.0' },
    },
    {
      name: 'downgrade blocked wins over yanked',
      dockerfile: df('9.3.0'),
      deployments: [{ id: 'd', astroRuntimeVersion: '9.7.0' }],
      state: 'downgrade-blocked',
      expect: { severity: 'error' },
    },
    {
      name: 'floating Airflow 3 tag',
      dockerfile: df('3.1', 'astrocrpublic.azurecr.io/runtime'),
      state: 'unknown-version',
      expect: { recommendedTarget: '3.3-2' },
    },
    {
      name: 'latest',
      dockerfile: df('latest'),
      state: 'unknown-version',
      expect: { severity: 'warning', recommendedTarget: '13.1.0' },
    },
    {
      name: 'no tag',
      dockerfile: 'FROM quay.io/astronomer/astro-runtime\n',
      state: 'unknown-version',
      expect: { severity: 'warning', recommendedTarget: '13.1.0' },
    },
    {
      name: 'newer than the catalog',
      dockerfile: df('13.9.0'),
      state: 'unknown-version',
      expect: { severity: 'warning' },
    },
    {
      name: 'no Dockerfile',
      dockerfile: undefined,
      state: 'unknown-version',
      expect: { severity: 'warning', updateKind: 'none' },
    },
    {
      name: 'unreadable Dockerfile',
      dockerfile: 'FROM quay.io/astronomer/astro-runtime:${NOPE}\n',
      state: 'unknown-version',
      expect: {
        error: expect.objectContaining({ code: 'UNRESOLVED_ARG' }) as never,
      },
    },
    {
      name: 'binary Dockerfile',
      dockerfile: '\u0000\u0001',
      state: 'unknown-version',
      expect: {
        error: expect.objectContaining({ code: 'BINARY_INPUT' }) as never,
      },
    },
    {
      name: 'Astronomer Certified',
      dockerfile: df('2.3.0-5-onbuild', 'quay.io/astronomer/ap-airflow'),
      state: 'certified',
      expect: { severity: 'error' },
    },
    {
      name: 'not Astro',
      dockerfile: 'FROM python:3.11-slim\n',
      state: 'not-astro',
      expect: { severity: 'info' },
    },
    {
      name: 'not Astro beats a downgrade',
      dockerfile: 'FROM python:3.11-slim\n',
      deployments: [{ id: 'd', astroRuntimeVersion: '13.1.0' }],
      state: 'not-astro',
      expect: { severity: 'info', updateKind: 'none' },
    },
  ];
  it.each(cases)('$name → $state', c => {
    const s = run(c.dockerfile, c.deployments ?? [], c.now ?? NOW);
    expect(s.state).toBe(c.state);
    expect(s).toMatchObject(c.expect);
    // The severity is at least the state's.
    const rank = { ok: 0, info: 1, warning: 2, error: 3 };
    expect(rank[s.severity]).toBeGreaterThanOrEqual(
      rank[stateSeverity(s.state)],
    );
    expect(s.catalog).toEqual({ source: 'bundled', asOf: catalog.asOf });
    expect(s.assessedAt).toBe((c.now ?? NOW).toISOString());
  });
});

describe('assess: details', () => {
  it('reports latest, latest in line and latest patch', () => {
    const s = run(df('12.1.0'));
    expect(s.latest?.version).toBe('3.3-2');
    expect(s.latestInLine?.version).toBe('13.1.0');
    expect(s.latestPatch?.version).toBe('12.1.1');
    expect(s.release?.version).toBe('12.1.0');
    expect(s.runtime?.version).toBe('12.1.0');
    expect(s.image?.registry).toBe('quay.io');
  });

  it('relation per Deployment', () => {
    const s = run(df('12.4.0'), [
      { id: 'a', name: 'same', astroRuntimeVersion: '12.4.0' },
      { id: 'b', name: 'older', astroRuntimeVersion: '12.1.0' },
      { id: 'c', name: 'newer', astroRuntimeVersion: '13.0.0' },
      { id: 'd', name: 'none' },
      { id: 'e', name: 'af3', astroRuntimeVersion: '3.0-2' },
    ]);
    expect(s.deployments.map(d => [d.name, d.relation])).toEqual([
      ['same', 'in-sync'],
      ['older', 'pending-deploy'],
      ['newer', 'downgrade-blocked'],
      ['none', 'unknown'],
      ['af3', 'downgrade-blocked'],
    ]);
    expect(s.deployments[0].runtime?.version).toBe('12.4.0');
    expect(s.state).toBe('downgrade-blocked');
    expect(s.findings.filter(f => f.id === 'downgrade-blocked')).toHaveLength(
      2,
    );
    expect(
      s.findings.find(f => f.id === 'deployment-unknown-runtime')?.message,
    ).toMatch(/none/);
  });

  it('deployment relations are unknown when the repo version is', () => {
    const s = run(df('3.1', 'astrocrpublic.azurecr.io/runtime'), [
      { id: 'a', astroRuntimeVersion: '3.1-12' },
    ]);
    expect(s.deployments[0].relation).toBe('unknown');
  });

  it('findings: floating, not full version, pre-release, yanked', () => {
    expect(
      run(df('3.1', 'astrocrpublic.azurecr.io/runtime')).findings.map(
        f => f.id,
      ),
    ).toEqual(['floating-tag']);
    expect(run(df('12.4')).findings.map(f => f.id)).toEqual([
      'not-full-version',
    ]);
    expect(run(df('latest')).findings.map(f => f.id)).toEqual(['floating-tag']);
    expect(
      run(
        df('3.0-1-nightly20250220', 'astrocrpublic.azurecr.io/runtime'),
      ).findings.map(f => f.id),
    ).toEqual(expect.arrayContaining(['prerelease', 'unknown-version']));
    expect(run(df('9.3.0')).findings.map(f => f.id)).toEqual(
      expect.arrayContaining(['yanked']),
    );
  });

  it('a well-formed version missing from a partial catalog is assessed against its neighbours', () => {
    const s = run(df('12.7.0'));
    expect(s.state).toBe('major-behind');
    expect(s.findings.find(f => f.id === 'unknown-version')?.severity).toBe(
      'info',
    );
    expect(s.lifecycle.endOfMaintenance).toBe('2026-02-28');
  });

  it('lifecycle findings ahead of the end of maintenance and in basic support', () => {
    const soon = run(df('13.1.0'), [], new Date('2026-10-15T00:00:00Z'));
    expect(
      soon.findings.find(f => f.id === 'end-of-maintenance-soon'),
    ).toMatchObject({ severity: 'warning' });
    const critical = run(df('13.1.0'), [], new Date('2026-11-15T00:00:00Z'));
    expect(
      critical.findings.find(f => f.id === 'end-of-maintenance-soon'),
    ).toMatchObject({ severity: 'error' });
    expect(critical.severity).toBe('error');
    const basic = run(df('12.9.0'), [], new Date('2026-06-01T00:00:00Z'));
    expect(basic.lifecycle.state).toBe('basic-support');
    expect(basic.findings.map(f => f.id)).toContain('basic-support');
    expect(basic.state).toBe('major-behind');
    const gone = run(df('12.9.0'), [], new Date('2027-06-01T00:00:00Z'));
    expect(gone.state).toBe('unsupported');
  });

  it('considerations lead to the recommended target', () => {
    const s = run(df('11.8.0'));
    expect(s.recommendedTarget).toBe('13.1.0');
    expect(s.considerations.map(c => c.id)).toEqual(
      expect.arrayContaining([
        'runtime-12-airflow3-minimum',
        'pin-providers',
        'no-downgrade',
      ]),
    );
    expect(
      run(df('3.3-2', 'astrocrpublic.azurecr.io/runtime')).considerations,
    ).toEqual([]);
  });

  it('exposes which lines decided', () => {
    const s = run(
      'ARG V=12.1.0\nFROM quay.io/astronomer/astro-runtime:${V} AS base\nFROM base\n',
    );
    expect(s.decidedBy).toEqual({
      fromLine: 2,
      argLine: 1,
      argName: 'V',
      stage: undefined,
      stages: 2,
    });
  });

  it('does not throw for bad Dockerfiles; throws typed errors for bad arguments', () => {
    expect(run('FROM a b c d\n').error?.code).toBe('INVALID_DOCKERFILE');
    expect(() =>
      assess({ project: {}, deployments: [], catalog, now: new Date('nope') }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() =>
      assess({
        project: {},
        deployments: [],
        catalog: undefined as never,
        now: NOW,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('works with a live-feed catalog', () => {
    const feed = parseReleaseFeed({
      runtimeVersions: { '12.4.0': {}, '12.5.0': {} },
    });
    const s = assess({
      project: { dockerfile: df('12.4.0') },
      deployments: [],
      catalog: feed,
      now: NOW,
    });
    expect(s.state).toBe('minor-behind');
    expect(s.latest?.version).toBe('12.5.0');
    expect(s.catalog.source).toBe('url');
  });
});

describe('status questions: pinned tag, latest in line, placed in line', () => {
  const A3 = 'astrocrpublic.azurecr.io/runtime';
  it.each([
    // [name, Dockerfile, pinned, latest in line, placed]
    ['latest of the Airflow 3 line', df('3.3-2', A3), true, true, true],
    ['latest of the Airflow 2 line', df('13.1.0'), true, true, true],
    ['behind in its line', df('12.4.0'), true, false, true],
    ['floating Airflow 3 tag', df('3.1', A3), false, false, false],
    ['partial Airflow 2 tag', df('12.1'), false, false, false],
    ['latest tag', df('latest'), false, false, false],
    ['newer than the catalog', df('13.9.0'), true, false, false],
    [
      'Astronomer Certified',
      df('2.3.0-5-onbuild', 'quay.io/astronomer/ap-airflow'),
      true,
      false,
      false,
    ],
    ['not Astro', 'FROM python:3.11-slim\n', false, false, false],
    ['no Dockerfile', undefined, false, false, false],
  ] as const)('%s', (_name, dockerfile, pinned, latest, placed) => {
    const s = run(dockerfile);
    expect(isTagPinned(s)).toBe(pinned);
    expect(isLatestInLine(s)).toBe(latest);
    expect(isPlacedInLine(s)).toBe(placed);
  });
});

describe('labels', () => {
  it('every state has a label and a severity, in the precedence list', () => {
    for (const s of STATE_PRECEDENCE) {
      expect(describeState(s).label).not.toBe('');
      expect(['ok', 'info', 'warning', 'error']).toContain(
        describeState(s).severity,
      );
    }
    expect(STATE_PRECEDENCE[0]).toBe('not-astro');
    expect(STATE_PRECEDENCE[STATE_PRECEDENCE.length - 1]).toBe('up-to-date');
    expect(stateSeverity('up-to-date')).toBe('ok');
    expect(stateSeverity('downgrade-blocked')).toBe('error');
  });
  it('runtime lines: every line named once, newest first, with its tag format', () => {
    expect(RUNTIME_LINES).toEqual(['airflow3', 'airflow2', 'certified']);
    expect(RUNTIME_LINES.map(l => describeLine(l).label)).toEqual([
      'Airflow 3 (X.Y-N)',
      'Airflow 2 (X.Y.Z)',
      'Astronomer Certified',
    ]);
    for (const l of RUNTIME_LINES)
      expect(describeLine(l).description).not.toBe('');
    expect(describeLine('nope' as any)).toEqual({
      label: 'nope',
      description: '',
    });
  });
  it('update kinds, relations and lifecycles', () => {
    expect(describeUpdateKind('line-change').label).toBe('Airflow 3');
    expect(describeRelation('downgrade-blocked').severity).toBe('error');
    expect(
      describeLifecycle({
        state: 'maintained',
        endOfMaintenance: '2026-02-28',
        daysToEndOfMaintenance: 10,
      }),
    ).toEqual({
      label: 'Maintained until 2026-02-28',
      severity: 'error',
    });
    expect(describeLifecycle({ state: 'unknown' }).label).toBe(
      'Unknown lifecycle',
    );
  });
});
