import type { Knex } from 'knex';
import type {
  GroupCount,
  RepoMatch,
  StatusFilter,
  StoredRecord,
} from './types';
import {
  chunk,
  IN_BATCH,
  opt,
  parseJson,
  rawRows,
  refKey,
  STATUS,
} from './util';

/** Reads of stored statuses: records, key lists, filters and counts. */
export interface StatusQueryStore {
  getRecord(entityRef: string): Promise<StoredRecord | undefined>;
  /** Full records for keys, in the given order. */
  getRecords(refKeys: string[]): Promise<StoredRecord[]>;
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
   * Stored rows whose Dockerfile URL is below `repoUrl` (case-insensitive),
   * with their project folder: the entities a push to that repo may touch.
   */
  findByRepoUrl(repoUrl: string): Promise<RepoMatch[]>;
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

/**
 * One record by key, as plain SQL: the status route's one query, without
 * building it anew per request (column names are the same unquoted on
 * SQLite and PostgreSQL).
 */
const GET_RECORD_SQL = `SELECT ${RECORD_COLUMNS.join(
  ', ',
)} FROM ${STATUS} WHERE ref_key = ? LIMIT 1`;

/**
 * `GET_RECORD_SQL` for better-sqlite3, with the status JSON read as bytes
 * (`status_json_bytes`): better-sqlite3 returns a BLOB as a Buffer, so the
 * status is not decoded into a string unless something asks for it.
 */
const GET_RECORD_SQLITE_SQL = `SELECT ${RECORD_COLUMNS.map(c =>
  c === 'status_json' ? 'CAST(status_json AS BLOB) AS status_json_bytes' : c,
).join(', ')} FROM ${STATUS} WHERE ref_key = ? LIMIT 1`;

/** A prepared better-sqlite3 statement (only `get` is used). */
interface SqliteStatement {
  get(...params: unknown[]): unknown;
}

/**
 * `GET_RECORD_SQL` prepared once per better-sqlite3 connection: knex
 * prepares every query anew, a third of the status route's database time.
 */
const sqliteStatements = new WeakMap<object, SqliteStatement>();

/** The parts of a better-sqlite3 connection used here. */
interface SqliteConnection {
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
}

/** The parts of knex's pool (tarn) used here. */
interface SqlitePool {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

function sqliteStatement(connection: SqliteConnection): SqliteStatement {
  let statement = sqliteStatements.get(connection);
  if (!statement) {
    statement = connection.prepare(GET_RECORD_SQLITE_SQL);
    sqliteStatements.set(connection, statement);
  }
  return statement;
}

/** A row's columns that a record takes as they are, in every read. */
function plainColumns(row: any) {
  return {
    entityRef: row.entity_ref as string,
    title: opt<string>(row.title),
    owner: opt<string>(row.owner),
    system: opt<string>(row.system),
    isAstro: Boolean(row.is_astro),
    state: opt<string>(row.state),
    line: opt<string>(row.line),
    severity: opt<string>(row.severity),
    repoVersion: opt<string>(row.repo_version),
    stale: Boolean(row.stale),
    error: parseJson<StoredRecord['error']>(row.error_json),
    assessedAt: opt<string>(row.assessed_at),
    checkedAt: opt<string>(row.checked_at),
    dockerfileUrl: opt<string>(row.dockerfile_url),
    projectPath: opt<string>(row.project_path),
  };
}

function toRecord(row: any): StoredRecord {
  return {
    ...plainColumns(row),
    deploymentVersions: parseJson(row.deployment_versions),
    statusJson: opt(row.status_json),
  };
}

/**
 * The record of a row read with `GET_RECORD_SQLITE_SQL` (the status route's
 * read): `statusJsonBytes` as read (not enumerable), `statusJson` decoded
 * from them and `deploymentVersions` parsed on first use, since the route
 * sends neither. Both are own enumerable accessors, so a spread or
 * `toEqual` sees the same fields as `toRecord`'s.
 */
function withStatusBytes(row: any): StoredRecord {
  const bytes: Buffer | undefined = opt(row.status_json_bytes);
  const versionsJson: unknown = row.deployment_versions;
  let text: string | undefined;
  let versions: Record<string, string | null> | undefined;
  let versionsParsed = false;
  const record: StoredRecord = {
    ...plainColumns(row),
    get deploymentVersions() {
      if (!versionsParsed) {
        versions = parseJson(versionsJson);
        versionsParsed = true;
      }
      return versions;
    },
    get statusJson() {
      return bytes ? (text ??= bytes.toString('utf8')) : undefined;
    },
  };
  if (bytes) {
    Object.defineProperty(record, 'statusJsonBytes', {
      value: bytes,
      enumerable: false,
    });
  }
  return record;
}

function applyFilter(query: Knex.QueryBuilder, filter: StatusFilter) {
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

/** Knex implementation over the status table. */
export class DatabaseStatusQueryStore implements StatusQueryStore {
  readonly #sqlite: boolean;
  /** The better-sqlite3 connection of the last pooled read (see `#sqliteGetRecord`). */
  #readConnection: SqliteConnection | undefined;

  constructor(private readonly db: Knex) {
    this.#sqlite = (db.client as any)?.driverName === 'better-sqlite3';
  }

  async getRecord(entityRef: string): Promise<StoredRecord | undefined> {
    const key = refKey(entityRef);
    if (this.#sqlite) {
      const row = await this.#sqliteGetRecord(key);
      return row ? withStatusBytes(row) : undefined;
    }
    const row = rawRows(await this.db.raw(GET_RECORD_SQL, [key]))[0];
    return row ? toRecord(row) : undefined;
  }

  /**
   * `GET_RECORD_SQL` with its prepared statement. better-sqlite3 is
   * synchronous, so when no query or transaction holds a connection of the
   * pool, a read on the connection the last read used cannot interleave with
   * anything and sees only committed rows: it runs without the pool's
   * acquire and release (promises and a timer per read, a tenth of the status
   * route's CPU). Otherwise it waits for a connection like any query.
   */
  async #sqliteGetRecord(key: string): Promise<unknown> {
    const client = this.db.client as any;
    const pool = client.pool as SqlitePool | undefined;
    const idle = this.#readConnection;
    if (
      idle?.open &&
      pool &&
      pool.numUsed() === 0 &&
      pool.numPendingAcquires() === 0 &&
      pool.numPendingCreates() === 0
    ) {
      return sqliteStatement(idle).get(key);
    }
    const connection = await client.acquireConnection();
    try {
      this.#readConnection = connection;
      return sqliteStatement(connection).get(key);
    } finally {
      await client.releaseConnection(connection);
    }
  }

  async getRecords(refKeys: string[]): Promise<StoredRecord[]> {
    const byKey = new Map<string, StoredRecord>();
    for (const part of chunk(refKeys, IN_BATCH)) {
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
    applyFilter(query, filter);
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
    applyFilter(query, filter);
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
}
