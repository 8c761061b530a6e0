import { useState } from 'react';
import {
  Button,
  Chip,
  List,
  ListItem,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { Link } from '@backstage/core-components';
import {
  codeFileUrl,
  ruleTotals,
  type CodeFinding,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { SeverityStatus } from '../shared/SeverityStatus';
import { formatTimestamp } from './format';

/** How many findings show before "Show all". */
export const CODE_FINDINGS_SHOWN = 10;

const useStyles = makeStyles(theme => ({
  section: { marginTop: theme.spacing(2) },
  title: {
    fontWeight: theme.typography.fontWeightBold as number,
    marginBottom: theme.spacing(0.5),
  },
  chips: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(0.5),
    margin: theme.spacing(0.5, 0),
  },
  item: { paddingLeft: 0, paddingRight: 0, display: 'block' },
  location: {
    fontFamily: 'monospace',
    overflowWrap: 'anywhere',
  },
  muted: { color: theme.palette.text.secondary },
}));

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

function FindingItem(props: { finding: CodeFinding; dockerfileUrl?: string }) {
  const classes = useStyles();
  const { finding: f } = props;
  const where = `${f.file}:${f.line}`;
  const url = codeFileUrl(props.dockerfileUrl, f.file, f.line);
  return (
    <ListItem
      className={classes.item}
      data-testid="astro-runtime-code-finding"
      data-rule={f.rule}
      data-severity={f.severity}
    >
      <SeverityStatus severity={f.severity === 'blocking' ? 'error' : 'info'}>
        <Typography component="span" variant="body2">
          {url ? (
            <Link to={url} className={classes.location}>
              {where}
            </Link>
          ) : (
            <span className={classes.location}>{where}</span>
          )}{' '}
          <strong>{f.rule}</strong>
          {f.fix?.applicability === 'safe' ? (
            <span className={classes.muted}> (fixable)</span>
          ) : null}
        </Typography>
      </SeverityStatus>
      <Typography variant="body2" className={classes.muted}>
        {f.message}
        {f.help && f.help !== f.message ? ` ${f.help}` : ''}
      </Typography>
    </ListItem>
  );
}

/**
 * "Code changes for Airflow 3": what ruff's Airflow 3 rules find in the
 * project's Python code (`status.code`), blocking rules first, each finding
 * linked to its file and line in the SCM. On an Airflow 3 project it shows
 * what is left over. Nothing when the code was not scanned.
 */
export function CodeChanges(props: {
  status: RuntimeStatus;
  /** Where the Dockerfile was read: findings link to files beside it. */
  dockerfileUrl?: string;
}) {
  const classes = useStyles();
  const [expanded, setExpanded] = useState(false);
  const code = props.status.code;
  if (!code) return null;
  const onAirflow3 = props.status.runtime?.line === 'airflow3';
  const blockingFirst = [...code.findings].sort(
    (a, b) =>
      Number(b.severity === 'blocking') - Number(a.severity === 'blocking'),
  );
  const shown = expanded
    ? blockingFirst
    : blockingFirst.slice(0, CODE_FINDINGS_SHOWN);
  const files = new Set(code.findings.map(f => f.file)).size;
  let summary: string;
  if (code.findings.length === 0) {
    summary = `Nothing to change in ${plural(
      code.scanned.files,
      'Python file',
    )}.`;
  } else {
    summary = `${plural(
      code.findings.length,
      'finding',
    )} in ${files} of ${plural(code.scanned.files, 'Python file')}: ${
      code.blocking
    } blocking${onAirflow3 ? ' (left over)' : ''}, ${code.advice} advice.`;
  }
  return (
    <section
      className={classes.section}
      aria-labelledby="astro-runtime-code-title"
      data-testid="astro-runtime-code"
    >
      <Typography
        id="astro-runtime-code-title"
        variant="subtitle2"
        component="h3"
        className={classes.title}
      >
        Code changes for Airflow 3
      </Typography>
      {code.error ? (
        <Alert severity="warning" data-testid="astro-runtime-code-error">
          Could not rescan the code: {code.error.message}. Findings from{' '}
          {formatTimestamp(code.scannedAt)}.
        </Alert>
      ) : null}
      <Typography variant="body2" data-testid="astro-runtime-code-summary">
        {onAirflow3 && code.findings.length
          ? 'Left over from the move to Airflow 3: '
          : ''}
        {summary}
      </Typography>
      {code.fixable > 0 ? (
        <Typography variant="body2" data-testid="astro-runtime-code-fixable">
          {code.fixable} can be fixed automatically (in{' '}
          {plural(code.fixableFiles, 'file')}, by the upgrade pull request).
        </Typography>
      ) : null}
      {code.findings.length ? (
        <div className={classes.chips} data-testid="astro-runtime-code-totals">
          {ruleTotals(code).map(t => (
            <Chip
              key={t.rule}
              size="small"
              variant={t.severity === 'blocking' ? 'default' : 'outlined'}
              color={t.severity === 'blocking' ? 'secondary' : 'default'}
              label={`${t.rule} × ${t.count}`}
              title={`${t.title} (${t.severity})`}
              data-testid="astro-runtime-code-total"
              data-severity={t.severity}
            />
          ))}
        </div>
      ) : null}
      {shown.length ? (
        <List dense disablePadding id="astro-runtime-code-findings">
          {shown.map(f => (
            <FindingItem
              key={`${f.file}:${f.line}:${f.column}:${f.rule}`}
              finding={f}
              dockerfileUrl={props.dockerfileUrl}
            />
          ))}
        </List>
      ) : null}
      {blockingFirst.length > CODE_FINDINGS_SHOWN ? (
        <Button
          size="small"
          onClick={() => setExpanded(e => !e)}
          aria-expanded={expanded}
          aria-controls="astro-runtime-code-findings"
          data-testid="astro-runtime-code-toggle"
        >
          {expanded
            ? 'Show fewer'
            : `Show ${blockingFirst.length - shown.length} more`}
        </Button>
      ) : null}
      {code.skipped.length ? (
        <Typography
          variant="caption"
          component="p"
          className={classes.muted}
          data-testid="astro-runtime-code-skipped"
        >
          {plural(code.skipped.length, 'file')} not scanned (too large or too
          many files).
        </Typography>
      ) : null}
      <Typography variant="caption" component="p" className={classes.muted}>
        {code.engine.name} {code.engine.version}, Airflow 3 rules; scanned{' '}
        {formatTimestamp(code.scannedAt)}.
      </Typography>
    </section>
  );
}
