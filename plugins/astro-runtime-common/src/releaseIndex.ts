/*
 * Queries over a release catalog. A `ReleaseIndex` sorts the releases and
 * parses their versions once; `indexCatalog` freezes a copy of a catalog and
 * attaches its index to it (a frozen catalog cannot be edited in place, so
 * the attached index cannot go stale). Queries on any other catalog build a
 * fresh index. Nothing is kept at module level.
 */
import { AstroRuntimeError } from './errors';
import { isStableRelease } from './rules';
import { RuntimeVersionKey, compareKeys, runtimeVersionKey } from './tag';
import { isObject } from './util';
import type { ReleaseCatalog, RuntimeRelease } from './types';

/** @public */
export interface LatestReleaseOptions {
  line?: 'airflow2' | 'airflow3';
  major?: number;
  minor?: number;
  /** Allow pre-release versions and alpha/beta channels. */
  includePrerelease?: boolean;
}

/**
 * One release with its parsed version key.
 *
 * @public
 */
export interface IndexedRelease {
  release: RuntimeRelease;
  key: RuntimeVersionKey;
}

/**
 * The releases of one catalog, sorted, with lookups.
 *
 * @public
 */
export class ReleaseIndex {
  readonly catalog: ReleaseCatalog;
  /** Ascending by version. */
  readonly sorted: readonly IndexedRelease[];
  readonly #byVersion = new Map<string, RuntimeRelease>();
  /** The key of each release's version as the catalog spells it, and bare. */
  readonly #keys = new Map<string, RuntimeVersionKey>();
  readonly #latest = new Map<string, RuntimeRelease | null>();

  constructor(catalog: ReleaseCatalog) {
    if (!isObject(catalog) || !Array.isArray(catalog.releases)) {
      throw new AstroRuntimeError(
        'INVALID_INPUT',
        'catalog must be a ReleaseCatalog with a releases array',
      );
    }
    this.catalog = catalog;
    const sorted: IndexedRelease[] = [];
    for (const release of catalog.releases) {
      if (!isObject(release) || typeof release.version !== 'string') continue;
      const key = runtimeVersionKey(release.version);
      if (!key) continue;
      Object.freeze(key); // shared by every answer of this index
      sorted.push({ release, key });
      this.#byVersion.set(key.version, release);
      this.#keys.set(release.version, key);
      this.#keys.set(key.version, key);
    }
    sorted.sort((a, b) => compareKeys(a.key, b.key));
    this.sorted = sorted;
  }

  /**
   * `runtimeVersionKey(version)`, without parsing again the versions the
   * catalog lists.
   */
  keyOf(version: string): RuntimeVersionKey | undefined {
    return this.#keys.get(version) ?? runtimeVersionKey(version);
  }

  /** The entry for a version or tag (variants ignored). */
  find(version: string | RuntimeVersionKey): RuntimeRelease | undefined {
    const key = typeof version === 'string' ? this.keyOf(version) : version;
    return key ? this.#byVersion.get(key.version) : undefined;
  }

  /** Index of the first release above `key` (binary search). */
  firstAbove(key: RuntimeVersionKey): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareKeys(this.sorted[mid].key, key) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** See `latestRelease`. */
  latest(opts: LatestReleaseOptions = {}): RuntimeRelease | undefined {
    const o = isObject(opts) ? opts : {};
    const cacheKey = `${o.line ?? ''}|${o.major ?? ''}|${o.minor ?? ''}|${
      o.includePrerelease ? 1 : 0
    }`;
    const cached = this.#latest.get(cacheKey);
    if (cached !== undefined) return cached ?? undefined;
    let found: RuntimeRelease | undefined;
    for (let i = this.sorted.length - 1; i >= 0; i--) {
      const { release, key } = this.sorted[i];
      if (o.line && key.line !== o.line) continue;
      if (o.major !== undefined && key.major !== o.major) continue;
      if (o.minor !== undefined && key.minor !== o.minor) continue;
      if (o.includePrerelease) {
        if (
          release.yanked ||
          String(release.channel).toLowerCase() === 'deprecated'
        )
          continue;
      } else if (!isStableRelease(release, key)) continue;
      found = release;
      break;
    }
    this.#latest.set(cacheKey, found ?? null);
    return found;
  }

  /** Releases with `from < version <= to`, ascending; no `from`: from the start. */
  between(
    from: RuntimeVersionKey | undefined,
    to: RuntimeVersionKey,
  ): IndexedRelease[] {
    const out: IndexedRelease[] = [];
    for (
      let i = from ? this.firstAbove(from) : 0;
      i < this.sorted.length;
      i++
    ) {
      if (compareKeys(this.sorted[i].key, to) > 0) break;
      out.push(this.sorted[i]);
    }
    return out;
  }
}

/** Sorts releases by version in place (keys parsed once per release). */
export function sortReleases(releases: RuntimeRelease[]): RuntimeRelease[] {
  const keys = new Map(releases.map(r => [r, runtimeVersionKey(r.version)]));
  return releases.sort((a, b) =>
    compareKeys(keys.get(a), keys.get(b), a.version, b.version),
  );
}

/** Where `indexCatalog` attaches a catalog's index (not enumerable, not cloned). */
const INDEX = Symbol('astro-runtime.releaseIndex');

type IndexedCatalog = ReleaseCatalog & { readonly [INDEX]?: ReleaseIndex };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/**
 * A frozen copy of `catalog` whose release index is built once and kept:
 * hand it to `assess` (and the other queries) when assessing many projects
 * against one catalog. Already indexed catalogs are returned as they are.
 *
 * @public
 */
export function indexCatalog(catalog: ReleaseCatalog): ReleaseCatalog {
  if ((catalog as IndexedCatalog)[INDEX]) return catalog;
  const copy = structuredCloneCatalog(catalog);
  Object.defineProperty(copy, INDEX, { value: new ReleaseIndex(copy) });
  return deepFreeze(copy);
}

function structuredCloneCatalog(catalog: ReleaseCatalog): ReleaseCatalog {
  const index = new ReleaseIndex(catalog); // validates the shape
  const copy: ReleaseCatalog = {
    ...catalog,
    releases: index.sorted.map(({ release }) => ({
      ...release,
      ...(release.pythonVersions
        ? { pythonVersions: [...release.pythonVersions] }
        : {}),
    })),
  };
  if (catalog.skipped) copy.skipped = [...catalog.skipped];
  return copy;
}

/**
 * The index of a catalog: the one attached to an `indexCatalog` result,
 * else a fresh one.
 *
 * @public
 */
export function releaseIndex(
  catalog: ReleaseCatalog | ReleaseIndex,
): ReleaseIndex {
  if (catalog instanceof ReleaseIndex) return catalog;
  return (catalog as IndexedCatalog)?.[INDEX] ?? new ReleaseIndex(catalog);
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
  return key ? releaseIndex(catalog).find(key) : undefined;
}

/**
 * The latest release: highest stable release (`isStableRelease`; with
 * `includePrerelease` also alpha/beta and pre-release versions, never yanked
 * or deprecated ones); optionally within a line, a major and a minor (the
 * Airflow-3 line's major.minor is Airflow's: `3.1-12` has major 3, minor 1).
 *
 * @public
 */
export function latestRelease(
  catalog: ReleaseCatalog,
  opts: LatestReleaseOptions = {},
): RuntimeRelease | undefined {
  return releaseIndex(catalog).latest(opts);
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
  const kt = runtimeVersionKey(to);
  if (!kt) return [];
  return releaseIndex(catalog)
    .between(runtimeVersionKey(from), kt)
    .map(r => r.release);
}
