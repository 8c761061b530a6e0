import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { EntityAstroRuntimeScorecard } from './EntityAstroRuntimeScorecard';
import {
  TECH_INSIGHTS_URL,
  entityNamed,
  renderScorecard,
} from './__testUtils__/renderScorecard';
import { ASTRO_CHECK_IDS, CHECKS, resultsFor } from './__testUtils__/testData';

const server = setupServer();
registerMswTestHooks(server);

function serve(options: {
  checks?: unknown;
  checksStatus?: number;
  results?: (body: { checks: string[] }) => unknown;
  runStatus?: number;
}) {
  const runs: Array<{
    url: string;
    body: { checks: string[] };
    auth: string | null;
  }> = [];
  server.use(
    http.get(`${TECH_INSIGHTS_URL}/checks`, () =>
      options.checksStatus
        ? HttpResponse.json(
            {
              error: { name: 'NotFoundError', message: 'Not found' },
              response: { statusCode: options.checksStatus },
            },
            { status: options.checksStatus },
          )
        : HttpResponse.json(options.checks ?? CHECKS),
    ),
    http.post(
      `${TECH_INSIGHTS_URL}/checks/run/:namespace/:kind/:name`,
      async ({ request }) => {
        const body = (await request.json()) as { checks: string[] };
        runs.push({
          url: request.url,
          body,
          auth: request.headers.get('authorization'),
        });
        if (options.runStatus) {
          return HttpResponse.json(
            {
              error: { name: 'Error', message: 'Failed to run rules engine' },
              response: { statusCode: options.runStatus },
            },
            { status: options.runStatus },
          );
        }
        return HttpResponse.json(options.results?.(body) ?? []);
      },
    ),
  );
  return runs;
}

function row(id: string) {
  return screen.getByTestId(`astro-runtime-check-${id}`);
}

describe('EntityAstroRuntimeScorecard', () => {
  it('shows pass/fail of each Astro Runtime check with its name and description', async () => {
    const runs = serve({
      results: () =>
        resultsFor({
          astroRuntimeMaintained: true,
          astroRuntimeNotYanked: true,
          astroRuntimeAtMostOneMinorBehind: false,
          astroRuntimeDeploymentsInSync: false,
          astroRuntimeTagPinned: true,
        }),
    });
    await renderScorecard(
      <EntityAstroRuntimeScorecard />,
      entityNamed('orders-pipeline', 'team-a'),
    );
    const card = await screen.findByTestId('astro-runtime-scorecard');
    await within(card).findByText('3 of 5 checks pass');

    // the checks over astroRuntimeFactRetriever, run for this entity with the user's token
    expect(runs).toHaveLength(1);
    expect(new URL(runs[0].url).pathname).toBe(
      '/api/tech-insights/checks/run/team-a/Component/orders-pipeline',
    );
    expect(runs[0].body).toEqual({ checks: ASTRO_CHECK_IDS });
    expect(runs[0].auth).toBe('Bearer user-token');

    expect(
      within(card).queryByText('Group Owner Check'),
    ).not.toBeInTheDocument();
    const expected: Array<[string, string, string]> = [
      ['astroRuntimeMaintained', 'pass', 'On a maintained Runtime'],
      ['astroRuntimeNotYanked', 'pass', 'Not on a yanked Runtime'],
      [
        'astroRuntimeAtMostOneMinorBehind',
        'fail',
        'At most one minor behind the latest in its line',
      ],
      ['astroRuntimeDeploymentsInSync', 'fail', 'Deployments match the repo'],
      ['astroRuntimeTagPinned', 'pass', 'Tag pins a full version'],
    ];
    for (const [id, outcome, name] of expected) {
      const r = row(id);
      expect(r).toHaveAttribute('data-outcome', outcome);
      expect(r).toHaveTextContent(outcome === 'pass' ? 'Pass' : 'Fail');
      expect(r).toHaveTextContent(name);
      expect(r).toHaveTextContent(CHECKS.find(c => c.id === id)!.description);
    }
    expect(
      within(row('astroRuntimeDeploymentsInSync')).getByRole('link', {
        name: 'Deploy docs',
      }),
    ).toHaveAttribute(
      'href',
      'https://www.astronomer.io/docs/astro/deploy-code',
    );
  });

  it('shows "No data" for a check the fact checker skipped (missing facts)', async () => {
    serve({
      results: () =>
        resultsFor({
          astroRuntimeMaintained: false,
          astroRuntimeNotYanked: true,
          astroRuntimeDeploymentsInSync: true,
          astroRuntimeTagPinned: false,
        }),
    });
    await renderScorecard(
      <EntityAstroRuntimeScorecard />,
      entityNamed('floating'),
    );
    await screen.findByText('2 of 4 checks pass');
    expect(row('astroRuntimeAtMostOneMinorBehind')).toHaveAttribute(
      'data-outcome',
      'no-data',
    );
    expect(row('astroRuntimeAtMostOneMinorBehind')).toHaveTextContent(
      'No data',
    );
    expect(row('astroRuntimeTagPinned')).toHaveAttribute(
      'data-outcome',
      'fail',
    );
  });

  it('explains when there are no facts for the entity yet', async () => {
    serve({ results: () => [] });
    await renderScorecard(<EntityAstroRuntimeScorecard />, entityNamed('new'));
    await screen.findByText('No Astro Runtime facts for this entity yet');
    for (const id of ASTRO_CHECK_IDS) {
      expect(row(id)).toHaveAttribute('data-outcome', 'no-data');
    }
  });

  it('runs only the given checks, in the given order', async () => {
    const runs = serve({
      results: body =>
        resultsFor(Object.fromEntries(body.checks.map(id => [id, true]))),
    });
    await renderScorecard(
      <EntityAstroRuntimeScorecard
        checkIds={['astroRuntimeTagPinned', 'astroRuntimeNotYanked']}
      />,
      entityNamed('orders'),
    );
    await screen.findByText('2 of 2 checks pass');
    expect(runs[0].body.checks).toEqual([
      'astroRuntimeTagPinned',
      'astroRuntimeNotYanked',
    ]);
    const ids = screen
      .getAllByTestId(/^astro-runtime-check-/)
      .map(e => e.getAttribute('data-testid'));
    expect(ids).toEqual([
      'astro-runtime-check-astroRuntimeTagPinned',
      'astro-runtime-check-astroRuntimeNotYanked',
    ]);
  });

  it('says so when no check reads the Astro Runtime facts', async () => {
    const runs = serve({ checks: CHECKS.slice(0, 1) });
    await renderScorecard(
      <EntityAstroRuntimeScorecard />,
      entityNamed('orders'),
    );
    await screen.findByText('No Astro Runtime checks');
    expect(runs).toHaveLength(0);
  });

  it('explains a missing fact checker (404 on the checks routes)', async () => {
    serve({ checksStatus: 404 });
    await renderScorecard(
      <EntityAstroRuntimeScorecard />,
      entityNamed('orders'),
    );
    expect(
      await screen.findByText(/Tech insights checks are not available/),
    ).toBeInTheDocument();
  });

  it('shows the error of a failed check run', async () => {
    serve({ runStatus: 500 });
    await renderScorecard(
      <EntityAstroRuntimeScorecard />,
      entityNamed('orders'),
    );
    expect(
      await screen.findByText('Failed to run rules engine'),
    ).toBeInTheDocument();
  });
});
