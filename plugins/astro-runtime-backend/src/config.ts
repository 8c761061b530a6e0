import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_PROVIDER_FREEZE_URL_TEMPLATE,
  DEFAULT_RELEASE_FEED_URL,
  type DeploymentInfo,
} from '@backstage-astro/plugin-astro-runtime-common';
import {
  astroRuntimeClock,
  readAstroRuntimeClockStartAt,
} from '@backstage-astro/plugin-astro-runtime-node';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';

export const DEFAULT_ASTRO_BASE_URL = 'https://api.astronomer.io/v1';

/** A Deployment record from `astroRuntime.deployments`. */
export type ConfiguredDeployment = DeploymentInfo & { organizationId?: string };

export interface AstroRuntimeConfig {
  releases: {
    source: 'bundled' | 'url' | 'file';
    url: string;
    file?: string;
    refreshMs: number;
    timeoutMs: number;
    /** Secret request headers for the feed. */
    headers: Record<string, string>;
  };
  astro?: {
    baseUrl: string;
    organizationId?: string;
    token: string;
    timeoutMs: number;
    maxRetries: number;
    batchSize: number;
    maxPages: number;
  };
  deployments: ConfiguredDeployment[];
  refresh: {
    schedule: SchedulerServiceTaskScheduleDefinition;
    concurrency: number;
    /** Entities in parallel while the plugin's routes serve requests. */
    concurrencyUnderLoad: number;
    cooldownMs: number;
    freshCooldownMs: number;
  };
  history: { retentionDays: number };
  /**
   * `astroRuntime.workers.priority`: `adaptive` runs the worker threads at
   * the backend's own priority while the plugin's routes are quiet and lower
   * while they serve requests; `low` keeps them lower always.
   */
  workers: { priority: 'adaptive' | 'low' };
  providerPins: { urlTemplate: string };
  discovery: { dockerfileDetection: boolean };
  /** Read entities registered from local `file:` catalog locations from disk. */
  localFiles: { enabled: boolean };
  /** `astroRuntime.clock.startAt`: where the plugin's clock starts (demos). */
  clockStartAt?: Date;
}

/**
 * The plugin's clock: the host's, or (with `startAt`) the host's shifted so
 * that it read `startAt` at `startedAt` and runs on from there. The
 * scaffolder action judges its pull request text with the same clock.
 */
export const pluginClock = astroRuntimeClock;

function readDurationMs(
  config: Config | undefined,
  key: string,
  fallback: HumanDuration,
): number {
  if (!config?.has(key)) {
    return durationToMilliseconds(fallback);
  }
  // accepts { hours: 6 }, ISO 8601 ('PT6H') and ms-style ('6h') strings
  return durationToMilliseconds(readDurationFromConfig(config, { key }));
}

function positiveInteger(
  c: Config | undefined,
  key: string,
  def: number,
  max: number,
  prefix: string,
): number {
  const v = c?.getOptionalNumber(key) ?? def;
  if (!Number.isInteger(v) || v < 1 || v > max) {
    throw new InputError(
      `${prefix}.${key} must be an integer from 1 to ${max}, got ${v}`,
    );
  }
  return v;
}

function optionalString(c: Config, key: string): string | undefined {
  const v = c.getOptionalString(key);
  return v === undefined || v === '' ? undefined : v;
}

/** Reads `astroRuntime` with the defaults that let the demo run without config. */
export function readAstroRuntimeConfig(root: Config): AstroRuntimeConfig {
  const c = root.getOptionalConfig('astroRuntime');

  const source = (c?.getOptionalString('releases.source') ?? 'bundled') as
    | 'bundled'
    | 'url'
    | 'file';
  if (!['bundled', 'url', 'file'].includes(source)) {
    throw new InputError(
      `astroRuntime.releases.source must be bundled, url or file, got '${source}'`,
    );
  }
  const releasesConfig = c?.getOptionalConfig('releases');
  const file = releasesConfig
    ? optionalString(releasesConfig, 'file')
    : undefined;
  if (source === 'file' && !file) {
    throw new InputError(
      'astroRuntime.releases.file is required when releases.source is file',
    );
  }

  const astroConfig = c?.getOptionalConfig('astro');
  const token = astroConfig ? optionalString(astroConfig, 'token') : undefined;
  const astro =
    astroConfig && token
      ? {
          baseUrl: (
            optionalString(astroConfig, 'baseUrl') ?? DEFAULT_ASTRO_BASE_URL
          ).replace(/\/+$/, ''),
          organizationId: optionalString(astroConfig, 'organizationId'),
          token,
          timeoutMs: readDurationMs(astroConfig, 'timeout', { seconds: 10 }),
          maxRetries: astroConfig.getOptionalNumber('maxRetries') ?? 3,
          batchSize: Math.max(
            1,
            Math.min(500, astroConfig.getOptionalNumber('batchSize') ?? 50),
          ),
          maxPages: positiveInteger(
            astroConfig,
            'maxPages',
            10,
            1000,
            'astroRuntime.astro',
          ),
        }
      : undefined;

  const deployments: ConfiguredDeployment[] = (
    c?.getOptionalConfigArray('deployments') ?? []
  ).map(d => {
    const record: ConfiguredDeployment = { id: d.getString('id') };
    for (const key of [
      'name',
      'organizationId',
      'workspaceId',
      'workspaceName',
      'astroRuntimeVersion',
      'airflowVersion',
      'status',
      'statusReason',
      'uiUrl',
      'updatedAt',
    ] as const) {
      // YAML turns `13.0` or `12` into numbers: accept them as text
      const raw = d.getOptional(key);
      if (raw !== undefined && raw !== null && raw !== '') {
        (record as unknown as Record<string, unknown>)[key] = String(raw);
      }
    }
    return record;
  });

  const scheduleConfig = c?.getOptionalConfig('refresh.schedule');
  const schedule: SchedulerServiceTaskScheduleDefinition = scheduleConfig
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
    : {
        frequency: { minutes: 30 },
        timeout: { minutes: 15 },
        initialDelay: { seconds: 15 },
      };
  if (!scheduleConfig?.has('initialDelay') && !schedule.initialDelay) {
    schedule.initialDelay = { seconds: 15 };
  }
  schedule.scope = 'global';

  const concurrency = c?.getOptionalNumber('refresh.concurrency') ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new InputError(
      `astroRuntime.refresh.concurrency must be an integer from 1 to 256, got ${concurrency}`,
    );
  }
  const concurrencyUnderLoad =
    c?.getOptionalNumber('refresh.concurrencyUnderLoad') ??
    Math.min(2, concurrency);
  if (
    !Number.isInteger(concurrencyUnderLoad) ||
    concurrencyUnderLoad < 1 ||
    concurrencyUnderLoad > concurrency
  ) {
    throw new InputError(
      `astroRuntime.refresh.concurrencyUnderLoad must be an integer from 1 to astroRuntime.refresh.concurrency (${concurrency}), got ${concurrencyUnderLoad}`,
    );
  }

  const workerPriority = c?.getOptionalString('workers.priority') ?? 'adaptive';
  if (workerPriority !== 'adaptive' && workerPriority !== 'low') {
    throw new InputError(
      `astroRuntime.workers.priority must be 'adaptive' or 'low', got '${workerPriority}'`,
    );
  }

  const headers: Record<string, string> = {};
  const headersConfig = releasesConfig?.getOptionalConfig('headers');
  for (const name of headersConfig?.keys() ?? []) {
    if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) {
      throw new InputError(
        `astroRuntime.releases.headers: '${name}' is not a valid header name`,
      );
    }
    headers[name] = headersConfig!.getString(name);
  }

  return {
    releases: {
      source,
      url:
        (releasesConfig && optionalString(releasesConfig, 'url')) ??
        DEFAULT_RELEASE_FEED_URL,
      file,
      refreshMs: readDurationMs(releasesConfig, 'refresh', { hours: 6 }),
      timeoutMs: readDurationMs(releasesConfig, 'timeout', { seconds: 15 }),
      headers,
    },
    astro,
    deployments,
    refresh: {
      schedule,
      concurrency,
      concurrencyUnderLoad,
      cooldownMs: readDurationMs(c?.getOptionalConfig('refresh'), 'cooldown', {
        seconds: 60,
      }),
      freshCooldownMs: readDurationMs(
        c?.getOptionalConfig('refresh'),
        'freshCooldown',
        {
          seconds: 30,
        },
      ),
    },
    workers: { priority: workerPriority },
    history: {
      retentionDays: positiveInteger(
        c?.getOptionalConfig('history'),
        'retentionDays',
        400,
        100_000,
        'astroRuntime.history',
      ),
    },
    providerPins: {
      urlTemplate:
        (c && optionalString(c, 'providerPins.urlTemplate')) ??
        DEFAULT_PROVIDER_FREEZE_URL_TEMPLATE,
    },
    discovery: {
      dockerfileDetection:
        c?.getOptionalBoolean('discovery.dockerfileDetection') ?? true,
    },
    localFiles: {
      enabled: c?.getOptionalBoolean('localFiles.enabled') ?? false,
    },
    clockStartAt: readAstroRuntimeClockStartAt(root),
  };
}
