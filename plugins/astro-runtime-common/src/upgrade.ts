import { findRelease, isPrerelease } from './catalog';
import { describeSupport } from './labels';
import { lifecycleForVersion } from './lifecycle';
import { upgradePaths } from './paths';
import { releaseIndex } from './releaseIndex';
import {
  AIRFLOW3_MIN_RUNTIME,
  airflow3BlockedReason,
  canMoveToAirflow3,
} from './rules';
import { analyzeDockerfile, parseDockerfile } from './dockerfile';
import { AstroRuntimeError, requireString } from './errors';
import {
  AIRFLOW3_IMAGE,
  compareKeys,
  floatingLowerBound,
  isCanonicalAirflow2Repository,
  parseRuntimeTag,
  runtimeVersionKey,
} from './tag';
import { isObject } from './util';
import type { Lifecycle, ReleaseCatalog, RuntimeRelease } from './types';
import type { TextSpan } from './imageTypes';

/** @public */
export interface UpgradeDockerfileOptions {
  /** Allow yanked, pre-release and not-in-catalog targets. Never allows downgrades or Airflow 3 from below 12. */
  force?: boolean;
}

/** @public */
export interface UpgradeDockerfileResult {
  text: string;
  /** The current version (bare). */
  from: string;
  /** The target version (bare). */
  to: string;
  changed: boolean;
  /** The new image reference as Docker will see it. */
  image: string;
  /** What else changed besides the version (digest dropped, registry switched, variant dropped). */
  notes: string[];
}

/** Airflow 3's minimum Python, used when the catalog does not list the target's Python versions. */
const AIRFLOW3_MIN_PYTHON = [3, 9];

function pythonAllowedForTarget(
  python: string,
  target: RuntimeRelease | undefined,
): boolean {
  if (target?.pythonVersions?.length)
    return target.pythonVersions.includes(python);
  const [maj, min] = python.split('.').map(Number);
  return (
    maj > AIRFLOW3_MIN_PYTHON[0] ||
    (maj === AIRFLOW3_MIN_PYTHON[0] && min >= AIRFLOW3_MIN_PYTHON[1])
  );
}

/**
 * The span of a part of the image reference (`name`, `digest`) that one edit
 * replaces; a part assembled from several places has none and is not edited.
 */
function editableSpan(span: TextSpan | undefined, part: string): TextSpan {
  if (!span) {
    throw new AstroRuntimeError(
      'UNSUPPORTED_EDIT',
      `The image ${part} is assembled from several places; edit it by hand`,
    );
  }
  return span;
}

/**
 * Rewrites the Dockerfile's Runtime version to `target`, changing only the
 * version token (in the ARG default when it came from an ARG) and keeping
 * every other byte; drops a stale digest; for a move from the Airflow-2 line to
 * the Airflow-3 line switches the canonical image to
 * `astrocrpublic.azurecr.io/runtime` (mirrors are kept) and drops a
 * `-python-X.Y` variant the target does not offer.
 *
 * Refuses (AstroRuntimeError): NOT_ASTRO, UNKNOWN_VERSION, DOWNGRADE,
 * SAME_VERSION, YANKED_TARGET, PRERELEASE_TARGET (the last three and
 * UNKNOWN_VERSION for a well-formed version missing from the catalog can be
 * forced), AIRFLOW3_REQUIRES_12, UNSUPPORTED_EDIT.
 *
 * @public
 */
export function upgradeDockerfile(
  text: string,
  target: string,
  catalog: ReleaseCatalog,
  opts: UpgradeDockerfileOptions = {},
): UpgradeDockerfileResult {
  requireString(target, 'target version');
  const force = isObject(opts) && opts.force === true;
  const analysis = analyzeDockerfile(text);
  const base = analysis.base;
  if (base.kind !== 'astro') {
    throw new AstroRuntimeError(
      'NOT_ASTRO',
      `The Dockerfile is based on ${base.image.raw}, not an Astro Runtime image`,
    );
  }
  if (base.runtime.line === 'certified') {
    throw new AstroRuntimeError(
      'NOT_ASTRO',
      `${base.image.raw} is an Astronomer Certified image: migrating to Astro Runtime is not a tag change`,
    );
  }
  const targetKey = runtimeVersionKey(target.trim());
  const targetTag = parseRuntimeTag(target.trim());
  if (!targetKey || !targetTag) {
    throw new AstroRuntimeError(
      'UNKNOWN_VERSION',
      `"${target.slice(0, 80)}" is not a Runtime version (X.Y.Z or X.Y-N)`,
    );
  }
  const to = targetKey.version;
  const release = findRelease(catalog, to);
  if (!release && !force) {
    throw new AstroRuntimeError(
      'UNKNOWN_VERSION',
      `${to} is not in the release catalog (${catalog.source}, as of ${catalog.asOf})`,
    );
  }
  const runtime = base.runtime;
  const currentKey =
    runtime.floating || runtime.unrecognized
      ? undefined
      : runtimeVersionKey(runtime.version);
  const from = currentKey ? currentKey.version : runtime.version;
  const bound = floatingLowerBound(runtime);
  if (bound && compareKeys(targetKey, bound) < 0) {
    throw new AstroRuntimeError(
      'DOWNGRADE',
      `downgrade: ${to} is older than anything the floating tag ${runtime.raw} stands for`,
    );
  }
  if (currentKey) {
    const c = compareKeys(targetKey, currentKey);
    if (c < 0) {
      throw new AstroRuntimeError(
        'DOWNGRADE',
        `downgrade: ${to} is older than the current ${from}; Astro refuses downgraded Runtime versions`,
      );
    }
    if (c === 0) {
      throw new AstroRuntimeError(
        'SAME_VERSION',
        `The Dockerfile already uses ${from}`,
      );
    }
  }
  if (release?.yanked && !force) {
    throw new AstroRuntimeError(
      'YANKED_TARGET',
      `${to} is yanked${
        release.yankedReason ? ` (${release.yankedReason})` : ''
      }; pass force to use it anyway`,
    );
  }
  if ((targetKey.prerelease || (release && isPrerelease(release))) && !force) {
    throw new AstroRuntimeError(
      'PRERELEASE_TARGET',
      `${to} is a pre-release; pass force to use it anyway`,
    );
  }
  const lineChange =
    runtime.line === 'airflow2' && targetKey.line === 'airflow3';
  if (lineChange) {
    if (!canMoveToAirflow3(currentKey)) {
      throw new AstroRuntimeError(
        'AIRFLOW3_REQUIRES_12',
        `Airflow 3 (${to}) needs Runtime ${AIRFLOW3_MIN_RUNTIME} or later first; the Dockerfile uses ${from}`,
      );
    }
  }

  // Collect byte edits.
  const edits: Array<{ start: number; end: number; text: string }> = [];
  const notes: string[] = [];
  const vs = base.versionSpan;
  if (!vs) {
    throw new AstroRuntimeError(
      'UNSUPPORTED_EDIT',
      runtime.unrecognized
        ? `The tag "${runtime.raw.slice(0, 80)}" on line ${
            base.from.line
          } is not a Runtime version and is assembled from several places; edit it by hand`
        : `The Runtime version on line ${base.from.line} is assembled from several places; edit it by hand`,
    );
  }
  const insert = base.image.tag === undefined;
  edits.push({ start: vs.start, end: vs.end, text: insert ? `:${to}` : to });
  if (base.image.digest) {
    const digest = editableSpan(base.digestSpan, 'digest');
    edits.push({ start: digest.start, end: digest.end, text: '' });
    notes.push(
      `dropped the digest ${base.image.digest} (it belonged to ${from})`,
    );
  }
  if (lineChange) {
    if (isCanonicalAirflow2Repository(base.image)) {
      const name = editableSpan(base.nameSpan, 'name');
      edits.push({ start: name.start, end: name.end, text: AIRFLOW3_IMAGE });
      notes.push(`switched the image to ${AIRFLOW3_IMAGE} (Airflow 3 line)`);
    } else {
      notes.push(
        `kept the image name ${
          base.image.registry ? `${base.image.registry}/` : ''
        }${
          base.image.repository
        } (a mirror): make sure it mirrors ${AIRFLOW3_IMAGE}`,
      );
    }
    if (runtime.python && !pythonAllowedForTarget(runtime.python, release)) {
      // Drop "-python-X.Y" right after the version (or wherever it sits in the tag).
      const tagStart = vs.end;
      const tail = analysis.text.slice(tagStart, base.tagSpan.end);
      const marker = `-python-${runtime.python}`;
      const at = tail.indexOf(marker);
      if (at !== -1 && base.tagSpan.end >= vs.end) {
        edits.push({
          start: tagStart + at,
          end: tagStart + at + marker.length,
          text: '',
        });
        notes.push(`dropped -python-${runtime.python}: not offered for ${to}`);
      } else {
        notes.push(
          `-python-${runtime.python} may not exist for ${to}: check the tag`,
        );
      }
    }
  }
  edits.sort((a, b) => b.start - a.start);
  for (let i = 1; i < edits.length; i++) {
    if (edits[i].end > edits[i - 1].start) {
      throw new AstroRuntimeError(
        'UNSUPPORTED_EDIT',
        'Overlapping edits: edit the Dockerfile by hand',
      );
    }
  }
  let out = analysis.text;
  for (const e of edits)
    out = out.slice(0, e.start) + e.text + out.slice(e.end);

  // Check the result reads back as the target.
  const after = parseDockerfile(out);
  if (
    after.kind !== 'astro' ||
    runtimeVersionKey(after.runtime.version)?.version !== to
  ) {
    throw new AstroRuntimeError(
      'UNSUPPORTED_EDIT',
      `Editing the version did not yield ${to}: edit the Dockerfile by hand`,
    );
  }
  return {
    text: out,
    from,
    to,
    changed: out !== analysis.text,
    image: after.image.raw,
    notes,
  };
}

/** @public */
export interface UpgradeTarget {
  version: string;
  line: 'airflow2' | 'airflow3';
  airflowVersion?: string;
  releaseDate?: string;
  /** The target `assess` recommends for `current` at `now`. */
  recommended: boolean;
  yanked: boolean;
  prerelease: boolean;
  endOfMaintenance?: string;
  /** The target's lifecycle at `now`. */
  lifecycle: Lifecycle;
  /** `lifecycle` in words: "maintained until D", "maintenance ended D, basic support until E" ... */
  support: string;
  /** Why an upgrade to this version would be refused (it is listed anyway). */
  blockedReason?: string;
}

/**
 * The versions a picker offers: above `current` (all when unknown), newest
 * first, without yanked / pre-release ones unless asked. Airflow-3 versions
 * are listed from below Runtime 12 too, with `blockedReason`. Each carries
 * its lifecycle at `now` (default: the current time) in words;
 * `recommended` marks the target `assess` recommends (for an unknown
 * `current`, the latest release).
 *
 * @public
 */
export function upgradeTargets(
  catalog: ReleaseCatalog,
  current: string | undefined,
  opts: {
    includeYanked?: boolean;
    includePrerelease?: boolean;
    now?: Date;
  } = {},
): UpgradeTarget[] {
  const o = isObject(opts) ? opts : {};
  const now =
    o.now instanceof Date && !Number.isNaN(o.now.getTime())
      ? o.now
      : new Date();
  const index = releaseIndex(catalog);
  const cur =
    typeof current === 'string' ? runtimeVersionKey(current) : undefined;
  const curTag =
    typeof current === 'string' ? parseRuntimeTag(current) : undefined;
  const curLine =
    cur?.line ??
    (curTag && curTag.line !== 'certified' ? curTag.line : undefined);
  const bound = floatingLowerBound(curTag);
  const recommended =
    curTag && curTag.line !== 'certified'
      ? upgradePaths({ index, runtime: curTag, current: cur, now }).find(
          p => p.recommended,
        )?.target
      : index.latest()?.version;
  const out: UpgradeTarget[] = [];
  for (const { release, key } of index.sorted) {
    if (cur && compareKeys(key, cur) <= 0) continue;
    if (bound && compareKeys(key, bound) < 0) continue;
    const pre = isPrerelease(release);
    if (release.yanked && !o.includeYanked) continue;
    if (pre && !o.includePrerelease) continue;
    if (
      String(release.channel).toLowerCase() === 'deprecated' &&
      !o.includeYanked
    )
      continue;
    const lifecycle = lifecycleForVersion(index, release.version, now);
    const t: UpgradeTarget = {
      version: release.version,
      line: key.line,
      recommended: release.version === recommended,
      yanked: release.yanked,
      prerelease: pre,
      lifecycle,
      support: describeSupport(lifecycle),
    };
    if (release.airflowVersion) t.airflowVersion = release.airflowVersion;
    if (release.releaseDate) t.releaseDate = release.releaseDate;
    if (lifecycle.endOfMaintenance)
      t.endOfMaintenance = lifecycle.endOfMaintenance;
    if (key.line === 'airflow3' && curLine === 'airflow2') {
      const blocked = airflow3BlockedReason(cur);
      if (blocked) t.blockedReason = blocked;
    }
    out.push(t);
  }
  return out.reverse();
}
