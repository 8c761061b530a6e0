import Typography from '@material-ui/core/Typography';
import type { SummaryResponse } from '@backstage-astro/plugin-astro-runtime-common';

function plural(n: number, one: string, many: string) {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** One line over the charts: how many projects, how many block, how many are stale. */
export function Headline(props: { summary?: SummaryResponse }) {
  const value = props.summary;
  if (!value) return null;
  return (
    <Typography
      variant="subtitle1"
      data-testid="astro-runtime-headline"
      style={{ marginBottom: 8 }}
    >
      {plural(value.total, 'Astro project', 'Astro projects')}
      {' · '}
      {plural(value.blockers, 'with a blocker', 'with blockers')}
      {value.stale > 0 ? ` · ${plural(value.stale, 'stale', 'stale')}` : ''}
    </Typography>
  );
}

/**
 * The Airflow 3 blocking code findings over the counted projects ("12
 * Airflow 3 blockers in 3 projects"), from `GET /summary`'s `codeBlockers`;
 * nothing when the backend does not count them (code scanning off).
 */
export function CodeBlockersHeadline(props: { summary?: SummaryResponse }) {
  const counts = props.summary?.codeBlockers;
  if (!counts) return null;
  return (
    <Typography
      variant="h6"
      component="p"
      data-testid="astro-runtime-code-blockers"
    >
      {counts.findings === 0
        ? 'No Airflow 3 blockers in the scanned code'
        : `${plural(
            counts.findings,
            'Airflow 3 blocker',
            'Airflow 3 blockers',
          )} in ${plural(counts.projects, 'project', 'projects')}`}
    </Typography>
  );
}
