/*
 * Fetch with timeouts and retries (I/O glue shared by the Astro API client and
 * the release feed reader).
 */
import { UpstreamError } from '../errors';

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
  onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason ?? new Error('aborted'));
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads a short reason from an error body (JSON `message` or text), redacted. */
async function upstreamReason(
  res: Response,
  secrets: string[] | undefined,
): Promise<string> {
  let text = '';
  try {
    text = (await res.text()).slice(0, 2000);
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
  const backoffMs = options.backoffMs ?? 250;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  let lastError: UpstreamError | undefined;

  for (let attempt = 0; attempt <= options.maxRetries; attempt++) {
    if (options.signal?.aborted) {
      throw new UpstreamError(
        `${options.upstream}: request for ${options.what} was cancelled`,
        { code: `${options.codePrefix}-cancelled` },
      );
    }
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout])
      : timeout;
    let res: Response;
    let retryDelay: number | undefined;
    try {
      res = await fetchImpl(url, {
        method: 'GET',
        headers: options.headers,
        signal,
        redirect: 'follow',
      });
    } catch (e) {
      if (options.signal?.aborted) {
        throw new UpstreamError(
          `${options.upstream}: request for ${options.what} was cancelled`,
          { code: `${options.codePrefix}-cancelled` },
        );
      }
      const timedOut = timeout.aborted;
      const reason = timedOut
        ? `timed out after ${options.timeoutMs} ms`
        : `network error: ${redact(
            (e as Error)?.cause
              ? String(((e as Error).cause as Error)?.message ?? (e as Error).cause)
              : String((e as Error)?.message ?? e),
            options.secrets,
          )}`;
      lastError = new UpstreamError(
        `${options.upstream} ${reason} reading ${options.what}`,
        { code: `${options.codePrefix}-${timedOut ? 'timeout' : 'network'}` },
      );
      retryDelay = backoffMs * 2 ** attempt * (0.5 + Math.random());
      if (attempt < options.maxRetries) {
        options.onRetry?.({ attempt: attempt + 1, delayMs: retryDelay, reason });
        await sleep(retryDelay, options.signal).catch(() => undefined);
      }
      continue;
    }

    if (res.ok || options.passStatuses?.includes(res.status)) {
      return res;
    }

    const reason = await upstreamReason(res, options.secrets);
    const statusText = `${res.status}${reason ? `: ${reason}` : ''}`;
    let message: string;
    switch (res.status) {
      case 401:
        message = `${options.upstream} rejected the credentials (401) reading ${options.what}; check the configured token${reason ? ` (${reason})` : ''}`;
        break;
      case 403:
        message = `${options.upstream} denied access (403) to ${options.what}; the token lacks permission${reason ? ` (${reason})` : ''}`;
        break;
      case 404:
        message = `${options.upstream}: ${options.what} not found (404)${reason ? ` (${reason})` : ''}`;
        break;
      case 429:
        message = `${options.upstream} rate limited (429) reading ${options.what}${reason ? ` (${reason})` : ''}`;
        break;
      default:
        message = `${options.upstream} answered ${statusText} reading ${options.what}`;
    }
    lastError = new UpstreamError(message, {
      upstreamStatus: res.status,
      code: `${options.codePrefix}-${res.status}`,
    });
    if (!isRetryableStatus(res.status) || attempt >= options.maxRetries) {
      throw lastError;
    }
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
    if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
      throw new UpstreamError(
        `${message}; Retry-After ${Math.round(retryAfter / 1000)} s is longer than ${Math.round(maxRetryAfterMs / 1000)} s, giving up`,
        { upstreamStatus: res.status, code: lastError.code },
      );
    }
    retryDelay = retryAfter ?? backoffMs * 2 ** attempt * (0.5 + Math.random());
    options.onRetry?.({ attempt: attempt + 1, delayMs: retryDelay, reason: `HTTP ${res.status}` });
    await sleep(retryDelay, options.signal).catch(() => undefined);
  }
  throw (
    lastError ??
    new UpstreamError(`${options.upstream} failed reading ${options.what}`)
  );
}

/** Reads a response body as JSON, throwing a clear error for malformed JSON. */
export async function readJson(
  res: Response,
  options: { upstream: string; what: string; codePrefix: string; maxBytes?: number },
): Promise<unknown> {
  const text = await res.text();
  if (options.maxBytes !== undefined && text.length > options.maxBytes) {
    throw new UpstreamError(
      `${options.upstream} answered more than ${options.maxBytes} bytes for ${options.what}`,
      { code: `${options.codePrefix}-too-large` },
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UpstreamError(
      `${options.upstream} returned malformed JSON for ${options.what}: ${(e as Error).message}`,
      { code: `${options.codePrefix}-malformed` },
    );
  }
}
