import { List, ListItem, Typography, makeStyles } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import {
  describeRelation,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { SeverityStatus } from '../shared/SeverityStatus';
import { Section, useCardStyles } from './CardSection';

const useStyles = makeStyles(theme => ({
  deployment: {
    paddingLeft: 0,
    paddingRight: 0,
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'baseline',
    columnGap: theme.spacing(1),
  },
}));

/**
 * "Deployments": each Astro Deployment of the entity, its Runtime and how
 * that Runtime relates to the repo's.
 */
export function DeploymentsSection(props: { status: RuntimeStatus }) {
  const classes = { ...useCardStyles(), ...useStyles() };
  const deployments = props.status.deployments;
  if (deployments.length === 0) return null;
  return (
    <Section id="astro-runtime-deployments-title" title="Deployments">
      <List dense disablePadding data-testid="astro-runtime-deployments">
        {deployments.map(d => {
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
  );
}
