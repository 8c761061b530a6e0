import {
  Link as MuiLink,
  List,
  ListItem,
  ListItemIcon,
  ListItemText,
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
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import useAsync from 'react-use/esm/useAsync';
import { CheckOutcomeLabel } from './CheckOutcomeIcon';
import {
  entityScorecardRows,
  selectAstroRuntimeChecks,
  type EntityScorecardRow,
} from './summary';
import { ASTRO_RUNTIME_FACT_RETRIEVER_ID } from '@backstage-astro/plugin-astro-runtime-common';
import { useScorecardClient } from './useScorecardClient';

/** Props of {@link EntityAstroRuntimeScorecard}. @public */
export interface EntityAstroRuntimeScorecardProps {
  title?: string;
  /**
   * The checks to show, in this order. Default: every check over the facts
   * of `astroRuntimeFactRetriever`, as the fact checker lists them.
   */
  checkIds?: string[];
}

const useStyles = makeStyles(theme => ({
  icon: { minWidth: 96, alignSelf: 'flex-start', paddingTop: 6 },
  links: { display: 'flex', gap: theme.spacing(1.5), flexWrap: 'wrap' },
}));

/** A 404 from the checks routes: tech-insights runs without a fact checker. */
function isNoFactChecker(error: Error): boolean {
  return ResponseError.is(error) && error.statusCode === 404;
}

function CheckRow(props: { row: EntityScorecardRow }) {
  const classes = useStyles();
  const { check, outcome } = props.row;
  return (
    <ListItem
      divider
      data-testid={`astro-runtime-check-${check.id}`}
      data-outcome={outcome}
    >
      <ListItemIcon className={classes.icon}>
        <CheckOutcomeLabel outcome={outcome} />
      </ListItemIcon>
      <ListItemText
        primary={check.name}
        secondary={
          <>
            {check.description}
            {check.links && check.links.length > 0 && (
              <span className={classes.links}>
                {check.links.map(link => (
                  <MuiLink
                    key={link.url}
                    href={link.url}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    {link.title}
                  </MuiLink>
                ))}
              </span>
            )}
          </>
        }
      />
    </ListItem>
  );
}

/**
 * The Astro Runtime scorecard of a catalog entity: pass/fail of each Astro
 * Runtime tech-insights check (name and description from the fact checker),
 * run by the tech-insights backend over the facts of `astroRuntimeFactRetriever`.
 *
 * @public
 */
export function EntityAstroRuntimeScorecard(
  props: EntityAstroRuntimeScorecardProps,
) {
  const { entity } = useEntity();
  const client = useScorecardClient();
  const ref = getCompoundEntityRef(entity);
  const title = props.title ?? 'Astro Runtime scorecard';
  const checkIdsKey = props.checkIds?.join('\n');

  const state = useAsync(async () => {
    const checks = selectAstroRuntimeChecks(
      await client.getChecks(),
      props.checkIds,
    );
    if (checks.length === 0) {
      return { rows: [] as EntityScorecardRow[] };
    }
    const results = await client.runChecks(
      ref,
      checks.map(c => c.id),
    );
    return { rows: entityScorecardRows(checks, results) };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, ref.kind, ref.namespace, ref.name, checkIdsKey]);

  let content;
  let subheader: string | undefined;
  if (state.loading && !state.value) {
    content = <Progress />;
  } else if (state.error) {
    content = isNoFactChecker(state.error) ? (
      <WarningPanel
        severity="info"
        defaultExpanded
        title="Tech insights checks are not available"
        message="The tech-insights backend runs without a fact checker: install @backstage-community/plugin-tech-insights-backend-module-jsonfc."
      />
    ) : (
      <ResponseErrorPanel error={state.error} />
    );
  } else {
    const rows = state.value?.rows ?? [];
    if (rows.length === 0) {
      content = (
        <EmptyState
          missing="info"
          title="No Astro Runtime checks"
          description={`No tech-insights check reads the facts of ${ASTRO_RUNTIME_FACT_RETRIEVER_ID}. Configure them under techInsights.factChecker.checks.`}
        />
      );
    } else {
      const passed = rows.filter(r => r.outcome === 'pass').length;
      const evaluated = rows.filter(r => r.outcome !== 'no-data').length;
      subheader =
        evaluated === 0
          ? 'No Astro Runtime facts for this entity yet'
          : `${passed} of ${evaluated} checks pass`;
      content = (
        <>
          {evaluated === 0 && (
            <Typography variant="body2" paragraph>
              The Astro Runtime facts of this entity have not been collected yet
              ({ASTRO_RUNTIME_FACT_RETRIEVER_ID} runs on its configured
              cadence), or its Dockerfile is not on an Astro Runtime image.
            </Typography>
          )}
          <List disablePadding>
            {rows.map(row => (
              <CheckRow key={row.check.id} row={row} />
            ))}
          </List>
        </>
      );
    }
  }

  return (
    <div data-testid="astro-runtime-scorecard" style={{ height: '100%' }}>
      <InfoCard title={title} subheader={subheader}>
        {content}
      </InfoCard>
    </div>
  );
}
