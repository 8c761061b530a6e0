/*
 * What one table row (and one CSV line) shows, from the backend's lean
 * `StatusRow` (`GET /statuses?view=rows`; -common's `toStatusRow` of the
 * stored status). Nothing is decided here: every value was read from the
 * status `assess()` computed in `-common`, and labels come from its helpers.
 */
import {
  describeState,
  type StatusRow,
  type StatusRowDeployment,
  type Severity,
} from '@backstage-astro/plugin-astro-runtime-common';

/** One Deployment of a row. */
export type PageRowDeployment = StatusRowDeployment;

/**
 * What one row of the page shows: the backend's `StatusRow`, with the id
 * material-table needs, the state's label and severity, and the failure as
 * its message.
 */
export interface PageRow extends Omit<StatusRow, 'error' | 'checkedAt'> {
  /** Material-table needs a stable id per row. */
  id: string;
  stateLabel: string;
  severity?: Severity | 'ok';
  error?: string;
}

export function toPageRow(row: StatusRow): PageRow {
  const described = row.state ? describeState(row.state) : undefined;
  return {
    id: row.entityRef,
    entityRef: row.entityRef,
    title: row.title,
    owner: row.owner,
    system: row.system,
    repoTag: row.repoTag,
    repoVersion: row.repoVersion,
    line: row.line,
    deployments: row.deployments ?? [],
    latestInLine: row.latestInLine,
    latest: row.latest,
    recommendedTarget: row.recommendedTarget,
    mustMoveToAirflow3: Boolean(row.mustMoveToAirflow3),
    state: row.state,
    stateLabel: described?.label ?? 'Not assessed yet',
    severity: described?.severity,
    endOfMaintenance: row.endOfMaintenance,
    daysToEndOfMaintenance: row.daysToEndOfMaintenance,
    assessedAt: row.assessedAt,
    stale: row.stale,
    error: row.error?.message,
    airflow3Blockers: row.airflow3Blockers,
  };
}
