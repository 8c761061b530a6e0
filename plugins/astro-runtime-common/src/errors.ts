/**
 * The one error type of this package. Every public function either returns a
 * value or throws an `AstroRuntimeError`; nothing else escapes (the property
 * tests and the fuzz script check this).
 */

/**
 * Machine-readable error codes.
 *
 * @public
 */
export type AstroRuntimeErrorCode =
  /** The Dockerfile has no FROM instruction. */
  | 'NO_FROM'
  /** A `$VAR` in the decisive FROM has no value (no default, not declared). */
  | 'UNRESOLVED_ARG'
  /** The input contains NUL bytes. */
  | 'BINARY_INPUT'
  /** The input is larger than the limit (1 MiB for a Dockerfile, 5 MiB for a feed by default). */
  | 'TOO_LARGE'
  /** An image reference that does not follow the Docker reference grammar. */
  | 'INVALID_REFERENCE'
  /** A malformed Dockerfile (e.g. `FROM` without an image). */
  | 'INVALID_DOCKERFILE'
  /** A release feed that is not JSON or not of the feed's shape. */
  | 'INVALID_FEED'
  /** A version that is not in the release catalog or not a Runtime version at all. */
  | 'UNKNOWN_VERSION'
  | 'DOWNGRADE'
  | 'SAME_VERSION'
  | 'YANKED_TARGET'
  | 'PRERELEASE_TARGET'
  /** Moving to the Airflow-3 line needs Runtime 12.0.0 or later first. */
  | 'AIRFLOW3_REQUIRES_12'
  /** The Dockerfile's base is not an Astro Runtime image. */
  | 'NOT_ASTRO'
  /** A requirements / freeze text that cannot be used. */
  | 'INVALID_REQUIREMENTS'
  /** The Dockerfile is valid but cannot be edited byte-exactly (e.g. the version is assembled from several ARGs). */
  | 'UNSUPPORTED_EDIT'
  /** An argument of the wrong type (not a string, an invalid Date ...). */
  | 'INVALID_INPUT'
  /** An entity annotation that does not say where its Astro project is (`annotation` names it). */
  | 'INVALID_LOCATION';

/** @public */
export const ASTRO_RUNTIME_ERROR_CODES: readonly AstroRuntimeErrorCode[] = [
  'NO_FROM',
  'UNRESOLVED_ARG',
  'BINARY_INPUT',
  'TOO_LARGE',
  'INVALID_REFERENCE',
  'INVALID_DOCKERFILE',
  'INVALID_FEED',
  'UNKNOWN_VERSION',
  'DOWNGRADE',
  'SAME_VERSION',
  'YANKED_TARGET',
  'PRERELEASE_TARGET',
  'AIRFLOW3_REQUIRES_12',
  'NOT_ASTRO',
  'INVALID_REQUIREMENTS',
  'UNSUPPORTED_EDIT',
  'INVALID_INPUT',
  'INVALID_LOCATION',
];

/** @public */
export class AstroRuntimeError extends Error {
  readonly code: AstroRuntimeErrorCode;
  /** 1-based line in the input the error is about, when known. */
  readonly line?: number;
  /** The entity annotation the error is about, when there is one. */
  readonly annotation?: string;

  constructor(
    code: AstroRuntimeErrorCode,
    message: string,
    options?: { line?: number; annotation?: string },
  ) {
    super(message);
    this.name = 'AstroRuntimeError';
    this.code = code;
    if (options?.line !== undefined) {
      this.line = options.line;
    }
    if (options?.annotation !== undefined) {
      this.annotation = options.annotation;
    }
    Object.setPrototypeOf(this, AstroRuntimeError.prototype);
  }
}

/**
 * True for errors thrown by this package (also across bundle copies: checks the shape).
 *
 * @public
 */
export function isAstroRuntimeError(e: unknown): e is AstroRuntimeError {
  if (e instanceof AstroRuntimeError) {
    return true;
  }
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { name?: unknown }).name === 'AstroRuntimeError' &&
    typeof (e as { code?: unknown }).code === 'string' &&
    (ASTRO_RUNTIME_ERROR_CODES as readonly string[]).includes(
      (e as { code: string }).code,
    )
  );
}

/** Throws INVALID_INPUT unless `value` is a string. */
export function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string') {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      `${what} must be a string, got ${value === null ? 'null' : typeof value}`,
    );
  }
  return value;
}
