/*
 * Flattens the backend's `EntityStatusRecord` into what one table row (and one
 * CSV line) shows. Nothing is decided here: every value is read from the
 * status `assess()` computed in `-common`, and labels come from its helpers.
 */
import {
  describeState,
  mustMoveToAirflow3,
  type DeploymentRelation,
  type EntityStatusRecord,
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

export function toPageRow(record: EntityStatusRecord): PageRow {
  const status = record.status;
  const described = status ? describeState(status.state) : undefined;
  return {
    id: record.entityRef,
    entityRef: record.entityRef,
    title: record.title,
    owner: record.owner,
    system: record.system,
    repoTag: status?.runtime?.raw,
    repoVersion: status?.runtime?.version,
    line: status?.runtime?.line,
    deployments: (status?.deployments ?? []).map(d => ({
      id: d.id,
      name: d.name ?? d.id,
      version: d.runtime?.version ?? d.astroRuntimeVersion,
      relation: d.relation,
    })),
    latestInLine: status?.latestInLine?.version,
    latest: status?.latest?.version,
    recommendedTarget: status?.recommendedTarget,
    mustMoveToAirflow3: status ? mustMoveToAirflow3(status) : false,
    state: status?.state,
    stateLabel: described?.label ?? 'Not assessed yet',
    severity: described?.severity,
    endOfMaintenance: status?.lifecycle.endOfMaintenance,
    daysToEndOfMaintenance: status?.lifecycle.daysToEndOfMaintenance,
    assessedAt: record.assessedAt,
    stale: record.stale,
    error: record.error?.message,
    airflow3Blockers: status?.code?.blocking,
  };
}
