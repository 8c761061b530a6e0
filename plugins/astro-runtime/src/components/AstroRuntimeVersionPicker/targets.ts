import {
  upgradeTargets,
  type EntityStatusRecord,
  type ReleasesResponse,
  type UpgradeTarget,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { AstroRuntimeApi } from '../../api';

/** What the picker (and its validation) knows about the selected entity. */
export interface PickerData {
  releases: ReleasesResponse;
  /** Undefined when no entity is selected. */
  record?: EntityStatusRecord;
  /** The repo's bare Runtime version (what `upgradeTargets` compares against). */
  current?: string;
  /**
   * The moment support is judged at: the entity's assessment time, so the
   * picker recommends what the card shows; the current time without one.
   */
  now: Date;
}

/** Reads the entity's status and the backend's release catalog. */
export async function loadPickerData(
  api: AstroRuntimeApi,
  entityRef: string | undefined,
  signal?: AbortSignal,
): Promise<PickerData> {
  const [releases, record] = await Promise.all([
    api.getReleases({ signal }),
    entityRef ? api.getEntityStatus(entityRef, { signal }) : undefined,
  ]);
  const runtime = record?.status?.runtime;
  const assessed = record?.status?.assessedAt
    ? new Date(record.status.assessedAt)
    : undefined;
  const now =
    assessed && !Number.isNaN(assessed.getTime()) ? assessed : new Date();
  return { releases, record, current: runtime?.version, now };
}

/** The versions offered, from `-common`'s `upgradeTargets`. */
export function offeredTargets(
  data: PickerData,
  opts: { includeHidden: boolean },
): UpgradeTarget[] {
  return upgradeTargets(data.releases.catalog, data.current, {
    includeYanked: opts.includeHidden,
    includePrerelease: opts.includeHidden,
    now: data.now,
  });
}

/**
 * Why `value` is not an acceptable target, or undefined when it is. Accepts
 * what the picker can offer (yanked and pre-release only when the template
 * allows the toggle); refuses versions not above the current one, unknown to
 * the release catalog, or blocked (e.g. Airflow 3 from below Runtime 12).
 */
export function targetProblem(
  data: PickerData,
  value: string,
  opts: { allowHidden: boolean },
): string | undefined {
  const all = offeredTargets(data, { includeHidden: true });
  const target = all.find(t => t.version === value);
  if (!target) {
    return data.current
      ? `${value} is not a Runtime version above ${data.current} in the release catalog`
      : `${value} is not a Runtime version in the release catalog`;
  }
  if (target.blockedReason) {
    return `${value}: ${target.blockedReason}`;
  }
  if ((target.yanked || target.prerelease) && !opts.allowHidden) {
    return `${value} is ${
      target.yanked ? 'yanked' : 'a pre-release'
    }: pick a stable version`;
  }
  return undefined;
}
