/**
 * Tech-insights backend module for Astro Runtime: the fact retriever
 * `astroRuntimeFactRetriever` and the default scorecard checks.
 *
 * @packageDocumentation
 */
export { techInsightsModuleAstroRuntime as default } from './module';
export {
  astroRuntimeFactRetriever,
  ASTRO_RUNTIME_FACT_RETRIEVER_ID,
  readAllStatuses,
  recordsToFacts,
} from './retriever';
export type { EntityFilter } from './retriever';
export {
  astroRuntimeFactSchema,
  recordToFact,
  statusToFacts,
  type AstroRuntimeFacts,
} from './facts';
export {
  astroRuntimeChecks,
  astroRuntimeChecksConfig,
  ASTRO_RUNTIME_CHECK_IDS,
  type AstroRuntimeCheck,
  type AstroRuntimeCheckCondition,
} from './checks';
