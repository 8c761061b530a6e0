import type { Knex } from 'knex';
import type {
  AssessmentWrite,
  EntityMeta,
  FailureWrite,
  StatusWrite,
  UnchangedWrite,
} from './types';
import { chunk, HISTORY, IN_BATCH, refKey, STATUS } from './util';

/** Writes of statuses: assessments, failures, check times, the sweep. */
export interface StatusWriteStore {
  /** Applies writes in one transaction (a few statements per batch). */
  write(writes: StatusWrite[]): Promise<void>;
  /**
   * Mark and sweep after a complete catalog listing: rows in `presentRefs`
   * lose their mark; rows missing from it are marked, and rows already
   * marked by the previous complete listing are deleted (with a `removed`
   * history row). An empty `presentRefs` changes nothing.
   */
  sweepMissing(
    presentRefs: string[],
    at: string,
  ): Promise<{ marked: number; removed: number }>;
}

/** Rows per multi-row insert (SQLite: at most 500 compound terms). */
const INSERT_ROWS = 200;
/** Entities per CASE update of check times (two bound values each). */
const CASE_ROWS = 400;
/** Rows read per page by the sweep. */
const SWEEP_PAGE = 2000;

function json(value: unknown): string | null {
  return value ? JSON.stringify(value) : null;
}

/** The entity's own columns, the same in an assessment and a failure row. */
function entityColumns(w: EntityMeta & { isAstro: boolean }) {
  return {
    ref_key: refKey(w.entityRef),
    entity_ref: w.entityRef,
    title: w.title ?? null,
    owner: w.owner ?? null,
    system: w.system ?? null,
    is_astro: w.isAstro,
    dockerfile_url: w.dockerfileUrl ?? null,
    project_path: w.projectPath ?? null,
  };
}

function assessmentRow(w: AssessmentWrite) {
  return {
    ...entityColumns(w),
    state: w.state ?? null,
    line: w.line ?? null,
    severity: w.severity ?? null,
    repo_version: w.repoVersion ?? null,
    deployment_versions: json(w.deploymentVersions),
    must_move_to_airflow3: w.mustMoveToAirflow3 === true,
    status_json: w.statusJson ?? null,
    stale: false,
    error_json: null,
    assessed_at: w.assessedAt ?? null,
    checked_at: w.checkedAt,
    inputs_json: JSON.stringify(w.inputs),
    input_hash: w.inputHash,
    entity_fingerprint: w.entityFingerprint ?? null,
    missing_since: null,
  };
}

function historyRow(w: AssessmentWrite, reason: string) {
  return {
    ref_key: refKey(w.entityRef),
    entity_ref: w.entityRef,
    recorded_at: w.assessedAt ?? w.checkedAt,
    repo_version: w.repoVersion ?? null,
    line: w.line ?? null,
    deployment_versions: json(w.deploymentVersions),
    reason,
  };
}

function failureRow(w: FailureWrite) {
  return {
    ...entityColumns(w),
    stale: false,
    error_json: JSON.stringify(w.error),
    checked_at: w.checkedAt,
  };
}

/** Knex implementation over the status and history tables. */
export class DatabaseStatusWriteStore implements StatusWriteStore {
  constructor(private readonly db: Knex) {}

  async write(writes: StatusWrite[]): Promise<void> {
    if (writes.length === 0) {
      return;
    }
    // one row per entity and kind (the last write wins), as sequential
    // statements would leave it
    const failures = new Map<string, FailureWrite>();
    const assessments = new Map<string, AssessmentWrite>();
    const unchanged = new Map<string, UnchangedWrite>();
    const history: Record<string, unknown>[] = [];
    for (const w of writes) {
      const key = refKey(w.entityRef);
      if (w.kind === 'unchanged') {
        unchanged.set(key, w);
      } else if (w.kind === 'assessment') {
        assessments.set(key, w);
        if (w.history) {
          history.push(historyRow(w, w.history.reason));
        }
      } else {
        failures.set(key, w);
      }
    }
    await this.db.transaction(async tx => {
      // a failure keeps the last good status, stale (only when there is one)
      for (const part of chunk([...failures.values()], INSERT_ROWS)) {
        await tx(STATUS)
          .insert(part.map(failureRow))
          .onConflict('ref_key')
          .merge({
            error_json: tx.raw('excluded.error_json'),
            checked_at: tx.raw('excluded.checked_at'),
            stale: tx.raw(
              `CASE WHEN ${STATUS}.status_json IS NULL THEN FALSE ELSE TRUE END`,
            ),
            entity_ref: tx.raw('excluded.entity_ref'),
            title: tx.raw('excluded.title'),
            owner: tx.raw('excluded.owner'),
            system: tx.raw('excluded.system'),
          });
      }
      for (const part of chunk([...assessments.values()], INSERT_ROWS)) {
        await tx(STATUS)
          .insert(part.map(assessmentRow))
          .onConflict('ref_key')
          .merge();
      }
      for (const part of chunk(history, INSERT_ROWS)) {
        await tx(HISTORY).insert(part);
      }
      for (const part of chunk([...unchanged], CASE_ROWS)) {
        await tx(STATUS)
          .whereIn(
            'ref_key',
            part.map(([key]) => key),
          )
          .update({
            checked_at: tx.raw(
              `CASE ref_key ${part.map(() => 'WHEN ? THEN ?').join(' ')} END`,
              part.flatMap(([key, w]) => [key, w.checkedAt]),
            ),
            stale: false,
            error_json: null,
          });
      }
    });
  }

  async sweepMissing(
    presentRefs: string[],
    at: string,
  ): Promise<{ marked: number; removed: number }> {
    if (presentRefs.length === 0) {
      return { marked: 0, removed: 0 };
    }
    const present = new Set(presentRefs.map(refKey));
    const back: string[] = [];
    const mark: string[] = [];
    const gone: Array<{ key: string; entityRef: string; history: boolean }> =
      [];
    // keyset pages: only keys (and the few rows to delete) stay in memory
    let after: string | undefined;
    for (;;) {
      const query = this.db(STATUS)
        .select(
          'ref_key',
          'entity_ref',
          'is_astro',
          'repo_version',
          'missing_since',
        )
        .orderBy('ref_key', 'asc')
        .limit(SWEEP_PAGE);
      if (after !== undefined) {
        query.where('ref_key', '>', after);
      }
      const rows = await query;
      for (const r of rows) {
        if (present.has(r.ref_key)) {
          if (r.missing_since) {
            back.push(r.ref_key);
          }
        } else if (r.missing_since) {
          gone.push({
            key: r.ref_key,
            entityRef: r.entity_ref,
            history: Boolean(r.is_astro) && Boolean(r.repo_version),
          });
        } else {
          mark.push(r.ref_key);
        }
      }
      if (rows.length < SWEEP_PAGE) {
        break;
      }
      after = rows[rows.length - 1].ref_key;
    }
    if (!back.length && !mark.length && !gone.length) {
      return { marked: 0, removed: 0 };
    }
    await this.db.transaction(async tx => {
      for (const part of chunk(back, IN_BATCH)) {
        await tx(STATUS)
          .whereIn('ref_key', part)
          .update({ missing_since: null });
      }
      for (const part of chunk(mark, IN_BATCH)) {
        await tx(STATUS).whereIn('ref_key', part).update({ missing_since: at });
      }
      const history = gone
        .filter(r => r.history)
        .map(r => ({
          ref_key: r.key,
          entity_ref: r.entityRef,
          recorded_at: at,
          repo_version: null,
          line: null,
          deployment_versions: null,
          reason: 'removed',
        }));
      for (const part of chunk(history, INSERT_ROWS)) {
        await tx(HISTORY).insert(part);
      }
      for (const part of chunk(
        gone.map(r => r.key),
        IN_BATCH,
      )) {
        await tx(STATUS).whereIn('ref_key', part).delete();
      }
    });
    return { marked: mark.length, removed: gone.length };
  }
}
