import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  AdoptionPoint,
  RefreshProgress,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';

const STATUS = 'astro_runtime_status';
const HISTORY = 'astro_runtime_history';
const FEED = 'astro_runtime_release_feed';
const REFRESH = 'astro_runtime_refresh';
const MIGRATIONS_TABLE = 'astro_runtime__knex_migrations';
const EVENT_CLAIMS = 'astro_runtime_event_claims';

/** Stored text and etag of one project file. */
export interface StoredFile {
  state: 'read' | 'missing';
  etag?: string;
  text?: string;
}

export interface StoredInputs {
  dockerfile?: StoredFile;
  requirements?: StoredFile;
}

export interface StoredError {
  message: string;
  code?: string;
  at: string;
}

/** Entity metadata kept with the status (for filters and lists). */
export interface EntityMeta {
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  projectPath?: string;
  dockerfileUrl?: string;
}

/** A stored row. `statusJson` is the raw RuntimeStatus JSON (served as is). */
export interface StoredRecord extends EntityMeta {
  isAstro: boolean;
  state?: string;
  line?: string;
  severity?: string;
  repoVersion?: string;
  deploymentVersions?: Record<string, string | null>;
  statusJson?: string;
  stale: boolean;
  error?: StoredError;
  assessedAt?: string;
  checkedAt?: string;
}

/** What the refresh needs to know about the previous run of an entity. */
export interface StoredInputState {
  isAstro: boolean;
  hasStatus: boolean;
  /** What the catalog said about the entity when the status was assessed. */
  entityFingerprint?: string;
  inputs: StoredInputs;
  inputHash?: string;
  repoVersion?: string;
  deploymentVersions?: Record<string, string | null>;
}

/** A new assessment (or a not-Astro verdict) of an entity. */
export interface AssessmentWrite extends EntityMeta {
  kind: 'assessment';
  isAstro: boolean;
  /** Undefined for detection candidates that turned out not to be Astro. */
  statusJson?: string;
  state?: string;
  line?: string;
  severity?: string;
  repoVersion?: string;
  deploymentVersions?: Record<string, string | null>;
  /** -common's `mustMoveToAirflow3` of the status (stored for the filter). */
  mustMoveToAirflow3?: boolean;
  assessedAt?: string;
  checkedAt: string;
  inputs: StoredInputs;
  inputHash: string;
  /** Hash of the entity's annotations and location (see StoredInputState). */
  entityFingerprint?: string;
  /** Add a history row (repo or Deployment Runtime changed, or first sight). */
  history?: { reason: string };
}

/** Inputs unchanged: only the check time moves (and a previous error clears). */
export interface UnchangedWrite {
  kind: 'unchanged';
  entityRef: string;
  checkedAt: string;
}

/** A failed attempt: keeps the status, marks it stale with the reason. */
export interface FailureWrite extends EntityMeta {
  kind: 'failure';
  isAstro: boolean;
  error: StoredError;
  checkedAt: string;
}

export type StatusWrite = AssessmentWrite | UnchangedWrite | FailureWrite;

export interface StatusFilter {
  owner?: string[];
  state?: string[];
  line?: string[];
  /** Only entities that must move to Airflow 3 (see `AssessmentWrite`). */
  mustMoveToAirflow3?: boolean;
  /** Case-insensitive substring of entity ref or title. */
  q?: string;
  /** Only rows with entity ref after this (keyset pagination), by ref_key. */
  afterKey?: string;
  /** At most this many rows (in ref_key order). */
  limit?: number;
}

/** A stored entity in a repository (see `findByRepoUrl`). */
export interface RepoMatch {
  entityRef: string;
  projectPath?: string;
  dockerfileUrl: string;
}

/** Astro entities per (repo version, state, line, severity, stale, owner). */
export interface GroupCount {
  owner?: string;
  repoVersion?: string;
  state?: string;
  line?: string;
  severity?: string;
  stale: boolean;
  count: number;
}

/**
 * How a day changed the number of entities on a version (positive: entities
 * arrived, negative: left). Changes before the window's first day are
 * summed into that day.
 */
export interface AdoptionChange {
  day: string;
  version: string;
  delta: number;
}

export interface StoredReleaseFeed {
  catalog?: ReleaseCatalog;
  fetchedAt?: string;
  lastAttemptAt?: string;
  lastError?: string;
}

export interface HistoryRow {
  refKey: string;
  entityRef: string;
  recordedAt: string;
  repoVersion?: string;
}

/** Persistence of statuses, history, the release feed and refresh progress. */
export interface StatusStore {
  getRecord(entityRef: string): Promise<StoredRecord | undefined>;
  getInputStates(): Promise<Map<string, StoredInputState>>;
  getInputState(entityRef: string): Promise<StoredInputState | undefined>;
  /** Keys of the Astro entities matching the filter, sorted by key. */
  listKeys(
    filter: StatusFilter,
  ): Promise<Array<{ refKey: string; entityRef: string }>>;
  /** Every row's key (Astro or not), in key order: one page after `afterKey`. */
  listAllKeys(
    afterKey: string | undefined,
    limit: number,
  ): Promise<Array<{ refKey: string; entityRef: string }>>;
  /** Number of rows (Astro or not). */
  countRows(): Promise<number>;
  /** Astro entities matching the filter, counted per group (SQL GROUP BY); `onlyKeys` restricts to those keys. */
  countByGroup(
    filter: StatusFilter,
    onlyKeys?: string[],
  ): Promise<GroupCount[]>;
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
   * Stored rows whose Dockerfile URL is below `repoUrl` (case-insensitive),
   * with their project folder: the entities a push to that repo may touch.
   */
  findByRepoUrl(repoUrl: string): Promise<RepoMatch[]>;
  /**
   * Claims an event for this replica: true for the first claim of `key`,
   * false when any replica claimed it already. Claims older than
   * `pruneBeforeIso` are deleted.
   */
  claimEvent(key: string, at: string, pruneBeforeIso: string): Promise<boolean>;
  /** Full records for keys, in the given order. */
  getRecords(refKeys: string[]): Promise<StoredRecord[]>;
  /** Applies writes in one transaction. */
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
  /**
   * Deletes history rows recorded before `beforeIso`, except each entity's
   * newest such row (the version it was on when the window starts).
   */
  pruneHistory(beforeIso: string): Promise<number>;
  history(untilIso: string): Promise<HistoryRow[]>;
  saveReleaseFeed(catalog: ReleaseCatalog, at: string): Promise<void>;
  saveReleaseFeedError(message: string, at: string): Promise<void>;
  loadReleaseFeed(): Promise<StoredReleaseFeed | undefined>;
  saveProgress(progress: RefreshProgress, at: string): Promise<void>;
  loadProgress(): Promise<RefreshProgress | undefined>;
}

export function refKey(entityRef: string): string {
  // toLocaleLowerCase is slow; entity refs are nearly always ASCII
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(entityRef)
    ? entityRef.toLowerCase()
    : entityRef.toLocaleLowerCase('en-US');
}

function parseJson<T>(text: unknown): T | undefined {
  if (typeof text !== 'string' || text === '') {
    return undefined;
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

function opt<T>(v: T | null | undefined): T | undefined {
  return v === null ? undefined : v;
}

const RECORD_COLUMNS = [
  'entity_ref',
  'title',
  'owner',
  'system',
  'is_astro',
  'state',
  'line',
  'severity',
  'repo_version',
  'deployment_versions',
  'status_json',
  'stale',
  'error_json',
  'assessed_at',
  'checked_at',
  'dockerfile_url',
  'project_path',
];

function toRecord(row: any): StoredRecord {
  return {
    entityRef: row.entity_ref,
    title: opt(row.title),
    owner: opt(row.owner),
    system: opt(row.system),
    isAstro: Boolean(row.is_astro),
    state: opt(row.state),
    line: opt(row.line),
    severity: opt(row.severity),
    repoVersion: opt(row.repo_version),
    deploymentVersions: parseJson(row.deployment_versions),
    statusJson: opt(row.status_json),
    stale: Boolean(row.stale),
    error: parseJson(row.error_json),
    assessedAt: opt(row.assessed_at),
    checkedAt: opt(row.checked_at),
    dockerfileUrl: opt(row.dockerfile_url),
    projectPath: opt(row.project_path),
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

/** Knex implementation on the plugin's database (SQLite, PostgreSQL; both tested). */
export class DatabaseStatusStore implements StatusStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseStatusStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await DatabaseStatusStore.migrate(knex);
    }
    return new DatabaseStatusStore(knex);
  }

  static async migrate(knex: Knex): Promise<void> {
    const directory = resolvePackagePath(
      '@backstage-astro/plugin-astro-runtime-backend',
      'migrations',
    );
    // Replicas starting together on an empty database race to create the
    // migrations table itself (knex's lock only exists after it); the loser
    // retries and then finds the work done or waits on the lock.
    // A replica that finds the lock taken waits for the other one's
    // migrations to finish (up to a minute), then finds nothing left to do.
    const lockedUntil = Date.now() + 60_000;
    for (let attempt = 1; ; attempt++) {
      try {
        await knex.migrate.latest({ directory, tableName: MIGRATIONS_TABLE });
        return;
      } catch (e) {
        const locked = (e as Error)?.name === 'MigrationLocked';
        if (locked ? Date.now() > lockedUntil : attempt >= 5) {
          throw e;
        }
        await new Promise(r =>
          setTimeout(r, 200 * attempt + Math.random() * 300),
        );
      }
    }
  }

  /**
   * Bound parameters per IN list (SQLite allows 32766, PostgreSQL 65535).
   * Multi-row inserts stay at 400 rows or fewer: SQLite compiles them to a
   * compound SELECT, limited to 500 terms.
   */
  readonly #batch = 8000;

  constructor(private readonly db: Knex) {}

  async getRecord(entityRef: string): Promise<StoredRecord | undefined> {
    const row = await this.db(STATUS)
      .where('ref_key', refKey(entityRef))
      .first(RECORD_COLUMNS);
    return row ? toRecord(row) : undefined;
  }

  async getInputStates(): Promise<Map<string, StoredInputState>> {
    const rows = await this.db(STATUS).select(
      'ref_key',
      'is_astro',
      'inputs_json',
      'input_hash',
      'repo_version',
      'deployment_versions',
      'entity_fingerprint',
      this.db.raw(
        'CASE WHEN status_json IS NULL THEN 0 ELSE 1 END AS has_status',
      ),
    );
    const out = new Map<string, StoredInputState>();
    for (const row of rows) {
      out.set(row.ref_key, this.#toInputState(row));
    }
    return out;
  }

  async getInputState(
    entityRef: string,
  ): Promise<StoredInputState | undefined> {
    const row = await this.db(STATUS)
      .where('ref_key', refKey(entityRef))
      .first(
        'ref_key',
        'is_astro',
        'inputs_json',
        'input_hash',
        'repo_version',
        'deployment_versions',
        'entity_fingerprint',
        this.db.raw(
          'CASE WHEN status_json IS NULL THEN 0 ELSE 1 END AS has_status',
        ),
      );
    return row ? this.#toInputState(row) : undefined;
  }

  #toInputState(row: any): StoredInputState {
    return {
      isAstro: Boolean(row.is_astro),
      hasStatus: Number(row.has_status) === 1,
      entityFingerprint: opt(row.entity_fingerprint),
      inputs: parseJson<StoredInputs>(row.inputs_json) ?? {},
      inputHash: opt(row.input_hash),
      repoVersion: opt(row.repo_version),
      deploymentVersions: parseJson(row.deployment_versions),
    };
  }

  async getRecords(refKeys: string[]): Promise<StoredRecord[]> {
    const byKey = new Map<string, StoredRecord>();
    for (const part of chunk(refKeys, this.#batch)) {
      const rows = await this.db(STATUS)
        .whereIn('ref_key', part)
        .select(['ref_key', ...RECORD_COLUMNS]);
      for (const row of rows) {
        byKey.set(row.ref_key, toRecord(row));
      }
    }
    return refKeys.flatMap(k => {
      const r = byKey.get(k);
      return r ? [r] : [];
    });
  }

  async listKeys(
    filter: StatusFilter,
  ): Promise<Array<{ refKey: string; entityRef: string }>> {
    const query = this.db(STATUS)
      .select('ref_key', 'entity_ref')
      .where('is_astro', true)
      .orderBy('ref_key', 'asc');
    this.#applyFilter(query, filter);
    if (filter.afterKey) {
      query.where('ref_key', '>', filter.afterKey);
    }
    if (filter.limit !== undefined) {
      query.limit(filter.limit);
    }
    return (await query).map(r => ({
      refKey: r.ref_key,
      entityRef: r.entity_ref,
    }));
  }

  #applyFilter(query: Knex.QueryBuilder, filter: StatusFilter) {
    if (filter.owner?.length) {
      query.whereIn('owner', filter.owner);
    }
    if (filter.state?.length) {
      query.whereIn('state', filter.state);
    }
    if (filter.line?.length) {
      query.whereIn('line', filter.line);
    }
    if (filter.mustMoveToAirflow3) {
      query.where('must_move_to_airflow3', true);
    }
    if (filter.q) {
      // '!' as the escape character: a backslash in a string literal means
      // different things on different databases, '!' is literal everywhere
      const like = `%${filter.q
        .toLocaleLowerCase('en-US')
        .replace(/[!%_]/g, c => `!${c}`)}%`;
      query.where(q =>
        q
          .whereRaw(`ref_key LIKE ? ESCAPE '!'`, [like])
          .orWhereRaw(`LOWER(title) LIKE ? ESCAPE '!'`, [like]),
      );
    }
  }

  async listAllKeys(
    afterKey: string | undefined,
    limit: number,
  ): Promise<Array<{ refKey: string; entityRef: string }>> {
    const query = this.db(STATUS)
      .select('ref_key', 'entity_ref')
      .orderBy('ref_key', 'asc')
      .limit(limit);
    if (afterKey) {
      query.where('ref_key', '>', afterKey);
    }
    return (await query).map(r => ({
      refKey: r.ref_key,
      entityRef: r.entity_ref,
    }));
  }

  async findByRepoUrl(repoUrl: string): Promise<RepoMatch[]> {
    const prefix = `${repoUrl.replace(/\/+$/, '').toLocaleLowerCase('en-US')}/`;
    const like = `${prefix.replace(/[!%_]/g, c => `!${c}`)}%`;
    const rows = await this.db(STATUS)
      .select('entity_ref', 'project_path', 'dockerfile_url')
      .whereRaw(`LOWER(dockerfile_url) LIKE ? ESCAPE '!'`, [like]);
    return rows.map(r => ({
      entityRef: r.entity_ref,
      projectPath: opt(r.project_path),
      dockerfileUrl: r.dockerfile_url,
    }));
  }

  async claimEvent(
    key: string,
    at: string,
    pruneBeforeIso: string,
  ): Promise<boolean> {
    await this.db(EVENT_CLAIMS)
      .where('claimed_at', '<', pruneBeforeIso)
      .delete();
    const inserted = await this.db(EVENT_CLAIMS)
      .insert({ event_key: key, claimed_at: at })
      .onConflict('event_key')
      .ignore()
      .returning('event_key');
    // PostgreSQL and SQLite both return the inserted rows (none on conflict)
    return Array.isArray(inserted) && inserted.length === 1;
  }

  async countRows(): Promise<number> {
    const [row] = await this.db(STATUS).count({ n: '*' });
    return Number(row.n);
  }

  async countByGroup(
    filter: StatusFilter,
    onlyKeys?: string[],
  ): Promise<GroupCount[]> {
    const query = this.db(STATUS)
      .select('repo_version', 'state', 'line', 'severity', 'stale', 'owner')
      .count({ n: '*' })
      .where('is_astro', true)
      .groupBy('repo_version', 'state', 'line', 'severity', 'stale', 'owner');
    this.#applyFilter(query, filter);
    if (onlyKeys) {
      query.whereIn('ref_key', onlyKeys);
    }
    return (await query).map((r: any) => ({
      repoVersion: opt(r.repo_version),
      state: opt(r.state),
      line: opt(r.line),
      severity: opt(r.severity),
      stale: Boolean(r.stale),
      owner: opt(r.owner),
      count: Number(r.n),
    }));
  }

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
    const list: any[] = Array.isArray(rows) ? rows : rows.rows;
    return list
      .map(r => ({ day: r.day, version: r.version, delta: Number(r.n) }))
      .filter(r => r.delta !== 0);
  }

  async write(writes: StatusWrite[]): Promise<void> {
    if (writes.length === 0) {
      return;
    }
    await this.db.transaction(async tx => {
      const unchanged = new Map<string, string[]>();
      const rows: Record<string, unknown>[] = [];
      const history: Record<string, unknown>[] = [];
      for (const w of writes) {
        if (w.kind === 'unchanged') {
          const list = unchanged.get(w.checkedAt) ?? [];
          list.push(refKey(w.entityRef));
          unchanged.set(w.checkedAt, list);
        } else if (w.kind === 'assessment') {
          rows.push({
            ref_key: refKey(w.entityRef),
            entity_ref: w.entityRef,
            title: w.title ?? null,
            owner: w.owner ?? null,
            system: w.system ?? null,
            is_astro: w.isAstro,
            state: w.state ?? null,
            line: w.line ?? null,
            severity: w.severity ?? null,
            repo_version: w.repoVersion ?? null,
            deployment_versions: w.deploymentVersions
              ? JSON.stringify(w.deploymentVersions)
              : null,
            must_move_to_airflow3: w.mustMoveToAirflow3 === true,
            status_json: w.statusJson ?? null,
            stale: false,
            error_json: null,
            assessed_at: w.assessedAt ?? null,
            checked_at: w.checkedAt,
            dockerfile_url: w.dockerfileUrl ?? null,
            project_path: w.projectPath ?? null,
            inputs_json: JSON.stringify(w.inputs),
            input_hash: w.inputHash,
            entity_fingerprint: w.entityFingerprint ?? null,
            missing_since: null,
          });
          if (w.history) {
            history.push({
              ref_key: refKey(w.entityRef),
              entity_ref: w.entityRef,
              recorded_at: w.assessedAt ?? w.checkedAt,
              repo_version: w.repoVersion ?? null,
              line: w.line ?? null,
              deployment_versions: w.deploymentVersions
                ? JSON.stringify(w.deploymentVersions)
                : null,
              reason: w.history.reason,
            });
          }
        } else {
          const key = refKey(w.entityRef);
          const errorJson = JSON.stringify(w.error);
          // keep the last good status; mark it stale (only when there is one)
          const updated = await tx(STATUS)
            .where('ref_key', key)
            .update({
              error_json: errorJson,
              checked_at: w.checkedAt,
              stale: tx.raw(
                'CASE WHEN status_json IS NULL THEN FALSE ELSE TRUE END',
              ),
              entity_ref: w.entityRef,
              title: w.title ?? null,
              owner: w.owner ?? null,
              system: w.system ?? null,
            });
          if (!updated) {
            await tx(STATUS)
              .insert({
                ref_key: key,
                entity_ref: w.entityRef,
                title: w.title ?? null,
                owner: w.owner ?? null,
                system: w.system ?? null,
                is_astro: w.isAstro,
                stale: false,
                error_json: errorJson,
                checked_at: w.checkedAt,
                dockerfile_url: w.dockerfileUrl ?? null,
                project_path: w.projectPath ?? null,
              })
              .onConflict('ref_key')
              .merge(['error_json', 'checked_at']);
          }
        }
      }
      for (const part of chunk(rows, 200)) {
        await tx(STATUS).insert(part).onConflict('ref_key').merge();
      }
      for (const part of chunk(history, 400)) {
        await tx(HISTORY).insert(part);
      }
      for (const [checkedAt, keys] of unchanged) {
        for (const part of chunk(keys, this.#batch)) {
          await tx(STATUS)
            .whereIn('ref_key', part)
            .update({ checked_at: checkedAt, stale: false, error_json: null });
        }
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
    const rows = await this.db(STATUS).select(
      'ref_key',
      'entity_ref',
      'is_astro',
      'repo_version',
      'missing_since',
    );
    const back: string[] = [];
    const mark: string[] = [];
    const gone: typeof rows = [];
    for (const r of rows) {
      if (present.has(r.ref_key)) {
        if (r.missing_since) {
          back.push(r.ref_key);
        }
      } else if (r.missing_since) {
        gone.push(r);
      } else {
        mark.push(r.ref_key);
      }
    }
    if (!back.length && !mark.length && !gone.length) {
      return { marked: 0, removed: 0 };
    }
    await this.db.transaction(async tx => {
      for (const part of chunk(back, this.#batch)) {
        await tx(STATUS)
          .whereIn('ref_key', part)
          .update({ missing_since: null });
      }
      for (const part of chunk(mark, this.#batch)) {
        await tx(STATUS).whereIn('ref_key', part).update({ missing_since: at });
      }
      const history = gone
        .filter(r => Boolean(r.is_astro) && r.repo_version)
        .map(r => ({
          ref_key: r.ref_key,
          entity_ref: r.entity_ref,
          recorded_at: at,
          repo_version: null,
          line: null,
          deployment_versions: null,
          reason: 'removed',
        }));
      for (const part of chunk(history, 400)) {
        await tx(HISTORY).insert(part);
      }
      for (const part of chunk(
        gone.map(r => r.ref_key as string),
        this.#batch,
      )) {
        await tx(STATUS).whereIn('ref_key', part).delete();
      }
    });
    return { marked: mark.length, removed: gone.length };
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
    for (const part of chunk(drop, this.#batch)) {
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

  async saveReleaseFeed(catalog: ReleaseCatalog, at: string): Promise<void> {
    await this.db(FEED)
      .insert({
        id: 'current',
        source: catalog.source,
        location: catalog.location ?? null,
        as_of: catalog.asOf,
        catalog_json: JSON.stringify(catalog),
        fetched_at: at,
        last_attempt_at: at,
        last_error: null,
      })
      .onConflict('id')
      .merge();
  }

  async saveReleaseFeedError(message: string, at: string): Promise<void> {
    await this.db(FEED)
      .insert({ id: 'current', last_attempt_at: at, last_error: message })
      .onConflict('id')
      .merge(['last_attempt_at', 'last_error']);
  }

  async loadReleaseFeed(): Promise<StoredReleaseFeed | undefined> {
    const row = await this.db(FEED).where('id', 'current').first();
    if (!row) {
      return undefined;
    }
    return {
      catalog: parseJson<ReleaseCatalog>(row.catalog_json),
      fetchedAt: opt(row.fetched_at),
      lastAttemptAt: opt(row.last_attempt_at),
      lastError: opt(row.last_error),
    };
  }

  async saveProgress(progress: RefreshProgress, at: string): Promise<void> {
    await this.db(REFRESH)
      .insert({
        id: 'current',
        progress_json: JSON.stringify(progress),
        updated_at: at,
      })
      .onConflict('id')
      .merge();
  }

  async loadProgress(): Promise<RefreshProgress | undefined> {
    const row = await this.db(REFRESH).where('id', 'current').first();
    return row ? parseJson<RefreshProgress>(row.progress_json) : undefined;
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
