import type {
  DeploymentInfo,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';

/**
 * Options of {@link DeploymentProvider.getDeployments}.
 *
 * @public
 */
export interface DeploymentProviderOptions {
  /**
   * The Astro organization the ids belong to (the entity's
   * `astronomer.io/organization-id`), when the entity names one.
   */
  organizationId?: string;
  /** Aborted when the refresh is cancelled or times out. */
  signal?: AbortSignal;
}

/**
 * A source of Astro Deployment metadata (the Runtime each Deployment runs).
 *
 * @remarks
 * Implementations return one entry per id they know, in any order; ids they
 * do not know are left out (the plugin reports them as not found). They throw
 * for failures (auth, network, upstream errors); error messages must never
 * contain credentials.
 *
 * @public
 */
export interface DeploymentProvider {
  /** A short name for logs and error messages, e.g. `astro-api` or `config`. */
  readonly name: string;
  getDeployments(
    ids: string[],
    options: DeploymentProviderOptions,
  ): Promise<DeploymentInfo[]>;
}

/**
 * Options of {@link ReleaseSource.readCatalog}.
 *
 * @public
 */
export interface ReleaseSourceOptions {
  signal?: AbortSignal;
}

/**
 * A source of the Runtime release catalog that replaces the configured
 * `astroRuntime.releases` source. The plugin validates nothing itself: the
 * source returns a parsed catalog (use `parseReleaseFeed` from
 * `@backstage-astro/plugin-astro-runtime-common`). When it throws, the plugin
 * falls back to the last good copy in its database, then to the bundled
 * snapshot.
 *
 * @public
 */
export interface ReleaseSource {
  readonly name: string;
  readCatalog(options: ReleaseSourceOptions): Promise<ReleaseCatalog>;
}
