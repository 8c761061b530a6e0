import type { Knex } from 'knex';
import {
  summarizeCodeScans,
  type CodeBlockerCount,
  type CodeSkippedFile,
  type FileScan,
} from '@backstage-astro/plugin-astro-runtime-common';
import { refKey, STATUS } from './util';

const TABLE = 'astro_runtime_code_scan';

/** The scan of one file, with what identifies its content. */
export interface CachedFileScan {
  path: string;
  /** Content hash (`sha256:...`) or, for local files, the file's etag. */
  hash: string;
  scan: FileScan;
}

/** The cached scan of an entity's code. */
export interface CachedCodeScan {
  /** Etag of the last listing (SCM tree), when the reader gave one. */
  treeEtag?: string;
  /** `ruff 0.17.4`: scans by another engine are not reused. */
  engine: string;
  files: CachedFileScan[];
  skipped: CodeSkippedFile[];
  scannedAt: string;
}

/** Where the code scans are cached (one row per entity). */
export interface CodeScanStore {
  get(entityRef: string): Promise<CachedCodeScan | undefined>;
  put(entityRef: string, scan: CachedCodeScan): Promise<void>;
  /** Deletes the scans of entities that have no status row any more. */
  prune(): Promise<number>;
  /**
   * Blocking findings summed in SQL over the scans of Astro entities, and
   * the entities with at least one; `onlyKeys` restricts to those ref keys
   * (additive over disjoint key sets).
   */
  blockingTotals(onlyKeys?: string[]): Promise<CodeBlockerCount>;
}

/** Findings with severity `blocking` in a cached scan (as its status counts them). */
export function blockingFindings(scan: CachedCodeScan): number {
  return summarizeCodeScans(
    scan.files.map(f => f.scan),
    [],
    { name: scan.engine, version: '' },
  ).blocking;
}

/**
 * Knex implementation on the plugin's database; the table is created by the
 * plugin's migrations (run by `createPersistenceContext`).
 */
export class DatabaseCodeScanStore implements CodeScanStore {
  constructor(private readonly knex: Knex) {}

  async get(entityRef: string): Promise<CachedCodeScan | undefined> {
    const row = await this.knex(TABLE)
      .where({ ref_key: refKey(entityRef) })
      .first();
    if (!row) return undefined;
    let parsed: { files?: CachedFileScan[]; skipped?: CodeSkippedFile[] };
    try {
      parsed = JSON.parse(row.files_json);
    } catch {
      // an unreadable cache only costs a rescan
      return undefined;
    }
    return {
      treeEtag: row.tree_etag ?? undefined,
      engine: row.engine,
      files: Array.isArray(parsed.files) ? parsed.files : [],
      skipped: Array.isArray(parsed.skipped) ? parsed.skipped : [],
      scannedAt: row.scanned_at,
    };
  }

  async put(entityRef: string, scan: CachedCodeScan): Promise<void> {
    const row = {
      ref_key: refKey(entityRef),
      tree_etag: scan.treeEtag ?? null,
      engine: scan.engine,
      files_json: JSON.stringify({ files: scan.files, skipped: scan.skipped }),
      scanned_at: scan.scannedAt,
      blocking: blockingFindings(scan),
    };
    await this.knex(TABLE).insert(row).onConflict('ref_key').merge();
  }

  async prune(): Promise<number> {
    return this.knex(TABLE)
      .whereNotIn('ref_key', this.knex(STATUS).select('ref_key'))
      .delete();
  }

  async blockingTotals(onlyKeys?: string[]): Promise<CodeBlockerCount> {
    const query = this.knex(TABLE)
      .select(
        this.knex.raw('COALESCE(SUM(blocking), 0) AS findings'),
        this.knex.raw(
          'COALESCE(SUM(CASE WHEN blocking > 0 THEN 1 ELSE 0 END), 0) AS projects',
        ),
      )
      .whereIn(
        'ref_key',
        this.knex(STATUS).select('ref_key').where('is_astro', true),
      );
    if (onlyKeys) {
      query.whereIn('ref_key', onlyKeys);
    }
    const [row] = await query;
    return {
      findings: Number(row?.findings ?? 0),
      projects: Number(row?.projects ?? 0),
    };
  }
}

/** In memory, for tests and tools. */
export class MemoryCodeScanStore implements CodeScanStore {
  readonly rows = new Map<string, CachedCodeScan>();
  async get(entityRef: string) {
    const row = this.rows.get(refKey(entityRef));
    return row && structuredClone(row);
  }
  async put(entityRef: string, scan: CachedCodeScan) {
    this.rows.set(refKey(entityRef), structuredClone(scan));
  }
  async prune() {
    return 0;
  }
  async blockingTotals(onlyKeys?: string[]): Promise<CodeBlockerCount> {
    const only = onlyKeys && new Set(onlyKeys);
    let findings = 0;
    let projects = 0;
    for (const [key, scan] of this.rows) {
      if (only && !only.has(key)) continue;
      const n = blockingFindings(scan);
      findings += n;
      projects += n > 0 ? 1 : 0;
    }
    return { findings, projects };
  }
}
