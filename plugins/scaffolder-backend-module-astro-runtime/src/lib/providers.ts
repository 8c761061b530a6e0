/*
 * Where the provider packages of a Runtime come from: -common's
 * `providerPins` (the bundled provider reference, and the rule that nothing
 * is pinned for a move to Airflow 3), then the configured freeze-file URL
 * template (`astroRuntime.providerPins.urlTemplate`) for Runtimes the
 * reference does not list. Parsing and pinning are -common's.
 */
import type {
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  parseProviderFreeze,
  providerFreezeUrl,
  providerPins,
} from '@backstage-astro/plugin-astro-runtime-common';
import { readCappedText } from '@backstage-astro/plugin-astro-runtime-node';
import { anySignal, FETCH_TIMEOUT_MS } from './releases';
import { displayUrl } from '@backstage-astro/plugin-astro-runtime-common';

/** Largest freeze file read (the parser accepts no more). */
export const MAX_FREEZE_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Reads a freeze file through the backend's UrlReader, so the integrations
 * and `backend.reading.allow` decide which hosts may be read, and stops at
 * {@link MAX_FREEZE_FILE_BYTES}.
 */
async function readFreezeFile(
  reader: UrlReaderService,
  url: string,
  signal?: AbortSignal,
): Promise<string> {
  const res = await reader.readUrl(url, {
    signal: anySignal(signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)),
  });
  return readCappedText(res.stream ? res.stream() : await res.buffer(), {
    maxBytes: MAX_FREEZE_FILE_BYTES,
    what: 'the freeze file',
  });
}

/**
 * Why a freeze file could not be read, in one line that names the kind of
 * failure and never repeats bytes of an answer.
 */
export function freezeReadProblem(e: unknown): string {
  const err = e as { name?: string; code?: string; message?: string };
  switch (err?.name) {
    case 'NotAllowedError':
      return 'reading from its host is not allowed (add the host to backend.reading.allow or configure an integration for it)';
    case 'NotFoundError':
      return 'not found (HTTP 404)';
    case 'TimeoutError':
      return `no answer within ${FETCH_TIMEOUT_MS / 1000} s`;
    default:
  }
  if (err?.code === 'TOO_LARGE') {
    return `it is larger than ${MAX_FREEZE_FILE_BYTES} bytes`;
  }
  if (err?.name === 'AstroRuntimeError') {
    return `it is not a readable freeze file [${err.code}]`;
  }
  // the UrlReaders end their messages with ", <status> <status text>"
  const status = /,\s*([1-5]\d\d)\b[^,]*$/.exec(
    String(err?.message ?? '').slice(-300),
  );
  return status ? `HTTP ${status[1]}` : 'the read failed';
}

export interface ProviderList {
  providers: Array<{ name: string; version: string }>;
  /** `url` (the freeze file) or `bundled`. */
  source: 'url' | 'bundled';
  /** The freeze file URL, for `url`. */
  location?: string;
}

export interface ProviderLookup {
  /** The list, or undefined when no source knows this Runtime (or nothing may be pinned). */
  list?: ProviderList;
  /** Set when nothing may be pinned for this upgrade (a move to Airflow 3): why, and what to add instead. */
  notPinned?: string;
  /** Why the configured URL was not used (logged; part of the warning when nothing was found). */
  urlProblem?: string;
}

/**
 * The provider packages of Runtime `tag` (bare version) to pin before
 * upgrading to `to`: from the bundled reference when it lists `tag`, else
 * from the freeze file for Python `python`; none for a move to Airflow 3.
 */
export async function lookupProviders(options: {
  tag: string;
  /** The target version; a move to the Airflow 3 line pins nothing. */
  to?: string;
  /** The current tag's variant suffixes (`slim` compares slim images). */
  variants?: string[];
  python?: string;
  airflow?: string;
  urlTemplate?: string;
  /** Reads the freeze file; without one the configured URL is not used. */
  reader?: UrlReaderService;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<ProviderLookup> {
  const { tag, python, airflow, urlTemplate, reader, logger, signal } = options;
  const plan = providerPins(tag, options.to, options.variants);
  if (!plan.pinnable) {
    return { notPinned: plan.note };
  }
  if (plan.source === 'bundled' && plan.pins.length > 0) {
    logger.info(
      `Provider pins of ${tag}: ${plan.pins.length} packages from the bundled provider reference`,
    );
    return { list: { providers: plan.pins, source: 'bundled' } };
  }
  let urlProblem: string | undefined;
  if (urlTemplate) {
    if (!python && /\{python\}/.test(urlTemplate)) {
      urlProblem = `the Python version of ${tag} is unknown, so the freeze file URL cannot be built`;
    } else if (!reader) {
      urlProblem = 'no UrlReader was given to read the freeze file with';
    } else {
      const url = providerFreezeUrl(urlTemplate, {
        tag,
        python: python ?? '',
        airflow,
      });
      const shown = displayUrl(url);
      let providers: Array<{ name: string; version: string }> | undefined;
      try {
        providers = parseProviderFreeze(
          await readFreezeFile(reader, url, signal),
        );
      } catch (e) {
        if (signal?.aborted) throw e;
        urlProblem = `could not read the freeze file ${shown}: ${freezeReadProblem(
          e,
        )}`;
      }
      if (providers && providers.length === 0) {
        urlProblem = `the freeze file ${shown} lists no apache-airflow-providers-* packages`;
      } else if (providers) {
        logger.info(
          `Read ${providers.length} provider pins of ${tag} from ${shown}`,
        );
        return { list: { providers, source: 'url', location: shown } };
      }
    }
    logger.warn(`Provider pins: ${urlProblem}`);
  }
  return { urlProblem };
}
