/*
 * End to end over the domain core: statuses computed by -common's assess()
 * (as the astro-runtime backend stores them) → facts → the default checks in
 * the jsonfc engine. Guards the status→facts mapping against drift in the
 * status contract.
 */
import {
  assess,
  getBundledCatalog,
  type DeploymentInfo,
  type ReleaseCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import {
  JsonRulesEngineFactCheckerFactory,
  type TechInsightJsonRuleCheck,
} from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import type { TechInsightsStore } from '@backstage-community/plugin-tech-insights-node';
import { mockServices } from '@backstage/backend-test-utils';
import { astroRuntimeChecks } from './checks';
import { statusToFacts } from './facts';
import { astroRuntimeFactRetriever } from './retriever';
import { release as r } from './__fixtures__/statuses';

const catalog: ReleaseCatalog = {
  source: 'file',
  asOf: '2025-06-01',
  releases: [
    r('9.1.0', {
      endOfMaintenance: '2024-08-01',
      endOfBasicSupport: '2025-12-31',
    }),
    r('10.0.0', {
      endOfMaintenance: '2025-02-01',
      endOfBasicSupport: '2026-02-01',
    }),
    r('12.0.0', {
      endOfMaintenance: '2026-04-01',
      endOfBasicSupport: '2026-10-01',
    }),
    r('12.1.0', {
      endOfMaintenance: '2026-04-01',
      endOfBasicSupport: '2026-10-01',
      yanked: true,
      yankedReason: 'scheduler crash',
    }),
    r('12.2.0', {
      endOfMaintenance: '2026-04-01',
      endOfBasicSupport: '2026-10-01',
    }),
    r('12.3.0', {
      endOfMaintenance: '2026-04-01',
      endOfBasicSupport: '2026-10-01',
    }),
    r('3.0-1', {
      endOfMaintenance: '2026-10-01',
      endOfBasicSupport: '2027-04-01',
    }),
    r('3.1-1', {
      endOfMaintenance: '2026-12-01',
      endOfBasicSupport: '2027-06-01',
    }),
    r('3.1-2', {
      endOfMaintenance: '2026-12-01',
      endOfBasicSupport: '2027-06-01',
    }),
  ],
};

const now = new Date('2025-06-15T12:00:00Z');

function statusOf(from: string, deployments: DeploymentInfo[] = []) {
  return assess({
    project: { dockerfile: `FROM ${from}\nCOPY . .\n` },
    deployments,
    catalog,
    now,
  });
}

async function checksFor(facts: object | undefined) {
  const store: TechInsightsStore = {
    insertFacts: jest.fn(),
    insertFactSchema: jest.fn(),
    getEntities: jest.fn(),
    getFactsBetweenTimestampsByIds: jest.fn(),
    getLatestSchemas: async () => [astroRuntimeFactRetriever.schema],
    getLatestFactsByIds: async () =>
      facts
        ? {
            [astroRuntimeFactRetriever.id]: {
              id: astroRuntimeFactRetriever.id,
              entity: { kind: 'component', namespace: 'default', name: 'p' },
              facts: facts as any,
            },
          }
        : {},
  };
  const checker = new JsonRulesEngineFactCheckerFactory({
    checks: structuredClone(astroRuntimeChecks) as TechInsightJsonRuleCheck[],
    logger: mockServices.logger.mock(),
  }).construct(store);
  const results = await checker.runChecks('component:default/p');
  return Object.fromEntries(results.map(x => [x.check.id, x.result]));
}

describe('facts and checks over statuses from assess()', () => {
  it('a project on the latest Airflow 3 Runtime, Deployment in sync: all pass', async () => {
    const facts = statusToFacts(
      statusOf('astrocrpublic.azurecr.io/runtime:3.1-2', [
        { id: 'prod', astroRuntimeVersion: '3.1-2' },
      ]),
    );
    expect(facts).toMatchObject({
      runtimeVersion: '3.1-2',
      runtimeLine: 'airflow3',
      isLatest: true,
      updateKind: 'none',
      majorsBehind: 0,
      minorsBehind: 0,
      maintained: true,
      yanked: false,
      deploymentsInSync: true,
      downgradeBlocked: false,
      tagPinned: true,
    });
    expect(facts!.daysUntilEndOfMaintenance).toBeGreaterThan(0);
    expect(await checksFor(facts)).toEqual({
      astroRuntimeMaintained: true,
      astroRuntimeNotYanked: true,
      astroRuntimeAtMostOneMinorBehind: true,
      astroRuntimeDeploymentsInSync: true,
      astroRuntimeTagPinned: true,
    });
  });

  it('an old Airflow 2 Runtime in basic support with a Deployment ahead', async () => {
    const facts = statusToFacts(
      statusOf('quay.io/astronomer/astro-runtime:9.1.0', [
        { id: 'prod', astroRuntimeVersion: '10.0.0' },
      ]),
    );
    expect(facts).toMatchObject({
      runtimeVersion: '9.1.0',
      runtimeLine: 'airflow2',
      isLatest: false,
      updateKind: 'major',
      maintained: false,
      yanked: false,
      deploymentsInSync: false,
      downgradeBlocked: true,
      tagPinned: true,
    });
    expect(facts!.majorsBehind).toBeGreaterThan(0);
    expect(facts!.daysUntilEndOfMaintenance).toBeLessThan(0);
    expect(await checksFor(facts)).toEqual({
      astroRuntimeMaintained: false,
      astroRuntimeNotYanked: true,
      astroRuntimeAtMostOneMinorBehind: false,
      astroRuntimeDeploymentsInSync: false,
      astroRuntimeTagPinned: true,
    });
  });

  it('a yanked Runtime two minors behind, its Deployment pending a deploy', async () => {
    const facts = statusToFacts(
      statusOf('quay.io/astronomer/astro-runtime:12.1.0-base', [
        { id: 'prod', astroRuntimeVersion: '12.0.0' },
      ]),
    );
    expect(facts).toMatchObject({
      runtimeVersion: '12.1.0',
      yanked: true,
      updateKind: 'minor',
      majorsBehind: 0,
      maintained: true,
      deploymentsInSync: false,
      downgradeBlocked: false,
    });
    expect(await checksFor(facts)).toEqual({
      astroRuntimeMaintained: true,
      astroRuntimeNotYanked: false,
      astroRuntimeAtMostOneMinorBehind: false, // 12.2, 12.3 are newer minors
      astroRuntimeDeploymentsInSync: false,
      astroRuntimeTagPinned: true,
    });
  });

  it('one minor behind passes "at most one minor behind"', async () => {
    const facts = statusToFacts(
      statusOf('quay.io/astronomer/astro-runtime:12.2.0'),
    );
    expect(facts).toMatchObject({ majorsBehind: 0, minorsBehind: 1 });
    expect((await checksFor(facts)).astroRuntimeAtMostOneMinorBehind).toBe(
      true,
    );
  });

  it('a floating Airflow 3 tag fails "tag pins a full version" and is not placed', async () => {
    const facts = statusToFacts(
      statusOf('astrocrpublic.azurecr.io/runtime:3.1'),
    );
    expect(facts).toMatchObject({ tagPinned: false, isLatest: false });
    expect(facts).not.toHaveProperty('minorsBehind');
    const results = await checksFor(facts);
    expect(results.astroRuntimeTagPinned).toBe(false);
    expect(results).not.toHaveProperty('astroRuntimeAtMostOneMinorBehind');
  });

  it('a legacy Astronomer Certified image is not maintained and cannot be placed', async () => {
    const facts = statusToFacts(
      statusOf('quay.io/astronomer/ap-airflow:2.3.0-5-onbuild'),
    );
    expect(facts).toMatchObject({
      runtimeLine: 'certified',
      maintained: false,
      isLatest: false,
    });
    expect(facts).not.toHaveProperty('minorsBehind');
    const results = await checksFor(facts);
    expect(results.astroRuntimeMaintained).toBe(false);
    expect(results).not.toHaveProperty('astroRuntimeAtMostOneMinorBehind');
  });

  it('an Airflow 3 project on the bundled catalog is maintained by the support policy', async () => {
    // the bundled catalog has no support dates for 3.1-12: its lifecycle
    // comes from the policy (at least until 2027-04-30)
    const at = (iso: string) =>
      assess({
        project: {
          dockerfile: 'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n',
        },
        catalog: getBundledCatalog(),
        now: new Date(iso),
      });
    const december = at('2026-12-02T00:00:00Z');
    expect(december.lifecycle).toMatchObject({
      state: 'maintained',
      basis: 'policy-lower-bound',
      endOfMaintenance: '2027-04-30',
    });
    const facts = statusToFacts(december);
    expect(facts).toMatchObject({
      runtimeVersion: '3.1-12',
      maintained: true,
      daysUntilEndOfMaintenance: 149,
    });
    expect((await checksFor(facts)).astroRuntimeMaintained).toBe(true);

    // past the lower bound the policy no longer says: no fact, the check is skipped
    const later = statusToFacts(at('2028-12-02T00:00:00Z'));
    expect(later).not.toHaveProperty('maintained');
    expect(await checksFor(later)).not.toHaveProperty('astroRuntimeMaintained');
  });

  it('a non-Astro Dockerfile gives no facts and so no check results', async () => {
    const facts = statusToFacts(statusOf('python:3.12-slim'));
    expect(facts).toBeUndefined();
    expect(await checksFor(facts)).toEqual({});
  });
});
