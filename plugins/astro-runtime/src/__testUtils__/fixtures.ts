/*
 * Test fixtures built with the real domain core: each status is what
 * `assess()` of `-common` computes for a small Dockerfile against the bundled
 * release catalog at a fixed `now`, so the card and the domain can't drift.
 */
import {
  assess,
  getBundledCatalog,
  type DeploymentInfo,
  type EntityStatusRecord,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { Entity } from '@backstage/catalog-model';

/** The fixed assessment time of every fixture. */
export const NOW = new Date('2025-06-01T12:00:00Z');

export const AF2 = 'quay.io/astronomer/astro-runtime';
export const AF3 = 'astrocrpublic.azurecr.io/runtime';

export function statusFor(
  dockerfile: string | undefined,
  deployments: DeploymentInfo[] = [],
): RuntimeStatus {
  return assess({
    project: { dockerfile },
    deployments,
    catalog: getBundledCatalog(),
    now: NOW,
  });
}

export function entityFor(
  name: string,
  annotations: Record<string, string> = {
    'astronomer.io/deployment-id': 'dep-prod',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-data' },
  };
}

export function recordFor(
  name: string,
  status: RuntimeStatus | undefined,
  extra: Partial<EntityStatusRecord> = {},
): EntityStatusRecord {
  return {
    entityRef: `component:default/${name}`,
    owner: 'group:default/team-data',
    status,
    stale: false,
    assessedAt: status?.assessedAt,
    checkedAt: status?.assessedAt,
    dockerfileUrl: `https://github.com/acme/${name}/blob/main/Dockerfile`,
    projectPath: '.',
    ...extra,
  };
}

/** One Dockerfile per state the card shows. */
export const DOCKERFILES = {
  upToDate: `FROM ${AF3}:3.3-2\n`,
  patchBehind: `FROM ${AF3}:3.3-1\n`,
  minorBehind: `FROM ${AF2}:13.0.0\n`,
  majorBehind: `FROM ${AF2}:12.4.0-python-3.12-slim\n`,
  moveToAirflow3: `FROM ${AF2}:13.1.0\n`,
  downgrade: `ARG RUNTIME=12.4.0\nFROM ${AF2}:\${RUNTIME}\n`,
  yanked: `FROM ${AF2}:11.0.0\n`,
  unsupported: `FROM ${AF2}:4.2.7\n`,
  certified: `FROM quay.io/astronomer/ap-airflow:2.3.0-5-onbuild\n`,
  notAstro: `FROM python:3.11-slim\n`,
  floating: `FROM ${AF3}:3.1\n`,
};

export const DOWNGRADE_DEPLOYMENTS: DeploymentInfo[] = [
  {
    id: 'dep-dev',
    name: 'orders-dev',
    astroRuntimeVersion: '12.4.0',
    status: 'HEALTHY',
  },
  {
    id: 'dep-prod',
    name: 'orders-prod',
    astroRuntimeVersion: '13.0.0',
    status: 'HEALTHY',
    uiUrl: 'https://cloud.astronomer.io/d/dep-prod',
  },
  {
    id: 'dep-old',
    name: 'orders-staging',
    astroRuntimeVersion: '12.1.0',
    status: 'HIBERNATING',
  },
];
