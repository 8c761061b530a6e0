/*
 * The list row of a stored status: what `GET /statuses?view=rows` sends for
 * the org page's table, CSV export and filters, instead of the whole status.
 */
import type { EntityStatusRecord, StatusRow } from './api';
import { mustMoveToAirflow3 } from './predicates';

/**
 * The {@link StatusRow} of a record: values read from the status `assess()`
 * computed, nothing decided anew.
 *
 * @public
 */
export function toStatusRow(
  record: Pick<
    EntityStatusRecord,
    | 'entityRef'
    | 'title'
    | 'owner'
    | 'system'
    | 'status'
    | 'stale'
    | 'error'
    | 'assessedAt'
    | 'checkedAt'
  >,
): StatusRow {
  const status = record.status;
  const row: StatusRow = {
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
    endOfMaintenance: status?.lifecycle?.endOfMaintenance,
    daysToEndOfMaintenance: status?.lifecycle?.daysToEndOfMaintenance,
    airflow3Blockers: status?.code?.blocking,
    stale: record.stale,
    error: record.error,
    assessedAt: record.assessedAt,
    checkedAt: record.checkedAt,
  };
  // absent rather than undefined: the rows go over the wire as JSON
  for (const key of Object.keys(row) as Array<keyof StatusRow>) {
    if (row[key] === undefined) {
      delete row[key];
    }
  }
  return row;
}
