import fs from 'fs/promises';
import path from 'path';
import {
  resolveSafeChildPath,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { isError } from '@backstage/errors';
import { projectFile } from '@backstage-astro/plugin-astro-runtime-common';
import {
  BodyTooLargeError,
  readCappedText,
  withRetry,
} from '@backstage-astro/plugin-astro-runtime-node';
import { UpstreamError } from '../errors';
import { readCappedFile } from './http';
import type { ProjectLocation } from './ProjectLocator';
import { ScmUrlResolver } from './scmUrls';

/** Files an Astro project is assessed from. */
export type ProjectFileName = 'Dockerfile' | 'requirements.txt';

/** Largest project file read (the Dockerfile parser's own limit is 1 MiB). */
export const MAX_PROJECT_FILE_BYTES = 1024 * 1024;

/**
 * Checks a path inside a repo segment by segment, after percent-decoding, so
 * that `%2e%2e` (which URL resolution treats as `..`) is refused like `..`.
 * Returns the reason it is refused, or undefined when it is safe.
 */
export function unsafeRelativePath(relative: string): string | undefined {
  for (const segment of relative.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `'${segment}' is not a valid path segment`;
    }
    if (decoded === '..' || (decoded === '.' && segment !== '.')) {
      return `'${segment}' is not allowed`;
    }
    if (/[\\/\0]/.test(decoded)) {
      return `'${segment}' encodes a path separator`;
    }
  }
  return undefined;
}

export { isUnder } from './scmUrls';

export interface ProjectFile {
  /**
   * `read`: new content in `text`; `unchanged`: the given etag still matches
   * (reuse the stored text); `missing`: the file does not exist.
   */
  state: 'read' | 'unchanged' | 'missing';
  /** Where the file is (a browsable URL for url sources; undefined for local files). */
  url?: string;
  etag?: string;
  text?: string;
}

export interface ProjectReadOptions {
  /** The etag of the stored copy; a match answers `unchanged`. */
  etag?: string;
  signal?: AbortSignal;
}

/** Reads project files for an entity's location. */
export interface ProjectReader {
  readFile(
    location: ProjectLocation,
    name: ProjectFileName,
    options?: ProjectReadOptions,
  ): Promise<ProjectFile>;
}

function isNamed(e: unknown, name: string) {
  return isError(e) && e.name === name;
}

/**
 * Reads through the `urlReader` core service (conditional reads with the
 * stored etag; URLs resolved with ScmIntegrations, never from the browser),
 * and reads entities registered from local `file:` locations from disk,
 * confined to the folder of their catalog file.
 */
export class DefaultProjectReader implements ProjectReader {
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #urls: ScmUrlResolver;

  constructor(
    private readonly urlReader: UrlReaderService,
    integrations: ScmIntegrationRegistry,
    options: {
      /** Per-read timeout (default 30 s). */
      timeoutMs?: number;
      /** Retries of a failed read (not 404/304; default 1). */
      retries?: number;
      retryDelayMs?: number;
    } = {},
  ) {
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#retries = options.retries ?? 1;
    this.#retryDelayMs = options.retryDelayMs ?? 200;
    this.#urls = new ScmUrlResolver(integrations);
  }

  async readFile(
    location: ProjectLocation,
    name: ProjectFileName,
    options: ProjectReadOptions = {},
  ): Promise<ProjectFile> {
    const source = location.source;
    if (!source) {
      throw new UpstreamError(
        `Cannot read ${name} of ${location.entityRef}: ${
          location.sourceError ?? 'no source location'
        }`,
        { code: 'no-source-location' },
      );
    }
    const relative = projectFile(location.projectPath, name);
    const unsafe = unsafeRelativePath(relative);
    if (unsafe) {
      throw new UpstreamError(
        `Refusing to read ${relative} of ${location.entityRef}: ${unsafe}`,
        { code: 'path-outside-location' },
      );
    }
    if (source.type === 'file') {
      return this.#readLocal(source.root, source.dir, relative, options);
    }
    const url = this.#urls.under(source.base, relative);
    if (!url) {
      throw new UpstreamError(
        `Refusing to read ${relative} of ${location.entityRef}: it resolves outside the entity's source location`,
        { code: 'path-outside-location' },
      );
    }
    return this.#readUrl(url, options);
  }

  async #readUrl(
    url: string,
    options: ProjectReadOptions,
  ): Promise<ProjectFile> {
    // a timeout or failed read is retried; a too large file is not, nor a cancelled read
    return withRetry(() => this.#readUrlOnce(url, options), {
      retries: this.#retries,
      shouldRetry: e =>
        !options.signal?.aborted && (e as UpstreamError).code !== 'too-large',
      delayMs: retry => this.#retryDelayMs * retry,
    });
  }

  async #readUrlOnce(
    url: string,
    options: ProjectReadOptions,
  ): Promise<ProjectFile> {
    // one controller per read (AbortSignal.any + AbortSignal.timeout cost
    // noticeably more per call at 10,000s of reads)
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${this.#timeoutMs} ms`));
    }, this.#timeoutMs);
    const outer = options.signal;
    const onAbort = () => controller.abort(outer?.reason);
    outer?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await this.urlReader.readUrl(url, {
        etag: options.etag,
        signal: controller.signal,
      });
      // streamed with a byte cap: a huge or endless body stops at the cap
      const text = await readCappedText(
        res.stream ? res.stream() : await res.buffer(),
        {
          maxBytes: MAX_PROJECT_FILE_BYTES,
          what: url,
        },
      );
      return { state: 'read', url, etag: res.etag, text };
    } catch (e) {
      if (isNamed(e, 'NotModifiedError')) {
        return { state: 'unchanged', url, etag: options.etag };
      }
      if (isNamed(e, 'NotFoundError')) {
        return { state: 'missing', url };
      }
      if (e instanceof UpstreamError) {
        throw e;
      }
      if (e instanceof BodyTooLargeError) {
        throw new UpstreamError(e.message, { code: 'too-large' });
      }
      if (timedOut && !options.signal?.aborted) {
        throw new UpstreamError(
          `Timed out after ${this.#timeoutMs} ms reading ${url}`,
          {
            code: 'scm-timeout',
          },
        );
      }
      throw new UpstreamError(
        `Failed to read ${url}: ${isError(e) ? e.message : String(e)}`,
        { code: 'scm-read-failed' },
      );
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  async #readLocal(
    root: string,
    dir: string,
    relative: string,
    options: ProjectReadOptions,
  ): Promise<ProjectFile> {
    let file: string;
    try {
      // guarantees the result (symlinks resolved) stays inside the catalog file's folder
      file = resolveSafeChildPath(root, path.join(dir, relative));
    } catch {
      throw new UpstreamError(
        `Refusing to read ${relative}: outside the folder of the entity's catalog file`,
        { code: 'path-outside-location' },
      );
    }
    let stat;
    try {
      stat = await fs.stat(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        return { state: 'missing' };
      }
      throw new UpstreamError(
        `Failed to read ${relative}: ${(e as Error).message}`,
        {
          code: 'file-read-failed',
        },
      );
    }
    if (!stat.isFile()) {
      return { state: 'missing' };
    }
    if (stat.size > MAX_PROJECT_FILE_BYTES) {
      throw new UpstreamError(
        `${relative} is larger than ${MAX_PROJECT_FILE_BYTES} bytes`,
        {
          code: 'too-large',
        },
      );
    }
    const etag = `file-${stat.size}-${stat.mtimeMs}-${stat.ino}`;
    if (options.etag && options.etag === etag) {
      return { state: 'unchanged', etag };
    }
    // the file may grow between stat and read: read it with the same cap
    let text: string;
    try {
      text = await readCappedFile(file, {
        maxBytes: MAX_PROJECT_FILE_BYTES,
        what: relative,
        tooLargeCode: 'too-large',
      });
    } catch (e) {
      if (e instanceof UpstreamError) {
        throw e;
      }
      throw new UpstreamError(
        `Failed to read ${relative}: ${(e as Error).message}`,
        {
          code: 'file-read-failed',
        },
      );
    }
    return { state: 'read', etag, text };
  }
}
