/*
 * Where the provider packages of a Runtime come from (domain notes §6): the
 * configured freeze-file URL template (`astroRuntime.providerPins.urlTemplate`),
 * then the bundled list in -common. Parsing and pinning are -common's.
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  getBundledProviders,
  parseProviderFreeze,
  providerFreezeUrl,
} from '@backstage-astro/plugin-astro-runtime-common';
import { anySignal, FETCH_TIMEOUT_MS } from './releases';

export interface ProviderList {
  providers: Array<{ name: string; version: string }>;
  /** `url` (the freeze file) or `bundled`. */
  source: 'url' | 'bundled';
  /** The freeze file URL, for `url`. */
  location?: string;
}

export interface ProviderLookup {
  /** The list, or undefined when no source knows this Runtime. */
  list?: ProviderList;
  /** Why the configured URL was not used (logged; part of the warning when nothing was found). */
  urlProblem?: string;
}

/**
 * The provider packages preinstalled in Runtime `tag` (bare version) for
 * Python `python`.
 */
export async function lookupProviders(options: {
  tag: string;
  python?: string;
  airflow?: string;
  urlTemplate?: string;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<ProviderLookup> {
  const { tag, python, airflow, urlTemplate, logger, signal } = options;
  let urlProblem: string | undefined;
  if (urlTemplate) {
    if (!python && /\{python\}/.test(urlTemplate)) {
      urlProblem = `the Python version of ${tag} is unknown, so the freeze file URL cannot be built`;
    } else {
      const url = providerFreezeUrl(urlTemplate, {
        tag,
        python: python ?? '',
        airflow,
      });
      try {
        const res = await fetch(url, {
          signal: anySignal(signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)),
        });
        if (!res.ok) {
          throw new Error(`HTTP ${res.status} ${res.statusText}`.trim());
        }
        const providers = parseProviderFreeze(await res.text());
        if (providers.length === 0) {
          throw new Error('it lists no apache-airflow-providers-* packages');
        }
        logger.info(
          `Read ${providers.length} provider pins of ${tag} from ${url}`,
        );
        return { list: { providers, source: 'url', location: url } };
      } catch (e) {
        urlProblem = `could not read the freeze file ${url}: ${
          e instanceof Error ? e.message : String(e)
        }`;
      }
    }
    logger.warn(`Provider pins: ${urlProblem}; trying the bundled list`);
  }
  const bundled = getBundledProviders(tag);
  if (bundled && bundled.length > 0) {
    return { list: { providers: bundled, source: 'bundled' }, urlProblem };
  }
  return { urlProblem };
}
