import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { SummaryResponse } from '@backstage-astro/plugin-astro-runtime-common';
import { ChartArea } from './ChartArea';
import { CodeBlockersHeadline, Headline } from './Headline';

function summary(extra: Partial<SummaryResponse> = {}): SummaryResponse {
  return {
    total: 1204,
    byVersionState: [],
    byLine: {},
    byState: {},
    bySeverity: {},
    byOwner: {},
    blockers: 1,
    stale: 0,
    adoption: [],
    ...extra,
  };
}

describe('Headline', () => {
  it('projects, those with a blocker, and the stale ones when there are any', async () => {
    await renderInTestApp(<Headline summary={summary()} />);
    expect(screen.getByTestId('astro-runtime-headline')).toHaveTextContent(
      /^1,204 Astro projects · 1 with a blocker$/,
    );
  });

  it('the stale count when there is one', async () => {
    await renderInTestApp(
      <Headline summary={summary({ blockers: 2, stale: 3 })} />,
    );
    expect(screen.getByTestId('astro-runtime-headline')).toHaveTextContent(
      /· 2 with blockers · 3 stale$/,
    );
  });
});

describe('CodeBlockersHeadline', () => {
  it('"N Airflow 3 blockers in M projects" from the summary', async () => {
    await renderInTestApp(
      <CodeBlockersHeadline
        summary={summary({ codeBlockers: { findings: 1312, projects: 41 } })}
      />,
    );
    expect(screen.getByTestId('astro-runtime-code-blockers')).toHaveTextContent(
      /^1,312 Airflow 3 blockers in 41 projects$/,
    );
  });

  it('singular forms', async () => {
    await renderInTestApp(
      <CodeBlockersHeadline
        summary={summary({ codeBlockers: { findings: 1, projects: 1 } })}
      />,
    );
    expect(screen.getByTestId('astro-runtime-code-blockers')).toHaveTextContent(
      /^1 Airflow 3 blocker in 1 project$/,
    );
  });

  it('none found', async () => {
    await renderInTestApp(
      <CodeBlockersHeadline
        summary={summary({ codeBlockers: { findings: 0, projects: 0 } })}
      />,
    );
    expect(screen.getByTestId('astro-runtime-code-blockers')).toHaveTextContent(
      'No Airflow 3 blockers in the scanned code',
    );
  });

  it('nothing when the backend does not count them', async () => {
    await renderInTestApp(<CodeBlockersHeadline summary={summary()} />);
    expect(screen.queryByTestId('astro-runtime-code-blockers')).toBeNull();
  });
});

describe('ChartArea', () => {
  it('the blockers headline over the two charts', async () => {
    await renderInTestApp(
      <ChartArea
        summary={{
          loading: false,
          value: summary({ codeBlockers: { findings: 7, projects: 2 } }),
        }}
        days={30}
        chartWidth={400}
      />,
    );
    expect(screen.getByTestId('astro-runtime-code-blockers')).toHaveTextContent(
      '7 Airflow 3 blockers in 2 projects',
    );
    expect(
      screen.getByTestId('astro-runtime-versions-chart'),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('astro-runtime-adoption-chart'),
    ).toHaveAccessibleName('Runtime adoption, last 30 days');
  });

  it('an error panel in each chart when the summary cannot be read', async () => {
    await renderInTestApp(
      <ChartArea
        summary={{ loading: false, error: new Error('backend down') }}
        days={30}
      />,
    );
    expect(
      screen.getByText('Error: Could not load the counts for the chart'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Error: Could not load the adoption history'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('astro-runtime-code-blockers')).toBeNull();
  });
});
