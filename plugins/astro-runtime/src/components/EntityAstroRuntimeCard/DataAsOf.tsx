import { Typography } from '@material-ui/core';
import type { RuntimeStatus } from '@backstage-astro/plugin-astro-runtime-common';
import { formatAge, formatTimestamp } from './format';

/** The footnote: when the status was assessed and how old the release catalog is. */
export function DataAsOf(props: { status: RuntimeStatus; now: Date }) {
  const { status, now } = props;
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="p"
      data-testid="astro-runtime-data-as-of"
      style={{ marginTop: 8 }}
    >
      Data as of {formatTimestamp(status.assessedAt)} (
      {formatAge(status.assessedAt, now)}). Release catalog:{' '}
      {status.catalog.source} as of {status.catalog.asOf} (
      {formatAge(status.catalog.asOf, now)}).
    </Typography>
  );
}
