import { checkTextInput, isObject } from './util';
import { AstroRuntimeError } from './errors';
import {
  BUNDLED_CATALOG_AS_OF,
  BUNDLED_DEFAULT_PYTHON_BY_MAJOR,
  BUNDLED_INFERRED_DB_MIGRATIONS,
  BUNDLED_LIFECYCLE_BY_MAJOR,
  BUNDLED_RELEASE_ROWS,
} from './bundledData';
import { RuntimeVersionKey, compareKeys, runtimeVersionKey } from './tag';
import type {
  Lifecycle,
  ReleaseCatalog,
  ReleaseCatalogSource,
  RuntimeRelease,
} from './types';

/**
 * Default size limit of a release feed (5 MiB).
 *
 * @public
 */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;

/**
 * The public Astro Runtime release feed.
 *
 * @public
 */
export const DEFAULT_RELEASE_FEED_URL =
  'https://updates.astronomer.io/astronomer-runtime';

/** @public */
export interface ParseReleaseFeedOptions {
  source?: ReleaseCatalogSource;
  location?: string;
  /** When the data was fetched (ISO); default: the newest release date in the feed. */
  asOf?: string;
  /** Size limit for string input, default 5 MiB. */
  maxBytes?: number;
  /**
   * Fill missing end-of-maintenance / basic-support dates of Airflow-2-line
   * releases from the bundled per-major lifecycle facts (default true).
   */
  fillLifecycle?: boolean;
}

/* ------------------------------------------------------------------ */
/* Field coercion (tolerant). */

function str(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? undefined : t;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function bool(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const t = v.trim().toLowerCase();
    return t === 'true' || t === 'yes' || t === '1';
  }
  return false;
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Normalises a date to `YYYY-MM-DD`: accepts `YYYY-MM-DD`, an ISO date-time
 * (date part kept) and `YYYY-MM` (the last day of that month). Else undefined.
 *
 * @public
 */
export function normalizeDate(v: unknown): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (mo < 1 || mo > 12 || d < 1 || d > lastDayOfMonth(y, mo))
      return undefined;
    return `${m[1]}-${m[2]}-${m[3]}`;
  }
  m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return undefined;
    return `${m[1]}-${m[2]}-${String(lastDayOfMonth(y, mo)).padStart(2, '0')}`;
  }
  return undefined;
}

function stringList(v: unknown): string[] | undefined {
  if (Array.isArray(v)) {
    const out = v.map(str).filter((x): x is string => x !== undefined);
    return out.length ? out : undefined;
  }
  const s = str(v);
  if (s) {
    const out = s.split(/[\s,]+/).filter(Boolean);
    return out.length ? out : undefined;
  }
  return undefined;
}

function releaseFromEntry(
  version: string,
  entry: unknown,
): RuntimeRelease | undefined {
  const key = runtimeVersionKey(version);
  if (!key || key.version !== version) return undefined;
  const e = isObject(entry) ? entry : {};
  const meta = isObject(e.metadata) ? e.metadata : e;
  const migrations = isObject(e.migrations) ? e.migrations : {};
  const release: RuntimeRelease = {
    version,
    line: key.line,
    channel: str(meta.channel)?.toLowerCase() ?? 'stable',
    yanked: bool(meta.yanked),
    airflowDatabaseMigration: bool(
      migrations.airflowDatabase ??
        e.airflowDatabaseMigration ??
        meta.airflowDatabaseMigration,
    ),
  };
  const airflowVersion = str(meta.airflowVersion);
  if (airflowVersion) release.airflowVersion = airflowVersion;
  const releaseDate = normalizeDate(meta.releaseDate);
  if (releaseDate) release.releaseDate = releaseDate;
  const pythonVersions = stringList(meta.pythonVersions);
  if (pythonVersions) release.pythonVersions = pythonVersions;
  const defaultPythonVersion = str(meta.defaultPythonVersion);
  if (defaultPythonVersion) release.defaultPythonVersion = defaultPythonVersion;
  const yankedReason = str(meta.yankedReason);
  if (yankedReason) release.yankedReason = yankedReason;
  const eom = normalizeDate(meta.endOfMaintenance);
  if (eom) release.endOfMaintenance = eom;
  const eobs = normalizeDate(meta.endOfBasicSupport);
  if (eobs) release.endOfBasicSupport = eobs;
  return release;
}

function fillFromBundledLifecycle(release: RuntimeRelease): void {
  if (release.line !== 'airflow2') return;
  const key = runtimeVersionKey(release.version);
  if (!key) return;
  const facts = BUNDLED_LIFECYCLE_BY_MAJOR[String(key.major)];
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

function sortReleases(releases: RuntimeRelease[]): RuntimeRelease[] {
  return releases.sort((a, b) =>
    compareKeys(
      runtimeVersionKey(a.version),
      runtimeVersionKey(b.version),
      a.version,
      b.version,
    ),
  );
}

/**
 * Parses the release feed JSON (`runtimeVersions` + `runtimeVersionsV3`), or
 * the Platform API's deployment-options (`runtimeReleases[]`), tolerantly:
 * unknown fields are ignored, `"true"` strings accepted, missing optional
 * fields fine, entries whose key is not a Runtime version skipped. Throws
 * INVALID_FEED on junk and TOO_LARGE over the size limit.
 *
 * @public
 */
export function parseReleaseFeed(
  input: string | unknown,
  opts: ParseReleaseFeedOptions = {},
): ReleaseCatalog {
  const options: ParseReleaseFeedOptions = isObject(opts) ? opts : {};
  const location =
    typeof options.location === 'string' ? options.location : undefined;
  let data: unknown = input;
  if (typeof input === 'string') {
    const maxBytes =
      typeof options.maxBytes === 'number' && options.maxBytes > 0
        ? options.maxBytes
        : MAX_FEED_BYTES;
    checkTextInput(input, 'Release feed', maxBytes);
    try {
      data = JSON.parse(
        input.charCodeAt(0) === 0xfeff ? input.slice(1) : input,
      );
    } catch (e) {
      throw new AstroRuntimeError(
        'INVALID_FEED',
        `Release feed is not valid JSON: ${String(
          (e as Error)?.message ?? e,
        ).slice(0, 200)}`,
      );
    }
  }
  if (!isObject(data)) {
    throw new AstroRuntimeError(
      'INVALID_FEED',
      'Release feed must be a JSON object with "runtimeVersions" and/or "runtimeVersionsV3"',
    );
  }
  const byVersion = new Map<string, RuntimeRelease>();
  const skipped: string[] = [];
  let sawSection = false;
  for (const section of ['runtimeVersions', 'runtimeVersionsV3']) {
    const map = data[section];
    if (map === undefined || map === null) continue;
    if (!isObject(map)) {
      throw new AstroRuntimeError(
        'INVALID_FEED',
        `Release feed field "${section}" must be an object`,
      );
    }
    sawSection = true;
    for (const version of Object.keys(map)) {
      const release = releaseFromEntry(version.trim(), map[version]);
      if (release) byVersion.set(release.version, release);
      else skipped.push(version);
    }
  }
  const list = data.runtimeReleases;
  if (Array.isArray(list)) {
    sawSection = true;
    for (const item of list) {
      const version = isObject(item) ? str(item.version) : undefined;
      const release = version ? releaseFromEntry(version, item) : undefined;
      if (release) byVersion.set(release.version, release);
      else skipped.push(version ?? String(item).slice(0, 40));
    }
  }
  if (!sawSection) {
    throw new AstroRuntimeError(
      'INVALID_FEED',
      'Release feed has neither "runtimeVersions" nor "runtimeVersionsV3" (nor "runtimeReleases")',
    );
  }
  const releases = sortReleases(Array.from(byVersion.values()));
  if (options.fillLifecycle !== false)
    releases.forEach(fillFromBundledLifecycle);
  let asOf = typeof options.asOf === 'string' ? options.asOf : undefined;
  if (!asOf) {
    asOf = releases.reduce<string>(
      (max, r) => (r.releaseDate && r.releaseDate > max ? r.releaseDate : max),
      '',
    );
    if (!asOf) asOf = 'unknown';
  }
  let source: ReleaseCatalogSource = 'url';
  if (typeof options.source === 'string') source = options.source;
  else if (location && !/^https?:\/\//i.test(location)) source = 'file';
  const catalog: ReleaseCatalog = {
    source,
    asOf,
    releases,
  };
  if (location !== undefined) catalog.location = location;
  if (skipped.length) catalog.skipped = skipped.slice(0, 100);
  return catalog;
}

/**
 * The inverse of `parseReleaseFeed`: the feed JSON shape (for storage and tests).
 *
 * @public
 */
export function catalogToFeed(catalog: ReleaseCatalog): {
  runtimeVersions: Record<string, unknown>;
  runtimeVersionsV3: Record<string, unknown>;
} {
  const runtimeVersions: Record<string, unknown> = {};
  const runtimeVersionsV3: Record<string, unknown> = {};
  for (const r of releasesOf(catalog)) {
    const metadata: Record<string, unknown> = {
      channel: r.channel,
      yanked: r.yanked,
    };
    if (r.airflowVersion !== undefined)
      metadata.airflowVersion = r.airflowVersion;
    if (r.releaseDate !== undefined) metadata.releaseDate = r.releaseDate;
    if (r.pythonVersions !== undefined)
      metadata.pythonVersions = [...r.pythonVersions];
    if (r.defaultPythonVersion !== undefined)
      metadata.defaultPythonVersion = r.defaultPythonVersion;
    if (r.yankedReason !== undefined) metadata.yankedReason = r.yankedReason;
    if (r.endOfMaintenance !== undefined)
      metadata.endOfMaintenance = r.endOfMaintenance;
    if (r.endOfBasicSupport !== undefined)
      metadata.endOfBasicSupport = r.endOfBasicSupport;
    const entry = {
      metadata,
      migrations: { airflowDatabase: r.airflowDatabaseMigration },
    };
    if (r.line === 'airflow3') runtimeVersionsV3[r.version] = entry;
    else runtimeVersions[r.version] = entry;
  }
  return { runtimeVersions, runtimeVersionsV3 };
}

/* ------------------------------------------------------------------ */
/* The bundled snapshot. */

let bundled: ReleaseCatalog | undefined;

function buildBundledCatalog(): ReleaseCatalog {
  const inferred = new Set(BUNDLED_INFERRED_DB_MIGRATIONS);
  const releases: RuntimeRelease[] = [];
  for (const [
    version,
    releaseDate,
    airflowVersion,
    yankedReason,
  ] of BUNDLED_RELEASE_ROWS) {
    const key = runtimeVersionKey(version);
    if (!key) continue;
    const r: RuntimeRelease = {
      version,
      line: key.line,
      channel: 'stable',
      yanked: yankedReason !== '',
      airflowDatabaseMigration: inferred.has(version),
    };
    if (airflowVersion) r.airflowVersion = airflowVersion;
    if (releaseDate) r.releaseDate = releaseDate;
    if (yankedReason) r.yankedReason = yankedReason;
    if (key.line === 'airflow2') {
      const py = BUNDLED_DEFAULT_PYTHON_BY_MAJOR[String(key.major)];
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
 * The bundled offline snapshot (as of `BUNDLED_CATALOG_AS_OF`). A fresh deep
 * copy each call, so callers may mutate it.
 *
 * @public
 */
export function getBundledCatalog(): ReleaseCatalog {
  if (!bundled) bundled = buildBundledCatalog();
  return {
    ...bundled,
    releases: bundled.releases.map(r => ({
      ...r,
      ...(r.pythonVersions ? { pythonVersions: [...r.pythonVersions] } : {}),
    })),
  };
}

/* ------------------------------------------------------------------ */
/* Queries (indexed per catalog object for speed). */

interface CatalogIndex {
  releases: RuntimeRelease[];
  length: number;
  sorted: Array<{ release: RuntimeRelease; key: RuntimeVersionKey }>;
  byVersion: Map<string, RuntimeRelease>;
  latestCache: Map<string, RuntimeRelease | null>;
}

const indexCache = new WeakMap<object, CatalogIndex>();

function releasesOf(catalog: ReleaseCatalog): RuntimeRelease[] {
  if (
    !isObject(catalog) ||
    !Array.isArray((catalog as ReleaseCatalog).releases)
  ) {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      'catalog must be a ReleaseCatalog with a releases array',
    );
  }
  return catalog.releases.filter(
    r => isObject(r) && typeof r.version === 'string',
  );
}

function indexOf(catalog: ReleaseCatalog): CatalogIndex {
  const releasesArr = isObject(catalog)
    ? (catalog as ReleaseCatalog).releases
    : undefined;
  const cached = indexCache.get(catalog);
  if (
    cached &&
    cached.releases === releasesArr &&
    cached.length === releasesArr?.length
  ) {
    return cached;
  }
  const list = releasesOf(catalog);
  const sorted: CatalogIndex['sorted'] = [];
  const byVersion = new Map<string, RuntimeRelease>();
  for (const release of list) {
    const key = runtimeVersionKey(release.version);
    if (!key) continue;
    sorted.push({ release, key });
    byVersion.set(key.version, release);
  }
  sorted.sort((a, b) => compareKeys(a.key, b.key));
  const index: CatalogIndex = {
    releases: releasesArr as RuntimeRelease[],
    length: (releasesArr as RuntimeRelease[]).length,
    sorted,
    byVersion,
    latestCache: new Map(),
  };
  indexCache.set(catalog, index);
  return index;
}

/** The sorted releases of a catalog with their parsed keys (internal). */
export function sortedReleases(
  catalog: ReleaseCatalog,
): Array<{ release: RuntimeRelease; key: RuntimeVersionKey }> {
  return indexOf(catalog).sorted;
}

/**
 * The catalog entry for a version or tag (variants ignored), if any.
 *
 * @public
 */
export function findRelease(
  catalog: ReleaseCatalog,
  version: string,
): RuntimeRelease | undefined {
  const key = runtimeVersionKey(version);
  if (!key) return undefined;
  return indexOf(catalog).byVersion.get(key.version);
}

/**
 * A release counts as pre-release when its version has a pre-release part or its channel is alpha/beta.
 *
 * @public
 */
export function isPrerelease(release: RuntimeRelease): boolean {
  const ch = String(release.channel).toLowerCase();
  return (
    ch === 'alpha' ||
    ch === 'beta' ||
    ch === 'nightly' ||
    ch === 'rc' ||
    (runtimeVersionKey(release.version)?.prerelease ?? false)
  );
}

/** @public */
export interface LatestReleaseOptions {
  line?: 'airflow2' | 'airflow3';
  major?: number;
  minor?: number;
  /** Allow pre-release versions and alpha/beta channels. */
  includePrerelease?: boolean;
}

/**
 * The latest release: highest version with channel `stable` (or also
 * alpha/beta with `includePrerelease`), not yanked, not a pre-release;
 * optionally within a line, a major and a minor (the Airflow-3 line's major.minor
 * is Airflow's: `3.1-12` has major 3, minor 1).
 *
 * @public
 */
export function latestRelease(
  catalog: ReleaseCatalog,
  opts: LatestReleaseOptions = {},
): RuntimeRelease | undefined {
  const o = isObject(opts) ? opts : {};
  const index = indexOf(catalog);
  const cacheKey = `${o.line ?? ''}|${o.major ?? ''}|${o.minor ?? ''}|${
    o.includePrerelease ? 1 : 0
  }`;
  const cached = index.latestCache.get(cacheKey);
  if (cached !== undefined) return cached ?? undefined;
  let found: RuntimeRelease | undefined;
  for (let i = index.sorted.length - 1; i >= 0; i--) {
    const { release, key } = index.sorted[i];
    if (o.line && key.line !== o.line) continue;
    if (o.major !== undefined && key.major !== o.major) continue;
    if (o.minor !== undefined && key.minor !== o.minor) continue;
    if (release.yanked) continue;
    const ch = String(release.channel).toLowerCase();
    if (o.includePrerelease) {
      if (ch === 'deprecated') continue;
    } else if (ch !== 'stable' || key.prerelease) continue;
    found = release;
    break;
  }
  index.latestCache.set(cacheKey, found ?? null);
  return found;
}

/**
 * Releases with `from < version <= to`, ascending. Unparseable `from` means "from the beginning".
 *
 * @public
 */
export function releasesBetween(
  catalog: ReleaseCatalog,
  from: string,
  to: string,
): RuntimeRelease[] {
  const kf = runtimeVersionKey(from);
  const kt = runtimeVersionKey(to);
  if (!kt) return [];
  const sorted = indexOf(catalog).sorted;
  const out: RuntimeRelease[] = [];
  for (let i = kf ? firstAbove(sorted, kf) : 0; i < sorted.length; i++) {
    if (compareKeys(sorted[i].key, kt) > 0) break;
    out.push(sorted[i].release);
  }
  return out;
}

/** Index of the first entry of `sorted` whose key is above `key` (binary search). */
export function firstAbove(
  sorted: Array<{ key: RuntimeVersionKey }>,
  key: RuntimeVersionKey,
): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(sorted[mid].key, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const DAY_MS = 86_400_000;

function utcDayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

const dayNumbers = new Map<string, number | null>();

function dayNumberOf(ymd: string): number | undefined {
  const cached = dayNumbers.get(ymd);
  if (cached !== undefined) return cached ?? undefined;
  const d = normalizeDate(ymd);
  const n = d
    ? Math.floor(
        Date.UTC(
          Number(d.slice(0, 4)),
          Number(d.slice(5, 7)) - 1,
          Number(d.slice(8, 10)),
        ) / DAY_MS,
      )
    : undefined;
  if (dayNumbers.size > 5000) dayNumbers.clear();
  if (typeof ymd === 'string') dayNumbers.set(ymd, n ?? null);
  return n;
}

/**
 * Whole days from `now` to the end of `date` (0 on the day itself, negative once past).
 *
 * @public
 */
export function daysUntil(date: string, now: Date): number | undefined {
  const d = dayNumberOf(date);
  if (d === undefined || !(now instanceof Date) || Number.isNaN(now.getTime()))
    return undefined;
  return d - utcDayNumber(now);
}

const normalizedDates = new Map<string, string | null>();

function cachedDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return normalizeDate(v);
  const c = normalizedDates.get(v);
  if (c !== undefined) return c ?? undefined;
  const d = normalizeDate(v);
  if (normalizedDates.size > 5000) normalizedDates.clear();
  normalizedDates.set(v, d ?? null);
  return d;
}

/**
 * The lifecycle of a release at `now`: maintained until the end of
 * `endOfMaintenance` (inclusive), then basic support until the end of
 * `endOfBasicSupport`, then unsupported. Unknown without dates.
 *
 * @public
 */
export function lifecycleFor(
  release: RuntimeRelease | undefined,
  now: Date,
): Lifecycle {
  if (!release || !isObject(release)) return { state: 'unknown' };
  const lc: Lifecycle = { state: 'unknown' };
  const eom = cachedDate(release.endOfMaintenance);
  const eobs = cachedDate(release.endOfBasicSupport);
  if (eom) lc.endOfMaintenance = eom;
  if (eobs) lc.endOfBasicSupport = eobs;
  const dm = eom ? daysUntil(eom, now) : undefined;
  const db = eobs ? daysUntil(eobs, now) : undefined;
  if (dm !== undefined) lc.daysToEndOfMaintenance = dm;
  if (db !== undefined) lc.daysToEndOfBasicSupport = db;
  if (dm !== undefined && dm >= 0) lc.state = 'maintained';
  else if (db !== undefined && db >= 0)
    lc.state = dm === undefined ? 'unknown' : 'basic-support';
  else if (dm !== undefined || db !== undefined) lc.state = 'unsupported';
  return lc;
}

/**
 * The lifecycle of a version that may be missing from the catalog: its own
 * entry when it has dates, else the dates of the catalog's other releases of
 * the same line and major (the lifecycle is per major on the Airflow-2 line).
 *
 * @public
 */
export function lifecycleForVersion(
  catalog: ReleaseCatalog,
  version: string,
  now: Date,
): Lifecycle {
  const own = findRelease(catalog, version);
  if (own && (own.endOfMaintenance || own.endOfBasicSupport))
    return lifecycleFor(own, now);
  const key = runtimeVersionKey(version);
  if (!key || key.line !== 'airflow2') return lifecycleFor(own, now);
  const sibling = indexOf(catalog).sorted.find(
    s =>
      s.key.line === key.line &&
      s.key.major === key.major &&
      (s.release.endOfMaintenance || s.release.endOfBasicSupport),
  );
  if (sibling) {
    return lifecycleFor(
      {
        ...(own ?? {
          version,
          line: 'airflow2',
          channel: 'stable',
          yanked: false,
          airflowDatabaseMigration: false,
        }),
        endOfMaintenance: sibling.release.endOfMaintenance,
        endOfBasicSupport: sibling.release.endOfBasicSupport,
      },
      now,
    );
  }
  return lifecycleFor(own, now);
}
