import type {
  ReleaseCatalog,
  SummaryGroup,
} from '@backstage-astro/plugin-astro-runtime-common';

/** Stored text and etag of one project file. */
export interface StoredFile {
  state: 'read' | 'missing';
  etag?: string;
  text?: string;
}

export interface StoredInputs {
  dockerfile?: StoredFile;
  requirements?: StoredFile;
}

export interface StoredError {
  message: string;
  code?: string;
  at: string;
}

/** Entity metadata kept with the status (for filters and lists). */
export interface EntityMeta {
  entityRef: string;
  title?: string;
  owner?: string;
  system?: string;
  projectPath?: string;
  dockerfileUrl?: string;
}

/** A stored row. `statusJson` is the raw RuntimeStatus JSON (served as is). */
export interface StoredRecord extends EntityMeta {
  isAstro: boolean;
  state?: string;
  line?: string;
  severity?: string;
  repoVersion?: string;
  deploymentVersions?: Record<string, string | null>;
  statusJson?: string;
  /**
   * The same JSON as UTF-8 bytes, when the store read it so (the single-record
   * read on SQLite): the status route sends them without decoding them into a
   * string and encoding that back (a status with code findings is ~90 KB).
   */
  statusJsonBytes?: Buffer;
  stale: boolean;
  error?: StoredError;
  assessedAt?: string;
  checkedAt?: string;
}

/** Whether a record has a status, without decoding one read as bytes. */
export function hasStatus(r: StoredRecord): boolean {
  return r.statusJsonBytes !== undefined || r.statusJson !== undefined;
}

/** What the refresh needs to know about the previous run of an entity. */
export interface StoredInputState {
  isAstro: boolean;
  hasStatus: boolean;
  /** What the catalog said about the entity when the status was assessed. */
  entityFingerprint?: string;
  inputs: StoredInputs;
  inputHash?: string;
  repoVersion?: string;
  deploymentVersions?: Record<string, string | null>;
}

/** A new assessment (or a not-Astro verdict) of an entity. */
export interface AssessmentWrite extends EntityMeta {
  kind: 'assessment';
  isAstro: boolean;
  /** Undefined for detection candidates that turned out not to be Astro. */
  statusJson?: string;
  state?: string;
  line?: string;
  severity?: string;
  repoVersion?: string;
  deploymentVersions?: Record<string, string | null>;
  /** -common's `mustMoveToAirflow3` of the status (stored for the filter). */
  mustMoveToAirflow3?: boolean;
  assessedAt?: string;
  checkedAt: string;
  inputs: StoredInputs;
  inputHash: string;
  /** Hash of the entity's annotations and location (see StoredInputState). */
  entityFingerprint?: string;
  /** Add a history row (repo or Deployment Runtime changed, or first sight). */
  history?: { reason: string };
}

/** Inputs unchanged: only the check time moves (and a previous error clears). */
export interface UnchangedWrite {
  kind: 'unchanged';
  entityRef: string;
  checkedAt: string;
}

/** A failed attempt: keeps the status, marks it stale with the reason. */
export interface FailureWrite extends EntityMeta {
  kind: 'failure';
  isAstro: boolean;
  error: StoredError;
  checkedAt: string;
}

export type StatusWrite = AssessmentWrite | UnchangedWrite | FailureWrite;

export interface StatusFilter {
  owner?: string[];
  state?: string[];
  line?: string[];
  /** Only entities that must move to Airflow 3 (see `AssessmentWrite`). */
  mustMoveToAirflow3?: boolean;
  /** Case-insensitive substring of entity ref or title. */
  q?: string;
  /** Only rows with entity ref after this (keyset pagination), by ref_key. */
  afterKey?: string;
  /** At most this many rows (in ref_key order). */
  limit?: number;
}

/** A stored entity in a repository (see `findByRepoUrl`). */
export interface RepoMatch {
  entityRef: string;
  projectPath?: string;
  dockerfileUrl: string;
}

/** Astro entities per (repo version, state, line, severity, stale, owner): -common's summary group. */
export type GroupCount = SummaryGroup;

/**
 * How a day changed the number of entities on a version (positive: entities
 * arrived, negative: left). Changes before the window's first day are
 * summed into that day.
 */
export interface AdoptionChange {
  day: string;
  version: string;
  delta: number;
}

export interface StoredReleaseFeed {
  catalog?: ReleaseCatalog;
  fetchedAt?: string;
  lastAttemptAt?: string;
  lastError?: string;
}

export interface HistoryRow {
  refKey: string;
  entityRef: string;
  recordedAt: string;
  repoVersion?: string;
}
