/*
 * The bundled offline release catalog (`data/releases.json`): facts about
 * Astro Runtime releases, authored by hand from public evidence (each row
 * names its evidence). The live release feed wins whenever it is reachable:
 * this is only the fallback. The provider packages per Runtime are bundled
 * separately, in `data/providers.json`.
 *
 * Data source per column:
 * - version, releaseDate, airflowVersion, yanked reason: complete up to
 *   11.8.0; 12.x, 13.x and the Airflow-3 line are partial: only versions with
 *   public evidence, mostly without dates.
 * - endOfMaintenance / endOfBasicSupport per Airflow 2 major
 *   (`lifecycleByMajor`): Astronomer's lifecycle table (month granularity;
 *   maintenance ends on the last day of the month). The Airflow 3 line has
 *   none here: its lifecycle follows the policy (see `lifecycleFor`).
 * - defaultPythonVersion per Airflow 2 major: Astronomer's release-line
 *   table.
 * - airflowDatabaseMigration: INFERRED, not from a feed: `true` on the first
 *   Runtime of each new Airflow minor 2.2 .. 2.10 (Airflow minor releases
 *   ship metadata-DB migrations), `'unknown'` elsewhere; the live feed's
 *   `migrations.airflowDatabase` replaces all of it.
 * - channel: `stable` for every release (the facts carry no channel);
 *   `yanked` where a yanked reason is known.
 */
import data from './data/releases.json';
import { normalizeDate } from './dates';
import { sortReleases } from './releaseIndex';
import { runtimeVersionKey } from './tag';
import type { ReleaseCatalog, RuntimeRelease } from './types';

interface BundledReleases {
  asOf: string;
  yankedReasons: Record<string, string>;
  /** [version, releaseDate, airflowVersion, yanked reason key, evidence key] */
  releases: Array<[string, string, string, string, string]>;
  /** Lifecycle per Airflow-2-line major; `3` is the 2021 Runtime 3.x.y. */
  lifecycleByMajor: Record<
    string,
    {
      releaseDate: string;
      endOfMaintenance: string;
      endOfBasicSupport?: string;
      lts: boolean;
    }
  >;
  defaultPythonByMajor: Record<string, string>;
  /** Runtimes that start a new Airflow minor (inferred DB migration). */
  inferredDbMigrations: string[];
}

const BUNDLED = data as unknown as BundledReleases;

/**
 * The date these facts were assembled.
 *
 * @public
 */
export const BUNDLED_CATALOG_AS_OF: string = BUNDLED.asOf;

/**
 * Fills missing support dates of an Airflow-2-line release from the bundled
 * lifecycle of its major.
 */
export function fillFromBundledLifecycle(release: RuntimeRelease): void {
  if (release.line !== 'airflow2') return;
  const key = runtimeVersionKey(release.version);
  if (!key) return;
  const facts = BUNDLED.lifecycleByMajor[String(key.major)];
  if (!facts) return;
  if (!release.endOfMaintenance) {
    const eom = normalizeDate(facts.endOfMaintenance);
    if (eom) release.endOfMaintenance = eom;
  }
  if (!release.endOfBasicSupport && facts.endOfBasicSupport) {
    const eobs = normalizeDate(facts.endOfBasicSupport);
    if (eobs) release.endOfBasicSupport = eobs;
  }
}

function buildBundledCatalog(): ReleaseCatalog {
  const inferred = new Set(BUNDLED.inferredDbMigrations);
  const releases: RuntimeRelease[] = [];
  for (const [
    version,
    releaseDate,
    airflowVersion,
    yanked,
  ] of BUNDLED.releases) {
    const yankedReason = yanked ? BUNDLED.yankedReasons[yanked] ?? yanked : '';
    const key = runtimeVersionKey(version);
    if (!key) continue;
    const r: RuntimeRelease = {
      version,
      line: key.line,
      channel: 'stable',
      yanked: yankedReason !== '',
      airflowDatabaseMigration: inferred.has(version) ? true : 'unknown',
    };
    if (airflowVersion) r.airflowVersion = airflowVersion;
    if (releaseDate) r.releaseDate = releaseDate;
    if (yankedReason) r.yankedReason = yankedReason;
    if (key.line === 'airflow2') {
      const py = BUNDLED.defaultPythonByMajor[String(key.major)];
      if (py) r.defaultPythonVersion = py;
      fillFromBundledLifecycle(r);
    }
    releases.push(r);
  }
  return {
    source: 'bundled',
    asOf: BUNDLED_CATALOG_AS_OF,
    releases: sortReleases(releases),
  };
}

/**
 * The bundled offline snapshot (as of `BUNDLED_CATALOG_AS_OF`), built anew
 * each call, so callers may mutate it. Pass it through `indexCatalog` to
 * assess many projects against it.
 *
 * @public
 */
export function getBundledCatalog(): ReleaseCatalog {
  return buildBundledCatalog();
}
