import {
  Box,
  LinearProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import useAsync from 'react-use/esm/useAsync';
import {
  selectAstroRuntimeChecks,
  summarizeBulk,
  type CheckPassRate,
} from './summary';
import { ASTRO_RUNTIME_FACT_RETRIEVER_ID } from '@backstage-astro/plugin-astro-runtime-common';
import { useScorecardClient } from './useScorecardClient';

/** Props of {@link AstroRuntimeScorecardOverview}. @public */
export interface AstroRuntimeScorecardOverviewProps {
  title?: string;
  /** The checks to show, in this order (default: every check over astroRuntimeFactRetriever facts). */
  checkIds?: string[];
  /** How many failing entities to list per check before "and N more". */
  maxFailingShown?: number;
}

const useStyles = makeStyles(theme => ({
  rate: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    minWidth: 160,
  },
  bar: { flex: 1, height: 8, borderRadius: 4 },
  failing: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

function percent(rate: number | undefined): string {
  return rate === undefined ? '–' : `${Math.round(rate * 100)}%`;
}

function CheckRateRow(props: { row: CheckPassRate; maxFailingShown: number }) {
  const classes = useStyles();
  const { row, maxFailingShown } = props;
  const shown = row.failing.slice(0, maxFailingShown);
  const more = row.failing.length - shown.length;
  return (
    <TableRow data-testid={`astro-runtime-check-rate-${row.check.id}`}>
      <TableCell>
        <Typography variant="body2">
          <strong>{row.check.name}</strong>
        </Typography>
        <Typography variant="caption" color="textSecondary">
          {row.check.description}
        </Typography>
      </TableCell>
      <TableCell>
        <div className={classes.rate}>
          <LinearProgress
            className={classes.bar}
            variant="determinate"
            value={row.rate === undefined ? 0 : row.rate * 100}
            aria-label={`${row.check.name}: ${percent(row.rate)} pass`}
          />
          <Typography variant="body2" data-testid="pass-rate">
            {percent(row.rate)}
          </Typography>
        </div>
      </TableCell>
      <TableCell data-testid="pass-count">
        {row.passed} / {row.evaluated}
      </TableCell>
      <TableCell>
        {row.failing.length === 0 ? (
          <Typography variant="body2" color="textSecondary">
            none
          </Typography>
        ) : (
          <span className={classes.failing}>
            {shown.map(ref => (
              <EntityRefLink
                key={ref}
                entityRef={ref}
                defaultKind="component"
              />
            ))}
            {more > 0 && (
              <Typography variant="body2" color="textSecondary">
                and {more} more
              </Typography>
            )}
          </span>
        )}
      </TableCell>
    </TableRow>
  );
}

/**
 * Org-wide Astro Runtime scorecard: for each Astro Runtime tech-insights
 * check, the share of entities (with Astro Runtime facts) that pass it and
 * which fail. Runs the checks in bulk on the tech-insights backend
 * (`POST /api/tech-insights/checks/run`).
 *
 * @public
 */
export function AstroRuntimeScorecardOverview(
  props: AstroRuntimeScorecardOverviewProps,
) {
  const client = useScorecardClient();
  const title = props.title ?? 'Astro Runtime scorecard';
  const maxFailingShown = props.maxFailingShown ?? 5;
  const checkIdsKey = props.checkIds?.join('\n');

  const state = useAsync(async () => {
    const checks = selectAstroRuntimeChecks(
      await client.getChecks(),
      props.checkIds,
    );
    if (checks.length === 0) {
      return undefined;
    }
    const bulk = await client.runBulkChecks(checks.map(c => c.id));
    return summarizeBulk(checks, bulk);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, checkIdsKey]);

  let content;
  let subheader: string | undefined;
  if (state.loading) {
    content = <Progress />;
  } else if (state.error) {
    content =
      ResponseError.is(state.error) && state.error.statusCode === 404 ? (
        <WarningPanel
          severity="info"
          defaultExpanded
          title="Tech insights checks are not available"
          message="The tech-insights backend runs without a fact checker: install @backstage-community/plugin-tech-insights-backend-module-jsonfc."
        />
      ) : (
        <ResponseErrorPanel error={state.error} />
      );
  } else if (!state.value) {
    content = (
      <EmptyState
        missing="info"
        title="No Astro Runtime checks"
        description={`No tech-insights check reads the facts of ${ASTRO_RUNTIME_FACT_RETRIEVER_ID}. Configure them under techInsights.factChecker.checks.`}
      />
    );
  } else if (state.value.entities === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No Astro Runtime facts yet"
        description={`${ASTRO_RUNTIME_FACT_RETRIEVER_ID} has not stored facts for any entity yet; it runs on the cadence configured under techInsights.factRetrievers.`}
      />
    );
  } else {
    const summary = state.value;
    subheader = `${summary.entitiesPassingAll} of ${summary.entities} projects pass every check`;
    content = (
      <>
        {summary.errors.length > 0 && (
          <Box mb={2}>
            <WarningPanel
              title={`The checks could not run for ${summary.errors.length} ${
                summary.errors.length === 1 ? 'entity' : 'entities'
              }`}
              message={summary.errors
                .map(e => `${e.entity}: ${e.message}`)
                .join('\n')}
            />
          </Box>
        )}
        <Table size="small" aria-label="Astro Runtime check pass rates">
          <TableHead>
            <TableRow>
              <TableCell>Check</TableCell>
              <TableCell>Pass rate</TableCell>
              <TableCell>Passing</TableCell>
              <TableCell>Failing</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {summary.checks.map(row => (
              <CheckRateRow
                key={row.check.id}
                row={row}
                maxFailingShown={maxFailingShown}
              />
            ))}
          </TableBody>
        </Table>
      </>
    );
  }

  return (
    <div data-testid="astro-runtime-scorecard-overview">
      <InfoCard title={title} subheader={subheader}>
        {content}
      </InfoCard>
    </div>
  );
}
