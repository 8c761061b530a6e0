import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { RefreshProgress } from '@backstage-astro/plugin-astro-runtime-common';
import {
  type AstroRuntimeWorkerPool,
  createInProcessAstroRuntimeWorkerPool,
} from '@backstage-astro/plugin-astro-runtime-node';
import { errorMessage } from '../errors';
import { CandidatePages, ListedPage, PreparedPage } from './CandidatePages';
import type { CodeScanner } from './CodeScanner';
import type { DeploymentResolver } from './DeploymentResolver';
import { type GroupCommit, groupCommit } from './GroupCommit';
import { EntityRefresher, RefreshContext } from './EntityRefresher';
import type { ProjectLocation, ProjectLocator } from './ProjectLocator';
import { LOCATOR_FIELDS } from './ProjectLocator';
import type { ProjectReader } from './ProjectReader';
import type { ReleaseCatalogService } from './ReleaseCatalogService';
import type { StatusStore, StatusWrite, StoredRecord } from './StatusStore';
import { refKey } from './StatusStore';
import { LoadGate, type RequestLoad } from './RequestLoad';

export { entityFingerprint, entityMeta } from './entityInputs';
export type { EntityOutcome } from './EntityRefresher';

export interface RefreshServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  locator: ProjectLocator;
  reader: ProjectReader;
  resolver: DeploymentResolver;
  releases: ReleaseCatalogService;
  store: StatusStore;
  logger: LoggerService;
  /** Entities read in parallel. */
  concurrency: number;
  /**
   * Entities read in parallel while `load` says the plugin's routes are
   * serving requests (default: `concurrency`, no throttling).
   */
  concurrencyUnderLoad?: number;
  /** The plugin's HTTP requests in flight: the refresh gives way to them. */
  load?: RequestLoad;
  /** Treat un-annotated Components with an Astro Dockerfile as Astro projects. */
  dockerfileDetection: boolean;
  /**
   * Where repo content is parsed and assessed: the worker pool (time and heap
   * limits, off the event loop). Default: in process, for tests.
   */
  workers?: AstroRuntimeWorkerPool;
  /**
   * Scans each Astro project's Python code with ruff's Airflow 3 rules
   * (`status.code`), concurrently with reading its Dockerfile. None: no scan.
   */
  code?: CodeScanner;
  now?: () => Date;
  /** How often progress is written to the database (default 1 s). */
  progressIntervalMs?: number;
  /** Most writes per database transaction (default 200); a write never waits for a batch to fill. */
  writeBatchSize?: number;
  /** Components per catalog page; one page is assessed while the next loads (default 1000). */
  pageSize?: number;
  /** History rows older than this are pruned after each full refresh (default 400 days). */
  historyRetentionDays?: number;
}

/** Progress as stored: also the entity of `lastError`, so it is shown only to callers who may see it. */
export interface StoredProgress extends RefreshProgress {
  lastErrorEntityRef?: string;
}

function emptyProgress(): RefreshProgress {
  return { running: false, total: 0, done: 0, errors: 0, unchanged: 0 };
}

/**
 * Fills the store: lists the catalog's Components in pages (with the
 * plugin's own credentials), reads the Astro projects' files (conditionally,
 * with bounded concurrency) and Deployments (in bulk per page), assesses
 * with `-common` and writes statuses in batches. A failure keeps the last
 * good status, marked stale. Memory stays bounded by two pages, the write
 * batch and the list of listed refs.
 */
export class RefreshService {
  readonly #o: RefreshServiceOptions;
  readonly #now: () => Date;
  readonly #entities: EntityRefresher;
  /** Admits the full refresh's entities: fewer at once while requests are served. */
  readonly #gate: LoadGate;
  #progress: StoredProgress = emptyProgress();
  #running?: Promise<RefreshProgress>;

  constructor(options: RefreshServiceOptions) {
    this.#gate = new LoadGate({
      max: Math.max(1, options.concurrency),
      underLoad: Math.max(
        1,
        options.concurrencyUnderLoad ?? options.concurrency,
      ),
      load: options.load,
    });
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#entities = new EntityRefresher({
      reader: options.reader,
      resolver: options.resolver,
      workers: options.workers ?? createInProcessAstroRuntimeWorkerPool(),
      logger: options.logger,
      code: options.code,
      now: this.#now,
    });
  }

  /** Progress of the current (or last) refresh, from any replica. */
  async getProgress(): Promise<StoredProgress> {
    if (this.#running) {
      return { ...this.#progress };
    }
    try {
      return (await this.#o.store.loadProgress()) ?? { ...this.#progress };
    } catch {
      return { ...this.#progress };
    }
  }

  /** One page of Components, with the fields the locator needs (own credentials). */
  async #listPage(cursor: string | undefined): Promise<ListedPage> {
    const credentials = await this.#o.auth.getOwnServiceCredentials();
    const limit = this.#o.pageSize ?? 1000;
    const res = await this.#o.catalog.queryEntities(
      cursor
        ? { cursor, limit, fields: LOCATOR_FIELDS }
        : { filter: { kind: 'component' }, limit, fields: LOCATOR_FIELDS },
      { credentials },
    );
    return { items: res.items, nextCursor: res.pageInfo?.nextCursor };
  }

  #isCandidate(entity: Entity, location: ProjectLocation) {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      return false;
    }
    return (
      location.annotated ||
      (this.#o.dockerfileDetection && Boolean(location.source))
    );
  }

  /** A page's candidates, their stored input states and Deployments. */
  async #preparePage(
    entities: Entity[],
    signal?: AbortSignal,
  ): Promise<PreparedPage> {
    const found: Array<{ entity: Entity; location: ProjectLocation }> = [];
    for (const entity of entities) {
      const location = this.#o.locator.locate(entity);
      if (this.#isCandidate(entity, location)) {
        found.push({ entity, location });
      }
    }
    const [stored, prefetched] = await Promise.all([
      this.#o.store.getInputStates(found.map(c => c.location.entityRef)),
      this.#o.resolver.prefetch(
        found
          .filter(c => c.location.deploymentIds.length > 0)
          .map(c => ({
            ids: c.location.deploymentIds,
            organizationId: c.location.organizationId,
          })),
        signal,
        this.#o.concurrency,
      ),
    ]);
    return {
      listed: entities.length,
      candidates: found.map(c => ({
        ...c,
        prev: stored.get(refKey(c.location.entityRef)),
        prefetched,
      })),
    };
  }

  /** Runs one full refresh (the scheduled task). Concurrent calls share the run. */
  refreshAll(signal?: AbortSignal): Promise<RefreshProgress> {
    if (!this.#running) {
      this.#running = this.#refreshAll(signal).finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  /** Saves progress at most once per interval (and logs it every 10 s). */
  #progressSaver(progress: StoredProgress) {
    const { store, logger } = this.#o;
    let lastSaved = 0;
    let lastLogged = Date.now();
    const interval = this.#o.progressIntervalMs ?? 1000;
    return async (force = false) => {
      const now = Date.now();
      if (!force && now - lastSaved < interval) {
        return;
      }
      lastSaved = now;
      try {
        await store.saveProgress({ ...progress }, this.#now().toISOString());
      } catch (e) {
        logger.warn(`Could not save refresh progress: ${errorMessage(e)}`);
      }
      if (now - lastLogged >= 10_000 && progress.running) {
        lastLogged = now;
        logger.info(
          `Astro Runtime refresh: ${progress.done}/${progress.total} entities, ${progress.errors} errors, ${progress.unchanged} unchanged`,
        );
      }
    };
  }

  /** Group commit, one transaction at a time; a failed batch counts as errors. */
  #writer(progress: StoredProgress): GroupCommit<StatusWrite> {
    const { store, logger } = this.#o;
    return groupCommit<StatusWrite>({
      maxBatch: this.#o.writeBatchSize ?? 200,
      write: batch => store.write(batch),
      onError: (e, batch) => {
        progress.errors += batch.length;
        progress.lastError = `database write failed: ${errorMessage(e)}`;
        progress.lastErrorEntityRef = undefined;
        logger.error(`Astro Runtime refresh: ${progress.lastError}`);
      },
    });
  }

  async #refreshAll(signal?: AbortSignal): Promise<RefreshProgress> {
    const { logger } = this.#o;
    const started = Date.now();
    const progress: StoredProgress = {
      running: true,
      startedAt: this.#now().toISOString(),
      total: 0,
      done: 0,
      errors: 0,
      unchanged: 0,
    };
    this.#progress = progress;
    const saveProgress = this.#progressSaver(progress);
    await saveProgress(true);

    try {
      const catalogState = await this.#o.releases.getCatalog();
      logger.info(
        `Astro Runtime refresh started: release catalog ${catalogState.catalog.source} as of ${catalogState.catalog.asOf}`,
      );
      const pages = new CandidatePages({
        list: cursor => this.#listPage(cursor),
        prepare: entities => this.#preparePage(entities, signal),
        onPage: page => {
          progress.total += page.candidates.length;
        },
      });
      const ctx: RefreshContext = {
        catalog: catalogState.catalog,
        signal,
        day: this.#now().toISOString().slice(0, 10),
      };
      const writer = this.#writer(progress);
      let listingError: unknown;

      // a fixed pool of workers pulling from the pages (no promise per entity up front)
      const worker = async () => {
        while (!signal?.aborted && listingError === undefined) {
          let candidate;
          try {
            candidate = await pages.next();
          } catch (e) {
            listingError ??= e;
            return;
          }
          if (!candidate) {
            return;
          }
          const { entity, location, prev, prefetched } = candidate;
          let release: () => void;
          try {
            release = await this.#gate.acquire(signal);
          } catch (e) {
            // the gate fails a wait only when the refresh is aborted
            if (!signal?.aborted) throw e;
            return;
          }
          let outcome;
          try {
            outcome = await this.#entities.process(entity, location, prev, {
              ...ctx,
              prefetched,
            });
          } finally {
            release();
          }
          writer.add(outcome.write);
          progress.done++;
          if (outcome.unchanged) {
            progress.unchanged++;
          }
          if (outcome.error) {
            progress.errors++;
            progress.lastError = `${location.entityRef}: ${outcome.error.message}`;
            progress.lastErrorEntityRef = location.entityRef;
            logger.warn(
              `Astro Runtime refresh of ${location.entityRef} failed: ${outcome.error.message}`,
            );
          }
          await saveProgress();
        }
      };
      await Promise.all(
        Array.from({ length: Math.max(1, this.#o.concurrency) }, worker),
      );
      await writer.flush();
      if (listingError !== undefined) {
        // an incomplete listing: what was assessed is kept, nothing is swept
        throw listingError;
      }
      if (!signal?.aborted) {
        logger.info(
          `Astro Runtime refresh: ${pages.refs.length} candidate entities of ${pages.listed} Components`,
        );
        await this.#sweep(pages.refs);
        await this.#pruneHistory();
      } else {
        progress.lastError =
          progress.lastError ?? 'refresh aborted (timeout or shutdown)';
      }
    } catch (e) {
      progress.lastError = errorMessage(e);
      progress.lastErrorEntityRef = undefined;
      logger.error(`Astro Runtime refresh failed: ${progress.lastError}`);
    } finally {
      progress.running = false;
      progress.finishedAt = this.#now().toISOString();
      await saveProgress(true);
      logger.info(
        `Astro Runtime refresh finished in ${Date.now() - started} ms: ${
          progress.done
        }/${progress.total} entities, ${progress.errors} errors, ${
          progress.unchanged
        } unchanged`,
      );
    }
    return { ...progress };
  }

  /**
   * After a complete listing: marks what it misses, deletes what the
   * previous complete listing missed too.
   */
  async #sweep(refs: string[]) {
    const swept = await this.#o.store.sweepMissing(
      refs,
      this.#now().toISOString(),
    );
    if (swept.marked || swept.removed) {
      this.#o.logger.info(
        `Astro Runtime refresh: ${swept.marked} entities missing from the catalog for the first time (kept), ${swept.removed} removed after missing twice`,
      );
    }
  }

  async #pruneHistory() {
    const days = this.#o.historyRetentionDays ?? 400;
    const before = new Date(
      this.#now().getTime() - days * 86_400_000,
    ).toISOString();
    try {
      const pruned = await this.#o.store.pruneHistory(before);
      if (pruned) {
        this.#o.logger.info(
          `Astro Runtime refresh: pruned ${pruned} history rows older than ${days} days`,
        );
      }
    } catch (e) {
      this.#o.logger.warn(
        `Could not prune Astro Runtime history: ${errorMessage(e)}`,
      );
    }
  }

  /**
   * Reassesses one entity now (`?fresh=true`, or a first look) and stores the
   * result. Resolves with the stored record and the error, if the attempt failed.
   */
  async refreshEntity(
    entity: Entity,
    signal?: AbortSignal,
  ): Promise<{
    record?: StoredRecord;
    error?: Error;
    location: ProjectLocation;
  }> {
    const location = this.#o.locator.locate(entity);
    const [catalogState, prev] = await Promise.all([
      this.#o.releases.getCatalog(),
      this.#o.store.getInputState(location.entityRef),
    ]);
    const outcome = await this.#entities.process(entity, location, prev, {
      catalog: catalogState.catalog,
      signal,
      day: this.#now().toISOString().slice(0, 10),
    });
    await this.#o.store.write([outcome.write]);
    const record = await this.#o.store.getRecord(location.entityRef);
    return { record, error: outcome.error, location };
  }
}
