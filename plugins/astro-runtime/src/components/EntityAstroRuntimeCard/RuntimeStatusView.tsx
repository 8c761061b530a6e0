import { Divider, makeStyles } from '@material-ui/core';
import type {
  EntityStatusRecord,
  RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import { CodeChanges } from './CodeChanges';
import { Considerations } from './Considerations';
import { DataAsOf } from './DataAsOf';
import { DeploymentsSection } from './DeploymentsSection';
import { FindingsSection } from './FindingsSection';
import { RepositorySection } from './RepositorySection';
import { StaleNotice } from './StaleNotice';
import { SupportSection } from './SupportSection';
import { UpgradeAction } from './UpgradeAction';
import { UpgradePaths } from './UpgradePaths';
import { UpgradeSection } from './UpgradeSection';
import { YankedNotice } from './YankedNotice';

const useStyles = makeStyles(theme => ({
  actions: {
    marginTop: theme.spacing(2),
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
}));

/**
 * Everything the card shows for one stored status record, one component
 * per section; each section renders nothing when it has nothing to show.
 */
export function RuntimeStatusView(props: {
  record: EntityStatusRecord;
  status: RuntimeStatus;
  entityRef: string;
  now: Date;
}) {
  const { record, status, entityRef, now } = props;
  const classes = useStyles();
  return (
    <>
      <StaleNotice record={record} status={status} />
      <RepositorySection record={record} status={status} />
      <FindingsSection status={status} />
      <YankedNotice status={status} />
      <UpgradeSection status={status} />
      <SupportSection status={status} />
      <DeploymentsSection status={status} />
      {(status.paths?.length ?? 0) > 1 ? (
        <UpgradePaths paths={status.paths!} entityRef={entityRef} />
      ) : null}
      <Considerations
        considerations={status.considerations}
        target={status.recommendedTarget}
      />
      <CodeChanges status={status} dockerfileUrl={record.dockerfileUrl} />
      <Divider style={{ marginTop: 16 }} />
      <div className={classes.actions}>
        <UpgradeAction status={status} entityRef={entityRef} />
      </div>
      <DataAsOf status={status} now={now} />
    </>
  );
}
