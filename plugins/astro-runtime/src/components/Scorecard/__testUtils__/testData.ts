/*
 * Check definitions and results in the shapes the tech-insights backend
 * (with the jsonfc fact checker and this repo's app-config checks) returns.
 */
import type {
  ScorecardBulkEntry,
  ScorecardCheck,
  ScorecardCheckResult,
} from '../types';

const rule = {
  factIds: ['astroRuntimeFactRetriever'],
  type: 'json-rules-engine',
};

export const CHECKS: ScorecardCheck[] = [
  {
    id: 'groupOwnerCheck',
    type: 'json-rules-engine',
    name: 'Group Owner Check',
    description: 'Not an Astro Runtime check',
    factIds: ['entityOwnershipFactRetriever'],
  },
  {
    id: 'astroRuntimeMaintained',
    name: 'On a maintained Runtime',
    description: "The repo's Astro Runtime is inside its maintenance window.",
    ...rule,
  },
  {
    id: 'astroRuntimeNotYanked',
    name: 'Not on a yanked Runtime',
    description: "The repo's Astro Runtime release has not been yanked.",
    ...rule,
  },
  {
    id: 'astroRuntimeAtMostOneMinorBehind',
    name: 'At most one minor behind the latest in its line',
    description: 'At most one minor version behind its latest release.',
    ...rule,
  },
  {
    id: 'astroRuntimeDeploymentsInSync',
    name: 'Deployments match the repo',
    description:
      "Every Astro Deployment runs the Runtime in the repo's Dockerfile.",
    ...rule,
    links: [
      {
        title: 'Deploy docs',
        url: 'https://www.astronomer.io/docs/astro/deploy-code',
      },
    ],
  },
  {
    id: 'astroRuntimeTagPinned',
    name: 'Tag pins a full version',
    description: "The Dockerfile's FROM tag pins a full Runtime version.",
    ...rule,
  },
];

export const ASTRO_CHECK_IDS = CHECKS.slice(1).map(c => c.id);

export function resultFor(id: string, result: boolean): ScorecardCheckResult {
  const check = CHECKS.find(c => c.id === id)!;
  return {
    check: {
      id: check.id,
      type: check.type,
      name: check.name,
      description: check.description,
      factIds: check.factIds,
      links: check.links,
    },
    result,
    facts: {},
  };
}

/** Results for one entity: id → pass?; ids left out have no result (missing facts). */
export function resultsFor(
  outcomes: Record<string, boolean>,
): ScorecardCheckResult[] {
  return Object.entries(outcomes).map(([id, pass]) => resultFor(id, pass));
}

export function bulkEntry(
  entity: string,
  outcomes: Record<string, boolean>,
): ScorecardBulkEntry {
  return { entity, results: resultsFor(outcomes) };
}
