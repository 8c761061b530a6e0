/*
 * Deployments, lifecycles, findings, considerations, upgrade paths and the
 * assessed status of a project: the plain data `assess` returns.
 */
import type { CodeStatus } from './code/types';
import type { ImageReference, RuntimeTag } from './imageTypes';
import type {
  DatabaseMigration,
  ReleaseCatalogSource,
  RuntimeRelease,
} from './releaseTypes';

/**
 * An Astro Deployment as the product needs it (Astro Platform API or config).
 *
 * @public
 */
export interface DeploymentInfo {
  id: string;
  name?: string;
  workspaceId?: string;
  workspaceName?: string;
  /** The Runtime the Deployment runs (Platform API `astroRuntimeVersion`, or `runtimeVersion`). */
  astroRuntimeVersion?: string;
  airflowVersion?: string;
  status?: string;
  statusReason?: string;
  uiUrl?: string;
  updatedAt?: string;
}

/**
 * How a Deployment's Runtime relates to the repo's.
 *
 * @public
 */
export type DeploymentRelation =
  | 'in-sync'
  /** The repo is newer: the next deploy will upgrade the Deployment. */
  | 'pending-deploy'
  /** The repo is older: the next deploy will be refused ("Cannot deploy a downgraded Astro Runtime version"). */
  | 'downgrade-blocked'
  /** Either side unknown. */
  | 'unknown';

/** @public */
export type UpdateKind = 'none' | 'patch' | 'minor' | 'major' | 'line-change';

/** @public */
export type LifecycleState =
  | 'maintained'
  | 'basic-support'
  | 'unsupported'
  | 'unknown';

/**
 * Where lifecycle dates come from: the release data (`feed`: the live feed or
 * the bundled snapshot), the Airflow 3 policy applied to the release date
 * (`policy`), or the policy applied to the earliest possible release date
 * (`policy-lower-bound`: the dates are "at least until").
 *
 * @public
 */
export type LifecycleBasis = 'feed' | 'policy' | 'policy-lower-bound';

/** @public */
export interface Lifecycle {
  state: LifecycleState;
  /** Absent when there are no dates (state `unknown`). */
  basis?: LifecycleBasis;
  endOfMaintenance?: string;
  endOfBasicSupport?: string;
  /** Whole days from `now` (negative once past). */
  daysToEndOfMaintenance?: number;
  daysToEndOfBasicSupport?: number;
}

/** @public */
export type Severity = 'info' | 'warning' | 'error';

/** @public */
export type FindingId =
  | 'floating-tag'
  | 'not-full-version'
  | 'certified-image'
  | 'unknown-version'
  | 'prerelease'
  | 'not-astro'
  | 'yanked'
  | 'end-of-maintenance-soon'
  | 'unsupported'
  | 'downgrade-blocked'
  | 'deployment-unknown-runtime'
  /** Maintenance ended; the version is in basic support. */
  | 'basic-support'
  /** No Dockerfile text was given. */
  | 'no-dockerfile'
  /** The Dockerfile could not be read (see `RuntimeStatus.error`). */
  | 'invalid-dockerfile';

/** @public */
export interface Finding {
  id: FindingId;
  severity: Severity;
  message: string;
}

/**
 * One upgrade consideration (a rule of the considerations table).
 *
 * @public
 */
export interface Consideration {
  id: string;
  title: string;
  detail: string;
  severity: Severity;
  docUrl?: string;
  /** The version crossed that triggered it, e.g. `9.0.0` or `3.0-1`. */
  version?: string;
}

/**
 * How one provider package changes between two Runtimes' images.
 *
 * @public
 */
export interface ProviderChange {
  /** Normalised package name, e.g. `apache-airflow-providers-databricks`. */
  package: string;
  /** Version in the current image; absent when added. */
  from?: string;
  /** Version in the target image; absent when removed. */
  to?: string;
  change: 'major' | 'minor' | 'patch' | 'added' | 'removed';
}

/**
 * The provider packages preinstalled in two Runtimes' images, compared.
 *
 * @public
 */
export interface ProviderDiff {
  /** The current Runtime (bare version). */
  from: string;
  /** The target Runtime (bare version). */
  to: string;
  /** Which image variant the lists are of (`standard` or `slim`). */
  variant: 'standard' | 'slim';
  /** False when the bundled reference lacks either list: `changes` is then empty. */
  known: boolean;
  /** Changed, added and removed packages, by package name (unchanged ones left out). */
  changes: ProviderChange[];
}

/**
 * One way forward for a project: stay on its own line (`in-line`) or move
 * to the Airflow 3 line (`airflow3`).
 *
 * @public
 */
export interface UpgradePath {
  kind: 'in-line' | 'airflow3';
  /** The latest stable release of that line. */
  target: string;
  airflowVersion?: string;
  /** The target is maintained at the assessment's `now`. */
  maintained: boolean;
  lifecycle: Lifecycle;
  /** When the move cannot be deployed in one step (Airflow 3 from below Runtime 12). */
  blockedReason?: string;
  /** The version to upgrade to first when blocked (the in-line target). */
  via?: string;
  /** Whether the path migrates the metadata database. */
  databaseMigration: DatabaseMigration;
  considerations: Consideration[];
  providers: ProviderDiff;
  /** The recommended path (the status's `recommendedTarget`). */
  recommended: boolean;
}

/**
 * The overall state, one word for filters, charts and scorecards.
 *
 * @public
 */
export type OverallState =
  | 'up-to-date'
  | 'patch-behind'
  | 'minor-behind'
  | 'major-behind'
  | 'line-change-available'
  | 'yanked'
  | 'unsupported'
  | 'downgrade-blocked'
  | 'certified'
  | 'unknown-version'
  | 'not-astro';

/**
 * The input of `assess`.
 *
 * @public
 */
export interface AstroProject {
  /** The Dockerfile text, when it could be read. */
  dockerfile?: string;
  /** Where it was read from (for links). */
  dockerfileUrl?: string;
  requirementsTxt?: string;
}

/**
 * The one status object the card, the PR, the scorecards and the CLI show.
 *
 * @public
 */
export interface RuntimeStatus {
  /** The repo's base image, when the Dockerfile was parsed. */
  image?: ImageReference;
  /** The repo's Runtime, or undefined when not Astro Runtime. */
  runtime?: RuntimeTag;
  /** The matching release entry, when known. */
  release?: RuntimeRelease;
  deployments: Array<
    DeploymentInfo & { relation: DeploymentRelation; runtime?: RuntimeTag }
  >;
  latest?: RuntimeRelease;
  /** Latest in the repo's own line (airflow2 / airflow3). */
  latestInLine?: RuntimeRelease;
  /** Latest patch of the repo's own major.minor. */
  latestPatch?: RuntimeRelease;
  updateKind: UpdateKind;
  /** Counts of majors and minors between current and latest in line. */
  majorsBehind: number;
  minorsBehind: number;
  lifecycle: Lifecycle;
  yanked: boolean;
  yankedReason?: string;
  findings: Finding[];
  /** Considerations for current → recommended target. */
  considerations: Consideration[];
  /**
   * The ways forward, lowest effort first: `in-line` (latest stable of the
   * project's own line, when newer), then, for an Airflow 2 project,
   * `airflow3`. Empty when neither applies; `assess` always sets it
   * (absent only in statuses stored before it existed).
   */
  paths?: UpgradePath[];
  /**
   * The lowest-effort target still maintained at `now` (see
   * `recommendedTarget()`): never one whose maintenance ended while a
   * maintained one exists.
   */
  recommendedTarget?: string;
  state: OverallState;
  severity: Severity | 'ok';
  catalog: { source: ReleaseCatalogSource; asOf: string };
  assessedAt: string;
  /** Why the Dockerfile could not be read (parse errors never throw from `assess`). */
  error?: { code: string; message: string; line?: number };
  /** Which Dockerfile lines decided the result (1-based). */
  decidedBy?: {
    fromLine: number;
    argLine?: number;
    argName?: string;
    stage?: string;
    stages: number;
  };
  /**
   * What ruff's Airflow 3 rules find in the project's Python code (set by
   * the backend; absent when the code was not scanned).
   */
  code?: CodeStatus;
}
