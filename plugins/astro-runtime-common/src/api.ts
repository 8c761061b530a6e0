/*
 * The REST contract of the `astro-runtime` backend plugin (base path
 * `/api/astro-runtime`), shared by the router and the frontend client so the
 * two never drift. Types only.
 */
import type {
  DeploymentRelation,
  OverallState,
  ReleaseCatalog,
  RuntimeLine,
  RuntimeStatus,
} from './types';

/**
 * The stored, last-known-good status of one catalog entity.
 *
 * @public
 */
export interface EntityStatusRecord {
  /** `component:default/orders-pipeline` */
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  /** The last successful assessment (kept when a later refresh fails). */
  status?: RuntimeStatus;
  /** True when the newest refresh attempt failed and `status` is older. */
  stale: boolean;
  /** Why the newest attempt failed (never contains secrets). */
  error?: { message: string; code?: string; at: string };
  /** When `status` was computed. */
  assessedAt?: string;
  /** When the entity was last attempted. */
  checkedAt?: string;
  /** Where the Dockerfile was read from (a browsable URL when known). */
  dockerfileUrl?: string;
  /** Project folder inside the repo (`astronomer.io/project-path`), '.' by default. */
  projectPath?: string;
}

/**
 * `GET /entities/:kind/:namespace/:name/status`
 *
 * @public
 */
export type EntityStatusResponse = EntityStatusRecord;

/**
 * `GET /statuses?owner=&state=&line=&q=&mustMoveToAirflow3=&cursor=&limit=`
 * (`view=full`, the default): whole stored records, for readers that need
 * every status (the tech-insights retriever). A page of the org page asks
 * `view=rows` ({@link StatusRowsResponse}).
 *
 * @public
 */
export interface StatusListResponse {
  items: EntityStatusRecord[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  /** Matching entities visible to the caller (all pages). */
  totalCount: number;
  /**
   * False: `totalCount` is exact, counted over the entities the caller may
   * see (a per-caller catalog answer cached for a few seconds).
   */
  totalCountIsEstimate?: boolean;
}

/**
 * One Deployment of a {@link StatusRow}.
 *
 * @public
 */
export interface StatusRowDeployment {
  id: string;
  /** The Deployment's name; its id when it has none. */
  name: string;
  /** The Runtime the Deployment runs, when known. */
  version?: string;
  relation: DeploymentRelation;
}

/**
 * One row of `GET /statuses?view=rows`: what the org page's table, CSV
 * export and filters show of an entity, projected from its stored status by
 * `toStatusRow` (a few hundred bytes instead of the whole status with its
 * considerations and code findings; the whole status stays on
 * `GET /entities/:kind/:namespace/:name/status`).
 *
 * @public
 */
export interface StatusRow {
  /** `component:default/orders-pipeline` */
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  /** The repo's Runtime tag as written in the Dockerfile (`12.4.0-python-3.12`). */
  repoTag?: string;
  /** The repo's bare Runtime version (`12.4.0`), for sorting and charts. */
  repoVersion?: string;
  line?: RuntimeLine;
  deployments: StatusRowDeployment[];
  /** Latest release in the repo's own line. */
  latestInLine?: string;
  /** Latest release overall (may be in another line). */
  latest?: string;
  recommendedTarget?: string;
  /** -common's `mustMoveToAirflow3` of the status (false while never assessed). */
  mustMoveToAirflow3: boolean;
  /** The overall state; absent while never assessed. */
  state?: OverallState;
  /** End of maintenance of the repo's release. */
  endOfMaintenance?: string;
  /** Whole days from the assessment to `endOfMaintenance`. */
  daysToEndOfMaintenance?: number;
  /** Blocking Airflow 3 findings in the project's code; absent when the code was not scanned. */
  airflow3Blockers?: number;
  /** True when the newest refresh attempt failed and the status is older. */
  stale: boolean;
  /** Why the newest attempt failed. */
  error?: { message: string; code?: string; at: string };
  /** When the status was computed. */
  assessedAt?: string;
  /** When the entity was last attempted. */
  checkedAt?: string;
}

/**
 * `GET /statuses?view=rows&owner=&state=&line=&q=&mustMoveToAirflow3=&cursor=&limit=`:
 * a page of {@link StatusRow}s, paged and counted like {@link StatusListResponse}.
 *
 * @public
 */
export interface StatusRowsResponse {
  items: StatusRow[];
  /** Pass back as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  /** Matching entities visible to the caller (all pages). */
  totalCount: number;
  /** See {@link StatusListResponse.totalCountIsEstimate}. */
  totalCountIsEstimate?: boolean;
}

/**
 * `GET /releases`
 *
 * @public
 */
export interface ReleasesResponse {
  catalog: ReleaseCatalog;
  /** Seconds since `catalog.asOf`. */
  ageSeconds: number;
  /** Why the configured source is not in use, when falling back. */
  fallbackReason?: string;
}

/**
 * `GET /refresh` (and the body of `POST /refresh`).
 *
 * @public
 */
export interface RefreshProgress {
  running: boolean;
  startedAt?: string;
  finishedAt?: string;
  total: number;
  done: number;
  errors: number;
  /** Entities whose inputs were unchanged (HTTP 304 / same etag). */
  unchanged: number;
  lastError?: string;
}

/**
 * `GET /history?days=` : how many entities ran each Runtime version per day.
 *
 * @public
 */
export interface AdoptionPoint {
  /** YYYY-MM-DD */
  day: string;
  /** Runtime version (bare) → number of entities whose repo was on it that day. */
  versions: Record<string, number>;
}

/** @public */
export interface HistoryResponse {
  points: AdoptionPoint[];
}

/**
 * One group of {@link SummaryResponse.byVersionState}.
 *
 * @public
 */
export interface VersionStateCount {
  /** The repo's bare Runtime version; absent when it has none (not readable, not Astro Runtime). */
  version?: string;
  /** The overall state; absent while never assessed. */
  state?: string;
  count: number;
}

/**
 * Airflow 3 blocking code findings: what ruff's Airflow 3 rules report with
 * severity `blocking` (AIR301, AIR302, AIR303) in the projects' Python code.
 *
 * @public
 */
export interface CodeBlockerCount {
  /** Blocking findings in the last code scans of the counted entities. */
  findings: number;
  /** Counted entities with at least one blocking finding. */
  projects: number;
}

/**
 * `GET /summary?owner=&state=&line=&q=&days=`: what the org page's charts and
 * headline need, counted in the database over the Astro entities the caller
 * may see (the filters apply to the counts, not to `adoption`).
 *
 * @public
 */
export interface SummaryResponse {
  /** Matching Astro entities the caller may see. */
  total: number;
  byVersionState: VersionStateCount[];
  /** Entities per Runtime line (`airflow2`, `airflow3`, `certified`; `none` without one). */
  byLine: Record<string, number>;
  /** Entities per overall state (`unassessed` while never assessed). */
  byState: Record<string, number>;
  /** Entities per severity (`ok`, `info`, `warning`, `error`). */
  bySeverity: Record<string, number>;
  /** Entities per owner entity ref (entities without an owner are not listed). */
  byOwner: Record<string, number>;
  /** Entities that block on something before upgrading: severity `error` (unsupported, yanked, a refused downgrade ...). */
  blockers: number;
  /** Entities whose last refresh failed (their status is older). */
  stale: number;
  /**
   * Airflow 3 blocking code findings over the counted entities (the same
   * filters and visibility as `total`); absent when the backend does not
   * scan code (`astroRuntime.code.enabled: false`).
   */
  codeBlockers?: CodeBlockerCount;
  /** Runtime adoption per day over the last `days` days (default 90). */
  adoption: AdoptionPoint[];
}
