import { useState } from 'react';
import {
  Button,
  Chip,
  List,
  ListItem,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Link, LinkButton } from '@backstage/core-components';
import {
  describePath,
  describeSupport,
  type DatabaseMigration,
  type UpgradePath,
} from '@backstage-astro/plugin-astro-runtime-common';
import { SeverityStatus } from '../shared/SeverityStatus';
import { orderConsiderations } from './Considerations';
import { upgradeTemplateUrl } from './upgradeTemplate';

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  title: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginBottom: theme.spacing(0.5),
  },
  grid: {
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(16rem, 1fr))',
    gap: theme.spacing(2),
  },
  path: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1.5),
    minWidth: 0,
  },
  recommended: { borderColor: theme.palette.primary.main, borderWidth: 2 },
  heading: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
  muted: { color: theme.palette.text.secondary },
  item: { paddingLeft: 0, paddingRight: 0, display: 'block' },
  action: { marginTop: theme.spacing(1) },
}));

/** How many considerations of a path show before "Show all". */
const SHOWN = 3;

function migrationText(m: DatabaseMigration): string {
  if (m === true)
    return 'Migrates the metadata database (expect downtime on large databases)';
  if (m === false) return 'No metadata-database migration';
  return 'Metadata-database migration: unknown';
}

function PathCard(props: { path: UpgradePath; entityRef: string }) {
  const { path, entityRef } = props;
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const head = describePath(path);
  // The recommended path's considerations are the card's Considerations section.
  const ordered = path.recommended
    ? []
    : orderConsiderations(path.considerations);
  const shown = expanded ? ordered : ordered.slice(0, SHOWN);
  const listId = `astro-runtime-path-${path.kind}-considerations`;
  const prTarget = path.via ?? path.target;
  const providers = path.providers;
  const counts = providers?.known
    ? (['major', 'minor', 'patch', 'added', 'removed'] as const)
        .map(k => [k, providers.changes.filter(c => c.change === k).length])
        .filter(([, n]) => n)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ') || 'unchanged'
    : undefined;
  return (
    <div
      className={`${classes.path} ${
        path.recommended ? classes.recommended : ''
      }`}
      data-testid="astro-runtime-path"
      data-kind={path.kind}
      data-recommended={path.recommended ? 'true' : 'false'}
    >
      <div className={classes.heading}>
        <Typography variant="body2" component="h4">
          <strong>
            {head.label}:{' '}
            <span data-testid="astro-runtime-path-target">{path.target}</span>
          </strong>
        </Typography>
        {path.recommended ? (
          <Chip size="small" color="primary" label="Recommended" />
        ) : null}
      </div>
      <Typography
        variant="body2"
        className={classes.muted}
        data-testid="astro-runtime-path-support"
      >
        {describeSupport(path.lifecycle)}
      </Typography>
      {path.via ? (
        <Typography variant="body2">{head.description}</Typography>
      ) : null}
      <Typography variant="body2" className={classes.muted}>
        {migrationText(path.databaseMigration)}
      </Typography>
      {counts ? (
        <Typography variant="body2" className={classes.muted}>
          Provider packages: {counts}
        </Typography>
      ) : null}
      {path.recommended && path.considerations.length ? (
        <Typography variant="body2" className={classes.muted}>
          {path.considerations.length} consideration
          {path.considerations.length === 1 ? '' : 's'}, listed below.
        </Typography>
      ) : null}
      {ordered.length ? (
        <List dense disablePadding id={listId}>
          {shown.map(c => (
            <ListItem
              key={`${c.id}-${c.version ?? ''}`}
              className={classes.item}
              data-testid="astro-runtime-path-consideration"
            >
              <SeverityStatus severity={c.severity}>
                <Typography component="span" variant="body2">
                  <strong>{c.title}</strong>
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
      ) : null}
      {ordered.length > SHOWN ? (
        <Button
          size="small"
          onClick={() => setExpanded(e => !e)}
          aria-expanded={expanded}
          aria-controls={listId}
        >
          {expanded ? 'Show fewer' : `Show ${ordered.length - SHOWN} more`}
        </Button>
      ) : null}
      <div className={classes.action}>
        <LinkButton
          to={upgradeTemplateUrl({ entityRef, targetVersion: prTarget })}
          variant={path.recommended ? 'contained' : 'outlined'}
          color="primary"
          size="small"
          data-testid="astro-runtime-path-upgrade-button"
          aria-label={`${head.label}: open upgrade pull request to Runtime ${prTarget}`}
        >
          {path.via
            ? `Open upgrade pull request to ${prTarget} first`
            : `Open upgrade pull request to ${prTarget}`}
        </LinkButton>
      </div>
    </div>
  );
}

/**
 * The ways forward side by side ("Stay on Airflow 2 until …" and "Move to
 * Airflow 3"), each with its support, database migration, provider changes,
 * considerations (the recommended path's are the card's Considerations
 * section) and its own upgrade pull request button; the recommended one
 * marked.
 */
export function UpgradePaths(props: {
  paths: UpgradePath[];
  entityRef: string;
}) {
  const classes = useStyles();
  return (
    <section
      className={classes.section}
      aria-labelledby="astro-runtime-paths-title"
      data-testid="astro-runtime-paths"
    >
      <Typography
        id="astro-runtime-paths-title"
        variant="subtitle2"
        component="h3"
        className={classes.title}
      >
        Upgrade paths
      </Typography>
      <div className={classes.grid}>
        {props.paths.map(p => (
          <PathCard key={p.kind} path={p} entityRef={props.entityRef} />
        ))}
      </div>
    </section>
  );
}
