import type { ReactNode } from 'react';
import { makeStyles } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import type { Severity } from '@backstage-astro/plugin-astro-runtime-common';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'baseline', flexWrap: 'nowrap' },
  visuallyHidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

const WORDS: Record<string, string> = {
  ok: 'OK',
  info: 'Info',
  warning: 'Warning',
  error: 'Error',
};

/**
 * Renders a severity decided in `-common` with Backstage's status icons
 * (`ok` → OK, `info` → pending/neutral, `warning`, `error`). The icons are
 * hidden from assistive technology, so the severity is also given as
 * visually-hidden text before the children.
 */
export function SeverityStatus(props: {
  severity: Severity | 'ok' | undefined;
  children?: ReactNode;
}) {
  const classes = useStyles();
  const { severity, children } = props;
  let icon: ReactNode;
  switch (severity) {
    case 'ok':
      icon = <StatusOK />;
      break;
    case 'warning':
      icon = <StatusWarning />;
      break;
    case 'error':
      icon = <StatusError />;
      break;
    default:
      icon = <StatusPending />;
  }
  return (
    <span className={classes.root} data-severity={severity}>
      {icon}
      <span className={classes.visuallyHidden}>
        {WORDS[severity ?? 'info'] ?? severity}:{' '}
      </span>
      <span>{children}</span>
    </span>
  );
}
