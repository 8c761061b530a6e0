import { useState } from 'react';
import { Button, List, ListItem, Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import {
  severityRank,
  type Consideration,
} from '@backstage-astro/plugin-astro-runtime-common';
import { SeverityStatus } from '../shared/SeverityStatus';
import { Section, useCardStyles } from './CardSection';

/** How many considerations show before "Show all". */
export const CONSIDERATIONS_SHOWN = 3;

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

/**
 * "Considerations for <target>": what to watch for on the way to the
 * recommended target, most severe first, the first few then "Show N more".
 */
export function Considerations(props: {
  considerations: Consideration[];
  target?: string;
}) {
  const classes = useCardStyles();
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
