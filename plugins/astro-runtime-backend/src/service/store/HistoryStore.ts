import type { Knex } from 'knex';
import type { AdoptionPoint } from '@backstage-astro/plugin-astro-runtime-common';
import type { AdoptionChange, HistoryRow } from './types';
import { chunk, HISTORY, IN_BATCH, opt, rawRows } from './util';

/** Runtime version changes per entity (adoption over time). */
export interface HistoryStore {
  /**
   * Adoption over time aggregated in SQL: per day from `startDay` to
   * `untilIso`, how many entities' repos arrived on (or left) each version.
   * `onlyKeys` restricts to those entities.
   */
  adoptionChanges(
    startDay: string,
    untilIso: string,
    onlyKeys?: string[],
  ): Promise<AdoptionChange[]>;
  /**
   * Deletes history rows recorded before `beforeIso`, except each entity's
   * newest such row (the version it was on when the window starts).
   */
  pruneHistory(beforeIso: string): Promise<number>;
  history(untilIso: string): Promise<HistoryRow[]>;
}

/** Knex implementation over the history table. */
export class DatabaseHistoryStore implements HistoryStore {
  constructor(private readonly db: Knex) {}

  async adoptionChanges(
    startDay: string,
    untilIso: string,
    onlyKeys?: string[],
  ): Promise<AdoptionChange[]> {
    // each history row adds its entity to its version and removes it from
    // the version of the entity's row before (LAG): summed per day and
    // version, the running total is each day's count
    const restrict = onlyKeys
      ? `AND ref_key IN (${onlyKeys.map(() => '?').join(',')})`
      : '';
    const start = `${startDay}T00:00:00.000Z`;
    const rows = await this.db.raw(
      `WITH h AS (
         SELECT CASE WHEN recorded_at < ? THEN ? ELSE SUBSTR(recorded_at, 1, 10) END AS day,
           repo_version,
           LAG(repo_version) OVER (PARTITION BY ref_key ORDER BY recorded_at, id) AS prev
         FROM ${HISTORY}
         WHERE recorded_at <= ? ${restrict}
       ),
       d AS (
         SELECT day, repo_version AS version, 1 AS delta FROM h WHERE repo_version IS NOT NULL
         UNION ALL
         SELECT day, prev AS version, -1 AS delta FROM h WHERE prev IS NOT NULL
       )
       SELECT day, version, SUM(delta) AS n FROM d GROUP BY day, version`,
      [start, startDay, untilIso, ...(onlyKeys ?? [])],
    );
    return rawRows(rows)
      .map(r => ({ day: r.day, version: r.version, delta: Number(r.n) }))
      .filter(r => r.delta !== 0);
  }

  async pruneHistory(beforeIso: string): Promise<number> {
    const rows = await this.db(HISTORY)
      .select('id', 'ref_key')
      .where('recorded_at', '<', beforeIso)
      .orderBy([
        { column: 'recorded_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    // the newest old row of each entity stays: it is the version the
    // entity was on when the kept window starts
    const newest = new Map<string, number>();
    for (const r of rows) {
      newest.set(r.ref_key, Number(r.id));
    }
    const keep = new Set(newest.values());
    const drop = rows.map(r => Number(r.id)).filter(id => !keep.has(id));
    for (const part of chunk(drop, IN_BATCH)) {
      await this.db(HISTORY).whereIn('id', part).delete();
    }
    return drop.length;
  }

  async history(untilIso: string): Promise<HistoryRow[]> {
    const rows = await this.db(HISTORY)
      .select('ref_key', 'entity_ref', 'recorded_at', 'repo_version')
      .where('recorded_at', '<=', untilIso)
      .orderBy([
        { column: 'recorded_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(r => ({
      refKey: r.ref_key,
      entityRef: r.entity_ref,
      recordedAt: r.recorded_at,
      repoVersion: opt(r.repo_version),
    }));
  }
}

/**
 * Adoption per day from history rows: for each day, the Runtime version each
 * entity's repo was on at the end of that day (its latest row so far).
 * Pure aggregation over stored rows; `visible` limits it to what the caller may see.
 */
export function adoptionFromHistory(
  rows: HistoryRow[],
  days: string[],
  visible?: Set<string>,
): AdoptionPoint[] {
  const current = new Map<string, string | undefined>();
  const points: AdoptionPoint[] = [];
  let i = 0;
  for (const day of days) {
    const end = `${day}T23:59:59.999Z`;
    while (i < rows.length && rows[i].recordedAt <= end) {
      current.set(rows[i].refKey, rows[i].repoVersion);
      i++;
    }
    const versions: Record<string, number> = {};
    for (const [key, version] of current) {
      if (version && (!visible || visible.has(key))) {
        versions[version] = (versions[version] ?? 0) + 1;
      }
    }
    points.push({ day, versions });
  }
  return points;
}
