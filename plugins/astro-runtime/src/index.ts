/**
 * Astro Runtime upgrade insights: entity card, org-wide page, the upgrade
 * target-version picker and the code-fixes checkbox of the upgrade template
 * (legacy frontend system; see `/alpha` for the new one).
 *
 * @packageDocumentation
 */
export {
  astroRuntimePlugin,
  AstroRuntimePage,
  EntityAstroRuntimeCard,
} from './plugin';
export { rootRouteRef } from './routes';
export { astroRuntimeApiRef, AstroRuntimeClient } from './api';
export type {
  AstroRuntimeApi,
  EntityRefLike,
  GetEntityStatusOptions,
  StatusListQuery,
  SummaryQuery,
} from './api';
export {
  isAstroRuntimeAvailable,
  isAstroRuntimeAnnotated,
  ASTRO_DEPLOYMENT_ID_ANNOTATION,
  ASTRO_PROJECT_PATH_ANNOTATION,
} from './components/EntityAstroRuntimeCard/isAstroRuntimeAvailable';
export {
  upgradeTemplateUrl,
  DEFAULT_UPGRADE_TEMPLATE,
} from './components/EntityAstroRuntimeCard/upgradeTemplate';
export type { EntityAstroRuntimeCardProps } from './components/EntityAstroRuntimeCard';
export type { AstroRuntimePageProps } from './components/AstroRuntimePage';
export { AstroRuntimeVersionPickerFieldExtension } from './components/AstroRuntimeVersionPicker/extensions';
export { AstroRuntimeCodeFixesFieldExtension } from './components/AstroRuntimeCodeFixesField/extensions';
export {
  AstroRuntimeVersionPicker,
  astroRuntimeVersionPickerValidation,
  AstroRuntimeVersionPickerFieldSchema,
} from './components/AstroRuntimeVersionPicker';
export type {
  AstroRuntimeVersionPickerProps,
  AstroRuntimeVersionPickerUiOptions,
} from './components/AstroRuntimeVersionPicker';
export {
  AstroRuntimeCodeFixesField,
  AstroRuntimeCodeFixesFieldSchema,
} from './components/AstroRuntimeCodeFixesField';
export type {
  AstroRuntimeCodeFixesFieldProps,
  AstroRuntimeCodeFixesFieldUiOptions,
} from './components/AstroRuntimeCodeFixesField';
export {
  EntityAstroRuntimeScorecard,
  AstroRuntimeScorecardOverview,
  TechInsightsScorecardClient,
} from './components/Scorecard';
export type {
  EntityAstroRuntimeScorecardProps,
  AstroRuntimeScorecardOverviewProps,
  ScorecardBulkEntry,
  ScorecardEntityRef,
  ScorecardCheck,
  ScorecardCheckResult,
  ScorecardFact,
} from './components/Scorecard';
