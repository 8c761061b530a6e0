import type { ReactNode } from 'react';
import { Typography, makeStyles } from '@material-ui/core';

/** The layout the card's sections share (titles, fact lists, list items). */
export const useCardStyles = makeStyles(theme => ({
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
  muted: { color: theme.palette.text.secondary },
}));

/** A titled section of the card (`<section>` labelled by its `<h3>`). */
export function Section(props: {
  title: string;
  id: string;
  children: ReactNode;
}) {
  const classes = useCardStyles();
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

/** A label/value list (`<dl>`) of {@link Fact}s. */
export function Facts(props: { children: ReactNode }) {
  const classes = useCardStyles();
  return <dl className={classes.facts}>{props.children}</dl>;
}

/** One label and its value in {@link Facts}. */
export function Fact(props: {
  label: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-testid={props.testId}>{props.children}</dd>
    </>
  );
}
