export {
  EntityAstroRuntimeScorecard,
  type EntityAstroRuntimeScorecardProps,
} from './EntityAstroRuntimeScorecard';
export {
  AstroRuntimeScorecardOverview,
  type AstroRuntimeScorecardOverviewProps,
} from './AstroRuntimeScorecardOverview';
export { TechInsightsScorecardClient } from './TechInsightsScorecardClient';
export type { ScorecardEntityRef } from './TechInsightsScorecardClient';
export type {
  ScorecardBulkEntry,
  ScorecardCheck,
  ScorecardCheckResult,
  ScorecardFact,
} from './types';
