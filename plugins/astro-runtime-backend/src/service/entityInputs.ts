import { createHash } from 'crypto';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  DeploymentInfo,
  ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { ProjectLocation } from './ProjectLocator';
import type { ProjectFile } from './ProjectReader';
import type { EntityMeta, StoredFile, StoredInputState } from './StatusStore';

/** Bump when the stored status shape or the fingerprint changes: forces a reassessment. */
export const FINGERPRINT_VERSION = 5;

/**
 * What the catalog says about where an entity's project is: its
 * astronomer.io annotations and its source and managed-by locations. A
 * change means the entity itself changed (a new repo, a new path), not that
 * its repo lost a file.
 */
export function entityFingerprint(entity: Entity): string {
  const a = entity.metadata.annotations ?? {};
  const relevant = Object.keys(a)
    .filter(
      k =>
        k.startsWith('astronomer.io/') ||
        k === 'backstage.io/source-location' ||
        k === 'backstage.io/managed-by-location',
    )
    .sort()
    .map(k => [k, a[k]]);
  return createHash('sha1')
    .update(JSON.stringify([stringifyEntityRef(entity), relevant]))
    .digest('hex');
}

function normalizeRef(
  ref: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | undefined {
  if (typeof ref !== 'string' || !ref) {
    return undefined;
  }
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultKind, defaultNamespace }),
    );
  } catch {
    return ref;
  }
}

/** Title, owner and system of an entity, as stored with its status. */
export function entityMeta(
  entity: Entity,
  location: ProjectLocation,
): EntityMeta {
  const ns = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  return {
    entityRef: stringifyEntityRef(entity),
    title:
      typeof entity.metadata.title === 'string'
        ? entity.metadata.title
        : undefined,
    owner: normalizeRef(spec.owner, 'group', ns),
    system: normalizeRef(spec.system, 'system', ns),
    projectPath: location.projectPath,
  };
}

const catalogHashes = new WeakMap<ReleaseCatalog, string>();
export function catalogHash(catalog: ReleaseCatalog): string {
  let h = catalogHashes.get(catalog);
  if (!h) {
    h = createHash('sha1')
      .update(catalog.source)
      .update(JSON.stringify(catalog.releases))
      .digest('hex');
    catalogHashes.set(catalog, h);
  }
  return h;
}

/** Text of a file after a read: new text, or the stored text when unchanged. */
export function textOf(
  file: ProjectFile | undefined,
  stored: StoredFile | undefined,
) {
  if (file?.state === 'read') {
    return file.text;
  }
  return file?.state === 'unchanged' ? stored?.text : undefined;
}

export function toStored(
  file: ProjectFile | undefined,
  text: string | undefined,
): StoredFile | undefined {
  if (!file) {
    return undefined;
  }
  return file.state === 'missing'
    ? { state: 'missing' }
    : { state: 'read', etag: file.etag, text };
}

export function sha1(value: unknown[]): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}

export function versionsOf(deployments: DeploymentInfo[]) {
  const out: Record<string, string | null> = {};
  for (const d of deployments) {
    out[d.id] = d.astroRuntimeVersion ?? null;
  }
  return out;
}

/** Why a new assessment adds a history row (none: nothing moved). */
export function historyReasonOf(
  prev: StoredInputState | undefined,
  repoVersion: string | undefined,
  deploymentVersions: Record<string, string | null>,
): string | undefined {
  if (!prev?.hasStatus || !prev.isAstro) {
    return 'initial';
  }
  const repoChanged = prev.repoVersion !== repoVersion;
  const deploymentsChanged =
    JSON.stringify(prev.deploymentVersions ?? {}) !==
    JSON.stringify(deploymentVersions);
  if (repoChanged && deploymentsChanged) {
    return 'repo-and-deployment';
  }
  if (repoChanged) {
    return 'repo';
  }
  return deploymentsChanged ? 'deployment' : undefined;
}
