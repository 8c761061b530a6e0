import { getBundledCatalog, parseReleaseFeed } from './catalog';
import { describeLifecycle, describeSupport } from './labels';
import { lifecycleFor, lifecycleForVersion } from './lifecycle';
import type { RuntimeRelease } from './types';

const bundled = getBundledCatalog();
const af3 = (extra: Partial<RuntimeRelease> = {}): RuntimeRelease => ({
  version: '3.1-12',
  line: 'airflow3',
  channel: 'stable',
  yanked: false,
  airflowDatabaseMigration: 'unknown',
  ...extra,
});

describe('Airflow 3 lifecycle', () => {
  it('3.1-12 without a release date: policy lower bound from Airflow 3.0.0', () => {
    const lc = lifecycleForVersion(
      bundled,
      '3.1-12',
      new Date('2026-12-02T00:00:00Z'),
    );
    expect(lc).toMatchObject({
      state: 'maintained',
      basis: 'policy-lower-bound',
      endOfMaintenance: '2027-04-30',
      endOfBasicSupport: '2027-10-31',
    });
    expect(describeLifecycle(lc).label).toBe(
      'Maintained at least until 2027-04-30 (policy)',
    );
    expect(describeSupport(lc)).toBe(
      'maintained at least until 2027-04-30 (policy)',
    );
  });

  it('after the lower bound the state is unknown, not ended', () => {
    const lc = lifecycleFor(af3(), new Date('2027-06-01T00:00:00Z'));
    expect(lc.state).toBe('unknown');
    expect(lc.basis).toBe('policy-lower-bound');
  });

  it('with a release date: 24 months of maintenance, then 6 of basic support', () => {
    const r = af3({ releaseDate: '2025-10-15' });
    expect(lifecycleFor(r, new Date('2027-10-31T12:00:00Z'))).toMatchObject({
      state: 'maintained',
      basis: 'policy',
      endOfMaintenance: '2027-10-31',
      endOfBasicSupport: '2028-04-30',
      daysToEndOfMaintenance: 0,
    });
    expect(lifecycleFor(r, new Date('2027-11-01T00:00:00Z')).state).toBe(
      'basic-support',
    );
    expect(lifecycleFor(r, new Date('2028-05-01T00:00:00Z')).state).toBe(
      'unsupported',
    );
    expect(
      describeLifecycle(lifecycleFor(r, new Date('2026-01-01T00:00:00Z')))
        .label,
    ).toBe('Maintained until 2027-10-31 (policy)');
  });

  it('feed dates win over the policy', () => {
    const cat = parseReleaseFeed({
      runtimeVersionsV3: {
        '3.1-12': {
          metadata: {
            releaseDate: '2025-11-01',
            endOfMaintenance: '2026-06-30',
            endOfBasicSupport: '2026-12-31',
          },
        },
      },
    });
    expect(
      lifecycleForVersion(cat, '3.1-12', new Date('2026-12-02T00:00:00Z')),
    ).toMatchObject({
      state: 'basic-support',
      basis: 'feed',
      endOfMaintenance: '2026-06-30',
    });
  });

  it('Airflow 2 versions keep the bundled per-major dates (feed basis)', () => {
    const lc = lifecycleForVersion(
      bundled,
      '13.1.0',
      new Date('2026-12-02T00:00:00Z'),
    );
    expect(lc).toMatchObject({
      state: 'basic-support',
      basis: 'feed',
      endOfMaintenance: '2026-11-30',
      endOfBasicSupport: '2027-11-30',
    });
    expect(describeSupport(lc)).toBe(
      'maintenance ended 2026-11-30, basic support until 2027-11-30',
    );
  });
});
