/**
 * Astro Runtime domain core: pure, isomorphic functions over plain data
 * (no I/O). The CLI lives in `./cli` (separate entry point) because it reads
 * files and the network. Only what other packages use is exported; the rest
 * stays internal to this package.
 *
 * @packageDocumentation
 */

// Identifiers, annotations, permissions
export {
  ASTRO_RUNTIME_PLUGIN_ID,
  ASTRO_RUNTIME_FACT_RETRIEVER_ID,
} from './ids';
export {
  ASTRO_DEPLOYMENT_ID_ANNOTATION,
  ASTRO_ORGANIZATION_ID_ANNOTATION,
  ASTRO_PROJECT_PATH_ANNOTATION,
  isAstroProjectAnnotated,
  deploymentIdsOf,
} from './annotations';
export {
  astroRuntimeRefreshPermission,
  astroRuntimePermissions,
} from './permissions';

// Errors
export {
  AstroRuntimeError,
  isAstroRuntimeError,
  ASTRO_RUNTIME_ERROR_CODES,
} from './errors';
export type { AstroRuntimeErrorCode } from './errors';

// Plain data
export type {
  ImageReference,
  RuntimeLine,
  RuntimeTag,
  TextSpan,
  DockerfileBase,
  ReleaseChannel,
  RuntimeRelease,
  DatabaseMigration,
  ReleaseCatalogSource,
  ReleaseCatalog,
  DeploymentInfo,
  DeploymentRelation,
  UpdateKind,
  LifecycleState,
  LifecycleBasis,
  Lifecycle,
  Severity,
  FindingId,
  Finding,
  Consideration,
  ProviderChange,
  ProviderDiff,
  UpgradePath,
  OverallState,
  AstroProject,
  RuntimeStatus,
} from './types';
export type {
  EntityStatusRecord,
  StatusListResponse,
  StatusRow,
  StatusRowDeployment,
  StatusRowsResponse,
  ReleasesResponse,
  RefreshProgress,
  AdoptionPoint,
  HistoryResponse,
  VersionStateCount,
  SummaryResponse,
  CodeBlockerCount,
} from './api';
export { summarizeGroups } from './summary';
export { toStatusRow } from './statusRow';
export {
  asciiJson,
  serializeStatus,
  withCodeFindings,
} from './serializedStatus';
export type { SerializedStatus } from './serializedStatus';
export type { SummaryGroup } from './summary';

// Dockerfiles, tags and the release catalog
export { parseImageReference } from './reference';
export {
  parseRuntimeTag,
  compareRuntimeVersions,
  runtimeVersionKey,
} from './tag';
export type { RuntimeVersionKey } from './tag';
export { parseDockerfile, MAX_DOCKERFILE_BYTES } from './dockerfile';
export {
  parseReleaseFeed,
  catalogToFeed,
  MAX_FEED_BYTES,
  DEFAULT_RELEASE_FEED_URL,
} from './feed';
export type { ParseReleaseFeedOptions } from './feed';
export { getBundledCatalog } from './bundledCatalog';
export { indexCatalog, findRelease } from './releaseIndex';
export type {
  ReleaseIndex,
  IndexedRelease,
  LatestReleaseOptions,
} from './releaseIndex';
export { implausibleFeedReason, looksLikeDockerfile } from './plausibility';
export { parseDeployment } from './deployment';

// Assessment and its labels
export { assess } from './assess';
export type { AssessInput } from './assess';
export {
  describeState,
  describeUpdateKind,
  describeRelation,
  describeLifecycle,
  describeLine,
  describeSupport,
  describePath,
  formatDaysLeft,
  RUNTIME_LINES,
  severityRank,
} from './labels';
export {
  isTagPinned,
  isLatestInLine,
  isPlacedInLine,
  mustMoveToAirflow3,
} from './predicates';
export { STATE_PRECEDENCE } from './precedence';
export { considerationsFor } from './considerations';
export type {
  ConsiderationRule,
  ConsiderationCondition,
} from './considerationRules';

// Upgrades
export { upgradeDockerfile, upgradeTargets } from './upgrade';
export type {
  UpgradeDockerfileOptions,
  UpgradeDockerfileResult,
  UpgradeTarget,
} from './upgrade';
export { providerPins } from './providerDiff';
export type { ProviderPinPlan, ProviderVariant } from './providerDiff';
export {
  pinProviders,
  parseProviderFreeze,
  providerFreezeUrl,
  DEFAULT_PROVIDER_FREEZE_URL_TEMPLATE,
} from './providers';
export type { PinProvidersResult } from './providers';
export {
  renderUpgradePullRequest,
  renderConsiderationsMarkdown,
} from './pullRequest';
export type { UpgradePullRequestInput } from './pullRequest';

// Where the project is
export { resolveProjectLocation, projectFile, scmHostsFrom } from './location';
export type {
  ResolvedProjectLocation,
  UrlProjectLocation,
  FileProjectLocation,
  ProjectLocationFiles,
  ResolveProjectLocationOptions,
  ScmHostInfo,
  ScmIntegrationsLike,
} from './location';

// The code scan
export {
  CODE_RULES,
  codeRuleForName,
  MAX_CODE_FILE_BYTES,
  MAX_CODE_FILES,
  isCodePath,
  isSkippedFolder,
  selectCodeFiles,
  scanFile,
  summarizeCodeScans,
  countBlockingFindings,
  scanProjectCode,
  isBytes,
  fixProjectFile,
  ruleTotals,
  renderCodeChecklist,
  codeFileUrl,
} from './code';
export type {
  CodeSeverity,
  FixApplicability,
  CodeFix,
  CodeFinding,
  CodeSkippedFile,
  CodeFindings,
  CodeStatus,
  FileScan,
  ProjectFile,
  CodeFileEntry,
  LintPosition,
  LintEdit,
  LintDiagnostic,
  LintEngine,
  CodeRule,
  AppliedFix,
  FileFixResult,
  CodeChecklistOptions,
} from './code';
export { displayUrl } from './displayUrl';
