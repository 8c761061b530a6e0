import {
  describeLifecycle,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { SeverityStatus } from '../shared/SeverityStatus';
import { Fact, Facts, Section } from './CardSection';
import { daysLeftSuffix } from './format';

/** "Support": the Runtime's lifecycle state and its end dates. */
export function SupportSection(props: { status: RuntimeStatus }) {
  const { lifecycle } = props.status;
  if (lifecycle.state === 'unknown' && !lifecycle.endOfMaintenance) {
    return null;
  }
  const described = describeLifecycle(lifecycle);
  return (
    <Section id="astro-runtime-support-title" title="Support">
      <Facts>
        <Fact label="Status" testId="astro-runtime-lifecycle">
          <SeverityStatus severity={described.severity}>
            {described.label}
          </SeverityStatus>
        </Fact>
        {lifecycle.endOfMaintenance ? (
          <Fact
            label="End of maintenance"
            testId="astro-runtime-end-of-maintenance"
          >
            {lifecycle.endOfMaintenance}
            {daysLeftSuffix(lifecycle.daysToEndOfMaintenance)}
          </Fact>
        ) : null}
        {lifecycle.endOfBasicSupport ? (
          <Fact
            label="End of basic support"
            testId="astro-runtime-end-of-basic-support"
          >
            {lifecycle.endOfBasicSupport}
            {daysLeftSuffix(lifecycle.daysToEndOfBasicSupport)}
          </Fact>
        ) : null}
      </Facts>
    </Section>
  );
}
