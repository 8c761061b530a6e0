import { summarizeGroups } from './summary';

describe('summarizeGroups', () => {
  it('counts nothing from no groups', () => {
    expect(summarizeGroups([])).toEqual({
      total: 0,
      byVersionState: [],
      byLine: {},
      byState: {},
      bySeverity: {},
      byOwner: {},
      blockers: 0,
      stale: 0,
    });
  });

  it('sums groups into lines, states, severities, owners and version-state pairs', () => {
    const summary = summarizeGroups([
      {
        owner: 'group:default/a',
        repoVersion: '12.4.0',
        state: 'upgrade-available',
        line: 'airflow2',
        severity: 'warning',
        stale: false,
        count: 3,
      },
      {
        owner: 'group:default/b',
        repoVersion: '12.4.0',
        state: 'upgrade-available',
        line: 'airflow2',
        severity: 'error',
        stale: true,
        count: 2,
      },
      { stale: false, count: 4 },
    ]);
    expect(summary).toEqual({
      total: 9,
      byVersionState: [
        { version: '12.4.0', state: 'upgrade-available', count: 5 },
        { count: 4 },
      ],
      byLine: { airflow2: 5, none: 4 },
      byState: { 'upgrade-available': 5, unassessed: 4 },
      bySeverity: { warning: 3, error: 2 },
      byOwner: { 'group:default/a': 3, 'group:default/b': 2 },
      blockers: 2,
      stale: 2,
    });
  });

  it('keeps a version without a state apart from the same version assessed', () => {
    const summary = summarizeGroups([
      { repoVersion: '3.0-1', stale: false, count: 1 },
      { repoVersion: '3.0-1', state: 'current', stale: false, count: 1 },
    ]);
    expect(summary.byVersionState).toEqual([
      { version: '3.0-1', count: 1 },
      { version: '3.0-1', state: 'current', count: 1 },
    ]);
  });
});
