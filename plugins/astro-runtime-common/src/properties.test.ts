/* Property bodies branch on the generated case by nature. */
/* eslint-disable jest/no-conditional-expect */
import fc from 'fast-check';
import { dockerfileArb, dockerfileishArb } from './__testUtils__/arbitraries';
import { assess } from './assess';
import {
  catalogToFeed,
  getBundledCatalog,
  latestRelease,
  parseReleaseFeed,
  releasesBetween,
} from './catalog';
import { considerationsFor } from './considerations';
import { parseDockerfile } from './dockerfile';
import { isAstroRuntimeError } from './errors';
import { parseProviderFreeze, pinProviders } from './providers';
import { renderUpgradePullRequest } from './pullRequest';
import { parseImageReference } from './reference';
import { compareRuntimeVersions, parseRuntimeTag } from './tag';
import { upgradeDockerfile, upgradeTargets } from './upgrade';

const catalog = getBundledCatalog();
const NOW = new Date('2025-06-01T00:00:00Z');
const RUNS = Number(process.env.ASTRO_RUNTIME_PROPERTY_RUNS ?? 300);

/** Runs fn; passes when it returns or throws an AstroRuntimeError, fails on anything else. */
function onlyTypedErrors(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (isAstroRuntimeError(e)) return true;
    throw new Error(
      `threw a non-AstroRuntimeError: ${(e as Error)?.stack ?? e}`,
    );
  }
}

describe('properties: generated Astro Dockerfiles', () => {
  it('parse finds the generated version and shape', () => {
    fc.assert(
      fc.property(dockerfileArb, g => {
        const b = parseDockerfile(g.text);
        expect(b.kind).toBe('astro');
        if (b.kind !== 'astro') return;
        expect(b.runtime.version).toBe(g.version);
        expect(b.runtime.line).toBe(g.line);
        expect(b.runtime.python).toBe(g.python);
        expect(b.runtime.variants).toEqual(g.variants);
        expect(b.stages).toBe(g.stages);
        expect(b.stage).toBe(g.stage);
        expect(b.image.digest !== undefined).toBe(g.digest);
        expect(g.text.slice(b.versionSpan!.start, b.versionSpan!.end)).toBe(
          g.version,
        );
        expect(b.arg !== undefined).toBe(g.viaArg);
      }),
      { numRuns: RUNS },
    );
  });

  it('upgrade then parse gives the target and every other field unchanged', () => {
    fc.assert(
      fc.property(dockerfileArb, g => {
        const before = parseDockerfile(g.text);
        const result = upgradeDockerfile(g.text, g.target, catalog);
        const after = parseDockerfile(result.text);
        if (before.kind !== 'astro' || after.kind !== 'astro')
          throw new Error('not astro');
        expect(after.runtime.version).toBe(g.target);
        expect(result.changed).toBe(true);
        const lineChange =
          before.runtime.line === 'airflow2' &&
          after.runtime.line === 'airflow3';
        expect(after.image.digest).toBeUndefined();
        expect(after.runtime.variants).toEqual(before.runtime.variants);
        expect(after.runtime.python).toBe(before.runtime.python); // 3.10+ is valid for Airflow 3
        expect(after.stage).toBe(before.stage);
        expect(after.stages).toBe(before.stages);
        expect(after.from.line).toBe(before.from.line);
        expect(after.arg?.name).toBe(before.arg?.name);
        expect(after.arg?.line).toBe(before.arg?.line);
        if (!lineChange || !before.image.registry?.startsWith('quay.io')) {
          expect(after.image.registry).toBe(before.image.registry);
          expect(after.image.repository).toBe(before.image.repository);
        } else {
          expect(`${after.image.registry}/${after.image.repository}`).toBe(
            'astrocrpublic.azurecr.io/runtime',
          );
        }
        // Every byte outside the edited spans is unchanged.
        if (!before.digestSpan && !lineChange) {
          const vs = before.versionSpan!;
          expect(result.text).toBe(
            g.text.slice(0, vs.start) + g.target + g.text.slice(vs.end),
          );
        }
        // Line count (and line endings) unchanged.
        expect(result.text.split('\n').length).toBe(g.text.split('\n').length);
        expect(result.text.split('\r\n').length).toBe(
          g.text.split('\r\n').length,
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('upgrading twice equals upgrading once to the later target', () => {
    fc.assert(
      fc.property(dockerfileArb, g => {
        const mid = releasesBetween(catalog, g.version, g.target).filter(
          r =>
            !r.yanked &&
            (r.line === 'airflow2' || compareVersionsOk(g.version)),
        );
        fc.pre(mid.length > 1);
        const step = mid[0].version;
        const once = upgradeDockerfile(g.text, g.target, catalog).text;
        const twice = upgradeDockerfile(
          upgradeDockerfile(g.text, step, catalog).text,
          g.target,
          catalog,
        ).text;
        expect(twice).toBe(once);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('downgrading is always refused', () => {
    fc.assert(
      fc.property(dockerfileArb, g => {
        const up = upgradeDockerfile(g.text, g.target, catalog).text;
        expect(() =>
          upgradeDockerfile(up, g.version, catalog, { force: true }),
        ).toThrow(expect.objectContaining({ code: 'DOWNGRADE' }));
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});

function compareVersionsOk(v: string): boolean {
  return compareRuntimeVersions(v, '12.0.0') >= 0;
}

describe('properties: no input throws anything but AstroRuntimeError', () => {
  const otherCatalog = parseReleaseFeed(catalogToFeed(catalog));
  it('Dockerfile functions', () => {
    fc.assert(
      fc.property(
        dockerfileishArb,
        fc.constantFrom('13.1.0', '3.1-12', '12.0.0', 'junk', '3.1', ''),
        (text, target) => {
          onlyTypedErrors(() => parseDockerfile(text));
          onlyTypedErrors(() =>
            upgradeDockerfile(text, target, catalog, { force: true }),
          );
          onlyTypedErrors(() => upgradeDockerfile(text, target, otherCatalog));
          const s = assess({
            project: { dockerfile: text },
            deployments: [{ id: 'x', astroRuntimeVersion: target }],
            catalog,
            now: NOW,
          });
          expect(typeof s.state).toBe('string');
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('string functions', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 80 }),
        fc.string({ maxLength: 80 }),
        (a, b) => {
          onlyTypedErrors(() => parseImageReference(a));
          onlyTypedErrors(() => parseRuntimeTag(a, b));
          const c = compareRuntimeVersions(a, b);
          expect(Math.sign(c)).toBe(
            -Math.sign(compareRuntimeVersions(b, a)) || 0,
          );
          onlyTypedErrors(() => considerationsFor(a, b, catalog));
          onlyTypedErrors(() => upgradeTargets(catalog, a));
          onlyTypedErrors(() =>
            renderUpgradePullRequest({ from: a, to: b, considerations: [] }),
          );
          onlyTypedErrors(() => pinProviders(a, [{ name: b, version: a }]));
          onlyTypedErrors(() => parseProviderFreeze(a));
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('feed parser on arbitrary JSON and text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.json(),
          fc.string(),
          fc.record({
            runtimeVersions: fc.dictionary(
              fc.constantFrom('12.4.0', '3.1-12', 'x', '13.0.0'),
              fc.jsonValue(),
            ),
            runtimeVersionsV3: fc.oneof(
              fc.jsonValue(),
              fc.dictionary(fc.string(), fc.jsonValue()),
            ),
          }),
          fc.anything(),
        ),
        input => {
          expect(
            onlyTypedErrors(() => {
              const cat = parseReleaseFeed(input);
              latestRelease(cat);
              assess({
                project: {
                  dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
                },
                deployments: [],
                catalog: cat,
                now: NOW,
              });
              parseReleaseFeed(catalogToFeed(cat));
            }),
          ).toBe(true);
        },
      ),
      { numRuns: RUNS * 2 },
    );
  });

  it('comparison is a total order on versions', () => {
    const versions = fc.oneof(
      fc.constantFrom(...catalog.releases.map(r => r.version)),
      fc.constantFrom(
        'latest',
        '3.1',
        'junk',
        '3.0-1-nightly20250220',
        '12.0.0-rc1',
      ),
    );
    fc.assert(
      fc.property(versions, versions, versions, (a, b, c) => {
        if (
          compareRuntimeVersions(a, b) <= 0 &&
          compareRuntimeVersions(b, c) <= 0
        ) {
          expect(compareRuntimeVersions(a, c)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
