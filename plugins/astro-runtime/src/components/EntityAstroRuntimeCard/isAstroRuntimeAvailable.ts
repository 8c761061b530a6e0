import type { Entity } from '@backstage/catalog-model';

/** Astro Deployment id(s) the entity deploys to, comma separated. @public */
export const ASTRO_DEPLOYMENT_ID_ANNOTATION = 'astronomer.io/deployment-id';
/** Folder of the Astro project inside the repo. @public */
export const ASTRO_PROJECT_PATH_ANNOTATION = 'astronomer.io/project-path';

/**
 * True when the entity is declared an Astro project: it has the
 * `astronomer.io/deployment-id` or the `astronomer.io/project-path` annotation.
 *
 * @public
 */
export function isAstroRuntimeAvailable(entity: Entity): boolean {
  const annotations = entity.metadata?.annotations ?? {};
  return Boolean(
    annotations[ASTRO_DEPLOYMENT_ID_ANNOTATION]?.trim() ||
      annotations[ASTRO_PROJECT_PATH_ANNOTATION]?.trim(),
  );
}
