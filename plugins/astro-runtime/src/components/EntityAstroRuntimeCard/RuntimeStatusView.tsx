import { useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Chip,
  Divider,
  List,
  ListItem,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert, AlertTitle } from '@material-ui/lab';
import { Link, LinkButton } from '@backstage/core-components';
import {
  describeLifecycle,
  describeRelation,
  describeState,
  describeUpdateKind,
  severityRank,
  type Consideration,
  type EntityStatusRecord,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { SeverityStatus } from '../shared/SeverityStatus';
import { daysLeftSuffix, formatAge, formatTimestamp } from './format';
import { upgradeTemplateUrl } from './upgradeTemplate';
import { CodeChanges } from './CodeChanges';
import { UpgradePaths } from './UpgradePaths';

const useStyles = makeStyles(theme => ({
  section: {
    marginTop: theme.spacing(2),
    '&:first-child': { marginTop: 0 },
  },
  sectionTitle: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginBottom: theme.spacing(0.5),
  },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'minmax(7.5rem, max-content) minmax(0, 1fr)',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
    margin: 0,
    ...theme.typography.body2,
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
    // At a very narrow card width, stack label above value.
    '@media (max-width: 360px)': { gridTemplateColumns: 'minmax(0, 1fr)' },
  },
  code: {
    fontFamily: theme.typography.fontFamily,
    fontWeight: theme.typography.fontWeightMedium as number,
  },
  chips: {
    display: 'inline-flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
  },
  listItem: {
    paddingLeft: 0,
    paddingRight: 0,
    display: 'block',
  },
  deployment: {
    paddingLeft: 0,
    paddingRight: 0,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: theme.spacing(1),
  },
  muted: { color: theme.palette.text.secondary },
  actions: {
    marginTop: theme.spacing(2),
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/** How many considerations show before "Show all". */
export const CONSIDERATIONS_SHOWN = 3;

function Section(props: { title: string; id: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <section className={classes.section} aria-labelledby={props.id}>
      <Typography
        id={props.id}
        variant="subtitle2"
        component="h3"
        className={classes.sectionTitle}
      >
        {props.title}
      </Typography>
      {props.children}
    </section>
  );
}

function Fact(props: { label: string; testId?: string; children: ReactNode }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </>
  );
}

/** Considerations, most severe first (stable: version order within a severity). */
export function orderConsiderations(
  considerations: Consideration[],
): Consideration[] {
  return considerations
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        severityRank(b.c.severity) - severityRank(a.c.severity) || a.i - b.i,
    )
    .map(({ c }) => c);
}

function Considerations(props: {
  considerations: Consideration[];
  target?: string;
}) {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const ordered = orderConsiderations(props.considerations);
  if (ordered.length === 0) return null;
  const shown = expanded ? ordered : ordered.slice(0, CONSIDERATIONS_SHOWN);
  const hidden = ordered.length - shown.length;
  return (
    <Section
      id="astro-runtime-considerations-title"
      title={`Considerations${props.target ? ` for ${props.target}` : ''} (${
        ordered.length
      })`}
    >
      <List dense disablePadding data-testid="astro-runtime-considerations">
        {shown.map(c => (
          <ListItem
            key={`${c.id}-${c.version ?? ''}`}
            className={classes.listItem}
            data-testid="astro-runtime-consideration"
            data-severity={c.severity}
          >
            <SeverityStatus severity={c.severity}>
              <Typography component="span" variant="body2">
                <strong>{c.title}</strong>
                {c.version ? (
                  <span className={classes.muted}> (crossing {c.version})</span>
                ) : null}
              </Typography>
            </SeverityStatus>
            <Typography variant="body2" className={classes.muted}>
              {c.detail}{' '}
              {c.docUrl ? (
                <Link to={c.docUrl} aria-label={`Documentation: ${c.title}`}>
                  Read more
                </Link>
              ) : null}
            </Typography>
          </ListItem>
        ))}
      </List>
      {ordered.length > CONSIDERATIONS_SHOWN ? (
        <Button
          size="small"
          onClick={() => setExpanded(e => !e)}
          aria-expanded={expanded}
          aria-controls="astro-runtime-considerations"
          data-testid="astro-runtime-considerations-toggle"
        >
          {expanded ? 'Show fewer' : `Show ${hidden} more`}
        </Button>
      ) : null}
    </Section>
  );
}

function UpgradeAction(props: { status: RuntimeStatus; entityRef: string }) {
  const { status, entityRef } = props;
  const target = status.recommendedTarget;
  if (target) {
    return (
      <LinkButton
        to={upgradeTemplateUrl({ entityRef, targetVersion: target })}
        variant="contained"
        color="primary"
        data-testid="astro-runtime-upgrade-button"
        aria-label={`Open upgrade pull request to Runtime ${target}`}
      >
        Open upgrade pull request
      </LinkButton>
    );
  }
  const state = describeState(status.state);
  return (
    <>
      <Button
        variant="contained"
        disabled
        data-testid="astro-runtime-upgrade-button"
        aria-describedby="astro-runtime-upgrade-disabled-reason"
      >
        Open upgrade pull request
      </Button>
      <Typography
        variant="body2"
        color="textSecondary"
        id="astro-runtime-upgrade-disabled-reason"
        data-testid="astro-runtime-upgrade-disabled-reason"
      >
        Nothing to upgrade to: {state.label}. {state.description}
      </Typography>
    </>
  );
}

/** Everything the card shows for one stored status record. */
export function RuntimeStatusView(props: {
  record: EntityStatusRecord;
  status: RuntimeStatus;
  entityRef: string;
  now: Date;
}) {
  const { record, status, entityRef, now } = props;
  const classes = useStyles();
  const runtime = status.runtime;
  const release = status.release;
  const lifecycle = describeLifecycle(status.lifecycle);
  const updateKind = describeUpdateKind(status.updateKind);
  const dockerfileUrl = record.dockerfileUrl;
  const python = runtime?.python ?? release?.defaultPythonVersion;

  return (
    <>
      {record.stale ? (
        <Box mb={2}>
          <Alert severity="warning" data-testid="astro-runtime-stale">
            <AlertTitle>Could not refresh: showing the last known status</AlertTitle>
            {record.error?.message ?? 'The newest assessment failed.'}
            {record.error?.at
              ? ` (attempted ${formatTimestamp(record.error.at)})`
              : ''}
            {status.assessedAt
              ? `. Last known status from ${formatTimestamp(status.assessedAt)}.`
              : ''}
          </Alert>
        </Box>
      ) : null}

      <Section id="astro-runtime-repo-title" title="Repository">
        <dl className={classes.facts}>
          <Fact label="Runtime" testId="astro-runtime-current">
            {runtime ? (
              <span className={classes.code}>{runtime.raw || runtime.version}</span>
            ) : (
              <span className={classes.muted}>
                {status.image ? status.image.raw : 'not found'}
              </span>
            )}
          </Fact>
          {status.image && runtime ? (
            <Fact label="Image" testId="astro-runtime-image">
              {status.image.registry ? `${status.image.registry}/` : ''}
              {status.image.repository}
            </Fact>
          ) : null}
          {release?.airflowVersion ? (
            <Fact label="Airflow" testId="astro-runtime-airflow">
              {release.airflowVersion}
            </Fact>
          ) : null}
          {python ? (
            <Fact label="Python" testId="astro-runtime-python">
              {python}
              {runtime?.python ? null : (
                <span className={classes.muted}> (image default)</span>
              )}
            </Fact>
          ) : null}
          {runtime && runtime.variants.length > 0 ? (
            <Fact label="Variants" testId="astro-runtime-variants">
              <span className={classes.chips}>
                {runtime.variants.map(v => (
                  <Chip key={v} size="small" label={v} />
                ))}
              </span>
            </Fact>
          ) : null}
          <Fact label="Dockerfile" testId="astro-runtime-dockerfile">
            {dockerfileUrl ? (
              <Link to={dockerfileUrl}>
                {record.projectPath && record.projectPath !== '.'
                  ? `${record.projectPath}/Dockerfile`
                  : 'Dockerfile'}
              </Link>
            ) : (
              <span>
                {record.projectPath && record.projectPath !== '.'
                  ? `${record.projectPath}/Dockerfile`
                  : 'Dockerfile'}
              </span>
            )}
            {status.decidedBy ? (
              <span className={classes.muted}>
                {' '}
                (line {status.decidedBy.fromLine}
                {status.decidedBy.argName
                  ? `, ARG ${status.decidedBy.argName} on line ${status.decidedBy.argLine}`
                  : ''}
                )
              </span>
            ) : null}
          </Fact>
        </dl>
      </Section>

      {status.findings.length > 0 ? (
        <Section id="astro-runtime-findings-title" title="Findings">
          <List dense disablePadding data-testid="astro-runtime-findings">
            {status.findings.map((f, i) => (
              <ListItem
                key={`${f.id}-${i}`}
                className={classes.listItem}
                data-testid="astro-runtime-finding"
                data-finding={f.id}
              >
                <SeverityStatus severity={f.severity}>
                  <Typography component="span" variant="body2">
                    {f.message}
                  </Typography>
                </SeverityStatus>
              </ListItem>
            ))}
          </List>
        </Section>
      ) : null}

      {status.yanked ? (
        <Box mt={2}>
          <Alert severity="error" role="status" data-testid="astro-runtime-yanked">
            <AlertTitle>
              Runtime {release?.version ?? runtime?.version ?? ''} was yanked
            </AlertTitle>
            {status.yankedReason ?? 'No reason given.'}
          </Alert>
        </Box>
      ) : null}

      {runtime && runtime.line !== 'certified' ? (
        <Section id="astro-runtime-latest-title" title="Upgrade">
          <dl className={classes.facts}>
            <Fact label="Latest" testId="astro-runtime-latest">
              {status.latest ? (
                <>
                  <span className={classes.code}>{status.latest.version}</span>
                  {status.latest.airflowVersion ? (
                    <span className={classes.muted}>
                      {' '}
                      (Airflow {status.latest.airflowVersion})
                    </span>
                  ) : null}
                </>
              ) : (
                'unknown'
              )}
            </Fact>
            {status.latestInLine &&
            status.latestInLine.version !== status.latest?.version ? (
              <Fact label="Latest in line" testId="astro-runtime-latest-in-line">
                <span className={classes.code}>
                  {status.latestInLine.version}
                </span>
              </Fact>
            ) : null}
            {status.latestPatch &&
            status.latestPatch.version !== status.latestInLine?.version ? (
              <Fact label="Latest patch" testId="astro-runtime-latest-patch">
                <span className={classes.code}>
                  {status.latestPatch.version}
                </span>
              </Fact>
            ) : null}
            <Fact label="Update" testId="astro-runtime-update-kind">
              <span title={updateKind.description}>{updateKind.label}</span>
              {status.recommendedTarget ? (
                <span className={classes.muted}>
                  {' '}
                  to{' '}
                  <span data-testid="astro-runtime-target">
                    {status.recommendedTarget}
                  </span>
                </span>
              ) : null}
            </Fact>
          </dl>
        </Section>
      ) : null}

      {status.lifecycle.state !== 'unknown' ||
      status.lifecycle.endOfMaintenance ? (
        <Section id="astro-runtime-support-title" title="Support">
          <dl className={classes.facts}>
            <Fact label="Status" testId="astro-runtime-lifecycle">
              <SeverityStatus severity={lifecycle.severity}>
                {lifecycle.label}
              </SeverityStatus>
            </Fact>
            {status.lifecycle.endOfMaintenance ? (
              <Fact
                label="End of maintenance"
                testId="astro-runtime-end-of-maintenance"
              >
                {status.lifecycle.endOfMaintenance}
                {daysLeftSuffix(status.lifecycle.daysToEndOfMaintenance)}
              </Fact>
            ) : null}
            {status.lifecycle.endOfBasicSupport ? (
              <Fact
                label="End of basic support"
                testId="astro-runtime-end-of-basic-support"
              >
                {status.lifecycle.endOfBasicSupport}
                {daysLeftSuffix(status.lifecycle.daysToEndOfBasicSupport)}
              </Fact>
            ) : null}
          </dl>
        </Section>
      ) : null}

      {status.deployments.length > 0 ? (
        <Section id="astro-runtime-deployments-title" title="Deployments">
          <List dense disablePadding data-testid="astro-runtime-deployments">
            {status.deployments.map(d => {
              const relation = describeRelation(d.relation);
              const name = d.name || d.id;
              return (
                <ListItem
                  key={d.id}
                  className={classes.deployment}
                  data-testid="astro-runtime-deployment"
                  data-relation={d.relation}
                >
                  <Typography component="span" variant="body2">
                    {d.uiUrl ? (
                      <Link to={d.uiUrl}>{name}</Link>
                    ) : (
                      <strong>{name}</strong>
                    )}
                  </Typography>
                  <Typography
                    component="span"
                    variant="body2"
                    className={classes.code}
                  >
                    {d.astroRuntimeVersion ?? 'Runtime unknown'}
                  </Typography>
                  {d.status ? (
                    <Typography
                      component="span"
                      variant="body2"
                      className={classes.muted}
                    >
                      {d.status}
                    </Typography>
                  ) : null}
                  <SeverityStatus severity={relation.severity}>
                    <Typography
                      component="span"
                      variant="body2"
                      data-testid="astro-runtime-deployment-relation"
                    >
                      {relation.label}
                    </Typography>
                  </SeverityStatus>
                </ListItem>
              );
            })}
          </List>
        </Section>
      ) : null}

      {(status.paths?.length ?? 0) > 1 ? (
        <UpgradePaths paths={status.paths!} entityRef={entityRef} />
      ) : null}
      <Considerations
        considerations={status.considerations}
        target={status.recommendedTarget}
      />

      <CodeChanges status={status} dockerfileUrl={record.dockerfileUrl} />
      <Divider style={{ marginTop: 16 }} />
      <div className={classes.actions}>
        <UpgradeAction status={status} entityRef={entityRef} />
      </div>
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
    </>
  );
}
