import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import RefreshIcon from '@material-ui/icons/Refresh';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  astroRuntimeRefreshPermission,
  type RefreshProgress,
} from '@backstage-astro/plugin-astro-runtime-common';
import { formatDateTime } from './format';

export interface RefreshStatusProps {
  progress?: RefreshProgress;
  error?: Error;
  triggering: boolean;
  onRefresh: () => void;
}

/**
 * The refresh task: progress while it runs, when it last finished, and
 * "Refresh now" for callers holding `astro-runtime.refresh` (disabled while
 * that is being checked, absent when it is denied).
 */
export function RefreshStatus(props: RefreshStatusProps) {
  const { progress, error, triggering, onRefresh } = props;
  const permission = usePermission({
    permission: astroRuntimeRefreshPermission,
  });
  const running = progress?.running ?? false;
  const percent =
    progress && progress.total > 0
      ? Math.min(100, Math.round((progress.done / progress.total) * 100))
      : undefined;

  return (
    <Box data-testid="astro-runtime-refresh" mb={2}>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        style={{ gap: 16 }}
      >
        <Box flexGrow={1}>
          {running && progress ? (
            <Typography variant="body2" role="status">
              Refreshing: {progress.done} of {progress.total} projects
              {progress.errors > 0 ? `, ${progress.errors} failed` : ''}
              {progress.startedAt
                ? ` (started ${formatDateTime(progress.startedAt)})`
                : ''}
            </Typography>
          ) : (
            <Typography
              variant="body2"
              data-testid="astro-runtime-last-refreshed"
            >
              {progress?.finishedAt ? (
                <>
                  Data last refreshed{' '}
                  <time dateTime={progress.finishedAt}>
                    {formatDateTime(progress.finishedAt)}
                  </time>
                  {` (${progress.done} of ${progress.total} projects`}
                  {progress.unchanged > 0
                    ? `, ${progress.unchanged} unchanged`
                    : ''}
                  {progress.errors > 0 ? `, ${progress.errors} failed` : ''})
                </>
              ) : (
                'No refresh has finished yet.'
              )}
            </Typography>
          )}
          {!running && progress?.lastError && (
            <Typography variant="body2" color="error">
              Last refresh error: {progress.lastError}
            </Typography>
          )}
          {error && (
            <Typography variant="body2" color="error">
              Could not read the refresh progress: {error.message}
            </Typography>
          )}
        </Box>
        {(permission.loading || permission.allowed) && (
          <Button
            variant="outlined"
            color="primary"
            startIcon={<RefreshIcon />}
            onClick={onRefresh}
            disabled={running || triggering || permission.loading}
            data-testid="astro-runtime-refresh-now"
          >
            Refresh now
          </Button>
        )}
      </Box>
      {running && (
        <Box mt={1}>
          <LinearProgress
            variant={percent === undefined ? 'indeterminate' : 'determinate'}
            value={percent}
            aria-label="Refresh progress"
            aria-valuetext={
              progress
                ? `${progress.done} of ${progress.total} projects`
                : undefined
            }
            data-testid="astro-runtime-refresh-progress"
          />
        </Box>
      )}
    </Box>
  );
}
