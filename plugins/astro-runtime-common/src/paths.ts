/*
 * The ways forward for a project and which one to recommend.
 */
import { considerationsFor, databaseMigrationFor } from './considerations';
import { lifecycleForVersion } from './lifecycle';
import { providerDiff, providerPins } from './providerDiff';
import { ReleaseIndex } from './releaseIndex';
import { airflow3BlockedReason } from './rules';
import { RuntimeVersionKey, compareKeys } from './tag';
import type {
  Consideration,
  ProviderDiff,
  RuntimeRelease,
  RuntimeTag,
  UpgradePath,
} from './types';

const DOCS_UPGRADE = 'https://www.astronomer.io/docs/astro/upgrade-runtime';

const SUPPORT_RANK: Record<string, number> = {
  maintained: 0,
  unknown: 1,
  'basic-support': 2,
  unsupported: 3,
};

/**
 * The recommended path: the lowest-effort path (the order of `paths`) whose
 * target is maintained; with none maintained, the lowest-effort one whose
 * support is least far gone (unknown, then basic support, then unsupported).
 * A path whose maintenance ended is never chosen while a maintained one
 * exists.
 *
 * @public
 */
export function recommendedPath(
  paths: readonly UpgradePath[],
): UpgradePath | undefined {
  let best: UpgradePath | undefined;
  let bestRank = Infinity;
  for (const p of Array.isArray(paths) ? paths : []) {
    const rank = p.maintained
      ? 0
      : SUPPORT_RANK[p.lifecycle?.state ?? 'unknown'] ?? 1;
    if (rank < bestRank) {
      best = p;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * The recommended upgrade target of a set of paths (see `recommendedPath`).
 *
 * @public
 */
export function recommendedTarget(
  paths: readonly UpgradePath[],
): string | undefined {
  return recommendedPath(paths)?.target;
}

function providerConsiderations(
  diff: ProviderDiff,
  toAirflow3: boolean,
  variants: readonly string[],
): Consideration[] {
  const out: Consideration[] = [];
  const majors = diff.changes.filter(c => c.change === 'major');
  const removed = diff.changes.filter(c => c.change === 'removed');
  if (majors.length) {
    out.push({
      id: 'providers-major',
      title: `${majors.length} provider package${
        majors.length === 1 ? '' : 's'
      } change major version`,
      detail: `Between ${diff.from} and ${diff.to}: ${majors
        .map(c => `${c.package} ${c.from} → ${c.to}`)
        .join(
          ', ',
        )}. Read their changelogs, or pin the current versions in requirements.txt and upgrade them one by one.`,
      severity: 'warning',
      docUrl: DOCS_UPGRADE,
      version: diff.to,
    });
  }
  if (removed.length) {
    out.push({
      id: 'providers-removed',
      title: `${removed.length} package${
        removed.length === 1 ? ' is' : 's are'
      } no longer preinstalled`,
      detail: `${diff.to} does not preinstall ${removed
        .map(c => `${c.package} (${c.from} in ${diff.from})`)
        .join(', ')}: add the ones your DAGs use to requirements.txt.`,
      severity: 'warning',
      docUrl: DOCS_UPGRADE,
      version: diff.to,
    });
  }
  if (toAirflow3) {
    const plan = providerPins(diff.from, diff.to, variants);
    out.push({
      id: 'providers-airflow3',
      title: 'Airflow 3: provider packages',
      detail: `${
        plan.note ?? ''
      } Remove Airflow 2 provider pins from requirements.txt before the move.`.trim(),
      severity: 'warning',
      docUrl: DOCS_UPGRADE,
      version: diff.to,
    });
  }
  return out;
}

function pathTo(
  kind: UpgradePath['kind'],
  target: RuntimeRelease,
  current: RuntimeVersionKey | undefined,
  runtime: RuntimeTag,
  index: ReleaseIndex,
  now: Date,
): UpgradePath {
  const lifecycle = lifecycleForVersion(index, target.version, now);
  const fromVersion = current ? current.version : runtime.raw;
  const providers = providerDiff(fromVersion, target.version, runtime.variants);
  const toAirflow3 = runtime.line === 'airflow2' && target.line === 'airflow3';
  const path: UpgradePath = {
    kind,
    target: target.version,
    maintained: lifecycle.state === 'maintained',
    lifecycle,
    databaseMigration: current
      ? databaseMigrationFor(current.version, target.version, index)
      : 'unknown',
    considerations: [
      ...considerationsFor(
        current ? current.version : runtime.raw,
        target.version,
        index,
      ),
      ...(current
        ? providerConsiderations(providers, toAirflow3, runtime.variants)
        : []),
    ],
    providers,
    recommended: false,
  };
  if (target.airflowVersion) path.airflowVersion = target.airflowVersion;
  return path;
}

/**
 * The upgrade paths of a project on `runtime` (`current` its parsed
 * version, undefined for a floating or unrecognized tag), lowest effort
 * first, with the recommended one marked:
 * - `in-line`: the latest stable release of the project's own line, when
 *   newer than `current`;
 * - `airflow3`: for an Airflow 2 project, the latest stable Airflow 3
 *   release; `blockedReason` and `via` (the in-line target) when the
 *   project is below Runtime 12.
 *
 * @public
 */
export function upgradePaths(options: {
  index: ReleaseIndex;
  runtime: RuntimeTag;
  current?: RuntimeVersionKey;
  now: Date;
}): UpgradePath[] {
  const { index, runtime, current, now } = options;
  if (runtime.line === 'certified') return [];
  const paths: UpgradePath[] = [];
  const inLine = index.latest({ line: runtime.line });
  if (inLine) {
    const key = index.keyOf(inLine.version);
    if (!current || (key && compareKeys(key, current) > 0))
      paths.push(pathTo('in-line', inLine, current, runtime, index, now));
  }
  if (runtime.line === 'airflow2') {
    const af3 = index.latest({ line: 'airflow3' });
    if (af3) {
      const path = pathTo('airflow3', af3, current, runtime, index, now);
      const blocked = airflow3BlockedReason(current);
      if (blocked) {
        path.blockedReason = blocked;
        if (paths[0]) path.via = paths[0].target;
      }
      paths.push(path);
    }
  }
  const rec = recommendedPath(paths);
  if (rec) rec.recommended = true;
  return paths;
}
