import { Box } from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import type { RuntimeStatus } from '@backstage-astro/plugin-astro-runtime-common';

/** The alert for a yanked Runtime; nothing otherwise. */
export function YankedNotice(props: { status: RuntimeStatus }) {
  const { status } = props;
  if (!status.yanked) return null;
  const version = status.release?.version ?? status.runtime?.version ?? '';
  return (
    <Box mt={2}>
      <Alert severity="error" role="status" data-testid="astro-runtime-yanked">
        <AlertTitle>Runtime {version} was yanked</AlertTitle>
        {status.yankedReason ?? 'No reason given.'}
      </Alert>
    </Box>
  );
}
