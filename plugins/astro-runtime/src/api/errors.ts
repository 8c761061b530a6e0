import { ResponseError } from '@backstage/errors';

/**
 * The reason to show for a failed call: the backend's own error message for
 * a `ResponseError` (not the generic "Request failed with 500 ..."), else
 * the error's message.
 */
export function reasonOf(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}
