import { configure, screen, waitFor, within } from '@testing-library/react';
import userEventBase, {
  PointerEventsCheckLevel,
} from '@testing-library/user-event';
import { errorApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  assess,
  describeState,
  getBundledCatalog,
  type EntityStatusRecord,
  type HistoryResponse,
  type RefreshProgress,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef, type AstroRuntimeApi } from '../../api';
import { AstroRuntimePage } from './AstroRuntimePage';
import { fakeListStatusRows, fakeSummary, fixtureRecords } from './testData';

// The page renders a material-table and two recharts charts: slow on a shared CI box.
configure({ asyncUtilTimeout: 15000 });
jest.setTimeout(60000);
// Skipping the pointer-events check (getComputedStyle up the MUI tree) keeps clicks fast.
const userEvent = userEventBase.setup({
  pointerEventsCheck: PointerEventsCheckLevel.Never,
});

const IDLE: RefreshProgress = {
  running: false,
  startedAt: '2026-01-15T11:00:00Z',
  finishedAt: '2026-01-15T11:05:00Z',
  total: 7,
  done: 7,
  errors: 0,
  unchanged: 5,
};

const HISTORY: HistoryResponse = {
  points: [
    { day: '2026-01-13', versions: { '12.4.0': 3, '13.1.0': 1 } },
    { day: '2026-01-14', versions: { '12.4.0': 2, '13.1.0': 2 } },
    { day: '2026-01-15', versions: { '12.4.0': 2, '13.1.0': 2, '3.1-12': 1 } },
  ],
};

function mockApi(records: EntityStatusRecord[] = fixtureRecords()) {
  const api = {
    // the page reads lean rows, never whole statuses
    listStatuses: jest.fn(async () => {
      throw new Error('the org page reads GET /statuses?view=rows');
    }),
    listStatusRows: jest.fn(fakeListStatusRows(records)),
    getHistory: jest.fn(async () => HISTORY),
    getSummary: jest.fn(fakeSummary(records, HISTORY.points)),
    getRefreshProgress: jest.fn(async () => IDLE),
    triggerRefresh: jest.fn(async () => ({ ...IDLE, running: true })),
    getEntityStatus: jest.fn(),
    getReleases: jest.fn(),
  } satisfies Record<keyof AstroRuntimeApi, jest.Mock>;
  return api;
}

const errorApi = { post: jest.fn(), error$: jest.fn() };

async function renderPage(
  api: ReturnType<typeof mockApi>,
  props: Partial<Parameters<typeof AstroRuntimePage>[0]> = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [astroRuntimeApiRef, api],
        [errorApiRef, errorApi],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <AstroRuntimePage
        chartWidth={600}
        searchDebounceMs={0}
        refreshPollIntervalMs={20}
        {...props}
      />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

/** Calls of the table (the only reader of `GET /statuses?view=rows`). */
function tableCalls(api: ReturnType<typeof mockApi>) {
  expect(api.listStatuses).not.toHaveBeenCalled();
  return api.listStatusRows.mock.calls.map(([query]) => query ?? {});
}

async function waitForRows() {
  await waitFor(() =>
    expect(
      within(screen.getByTestId('astro-runtime-table')).getByText(
        'payments-sync',
      ),
    ).toBeInTheDocument(),
  );
}

beforeEach(() => {
  errorApi.post.mockReset();
});

describe('AstroRuntimePage', () => {
  it('shows every project with its Runtime, Deployments, latest, state and end of maintenance', async () => {
    const api = mockApi();
    await renderPage(api);
    await waitForRows();

    expect(screen.getByTestId('astro-runtime-page')).toBeInTheDocument();
    const table = screen.getByTestId('astro-runtime-table');
    for (const name of [
      'billing-etl',
      'legacy-reports',
      'ml-features',
      'payments-sync',
      'old-certified',
      'plain-python',
    ]) {
      expect(within(table).getByText(name)).toBeInTheDocument();
    }
    // EntityRefLink shows the title when given.
    expect(within(table).getByText('Orders pipeline')).toBeInTheDocument();
    expect(within(table).getByText('Astro projects (7)')).toBeInTheDocument();

    const row = within(table).getByText('payments-sync').closest('tr')!;
    const cells = within(row);
    expect(cells.getByText('12.4.0')).toBeInTheDocument();
    expect(cells.getByText('payments-prod: 13.1.0')).toBeInTheDocument();
    expect(cells.getByText('(Downgrade blocked)')).toBeInTheDocument();
    expect(cells.getByText('13.1.0')).toBeInTheDocument(); // latest in line
    expect(cells.getByText('overall: 3.3-2')).toBeInTheDocument();
    expect(
      cells.getByText(describeState('downgrade-blocked').label),
    ).toBeInTheDocument();
    expect(cells.getByText('2026-02-28')).toBeInTheDocument();
    expect(cells.getByText('44 days left')).toBeInTheDocument();

    const yanked = within(table).getByText('legacy-reports').closest('tr')!;
    expect(
      within(yanked).getByText(describeState('yanked').label),
    ).toBeInTheDocument();
    expect(within(yanked).getByText('ended 349 days ago')).toBeInTheDocument();

    // The first table read has no filters and no cursor.
    expect(tableCalls(api)[0]).toEqual({ limit: 25 });
  });

  it('sorts a page by Runtime version and by state', async () => {
    const api = mockApi();
    await renderPage(api);
    await waitForRows();
    const table = screen.getByTestId('astro-runtime-table');
    const order = () =>
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(r => r.querySelector('td a')?.textContent);

    await userEvent.click(within(table).getByText('Repo Runtime'));
    await waitFor(() =>
      // No Runtime first, then Certified, then by compareRuntimeVersions:
      // 9.1.0 < 12.4.0 (twice) < 13.1.0 < 3.1-12 (Airflow-3 line).
      expect(order().slice(2)).toEqual([
        'legacy-reports',
        'billing-etl',
        'payments-sync',
        'Orders pipeline',
        'ml-features',
      ]),
    );

    await userEvent.click(within(table).getByText('State'));
    // By describeState's severity (info, warning, error), then by label.
    await waitFor(() =>
      expect(order()).toEqual([
        'Orders pipeline', // Airflow 3 available (info)
        'ml-features', // Minor upgrade available (info)
        'plain-python', // Not Astro Runtime (info)
        'billing-etl', // Major upgrade available (warning)
        'old-certified', // Astronomer Certified (error)
        'payments-sync', // Downgrade blocked (error)
        'legacy-reports', // Yanked (error)
      ]),
    );
  });

  it('filters by owner through the backend', async () => {
    const api = mockApi();
    await renderPage(api);
    await waitForRows();

    const owner = screen.getByTestId('astro-runtime-filter-owner');
    await waitFor(() =>
      expect(
        within(owner).getByRole('option', { name: 'ml-team' }),
      ).toBeInTheDocument(),
    );
    await userEvent.selectOptions(owner, 'group:default/ml-team');

    await waitFor(() =>
      expect(tableCalls(api).at(-1)).toEqual({
        owner: 'group:default/ml-team',
        limit: 25,
      }),
    );
    await waitFor(() =>
      expect(screen.queryByText('payments-sync')).not.toBeInTheDocument(),
    );
    const table = screen.getByTestId('astro-runtime-table');
    expect(within(table).getByText('ml-features')).toBeInTheDocument();
    expect(within(table).getByText('old-certified')).toBeInTheDocument();
    expect(within(table).getByText('Astro projects (2)')).toBeInTheDocument();
  });

  it('filters by state, line, "downgrade blocked" and search through the backend', async () => {
    const api = mockApi();
    await renderPage(api);
    await waitForRows();

    await userEvent.selectOptions(
      screen.getByTestId('astro-runtime-filter-state'),
      'yanked',
    );
    await waitFor(() =>
      expect(tableCalls(api).at(-1)).toEqual({ state: 'yanked', limit: 25 }),
    );
    await waitFor(() =>
      expect(screen.queryByText('payments-sync')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('legacy-reports')).toBeInTheDocument();

    await userEvent.click(
      screen.getByTestId('astro-runtime-filter-downgrade-blocked'),
    );
    await waitFor(() =>
      expect(tableCalls(api).at(-1)).toEqual({
        state: 'downgrade-blocked',
        limit: 25,
      }),
    );
    await waitFor(() =>
      expect(screen.getByText('payments-sync')).toBeInTheDocument(),
    );
    expect(screen.queryByText('legacy-reports')).not.toBeInTheDocument();
    expect(screen.getByTestId('astro-runtime-filter-state')).toHaveValue(
      'downgrade-blocked',
    );

    await userEvent.click(
      screen.getByTestId('astro-runtime-filter-downgrade-blocked'),
    );
    // the line filter names the lines as -common's describeLine does
    expect(
      within(screen.getByTestId('astro-runtime-filter-line'))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'All lines',
      'Airflow 3 (X.Y-N)',
      'Airflow 2 (X.Y.Z)',
      'Astronomer Certified',
    ]);
    await userEvent.selectOptions(
      screen.getByTestId('astro-runtime-filter-line'),
      'airflow3',
    );
    await waitFor(() =>
      expect(tableCalls(api).at(-1)).toEqual({ line: 'airflow3', limit: 25 }),
    );
    await waitFor(() =>
      expect(screen.queryByText('payments-sync')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('ml-features')).toBeInTheDocument();

    await userEvent.selectOptions(
      screen.getByTestId('astro-runtime-filter-line'),
      '',
    );
    await userEvent.click(screen.getByTestId('astro-runtime-search'));
    await userEvent.paste('billing');
    await waitFor(() =>
      expect(tableCalls(api).at(-1)).toEqual({ q: 'billing', limit: 25 }),
    );
    await waitFor(() =>
      expect(screen.queryByText('payments-sync')).not.toBeInTheDocument(),
    );
    expect(screen.getByText('billing-etl')).toBeInTheDocument();
  });

  it('pages through the backend cursor', async () => {
    const api = mockApi();
    await renderPage(api, { pageSize: 3 });
    const table = () => screen.getByTestId('astro-runtime-table');

    await waitFor(() =>
      expect(within(table()).getByText('billing-etl')).toBeInTheDocument(),
    );
    expect(tableCalls(api)[0]).toEqual({ limit: 3 });
    expect(screen.getByTestId('astro-runtime-page-info')).toHaveTextContent(
      '1–3 of 7',
    );
    expect(screen.getByTestId('astro-runtime-previous-page')).toBeDisabled();

    await userEvent.click(screen.getByTestId('astro-runtime-next-page'));
    await waitFor(() =>
      expect(within(table()).getByText('ml-features')).toBeInTheDocument(),
    );
    expect(tableCalls(api).at(-1)).toEqual({ cursor: 'c3', limit: 3 });
    expect(within(table()).queryByText('billing-etl')).not.toBeInTheDocument();
    expect(screen.getByTestId('astro-runtime-page-info')).toHaveTextContent(
      '4–6 of 7',
    );

    await userEvent.click(screen.getByTestId('astro-runtime-next-page'));
    await waitFor(() =>
      expect(within(table()).getByText('plain-python')).toBeInTheDocument(),
    );
    expect(tableCalls(api).at(-1)).toEqual({ cursor: 'c6', limit: 3 });
    expect(screen.getByTestId('astro-runtime-next-page')).toBeDisabled();

    await userEvent.click(screen.getByTestId('astro-runtime-previous-page'));
    await waitFor(() =>
      expect(within(table()).getByText('ml-features')).toBeInTheDocument(),
    );
    expect(tableCalls(api).at(-1)).toEqual({ cursor: 'c3', limit: 3 });

    // A filter starts again at the first page.
    await userEvent.selectOptions(
      screen.getByTestId('astro-runtime-filter-state'),
      'not-astro',
    );
    await waitFor(() =>
      expect(tableCalls(api).at(-1)).toEqual({ state: 'not-astro', limit: 3 }),
    );
  });

  it('filters "Must move to Airflow 3" through the backend, across pages', async () => {
    // assessed after Runtime 13's end of maintenance (2026-11-30): every
    // Airflow 2 project must move
    const december = (name: string, from: string): EntityStatusRecord => ({
      entityRef: `component:default/${name}`,
      owner: 'group:default/data-platform',
      stale: false,
      status: assess({
        project: { dockerfile: `FROM ${from}\n` },
        catalog: getBundledCatalog(),
        now: new Date('2026-12-02T00:00:00Z'),
      }),
    });
    const records = [
      december('a-on-12', 'quay.io/astronomer/astro-runtime:12.4.0'),
      december('b-on-af3', 'astrocrpublic.azurecr.io/runtime:3.3-2'),
      december('c-on-af3', 'astrocrpublic.azurecr.io/runtime:3.3-1'),
      december('d-on-13', 'quay.io/astronomer/astro-runtime:13.1.0'),
      december('e-on-11', 'quay.io/astronomer/astro-runtime:11.8.0'),
    ];
    const api = mockApi(records);
    await renderPage(api, { pageSize: 2 });
    const table = () => screen.getByTestId('astro-runtime-table');
    await waitFor(() =>
      expect(within(table()).getByText('a-on-12')).toBeInTheDocument(),
    );

    await userEvent.click(
      screen.getByTestId('astro-runtime-filter-must-move-to-airflow3'),
    );
    await waitFor(() =>
      expect(tableCalls(api).at(-1)).toEqual({
        mustMoveToAirflow3: true,
        limit: 2,
      }),
    );
    expect(api.getSummary).toHaveBeenLastCalledWith({
      mustMoveToAirflow3: true,
      days: 90,
    });
    // the first page holds two of the three matches (not a filtered page of two)
    await waitFor(() =>
      expect(within(table()).getByText('d-on-13')).toBeInTheDocument(),
    );
    expect(within(table()).getByText('a-on-12')).toBeInTheDocument();
    expect(screen.getByTestId('astro-runtime-page-info')).toHaveTextContent(
      '1–2 of 3',
    );
    await userEvent.click(screen.getByTestId('astro-runtime-next-page'));
    await waitFor(() =>
      expect(within(table()).getByText('e-on-11')).toBeInTheDocument(),
    );
    expect(tableCalls(api).at(-1)).toEqual({
      mustMoveToAirflow3: true,
      cursor: 'c2',
      limit: 2,
    });
    expect(within(table()).queryByText('b-on-af3')).not.toBeInTheDocument();
  });

  it('exports the visible rows as CSV', async () => {
    const api = mockApi();
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:astro-runtime';
    });
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});

    try {
      await renderPage(api);
      await waitForRows();
      await userEvent.selectOptions(
        screen.getByTestId('astro-runtime-filter-owner'),
        'group:default/finance',
      );
      await waitFor(() =>
        expect(screen.queryByText('payments-sync')).not.toBeInTheDocument(),
      );
      await userEvent.click(screen.getByTestId('astro-runtime-export-csv'));

      expect(click).toHaveBeenCalledTimes(1);
      const anchor = click.mock.contexts[0] as HTMLAnchorElement;
      expect(anchor.download).toMatch(/^astro-runtime-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(blobs).toHaveLength(1);
      expect(blobs[0].type).toBe('text/csv;charset=utf-8');
      const text = await blobs[0].text();
      const lines = text.replace(/^\uFEFF/, '').split('\r\n');
      expect(lines[0]).toMatch(/^Entity,Title,Owner,/);
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain('component:default/legacy-reports');
      expect(lines[1]).toContain(',yanked,');
      expect(lines[2]).toContain('component:default/plain-python');
      expect(text).not.toContain('payments-sync');
    } finally {
      click.mockRestore();
    }
  });

  it('charts the org by Runtime version and state, and adoption over time', async () => {
    const api = mockApi();
    await renderPage(api);
    await waitForRows();

    const versions = await screen.findByTestId('astro-runtime-versions-chart');
    expect(versions).toHaveAccessibleName(
      'Projects per Runtime version, by state',
    );
    const svg = await waitFor(() => {
      const el = versions.querySelector('svg[role="img"]');
      expect(el).not.toBeNull();
      return el!;
    });
    expect(svg.getAttribute('aria-label')).toContain(
      `12.4.0: 2 (1 ${describeState('major-behind').label}, 1 ${
        describeState('downgrade-blocked').label
      })`,
    );
    // One bar segment per (version, state) with a count.
    expect(
      versions.querySelectorAll('.recharts-bar-rectangle path').length,
    ).toBeGreaterThanOrEqual(7);
    // Legend labels come from describeState.
    expect(
      within(versions).getByText(describeState('yanked').label),
    ).toBeInTheDocument();
    // The charts come from GET /summary; the only list read is the table's page.
    expect(api.getSummary).toHaveBeenCalledWith({ days: 90 });
    expect(tableCalls(api).every(q => q.limit === 25)).toBe(true);
    expect(api.getHistory).not.toHaveBeenCalled();
    expect(screen.getByTestId('astro-runtime-headline')).toHaveTextContent(
      `${fixtureRecords().length} Astro projects`,
    );

    const adoption = screen.getByTestId('astro-runtime-adoption-chart');
    expect(adoption).toHaveAccessibleName('Runtime adoption, last 90 days');
    const area = adoption.querySelector('svg[role="img"]')!;
    expect(area.getAttribute('aria-label')).toContain(
      'On 2026-01-15: 12.4.0 2, 13.1.0 2, 3.1-12 1',
    );
    expect(adoption.querySelectorAll('.recharts-area').length).toBe(3);
  });

  it('headlines the Airflow 3 blockers in the code from GET /summary', async () => {
    const api = mockApi();
    const summarize = fakeSummary(fixtureRecords(), HISTORY.points);
    api.getSummary.mockImplementation(async (query = {}) => {
      const counted = await summarize(query);
      // a stand-in for the backend's count: 3 findings per counted project
      return {
        ...counted,
        codeBlockers: { findings: counted.total * 3, projects: counted.total },
      };
    });
    await renderPage(api);
    await waitForRows();
    const total = fixtureRecords().length;
    await waitFor(() =>
      expect(
        screen.getByTestId('astro-runtime-code-blockers'),
      ).toHaveTextContent(
        `${total * 3} Airflow 3 blockers in ${total} projects`,
      ),
    );
  });

  it('shows refresh progress while a refresh runs, then reloads', async () => {
    const api = mockApi();
    let progress: RefreshProgress = {
      running: true,
      startedAt: '2026-01-15T12:00:00Z',
      total: 8,
      done: 2,
      errors: 1,
      unchanged: 0,
    };
    api.getRefreshProgress.mockImplementation(async () => progress);
    await renderPage(api);

    const bar = await screen.findByRole('progressbar', {
      name: 'Refresh progress',
    });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(
      screen.getByText(/Refreshing: 2 of 8 projects, 1 failed/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('astro-runtime-refresh-now')).toBeDisabled();

    progress = { ...progress, done: 6 };
    await waitFor(() =>
      expect(
        screen.getByRole('progressbar', { name: 'Refresh progress' }),
      ).toHaveAttribute('aria-valuenow', '75'),
    );

    const readsBefore = tableCalls(api).length;
    progress = {
      ...progress,
      running: false,
      done: 8,
      finishedAt: '2026-01-15T12:03:00Z',
    };
    await waitFor(() =>
      expect(
        screen.queryByRole('progressbar', { name: 'Refresh progress' }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByTestId('astro-runtime-last-refreshed'),
    ).toHaveTextContent(/Data last refreshed .*\(8 of 8 projects, 1 failed\)/);
    // The table is read again once the refresh has finished.
    await waitFor(() =>
      expect(tableCalls(api).length).toBeGreaterThan(readsBefore),
    );
    expect(api.getSummary.mock.calls.length).toBeGreaterThanOrEqual(2);
  });

  it('shows when data was last refreshed and starts a refresh', async () => {
    const api = mockApi();
    let current: RefreshProgress = IDLE;
    api.getRefreshProgress.mockImplementation(async () => current);
    api.triggerRefresh.mockImplementation(async () => {
      current = { running: true, total: 7, done: 0, errors: 0, unchanged: 0 };
      return current;
    });
    await renderPage(api);
    const last = await screen.findByTestId('astro-runtime-last-refreshed');
    expect(last.querySelector('time')).toHaveAttribute(
      'datetime',
      IDLE.finishedAt,
    );
    expect(last).toHaveTextContent('7 of 7 projects, 5 unchanged');

    await userEvent.click(screen.getByTestId('astro-runtime-refresh-now'));
    expect(api.triggerRefresh).toHaveBeenCalledTimes(1);
    expect(
      await screen.findByRole('progressbar', { name: 'Refresh progress' }),
    ).toHaveAttribute('aria-valuenow', '0');
    expect(screen.getByText(/Refreshing: 0 of 7 projects/)).toBeInTheDocument();
    expect(errorApi.post).not.toHaveBeenCalled();
  });

  it('reports a refused refresh (403) through the error API', async () => {
    const api = mockApi();
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'Only admins may refresh',
          },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ) as any,
    );
    api.triggerRefresh.mockRejectedValue(forbidden);
    await renderPage(api);
    await screen.findByTestId('astro-runtime-last-refreshed');

    await userEvent.click(screen.getByTestId('astro-runtime-refresh-now'));
    await waitFor(() => expect(errorApi.post).toHaveBeenCalledWith(forbidden));
    expect(screen.getByTestId('astro-runtime-refresh-now')).toBeEnabled();
    expect(
      screen.queryByRole('progressbar', { name: 'Refresh progress' }),
    ).not.toBeInTheDocument();
  });

  it('shows an error panel when the projects cannot be loaded', async () => {
    const api = mockApi();
    api.listStatusRows.mockRejectedValue(
      new Error('astro-runtime backend unavailable'),
    );
    await renderPage(api);
    expect(
      await screen.findByText(/Could not load the Astro projects/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/astro-runtime backend unavailable/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('astro-runtime-table')).not.toBeInTheDocument();
  });

  it('says so when nothing matches', async () => {
    const api = mockApi([]);
    await renderPage(api);
    expect(
      await screen.findByText('No Astro projects match these filters.'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('astro-runtime-export-csv')).toBeDisabled();
    expect(
      await screen.findByText('No assessed projects to chart yet.'),
    ).toBeInTheDocument();
  });
});
