import { CustomErrorBase, isError } from '@backstage/errors';

/**
 * 422: the entity exists and is visible but is not an Astro project.
 *
 * @public
 */
export class NotAstroProjectError extends CustomErrorBase {
  name = 'NotAstroProjectError' as const;
  statusCode = 422;
}

/**
 * 502: an upstream (SCM, Astro Platform API, release feed) failed; the message
 * carries the upstream's reason (never credentials).
 *
 * @public
 */
export class UpstreamError extends CustomErrorBase {
  name = 'UpstreamError' as const;
  statusCode = 502;
  /** The upstream HTTP status, when there was one. */
  upstreamStatus?: number;
  /** A short machine-readable reason, e.g. `astro-api-401`, `scm-timeout`. */
  code?: string;

  constructor(
    message: string,
    options?: { cause?: unknown; upstreamStatus?: number; code?: string },
  ) {
    super(message, options?.cause);
    this.upstreamStatus = options?.upstreamStatus;
    this.code = options?.code;
  }
}

/** Message of any thrown value, for logs and stored errors. */
export function errorMessage(e: unknown): string {
  if (isError(e)) {
    return e.message;
  }
  return String(e);
}

/** A short code for an error, for `EntityStatusRecord.error.code`. */
export function errorCode(e: unknown): string | undefined {
  if (e && typeof e === 'object') {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    const name = (e as { name?: unknown }).name;
    if (typeof name === 'string') {
      return name;
    }
  }
  return undefined;
}
