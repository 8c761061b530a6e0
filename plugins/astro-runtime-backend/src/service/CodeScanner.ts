import path from 'path';
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import { isError } from '@backstage/errors';
import {
  codeRuleForName,
  selectCodeFiles,
  summarizeCodeScans,
  type CodeStatus,
  type FileScan,
} from '@backstage-astro/plugin-astro-runtime-common';
import {
  RUFF_VERSION,
  isRetryableWorkerError,
  type AstroRuntimeWorkerPool,
  type ScanFilesTaskOutput,
} from '@backstage-astro/plugin-astro-runtime-node';
import { errorMessage, UpstreamError } from '../errors';
import { refKey } from './store/util';
import {
  codeScanFingerprint,
  type CachedCodeScan,
  type CachedFileScan,
  type CodeScanHead,
  type CodeScanStore,
} from './CodeScanStore';
import { listLocal, listTree, type Listed, type Listing } from './CodeListing';
import {
  DEFAULT_CODE_SCAN_CONFIG,
  type CodeScanConfig,
} from './CodeScanConfig';
import type { ProjectLocation } from './ProjectLocator';
import { unsafeRelativePath } from './ProjectReader';
import { ScmUrlResolver } from './scmUrls';

/** The engine the cached scans must come from. */
export const CODE_ENGINE = `ruff ${RUFF_VERSION}`;
const ENGINE = { name: 'ruff', version: RUFF_VERSION };

/** The outcome of scanning an entity's code. */
export interface CodeScanResult {
  /**
   * The findings (the last good ones, with `error`, when this attempt
   * failed); absent when there are none. Loaded when called (from the cache
   * when the tree is unchanged), so ask only to write them. Resolves
   * undefined when the cached per-file scans are lost (the scan is then
   * forgotten: the next one reads the whole tree); rejects when the cache
   * cannot be read.
   */
  code?: () => Promise<CodeStatus | undefined>;
  /**
   * What the findings depend on (engine, files and their hashes, skipped
   * files, the failure): equal fingerprints mean the same findings.
   */
  fingerprint: string;
  /** Files handed to the engine in this attempt (0 when nothing changed). */
  rescanned: number;
  error?: Error;
}

/** Tree etags remembered (about 200 bytes each). */
const REMEMBERED = 20_000;

/** A cached scan's head whose fingerprint is known. */
type KnownHead = CodeScanHead & { fingerprint: string };

/** Runs `load` once, on the first call. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= load());
}

/**
 * Scans the Python code of an entity's project with ruff's Airflow 3 rules:
 * lists the project folder through the UrlReader (`readTree` with the tree's
 * etag; local `file:` projects from disk, confined like the Dockerfile),
 * rescans only files whose content changed (scans cached per path and hash),
 * in batches on the worker pool, and keeps the last good findings when a read
 * fails.
 *
 * An unchanged tree costs the cached scan's head (tree etag, engine,
 * fingerprint) and the conditional `readTree`: the per-file scans are read
 * when the tree changed, or when the findings are written into a status.
 */
export class CodeScanner {
  readonly #config: CodeScanConfig;
  /** Project folder URLs, resolved once per base and folder. */
  readonly #urls: ScmUrlResolver;
  /** The tree etag of each entity's stored scan, as this scanner left it. */
  readonly #treeEtags = new Map<string, string>();

  constructor(
    private readonly options: {
      urlReader: UrlReaderService;
      integrations: ScmIntegrationRegistry;
      workers: AstroRuntimeWorkerPool;
      store: CodeScanStore;
      logger: LoggerService;
      config?: Partial<CodeScanConfig>;
      now?: () => Date;
    },
  ) {
    this.#config = { ...DEFAULT_CODE_SCAN_CONFIG, ...options.config };
    this.#urls = new ScmUrlResolver(options.integrations);
  }

  get enabled(): boolean {
    return this.#config.enabled;
  }

  async scan(
    location: ProjectLocation,
    signal?: AbortSignal,
  ): Promise<CodeScanResult> {
    const { store, logger } = this.options;
    const ref = location.entityRef;
    const key = refKey(ref);
    const now = (this.options.now ?? (() => new Date()))().toISOString();
    // the whole cached scan, read once when needed (of this engine only)
    let loadPrev = once(async () => {
      const full = await store.get(ref);
      return full?.engine === CODE_ENGINE ? full : undefined;
    });
    // the tree is asked for with the etag this scanner stored last, while
    // the head is read: the head decides whether that answer stands
    const guess =
      location.source?.type === 'url' ? this.#treeEtags.get(key) : undefined;
    const early =
      guess === undefined
        ? undefined
        : this.#list(location, guess, loadPrev, signal).then(
            listing => ({ listing }),
            (error: unknown) => ({ error }),
          );
    let head: KnownHead | undefined;
    let stale = false;
    try {
      ({ head, stale } = await this.#head(location, loadPrev));
    } catch (e) {
      logger.warn(
        `Could not read the cached code scan of ${ref}: ${errorMessage(e)}`,
      );
    }
    if (!head) {
      loadPrev = async () => undefined;
    }
    // the last good findings, summarised when asked
    const lastGood = (error?: { message: string; at: string }) =>
      once(async () => {
        const prev = await loadPrev();
        if (!prev) {
          logger.warn(
            `The cached code scan of ${ref} is lost; its next scan reads the whole tree`,
          );
          this.#treeEtags.delete(key);
          await store.delete(ref).catch(() => undefined);
          return undefined;
        }
        const code = this.#findings(prev);
        return error ? { ...code, error } : code;
      });
    try {
      let listing: Listing | undefined;
      if (early) {
        const answer = await early;
        // a listing of files is the tree now, whatever etag was asked with;
        // "unchanged" and failures count only when asked with the head's etag
        if ('listing' in answer) {
          if (answer.listing.files || head?.treeEtag === guess) {
            listing = answer.listing;
          }
        } else if (head?.treeEtag === guess) {
          throw answer.error;
        }
      }
      listing ??= await this.#list(location, head?.treeEtag, loadPrev, signal);
      if (!listing.files) {
        // the tree is unchanged: the stored scans are the findings
        if (stale) await this.#put(ref, await loadPrev());
        this.#rememberTree(key, head!.treeEtag);
        return {
          code: lastGood(),
          fingerprint: head!.fingerprint,
          rescanned: 0,
        };
      }
      const prev = await loadPrev().catch(e => {
        logger.warn(
          `Could not read the cached code scan of ${ref}: ${errorMessage(e)}`,
        );
        return undefined;
      });
      const cached = new Map(prev?.files.map(f => [f.path, f]) ?? []);
      const { scan, skipped } = selectCodeFiles(
        listing.files.map(f => f.entry),
        {
          maxFiles: this.#config.maxFiles,
        },
      );
      const byPath = new Map(listing.files.map(f => [f.entry.path, f]));
      const files: CachedFileScan[] = [];
      const toScan: Listed[] = [];
      for (const entry of scan) {
        const listed = byPath.get(entry.path)!;
        const hit = cached.get(entry.path);
        if (hit && hit.hash === listed.hash) {
          files.push(hit);
        } else if (listed.bytes) {
          toScan.push(listed);
        } else {
          // listed as unchanged against a scan that is gone: read it again next time
          throw new Error(`${entry.path} was not read and has no cached scan`);
        }
      }
      const fresh = await this.#scanFiles(location, toScan, signal);
      files.push(...fresh);
      files.sort((a, b) => (a.path < b.path ? -1 : Number(a.path > b.path)));
      const next: CachedCodeScan = {
        treeEtag: listing.treeEtag,
        engine: CODE_ENGINE,
        files,
        skipped: [...listing.skipped, ...skipped],
        scannedAt: toScan.length || !prev ? now : prev.scannedAt,
      };
      const fingerprint = codeScanFingerprint(next);
      const same = prev && head?.fingerprint === fingerprint;
      if (same) next.scannedAt = prev.scannedAt;
      let stored = true;
      if (!same || stale) {
        stored = await this.#put(ref, next);
      } else if (prev.treeEtag !== next.treeEtag) {
        // another commit, the same Python files: only the etag is new
        try {
          await store.setTreeEtag(ref, next.treeEtag);
        } catch (e) {
          stored = false;
          logger.warn(
            `Could not cache the code scan of ${ref}: ${errorMessage(e)}`,
          );
        }
      }
      this.#rememberTree(key, stored ? next.treeEtag : undefined);
      return {
        code: once(async () => this.#findings(next)),
        fingerprint,
        rescanned: toScan.length,
      };
    } catch (e) {
      if (signal?.aborted) throw e;
      const error = isError(e) ? (e as Error) : new Error(String(e));
      this.#rememberTree(key, head?.treeEtag);
      if (!head) {
        return { fingerprint: `error:${error.message}`, rescanned: 0, error };
      }
      // keep the last good findings, and say why they are not newer
      return {
        code: lastGood({ message: error.message, at: now }),
        fingerprint: `${head.fingerprint}:error:${error.message}`,
        rescanned: 0,
        error,
      };
    }
  }

  /** Remembers the tree etag of an entity's stored scan (the next scan's guess). */
  #rememberTree(key: string, treeEtag: string | undefined) {
    if (treeEtag === undefined) {
      this.#treeEtags.delete(key);
      return;
    }
    if (this.#treeEtags.size >= REMEMBERED && !this.#treeEtags.has(key)) {
      this.#treeEtags.clear();
    }
    this.#treeEtags.set(key, treeEtag);
  }

  /**
   * The head of the cached scan of this engine, with its fingerprint:
   * computed from the whole scan for local projects (their listing compares
   * every file with it anyway) and for heads cached before fingerprints were
   * kept (`stale`: the next put stores it).
   */
  async #head(
    location: ProjectLocation,
    loadPrev: () => Promise<CachedCodeScan | undefined>,
  ): Promise<{ head?: KnownHead; stale: boolean }> {
    const headOf = (h: CodeScanHead, fingerprint: string): KnownHead => ({
      treeEtag: h.treeEtag,
      engine: h.engine,
      scannedAt: h.scannedAt,
      fingerprint,
    });
    if (location.source?.type === 'file') {
      const full = await loadPrev();
      return {
        head: full && headOf(full, codeScanFingerprint(full)),
        stale: false,
      };
    }
    const head = await this.options.store.getHead(location.entityRef);
    if (!head || head.engine !== CODE_ENGINE) {
      return { stale: false };
    }
    if (head.fingerprint) {
      return { head: headOf(head, head.fingerprint), stale: false };
    }
    const full = await loadPrev();
    return {
      head: full && headOf(head, codeScanFingerprint(full)),
      stale: true,
    };
  }

  /** Caches a scan; a failure only costs a rescan later. */
  async #put(ref: string, scan: CachedCodeScan | undefined): Promise<boolean> {
    if (!scan) return false;
    try {
      await this.options.store.put(ref, scan);
      return true;
    } catch (e) {
      this.options.logger.warn(
        `Could not cache the code scan of ${ref}: ${errorMessage(e)}`,
      );
      return false;
    }
  }

  #findings(scan: CachedCodeScan): CodeStatus {
    const findings = summarizeCodeScans(
      scan.files.map(f => f.scan),
      scan.skipped,
      ENGINE,
    );
    return { ...findings, scannedAt: scan.scannedAt };
  }

  /** Scans files on the worker pool, in batches (a failed batch is retried file by file). */
  async #scanFiles(
    location: ProjectLocation,
    files: Listed[],
    signal?: AbortSignal,
  ): Promise<CachedFileScan[]> {
    const batches: Listed[][] = [];
    let batch: Listed[] = [];
    let bytes = 0;
    for (const f of files) {
      // a batch stays small enough to finish well within the task's time limit
      if (
        batch.length >= this.#config.batchSize ||
        (batch.length && bytes + f.entry.size > 1024 * 1024)
      ) {
        batches.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(f);
      bytes += f.entry.size;
    }
    if (batch.length) batches.push(batch);
    const run = (list: Listed[]) =>
      this.options.workers.run<ScanFilesTaskOutput>(
        'scanCode',
        { files: list.map(f => ({ path: f.entry.path, bytes: f.bytes! })) },
        { signal },
      );
    const out = await Promise.all(
      batches.map(async list => {
        let scans: FileScan[];
        try {
          scans = (await run(list)).scans;
        } catch (e) {
          if (!isRetryableWorkerError(e)) {
            throw e;
          }
          // over the time or heap limit: retried file by file, so that one
          // hostile file fails alone (a scan-error finding, cached by its hash)
          scans =
            list.length === 1
              ? [this.#errorScan(list[0], e.message)]
              : await Promise.all(
                  list.map(async f => {
                    try {
                      return (await run([f])).scans[0];
                    } catch (inner) {
                      if (!isRetryableWorkerError(inner)) {
                        throw inner;
                      }
                      return this.#errorScan(f, inner.message);
                    }
                  }),
                );
        }
        return scans.map((scan, i) => ({
          path: list[i].entry.path,
          hash: list[i].hash,
          scan,
        }));
      }),
    );
    this.options.logger.debug?.(
      `Scanned ${files.length} Python files of ${location.entityRef} in ${batches.length} tasks`,
    );
    return out.flat();
  }

  #errorScan(f: Listed, message: string): FileScan {
    return {
      file: f.entry.path,
      bytes: f.entry.size,
      findings: [
        {
          file: f.entry.path,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 1,
          rule: 'scan-error',
          name: 'scan-error',
          message: `The scan of this file failed: ${message}`,
          help: null,
          severity: codeRuleForName('scan-error').severity,
          fix: null,
        },
      ],
    };
  }

  async #list(
    location: ProjectLocation,
    treeEtag: string | undefined,
    loadPrev: () => Promise<CachedCodeScan | undefined>,
    signal?: AbortSignal,
  ): Promise<Listing> {
    const source = location.source;
    if (!source) {
      throw new UpstreamError(
        `Cannot read the code of ${location.entityRef}: ${
          location.sourceError ?? 'no source location'
        }`,
        { code: 'no-source-location' },
      );
    }
    const relative = location.projectPath === '.' ? '' : location.projectPath;
    const unsafe = relative ? unsafeRelativePath(relative) : undefined;
    if (unsafe) {
      throw new UpstreamError(
        `Refusing to read the code of ${location.entityRef} in ${relative}: ${unsafe}`,
        { code: 'path-outside-location' },
      );
    }
    if (source.type === 'file') {
      return listLocal(
        this.#config,
        source.root,
        path.join(source.dir, relative),
        await loadPrev(),
        signal,
      );
    }
    const url = this.#urls.under(source.base, relative);
    if (url === undefined) {
      throw new UpstreamError(
        `Refusing to read the code of ${location.entityRef}: it resolves outside the entity's source location`,
        { code: 'path-outside-location' },
      );
    }
    return listTree(
      this.options.urlReader,
      this.#config,
      url,
      treeEtag,
      signal,
    );
  }
}
