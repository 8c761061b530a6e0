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
export { BUNDLED_CATALOG_AS_OF } from './bundledData';
export { considerationRules, considerationsFor } from './considerations';
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
  RUNTIME_LINES,
  stateSeverity,
  severityRank,
  maxSeverity,
  isTagPinned,
  isLatestInLine,
  isPlacedInLine,
  STATE_PRECEDENCE,
  EOL_WARNING_DAYS,
  EOL_CRITICAL_DAYS,
} from './assess';
export type { AssessInput } from './assess';
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
