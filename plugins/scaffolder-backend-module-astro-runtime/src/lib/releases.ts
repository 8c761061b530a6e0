/*
 * Where the action's release catalog comes from: an explicit `releasesUrl`
 * (a feed in the updates.astronomer.io shape), else the astro-runtime backend
 * plugin's `GET /releases` (so the action accepts exactly the versions the
 * picker offered), else the bundled snapshot. All validation is done by
 * `parseReleaseFeed` from -common.
 */
import type {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  catalogToFeed,
  getBundledCatalog,
  parseReleaseFeed,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';

export const FETCH_TIMEOUT_MS = 15_000;

export interface ReleaseCatalogLoaderOptions {
  discovery?: DiscoveryService;
  auth?: AuthService;
  logger?: LoggerService;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Reads a release feed from a URL; throws an InputError saying why when it can't. */
export async function fetchReleaseFeed(
  url: string,
  signal?: AbortSignal,
): Promise<ReleaseCatalog> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`releasesUrl '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new InputError(
      `releasesUrl must be an http(s) URL, got ${parsed.protocol}`,
    );
  }
  let text: string;
  try {
    const res = await fetch(url, {
      headers: { Accept: 'application/json' },
      signal: anySignal(signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)),
    });
    if (!res.ok) {
      throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
    }
    text = await res.text();
  } catch (e) {
    throw new InputError(
      `Could not read the release feed at ${url}: ${errorMessage(e)}`,
    );
  }
  try {
    return parseReleaseFeed(text, {
      source: 'url',
      location: url,
      asOf: new Date().toISOString(),
    });
  } catch (e) {
    throw new InputError(
      `The release feed at ${url} is not usable: ${errorMessage(e)}`,
    );
  }
}

/**
 * The astro-runtime backend's catalog (`GET /api/astro-runtime/releases`), or
 * undefined (with the reason logged) when the plugin is not installed or fails.
 */
export async function fetchBackendCatalog(
  options: ReleaseCatalogLoaderOptions,
  signal?: AbortSignal,
): Promise<ReleaseCatalog | undefined> {
  const { discovery, auth, logger } = options;
  if (!discovery || !auth) {
    return undefined;
  }
  try {
    const baseUrl = await discovery.getBaseUrl('astro-runtime');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'astro-runtime',
    });
    const res = await fetch(`${baseUrl}/releases`, {
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
      signal: anySignal(signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)),
    });
    if (!res.ok) {
      throw new Error(`HTTP ${res.status}`);
    }
    const body = (await res.json()) as { catalog?: ReleaseCatalog };
    if (!body?.catalog || !Array.isArray(body.catalog.releases)) {
      throw new Error('the response has no release catalog');
    }
    // re-validate through the feed parser: never trust the shape blindly
    return parseReleaseFeed(catalogToFeed(body.catalog), {
      source: body.catalog.source,
      location: body.catalog.location ?? `${baseUrl}/releases`,
      asOf: body.catalog.asOf,
      fillLifecycle: false,
    });
  } catch (e) {
    logger?.info(
      `astro-runtime backend release catalog not available (${errorMessage(
        e,
      )}); using the bundled snapshot`,
    );
    return undefined;
  }
}

export async function loadReleaseCatalog(
  releasesUrl: string | undefined,
  options: ReleaseCatalogLoaderOptions,
  signal?: AbortSignal,
): Promise<ReleaseCatalog> {
  if (releasesUrl) {
    return fetchReleaseFeed(releasesUrl, signal);
  }
  return (await fetchBackendCatalog(options, signal)) ?? getBundledCatalog();
}

/** An AbortSignal that fires when either fires. */
export function anySignal(
  a: AbortSignal | undefined,
  b: AbortSignal,
): AbortSignal {
  return a ? AbortSignal.any([a, b]) : b;
}
