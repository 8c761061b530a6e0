import { assess } from './assess';
import { getBundledCatalog } from './catalog';
import { mustMoveToAirflow3 } from './predicates';
import { toStatusRow } from './statusRow';

const NOW = new Date('2026-01-15T12:00:00Z');

describe('toStatusRow', () => {
  const status = assess({
    project: {
      dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0-python-3.12\n',
    },
    deployments: [
      { id: 'dep-1', name: 'billing-prod', astroRuntimeVersion: '12.1.0' },
      { id: 'dep-2' },
    ],
    catalog: getBundledCatalog(),
    now: NOW,
  });

  it('reads the table and CSV values from the status, and nothing else of it', () => {
    const row = toStatusRow({
      entityRef: 'component:default/billing',
      title: 'Billing',
      owner: 'group:default/data',
      status: { ...status, code: { blocking: 3 } as any },
      stale: true,
      error: { message: 'timeout', at: NOW.toISOString() },
      assessedAt: NOW.toISOString(),
      checkedAt: NOW.toISOString(),
    });
    expect(row).toEqual({
      entityRef: 'component:default/billing',
      title: 'Billing',
      owner: 'group:default/data',
      repoTag: '12.4.0-python-3.12',
      repoVersion: '12.4.0',
      line: 'airflow2',
      deployments: [
        {
          id: 'dep-1',
          name: 'billing-prod',
          version: '12.1.0',
          relation: status.deployments[0].relation,
        },
        { id: 'dep-2', name: 'dep-2', relation: 'unknown' },
      ],
      latestInLine: status.latestInLine?.version,
      latest: status.latest?.version,
      recommendedTarget: status.recommendedTarget,
      mustMoveToAirflow3: mustMoveToAirflow3(status),
      state: status.state,
      endOfMaintenance: status.lifecycle.endOfMaintenance,
      daysToEndOfMaintenance: status.lifecycle.daysToEndOfMaintenance,
      airflow3Blockers: 3,
      stale: true,
      error: { message: 'timeout', at: NOW.toISOString() },
      assessedAt: NOW.toISOString(),
      checkedAt: NOW.toISOString(),
    });
    expect(JSON.stringify(row).length).toBeLessThan(
      JSON.stringify(status).length / 3,
    );
  });

  it('leaves out what a never assessed entity does not have', () => {
    expect(
      toStatusRow({ entityRef: 'component:default/new', stale: false }),
    ).toEqual({
      entityRef: 'component:default/new',
      deployments: [],
      mustMoveToAirflow3: false,
      stale: false,
    });
  });
});
