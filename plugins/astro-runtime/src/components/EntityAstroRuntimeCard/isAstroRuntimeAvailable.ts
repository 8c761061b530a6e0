import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { ApiHolder } from '@backstage/core-plugin-api';
import {
  ASTRO_DEPLOYMENT_ID_ANNOTATION,
  ASTRO_PROJECT_PATH_ANNOTATION,
  isAstroProjectAnnotated,
} from '@backstage-astro/plugin-astro-runtime-common';
import { astroRuntimeApiRef } from '../../api';

export { ASTRO_DEPLOYMENT_ID_ANNOTATION, ASTRO_PROJECT_PATH_ANNOTATION };

/**
 * True when the entity is declared an Astro project by its annotations
 * (`astronomer.io/deployment-id` or `astronomer.io/project-path`). The
 * backend also knows un-annotated Components whose Dockerfile is on an Astro
 * image: use {@link isAstroRuntimeAvailable} to show the card on those too.
 *
 * @public
 */
export function isAstroRuntimeAnnotated(entity: Entity): boolean {
  return isAstroProjectAnnotated(entity.metadata?.annotations);
}

function isComponent(entity: Entity): boolean {
  return entity.kind?.toLocaleLowerCase('en-US') === 'component';
}

/**
 * True when the Astro Runtime backend knows the entity as an Astro project,
 * the same answer the org page and the scorecards use: annotated entities
 * right away (no request), other Components by asking the backend, which
 * detects un-annotated Components from their Dockerfile (when
 * `astroRuntime.discovery.dockerfileDetection` is on). For
 * `EntitySwitch.Case if={isAstroRuntimeAvailable}`.
 *
 * Without `context` (or without the Astro Runtime API registered) only the
 * annotations count.
 *
 * @public
 */
export function isAstroRuntimeAvailable(
  entity: Entity,
  context?: { apis: ApiHolder },
): boolean | Promise<boolean> {
  if (isAstroRuntimeAnnotated(entity)) {
    return true;
  }
  const api = context?.apis.get(astroRuntimeApiRef);
  if (!api || !isComponent(entity)) {
    return false;
  }
  return api.getEntityStatus(stringifyEntityRef(entity)).then(
    () => true,
    // 422: the backend says it is not an Astro project; 404: it cannot see
    // it; any other failure: nothing says it is one either
    () => false,
  );
}

/**
 * The card's filter in the new frontend system, where filters are
 * synchronous: annotated entities and every Component; the card itself then
 * asks the backend (see `AstroProjectOnly`).
 */
export function mayBeAstroProject(entity: Entity): boolean {
  return isAstroRuntimeAnnotated(entity) || isComponent(entity);
}
