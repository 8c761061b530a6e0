/*
 * The release feed: its JSON (`runtimeVersions` and `runtimeVersionsV3`, or
 * the Platform API's `runtimeReleases[]`) read into a `ReleaseCatalog`, and
 * back.
 */
import { fillFromBundledLifecycle } from './bundledCatalog';
import { normalizeDate } from './dates';
import { AstroRuntimeError } from './errors';
import { ReleaseIndex, sortReleases } from './releaseIndex';
import { runtimeVersionKey } from './tag';
import { checkTextInput, isObject } from './util';
import type {
  DatabaseMigration,
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

function migration(v: unknown): DatabaseMigration {
  if (v === undefined || v === null) return 'unknown';
  if (typeof v === 'string' && v.trim().toLowerCase() === 'unknown')
    return 'unknown';
  return bool(v);
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
    airflowDatabaseMigration: migration(
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
  for (const { release: r } of new ReleaseIndex(catalog).sorted) {
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
