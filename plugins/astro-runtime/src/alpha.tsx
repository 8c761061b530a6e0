/**
 * The Astro Runtime plugin for Backstage's new frontend system.
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  compatWrapper,
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { astroRuntimeApiRef, AstroRuntimeClient } from './api';
import { mayBeAstroProject } from './components/EntityAstroRuntimeCard/isAstroRuntimeAvailable';
import { AstroProjectOnly } from './components/EntityAstroRuntimeCard/AstroProjectOnly';
import { rootRouteRef } from './routes';

/**
 * The `AstroRuntimeApi` implementation (`api:astro-runtime`).
 *
 * @alpha
 */
export const astroRuntimeApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: astroRuntimeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AstroRuntimeClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The entity card, shown on entities the backend knows as Astro projects
 * (`isAstroRuntimeAvailable`: annotated, or detected from their Dockerfile)
 * (`entity-card:astro-runtime/runtime`).
 *
 * @alpha
 */
export const astroRuntimeEntityCard = EntityCardBlueprint.make({
  name: 'runtime',
  params: {
    filter: mayBeAstroProject,
    loader: () =>
      import('./components/EntityAstroRuntimeCard').then(m =>
        compatWrapper(
          <AstroProjectOnly>
            <m.EntityAstroRuntimeCard />
          </AstroProjectOnly>,
        ),
      ),
  },
});

/**
 * The Astro Runtime scorecard (tech-insights checks), shown on the same
 * entities as the card (`entity-card:astro-runtime/scorecard`).
 *
 * @alpha
 */
export const astroRuntimeScorecardEntityCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: mayBeAstroProject,
    loader: () =>
      import('./components/Scorecard').then(m =>
        compatWrapper(
          <AstroProjectOnly>
            <m.EntityAstroRuntimeScorecard />
          </AstroProjectOnly>,
        ),
      ),
  },
});

/**
 * The org-wide page at `/astro-runtime` (`page:astro-runtime`).
 *
 * @alpha
 */
export const astroRuntimePage = PageBlueprint.make({
  params: {
    path: '/astro-runtime',
    title: 'Astro Runtime',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/AstroRuntimePage').then(m =>
        compatWrapper(<m.AstroRuntimePage />),
      ),
  },
});

/**
 * The `AstroRuntimeVersionPicker` scaffolder field
 * (`scaffolder-form-field:astro-runtime/version-picker`).
 *
 * @alpha
 */
export const astroRuntimeVersionPickerFormField = FormFieldBlueprint.make({
  name: 'version-picker',
  params: {
    field: () =>
      import('./components/AstroRuntimeVersionPicker/formField').then(
        m => m.AstroRuntimeVersionPickerFormField,
      ),
  },
});

/**
 * The `AstroRuntimeCodeFixes` scaffolder field: "Apply ruff's safe fixes
 * (N files)" (`scaffolder-form-field:astro-runtime/code-fixes`).
 *
 * @alpha
 */
export const astroRuntimeCodeFixesFormField = FormFieldBlueprint.make({
  name: 'code-fixes',
  params: {
    field: () =>
      import('./components/AstroRuntimeCodeFixesField/formField').then(
        m => m.AstroRuntimeCodeFixesFormField,
      ),
  },
});

/**
 * The Astro Runtime frontend plugin (new frontend system).
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'astro-runtime',
  title: 'Astro Runtime',
  info: { packageJson: () => import('../package.json') },
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  extensions: [
    astroRuntimeApi,
    astroRuntimeEntityCard,
    astroRuntimeScorecardEntityCard,
    astroRuntimePage,
    astroRuntimeVersionPickerFormField,
    astroRuntimeCodeFixesFormField,
  ],
});
