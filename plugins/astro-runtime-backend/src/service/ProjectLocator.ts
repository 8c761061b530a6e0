import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  deploymentIdsOf,
  isAstroProjectAnnotated,
  isAstroRuntimeError,
  resolveProjectLocation,
  scmHostsFrom,
  ASTRO_ORGANIZATION_ID_ANNOTATION,
  type ScmIntegrationsLike,
} from '@backstage-astro/plugin-astro-runtime-common';

/** Where an entity's Astro project is read from. */
export type ProjectSource =
  /**
   * A URL read through the urlReader (resolved with ScmIntegrations): `base`
   * is the repository root at its branch on GitHub and GitLab, otherwise the
   * source folder.
   */
  | { type: 'url'; base: string }
  /**
   * A local folder (entities registered from `file:` locations, when
   * `astroRuntime.localFiles.enabled`): reads are confined to `root`, the
   * folder of the catalog location that registered the entity; `dir` is the
   * folder `projectPath` is relative to (the same folder).
   */
  | { type: 'file'; root: string; dir: string };

export interface ProjectLocation {
  entityRef: string;
  /** Has `astronomer.io/deployment-id` or `astronomer.io/project-path`. */
  annotated: boolean;
  deploymentIds: string[];
  organizationId?: string;
  /**
   * The project folder relative to the source's base (the repository root
   * when known), POSIX, '.' for the root: the folder the upgrade pull request
   * edits too.
   */
  projectPath: string;
  /** Undefined when the entity has no usable location (see `sourceError`). */
  source?: ProjectSource;
  sourceError?: string;
}

/** Decides which entities to look at and where their project lives. */
export interface ProjectLocator {
  /** True when the entity's annotations make it an Astro project. */
  isAnnotated(entity: Entity): boolean;
  locate(entity: Entity): ProjectLocation;
}

/** Catalog fields the locator needs (for `fields` in catalog queries). */
export const LOCATOR_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

export interface AnnotationProjectLocatorOptions {
  /** The backend's ScmIntegrations: tells GitHub and GitLab URLs apart. */
  integrations?: ScmIntegrationsLike;
  /**
   * Read entities registered from local `file:` locations from disk
   * (`astroRuntime.localFiles.enabled`; default false).
   */
  localFiles?: boolean;
}

/**
 * Locates projects with `resolveProjectLocation` of the -common package, the
 * same function the upgrade template's scaffolder action uses.
 */
export class AnnotationProjectLocator implements ProjectLocator {
  readonly #scmHost: ReturnType<typeof scmHostsFrom> | undefined;
  readonly #localFiles: boolean;

  constructor(options: AnnotationProjectLocatorOptions = {}) {
    this.#scmHost = options.integrations
      ? scmHostsFrom(options.integrations)
      : undefined;
    this.#localFiles = options.localFiles ?? false;
  }

  isAnnotated(entity: Entity): boolean {
    return isAstroProjectAnnotated(entity.metadata.annotations);
  }

  locate(entity: Entity): ProjectLocation {
    const a = entity.metadata.annotations ?? {};
    const location: ProjectLocation = {
      entityRef: stringifyEntityRef(entity),
      annotated: this.isAnnotated(entity),
      deploymentIds: deploymentIdsOf(a),
      organizationId:
        (a[ASTRO_ORGANIZATION_ID_ANNOTATION] ?? '').trim() || undefined,
      projectPath: '.',
    };
    let resolved;
    try {
      resolved = resolveProjectLocation(a, { scmHost: this.#scmHost });
    } catch (e) {
      if (!isAstroRuntimeError(e)) {
        throw e;
      }
      location.sourceError = e.message;
      return location;
    }
    location.projectPath = resolved.projectDir;
    if (resolved.type === 'url') {
      location.source = { type: 'url', base: resolved.rootUrl };
      return location;
    }
    if (!this.#localFiles) {
      location.sourceError =
        'the entity was registered from a local file and reading local files is turned off (astroRuntime.localFiles.enabled)';
      return location;
    }
    location.source = { type: 'file', root: resolved.root, dir: resolved.root };
    return location;
  }
}
