/*
 * Where a Runtime version stands in its support lifecycle at a given moment.
 */
import { normalizeDate } from './dates';
import { ReleaseIndex, releaseIndex } from './releaseIndex';
import { AIRFLOW3_LIFECYCLE_POLICY } from './rules';
import { runtimeVersionKey } from './tag';
import { isObject } from './util';
import type {
  Lifecycle,
  LifecycleBasis,
  ReleaseCatalog as Catalog,
  RuntimeRelease,
} from './types';

const DAY_MS = 86_400_000;

function dayNumber(ymd: string): number | undefined {
  const d = normalizeDate(ymd);
  if (!d) return undefined;
  return Math.floor(
    Date.UTC(
      Number(d.slice(0, 4)),
      Number(d.slice(5, 7)) - 1,
      Number(d.slice(8, 10)),
    ) / DAY_MS,
  );
}

/**
 * Whole days from `now` to the end of `date` (0 on the day itself, negative once past).
 *
 * @public
 */
export function daysUntil(date: string, now: Date): number | undefined {
  const d = dayNumber(date);
  if (d === undefined || !(now instanceof Date) || Number.isNaN(now.getTime()))
    return undefined;
  return d - Math.floor(now.getTime() / DAY_MS);
}

/** The last day of the month `months` after the month of `ymd`. */
function endOfMonthAfter(ymd: string, months: number): string | undefined {
  const d = normalizeDate(ymd);
  if (!d) return undefined;
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(5, 7)) - 1 + months; // 0-based month index
  const last = new Date(Date.UTC(y, m + 1, 0));
  return last.toISOString().slice(0, 10);
}

function withDates(
  eom: string | undefined,
  eobs: string | undefined,
  basis: LifecycleBasis,
  now: Date,
): Lifecycle {
  const lc: Lifecycle = { state: 'unknown', basis };
  if (eom) lc.endOfMaintenance = eom;
  if (eobs) lc.endOfBasicSupport = eobs;
  const dm = eom ? daysUntil(eom, now) : undefined;
  const db = eobs ? daysUntil(eobs, now) : undefined;
  if (dm !== undefined) lc.daysToEndOfMaintenance = dm;
  if (db !== undefined) lc.daysToEndOfBasicSupport = db;
  if (dm !== undefined && dm >= 0) lc.state = 'maintained';
  else if (basis === 'policy-lower-bound') lc.state = 'unknown';
  else if (db !== undefined && db >= 0)
    lc.state = dm === undefined ? 'unknown' : 'basic-support';
  else if (dm !== undefined || db !== undefined) lc.state = 'unsupported';
  return lc;
}

/**
 * The lifecycle of a release at `now`: maintained until the end of
 * `endOfMaintenance` (inclusive), then basic support until the end of
 * `endOfBasicSupport`, then unsupported.
 *
 * Dates come from the release data (`basis: 'feed'`). An Airflow 3 release
 * without them follows the policy: 24 months of maintenance from its release
 * date, then 6 months of basic support, each to the end of its month
 * (`policy`); without a release date the periods count from Airflow 3.0.0's
 * release, the earliest any Airflow 3 Runtime can have, so the dates are
 * lower bounds (`policy-lower-bound`): maintained until then, unknown after.
 * Unknown without dates.
 *
 * @public
 */
export function lifecycleFor(
  release: RuntimeRelease | undefined,
  now: Date,
): Lifecycle {
  if (!release || !isObject(release)) return { state: 'unknown' };
  const eom = normalizeDate(release.endOfMaintenance);
  const eobs = normalizeDate(release.endOfBasicSupport);
  if (eom || eobs) return withDates(eom, eobs, 'feed', now);
  if (runtimeVersionKey(release.version)?.line !== 'airflow3')
    return { state: 'unknown' };
  const policy = AIRFLOW3_LIFECYCLE_POLICY;
  const released = normalizeDate(release.releaseDate);
  const from =
    released && released >= policy.earliestRelease
      ? released
      : policy.earliestRelease;
  return withDates(
    endOfMonthAfter(from, policy.maintenanceMonths),
    endOfMonthAfter(from, policy.maintenanceMonths + policy.basicSupportMonths),
    released ? 'policy' : 'policy-lower-bound',
    now,
  );
}

/**
 * The lifecycle of a version that may be missing from the catalog: its own
 * entry when it has dates, else the dates of the catalog's other releases of
 * the same line and major (the lifecycle is per major on the Airflow-2 line),
 * else the Airflow 3 policy (see `lifecycleFor`).
 *
 * @public
 */
export function lifecycleForVersion(
  catalog: Catalog | ReleaseIndex,
  version: string,
  now: Date,
): Lifecycle {
  const index = releaseIndex(catalog);
  const key = index.keyOf(version);
  const own = key ? index.find(key) : undefined;
  if (own && (own.endOfMaintenance || own.endOfBasicSupport))
    return lifecycleFor(own, now);
  if (!key) return lifecycleFor(own, now);
  const stub: RuntimeRelease = own ?? {
    version: key.version,
    line: key.line,
    channel: 'stable',
    yanked: false,
    airflowDatabaseMigration: 'unknown',
  };
  if (key.line !== 'airflow2') return lifecycleFor(stub, now);
  const sibling = index.sorted.find(
    s =>
      s.key.line === key.line &&
      s.key.major === key.major &&
      (s.release.endOfMaintenance || s.release.endOfBasicSupport),
  );
  if (!sibling) return lifecycleFor(own, now);
  return lifecycleFor(
    {
      ...stub,
      endOfMaintenance: sibling.release.endOfMaintenance,
      endOfBasicSupport: sibling.release.endOfBasicSupport,
    },
    now,
  );
}
