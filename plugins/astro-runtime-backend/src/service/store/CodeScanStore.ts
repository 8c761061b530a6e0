import { createHash } from 'crypto';
import type { Knex } from 'knex';
import {
  countBlockingFindings,
  type CodeBlockerCount,
  type CodeSkippedFile,
  type FileScan,
} from '@backstage-astro/plugin-astro-runtime-common';
import { chunk, IN_BATCH, rawRows, refKey, STATUS } from './util';
import { decodeCodeScanFiles, encodeCodeScanFiles } from './codeScanFiles';

/** One light row per entity: what an unchanged refresh reads. */
const TABLE = 'astro_runtime_code_scan';
/** The per-file scans of each entity, read only when they are needed. */
const FILES = 'astro_runtime_code_scan_files';
const HEADS_SQL = `SELECT ref_key, tree_etag, engine, fingerprint, scanned_at FROM ${TABLE} WHERE ref_key IN`;
/**
 * How long head reads wait for others to share their query. A refresh reads
 * the head beside the request for the tree (tens of milliseconds), so the
 * wait is not on its path.
 */
const HEAD_BATCH_MS = 5;

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
  /** `ruff 0.16.10`: scans by another engine are not reused. */
  engine: string;
  files: CachedFileScan[];
  skipped: CodeSkippedFile[];
  scannedAt: string;
}

/**
 * The light part of a cached scan, without the per-file scans: enough to
 * ask the SCM whether the tree changed and, when not, to tell what the
 * findings depend on.
 */
export interface CodeScanHead {
  treeEtag?: string;
  engine: string;
  /**
   * `codeScanFingerprint` of the cached scan; undefined for scans cached
   * before it was kept (their next scan reads the files once to compute it).
   */
  fingerprint?: string;
  scannedAt: string;
}

/** Where the code scans are cached (per entity: a head and the per-file scans). */
export interface CodeScanStore {
  /** The head of an entity's cached scan (one small row). */
  getHead(entityRef: string): Promise<CodeScanHead | undefined>;
  /** The heads of these entities' cached scans, by ref key (`refKey`). */
  getHeads(entityRefs: string[]): Promise<Map<string, CodeScanHead>>;
  /**
   * The whole cached scan; undefined when there is none or its per-file
   * scans are missing or unreadable (an unreadable cache only costs a rescan).
   */
  get(entityRef: string): Promise<CachedCodeScan | undefined>;
  /** Stores a scan, head and files together (its fingerprint is computed here). */
  put(entityRef: string, scan: CachedCodeScan): Promise<void>;
  /** Records the tree etag of a listing whose files gave the same scan. */
  setTreeEtag(entityRef: string, treeEtag: string | undefined): Promise<void>;
  /** Forgets an entity's scan (the next one reads the whole tree again). */
  delete(entityRef: string): Promise<void>;
  /** Deletes the scans of entities that have no status row any more. */
  prune(): Promise<number>;
  /**
   * Blocking findings summed in SQL over the scans of Astro entities, and
   * the entities with at least one; `onlyKeys` restricts to those ref keys
   * (additive over disjoint key sets).
   */
  blockingTotals(onlyKeys?: string[]): Promise<CodeBlockerCount>;
}

/**
 * What the findings of a scan depend on (engine, files and their hashes,
 * skipped files): equal fingerprints mean the same findings.
 */
export function codeScanFingerprint(
  scan: Pick<CachedCodeScan, 'engine' | 'files' | 'skipped'>,
): string {
  return createHash('sha1')
    .update(
      JSON.stringify([
        scan.engine,
        scan.files.map(f => [f.path, f.hash]),
        scan.skipped,
      ]),
    )
    .digest('hex');
}

/** Findings with severity `blocking` in a cached scan (as its status counts them). */
export function blockingFindings(scan: CachedCodeScan): number {
  return countBlockingFindings(scan.files.map(f => f.scan));
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

function headOf(row: {
  tree_etag?: string | null;
  engine: string;
  fingerprint?: string | null;
  scanned_at: string;
}): CodeScanHead {
  return {
    treeEtag: row.tree_etag ?? undefined,
    engine: row.engine,
    fingerprint: row.fingerprint ?? undefined,
    scannedAt: row.scanned_at,
  };
}

/**
 * Knex implementation on the plugin's database; the tables are created by
 * the plugin's migrations (run by `createPersistenceContext`).
 */
export class DatabaseCodeScanStore implements CodeScanStore {
  /** Heads asked for since the last read, by ref key. */
  #wanted = new Map<string, Array<Waiter<CodeScanHead | undefined>>>();

  constructor(private readonly knex: Knex) {}

  /**
   * Heads asked for within a few milliseconds of each other (a refresh asks
   * for one per entity in flight) are read in one query.
   */
  getHead(entityRef: string): Promise<CodeScanHead | undefined> {
    const key = refKey(entityRef);
    return new Promise((resolve, reject) => {
      const waiters = this.#wanted.get(key);
      if (waiters) {
        waiters.push({ resolve, reject });
        return;
      }
      if (this.#wanted.size === 0) {
        setTimeout(() => this.#readWanted(), HEAD_BATCH_MS);
      }
      this.#wanted.set(key, [{ resolve, reject }]);
    });
  }

  async #readWanted() {
    const wanted = this.#wanted;
    this.#wanted = new Map();
    for (const keys of chunk([...wanted.keys()], IN_BATCH)) {
      try {
        const heads = await this.getHeads(keys);
        for (const key of keys) {
          for (const w of wanted.get(key)!) w.resolve(heads.get(key));
        }
      } catch (e) {
        for (const key of keys) {
          for (const w of wanted.get(key)!) w.reject(e);
        }
      }
    }
  }

  async getHeads(entityRefs: string[]): Promise<Map<string, CodeScanHead>> {
    const out = new Map<string, CodeScanHead>();
    const keys = [...new Set(entityRefs.map(refKey))];
    for (const part of chunk(keys, IN_BATCH)) {
      // plain SQL: this runs for every entity of every refresh
      const rows = rawRows(
        await this.knex.raw(
          `${HEADS_SQL} (${part.map(() => '?').join(', ')})`,
          part,
        ),
      );
      for (const row of rows) {
        out.set(row.ref_key, headOf(row));
      }
    }
    return out;
  }

  async get(entityRef: string): Promise<CachedCodeScan | undefined> {
    const row = await this.knex(TABLE)
      .join(FILES, `${FILES}.ref_key`, `${TABLE}.ref_key`)
      .select(
        `${TABLE}.tree_etag`,
        `${TABLE}.engine`,
        `${TABLE}.scanned_at`,
        `${FILES}.files_json`,
      )
      .where(`${TABLE}.ref_key`, refKey(entityRef))
      .first();
    if (!row) return undefined;
    // an unreadable cache only costs a rescan
    const stored = decodeCodeScanFiles(row.files_json);
    if (!stored) return undefined;
    return {
      treeEtag: row.tree_etag ?? undefined,
      engine: row.engine,
      files: stored.files,
      skipped: stored.skipped,
      scannedAt: row.scanned_at,
    };
  }

  async put(entityRef: string, scan: CachedCodeScan): Promise<void> {
    const key = refKey(entityRef);
    const head = {
      ref_key: key,
      tree_etag: scan.treeEtag ?? null,
      engine: scan.engine,
      fingerprint: codeScanFingerprint(scan),
      scanned_at: scan.scannedAt,
      blocking: blockingFindings(scan),
    };
    const files = {
      ref_key: key,
      files_json: encodeCodeScanFiles(scan.files, scan.skipped),
    };
    // head and files change together: a head never points at other files
    await this.knex.transaction(async tx => {
      await tx(TABLE).insert(head).onConflict('ref_key').merge();
      await tx(FILES).insert(files).onConflict('ref_key').merge();
    });
  }

  async setTreeEtag(
    entityRef: string,
    treeEtag: string | undefined,
  ): Promise<void> {
    await this.knex(TABLE)
      .where({ ref_key: refKey(entityRef) })
      .update({ tree_etag: treeEtag ?? null });
  }

  async delete(entityRef: string): Promise<void> {
    const key = refKey(entityRef);
    await this.knex.transaction(async tx => {
      await tx(TABLE).where({ ref_key: key }).delete();
      await tx(FILES).where({ ref_key: key }).delete();
    });
  }

  async prune(): Promise<number> {
    return this.knex.transaction(async tx => {
      const removed = await tx(TABLE)
        .whereNotIn('ref_key', tx(STATUS).select('ref_key'))
        .delete();
      await tx(FILES)
        .whereNotIn('ref_key', tx(TABLE).select('ref_key'))
        .delete();
      return removed;
    });
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
  readonly heads = new Map<string, CodeScanHead & { blocking: number }>();
  readonly rows = new Map<string, CachedCodeScan>();
  async getHead(entityRef: string) {
    const head = this.heads.get(refKey(entityRef));
    return (
      head &&
      headOf({
        tree_etag: head.treeEtag,
        engine: head.engine,
        fingerprint: head.fingerprint,
        scanned_at: head.scannedAt,
      })
    );
  }
  async getHeads(entityRefs: string[]) {
    const out = new Map<string, CodeScanHead>();
    for (const ref of entityRefs) {
      const head = await this.getHead(ref);
      if (head) out.set(refKey(ref), head);
    }
    return out;
  }
  async get(entityRef: string) {
    const key = refKey(entityRef);
    const row = this.heads.has(key) ? this.rows.get(key) : undefined;
    return row && structuredClone(row);
  }
  async put(entityRef: string, scan: CachedCodeScan) {
    const key = refKey(entityRef);
    this.heads.set(key, {
      treeEtag: scan.treeEtag,
      engine: scan.engine,
      fingerprint: codeScanFingerprint(scan),
      scannedAt: scan.scannedAt,
      blocking: blockingFindings(scan),
    });
    this.rows.set(key, structuredClone(scan));
  }
  async setTreeEtag(entityRef: string, treeEtag: string | undefined) {
    const key = refKey(entityRef);
    const head = this.heads.get(key);
    const row = this.rows.get(key);
    if (head) head.treeEtag = treeEtag;
    if (row) row.treeEtag = treeEtag;
  }
  async delete(entityRef: string) {
    this.heads.delete(refKey(entityRef));
    this.rows.delete(refKey(entityRef));
  }
  async prune() {
    return 0;
  }
  async blockingTotals(onlyKeys?: string[]): Promise<CodeBlockerCount> {
    const only = onlyKeys && new Set(onlyKeys);
    let findings = 0;
    let projects = 0;
    for (const [key, head] of this.heads) {
      if (only && !only.has(key)) continue;
      findings += head.blocking;
      projects += head.blocking > 0 ? 1 : 0;
    }
    return { findings, projects };
  }
}
