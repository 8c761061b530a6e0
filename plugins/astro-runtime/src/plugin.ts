import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { astroRuntimeApiRef, AstroRuntimeClient } from './api';
import { rootRouteRef } from './routes';
import type { AstroRuntimePageProps } from './components/AstroRuntimePage';
import type { EntityAstroRuntimeCardProps } from './components/EntityAstroRuntimeCard';

/**
 * The Astro Runtime frontend plugin (legacy frontend system).
 *
 * @public
 */
export const astroRuntimePlugin = createPlugin({
  id: 'astro-runtime',
  apis: [
    createApiFactory({
      api: astroRuntimeApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AstroRuntimeClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The org-wide Astro Runtime page (mount at `/astro-runtime`).
 *
 * @public
 */
export const AstroRuntimePage: (props: AstroRuntimePageProps) => JSX.Element =
  astroRuntimePlugin.provide(
    createRoutableExtension({
      name: 'AstroRuntimePage',
      component: () =>
        import('./components/AstroRuntimePage').then(m => m.AstroRuntimePage),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The entity card: the Runtime of a Component's repo and Deployments, what to
 * upgrade to and what to watch for.
 *
 * @public
 */
export const EntityAstroRuntimeCard: (
  props: EntityAstroRuntimeCardProps,
) => JSX.Element = astroRuntimePlugin.provide(
  createComponentExtension({
    name: 'EntityAstroRuntimeCard',
    component: {
      lazy: () =>
        import('./components/EntityAstroRuntimeCard').then(
          m => m.EntityAstroRuntimeCard,
        ),
    },
  }),
);
