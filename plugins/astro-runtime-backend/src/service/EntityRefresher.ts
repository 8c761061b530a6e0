import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import {
  looksLikeDockerfile,
  ReleaseCatalog,
  withCodeFindings,
} from '@backstage-astro/plugin-astro-runtime-common';
import {
  type AstroRuntimeWorkerPool,
  isAstroRuntimeWorkerError,
} from '@backstage-astro/plugin-astro-runtime-node';
import { isError } from '@backstage/errors';
import { errorCode, errorMessage, UpstreamError } from '../errors';
import type { CodeScanner, CodeScanResult } from './CodeScanner';
import type {
  DeploymentResolver,
  PrefetchedDeployments,
} from './DeploymentResolver';
import {
  catalogHash,
  entityFingerprint,
  entityMeta,
  FINGERPRINT_VERSION,
  historyReasonOf,
  sha1,
  textOf,
  toStored,
  versionsOf,
} from './entityInputs';
import type { ProjectLocation } from './ProjectLocator';
import type {
  ProjectFile,
  ProjectFileName,
  ProjectReader,
} from './ProjectReader';
import type { StatusWrite, StoredFile, StoredInputState } from './StatusStore';

/** The outcome of assessing one entity. */
export interface EntityOutcome {
  write: StatusWrite;
  unchanged: boolean;
  error?: Error;
}

/** What one refresh shares between its entities. */
export interface RefreshContext {
  catalog: ReleaseCatalog;
  prefetched?: PrefetchedDeployments;
  signal?: AbortSignal;
  day: string;
}

/** An entity's project files after the reads of this run. */
interface ReadInputs {
  dockerfile: ProjectFile;
  requirements?: ProjectFile;
  isAstro: boolean;
  dText?: string;
  rText?: string;
}

export interface EntityRefresherOptions {
  reader: ProjectReader;
  resolver: DeploymentResolver;
  workers: AstroRuntimeWorkerPool;
  logger: LoggerService;
  code?: CodeScanner;
  now: () => Date;
}

/**
 * Assesses one entity: reads its project files (conditionally, against the
 * stored etags), its Deployments and code scan, and decides the write. A
 * failure keeps the last good status, marked stale.
 */
export class EntityRefresher {
  constructor(private readonly o: EntityRefresherOptions) {}

  async process(
    entity: Entity,
    location: ProjectLocation,
    prev: StoredInputState | undefined,
    ctx: RefreshContext,
  ): Promise<EntityOutcome> {
    const meta = entityMeta(entity, location);
    const fingerprint = entityFingerprint(entity);
    const checkedAt = this.o.now().toISOString();
    // the code scan runs beside the Dockerfile reads (it never rejects)
    let codeScan = location.annotated
      ? this.#scanCode(location, ctx.signal)
      : undefined;
    try {
      if (!location.source) {
        throw new Error(location.sourceError ?? 'no source location');
      }
      const read = await this.#readInputs(location, prev, ctx.signal);
      this.#checkLost(read, prev, fingerprint);
      meta.dockerfileUrl = read.dockerfile.url;
      const base = {
        kind: 'assessment' as const,
        ...meta,
        checkedAt,
        inputs: {
          dockerfile: toStored(read.dockerfile, read.dText),
          requirements: toStored(read.requirements, read.rText),
        },
        entityFingerprint: fingerprint,
      };
      if (!read.isAstro) {
        const inputHash = sha1([
          FINGERPRINT_VERSION,
          'not-astro',
          read.dText ?? null,
          meta,
        ]);
        if (prev?.isAstro === false && prev.inputHash === inputHash) {
          return this.#unchanged(meta.entityRef, checkedAt);
        }
        return {
          unchanged: false,
          write: {
            ...base,
            isAstro: false,
            inputHash,
            // an entity that stops being Astro leaves the adoption counts
            history: prev?.repoVersion ? { reason: 'not-astro' } : undefined,
          },
        };
      }

      codeScan ??= this.#scanCode(location, ctx.signal);
      const deployments = location.deploymentIds.length
        ? await this.o.resolver.resolve(
            location.deploymentIds,
            location.organizationId,
            { prefetched: ctx.prefetched, signal: ctx.signal },
          )
        : [];
      const code = await codeScan;
      const inputHash = sha1([
        FINGERPRINT_VERSION,
        ctx.day,
        catalogHash(ctx.catalog),
        read.dText ?? null,
        read.rText ?? null,
        deployments,
        meta,
        code?.fingerprint ?? null,
      ]);
      if (prev?.isAstro && prev.hasStatus && prev.inputHash === inputHash) {
        return this.#unchanged(meta.entityRef, checkedAt);
      }

      // the findings are read (from the scan's cache) only now that they are
      // written; the status comes back serialized by the worker (one string,
      // not its object graph to clone and stringify on this thread)
      const [status, findings] = await Promise.all([
        this.o.workers.assessSerialized({
          project: {
            dockerfile: read.dText,
            dockerfileUrl: read.dockerfile.url,
            requirementsTxt: read.rText,
          },
          deployments,
          catalog: ctx.catalog,
          now: this.o.now(),
        }),
        code?.code?.(),
      ]);
      const repoVersion = status.repoVersion;
      const deploymentVersions = versionsOf(deployments);
      const historyReason = historyReasonOf(
        prev,
        repoVersion,
        deploymentVersions,
      );
      return {
        unchanged: false,
        write: {
          ...base,
          isAstro: true,
          statusJson: findings
            ? withCodeFindings(status.statusJson, findings)
            : status.statusJson,
          state: status.state,
          line: status.line,
          severity: status.severity,
          repoVersion,
          deploymentVersions,
          mustMoveToAirflow3: status.mustMoveToAirflow3,
          assessedAt: status.assessedAt,
          // findings the scan's cache lost are not in this status: the next
          // refresh (which rescans) writes it again
          inputHash:
            code?.code && !findings
              ? sha1([inputHash, 'code-lost'])
              : inputHash,
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
          error: {
            message: errorMessage(e),
            code: errorCode(e),
            at: checkedAt,
          },
          checkedAt,
        },
      };
    }
  }

  #unchanged(entityRef: string, checkedAt: string): EntityOutcome {
    return {
      unchanged: true,
      write: { kind: 'unchanged', entityRef, checkedAt },
    };
  }

  /**
   * Reads the Dockerfile and requirements.txt (conditionally). Detection
   * candidates read requirements.txt only when the Dockerfile is Astro's.
   */
  async #readInputs(
    location: ProjectLocation,
    prev: StoredInputState | undefined,
    signal?: AbortSignal,
  ): Promise<ReadInputs> {
    const prevD = prev?.inputs.dockerfile;
    const prevR = prev?.inputs.requirements;
    const read = (name: ProjectFileName, storedFile: StoredFile | undefined) =>
      this.o.reader.readFile(location, name, {
        // a conditional read only makes sense when the stored text is there
        etag:
          storedFile?.state === 'read' && storedFile.text !== undefined
            ? storedFile.etag
            : undefined,
        signal,
      });
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
      isAstro = await this.#isAstroDockerfile(textOf(dockerfile, prevD));
      if (isAstro) {
        requirements = await read('requirements.txt', prevR);
      }
    }
    return {
      dockerfile,
      requirements,
      isAstro,
      dText: textOf(dockerfile, prevD),
      rText: textOf(requirements, prevR),
    };
  }

  /**
   * A Dockerfile that vanished (404, e.g. a token that lost access) or a
   * body that is no Dockerfile (an HTML login page) keeps the last good
   * status, stale, unless the entity itself changed in the catalog: throws.
   */
  #checkLost(
    read: ReadInputs,
    prev: StoredInputState | undefined,
    fingerprint: string,
  ) {
    let lost: 'dockerfile-missing' | 'not-a-dockerfile' | undefined;
    if (read.dockerfile.state === 'missing') {
      lost = 'dockerfile-missing';
    } else if (read.dText !== undefined && !looksLikeDockerfile(read.dText)) {
      lost = 'not-a-dockerfile';
    }
    if (
      lost &&
      prev?.hasStatus &&
      prev.isAstro &&
      (prev.entityFingerprint === undefined ||
        prev.entityFingerprint === fingerprint)
    ) {
      const url = read.dockerfile.url ?? 'the Dockerfile';
      throw new UpstreamError(
        lost === 'dockerfile-missing'
          ? `${url} is not found (404) now; keeping the last good status`
          : `${url} did not answer with a Dockerfile (no FROM instruction; an HTML or login page?); keeping the last good status`,
        { code: lost },
      );
    }
  }

  /**
   * True when the Dockerfile's final stage is an Astro image (decided by
   * -common, in the worker pool). A Dockerfile that does not parse is not
   * Astro; one that runs over the pool's limits fails the entity.
   */
  async #isAstroDockerfile(text: string | undefined): Promise<boolean> {
    if (text === undefined) {
      return false;
    }
    try {
      return (await this.o.workers.parseDockerfile(text)).kind === 'astro';
    } catch (e) {
      if (isAstroRuntimeWorkerError(e)) {
        throw e;
      }
      return false;
    }
  }

  /** Scans the entity's code; failures are kept in the result (and logged), never thrown. */
  async #scanCode(
    location: ProjectLocation,
    signal?: AbortSignal,
  ): Promise<CodeScanResult | undefined> {
    const scanner = this.o.code;
    if (!scanner?.enabled || !location.source) {
      return undefined;
    }
    try {
      const result = await scanner.scan(location, signal);
      if (result.error) {
        const message = `Astro Runtime code scan of ${
          location.entityRef
        } failed${result.code ? ' (keeping the last good findings)' : ''}: ${
          result.error.message
        }`;
        if (errorCode(result.error) === 'code-listing-unsupported') {
          this.o.logger.debug(message);
        } else {
          this.o.logger.warn(message);
        }
      }
      return result;
    } catch (e) {
      if (!signal?.aborted) {
        this.o.logger.warn(
          `Astro Runtime code scan of ${
            location.entityRef
          } failed: ${errorMessage(e)}`,
        );
      }
      return undefined;
    }
  }
}
