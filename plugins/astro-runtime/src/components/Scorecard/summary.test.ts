import {
  entityScorecardRows,
  outcomeOf,
  selectAstroRuntimeChecks,
  summarizeBulk,
} from './summary';
import {
  ASTRO_CHECK_IDS,
  CHECKS,
  bulkEntry,
  resultFor,
  resultsFor,
} from './__testUtils__/testData';

describe('selectAstroRuntimeChecks', () => {
  it('keeps the checks over astroRuntimeFactRetriever facts, in order', () => {
    expect(selectAstroRuntimeChecks(CHECKS).map(c => c.id)).toEqual(
      ASTRO_CHECK_IDS,
    );
  });

  it('takes exactly the given ids, in the given order, skipping unknown ones', () => {
    expect(
      selectAstroRuntimeChecks(CHECKS, [
        'astroRuntimeTagPinned',
        'nope',
        'groupOwnerCheck',
      ]).map(c => c.id),
    ).toEqual(['astroRuntimeTagPinned', 'groupOwnerCheck']);
  });
});

describe('outcomeOf / entityScorecardRows', () => {
  it('maps true to pass, anything else to fail, and a missing result to no-data', () => {
    expect(outcomeOf(resultFor('astroRuntimeNotYanked', true))).toBe('pass');
    expect(outcomeOf(resultFor('astroRuntimeNotYanked', false))).toBe('fail');
    expect(outcomeOf(undefined)).toBe('no-data');
  });

  it('gives one row per check, in the order of the checks', () => {
    const checks = selectAstroRuntimeChecks(CHECKS);
    const rows = entityScorecardRows(
      checks,
      resultsFor({
        astroRuntimeTagPinned: false,
        astroRuntimeMaintained: true,
      }),
    );
    expect(rows.map(r => [r.check.id, r.outcome])).toEqual([
      ['astroRuntimeMaintained', 'pass'],
      ['astroRuntimeNotYanked', 'no-data'],
      ['astroRuntimeAtMostOneMinorBehind', 'no-data'],
      ['astroRuntimeDeploymentsInSync', 'no-data'],
      ['astroRuntimeTagPinned', 'fail'],
    ]);
  });
});

describe('summarizeBulk', () => {
  const checks = selectAstroRuntimeChecks(CHECKS);
  const all = (pass: boolean) =>
    Object.fromEntries(ASTRO_CHECK_IDS.map(id => [id, pass]));

  it('computes pass rates over the entities each check was evaluated for', () => {
    const summary = summarizeBulk(checks, [
      bulkEntry('component:default/a', all(true)),
      bulkEntry('component:default/c', {
        ...all(true),
        astroRuntimeMaintained: false,
        astroRuntimeTagPinned: false,
      }),
      bulkEntry('component:default/b', {
        // floating tag: "at most one minor behind" has no result
        astroRuntimeMaintained: false,
        astroRuntimeNotYanked: true,
        astroRuntimeDeploymentsInSync: true,
        astroRuntimeTagPinned: false,
      }),
      // facts of other retrievers only
      { entity: 'component:default/other', results: [] },
      {
        entity: 'component:default/broken',
        results: [],
        error: { name: 'Error', message: 'db down' },
      },
    ]);
    const byId = Object.fromEntries(summary.checks.map(c => [c.check.id, c]));
    expect(summary.entities).toBe(3);
    expect(summary.entitiesPassingAll).toBe(1);
    expect(summary.errors).toEqual([
      { entity: 'component:default/broken', message: 'db down' },
    ]);
    expect(byId.astroRuntimeMaintained).toMatchObject({
      passed: 1,
      failed: 2,
      evaluated: 3,
      failing: ['component:default/b', 'component:default/c'],
    });
    expect(byId.astroRuntimeMaintained.rate).toBeCloseTo(1 / 3);
    expect(byId.astroRuntimeAtMostOneMinorBehind).toMatchObject({
      passed: 2,
      evaluated: 2,
      rate: 1,
      failing: [],
    });
    expect(byId.astroRuntimeNotYanked.rate).toBe(1);
    expect(summary.checks.map(c => c.check.id)).toEqual(ASTRO_CHECK_IDS);
  });

  it('has no rate for a check nothing was evaluated for', () => {
    const summary = summarizeBulk(checks, []);
    expect(summary.entities).toBe(0);
    expect(summary.checks.every(c => c.rate === undefined)).toBe(true);
  });

  it('ignores results of checks it was not asked about', () => {
    const summary = summarizeBulk(checks, [
      bulkEntry('component:default/a', { groupOwnerCheck: false }),
    ]);
    expect(summary.entities).toBe(0);
  });
});
