import type { RootConfigService } from '@backstage/backend-plugin-api';

/** `YYYY-MM-DD`, optionally with a time and a zone. */
const ISO_DATE_OR_TIME = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Reads `astroRuntime.clock.startAt` (a setting for demos and end-to-end
 * tests): the time the Astro Runtime plugins' clock starts at, or undefined
 * when it is not set. Throws for a value that is not an ISO 8601 date or
 * time.
 *
 * @public
 */
export function readAstroRuntimeClockStartAt(
  config: Pick<RootConfigService, 'getOptional'>,
): Date | undefined {
  const raw = config.getOptional('astroRuntime.clock.startAt');
  if (raw === undefined || raw === null || raw === '') {
    return undefined;
  }
  // YAML reads an unquoted 2026-12-02 as a date
  const text = raw instanceof Date ? raw.toISOString() : String(raw);
  const at = new Date(text);
  if (!ISO_DATE_OR_TIME.test(text) || Number.isNaN(at.getTime())) {
    throw new Error(
      `astroRuntime.clock.startAt must be an ISO 8601 date or time, got '${text}'`,
    );
  }
  return at;
}

/**
 * The Astro Runtime plugins' clock: the host's, or (with `startAt`) the
 * host's shifted so that it read `startAt` at `startedAt` (default: now) and
 * runs on from there.
 *
 * @public
 */
export function astroRuntimeClock(
  startAt: Date | undefined,
  startedAt: number = Date.now(),
): () => Date {
  if (!startAt) {
    return () => new Date();
  }
  const offset = startAt.getTime() - startedAt;
  return () => new Date(Date.now() + offset);
}
