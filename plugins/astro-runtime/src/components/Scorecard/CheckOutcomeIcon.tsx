import { Typography, makeStyles } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusPending,
} from '@backstage/core-components';
import type { CheckOutcome } from './summary';

const useStyles = makeStyles(theme => ({
  root: {
    display: 'inline-flex',
    alignItems: 'baseline',
    whiteSpace: 'nowrap',
    fontWeight: theme.typography.fontWeightMedium as number,
  },
}));

export const OUTCOME_LABEL: Record<CheckOutcome, string> = {
  pass: 'Pass',
  fail: 'Fail',
  'no-data': 'No data',
};

/** Pass / Fail / No data, with Backstage's status icon and the word (never colour alone). */
export function CheckOutcomeLabel(props: { outcome: CheckOutcome }) {
  const classes = useStyles();
  const { outcome } = props;
  let icon;
  if (outcome === 'pass') {
    icon = <StatusOK />;
  } else if (outcome === 'fail') {
    icon = <StatusError />;
  } else {
    icon = <StatusPending />;
  }
  return (
    <Typography
      component="span"
      variant="body2"
      className={classes.root}
      data-outcome={outcome}
    >
      {icon}
      {OUTCOME_LABEL[outcome]}
    </Typography>
  );
}
