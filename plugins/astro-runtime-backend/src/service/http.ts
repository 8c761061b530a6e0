/*
 * Fetch with timeouts and retries, and byte-capped reads of bodies and local
 * files (I/O glue shared by the Astro API client, the release feed reader and
 * the project reader).
 */
import { createReadStream } from 'fs';
import {
  BodyTooLargeError,
  exponentialBackoff,
  readCappedText,
  withRetry,
} from '@backstage-astro/plugin-astro-runtime-node';
import { UpstreamError } from '../errors';

/** How much of an error body is read for its reason. */
const MAX_REASON_BYTES = 16 * 1024;

import { displayUrl } from '@backstage-astro/plugin-astro-runtime-common';

export { displayUrl };

/**
 * Splits a configured URL into what is fetched and what is secret: userinfo
 * becomes a Basic `Authorization` header (fetch refuses URLs with
 * credentials), and the userinfo and query values are returned as secrets to
 * redact from any message.
 */
export function urlCredentials(url: string): {
  url: string;
  headers: Record<string, string>;
  secrets: string[];
} {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, headers: {}, secrets: [] };
  }
  const secrets: string[] = [];
  const headers: Record<string, string> = {};
  for (const [, value] of u.searchParams) {
    secrets.push(value);
  }
  if (u.username || u.password) {
    const user = decodeURIComponent(u.username);
    const password = decodeURIComponent(u.password);
    secrets.push(user, password, u.username, u.password);
    headers.Authorization = `Basic ${Buffer.from(
      `${user}:${password}`,
    ).toString('base64')}`;
    u.username = '';
    u.password = '';
  }
  return { url: u.toString(), headers, secrets: secrets.filter(Boolean) };
}

export interface FetchWithRetryOptions {
  /** What is being fetched, for error messages ("Deployment dep-1 in organization org-1"). */
  what: string;
  /** Upstream name for error messages and codes ("Astro API", "release feed"). */
  upstream: string;
  /** Short code prefix, e.g. `astro-api`. */
  codePrefix: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  maxRetries: number;
  /** Base of the exponential backoff (default 250 ms). */
  backoffMs?: number;
  /** Longest Retry-After honoured before giving up (default 30 s). */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  /** Strings that must never appear in an error message (tokens). */
  secrets?: string[];
  /** Statuses returned to the caller instead of thrown (e.g. 404). */
  passStatuses?: number[];
  fetchImpl?: typeof fetch;
  /** Called before each retry (for logging; never gets secrets). */
  onRetry?: (info: {
    attempt: number;
    delayMs: number;
    reason: string;
  }) => void;
}

export function redact(text: string, secrets: string[] | undefined): string {
  let out = text;
  for (const s of secrets ?? []) {
    if (s && s.length >= 4) {
      out = out.split(s).join('***');
    }
  }
  return out;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds. */
export function parseRetryAfter(
  value: string | null,
  now = Date.now(),
): number | undefined {
  if (!value) {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  if (!Number.isNaN(date)) {
    return Math.max(0, date - now);
  }
  return undefined;
}

/** Reads a short reason from an error body (JSON `message` or text), redacted. */
async function upstreamReason(
  res: Response,
  secrets: string[] | undefined,
): Promise<string> {
  let text = '';
  try {
    // only the start of an error body is needed: read it capped, drop the rest
    const reader = res.body?.getReader();
    if (reader) {
      const chunks: Uint8Array[] = [];
      let total = 0;
      while (total < MAX_REASON_BYTES) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        total += value.byteLength;
      }
      reader.cancel().catch(() => undefined);
      text = Buffer.concat(chunks).toString('utf8').slice(0, 2000);
    }
  } catch {
    return '';
  }
  let reason = text;
  try {
    const body = JSON.parse(text);
    if (body && typeof body.message === 'string') {
      reason = body.message;
      if (typeof body.requestId === 'string') {
        reason += ` (requestId ${body.requestId})`;
      }
    }
  } catch {
    // not JSON: keep the text
  }
  reason = reason.replace(/\s+/g, ' ').trim().slice(0, 300);
  return redact(reason, secrets);
}

function isRetryableStatus(status: number) {
  return status === 429 || status === 408 || status >= 500;
}

/** A failed attempt worth another one: the error, and what the retry waits for. */
class RetryableFailure {
  constructor(
    readonly error: UpstreamError,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {}
}

/**
 * GET with a per-attempt timeout and retries with exponential backoff on 429,
 * 408, 5xx, timeouts and network errors, honouring `Retry-After`. Resolves with
 * an OK response (or one of `passStatuses`); otherwise throws an
 * {@link UpstreamError} that names what was fetched and why, without secrets.
 */
export async function fetchWithRetry(
  url: string,
  options: FetchWithRetryOptions,
): Promise<Response> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const backoff = exponentialBackoff(options.backoffMs ?? 250);
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const cancelled = () =>
    new UpstreamError(
      `${options.upstream}: request for ${options.what} was cancelled`,
      { code: `${options.codePrefix}-cancelled` },
    );

  const attempt = async (): Promise<Response> => {
    if (options.signal?.aborted) {
      throw cancelled();
    }
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout])
      : timeout;
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method: 'GET',
        headers: options.headers,
        signal,
        redirect: 'follow',
      });
    } catch (e) {
      if (options.signal?.aborted) {
        throw cancelled();
      }
      const timedOut = timeout.aborted;
      const reason = timedOut
        ? `timed out after ${options.timeoutMs} ms`
        : `network error: ${redact(
            (e as Error)?.cause
              ? String(
                  ((e as Error).cause as Error)?.message ?? (e as Error).cause,
                )
              : String((e as Error)?.message ?? e),
            options.secrets,
          )}`;
      throw new RetryableFailure(
        new UpstreamError(
          `${options.upstream} ${reason} reading ${options.what}`,
          {
            code: `${options.codePrefix}-${timedOut ? 'timeout' : 'network'}`,
          },
        ),
        reason,
      );
    }

    if (res.ok || options.passStatuses?.includes(res.status)) {
      return res;
    }

    const reason = await upstreamReason(res, options.secrets);
    const statusText = `${res.status}${reason ? `: ${reason}` : ''}`;
    let message: string;
    switch (res.status) {
      case 401:
        message = `${options.upstream} rejected the credentials (401) reading ${
          options.what
        }; check the configured token${reason ? ` (${reason})` : ''}`;
        break;
      case 403:
        message = `${options.upstream} denied access (403) to ${
          options.what
        }; the token lacks permission${reason ? ` (${reason})` : ''}`;
        break;
      case 404:
        message = `${options.upstream}: ${options.what} not found (404)${
          reason ? ` (${reason})` : ''
        }`;
        break;
      case 429:
        message = `${options.upstream} rate limited (429) reading ${
          options.what
        }${reason ? ` (${reason})` : ''}`;
        break;
      default:
        message = `${options.upstream} answered ${statusText} reading ${options.what}`;
    }
    const error = new UpstreamError(message, {
      upstreamStatus: res.status,
      code: `${options.codePrefix}-${res.status}`,
    });
    if (!isRetryableStatus(res.status)) {
      throw error;
    }
    throw new RetryableFailure(
      error,
      `HTTP ${res.status}`,
      parseRetryAfter(res.headers.get('retry-after')),
    );
  };

  try {
    return await withRetry(attempt, {
      retries: options.maxRetries,
      shouldRetry: e => e instanceof RetryableFailure,
      delayMs: (retry, e) => {
        const { error, retryAfterMs } = e as RetryableFailure;
        if (retryAfterMs !== undefined && retryAfterMs > maxRetryAfterMs) {
          throw new UpstreamError(
            `${error.message}; Retry-After ${Math.round(
              retryAfterMs / 1000,
            )} s is longer than ${Math.round(
              maxRetryAfterMs / 1000,
            )} s, giving up`,
            { upstreamStatus: error.upstreamStatus, code: error.code },
          );
        }
        return retryAfterMs ?? backoff(retry);
      },
      signal: options.signal,
      onRetry: ({ retry, delayMs, error }) =>
        options.onRetry?.({
          attempt: retry,
          delayMs,
          reason: (error as RetryableFailure).reason,
        }),
    });
  } catch (e) {
    throw e instanceof RetryableFailure ? e.error : e;
  }
}

/**
 * The same bytes through a stream whose cancel does not wait: cancelling a
 * branch of a teed body (a cloned Response) only settles once every branch is
 * cancelled, which may be never.
 */
function detached(
  body: ReadableStream<Uint8Array>,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) {
        controller.close();
      } else {
        controller.enqueue(value);
      }
    },
    cancel(reason) {
      reader.cancel(reason).catch(() => undefined);
    },
  });
}

/**
 * Reads a response body with a byte cap, streaming: a body past `maxBytes`
 * fails as soon as the cap is passed, without buffering the rest.
 */
export async function readBodyText(
  res: Response,
  options: {
    upstream: string;
    what: string;
    codePrefix: string;
    maxBytes: number;
  },
): Promise<string> {
  try {
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      res.body?.cancel().catch(() => undefined);
      throw new BodyTooLargeError(options.what, options.maxBytes);
    }
    if (!res.body) {
      return '';
    }
    return await readCappedText(detached(res.body), {
      maxBytes: options.maxBytes,
      what: options.what,
    });
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      throw new UpstreamError(
        `${options.upstream} answered more than ${options.maxBytes} bytes for ${options.what}`,
        { code: `${options.codePrefix}-too-large` },
      );
    }
    throw new UpstreamError(
      `${options.upstream}: reading ${options.what} failed: ${
        (e as Error)?.message ?? e
      }`,
      { code: `${options.codePrefix}-network` },
    );
  }
}

/**
 * Reads a local file as UTF-8 text with a byte cap, streaming: a file past
 * `maxBytes` fails as an {@link UpstreamError} of code `tooLargeCode` as soon
 * as the cap is passed; other read errors are thrown as they are.
 */
export async function readCappedFile(
  file: string,
  options: { maxBytes: number; what: string; tooLargeCode: string },
): Promise<string> {
  try {
    return await readCappedText(createReadStream(file), {
      maxBytes: options.maxBytes,
      what: options.what,
    });
  } catch (e) {
    if (e instanceof BodyTooLargeError) {
      throw new UpstreamError(e.message, { code: options.tooLargeCode });
    }
    throw e;
  }
}

/** Reads a response body as JSON (byte-capped), throwing a clear error for malformed JSON. */
export async function readJson(
  res: Response,
  options: {
    upstream: string;
    what: string;
    codePrefix: string;
    maxBytes: number;
  },
): Promise<unknown> {
  const text = await readBodyText(res, options);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UpstreamError(
      `${options.upstream} returned malformed JSON for ${options.what}: ${
        (e as Error).message
      }`,
      { code: `${options.codePrefix}-malformed` },
    );
  }
}
