import type { HumanDuration } from '@backstage/types';
import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the astro-runtime backend plugin. */
  astroRuntime?: {
    /** The Astro Runtime release catalog. */
    releases?: {
      /**
       * `bundled` (default): the snapshot shipped with the plugin;
       * `url`: fetch the release feed (or an internal mirror) on a schedule;
       * `file`: read the feed from a local file (air-gapped installs).
       * Any failure falls back to the last good copy stored in the database,
       * then to the bundled snapshot.
       */
      source?: 'bundled' | 'url' | 'file';
      /**
       * Feed URL for `source: url`.
       * Default: https://updates.astronomer.io/astronomer-runtime
       */
      url?: string;
      /** Path of a feed JSON file for `source: file`. */
      file?: string;
      /** How often the feed is re-read (default 6 hours). */
      refresh?: HumanDuration | string;
      /** Request timeout for the feed (default 15 seconds). */
      timeout?: HumanDuration | string;
    };
    /** The Astro Platform API (omit to use `astroRuntime.deployments` only). */
    astro?: {
      /** Default https://api.astronomer.io/v1 */
      baseUrl?: string;
      /** Default organization for entities without `astronomer.io/organization-id`. */
      organizationId?: string;
      /**
       * API token (organization, workspace or deployment token).
       * @visibility secret
       */
      token?: string;
      /** Per-request timeout (default 10 seconds). */
      timeout?: HumanDuration | string;
      /** Retries on 429, 5xx, timeouts and network errors (default 3). */
      maxRetries?: number;
      /** Deployment ids per list request (default 50). */
      batchSize?: number;
    };
    /**
     * Static Deployment records, used for ids the API (or an extension point
     * provider) does not answer, or alone when `astro` is not configured.
     */
    deployments?: Array<{
      id: string;
      name?: string;
      organizationId?: string;
      workspaceId?: string;
      workspaceName?: string;
      /** The Runtime the Deployment runs; omit when unknown. */
      astroRuntimeVersion?: string;
      airflowVersion?: string;
      /** HEALTHY, UNHEALTHY, HIBERNATING, DEPLOYING, CREATING, UNKNOWN */
      status?: string;
      statusReason?: string;
      uiUrl?: string;
      updatedAt?: string;
    }>;
    /** The scheduled refresh of every Astro entity. */
    refresh?: {
      /** Default: every 30 minutes, timeout 15 minutes, initial delay 15 seconds. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Entities read in parallel (default 8). */
      concurrency?: number;
    };
    /** Where the frozen requirements of a Runtime are published (used by the upgrade action). */
    providerPins?: {
      /** Placeholders `{tag}` and `{python}`. */
      urlTemplate?: string;
    };
    /** How Astro projects are found in the catalog. */
    discovery?: {
      /**
       * Also treat Components without astronomer.io annotations as Astro
       * projects when their repo's Dockerfile is based on an Astro Runtime
       * image (default true).
       */
      dockerfileDetection?: boolean;
    };
    /**
     * Entities registered from local `file:` catalog locations (a demo or local
     * development convenience).
     */
    localFiles?: {
      /**
       * Read their Dockerfile and requirements.txt from the backend host's
       * disk, inside the folder of the catalog location that registered them
       * (default false: such entities get a "no readable location" error).
       */
      enabled?: boolean;
    };
  };
}
