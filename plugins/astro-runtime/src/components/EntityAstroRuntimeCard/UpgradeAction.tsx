import { Button, Typography } from '@material-ui/core';
import { LinkButton } from '@backstage/core-components';
import {
  describeState,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { upgradeTemplateUrl } from './upgradeTemplate';

/**
 * "Open upgrade pull request": opens the upgrade template for the
 * recommended target; disabled, with the reason, when there is none.
 */
export function UpgradeAction(props: {
  status: RuntimeStatus;
  entityRef: string;
}) {
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
