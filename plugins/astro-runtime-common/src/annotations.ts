/*
 * The entity annotations of Astro projects: the one place their names are
 * spelled. Everything else imports them from here.
 */

/**
 * The Astro Deployment id(s) the entity deploys to, comma separated.
 *
 * @public
 */
export const ASTRO_DEPLOYMENT_ID_ANNOTATION = 'astronomer.io/deployment-id';

/**
 * The Astro Organization of those Deployments (when not configured globally).
 *
 * @public
 */
export const ASTRO_ORGANIZATION_ID_ANNOTATION = 'astronomer.io/organization-id';

/**
 * The folder of the Astro project, relative to the entity's source location
 * (`backstage.io/source-location`, by default the folder of its catalog file).
 *
 * @public
 */
export const ASTRO_PROJECT_PATH_ANNOTATION = 'astronomer.io/project-path';

/**
 * The annotations that declare an entity an Astro project (either one).
 *
 * @public
 */
export const ASTRO_PROJECT_ANNOTATIONS: readonly string[] = [
  ASTRO_DEPLOYMENT_ID_ANNOTATION,
  ASTRO_PROJECT_PATH_ANNOTATION,
];

/**
 * True when the annotations declare an Astro project: a non-blank
 * `astronomer.io/deployment-id` or `astronomer.io/project-path`.
 *
 * @public
 */
export function isAstroProjectAnnotated(
  annotations: Readonly<Record<string, string | undefined>> | undefined,
): boolean {
  return ASTRO_PROJECT_ANNOTATIONS.some(name =>
    Boolean(annotations?.[name]?.trim()),
  );
}

/**
 * The Deployment ids of `astronomer.io/deployment-id`: split on commas,
 * trimmed, blanks and repeats dropped, in their order.
 *
 * @public
 */
export function deploymentIdsOf(
  annotations: Readonly<Record<string, string | undefined>> | undefined,
): string[] {
  return [
    ...new Set(
      (annotations?.[ASTRO_DEPLOYMENT_ID_ANNOTATION] ?? '')
        .split(',')
        .map(s => s.trim())
        .filter(Boolean),
    ),
  ];
}
