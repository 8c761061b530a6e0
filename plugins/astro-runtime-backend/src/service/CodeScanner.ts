import { createHash } from 'crypto';
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
import type {
  CachedCodeScan,
  CachedFileScan,
  CodeScanStore,
} from './CodeScanStore';
import { listLocal, listTree, type Listed, type Listing } from './CodeListing';
import {
  DEFAULT_CODE_SCAN_CONFIG,
  type CodeScanConfig,
} from './CodeScanConfig';
import type { ProjectLocation } from './ProjectLocator';
import { isUnder, unsafeRelativePath } from './ProjectReader';

/** The engine the cached scans must come from. */
export const CODE_ENGINE = `ruff ${RUFF_VERSION}`;
const ENGINE = { name: 'ruff', version: RUFF_VERSION };

/** The outcome of scanning an entity's code. */
export interface CodeScanResult {
  /** The findings (the last good ones, with `error`, when this attempt failed); undefined when there are none. */
  code?: CodeStatus;
  /**
   * What the findings depend on (engine, files and their hashes, skipped
   * files, the failure): equal fingerprints mean the same findings.
   */
  fingerprint: string;
  /** Files handed to the engine in this attempt (0 when nothing changed). */
  rescanned: number;
  error?: Error;
}

/**
 * Scans the Python code of an entity's project with ruff's Airflow 3 rules:
 * lists the project folder through the UrlReader (`readTree` with the tree's
 * etag; local `file:` projects from disk, confined like the Dockerfile),
 * rescans only files whose content changed (scans cached per path and hash),
 * in batches on the worker pool, and keeps the last good findings when a read
 * fails.
 */
export class CodeScanner {
  readonly #config: CodeScanConfig;

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
  }

  get enabled(): boolean {
    return this.#config.enabled;
  }

  async scan(
    location: ProjectLocation,
    signal?: AbortSignal,
  ): Promise<CodeScanResult> {
    const now = (this.options.now ?? (() => new Date()))().toISOString();
    let prev: CachedCodeScan | undefined;
    try {
      prev = await this.options.store.get(location.entityRef);
    } catch (e) {
      this.options.logger.warn(
        `Could not read the cached code scan of ${
          location.entityRef
        }: ${errorMessage(e)}`,
      );
    }
    if (prev && prev.engine !== CODE_ENGINE) {
      prev = undefined;
    }
    try {
      const listing = await this.#list(location, prev, signal);
      if (!listing.files) {
        // the tree is unchanged: the stored scans are the findings
        return { ...this.#result(prev!, prev!.scannedAt), rescanned: 0 };
      }
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
      const same = prev && this.#fingerprint(prev) === this.#fingerprint(next);
      if (same) next.scannedAt = prev!.scannedAt;
      if (!same || prev?.treeEtag !== next.treeEtag) {
        try {
          await this.options.store.put(location.entityRef, next);
        } catch (e) {
          this.options.logger.warn(
            `Could not cache the code scan of ${
              location.entityRef
            }: ${errorMessage(e)}`,
          );
        }
      }
      return {
        ...this.#result(next, next.scannedAt),
        rescanned: toScan.length,
      };
    } catch (e) {
      if (signal?.aborted) throw e;
      const error = isError(e) ? (e as Error) : new Error(String(e));
      if (!prev) {
        return { fingerprint: `error:${error.message}`, rescanned: 0, error };
      }
      // keep the last good findings, and say why they are not newer
      const kept = this.#result(prev, prev.scannedAt);
      return {
        code: { ...kept.code!, error: { message: error.message, at: now } },
        fingerprint: `${kept.fingerprint}:error:${error.message}`,
        rescanned: 0,
        error,
      };
    }
  }

  #fingerprint(scan: CachedCodeScan): string {
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

  #result(scan: CachedCodeScan, scannedAt: string) {
    const findings = summarizeCodeScans(
      scan.files.map(f => f.scan),
      scan.skipped,
      ENGINE,
    );
    return {
      code: { ...findings, scannedAt } as CodeStatus,
      fingerprint: this.#fingerprint(scan),
    };
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
    prev: CachedCodeScan | undefined,
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
        prev,
        signal,
      );
    }
    const { integrations } = this.options;
    const url = integrations.resolveUrl({
      url: relative ? `./${relative}` : './',
      base: source.base,
    });
    const baseUrl = integrations.resolveUrl({ url: './', base: source.base });
    if (!isUnder(url, baseUrl)) {
      throw new UpstreamError(
        `Refusing to read the code of ${location.entityRef}: it resolves outside the entity's source location`,
        { code: 'path-outside-location' },
      );
    }
    return listTree(this.options.urlReader, this.#config, url, prev, signal);
  }
}
