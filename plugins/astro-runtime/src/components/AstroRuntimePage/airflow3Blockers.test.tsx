import { screen, within } from '@testing-library/react';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  summarizeCodeScans,
  type CodeFinding,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { renderInTestApp } from '@backstage/test-utils';
import {
  DOCKERFILES,
  recordFor,
  statusFor,
} from '../../__testUtils__/fixtures';
import { applyRowFilters } from './Filters';
import { StatusTable } from './StatusTable';
import { pageRowOf } from './testData';

function withCode(status: RuntimeStatus, rules: string[]): RuntimeStatus {
  const findings: CodeFinding[] = rules.map((rule, i) => ({
    file: 'dags/a.py',
    line: i + 1,
    column: 1,
    endLine: i + 1,
    endColumn: 2,
    rule,
    name: rule,
    message: rule,
    help: null,
    severity: ['AIR301', 'AIR302', 'AIR303'].includes(rule)
      ? 'blocking'
      : 'advice',
    fix: null,
  }));
  return {
    ...status,
    code: {
      ...summarizeCodeScans([{ file: 'dags/a.py', bytes: 10, findings }], [], {
        name: 'ruff',
        version: '0.16.10',
      }),
      scannedAt: '2025-06-01T11:00:00Z',
    },
  };
}

const rows = [
  pageRowOf(
    recordFor(
      'blocked',
      withCode(statusFor(DOCKERFILES.majorBehind), [
        'AIR301',
        'AIR302',
        'AIR311',
      ]),
    ),
  ),
  pageRowOf(
    recordFor(
      'advice-only',
      withCode(statusFor(DOCKERFILES.upToDate), ['AIR311']),
    ),
  ),
  pageRowOf(recordFor('not-scanned', statusFor(DOCKERFILES.minorBehind))),
];

describe('"Airflow 3 blockers" on the org page', () => {
  it('counts the blocking findings per row, undefined when the code was not scanned', () => {
    expect(rows.map(r => [r.entityRef, r.airflow3Blockers])).toEqual([
      ['component:default/blocked', 2],
      ['component:default/advice-only', 0],
      ['component:default/not-scanned', undefined],
    ]);
  });

  it('the filter keeps the rows with blockers, and combines with "must move"', () => {
    expect(
      applyRowFilters(rows, { airflow3Blockers: true }).map(r => r.entityRef),
    ).toEqual(['component:default/blocked']);
    expect(applyRowFilters(rows, {})).toHaveLength(rows.length);
    expect(
      applyRowFilters(
        rows.map(r => ({ ...r, mustMoveToAirflow3: false })),
        { airflow3Blockers: true, mustMoveToAirflow3: true },
      ),
    ).toEqual([]);
  });

  it('shows the column', async () => {
    await renderInTestApp(
      <StatusTable
        rows={rows}
        loading={false}
        pageIndex={0}
        pageSize={20}
        pageSizeOptions={[20]}
        onPageSizeChange={() => {}}
        hasNext={false}
        hasPrevious={false}
        onNext={() => {}}
        onPrevious={() => {}}
      />,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(
      await screen.findByRole('columnheader', { name: /Airflow 3 blockers/ }),
    ).toBeInTheDocument();
    const counts = screen
      .getAllByTestId('astro-runtime-airflow3-blockers')
      .map(c => c.textContent);
    expect(counts).toEqual(['2', '0']);
    const notScanned = screen
      .getAllByRole('row')
      .find(r => within(r).queryByText(/not-scanned/));
    expect(
      within(notScanned!).queryByTestId('astro-runtime-airflow3-blockers'),
    ).toBeNull();
  });
});
