import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { AstroRuntimeScorecardOverview } from './AstroRuntimeScorecardOverview';
import {
  TECH_INSIGHTS_URL,
  renderScorecard,
} from './__testUtils__/renderScorecard';
import { ASTRO_CHECK_IDS, CHECKS, bulkEntry } from './__testUtils__/testData';
import type { ScorecardBulkEntry } from './types';

const server = setupServer();
registerMswTestHooks(server);

const all = (pass: boolean) =>
  Object.fromEntries(ASTRO_CHECK_IDS.map(id => [id, pass]));

function serve(bulk: ScorecardBulkEntry[]) {
  const requests: unknown[] = [];
  server.use(
    http.get(`${TECH_INSIGHTS_URL}/checks`, () => HttpResponse.json(CHECKS)),
    http.post(`${TECH_INSIGHTS_URL}/checks/run`, async ({ request }) => {
      requests.push(await request.json());
      return HttpResponse.json(bulk);
    }),
  );
  return requests;
}

function rateRow(id: string) {
  return screen.getByTestId(`astro-runtime-check-rate-${id}`);
}

describe('AstroRuntimeScorecardOverview', () => {
  it('lists the pass rate of each check across entities, with the failing ones', async () => {
    const requests = serve([
      bulkEntry('component:default/orders-pipeline', all(true)),
      bulkEntry('component:default/legacy-etl', {
        ...all(false),
        astroRuntimeNotYanked: true,
      }),
      bulkEntry('component:team-b/ml-features', {
        ...all(true),
        astroRuntimeNotYanked: false,
        astroRuntimeMaintained: false,
      }),
      bulkEntry('component:default/floating-dags', {
        astroRuntimeMaintained: true,
        astroRuntimeNotYanked: true,
        astroRuntimeDeploymentsInSync: true,
        astroRuntimeTagPinned: false,
      }),
      { entity: 'component:default/no-astro-facts', results: [] },
    ]);
    await renderScorecard(
      <AstroRuntimeScorecardOverview maxFailingShown={1} />,
    );
    const overview = await screen.findByTestId(
      'astro-runtime-scorecard-overview',
    );
    await within(overview).findByText('1 of 4 projects pass every check');

    // bulk run over every entity with facts, only the Astro Runtime checks
    expect(requests).toEqual([{ checks: ASTRO_CHECK_IDS, entities: [] }]);

    const rate = (id: string) =>
      within(rateRow(id)).getByTestId('pass-rate').textContent;
    const count = (id: string) =>
      within(rateRow(id)).getByTestId('pass-count').textContent;
    expect(rate('astroRuntimeMaintained')).toBe('50%');
    expect(count('astroRuntimeMaintained')).toBe('2 / 4');
    expect(rate('astroRuntimeNotYanked')).toBe('75%');
    expect(count('astroRuntimeNotYanked')).toBe('3 / 4');
    // floating-dags has no result for it: evaluated over 3
    expect(rate('astroRuntimeAtMostOneMinorBehind')).toBe('67%');
    expect(count('astroRuntimeAtMostOneMinorBehind')).toBe('2 / 3');
    expect(rate('astroRuntimeTagPinned')).toBe('50%');

    expect(rateRow('astroRuntimeMaintained')).toHaveTextContent(
      'On a maintained Runtime',
    );
    // failing entities link to their pages; beyond maxFailingShown: "and N more"
    const maintained = within(rateRow('astroRuntimeMaintained'));
    expect(
      maintained.getByRole('link', { name: 'legacy-etl' }),
    ).toHaveAttribute('href', '/catalog/default/component/legacy-etl');
    expect(maintained.getByText('and 1 more')).toBeInTheDocument();
    expect(
      within(rateRow('astroRuntimeNotYanked')).getByRole('link', {
        name: 'team-b/ml-features',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Group Owner Check')).not.toBeInTheDocument();
  });

  it('says so when no entity has Astro Runtime facts yet', async () => {
    serve([{ entity: 'component:default/other', results: [] }]);
    await renderScorecard(<AstroRuntimeScorecardOverview />);
    expect(
      await screen.findByText('No Astro Runtime facts yet'),
    ).toBeInTheDocument();
  });

  it('reports entities whose checks failed to run', async () => {
    serve([
      bulkEntry('component:default/a', all(true)),
      {
        entity: 'component:default/b',
        results: [],
        error: { name: 'Error', message: 'Not all facts are defined' },
      },
    ]);
    await renderScorecard(<AstroRuntimeScorecardOverview />);
    expect(
      await screen.findByText(/The checks could not run for 1 entity$/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 of 1 projects pass every check'),
    ).toBeInTheDocument();
  });
});
