import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  parseDeployment,
  type DeploymentInfo,
} from '@backstage-astro/plugin-astro-runtime-common';
import type {
  DeploymentProvider,
  DeploymentProviderOptions,
} from '@backstage-astro/plugin-astro-runtime-node';
import { UpstreamError } from '../errors';
import { fetchWithRetry, readJson } from './http';

export interface AstroApiDeploymentProviderOptions {
  /** e.g. https://api.astronomer.io/v1 */
  baseUrl: string;
  token: string;
  /** Default organization when the entity does not name one. */
  organizationId?: string;
  timeoutMs?: number;
  maxRetries?: number;
  /** Ids per list request (default 50). */
  batchSize?: number;
  /** Pages read per list request before giving up with an error (default 10). */
  maxPages?: number;
  /** Base of the retry backoff (default 250 ms). */
  backoffMs?: number;
  maxRetryAfterMs?: number;
  logger?: LoggerService;
  fetchImpl?: typeof fetch;
}

/** Largest API answer read (streamed; a page of 500 Deployments is about 2 MB). */
export const MAX_ASTRO_API_BODY_BYTES = 8 * 1024 * 1024;
const MAX_BODY = MAX_ASTRO_API_BODY_BYTES;
/** Default cap on pages per list request: one page is expected. */
export const DEFAULT_ASTRO_API_MAX_PAGES = 10;

/**
 * Deployments from the Astro Platform API v1: the list endpoint with
 * `deploymentIds=` for several ids (paged), the single GET for one.
 * Bearer token from config; it never appears in errors or logs.
 */
export class AstroApiDeploymentProvider implements DeploymentProvider {
  readonly name = 'astro-api';
  readonly #token: string;
  readonly #options: AstroApiDeploymentProviderOptions;

  constructor(options: AstroApiDeploymentProviderOptions) {
    this.#token = options.token;
    this.#options = { ...options, token: '' };
  }

  get organizationId() {
    return this.#options.organizationId;
  }

  #request(
    url: string,
    what: string,
    signal?: AbortSignal,
    passStatuses?: number[],
  ) {
    return fetchWithRetry(url, {
      what,
      upstream: 'Astro API',
      codePrefix: 'astro-api',
      headers: {
        Authorization: `Bearer ${this.#token}`,
        Accept: 'application/json',
      },
      timeoutMs: this.#options.timeoutMs ?? 10_000,
      maxRetries: this.#options.maxRetries ?? 3,
      backoffMs: this.#options.backoffMs,
      maxRetryAfterMs: this.#options.maxRetryAfterMs,
      signal,
      secrets: [this.#token],
      passStatuses,
      fetchImpl: this.#options.fetchImpl,
      onRetry: ({ attempt, delayMs, reason }) =>
        this.#options.logger?.debug(
          `Astro API: retry ${attempt} for ${what} in ${Math.round(
            delayMs,
          )} ms (${reason})`,
        ),
    });
  }

  async getDeployments(
    ids: string[],
    options: DeploymentProviderOptions,
  ): Promise<DeploymentInfo[]> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (unique.length === 0) {
      return [];
    }
    const org = options.organizationId ?? this.#options.organizationId;
    if (!org) {
      throw new InputError(
        `No Astro organization for Deployment(s) ${unique.join(
          ', ',
        )}: set the astronomer.io/organization-id annotation or astroRuntime.astro.organizationId`,
      );
    }
    const base = `${this.#options.baseUrl.replace(
      /\/+$/,
      '',
    )}/organizations/${encodeURIComponent(org)}/deployments`;

    if (unique.length === 1) {
      const id = unique[0];
      const what = `Deployment ${id} in organization ${org}`;
      const res = await this.#request(
        `${base}/${encodeURIComponent(id)}`,
        what,
        options.signal,
        [404],
      );
      if (res.status === 404) {
        res.body?.cancel().catch(() => undefined);
        return [];
      }
      const body = await readJson(res, {
        upstream: 'Astro API',
        what,
        codePrefix: 'astro-api',
        maxBytes: MAX_BODY,
      });
      const info = parseDeployment(body);
      if (!info) {
        throw new UpstreamError(
          `Astro API returned an unexpected body for ${what}`,
          {
            code: 'astro-api-unexpected',
          },
        );
      }
      return [info];
    }

    const batchSize = this.#options.batchSize ?? 50;
    const out: DeploymentInfo[] = [];
    for (let i = 0; i < unique.length; i += batchSize) {
      const batch = unique.slice(i, i + batchSize);
      const what = `Deployments ${
        batch.length > 3
          ? `${batch.slice(0, 3).join(', ')} and ${batch.length - 3} more`
          : batch.join(', ')
      } in organization ${org}`;
      let offset = 0;
      const maxPages = this.#options.maxPages ?? DEFAULT_ASTRO_API_MAX_PAGES;
      const found = new Set<string>();
      for (let page = 1; ; page++) {
        if (page > maxPages) {
          throw new UpstreamError(
            `Astro API kept paging past ${maxPages} pages for ${what} (offset ${offset}); refusing to read more`,
            { code: 'astro-api-too-many-pages' },
          );
        }
        const params = new URLSearchParams({
          deploymentIds: batch.join(','),
          offset: String(offset),
          limit: String(batch.length),
        });
        const res = await this.#request(
          `${base}?${params}`,
          what,
          options.signal,
        );
        const body = (await readJson(res, {
          upstream: 'Astro API',
          what,
          codePrefix: 'astro-api',
          maxBytes: MAX_BODY,
        })) as { deployments?: unknown; totalCount?: unknown };
        if (
          !body ||
          typeof body !== 'object' ||
          !Array.isArray(body.deployments)
        ) {
          throw new UpstreamError(
            `Astro API returned an unexpected body for ${what}: no deployments array`,
            { code: 'astro-api-unexpected' },
          );
        }
        const wanted = new Set(batch);
        for (const raw of body.deployments) {
          const info = parseDeployment(raw);
          if (info && wanted.has(info.id) && !found.has(info.id)) {
            found.add(info.id);
            out.push(info);
          }
        }
        offset += body.deployments.length;
        const total = typeof body.totalCount === 'number' ? body.totalCount : 0;
        // every id asked for is in: no need to follow the total further
        if (
          body.deployments.length === 0 ||
          offset >= total ||
          found.size === wanted.size
        ) {
          break;
        }
      }
    }
    return out;
  }
}
