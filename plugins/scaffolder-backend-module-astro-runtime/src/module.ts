import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { astroRuntimeWorkerPoolServiceRef } from '@backstage-astro/plugin-astro-runtime-node';
import {
  createAstroRuntimeLocateProjectAction,
  createAstroRuntimeUpgradeAction,
} from './actions';

/**
 * Scaffolder module registering `astro:runtime:upgrade` and
 * `astro:runtime:locate-project`.
 *
 * @public
 */
export const scaffolderModuleAstroRuntime = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'astro-runtime',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        urlReader: coreServices.urlReader,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        workers: astroRuntimeWorkerPoolServiceRef,
      },
      async init({
        scaffolder,
        config,
        discovery,
        auth,
        urlReader,
        auditor,
        catalog,
        workers,
      }) {
        scaffolder.addActions(
          createAstroRuntimeUpgradeAction({
            config,
            discovery,
            auth,
            urlReader,
            auditor,
            workers,
          }),
          createAstroRuntimeLocateProjectAction({ catalog, config }),
        );
      },
    });
  },
});
