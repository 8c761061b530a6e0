import path from 'path';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';

export const ANNOTATION_DEPLOYMENT_ID = 'astronomer.io/deployment-id';
export const ANNOTATION_ORGANIZATION_ID = 'astronomer.io/organization-id';
export const ANNOTATION_PROJECT_PATH = 'astronomer.io/project-path';

/** Where an entity's Astro project is read from. */
export type ProjectSource =
  /** A URL read through the urlReader (resolved with ScmIntegrations). */
  | { type: 'url'; base: string }
  /**
   * A local folder (entities registered from `file:` locations): reads are
   * confined to `root`, the folder of the entity's catalog file.
   */
  | { type: 'file'; root: string; dir: string };

export interface ProjectLocation {
  entityRef: string;
  /** Has `astronomer.io/deployment-id` or `astronomer.io/project-path`. */
  annotated: boolean;
  deploymentIds: string[];
  organizationId?: string;
  /** Project folder relative to the source, POSIX, '.' for the root. */
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

function splitLocation(value: string): { type: string; target: string } | undefined {
  const i = value.indexOf(':');
  if (i <= 0) {
    return undefined;
  }
  return { type: value.slice(0, i), target: value.slice(i + 1) };
}

/** Validates and normalizes `astronomer.io/project-path`. */
export function normalizeProjectPath(raw: string | undefined): string {
  const value = (raw ?? '').trim();
  if (value === '' || value === '.' || value === './' || value === '/') {
    return '.';
  }
  if (value.includes('\\') || value.includes('\0')) {
    throw new Error(`invalid ${ANNOTATION_PROJECT_PATH} '${value}'`);
  }
  const parts = value.split('/').filter(p => p !== '' && p !== '.');
  if (parts.some(p => p === '..')) {
    throw new Error(
      `invalid ${ANNOTATION_PROJECT_PATH} '${value}': '..' is not allowed`,
    );
  }
  return parts.length ? parts.join('/') : '.';
}

export class AnnotationProjectLocator implements ProjectLocator {
  isAnnotated(entity: Entity): boolean {
    const a = entity.metadata.annotations ?? {};
    return Boolean(
      (a[ANNOTATION_DEPLOYMENT_ID] ?? '').trim() ||
        (a[ANNOTATION_PROJECT_PATH] ?? '').trim(),
    );
  }

  locate(entity: Entity): ProjectLocation {
    const a = entity.metadata.annotations ?? {};
    const deploymentIds = [
      ...new Set(
        (a[ANNOTATION_DEPLOYMENT_ID] ?? '')
          .split(',')
          .map(s => s.trim())
          .filter(Boolean),
      ),
    ];
    const organizationId = (a[ANNOTATION_ORGANIZATION_ID] ?? '').trim() || undefined;
    const location: ProjectLocation = {
      entityRef: stringifyEntityRef(entity),
      annotated: this.isAnnotated(entity),
      deploymentIds,
      organizationId,
      projectPath: '.',
    };
    try {
      location.projectPath = normalizeProjectPath(a[ANNOTATION_PROJECT_PATH]);
    } catch (e) {
      location.sourceError = (e as Error).message;
      return location;
    }

    const managedBy = a[ANNOTATION_LOCATION]
      ? splitLocation(a[ANNOTATION_LOCATION])
      : undefined;
    const sourceLocation = a[ANNOTATION_SOURCE_LOCATION]
      ? splitLocation(a[ANNOTATION_SOURCE_LOCATION])
      : undefined;

    // file: locations are only trusted when the catalog registered the entity
    // from a local file, and only inside that file's folder.
    const fileRoot =
      managedBy?.type === 'file' ? path.dirname(path.resolve(managedBy.target)) : undefined;

    if (sourceLocation && sourceLocation.type === 'url') {
      const base = sourceLocation.target.endsWith('/')
        ? sourceLocation.target
        : `${sourceLocation.target}/`;
      location.source = { type: 'url', base };
      return location;
    }
    if (sourceLocation && sourceLocation.type === 'file') {
      if (!fileRoot) {
        location.sourceError = `${ANNOTATION_SOURCE_LOCATION} is a file: location but the entity was not registered from a local file`;
        return location;
      }
      const dir = path.resolve(sourceLocation.target);
      if (dir !== fileRoot && !dir.startsWith(`${fileRoot}${path.sep}`)) {
        location.sourceError = `${ANNOTATION_SOURCE_LOCATION} points outside the folder of the entity's catalog file`;
        return location;
      }
      location.source = { type: 'file', root: fileRoot, dir };
      return location;
    }
    if (managedBy?.type === 'url') {
      location.source = { type: 'url', base: managedBy.target };
      return location;
    }
    if (fileRoot) {
      location.source = { type: 'file', root: fileRoot, dir: fileRoot };
      return location;
    }
    location.sourceError = `no ${ANNOTATION_SOURCE_LOCATION} or readable ${ANNOTATION_LOCATION} annotation`;
    return location;
  }
}
