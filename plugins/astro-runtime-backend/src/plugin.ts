import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { astroRuntimePermissions } from '@backstage-astro/plugin-astro-runtime-common';
import {
  astroRuntimeDeploymentProviderExtensionPoint,
  astroRuntimeReleaseSourceExtensionPoint,
  astroRuntimeWorkerPoolServiceRef,
  DeploymentProvider,
  ReleaseSource,
} from '@backstage-astro/plugin-astro-runtime-node';
import { pluginClock, readAstroRuntimeConfig } from './config';
import { createRouter, REFRESH_TASK_ID } from './router';
import { AstroApiDeploymentProvider } from './service/AstroApiDeploymentProvider';
import { ConfigDeploymentProvider } from './service/ConfigDeploymentProvider';
import { DeploymentResolver } from './service/DeploymentResolver';
import { AnnotationProjectLocator } from './service/ProjectLocator';
import { DefaultProjectReader } from './service/ProjectReader';
import { DefaultReleaseCatalogService } from './service/ReleaseCatalogService';
import { RefreshService } from './service/RefreshService';
import { followRequestLoad, RequestLoad } from './service/RequestLoad';
import { CodeScanner } from './service/CodeScanner';
import { readCodeScanConfig } from './service/CodeScanConfig';
import { StatusService } from './service/StatusService';
import { PushEventHandler, PUSH_TOPICS } from './service/PushEvents';
import type { EventsService } from '@backstage/plugin-events-node';
import {
  astroRuntimeEventsExtensionPoint,
  createDemoPushRouter,
} from './events';
import { DatabaseStatusStore } from './service/StatusStore';

export const RELEASES_TASK_ID = 'astro-runtime:releases';

/**
 * The `astro-runtime` backend plugin: reads Astro projects and Deployments,
 * stores and serves their Runtime upgrade status under `/api/astro-runtime`.
 *
 * @public
 */
export const astroRuntimePlugin = createBackendPlugin({
  pluginId: 'astro-runtime',
  register(env) {
    const extraProviders: DeploymentProvider[] = [];
    let releaseSource: ReleaseSource | undefined;
    env.registerExtensionPoint(astroRuntimeDeploymentProviderExtensionPoint, {
      addDeploymentProvider(provider) {
        extraProviders.push(provider);
      },
    });
    env.registerExtensionPoint(astroRuntimeReleaseSourceExtensionPoint, {
      setReleaseSource(source) {
        releaseSource = source;
      },
    });
    let eventsService: EventsService | undefined;
    env.registerExtensionPoint(astroRuntimeEventsExtensionPoint, {
      setEventsService(events) {
        eventsService = events;
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        workers: astroRuntimeWorkerPoolServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        urlReader,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
        workers,
      }) {
        const options = readAstroRuntimeConfig(config);
        // the host's clock, unless a demo starts it at astroRuntime.clock.startAt
        const now = pluginClock(options.clockStartAt);
        if (options.clockStartAt) {
          logger.warn(
            `Astro Runtime: the clock starts at ${options.clockStartAt.toISOString()} (astroRuntime.clock.startAt, for demos only)`,
          );
        }
        permissionsRegistry.addPermissions(astroRuntimePermissions);
        const store = await DatabaseStatusStore.create({ database });

        const providers: DeploymentProvider[] = [...extraProviders];
        if (options.astro) {
          providers.push(
            new AstroApiDeploymentProvider({ ...options.astro, logger }),
          );
        }
        providers.push(new ConfigDeploymentProvider(options.deployments));

        const releases = new DefaultReleaseCatalogService({
          ...options.releases,
          customSource: releaseSource,
          store,
          logger,
          now,
        });
        const integrations = ScmIntegrations.fromConfig(config);
        const locator = new AnnotationProjectLocator({
          integrations,
          localFiles: options.localFiles.enabled,
        });
        // one persistence context: the code scans' store shares the status store's knex
        const codeScans = store.context.codeScans;
        const codeConfig = readCodeScanConfig(config);
        // the plugin's requests in flight: the refresh gives way to them
        const load = new RequestLoad();
        followRequestLoad(workers, load, options.workers.priority);
        const refresh = new RefreshService({
          catalog,
          auth,
          locator,
          reader: new DefaultProjectReader(urlReader, integrations),
          resolver: new DeploymentResolver(providers, {
            batchSize: options.astro?.batchSize,
            defaultOrganizationId: options.astro?.organizationId,
          }),
          releases,
          store,
          logger,
          concurrency: options.refresh.concurrency,
          concurrencyUnderLoad: options.refresh.concurrencyUnderLoad,
          load,
          dockerfileDetection: options.discovery.dockerfileDetection,
          historyRetentionDays: options.history.retentionDays,
          now,
          workers,
          code: new CodeScanner({
            urlReader,
            integrations,
            workers,
            store: codeScans,
            logger,
            config: codeConfig,
            now,
          }),
        });
        const statuses = new StatusService({
          catalog,
          store,
          refresh,
          locator,
          logger,
          dockerfileDetection: options.discovery.dockerfileDetection,
          freshCooldownMs: options.refresh.freshCooldownMs,
          permissions,
          codeScans: codeConfig.enabled ? codeScans : undefined,
          now,
        });

        logger.info(
          `Astro Runtime: Deployments from ${providers
            .map(p => p.name)
            .join(' > ')}; release catalog ${
            releaseSource
              ? `source ${releaseSource.name}`
              : options.releases.source
          }; refresh concurrency ${options.refresh.concurrency} (${
            options.refresh.concurrencyUnderLoad
          } while its routes serve requests)`,
        );

        await scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          ...options.refresh.schedule,
          scope: 'global',
          fn: async signal => {
            await refresh.refreshAll(signal);
          },
        });
        if (releases.refreshable) {
          await scheduler.scheduleTask({
            id: RELEASES_TASK_ID,
            frequency: { milliseconds: options.releases.refreshMs },
            timeout: { minutes: 5 },
            scope: 'global',
            fn: async signal => {
              await releases.refresh(signal);
            },
          });
        }

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            auditor,
            refreshCooldownMs: options.refresh.cooldownMs,
            logger,
            scheduler,
            statuses,
            refresh,
            releases,
            now,
            load,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });

        if (eventsService) {
          // pushes reassess what they touched at once; the sweep stays the safety net
          const pushes = new PushEventHandler({
            store,
            catalog,
            auth,
            refresh,
            logger,
            now,
          });
          await eventsService.subscribe({
            id: 'astro-runtime-push',
            topics: PUSH_TOPICS,
            onEvent: async params => {
              // not awaited: the webhook's answer does not wait for SCM reads
              pushes
                .handle(params)
                .catch(e =>
                  logger.warn(`Astro Runtime: push event not handled: ${e}`),
                );
            },
          });
          if (config.getOptionalBoolean('astroRuntime.events.demoPublisher')) {
            httpRouter.use(
              createDemoPushRouter({
                events: eventsService,
                httpAuth,
                permissions,
              }),
            );
          }
        }
      },
    });
  },
});
