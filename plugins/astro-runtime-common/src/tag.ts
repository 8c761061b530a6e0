import { compare as semverCompare, valid as validSemver } from 'semver';
import type { ImageReference, RuntimeLine, RuntimeTag } from './types';

/** Docker Hub's registry names; `undefined` registry also means Docker Hub. */
const DOCKER_HUB = new Set([
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'registry.hub.docker.com',
]);

/**
 * The registry/repository the Airflow-3 line is published under.
 *
 * @public
 */
export const AIRFLOW3_IMAGE = 'astrocrpublic.azurecr.io/runtime';
/**
 * The registry/repository of the Airflow-2 line.
 *
 * @public
 */
export const AIRFLOW2_IMAGE = 'quay.io/astronomer/astro-runtime';

function normalisedName(ref: Pick<ImageReference, 'registry' | 'repository'>): {
  registry?: string;
  repository: string;
} {
  const registry = ref.registry?.toLowerCase();
  let repository = ref.repository;
  if (registry === undefined || DOCKER_HUB.has(registry)) {
    if (repository.startsWith('library/')) repository = repository.slice(8);
    return { repository };
  }
  return { registry, repository };
}

function pathEndsWith(repository: string, suffix: string): boolean {
  return repository === suffix || repository.endsWith(`/${suffix}`);
}

/**
 * Is this image an Astro Runtime image (`'runtime'`), a legacy Astronomer
 * Certified image (`'certified'`), or neither?
 *
 * Recognised:
 * - `quay.io/astronomer/astro-runtime`, `astrocrpublic.azurecr.io/runtime` (canonical);
 * - `quay.io/astronomer/ap-airflow`, `astronomerinc/ap-airflow` (Certified);
 * - mirrors: any registry whose repository path ends with
 *   `astronomer/astro-runtime`, `astrocrpublic.azurecr.io/runtime`,
 *   `astronomer/ap-airflow` or `astronomerinc/ap-airflow` (pull-through caches
 *   such as Artifactory/Harbor keep the upstream path). A bare `runtime`
 *   repository on any other registry is *not* recognised: the name is too
 *   generic.
 *
 * @public
 */
export function isAstroRuntimeRepository(
  ref: Pick<ImageReference, 'registry' | 'repository'>,
): 'runtime' | 'certified' | undefined {
  if (!ref || typeof ref.repository !== 'string') return undefined;
  const { registry, repository } = normalisedName(ref);
  if (registry === 'astrocrpublic.azurecr.io' && repository === 'runtime') {
    return 'runtime';
  }
  if (
    pathEndsWith(repository, 'astronomer/astro-runtime') ||
    pathEndsWith(repository, 'astrocrpublic.azurecr.io/runtime')
  ) {
    return 'runtime';
  }
  if (
    pathEndsWith(repository, 'astronomer/ap-airflow') ||
    pathEndsWith(repository, 'astronomerinc/ap-airflow')
  ) {
    return 'certified';
  }
  return undefined;
}

/**
 * True for the canonical public Airflow-2 image (`quay.io/astronomer/astro-runtime`,
 * or Docker Hub `astronomer/astro-runtime`): the ones an Airflow-3 upgrade
 * switches to `astrocrpublic.azurecr.io/runtime`. Mirrors are kept as they are.
 *
 * @public
 */
export function isCanonicalAirflow2Repository(
  ref: Pick<ImageReference, 'registry' | 'repository'>,
): boolean {
  const { registry, repository } = normalisedName(ref);
  return (
    repository === 'astronomer/astro-runtime' &&
    (registry === undefined || registry === 'quay.io')
  );
}

function isAirflow3Repository(repository?: string): boolean {
  if (!repository) return false;
  const r = repository.toLowerCase();
  return (
    r === AIRFLOW3_IMAGE || r.endsWith(`/${AIRFLOW3_IMAGE}`) || r === 'runtime' // astrocrpublic.azurecr.io/runtime split into registry + repository
  );
}

function isCertifiedRepository(repository?: string): boolean {
  if (!repository) return false;
  const r = repository.toLowerCase();
  return r.endsWith('ap-airflow');
}

const NUM = '(0|[1-9][0-9]{0,8})';
const AF2_RE = new RegExp(`^${NUM}\\.${NUM}\\.${NUM}(?=$|-)`);
const AF3_RE = new RegExp(`^${NUM}\\.${NUM}-${NUM}(?=$|-)`);
const FLOAT_RE = new RegExp(`^${NUM}(?:\\.${NUM})?(?=$|-)`);
const PRE_RE = /^-((?:alpha|beta|rc|nightly|dev|pre|preview)[0-9A-Za-z.]*)/i;
const PYTHON_RE = /^-python-([0-9]+\.[0-9]+)(?=$|-)/;
const VARIANT_RE = /^-([A-Za-z0-9_.]+)(?=$|-)/;
const CERT_NUMERIC_RE = /^[0-9]+(?:\.[0-9]+)*$/;
/** A bare version (no pre-release part, no variants): most versions a key is asked for. */
const BARE_AF2_RE = new RegExp(`^${NUM}\\.${NUM}\\.${NUM}$`);
const BARE_AF3_RE = new RegExp(`^${NUM}\\.${NUM}-${NUM}$`);

/**
 * Classifies a Runtime image tag by its format (never by the leading number):
 * `X.Y.Z` → `airflow2` (also the 2021 Runtime `3.x.y`), `X.Y-N` → `airflow3`,
 * `X.Y` / `X` → floating (`airflow3` when X ≤ 3 or the repository is the
 * Airflow-3 image, else `airflow2`), and any tag of an `ap-airflow` image →
 * `certified`. Returns `undefined` for tags that are none of these (`latest`).
 *
 * @public
 */
export function parseRuntimeTag(
  tag: string,
  repository?: string,
): RuntimeTag | undefined {
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > 128) {
    return undefined;
  }
  if (isCertifiedRepository(repository)) {
    return parseCertifiedTag(tag);
  }
  let line: RuntimeLine;
  let version: string;
  let floating = false;
  let rest: string;
  const af3 = AF3_RE.exec(tag);
  const af2 = af3 ? null : AF2_RE.exec(tag);
  const float = af3 || af2 ? null : FLOAT_RE.exec(tag);
  if (af3) {
    line = 'airflow3';
    version = af3[0];
  } else if (af2) {
    line = 'airflow2';
    version = af2[0];
  } else if (float) {
    floating = true;
    const major = Number(float[1]);
    line =
      isAirflow3Repository(repository) || major <= 3 ? 'airflow3' : 'airflow2';
    version = float[0];
  } else {
    return undefined;
  }
  rest = tag.slice(version.length);
  let prerelease = false;
  if (!floating) {
    const pre = PRE_RE.exec(rest);
    if (pre) {
      prerelease = true;
      version += pre[0];
      rest = rest.slice(pre[0].length);
    }
  }
  let python: string | undefined;
  const variants: string[] = [];
  while (rest.length > 0) {
    const py = PYTHON_RE.exec(rest);
    if (py) {
      if (python !== undefined) return undefined;
      python = py[1];
      rest = rest.slice(py[0].length);
      continue;
    }
    const v = VARIANT_RE.exec(rest);
    if (!v) return undefined;
    variants.push(v[1]);
    rest = rest.slice(v[0].length);
  }
  const result: RuntimeTag = {
    raw: tag,
    line,
    version,
    prerelease,
    floating,
    variants,
  };
  if (python !== undefined) result.python = python;
  return result;
}

function parseCertifiedTag(tag: string): RuntimeTag | undefined {
  const parts = tag.split('-');
  let i = 0;
  while (i < parts.length && CERT_NUMERIC_RE.test(parts[i])) i++;
  const version = parts.slice(0, i).join('-');
  const variants = parts.slice(i).filter(p => p.length > 0);
  return {
    raw: tag,
    line: 'certified',
    version: version || tag,
    prerelease: false,
    floating: i === 0,
    variants,
  };
}

/**
 * Rebuilds a tag from a version and the variants of another tag (`python` first, then variants).
 *
 * @public
 */
export function formatRuntimeTag(
  version: string,
  parts: { python?: string; variants?: string[] } = {},
): string {
  let out = version;
  if (parts.python) out += `-python-${parts.python}`;
  for (const v of parts.variants ?? []) out += `-${v}`;
  return out;
}

/**
 * A comparable key of a Runtime version: its line and a semver.
 *
 * @public
 */
export interface RuntimeVersionKey {
  line: 'airflow2' | 'airflow3';
  /** `X.Y.Z[-pre]`; for the Airflow-3 line `X.Y-N[-pre]` rewritten to `X.Y.N[-pre]`. */
  semver: string;
  /** The bare version (variants stripped). */
  version: string;
  major: number;
  minor: number;
  patch: number;
  prerelease: boolean;
}

/**
 * Parses a version or tag (variants allowed: `11.0.0-python-3.11-slim`) into a
 * comparable key; `undefined` for floating tags and anything unparseable.
 *
 * @public
 */
export function runtimeVersionKey(
  version: string,
): RuntimeVersionKey | undefined {
  if (typeof version !== 'string') return undefined;
  // Bare versions take one pattern match; the rest go through the tag parser.
  const af2 = BARE_AF2_RE.exec(version);
  const af3 = af2 ? null : BARE_AF3_RE.exec(version);
  const bare = af2 ?? af3;
  if (bare) {
    return {
      line: af2 ? 'airflow2' : 'airflow3',
      semver: af2 ? version : `${bare[1]}.${bare[2]}.${bare[3]}`,
      version,
      major: Number(bare[1]),
      minor: Number(bare[2]),
      patch: Number(bare[3]),
      prerelease: false,
    };
  }
  const tag = parseRuntimeTag(version);
  if (!tag || tag.floating || tag.line === 'certified') return undefined;
  // The tag patterns admit only numbers of up to 9 digits: no overflow.
  const [major, minor, patch] = tag.version
    .split(/[.-]/, 3)
    .map(n => Number(n));
  const semver =
    tag.line === 'airflow3'
      ? tag.version.replace(/^(\d+\.\d+)-/, '$1.')
      : tag.version;
  // A pre-release part must also be valid semver (no empty or zero-padded
  // numeric identifiers), since semver orders pre-releases.
  if (tag.prerelease && !validSemver(semver)) return undefined;
  return {
    line: tag.line,
    semver,
    version: tag.version,
    major,
    minor,
    patch,
    prerelease: tag.prerelease,
  };
}

/**
 * The lowest version a floating tag can stand for (`3.1` → `3.1-0`, `3` →
 * `3.0-0`, `12.4` → `12.4.0`), undefined for anything else.
 *
 * @public
 */
export function floatingLowerBound(
  tag: RuntimeTag | undefined,
): RuntimeVersionKey | undefined {
  if (!tag || !tag.floating || tag.unrecognized || tag.line === 'certified')
    return undefined;
  const [major, minor = '0'] = tag.version.split('.');
  return runtimeVersionKey(
    tag.line === 'airflow3' ? `${major}.${minor}-0` : `${major}.${minor}.0`,
  );
}

/**
 * The bare version of a tag (`11.0.0-python-3.11-slim` → `11.0.0`), or undefined.
 *
 * @public
 */
export function bareVersion(tag: string): string | undefined {
  return runtimeVersionKey(tag)?.version;
}

/**
 * Orders Runtime versions: any `X.Y-N` (Airflow-3 line) is newer than any
 * `X.Y.Z`; within a format semver (after `X.Y-N` → `X.Y.N`); anything
 * unparseable (floating, `latest`, junk) sorts lowest, among themselves by
 * plain string order so the order is total. Returns `< 0`, `0`, `> 0`.
 *
 * @public
 */
export function compareRuntimeVersions(a: string, b: string): number {
  const ka = runtimeVersionKey(a);
  const kb = runtimeVersionKey(b);
  return compareKeys(ka, kb, a, b);
}

export function compareKeys(
  ka: RuntimeVersionKey | undefined,
  kb: RuntimeVersionKey | undefined,
  a = '',
  b = '',
): number {
  if (!ka || !kb) {
    if (ka) return 1;
    if (kb) return -1;
    const sa = String(a);
    const sb = String(b);
    if (sa === sb) return 0;
    return sa < sb ? -1 : 1;
  }
  if (ka.line !== kb.line) return ka.line === 'airflow3' ? 1 : -1;
  // Fast path on the numbers; semver decides pre-release order.
  if (ka.major !== kb.major) return ka.major < kb.major ? -1 : 1;
  if (ka.minor !== kb.minor) return ka.minor < kb.minor ? -1 : 1;
  if (ka.patch !== kb.patch) return ka.patch < kb.patch ? -1 : 1;
  if (!ka.prerelease && !kb.prerelease) return 0;
  return semverCompare(ka.semver, kb.semver);
}

/**
 * `major.minor` of a version as the product counts it (Airflow-3 line: Airflow major.minor).
 *
 * @public
 */
export function majorMinor(version: string): string | undefined {
  const k = runtimeVersionKey(version);
  return k ? `${k.major}.${k.minor}` : undefined;
}
