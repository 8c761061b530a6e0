/*
 * Product rules that several decisions share, each defined once: the
 * "Runtime 12 before Airflow 3" gate, what counts as a stable release, the
 * end-of-maintenance warning thresholds and the Airflow 3 lifecycle policy.
 */
import { RuntimeVersionKey, compareKeys, runtimeVersionKey } from './tag';
import type { RuntimeRelease, Severity } from './types';

/**
 * The lowest Runtime a Deployment may run before it moves to the Airflow 3
 * line: the Astro CLI refuses a deploy from Airflow 2 to 3 below it.
 *
 * @public
 */
export const AIRFLOW3_MIN_RUNTIME = '12.0.0';

const AIRFLOW3_MIN_KEY = runtimeVersionKey(AIRFLOW3_MIN_RUNTIME)!;

/**
 * Whether a project on `from` may move to the Airflow 3 line in one step:
 * already on it, or on Runtime 12.0.0 or later. False for an unknown version.
 *
 * @public
 */
export function canMoveToAirflow3(
  from: string | RuntimeVersionKey | undefined,
): boolean {
  const key = typeof from === 'string' ? runtimeVersionKey(from) : from;
  if (!key) return false;
  return key.line === 'airflow3' || compareKeys(key, AIRFLOW3_MIN_KEY) >= 0;
}

/**
 * Why a move from `from` to the Airflow 3 line is refused, or undefined when
 * it is allowed.
 *
 * @public
 */
export function airflow3BlockedReason(
  from: string | RuntimeVersionKey | undefined,
): string | undefined {
  return canMoveToAirflow3(from)
    ? undefined
    : `Airflow 3 needs Runtime ${AIRFLOW3_MIN_RUNTIME} or later first`;
}

const PRERELEASE_CHANNELS = new Set(['alpha', 'beta', 'nightly', 'rc']);

/**
 * A release counts as pre-release when its version has a pre-release part or
 * its channel is alpha, beta, nightly or rc.
 *
 * @public
 */
export function isPrerelease(release: RuntimeRelease): boolean {
  const ch = String(release?.channel).toLowerCase();
  return (
    PRERELEASE_CHANNELS.has(ch) ||
    (runtimeVersionKey(release?.version)?.prerelease ?? false)
  );
}

/**
 * A release a project may be told to move to: channel `stable`, no
 * pre-release part, not yanked. "Latest" and every recommendation only
 * consider these.
 *
 * @public
 */
export function isStableRelease(
  release: RuntimeRelease,
  key: RuntimeVersionKey | undefined = runtimeVersionKey(release?.version),
): boolean {
  return (
    !!release &&
    !release.yanked &&
    String(release.channel).toLowerCase() === 'stable' &&
    !!key &&
    !key.prerelease
  );
}

/**
 * Days before the end of maintenance (or basic support) at which the product
 * starts warning.
 *
 * @public
 */
export const EOL_WARNING_DAYS = 90;

/**
 * Days before the end of maintenance (or basic support) at which the warning
 * becomes an error.
 *
 * @public
 */
export const EOL_CRITICAL_DAYS = 30;

/**
 * The severity of a support deadline `days` away: `error` within
 * `EOL_CRITICAL_DAYS`, `warning` within `EOL_WARNING_DAYS`, else `otherwise`.
 *
 * @public
 */
export function deadlineSeverity(
  days: number | undefined,
  otherwise: Severity | 'ok' = 'ok',
): Severity | 'ok' {
  if (days === undefined || days > EOL_WARNING_DAYS) return otherwise;
  return days <= EOL_CRITICAL_DAYS ? 'error' : 'warning';
}

/**
 * Lifecycle policy of the Airflow 3 line: every version gets this many
 * months of maintenance from its release, then `basicSupportMonths` of basic
 * support; each period ends on the last day of its month.
 * `earliestRelease` is Airflow 3.0.0's release date: no Airflow 3 Runtime is
 * older, so it bounds the dates of a release whose own date is unknown.
 *
 * @public
 */
export const AIRFLOW3_LIFECYCLE_POLICY = {
  maintenanceMonths: 24,
  basicSupportMonths: 6,
  earliestRelease: '2025-04-22',
} as const;
