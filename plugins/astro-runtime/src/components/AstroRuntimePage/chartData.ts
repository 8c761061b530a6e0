/*
 * Shapes rows and history points for the charts: counting and ordering only.
 * Versions are ordered with `compareRuntimeVersions` and states labelled with
 * `describeState`, both from `-common`.
 */
import {
  compareRuntimeVersions,
  describeState,
  severityRank,
  type AdoptionPoint,
  type OverallState,
  type VersionStateCount,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { PageRow } from './rows';

/** Bucket of rows whose repo has no Runtime version (not Astro, unreadable). */
export const NO_RUNTIME = 'none';
/** Bucket of the versions beyond the adoption chart's series limit. */
export const OTHER_VERSIONS = 'other';

export interface VersionBar {
  /** Bare Runtime version, or {@link NO_RUNTIME}. */
  version: string;
  total: number;
  /** Rows per overall state. */
  counts: Partial<Record<OverallState, number>>;
}

export interface VersionsChartData {
  bars: VersionBar[];
  /** The states that occur, in stacking order (healthiest at the bottom). */
  states: OverallState[];
}

function stateOrder(a: OverallState, b: OverallState): number {
  const da = describeState(a);
  const db = describeState(b);
  return (
    severityRank(da.severity) - severityRank(db.severity) ||
    da.label.localeCompare(db.label)
  );
}

/** How many projects run each Runtime version, split by overall state. */
export function versionsChartData(rows: readonly PageRow[]): VersionsChartData {
  return versionsChartDataFromCounts(
    rows.map(row => ({
      version: row.repoVersion,
      state: row.state,
      count: 1,
    })),
  );
}

/**
 * The same from counts per (version, state), as `GET /summary` answers them.
 * Groups without a state (never assessed) are not counted.
 */
export function versionsChartDataFromCounts(
  counts: readonly VersionStateCount[],
): VersionsChartData {
  const byVersion = new Map<string, VersionBar>();
  const states = new Set<OverallState>();
  for (const group of counts) {
    if (!group.state || group.count <= 0) continue; // never assessed: nothing to count yet
    const state = group.state as OverallState;
    const version = group.version ?? NO_RUNTIME;
    let bar = byVersion.get(version);
    if (!bar) {
      bar = { version, total: 0, counts: {} };
      byVersion.set(version, bar);
    }
    bar.total += group.count;
    bar.counts[state] = (bar.counts[state] ?? 0) + group.count;
    states.add(state);
  }
  const bars = [...byVersion.values()].sort((a, b) => {
    if (a.version === NO_RUNTIME) return b.version === NO_RUNTIME ? 0 : -1;
    if (b.version === NO_RUNTIME) return 1;
    return compareRuntimeVersions(a.version, b.version);
  });
  return { bars, states: [...states].sort(stateOrder) };
}

export interface AdoptionChartData {
  /** One entry per day: the day and the count per series. */
  days: Array<{ day: string; counts: Record<string, number> }>;
  /** Series (versions, oldest first; {@link OTHER_VERSIONS} last when used). */
  series: string[];
}

/**
 * Adoption over time. At most `maxSeries` versions get their own series (the
 * ones with the highest count on the latest day, then overall); the rest are
 * summed into {@link OTHER_VERSIONS}.
 */
export function adoptionChartData(
  points: readonly AdoptionPoint[],
  maxSeries = 8,
): AdoptionChartData {
  const sorted = [...points].sort((a, b) => a.day.localeCompare(b.day));
  const last = sorted[sorted.length - 1];
  const peak = new Map<string, number>();
  for (const p of sorted) {
    for (const [v, n] of Object.entries(p.versions)) {
      peak.set(v, Math.max(peak.get(v) ?? 0, n));
    }
  }
  const ranked = [...peak.keys()].sort(
    (a, b) =>
      (last?.versions[b] ?? 0) - (last?.versions[a] ?? 0) ||
      (peak.get(b) ?? 0) - (peak.get(a) ?? 0) ||
      compareRuntimeVersions(b, a),
  );
  const overflow = ranked.length > maxSeries;
  const kept = new Set(overflow ? ranked.slice(0, maxSeries - 1) : ranked);
  const series = [...kept].sort(compareRuntimeVersions);
  if (overflow) series.push(OTHER_VERSIONS);

  const days = sorted.map(p => {
    const counts: Record<string, number> = {};
    for (const s of series) counts[s] = 0;
    for (const [v, n] of Object.entries(p.versions)) {
      const key = kept.has(v) ? v : OTHER_VERSIONS;
      counts[key] += n;
    }
    return { day: p.day, counts };
  });
  return { days, series };
}
