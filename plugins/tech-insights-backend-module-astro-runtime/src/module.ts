/*
 * The tech-insights backend module: adds `astroRuntimeFactRetriever` to the
 * tech-insights backend through its fact-retrievers extension point.
 * The retriever is scheduled only when
 * `techInsights.factRetrievers.astroRuntimeFactRetriever.cadence` is configured.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { astroRuntimeFactRetriever } from './retriever';

/**
 * Registers `astroRuntimeFactRetriever` with the tech-insights backend.
 *
 * @public
 */
export const techInsightsModuleAstroRuntime = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'astro-runtime',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: techInsightsFactRetrieversExtensionPoint,
      },
      async init({ providers }) {
        providers.addFactRetrievers({
          [astroRuntimeFactRetriever.id]: astroRuntimeFactRetriever,
        });
      },
    });
  },
});
