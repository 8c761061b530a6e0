/*
 * Runtime releases and the release catalog: the plain data of the feed and
 * the bundled snapshot.
 */

/** @public */
export type ReleaseChannel =
  | 'stable'
  | 'deprecated'
  | 'alpha'
  | 'beta'
  | string;

/**
 * One Runtime release as the feed (or the bundled snapshot) describes it.
 *
 * @public
 */
export interface RuntimeRelease {
  /** Bare tag, no variants: `12.4.0`, `3.1-12`. */
  version: string;
  line: 'airflow2' | 'airflow3';
  airflowVersion?: string;
  channel: ReleaseChannel;
  releaseDate?: string; // YYYY-MM-DD
  pythonVersions?: string[];
  defaultPythonVersion?: string;
  yanked: boolean;
  yankedReason?: string;
  endOfMaintenance?: string; // YYYY-MM-DD
  endOfBasicSupport?: string; // YYYY-MM-DD
  /**
   * The upgrade to this version runs a metadata-database migration: `true`,
   * `false`, or `'unknown'` when the data does not say.
   */
  airflowDatabaseMigration: DatabaseMigration;
}

/**
 * Whether an upgrade migrates the metadata database.
 *
 * @public
 */
export type DatabaseMigration = boolean | 'unknown';

/** @public */
export type ReleaseCatalogSource = 'bundled' | 'url' | 'file' | 'database';

/** @public */
export interface ReleaseCatalog {
  source: ReleaseCatalogSource;
  /** ISO date(-time) the data is as of (snapshot date, or fetch time). */
  asOf: string;
  /** Where it came from (URL or file path), when not bundled. */
  location?: string;
  releases: RuntimeRelease[];
  /** Feed keys that were ignored because they are not Runtime versions (first 100). */
  skipped?: string[];
}
