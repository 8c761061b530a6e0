import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { AdoptionChart } from './AdoptionChart';
import { CodeBlockersHeadline } from './Headline';
import type { StatusSummary } from './useStatuses';
import { VersionsChart } from './VersionsChart';

function VersionsPanel(props: { summary: StatusSummary; chartWidth?: number }) {
  const { summary, chartWidth } = props;
  if (summary.loading && !summary.value) return <Progress />;
  if (summary.error) {
    return (
      <ResponseErrorPanel
        error={summary.error}
        title="Could not load the counts for the chart"
      />
    );
  }
  return (
    <VersionsChart
      counts={summary.value?.byVersionState ?? []}
      width={chartWidth}
    />
  );
}

function AdoptionPanel(props: {
  summary: StatusSummary;
  days: number;
  chartWidth?: number;
}) {
  const { summary, days, chartWidth } = props;
  if (summary.loading && !summary.value) return <Progress />;
  if (summary.error) {
    return (
      <ResponseErrorPanel
        error={summary.error}
        title="Could not load the adoption history"
      />
    );
  }
  return (
    <AdoptionChart
      points={summary.value?.adoption ?? []}
      days={days}
      width={chartWidth}
    />
  );
}

/**
 * The chart area of the org page, all from one `GET /summary`: the Airflow 3
 * blockers in the code, projects per Runtime version and state, and Runtime
 * adoption over the last `days` days.
 */
export function ChartArea(props: {
  summary: StatusSummary;
  days: number;
  chartWidth?: number;
}) {
  const { summary, days, chartWidth } = props;
  return (
    <>
      {summary.value?.codeBlockers ? (
        <Grid item xs={12}>
          <CodeBlockersHeadline summary={summary.value} />
        </Grid>
      ) : null}
      <Grid item xs={12} md={6}>
        <Paper variant="outlined" style={{ padding: 16 }}>
          <VersionsPanel summary={summary} chartWidth={chartWidth} />
        </Paper>
      </Grid>
      <Grid item xs={12} md={6}>
        <Paper variant="outlined" style={{ padding: 16 }}>
          <AdoptionPanel
            summary={summary}
            days={days}
            chartWidth={chartWidth}
          />
        </Paper>
      </Grid>
    </>
  );
}
