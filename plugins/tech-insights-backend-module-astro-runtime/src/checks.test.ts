/*
 * Runs the default checks in the real json-rules-engine fact checker of the
 * jsonfc module, over facts produced by statusToFacts from stored statuses.
 */
import type { RuntimeStatus } from '@backstage-astro/plugin-astro-runtime-common';
import {
  JsonRulesEngineFactCheckerFactory,
  type TechInsightJsonRuleCheck,
} from '@backstage-community/plugin-tech-insights-backend-module-jsonfc';
import type {
  FlatTechInsightFact,
  TechInsightsStore,
} from '@backstage-community/plugin-tech-insights-node';
import { mockServices } from '@backstage/backend-test-utils';
import {
  ASTRO_RUNTIME_CHECK_IDS,
  astroRuntimeChecks,
  astroRuntimeChecksConfig,
} from './checks';
import { statusToFacts } from './facts';
import { astroRuntimeFactRetriever } from './retriever';
import {
  codeFinding,
  codeStatus,
  floatingStatus,
  makeStatus,
  outdatedStatus,
  yankedStatus,
} from './__fixtures__/statuses';

/** A TechInsightsStore holding the latest facts of each entity (as the DB would). */
function storeWith(
  factsByEntity: Record<string, Record<string, unknown>>,
): TechInsightsStore {
  return {
    insertFacts: jest.fn(),
    insertFactSchema: jest.fn(),
    getEntities: jest.fn(),
    getFactsBetweenTimestampsByIds: jest.fn(),
    async getLatestSchemas(ids?: string[]) {
      return !ids || ids.includes(astroRuntimeFactRetriever.id)
        ? [astroRuntimeFactRetriever.schema]
        : [];
    },
    async getLatestFactsByIds(ids: string[], entity: string) {
      const facts = factsByEntity[entity];
      if (!facts || !ids.includes(astroRuntimeFactRetriever.id)) {
        return {};
      }
      const row = {
        id: astroRuntimeFactRetriever.id,
        entity: { kind: 'component', namespace: 'default', name: entity },
        facts,
      } as FlatTechInsightFact;
      return { [astroRuntimeFactRetriever.id]: row };
    },
  };
}

function checkerFor(factsByEntity: Record<string, Record<string, unknown>>) {
  return new JsonRulesEngineFactCheckerFactory({
    // the engine mutates rules (sets rule.name); give it copies
    checks: structuredClone(astroRuntimeChecks) as TechInsightJsonRuleCheck[],
    logger: mockServices.logger.mock(),
  }).construct(storeWith(factsByEntity));
}

/** Check id → result, for one status. */
async function run(
  status: RuntimeStatus,
): Promise<Record<string, boolean | undefined>> {
  const facts = statusToFacts(status);
  const checker = checkerFor(
    facts ? { 'component:default/p': { ...facts } } : {},
  );
  const results = await checker.runChecks('component:default/p');
  return Object.fromEntries(
    results.map(r => [r.check.id, r.result as boolean]),
  );
}

const ALL_PASS = Object.fromEntries(
  ASTRO_RUNTIME_CHECK_IDS.map(id => [id, true]),
);

describe('astroRuntimeChecks', () => {
  it('are valid json-rules-engine checks over the retriever facts', async () => {
    const checker = checkerFor({});
    for (const check of astroRuntimeChecks) {
      const validation = await checker.validate(
        structuredClone(check) as TechInsightJsonRuleCheck,
      );
      expect({ id: check.id, ...validation }).toEqual({
        id: check.id,
        valid: true,
      });
    }
    expect(astroRuntimeChecks.map(c => c.id)).toEqual([
      ...ASTRO_RUNTIME_CHECK_IDS,
    ]);
    expect((await checker.getChecks()).map(c => c.name)).toEqual([
      'On a maintained Runtime',
      'Not on a yanked Runtime',
      'At most one minor behind the latest in its line',
      'Deployments match the repo',
      'Tag pins a full version',
      'Ready for Airflow 3 (no blocking findings)',
    ]);
  });

  it('all pass for a maintained, latest, pinned project in sync', async () => {
    expect(await run(makeStatus())).toEqual(ALL_PASS);
  });

  it('fail for an outdated project in basic support with a Deployment ahead', async () => {
    expect(await run(outdatedStatus)).toEqual({
      astroRuntimeMaintained: false,
      astroRuntimeNotYanked: true,
      astroRuntimeAtMostOneMinorBehind: false,
      astroRuntimeDeploymentsInSync: false,
      astroRuntimeTagPinned: true,
      astroRuntimeAirflow3Ready: true,
    });
  });

  it('fail for a yanked Runtime three minors behind with a pending deploy', async () => {
    // its support dates are unknown: "on a maintained Runtime" is skipped
    expect(await run(yankedStatus)).toEqual({
      astroRuntimeNotYanked: false,
      astroRuntimeAtMostOneMinorBehind: false,
      astroRuntimeDeploymentsInSync: false,
      astroRuntimeTagPinned: true,
      astroRuntimeAirflow3Ready: true,
    });
  });

  it('skip "at most one minor behind" for a floating tag instead of passing it', async () => {
    expect(await run(floatingStatus)).toEqual({
      astroRuntimeNotYanked: true,
      astroRuntimeDeploymentsInSync: false,
      astroRuntimeTagPinned: false,
      astroRuntimeAirflow3Ready: true,
    });
  });

  describe('each check flips on its own fact', () => {
    it('"on a maintained Runtime": basic support and unsupported fail, unknown dates are skipped', async () => {
      for (const state of ['basic-support', 'unsupported'] as const) {
        expect(await run(makeStatus({ lifecycle: { state } }))).toEqual({
          ...ALL_PASS,
          astroRuntimeMaintained: false,
        });
      }
      const { astroRuntimeMaintained: _skipped, ...others } = ALL_PASS;
      expect(
        await run(makeStatus({ lifecycle: { state: 'unknown' } })),
      ).toEqual(others);
    });

    it('"not on a yanked Runtime"', async () => {
      expect(await run(makeStatus({ yanked: true }))).toEqual({
        ...ALL_PASS,
        astroRuntimeNotYanked: false,
      });
    });

    it('"at most one minor behind the latest in its line": boundaries', async () => {
      const at = (majorsBehind: number, minorsBehind: number) =>
        run(makeStatus({ majorsBehind, minorsBehind }));
      expect((await at(0, 0)).astroRuntimeAtMostOneMinorBehind).toBe(true);
      expect((await at(0, 1)).astroRuntimeAtMostOneMinorBehind).toBe(true);
      expect((await at(0, 2)).astroRuntimeAtMostOneMinorBehind).toBe(false);
      expect((await at(1, 0)).astroRuntimeAtMostOneMinorBehind).toBe(false);
      expect(await at(0, 2)).toEqual({
        ...ALL_PASS,
        astroRuntimeAtMostOneMinorBehind: false,
      });
    });

    it('"Deployments match the repo": pending deploy, downgrade, unknown fail; none passes', async () => {
      for (const relation of [
        'pending-deploy',
        'downgrade-blocked',
        'unknown',
      ] as const) {
        expect(
          await run(
            makeStatus({
              deployments: [
                { id: 'a', relation: 'in-sync' },
                { id: 'b', relation },
              ],
            }),
          ),
        ).toEqual({ ...ALL_PASS, astroRuntimeDeploymentsInSync: false });
      }
      expect(await run(makeStatus({ deployments: [] }))).toEqual(ALL_PASS);
    });

    it('"tag pins a full version": floating and partial tags fail', async () => {
      for (const id of ['floating-tag', 'not-full-version'] as const) {
        expect(
          await run(
            makeStatus({
              findings: [{ id, severity: 'warning', message: id }],
            }),
          ),
        ).toEqual({ ...ALL_PASS, astroRuntimeTagPinned: false });
      }
    });
  });

  it('"ready for Airflow 3": a blocking finding fails, advice passes, no scan is skipped', async () => {
    expect(
      await run(
        makeStatus({
          code: codeStatus([codeFinding('AIR311'), codeFinding('AIR312', 2)]),
        }),
      ),
    ).toEqual(ALL_PASS);
    for (const rule of ['AIR301', 'AIR302', 'AIR303']) {
      expect(
        await run(
          makeStatus({
            code: codeStatus([codeFinding('AIR311'), codeFinding(rule, 5)]),
          }),
        ),
      ).toEqual({ ...ALL_PASS, astroRuntimeAirflow3Ready: false });
    }
    const { astroRuntimeAirflow3Ready: _skipped, ...others } = ALL_PASS;
    expect(await run(makeStatus({ code: undefined }))).toEqual(others);
  });

  it('give no results for an entity without Astro Runtime facts', async () => {
    expect(await run(makeStatus({ runtime: undefined }))).toEqual({});
  });

  it('report the facts each result was computed from', async () => {
    const facts = statusToFacts(outdatedStatus)!;
    const results = await checkerFor({
      'component:default/p': { ...facts },
    }).runChecks('component:default/p', ['astroRuntimeAtMostOneMinorBehind']);
    expect(results).toHaveLength(1);
    expect(results[0].result).toBe(false);
    expect(results[0].check.name).toBe(
      'At most one minor behind the latest in its line',
    );
    expect(results[0].facts.majorsBehind?.value).toBe(3);
  });

  it('have a config form keyed by id', () => {
    const config = astroRuntimeChecksConfig();
    expect(Object.keys(config)).toEqual([...ASTRO_RUNTIME_CHECK_IDS]);
    expect(config.astroRuntimeTagPinned).toEqual({
      type: 'json-rules-engine',
      name: 'Tag pins a full version',
      description: expect.any(String),
      factIds: ['astroRuntimeFactRetriever'],
      rule: {
        conditions: {
          all: [{ fact: 'tagPinned', operator: 'equal', value: true }],
        },
      },
    });
  });
});
