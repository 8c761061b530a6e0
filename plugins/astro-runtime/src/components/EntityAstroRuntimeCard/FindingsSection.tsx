import { List, ListItem, Typography } from '@material-ui/core';
import type { RuntimeStatus } from '@backstage-astro/plugin-astro-runtime-common';
import { SeverityStatus } from '../shared/SeverityStatus';
import { Section, useCardStyles } from './CardSection';

/** "Findings": what the assessment found about the Dockerfile's Runtime. */
export function FindingsSection(props: { status: RuntimeStatus }) {
  const classes = useCardStyles();
  const findings = props.status.findings;
  if (findings.length === 0) return null;
  return (
    <Section id="astro-runtime-findings-title" title="Findings">
      <List dense disablePadding data-testid="astro-runtime-findings">
        {findings.map((f, i) => (
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
  );
}
