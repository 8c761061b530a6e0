import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * The org-wide Astro Runtime page (mounted at `/astro-runtime` in the app).
 *
 * @public
 */
export const rootRouteRef = createRouteRef({
  id: 'astro-runtime',
});
