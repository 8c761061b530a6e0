/*
 * Where the action's release catalog comes from: the astro-runtime backend
 * plugin's `GET /releases` (its configured release source, so the action
 * accepts exactly the versions the picker offered), else the bundled
 * snapshot. A template cannot name a URL: the only address the action asks is
 * the one service discovery gives for the astro-runtime plugin. All
 * validation is done by `parseReleaseFeed` from -common.
 */
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  ASTRO_RUNTIME_PLUGIN_ID,
  catalogToFeed,
  getBundledCatalog,
  MAX_FEED_BYTES,
  parseReleaseFeed,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { ReleasesResponse } from '@backstage-astro/plugin-astro-runtime-common';
import { readCappedText } from '@backstage-astro/plugin-astro-runtime-node';

export const FETCH_TIMEOUT_MS = 15_000;

/**
 * Largest `GET /releases` answer read: the catalog carries a little more per
 * version than the feed it was parsed from.
 */
export const MAX_RELEASES_RESPONSE_BYTES = 2 * MAX_FEED_BYTES;

export interface ReleaseCatalogLoaderOptions {
  discovery?: DiscoveryService;
  auth?: AuthService;
  logger?: LoggerService;
}

/** Why the backend's catalog could not be used; never carries body bytes. */
class BackendCatalogError extends Error {
  constructor(message: string, readonly notInstalled = false) {
    super(message);
    this.name = 'BackendCatalogError';
  }
}

/**
 * A one-line reason for the log, built only from what this side knows (the
 * HTTP status, a timeout, the error type) so nothing from the answer's body is
 * repeated.
 */
function reasonOf(e: unknown): string {
  if (e instanceof BackendCatalogError) return e.message;
  const err = e as { name?: string; code?: string } | undefined;
  if (err?.name === 'TimeoutError') {
    return `no answer within ${FETCH_TIMEOUT_MS / 1000} s`;
  }
  if (err?.name === 'AbortError') return 'the task was cancelled';
  if (err?.code === 'TOO_LARGE') {
    return `the answer is larger than ${MAX_RELEASES_RESPONSE_BYTES} bytes`;
  }
  if (err?.name === 'SyntaxError') return 'the answer is not valid JSON';
  if (err?.name === 'AstroRuntimeError') {
    return `the answer is not a usable release catalog [${err.code}]`;
  }
  return `the request failed (${err?.name ?? typeof e})`;
}

/**
 * The astro-runtime backend's catalog (`GET /api/astro-runtime/releases`,
 * with a service token), or undefined (with the reason logged) when the
 * plugin is not installed or answers an error.
 */
export async function fetchBackendCatalog(
  options: ReleaseCatalogLoaderOptions,
  signal?: AbortSignal,
): Promise<ReleaseCatalog | undefined> {
  const { discovery, auth, logger } = options;
  if (!discovery || !auth) {
    logger?.info(
      'Release catalog: the action was created without discovery and auth, so it uses the bundled snapshot',
    );
    return undefined;
  }
  try {
    const baseUrl = await discovery.getBaseUrl(ASTRO_RUNTIME_PLUGIN_ID);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: ASTRO_RUNTIME_PLUGIN_ID,
    });
    const res = await fetch(`${baseUrl}/releases`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
      redirect: 'error',
      signal: anySignal(signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)),
    });
    if (!res.ok) {
      // let go of the body without waiting for it (nothing of it is read)
      res.body?.cancel().catch(() => undefined);
      throw new BackendCatalogError(
        res.status === 404
          ? 'HTTP 404: the astro-runtime backend plugin is not installed'
          : `HTTP ${res.status}`,
        res.status === 404,
      );
    }
    const text = await readCappedText(res, {
      maxBytes: MAX_RELEASES_RESPONSE_BYTES,
      what: 'the astro-runtime release catalog',
    });
    const body = JSON.parse(text) as Partial<ReleasesResponse> | null;
    if (!body?.catalog || !Array.isArray(body.catalog.releases)) {
      throw new BackendCatalogError('the answer has no release catalog');
    }
    // re-validate through the feed parser: never trust the shape blindly
    return parseReleaseFeed(catalogToFeed(body.catalog), {
      source: body.catalog.source,
      location: body.catalog.location,
      asOf: body.catalog.asOf,
      fillLifecycle: false,
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    const notInstalled = e instanceof BackendCatalogError && e.notInstalled;
    const line = `astro-runtime backend release catalog not available (${reasonOf(
      e,
    )}); using the bundled snapshot`;
    if (notInstalled) logger?.info(line);
    else logger?.warn(line);
    return undefined;
  }
}

/**
 * The catalog the action decides with: the backend's configured release
 * source, else the bundled snapshot.
 */
export async function loadReleaseCatalog(
  options: ReleaseCatalogLoaderOptions,
  signal?: AbortSignal,
): Promise<ReleaseCatalog> {
  return (await fetchBackendCatalog(options, signal)) ?? getBundledCatalog();
}

/** An AbortSignal that fires when either fires. */
export function anySignal(
  a: AbortSignal | undefined,
  b: AbortSignal,
): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}
