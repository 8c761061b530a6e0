/*
 * The default Astro Runtime scorecard checks (json-rules-engine, run by
 * @backstage-community/plugin-tech-insights-backend-module-jsonfc).
 *
 * The same checks are declared in app-config.yaml under
 * `techInsights.factChecker.checks` (the jsonfc module reads its checks from
 * config); this constant is for installs that build a
 * JsonRulesEngineFactCheckerFactory in code, and the tests keep both equal.
 */
import type { Check } from '@backstage-community/plugin-tech-insights-common';
import { ASTRO_RUNTIME_FACT_RETRIEVER_ID } from './retriever';

/**
 * A json-rules-engine condition (the subset the default checks use).
 *
 * @public
 */
export interface AstroRuntimeCheckCondition {
  fact: string;
  operator: string;
  value: string | number | boolean;
}

/**
 * A json-rules-engine check as `techInsights.factChecker.checks.<id>`
 * declares it (structurally a `TechInsightJsonRuleCheck` of the jsonfc module).
 *
 * @public
 */
export interface AstroRuntimeCheck extends Check {
  type: 'json-rules-engine';
  rule: {
    conditions:
      | { all: AstroRuntimeCheckCondition[] }
      | { any: AstroRuntimeCheckCondition[] };
  };
}

const factIds = [ASTRO_RUNTIME_FACT_RETRIEVER_ID];

/**
 * Ids of the default checks, in display order.
 *
 * @public
 */
export const ASTRO_RUNTIME_CHECK_IDS = [
  'astroRuntimeMaintained',
  'astroRuntimeNotYanked',
  'astroRuntimeAtMostOneMinorBehind',
  'astroRuntimeDeploymentsInSync',
  'astroRuntimeTagPinned',
  'astroRuntimeAirflow3Ready',
] as const;

/**
 * The default checks over the facts of `astroRuntimeFactRetriever`.
 *
 * @public
 */
export const astroRuntimeChecks: AstroRuntimeCheck[] = [
  {
    id: 'astroRuntimeMaintained',
    type: 'json-rules-engine',
    name: 'On a maintained Runtime',
    description:
      "The repo's Astro Runtime is inside its maintenance window (not in basic support or unsupported).",
    factIds,
    rule: {
      conditions: {
        all: [{ fact: 'maintained', operator: 'equal', value: true }],
      },
    },
  },
  {
    id: 'astroRuntimeNotYanked',
    type: 'json-rules-engine',
    name: 'Not on a yanked Runtime',
    description:
      "The repo's Astro Runtime release has not been yanked by Astronomer.",
    factIds,
    rule: {
      conditions: {
        all: [{ fact: 'yanked', operator: 'equal', value: false }],
      },
    },
  },
  {
    id: 'astroRuntimeAtMostOneMinorBehind',
    type: 'json-rules-engine',
    name: 'At most one minor behind the latest in its line',
    description:
      'The Runtime is on the latest major of its line and at most one minor version behind its latest release.',
    factIds,
    rule: {
      conditions: {
        all: [
          { fact: 'majorsBehind', operator: 'equal', value: 0 },
          { fact: 'minorsBehind', operator: 'lessThanInclusive', value: 1 },
        ],
      },
    },
  },
  {
    id: 'astroRuntimeDeploymentsInSync',
    type: 'json-rules-engine',
    name: 'Deployments match the repo',
    description:
      "Every Astro Deployment of the project runs the Runtime in the repo's Dockerfile.",
    factIds,
    rule: {
      conditions: {
        all: [{ fact: 'deploymentsInSync', operator: 'equal', value: true }],
      },
    },
  },
  {
    id: 'astroRuntimeTagPinned',
    type: 'json-rules-engine',
    name: 'Tag pins a full version',
    description:
      "The Dockerfile's FROM tag pins a full Runtime version, not a floating or partial tag.",
    factIds,
    rule: {
      conditions: {
        all: [{ fact: 'tagPinned', operator: 'equal', value: true }],
      },
    },
  },
  {
    id: 'astroRuntimeAirflow3Ready',
    type: 'json-rules-engine',
    name: 'Ready for Airflow 3 (no blocking findings)',
    description:
      "ruff's Airflow 3 rules find nothing in the project's Python code that breaks on Airflow 3 (removed or moved imports, changed signatures, files that do not parse).",
    factIds,
    rule: {
      conditions: {
        all: [
          { fact: 'airflow3BlockingFindings', operator: 'equal', value: 0 },
        ],
      },
    },
  },
];

/**
 * The checks in the shape of `techInsights.factChecker.checks` (keyed by id,
 * without the id field), e.g. to merge into config in code.
 *
 * @public
 */
export function astroRuntimeChecksConfig(): Record<
  string,
  Omit<AstroRuntimeCheck, 'id'>
> {
  return Object.fromEntries(
    astroRuntimeChecks.map(({ id, ...check }) => [id, check]),
  );
}
