import { astroRuntimeFactSchema, recordToFact, statusToFacts } from './facts';
import {
  floatingStatus,
  makeRecord,
  codeFinding,
  codeStatus,
  makeStatus,
  outdatedStatus,
  release,
  yankedStatus,
} from './__fixtures__/statuses';

describe('statusToFacts', () => {
  it('maps a healthy, up-to-date project', () => {
    expect(statusToFacts(makeStatus())).toEqual({
      runtimeVersion: '3.1-12',
      runtimeLine: 'airflow3',
      isLatest: true,
      updateKind: 'none',
      majorsBehind: 0,
      minorsBehind: 0,
      maintained: true,
      daysUntilEndOfMaintenance: 240,
      yanked: false,
      deploymentsInSync: true,
      downgradeBlocked: false,
      tagPinned: true,
      deploymentCount: 1,
      airflow3BlockingFindings: 0,
    });
  });

  it('maps an outdated project in basic support with a Deployment ahead', () => {
    expect(statusToFacts(outdatedStatus)).toEqual({
      runtimeVersion: '9.1.0',
      runtimeLine: 'airflow2',
      isLatest: false,
      updateKind: 'major',
      majorsBehind: 3,
      minorsBehind: 2,
      maintained: false,
      daysUntilEndOfMaintenance: -186,
      yanked: false,
      deploymentsInSync: false,
      downgradeBlocked: true,
      tagPinned: true,
      deploymentCount: 2,
      airflow3BlockingFindings: 0,
    });
  });

  it('maps a yanked Runtime with an unknown lifecycle and a pending deploy', () => {
    const facts = statusToFacts(yankedStatus)!;
    expect(facts.yanked).toBe(true);
    // unknown support dates: neither maintained nor unmaintained
    expect(facts).not.toHaveProperty('maintained');
    expect(facts).not.toHaveProperty('daysUntilEndOfMaintenance');
    expect(facts.deploymentsInSync).toBe(false);
    expect(facts.downgradeBlocked).toBe(false);
    expect(facts.tagPinned).toBe(true);
    expect(facts.isLatest).toBe(false);
    expect(facts.majorsBehind).toBe(0);
    expect(facts.minorsBehind).toBe(3);
    expect(facts.updateKind).toBe('minor');
  });

  it('maps a floating tag: not pinned, not latest, no placeholder counts', () => {
    const facts = statusToFacts(floatingStatus)!;
    expect(facts).toEqual({
      runtimeVersion: '3.1',
      runtimeLine: 'airflow3',
      isLatest: false,
      updateKind: 'none',
      yanked: false,
      deploymentsInSync: false,
      downgradeBlocked: false,
      tagPinned: false,
      deploymentCount: 1,
      airflow3BlockingFindings: 0,
    });
  });

  it('omits the counts of a certified image', () => {
    const facts = statusToFacts(
      makeStatus({
        runtime: {
          raw: '2.7.3-1',
          line: 'certified',
          version: '2.7.3-1',
          prerelease: false,
          floating: false,
          variants: [],
        },
        release: undefined,
        lifecycle: { state: 'unknown' },
        findings: [
          { id: 'certified-image', severity: 'error', message: 'legacy' },
        ],
        state: 'certified',
      }),
    )!;
    expect(facts.runtimeLine).toBe('certified');
    // legacy and unsupported per the certified-image finding
    expect(facts.maintained).toBe(false);
    expect(facts).not.toHaveProperty('majorsBehind');
    expect(facts).not.toHaveProperty('minorsBehind');
    expect(facts.isLatest).toBe(false);
  });

  it('treats a project without Deployments as in sync', () => {
    const facts = statusToFacts(makeStatus({ deployments: [] }))!;
    expect(facts.deploymentsInSync).toBe(true);
    expect(facts.downgradeBlocked).toBe(false);
    expect(facts.deploymentCount).toBe(0);
  });

  it('does not count a Deployment with an unknown Runtime as in sync', () => {
    const facts = statusToFacts(
      makeStatus({ deployments: [{ id: 'd', relation: 'unknown' }] }),
    )!;
    expect(facts.deploymentsInSync).toBe(false);
  });

  it('reads isLatest from latestInLine, not the latest overall', () => {
    // latest in its own line, while a newer line exists
    const status = makeStatus({
      runtime: {
        raw: '12.4.0',
        line: 'airflow2',
        version: '12.4.0',
        prerelease: false,
        floating: false,
        variants: [],
      },
      release: release('12.4.0'),
      latestInLine: release('12.4.0'),
      updateKind: 'line-change',
    });
    expect(statusToFacts(status)!.isLatest).toBe(true);
    expect(
      statusToFacts(makeStatus({ latestInLine: undefined }))!.isLatest,
    ).toBe(false);
    // a version newer than the catalog (no release entry) is not "latest"
    expect(
      statusToFacts(
        makeStatus({ release: undefined, state: 'unknown-version' }),
      )!.isLatest,
    ).toBe(false);
  });

  it('treats not-full-version findings and unrecognized tags as unpinned', () => {
    expect(
      statusToFacts(
        makeStatus({
          findings: [
            { id: 'not-full-version', severity: 'warning', message: '12' },
          ],
        }),
      )!.tagPinned,
    ).toBe(false);
    expect(
      statusToFacts(
        makeStatus({
          runtime: {
            ...makeStatus().runtime!,
            raw: 'foo',
            version: 'foo',
            unrecognized: true,
          },
          state: 'unknown-version',
        }),
      )!.tagPinned,
    ).toBe(false);
  });

  it('only treats the tag findings as unpinned', () => {
    const status = makeStatus({
      findings: [
        { id: 'end-of-maintenance-soon', severity: 'warning', message: 'soon' },
      ],
    });
    expect(statusToFacts(status)!.tagPinned).toBe(true);
  });

  it('emits no facts when the repo is not on Astro Runtime', () => {
    expect(
      statusToFacts(makeStatus({ runtime: undefined, state: 'not-astro' })),
    ).toBeUndefined();
  });

  it('emits exactly the facts of the schema, with matching types', () => {
    for (const status of [
      makeStatus(),
      outdatedStatus,
      yankedStatus,
      floatingStatus,
    ]) {
      const facts = statusToFacts(status)!;
      for (const [name, value] of Object.entries(facts)) {
        const def = astroRuntimeFactSchema[name];
        expect(def).toBeDefined();
        const actualType =
          typeof value === 'number' && Number.isInteger(value)
            ? 'integer'
            : typeof value;
        expect({ name, type: actualType }).toEqual({ name, type: def.type });
      }
    }
    // every schema entry except the optional one appears for a full status
    expect(Object.keys(statusToFacts(makeStatus())!).sort()).toEqual(
      Object.keys(astroRuntimeFactSchema).sort(),
    );
  });
});

describe('recordToFact', () => {
  it('attaches the facts to the entity of the record', () => {
    const fact = recordToFact(
      makeRecord('component:team-a/orders-pipeline', makeStatus()),
    );
    expect(fact?.entity).toEqual({
      kind: 'component',
      namespace: 'team-a',
      name: 'orders-pipeline',
    });
    expect(fact?.facts.runtimeVersion).toBe('3.1-12');
    expect(fact).not.toHaveProperty('timestamp');
  });

  it('keeps the last known good facts of a stale record', () => {
    const fact = recordToFact(
      makeRecord('component:default/a', outdatedStatus, {
        stale: true,
        error: { message: 'GitHub 502', at: '2025-02-04T00:00:00Z' },
      }),
    );
    expect(fact?.facts.runtimeVersion).toBe('9.1.0');
  });

  it('skips records never assessed', () => {
    expect(
      recordToFact(
        makeRecord('component:default/a', undefined, {
          error: { message: 'no Dockerfile', at: '2025-02-04T00:00:00Z' },
        }),
      ),
    ).toBeUndefined();
  });
});

describe('airflow3BlockingFindings', () => {
  it('counts the blocking findings of the code scan, and is absent without one', () => {
    expect(
      statusToFacts(
        makeStatus({
          code: codeStatus([
            codeFinding('AIR301'),
            codeFinding('AIR302', 2),
            codeFinding('AIR311', 3),
          ]),
        }),
      )!.airflow3BlockingFindings,
    ).toBe(2);
    expect(statusToFacts(makeStatus())!.airflow3BlockingFindings).toBe(0);
    expect(statusToFacts(makeStatus({ code: undefined }))!).not.toHaveProperty(
      'airflow3BlockingFindings',
    );
  });
});
