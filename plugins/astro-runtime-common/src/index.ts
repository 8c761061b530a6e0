/**
 * Astro Runtime domain core: pure, isomorphic functions over plain data
 * (no I/O). The CLI lives in `./cli` (separate entry point) because it reads
 * files and the network.
 *
 * @packageDocumentation
 */
export * from './types';
export * from './api';
export {
  AstroRuntimeError,
  isAstroRuntimeError,
  ASTRO_RUNTIME_ERROR_CODES,
} from './errors';
export type { AstroRuntimeErrorCode } from './errors';
export {
  parseImageReference,
  formatImageReference,
  isRegistryComponent,
  imageName,
} from './reference';
export {
  parseRuntimeTag,
  formatRuntimeTag,
  isAstroRuntimeRepository,
  isCanonicalAirflow2Repository,
  compareRuntimeVersions,
  runtimeVersionKey,
  bareVersion,
  floatingLowerBound,
  majorMinor,
  AIRFLOW2_IMAGE,
  AIRFLOW3_IMAGE,
} from './tag';
export type { RuntimeVersionKey } from './tag';
export {
  parseDockerfile,
  listDockerfileStages,
  MAX_DOCKERFILE_BYTES,
} from './dockerfile';
export {
  parseReleaseFeed,
  catalogToFeed,
  getBundledCatalog,
  findRelease,
  latestRelease,
  releasesBetween,
  lifecycleFor,
  lifecycleForVersion,
  isPrerelease,
  daysUntil,
  normalizeDate,
  MAX_FEED_BYTES,
  DEFAULT_RELEASE_FEED_URL,
} from './catalog';
export type { ParseReleaseFeedOptions, LatestReleaseOptions } from './catalog';
export { indexCatalog } from './releaseIndex';
export { implausibleFeedReason, looksLikeDockerfile } from './plausibility';
export {
  AIRFLOW3_MIN_RUNTIME,
  AIRFLOW3_LIFECYCLE_POLICY,
  canMoveToAirflow3,
  airflow3BlockedReason,
  isStableRelease,
  deadlineSeverity,
} from './rules';
export { upgradePaths, recommendedPath, recommendedTarget } from './paths';
export {
  providerDiff,
  providerPins,
  preinstalledPackages,
  AIRFLOW3_STANDARD_PROVIDER,
  BUNDLED_PROVIDERS_AS_OF,
} from './providerDiff';
export type { ProviderPinPlan, ProviderVariant } from './providerDiff';
export { BUNDLED_CATALOG_AS_OF } from './bundledCatalog';
export {
  considerationRules,
  considerationsFor,
  databaseMigrationFor,
} from './considerations';
export type {
  ConsiderationRule,
  ConsiderationCondition,
} from './considerations';
export {
  assess,
  describeState,
  describeUpdateKind,
  describeRelation,
  describeLifecycle,
  describeLine,
  describeSupport,
  describePath,
  RUNTIME_LINES,
  stateSeverity,
  severityRank,
  maxSeverity,
  isTagPinned,
  isLatestInLine,
  isPlacedInLine,
  mustMoveToAirflow3,
  STATE_PRECEDENCE,
  STATE_RULES,
  stateFor,
  EOL_WARNING_DAYS,
  EOL_CRITICAL_DAYS,
} from './assess';
export type { AssessInput, StateFacts, StateRule } from './assess';
export { formatDaysLeft } from './labels';
export { upgradeDockerfile, upgradeTargets } from './upgrade';
export type {
  UpgradeDockerfileOptions,
  UpgradeDockerfileResult,
  UpgradeTarget,
} from './upgrade';
export {
  pinProviders,
  parseProviderFreeze,
  providerFreezeUrl,
  getBundledProviders,
  normalizePackageName,
  requirementName,
  DEFAULT_PROVIDER_FREEZE_URL_TEMPLATE,
  AIRFLOW_CONSTRAINTS_URL_TEMPLATE,
} from './providers';
export type { PinProvidersResult } from './providers';
export {
  renderUpgradePullRequest,
  renderConsiderationsMarkdown,
} from './pullRequest';
export type { UpgradePullRequestInput } from './pullRequest';
export { parseDeployment } from './deployment';
export {
  astroRuntimeRefreshPermission,
  astroRuntimePermissions,
} from './permissions';
export {
  ASTRO_RUNTIME_PLUGIN_ID,
  ASTRO_RUNTIME_FACT_RETRIEVER_ID,
} from './ids';
export {
  ASTRO_DEPLOYMENT_ID_ANNOTATION,
  ASTRO_ORGANIZATION_ID_ANNOTATION,
  ASTRO_PROJECT_PATH_ANNOTATION,
  ASTRO_PROJECT_ANNOTATIONS,
  isAstroProjectAnnotated,
  deploymentIdsOf,
} from './annotations';
export {
  resolveProjectLocation,
  normalizeProjectPath,
  projectFile,
  scmHostsFrom,
} from './location';
export type {
  ResolvedProjectLocation,
  UrlProjectLocation,
  FileProjectLocation,
  ProjectLocationFiles,
  ResolveProjectLocationOptions,
  ScmHostInfo,
  ScmIntegrationsLike,
} from './location';
export * from './code';
