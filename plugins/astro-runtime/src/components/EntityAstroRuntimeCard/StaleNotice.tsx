import { Box } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import type {
  EntityStatusRecord,
  RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { formatTimestamp } from './format';

/** The warning over a status whose newest refresh failed; nothing otherwise. */
export function StaleNotice(props: {
  record: EntityStatusRecord;
  status: RuntimeStatus;
}) {
  const { record, status } = props;
  if (!record.stale) return null;
  return (
    <Box mb={2}>
      <Alert severity="warning" data-testid="astro-runtime-stale">
        <AlertTitle>
          Could not refresh: showing the last known status
        </AlertTitle>
        {record.error?.message ?? 'The newest assessment failed.'}
        {record.error?.at
          ? ` (attempted ${formatTimestamp(record.error.at)})`
          : ''}
        {status.assessedAt
          ? `. Last known status from ${formatTimestamp(status.assessedAt)}.`
          : ''}
      </Alert>
    </Box>
  );
}
