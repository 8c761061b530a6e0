/*
 * Permissions of the `astro-runtime` plugin, defined once and shared by the
 * backend (which registers and enforces them) and the frontend (which hides
 * what the caller may not do).
 */
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reassessing projects on demand: `POST /refresh` (a full run) and
 * `?fresh=true` on a status read. Both cost upstream reads (SCM, Astro API),
 * so organizations can restrict them to admins.
 *
 * @public
 */
export const astroRuntimeRefreshPermission = createPermission({
  name: 'astro-runtime.refresh',
  attributes: { action: 'update' },
});

/**
 * Every permission of the plugin, for `permissionsRegistry.addPermissions`.
 *
 * @public
 */
export const astroRuntimePermissions = [astroRuntimeRefreshPermission];
