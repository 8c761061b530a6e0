/*
 * Pure helpers of the scorecard: which checks are the Astro Runtime ones and
 * how results roll up. Pass/fail itself is the fact checker's result.
 */
import { ASTRO_RUNTIME_FACT_RETRIEVER_ID } from '@backstage-astro/plugin-astro-runtime-common';
import type {
  ScorecardBulkEntry,
  ScorecardCheck,
  ScorecardCheckResult,
} from './types';

/**
 * The checks over the facts of `astroRuntimeFactRetriever` (the defaults and
 * any an install adds), in the order the fact checker lists them; or exactly
 * `checkIds`, in that order, when given.
 */
export function selectAstroRuntimeChecks(
  checks: ScorecardCheck[],
  checkIds?: string[],
): ScorecardCheck[] {
  if (checkIds) {
    const byId = new Map(checks.map(c => [c.id, c]));
    return checkIds.flatMap(id => {
      const check = byId.get(id);
      return check ? [check] : [];
    });
  }
  return checks.filter(c =>
    (c.factIds ?? []).includes(ASTRO_RUNTIME_FACT_RETRIEVER_ID),
  );
}

/** How one check came out for one entity. */
export type CheckOutcome = 'pass' | 'fail' | 'no-data';

export function outcomeOf(
  result: ScorecardCheckResult | undefined,
): CheckOutcome {
  if (!result) {
    return 'no-data'; // the fact checker skips a check whose facts are missing
  }
  return result.result === true ? 'pass' : 'fail';
}

/** One row per check, with its result for the entity (if any). */
export interface EntityScorecardRow {
  check: ScorecardCheck;
  outcome: CheckOutcome;
  result?: ScorecardCheckResult;
}

export function entityScorecardRows(
  checks: ScorecardCheck[],
  results: ScorecardCheckResult[],
): EntityScorecardRow[] {
  const byId = new Map(results.map(r => [r.check.id, r]));
  return checks.map(check => {
    const result = byId.get(check.id);
    return { check, outcome: outcomeOf(result), result };
  });
}

/** One check across the org. */
export interface CheckPassRate {
  check: ScorecardCheck;
  passed: number;
  failed: number;
  /** passed + failed: entities the check could be evaluated for. */
  evaluated: number;
  /** passed / evaluated, or undefined when nothing was evaluated. */
  rate?: number;
  /** Refs of the entities that failed it, sorted. */
  failing: string[];
}

export interface OrgScorecardSummary {
  checks: CheckPassRate[];
  /** Entities with a result for at least one of the checks. */
  entities: number;
  /** Entities passing every check they were evaluated for. */
  entitiesPassingAll: number;
  /** Entities whose check run failed on the server. */
  errors: Array<{ entity: string; message: string }>;
}

export function summarizeBulk(
  checks: ScorecardCheck[],
  bulk: ScorecardBulkEntry[],
): OrgScorecardSummary {
  const ids = new Set(checks.map(c => c.id));
  const rates = new Map<string, CheckPassRate>(
    checks.map(check => [
      check.id,
      { check, passed: 0, failed: 0, evaluated: 0, failing: [] },
    ]),
  );
  let entities = 0;
  let entitiesPassingAll = 0;
  const errors: OrgScorecardSummary['errors'] = [];
  for (const entry of bulk) {
    if (entry.error) {
      errors.push({ entity: entry.entity, message: entry.error.message });
      continue;
    }
    const ours = (entry.results ?? []).filter(r => ids.has(r.check.id));
    if (ours.length === 0) {
      continue; // an entity with facts of other retrievers only
    }
    entities++;
    let allPass = true;
    for (const result of ours) {
      const rate = rates.get(result.check.id)!;
      rate.evaluated++;
      if (outcomeOf(result) === 'pass') {
        rate.passed++;
      } else {
        rate.failed++;
        rate.failing.push(entry.entity);
        allPass = false;
      }
    }
    if (allPass) {
      entitiesPassingAll++;
    }
  }
  const list = checks.map(c => {
    const rate = rates.get(c.id)!;
    rate.failing.sort();
    return {
      ...rate,
      rate: rate.evaluated > 0 ? rate.passed / rate.evaluated : undefined,
    };
  });
  return { checks: list, entities, entitiesPassingAll, errors };
}
