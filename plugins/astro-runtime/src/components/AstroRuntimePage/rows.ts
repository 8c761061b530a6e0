/*
 * What one table row (and one CSV line) shows, from the backend's lean
 * `StatusRow` (`GET /statuses?view=rows`; -common's `toStatusRow` of the
 * stored status). Nothing is decided here: every value was read from the
 * status `assess()` computed in `-common`, and labels come from its helpers.
 */
import {
  describeState,
  type DeploymentRelation,
  type StatusRow,
  type OverallState,
  type RuntimeLine,
  type Severity,
} from '@backstage-astro/plugin-astro-runtime-common';

/** One Deployment of a row. */
export interface PageRowDeployment {
  id: string;
  name: string;
  /** The Runtime the Deployment runs, when known. */
  version?: string;
  relation: DeploymentRelation;
}

/** What one row of the page shows. */
export interface PageRow {
  /** Material-table needs a stable id per row. */
  id: string;
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  /** The repo's Runtime tag as written in the Dockerfile. */
  repoTag?: string;
  /** The repo's bare Runtime version (for sorting and the chart). */
  repoVersion?: string;
  line?: RuntimeLine;
  deployments: PageRowDeployment[];
  /** Latest release in the repo's own line. */
  latestInLine?: string;
  /** Latest release overall (may be in another line). */
  latest?: string;
  recommendedTarget?: string;
  /** On Airflow 2 with no maintained Airflow 2 version left: only Airflow 3 is maintained. */
  mustMoveToAirflow3: boolean;
  state?: OverallState;
  stateLabel: string;
  severity?: Severity | 'ok';
  endOfMaintenance?: string;
  daysToEndOfMaintenance?: number;
  assessedAt?: string;
  stale: boolean;
  error?: string;
  /** Findings in the project's code that break it on Airflow 3; undefined when the code was not scanned. */
  airflow3Blockers?: number;
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
