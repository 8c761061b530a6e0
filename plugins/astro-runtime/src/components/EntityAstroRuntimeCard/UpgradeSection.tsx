import {
  describeUpdateKind,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { Fact, Facts, Section, useCardStyles } from './CardSection';

/**
 * "Upgrade": the newest Runtime, the newest of the repo's line and patch,
 * and what kind of update the recommended target is. Nothing for a
 * certified image or without a Runtime.
 */
export function UpgradeSection(props: { status: RuntimeStatus }) {
  const { status } = props;
  const classes = useCardStyles();
  if (!status.runtime || status.runtime.line === 'certified') return null;
  const updateKind = describeUpdateKind(status.updateKind);
  return (
    <Section id="astro-runtime-latest-title" title="Upgrade">
      <Facts>
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
            <span className={classes.code}>{status.latestInLine.version}</span>
          </Fact>
        ) : null}
        {status.latestPatch &&
        status.latestPatch.version !== status.latestInLine?.version ? (
          <Fact label="Latest patch" testId="astro-runtime-latest-patch">
            <span className={classes.code}>{status.latestPatch.version}</span>
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
      </Facts>
    </Section>
  );
}
