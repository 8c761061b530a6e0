import {
  NO_RUNTIME,
  OTHER_VERSIONS,
  adoptionChartData,
  versionsChartData,
  versionsChartDataFromCounts,
} from './chartData';
import { fixtureRecords, pageRowOf } from './testData';

describe('versionsChartData', () => {
  const rows = fixtureRecords().map(pageRowOf);

  it('counts projects per version and state, versions in Runtime order', () => {
    const { bars, states } = versionsChartData(rows);
    const versions = bars.map(b => b.version);
    // Unversioned first, then Certified (not an Astro Runtime version: lowest),
    // then Airflow-2 line by semver, Airflow-3 line last.
    expect(versions[0]).toBe(NO_RUNTIME);
    expect(versions.slice(-4)).toEqual(['9.1.0', '12.4.0', '13.1.0', '3.1-12']);

    const v124 = bars.find(b => b.version === '12.4.0')!;
    expect(v124.total).toBe(2);
    expect(v124.counts['downgrade-blocked']).toBe(1);
    const sum = Object.values(v124.counts).reduce((a, b) => a + (b ?? 0), 0);
    expect(sum).toBe(2);

    expect(bars.reduce((n, b) => n + b.total, 0)).toBe(rows.length);
    expect(states).toContain('yanked');
    expect(states).toContain('not-astro');
    // Healthier states stack first.
    expect(
      states.indexOf('up-to-date') === -1 ||
        states.indexOf('up-to-date') < states.indexOf('yanked'),
    ).toBe(true);
  });

  it('skips rows never assessed', () => {
    const [first] = rows;
    const { bars } = versionsChartData([{ ...first, state: undefined }]);
    expect(bars).toEqual([]);
  });
});

describe('versionsChartDataFromCounts', () => {
  it('draws from summary counts what it draws from the rows', () => {
    const rows = fixtureRecords().map(pageRowOf);
    const counts = new Map<
      string,
      { version?: string; state?: string; count: number }
    >();
    for (const r of rows) {
      const key = `${r.repoVersion}|${r.state}`;
      const g = counts.get(key) ?? {
        version: r.repoVersion,
        state: r.state,
        count: 0,
      };
      g.count++;
      counts.set(key, g);
    }
    expect(versionsChartDataFromCounts([...counts.values()])).toEqual(
      versionsChartData(rows),
    );
  });

  it('adds up counts of one version and skips groups without a state', () => {
    const { bars, states } = versionsChartDataFromCounts([
      { version: '12.4.0', state: 'minor-behind', count: 40 },
      { version: '12.4.0', state: 'yanked', count: 2 },
      { version: '13.1.0', count: 5 },
    ]);
    expect(bars).toEqual([
      {
        version: '12.4.0',
        total: 42,
        counts: { 'minor-behind': 40, yanked: 2 },
      },
    ]);
    expect(states).toHaveLength(2);
  });
});

describe('adoptionChartData', () => {
  it('orders days and fills missing versions with 0', () => {
    const { days, series } = adoptionChartData([
      { day: '2026-01-02', versions: { '13.1.0': 3 } },
      { day: '2026-01-01', versions: { '12.4.0': 2, '13.1.0': 1 } },
    ]);
    expect(series).toEqual(['12.4.0', '13.1.0']);
    expect(days).toEqual([
      { day: '2026-01-01', counts: { '12.4.0': 2, '13.1.0': 1 } },
      { day: '2026-01-02', counts: { '12.4.0': 0, '13.1.0': 3 } },
    ]);
  });

  it('groups versions beyond the limit into "other", keeping the totals', () => {
    const versions = {
      '9.1.0': 1,
      '11.2.0': 2,
      '12.4.0': 5,
      '13.1.0': 7,
      '3.1-12': 4,
    };
    const { days, series } = adoptionChartData(
      [{ day: '2026-01-01', versions }],
      3,
    );
    // The two largest on the last day keep a series; the limit's last slot is "other".
    expect(series).toEqual(['12.4.0', '13.1.0', OTHER_VERSIONS]);
    expect(days[0].counts).toEqual({
      '12.4.0': 5,
      '13.1.0': 7,
      [OTHER_VERSIONS]: 1 + 2 + 4,
    });
  });

  it('handles no history', () => {
    expect(adoptionChartData([])).toEqual({ days: [], series: [] });
  });
});
