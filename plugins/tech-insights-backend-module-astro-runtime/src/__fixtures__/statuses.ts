/*
 * Stored status records as the astro-runtime backend serves them from
 * `GET /statuses`, for the retriever and check tests.
 */
import {
  summarizeCodeScans,
  type CodeFinding,
  type CodeStatus,
  type EntityStatusRecord,
  type RuntimeRelease,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';

export const release = (
  version: string,
  extra: Partial<RuntimeRelease> = {},
): RuntimeRelease => ({
  version,
  line: version.includes('-') ? 'airflow3' : 'airflow2',
  channel: 'stable',
  yanked: false,
  airflowDatabaseMigration: false,
  ...extra,
});

/** A healthy airflow3 project: latest in line, maintained, pinned, one Deployment in sync. */
/** The code scan of a project whose files have these findings (plus one clean file). */
export function codeStatus(findings: CodeFinding[]): CodeStatus {
  const files = [...new Set(findings.map(f => f.file)), 'dags/clean.py'];
  return {
    ...summarizeCodeScans(
      files.map(file => ({
        file,
        bytes: 100,
        findings: findings.filter(f => f.file === file),
      })),
      [],
      { name: 'ruff', version: '0.16.10' },
    ),
    scannedAt: '2025-02-03T09:59:00Z',
  };
}

/** A finding of rule `rule` (blocking for AIR301/302/303). */
export function codeFinding(rule: string, line = 1): CodeFinding {
  return {
    file: 'dags/a.py',
    line,
    column: 1,
    endLine: line,
    endColumn: 2,
    rule,
    name: rule,
    message: rule,
    help: null,
    severity: ['AIR301', 'AIR302', 'AIR303'].includes(rule)
      ? 'blocking'
      : 'advice',
    fix: null,
  };
}

export function makeStatus(
  overrides: Partial<RuntimeStatus> = {},
): RuntimeStatus {
  return {
    image: {
      raw: 'astrocrpublic.azurecr.io/runtime:3.1-12',
      registry: 'astrocrpublic.azurecr.io',
      repository: 'runtime',
      tag: '3.1-12',
    },
    runtime: {
      raw: '3.1-12',
      line: 'airflow3',
      version: '3.1-12',
      prerelease: false,
      floating: false,
      variants: [],
    },
    release: release('3.1-12'),
    deployments: [
      {
        id: 'dep-prod',
        name: 'prod',
        astroRuntimeVersion: '3.1-12',
        relation: 'in-sync',
      },
    ],
    latest: release('3.1-12'),
    latestInLine: release('3.1-12'),
    latestPatch: release('3.1-12'),
    updateKind: 'none',
    majorsBehind: 0,
    minorsBehind: 0,
    lifecycle: {
      state: 'maintained',
      endOfMaintenance: '2026-10-01',
      daysToEndOfMaintenance: 240,
    },
    yanked: false,
    findings: [],
    considerations: [],
    state: 'up-to-date',
    severity: 'ok',
    catalog: { source: 'bundled', asOf: '2025-01-01' },
    assessedAt: '2025-02-03T10:00:00Z',
    code: codeStatus([]),
    ...overrides,
  };
}

export function makeRecord(
  entityRef: string,
  status: RuntimeStatus | undefined,
  extra: Partial<EntityStatusRecord> = {},
): EntityStatusRecord {
  return {
    entityRef,
    stale: false,
    status,
    assessedAt: status?.assessedAt,
    checkedAt: status?.assessedAt,
    ...extra,
  };
}

/** An old airflow2 project: three majors behind, basic support, a Deployment ahead. */
export const outdatedStatus = makeStatus({
  image: {
    raw: 'quay.io/astronomer/astro-runtime:9.1.0',
    registry: 'quay.io',
    repository: 'astronomer/astro-runtime',
    tag: '9.1.0',
  },
  runtime: {
    raw: '9.1.0',
    line: 'airflow2',
    version: '9.1.0',
    prerelease: false,
    floating: false,
    variants: [],
  },
  release: release('9.1.0'),
  latest: release('3.1-12'),
  latestInLine: release('12.4.0'),
  latestPatch: release('9.18.0'),
  updateKind: 'major',
  majorsBehind: 3,
  minorsBehind: 2,
  lifecycle: {
    state: 'basic-support',
    endOfMaintenance: '2024-08-01',
    daysToEndOfMaintenance: -186,
  },
  deployments: [
    { id: 'dep-dev', astroRuntimeVersion: '9.1.0', relation: 'in-sync' },
    {
      id: 'dep-prod',
      astroRuntimeVersion: '10.0.0',
      relation: 'downgrade-blocked',
    },
  ],
  findings: [
    { id: 'basic-support', severity: 'warning', message: 'basic support' },
    { id: 'downgrade-blocked', severity: 'error', message: 'refused' },
  ],
  state: 'downgrade-blocked',
  severity: 'error',
});

/** A yanked Runtime three minors behind, with a Deployment the next deploy will upgrade. */
export const yankedStatus = makeStatus({
  runtime: {
    raw: '12.1.0',
    line: 'airflow2',
    version: '12.1.0',
    prerelease: false,
    floating: false,
    variants: [],
  },
  release: release('12.1.0', { yanked: true }),
  latestInLine: release('12.4.0'),
  updateKind: 'minor',
  majorsBehind: 0,
  minorsBehind: 3,
  yanked: true,
  yankedReason: 'broken scheduler',
  lifecycle: { state: 'unknown' },
  deployments: [
    {
      id: 'dep-prod',
      astroRuntimeVersion: '12.0.0',
      relation: 'pending-deploy',
    },
  ],
  findings: [{ id: 'yanked', severity: 'error', message: 'yanked' }],
  state: 'yanked',
  severity: 'error',
});

/**
 * A floating airflow3 tag (`3.1`): assess() cannot place it, so it reports
 * state `unknown-version`, no release, and 0/0 counts as placeholders.
 */
export const floatingStatus = makeStatus({
  runtime: {
    raw: '3.1',
    line: 'airflow3',
    version: '3.1',
    prerelease: false,
    floating: true,
    variants: [],
  },
  release: undefined,
  latestPatch: undefined,
  updateKind: 'none',
  majorsBehind: 0,
  minorsBehind: 0,
  lifecycle: { state: 'unknown' },
  deployments: [
    { id: 'dep-prod', astroRuntimeVersion: '3.1-12', relation: 'unknown' },
  ],
  findings: [
    { id: 'floating-tag', severity: 'warning', message: '3.1 floats' },
  ],
  recommendedTarget: '3.1-12',
  state: 'unknown-version',
  severity: 'warning',
});
