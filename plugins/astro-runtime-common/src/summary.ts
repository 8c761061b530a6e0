/*
 * The org page's summary counts from groups of entities that share the
 * counted values. The backend feeds the groups it counts in the database;
 * a single entity is a group of one.
 */
import type { SummaryResponse, VersionStateCount } from './api';

/**
 * Entities that share owner, repo version, state, line, severity and
 * staleness, and how many they are.
 *
 * @public
 */
export interface SummaryGroup {
  /** The owner entity ref. */
  owner?: string;
  /** The repo's bare Runtime version. */
  repoVersion?: string;
  /** The overall state; absent while never assessed. */
  state?: string;
  /** The Runtime line; absent without one. */
  line?: string;
  /** The overall severity; absent while never assessed. */
  severity?: string;
  /** Whether the last refresh failed. */
  stale: boolean;
  /** How many entities share these values. */
  count: number;
}

/**
 * The counts of a {@link SummaryResponse} (all but `codeBlockers` and
 * `adoption`): entities without a line count as `none`, never assessed ones
 * as `unassessed`, blockers are the entities of severity `error`; entities
 * without a severity or owner are left out of those counts.
 *
 * @public
 */
export function summarizeGroups(
  groups: Iterable<SummaryGroup>,
): Omit<SummaryResponse, 'codeBlockers' | 'adoption'> {
  const byVersionState = new Map<string, VersionStateCount>();
  const byLine: Record<string, number> = {};
  const byState: Record<string, number> = {};
  const bySeverity: Record<string, number> = {};
  const byOwner: Record<string, number> = {};
  const add = (counts: Record<string, number>, key: string, n: number) => {
    counts[key] = (counts[key] ?? 0) + n;
  };
  let total = 0;
  let stale = 0;
  for (const g of groups) {
    total += g.count;
    if (g.stale) {
      stale += g.count;
    }
    const vsKey = JSON.stringify([g.repoVersion ?? null, g.state ?? null]);
    const vs = byVersionState.get(vsKey);
    if (vs) {
      vs.count += g.count;
    } else {
      byVersionState.set(vsKey, {
        ...(g.repoVersion ? { version: g.repoVersion } : {}),
        ...(g.state ? { state: g.state } : {}),
        count: g.count,
      });
    }
    add(byLine, g.line ?? 'none', g.count);
    add(byState, g.state ?? 'unassessed', g.count);
    if (g.severity) {
      add(bySeverity, g.severity, g.count);
    }
    if (g.owner) {
      add(byOwner, g.owner, g.count);
    }
  }
  return {
    total,
    byVersionState: [...byVersionState.values()],
    byLine,
    byState,
    bySeverity,
    byOwner,
    blockers: bySeverity.error ?? 0,
    stale,
  };
}
