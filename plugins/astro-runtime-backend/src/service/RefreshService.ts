import { createHash } from 'crypto';
import type {
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  looksLikeDockerfile,
  mustMoveToAirflow3,
  ReleaseCatalog,
  RefreshProgress,
} from '@backstage-astro/plugin-astro-runtime-common';
import {
  type AstroRuntimeWorkerPool,
  createInProcessAstroRuntimeWorkerPool,
  isAstroRuntimeWorkerError,
} from '@backstage-astro/plugin-astro-runtime-node';
import { isError } from '@backstage/errors';
import { errorCode, errorMessage, UpstreamError } from '../errors';
import type { CodeScanner, CodeScanResult } from './CodeScanner';
import type { DeploymentResolver, PrefetchedDeployments } from './DeploymentResolver';
import type { ProjectLocation, ProjectLocator } from './ProjectLocator';
import { LOCATOR_FIELDS } from './ProjectLocator';
import type { ProjectFile, ProjectFileName, ProjectReader } from './ProjectReader';
import type { ReleaseCatalogService } from './ReleaseCatalogService';
import type {
  EntityMeta,
  StatusStore,
  StatusWrite,
  StoredFile,
  StoredInputState,
  StoredRecord,
} from './StatusStore';
import { refKey } from './StatusStore';

/** Bump when the stored status shape or the fingerprint changes: forces a reassessment. */
const FINGERPRINT_VERSION = 5;

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
  /** Writes per database transaction (default 200). */
  writeBatchSize?: number;
  /** History rows older than this are pruned after each full refresh (default 400 days). */
  historyRetentionDays?: number;
}

/** Progress as stored: also the entity of `lastError`, so it is shown only to callers who may see it. */
export interface StoredProgress extends RefreshProgress {
  lastErrorEntityRef?: string;
}

/**
 * What the catalog says about where an entity's project is: its
 * astronomer.io annotations and its source and managed-by locations. A
 * change means the entity itself changed (a new repo, a new path), not that
 * its repo lost a file.
 */
export function entityFingerprint(entity: Entity): string {
  const a = entity.metadata.annotations ?? {};
  const relevant = Object.keys(a)
    .filter(
      k =>
        k.startsWith('astronomer.io/') ||
        k === 'backstage.io/source-location' ||
        k === 'backstage.io/managed-by-location',
    )
    .sort()
    .map(k => [k, a[k]]);
  return createHash('sha1')
    .update(JSON.stringify([stringifyEntityRef(entity), relevant]))
    .digest('hex');
}

/** The outcome of assessing one entity. */
export interface EntityOutcome {
  write: StatusWrite;
  unchanged: boolean;
  error?: Error;
}

function emptyProgress(): RefreshProgress {
  return { running: false, total: 0, done: 0, errors: 0, unchanged: 0 };
}

function normalizeRef(
  ref: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof ref !== 'string' || !ref) {
    return undefined;
  }
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind, defaultNamespace }));
  } catch {
    return ref;
  }
}

/** Title, owner and system of an entity, as stored with its status. */
export function entityMeta(entity: Entity, location: ProjectLocation): EntityMeta {
  const ns = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    entityRef: stringifyEntityRef(entity),
    title: typeof entity.metadata.title === 'string' ? entity.metadata.title : undefined,
    owner: normalizeRef(spec.owner, 'group', ns),
    system: normalizeRef(spec.system, 'system', ns),
    projectPath: location.projectPath,
  };
}

const catalogHashes = new WeakMap<ReleaseCatalog, string>();
function catalogHash(catalog: ReleaseCatalog): string {
  let h = catalogHashes.get(catalog);
  if (!h) {
    h = createHash('sha1')
      .update(catalog.source)
      .update(JSON.stringify(catalog.releases))
      .digest('hex');
    catalogHashes.set(catalog, h);
  }
  return h;
}

/** Text of a file after a read: new text, or the stored text when unchanged. */
function textOf(file: ProjectFile | undefined, stored: StoredFile | undefined) {
  if (!file) {
    return undefined;
  }
  if (file.state === 'read') {
    return file.text;
  }
  if (file.state === 'unchanged') {
    return stored?.text;
  }
  return undefined;
}

function toStored(file: ProjectFile | undefined, text: string | undefined): StoredFile | undefined {
  if (!file) {
    return undefined;
  }
  if (file.state === 'missing') {
    return { state: 'missing' };
  }
  return { state: 'read', etag: file.etag, text };
}

/**
 * True when the Dockerfile's final stage is an Astro image (decided by -common,
 * in the worker pool). A Dockerfile that does not parse is not Astro; one that
 * runs over the pool's limits fails the entity.
 */
async function isAstroDockerfile(
  workers: AstroRuntimeWorkerPool,
  text: string | undefined,
): Promise<boolean> {
  if (text === undefined) {
    return false;
  }
  try {
    return (await workers.parseDockerfile(text)).kind === 'astro';
  } catch (e) {
    if (isAstroRuntimeWorkerError(e)) {
      throw e;
    }
    return false;
  }
}

/**
 * Fills the store: finds the Astro entities in the catalog (with the plugin's
 * own credentials), reads their project files (conditionally, with bounded
 * concurrency) and Deployments (in bulk), assesses with `-common` and writes
 * statuses in batches. A failure keeps the last good status, marked stale.
 */
export class RefreshService {
  readonly #o: RefreshServiceOptions;
  readonly #now: () => Date;
  readonly #workers: AstroRuntimeWorkerPool;
  #progress: StoredProgress = emptyProgress();
  #running?: Promise<RefreshProgress>;

  constructor(options: RefreshServiceOptions) {
    this.#o = options;
    this.#now = options.now ?? (() => new Date());
    this.#workers = options.workers ?? createInProcessAstroRuntimeWorkerPool();
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

  /** All Components, with the fields the locator needs (own credentials). */
  async #listComponents(): Promise<Entity[]> {
    const credentials = await this.#o.auth.getOwnServiceCredentials();
    const out: Entity[] = [];
    let cursor: string | undefined;
    do {
      const res = await this.#o.catalog.queryEntities(
        cursor
          ? { cursor, limit: 1000, fields: LOCATOR_FIELDS }
          : { filter: { kind: 'component' }, limit: 1000, fields: LOCATOR_FIELDS },
        { credentials },
      );
      out.push(...res.items);
      cursor = res.pageInfo?.nextCursor;
    } while (cursor);
    return out;
  }

  #isCandidate(entity: Entity, location: ProjectLocation) {
    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      return false;
    }
    return location.annotated || (this.#o.dockerfileDetection && Boolean(location.source));
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

  async #refreshAll(signal?: AbortSignal): Promise<RefreshProgress> {
    const { store, logger } = this.#o;
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
    let lastSaved = 0;
    let lastLogged = Date.now();
    const interval = this.#o.progressIntervalMs ?? 1000;
    const saveProgress = async (force = false) => {
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
    await saveProgress(true);

    try {
      const [entities, catalogState, stored] = await Promise.all([
        this.#listComponents(),
        this.#o.releases.getCatalog(),
        store.getInputStates(),
      ]);
      const candidates: Array<{ entity: Entity; location: ProjectLocation }> = [];
      for (const entity of entities) {
        const location = this.#o.locator.locate(entity);
        if (this.#isCandidate(entity, location)) {
          candidates.push({ entity, location });
        }
      }
      progress.total = candidates.length;
      logger.info(
        `Astro Runtime refresh started: ${candidates.length} candidate entities of ${entities.length} Components, release catalog ${catalogState.catalog.source} as of ${catalogState.catalog.asOf}`,
      );

      const prefetched = await this.#o.resolver.prefetch(
        candidates
          .filter(c => c.location.deploymentIds.length > 0)
          .map(c => ({ ids: c.location.deploymentIds, organizationId: c.location.organizationId })),
        signal,
        this.#o.concurrency,
      );

      const day = this.#now().toISOString().slice(0, 10);
      const batchSize = this.#o.writeBatchSize ?? 200;
      let pending: StatusWrite[] = [];
      let flushing: Promise<void> = Promise.resolve();
      const flush = () => {
        if (pending.length === 0) {
          return flushing;
        }
        const batch = pending;
        pending = [];
        flushing = flushing.then(async () => {
          try {
            await store.write(batch);
          } catch (e) {
            progress.errors += batch.length;
            progress.lastError = `database write failed: ${errorMessage(e)}`;
            progress.lastErrorEntityRef = undefined;
            logger.error(`Astro Runtime refresh: ${progress.lastError}`);
          }
        });
        return flushing;
      };

      // a fixed pool of workers pulling from the list (no promise per entity up front)
      let nextIndex = 0;
      const worker = async () => {
        while (nextIndex < candidates.length && !signal?.aborted) {
          const { entity, location } = candidates[nextIndex++];
          const outcome = await this.#process(
            entity,
            location,
            stored.get(refKey(location.entityRef)),
            { catalog: catalogState.catalog, prefetched, signal, day },
          );
          pending.push(outcome.write);
          progress.done++;
          if (outcome.unchanged) {
            progress.unchanged++;
          }
          if (outcome.error) {
            progress.errors++;
            progress.lastError = `${location.entityRef}: ${outcome.error.message}`;
            progress.lastErrorEntityRef = location.entityRef;
            logger.warn(`Astro Runtime refresh of ${location.entityRef} failed: ${outcome.error.message}`);
          }
          if (pending.length >= batchSize) {
            flush();
          }
          await saveProgress();
        }
      };
      await Promise.all(
        Array.from({ length: Math.min(this.#o.concurrency, candidates.length) }, worker),
      );
      await flush();
      if (!signal?.aborted) {
        // the listing was complete (it threw otherwise): mark what it
        // misses, delete what the previous complete listing missed too
        const swept = await store.sweepMissing(
          candidates.map(c => c.location.entityRef),
          this.#now().toISOString(),
        );
        if (swept.marked || swept.removed) {
          logger.info(
            `Astro Runtime refresh: ${swept.marked} entities missing from the catalog for the first time (kept), ${swept.removed} removed after missing twice`,
          );
        }
        await this.#pruneHistory();
      } else {
        progress.lastError = progress.lastError ?? 'refresh aborted (timeout or shutdown)';
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
        `Astro Runtime refresh finished in ${Date.now() - started} ms: ${progress.done}/${progress.total} entities, ${progress.errors} errors, ${progress.unchanged} unchanged`,
      );
    }
    return { ...progress };
  }

  async #pruneHistory() {
    const days = this.#o.historyRetentionDays ?? 400;
    const before = new Date(this.#now().getTime() - days * 86_400_000).toISOString();
    try {
      const pruned = await this.#o.store.pruneHistory(before);
      if (pruned) {
        this.#o.logger.info(`Astro Runtime refresh: pruned ${pruned} history rows older than ${days} days`);
      }
    } catch (e) {
      this.#o.logger.warn(`Could not prune Astro Runtime history: ${errorMessage(e)}`);
    }
  }

  /**
   * Reassesses one entity now (`?fresh=true`, or a first look) and stores the
   * result. Resolves with the stored record and the error, if the attempt failed.
   */
  async refreshEntity(
    entity: Entity,
    signal?: AbortSignal,
  ): Promise<{ record?: StoredRecord; error?: Error; location: ProjectLocation }> {
    const location = this.#o.locator.locate(entity);
    const [catalogState, prev] = await Promise.all([
      this.#o.releases.getCatalog(),
      this.#o.store.getInputState(location.entityRef),
    ]);
    const outcome = await this.#process(entity, location, prev, {
      catalog: catalogState.catalog,
      signal,
      day: this.#now().toISOString().slice(0, 10),
    });
    await this.#o.store.write([outcome.write]);
    const record = await this.#o.store.getRecord(location.entityRef);
    return { record, error: outcome.error, location };
  }

  /** Scans the entity's code; failures are kept in the result (and logged), never thrown. */
  async #scanCode(location: ProjectLocation, signal?: AbortSignal): Promise<CodeScanResult | undefined> {
    const scanner = this.#o.code;
    if (!scanner?.enabled || !location.source) {
      return undefined;
    }
    try {
      const result = await scanner.scan(location, signal);
      if (result.error) {
        const message = `Astro Runtime code scan of ${location.entityRef} failed${
          result.code ? ' (keeping the last good findings)' : ''
        }: ${result.error.message}`;
        if (errorCode(result.error) === 'code-listing-unsupported') {
          this.#o.logger.debug(message);
        } else {
          this.#o.logger.warn(message);
        }
      }
      return result;
    } catch (e) {
      if (!signal?.aborted) {
        this.#o.logger.warn(`Astro Runtime code scan of ${location.entityRef} failed: ${errorMessage(e)}`);
      }
      return undefined;
    }
  }

  async #process(
    entity: Entity,
    location: ProjectLocation,
    prev: StoredInputState | undefined,
    ctx: {
      catalog: ReleaseCatalog;
      prefetched?: PrefetchedDeployments;
      signal?: AbortSignal;
      day: string;
    },
  ): Promise<EntityOutcome> {
    const meta = entityMeta(entity, location);
    const fingerprint = entityFingerprint(entity);
    const checkedAt = this.#now().toISOString();
    const { reader } = this.#o;
    const read = (name: ProjectFileName, storedFile: StoredFile | undefined) =>
      reader.readFile(location, name, {
        // a conditional read only makes sense when the stored text is there
        etag:
          storedFile?.state === 'read' && storedFile.text !== undefined
            ? storedFile.etag
            : undefined,
        signal: ctx.signal,
      });
    // the code scan runs beside the Dockerfile reads (it never rejects)
    let codeScan = location.annotated ? this.#scanCode(location, ctx.signal) : undefined;
    try {
      if (!location.source) {
        throw new Error(location.sourceError ?? 'no source location');
      }
      const prevD = prev?.inputs.dockerfile;
      const prevR = prev?.inputs.requirements;
      let dockerfile: ProjectFile;
      let requirements: ProjectFile | undefined;
      let isAstro = true;
      if (location.annotated) {
        [dockerfile, requirements] = await Promise.all([
          read('Dockerfile', prevD),
          read('requirements.txt', prevR),
        ]);
      } else {
        dockerfile = await read('Dockerfile', prevD);
        isAstro = await isAstroDockerfile(this.#workers, textOf(dockerfile, prevD));
        if (isAstro) {
          requirements = await read('requirements.txt', prevR);
        }
      }
      const dText = textOf(dockerfile, prevD);
      // a Dockerfile that vanished (404, e.g. a token that lost access) or a
      // body that is no Dockerfile (an HTML login page) keeps the last good
      // status, stale, unless the entity itself changed in the catalog
      let lost: 'dockerfile-missing' | 'not-a-dockerfile' | undefined;
      if (dockerfile.state === 'missing') {
        lost = 'dockerfile-missing';
      } else if (dText !== undefined && !looksLikeDockerfile(dText)) {
        lost = 'not-a-dockerfile';
      }
      if (
        lost &&
        prev?.hasStatus &&
        prev.isAstro &&
        (prev.entityFingerprint === undefined || prev.entityFingerprint === fingerprint)
      ) {
        throw new UpstreamError(
          lost === 'dockerfile-missing'
            ? `${dockerfile.url ?? 'the Dockerfile'} is not found (404) now; keeping the last good status`
            : `${dockerfile.url ?? 'the Dockerfile'} did not answer with a Dockerfile (no FROM instruction; an HTML or login page?); keeping the last good status`,
          { code: lost },
        );
      }
      const rText = textOf(requirements, prevR);
      meta.dockerfileUrl = dockerfile.url;
      const inputs = {
        dockerfile: toStored(dockerfile, dText),
        requirements: toStored(requirements, rText),
      };

      if (!isAstro) {
        const inputHash = createHash('sha1')
          .update(JSON.stringify([FINGERPRINT_VERSION, 'not-astro', dText ?? null, meta]))
          .digest('hex');
        const unchanged = prev?.isAstro === false && prev.inputHash === inputHash;
        return {
          unchanged,
          write: unchanged
            ? { kind: 'unchanged', entityRef: meta.entityRef, checkedAt }
            : {
                kind: 'assessment',
                ...meta,
                isAstro: false,
                checkedAt,
                inputs,
                inputHash,
                entityFingerprint: fingerprint,
                // an entity that stops being Astro leaves the adoption counts
                history: prev?.repoVersion ? { reason: 'not-astro' } : undefined,
              },
        };
      }

      codeScan ??= this.#scanCode(location, ctx.signal);
      const deployments = location.deploymentIds.length
        ? await this.#o.resolver.resolve(location.deploymentIds, location.organizationId, {
            prefetched: ctx.prefetched,
            signal: ctx.signal,
          })
        : [];

      const code = await codeScan;
      const inputHash = createHash('sha1')
        .update(
          JSON.stringify([
            FINGERPRINT_VERSION,
            ctx.day,
            catalogHash(ctx.catalog),
            dText ?? null,
            rText ?? null,
            deployments,
            meta,
            code?.fingerprint ?? null,
          ]),
        )
        .digest('hex');
      if (prev?.isAstro && prev.hasStatus && prev.inputHash === inputHash) {
        return { unchanged: true, write: { kind: 'unchanged', entityRef: meta.entityRef, checkedAt } };
      }

      const status = await this.#workers.assess({
        project: {
          dockerfile: dText,
          dockerfileUrl: dockerfile.url,
          requirementsTxt: rText,
        },
        deployments,
        catalog: ctx.catalog,
        now: this.#now(),
      });
      const repoVersion = status.runtime?.version;
      const deploymentVersions: Record<string, string | null> = {};
      for (const d of deployments) {
        deploymentVersions[d.id] = d.astroRuntimeVersion ?? null;
      }
      const repoChanged = !prev?.hasStatus || prev.repoVersion !== repoVersion;
      const deploymentsChanged =
        JSON.stringify(prev?.deploymentVersions ?? {}) !== JSON.stringify(deploymentVersions);
      let historyReason: string | undefined;
      if (!prev?.hasStatus || !prev.isAstro) {
        historyReason = 'initial';
      } else if (repoChanged && deploymentsChanged) {
        historyReason = 'repo-and-deployment';
      } else if (repoChanged) {
        historyReason = 'repo';
      } else if (deploymentsChanged) {
        historyReason = 'deployment';
      }
      return {
        unchanged: false,
        write: {
          kind: 'assessment',
          ...meta,
          isAstro: true,
          statusJson: JSON.stringify(code?.code ? { ...status, code: code.code } : status),
          state: status.state,
          line: status.runtime?.line,
          severity: status.severity,
          repoVersion,
          deploymentVersions,
          mustMoveToAirflow3: mustMoveToAirflow3(status),
          assessedAt: status.assessedAt,
          checkedAt,
          inputs,
          inputHash,
          entityFingerprint: fingerprint,
          history: historyReason ? { reason: historyReason } : undefined,
        },
      };
    } catch (e) {
      const error = isError(e) ? (e as Error) : new Error(String(e));
      return {
        unchanged: false,
        error,
        write: {
          kind: 'failure',
          ...meta,
          isAstro: prev?.isAstro ?? location.annotated,
          error: { message: errorMessage(e), code: errorCode(e), at: checkedAt },
          checkedAt,
        },
      };
    }
  }
}
