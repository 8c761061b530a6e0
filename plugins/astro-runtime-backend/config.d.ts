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
      /**
       * Extra request headers for the feed, e.g. `Authorization` for a
       * private mirror. Never logged or served. (Userinfo in `url` is sent as
       * Basic authentication; userinfo and query strings are never shown.)
       * @visibility secret
       */
      headers?: { [name: string]: string };
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
      /**
       * Pages followed per list request before giving up with an error
       * (default 10; one page is expected).
       */
      maxPages?: number;
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
    /** SCM push events (installed with the `astroRuntimeModuleEvents` module). */
    events?: {
      /**
       * Serve `POST /events/demo-push`, which publishes a GitHub-shaped push
       * event to the events service (demos without a webhook; default false).
       */
      demoPublisher?: boolean;
    };
    /** The scheduled refresh of every Astro entity. */
    refresh?: {
      /** Default: every 30 minutes, timeout 15 minutes, initial delay 15 seconds. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** Entities read in parallel (default 8). */
      concurrency?: number;
      /**
       * Entities read in parallel while the plugin's routes are serving
       * requests (one in flight, or one ended less than 100 ms ago), so the
       * card and the page stay fast while a refresh runs (default 2; the same
       * as `concurrency` turns it off). Entities already started finish.
       */
      concurrencyUnderLoad?: number;
      /**
       * After a refresh finished, `POST /refresh` answers 429 for this long
       * (default 60 seconds; 0 turns it off). A POST during a run joins it.
       */
      cooldown?: HumanDuration | string;
      /**
       * `?fresh=true` on an entity checked less than this long ago serves
       * the stored status without reading upstream (default 30 seconds; 0
       * turns it off). Concurrent fresh reads of one entity always share one
       * upstream read.
       */
      freshCooldown?: HumanDuration | string;
    };
    /** The Runtime history behind the adoption charts. */
    history?: {
      /**
       * Rows older than this many days are pruned by the scheduled refresh
       * (default 400); each entity keeps its newest older row, so charts
       * stay complete.
       */
      retentionDays?: number;
    };
    /** Where the frozen requirements of a Runtime are published (used by the upgrade action). */
    providerPins?: {
      /** Placeholders `{tag}` and `{python}`. */
      urlTemplate?: string;
    };
    /**
     * The worker threads that parse and assess repo content (Dockerfiles,
     * requirements.txt) off the event loop, shared by this plugin and the
     * `astro:runtime:upgrade` scaffolder action. A task over its time or
     * heap limit fails alone (that entity records the error); the backend
     * keeps serving.
     */
    workers?: {
      /** Threads (tasks running at once). Default: CPU cores - 1, between 1 and 4. */
      maxThreads?: number;
      /** Time limit of one task, from the moment it starts on a thread (default 10000 ms). */
      taskTimeoutMs?: number;
      /** Old-generation heap limit of each thread, in MB (default 256). */
      maxHeapMb?: number;
      /** Young-generation heap limit of each thread, in MB (default 4). */
      maxYoungHeapMb?: number;
      /**
       * The threads' scheduling priority (Linux). `adaptive` (default): the
       * backend's own while this plugin's routes are quiet, 10 lower (a nice
       * increment) while they serve requests and for 100 ms after, so a
       * refresh scans at full speed when nobody waits and the card's and the
       * org page's requests win the CPU when someone does. Raising a thread
       * back needs CAP_SYS_NICE (or RLIMIT_NICE of at least 20); without it
       * a thread lowered once stays lower until it exits. `low`: always 10
       * lower (also protects other plugins' requests, which this plugin
       * does not see).
       */
      priority?: 'adaptive' | 'low';
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
    /**
     * For demos and end-to-end tests only: the plugin's clock starts at this
     * time (ISO 8601, e.g. `2026-12-02T09:00:00Z`) when the backend starts and
     * runs on from there, so support dates, the recommended upgrade and days
     * left read the same whatever the date on the host. Omit in production.
     */
    clock?: {
      startAt?: string;
    };
    localFiles?: {
      /**
       * Read their Dockerfile and requirements.txt from the backend host's
       * disk, inside the folder of the catalog location that registered them
       * (default false: such entities get a "no readable location" error).
       */
      enabled?: boolean;
    };
    /**
     * The scan of each Astro project's Python code (every `.py` file under the
     * project folder) with ruff's Airflow 3 rules, stored with the status.
     */
    code?: {
      /** Scan the code during refreshes (default true). */
      enabled?: boolean;
      /** Python files scanned per project at most; the rest are listed as skipped (default 5000). */
      maxFiles?: number;
      /** Bytes of Python read per project at most; files beyond are skipped (default 67108864, 64 MiB). */
      maxTotalBytes?: number;
      /** Files per worker-pool task (default 25): smaller batches interleave projects more finely. */
      batchSize?: number;
    };
  };
}
