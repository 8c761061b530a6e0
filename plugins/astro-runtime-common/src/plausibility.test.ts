import { getBundledCatalog } from './catalog';
import {
  implausibleFeedReason,
  looksLikeDockerfile,
  MAX_DROPPED_SHARE,
} from './plausibility';
import type { ReleaseCatalog, RuntimeRelease } from './types';

describe('implausibleFeedReason', () => {
  const bundled = getBundledCatalog();
  const extra: RuntimeRelease = {
    ...bundled.releases[0],
    version: '99.0.0',
    line: 'airflow2',
  };
  const withReleases = (releases: RuntimeRelease[]): ReleaseCatalog => ({
    ...bundled,
    releases,
  });

  it('accepts the bundled snapshot itself', () => {
    expect(implausibleFeedReason(bundled, { bundled })).toBeUndefined();
  });

  it('refuses a feed without releases', () => {
    expect(implausibleFeedReason(withReleases([]), { bundled })).toMatch(
      /no Runtime releases/,
    );
  });

  it("counts the last good copy's extra versions as known", () => {
    const lastGood = withReleases([...bundled.releases, extra]);
    // one version of many left out is fine
    expect(
      implausibleFeedReason(bundled, { bundled, lastGood }),
    ).toBeUndefined();
    const many = bundled.releases.map((_, i) => ({
      ...extra,
      version: `98.0.${i}`,
    }));
    expect(
      implausibleFeedReason(bundled, {
        bundled,
        lastGood: withReleases([...bundled.releases, ...many]),
      }),
    ).toMatch(/leaves out \d+ of \d+ known versions \(more than 5%\)/);
  });

  it('allows up to MAX_DROPPED_SHARE of the known versions to be left out', () => {
    const newest = new Set(
      ['airflow2', 'airflow3'].map(
        line =>
          bundled.releases
            .filter(r => r.line === line && r.channel === 'stable')
            .map(r => r.version)
            .pop()!,
      ),
    );
    const droppable = bundled.releases.filter(r => !newest.has(r.version));
    const allowed = Math.floor(bundled.releases.length * MAX_DROPPED_SHARE);
    const dropIds = new Set(droppable.slice(0, allowed).map(r => r.version));
    expect(
      implausibleFeedReason(
        withReleases(bundled.releases.filter(r => !dropIds.has(r.version))),
        { bundled },
      ),
    ).toBeUndefined();
    const tooMany = new Set(
      droppable.slice(0, allowed + 1).map(r => r.version),
    );
    expect(
      implausibleFeedReason(
        withReleases(bundled.releases.filter(r => !tooMany.has(r.version))),
        { bundled },
      ),
    ).toMatch(/leaves out/);
  });

  it("refuses a feed whose newest stable release is older than the snapshot's", () => {
    const airflow3 = bundled.releases.filter(r => r.line === 'airflow3');
    expect(airflow3.length).toBeGreaterThan(0);
    // the feed's airflow3 releases are all pre-releases now
    const feed = withReleases(
      bundled.releases.map(r =>
        r.line === 'airflow3' ? { ...r, channel: 'beta' as const } : r,
      ),
    );
    expect(implausibleFeedReason(feed, { bundled })).toMatch(
      /lists no stable airflow3 release/,
    );
    const older = withReleases([
      ...bundled.releases.filter(r => r.line !== 'airflow3'),
      { ...airflow3[0], version: '3.0-1', channel: 'stable', yanked: false },
    ]);
    expect(implausibleFeedReason(older, { bundled, lastGood: older })).toMatch(
      /newest stable airflow3 release 3\.0-1 is older than the bundled snapshot's/,
    );
  });
});

describe('looksLikeDockerfile', () => {
  it.each([
    ['FROM quay.io/astronomer/astro-runtime:12.1.0\n', true],
    ['# syntax=docker/dockerfile:1\n  from astro-runtime:12.1.0\n', true],
    ['\uFEFFFROM astro-runtime:12.1.0', true],
    ['\tFROM\tastro-runtime:12.1.0', true],
    ['<!DOCTYPE html><html>FROM x</html>\nFROM y', false],
    ['\uFEFF  <html>\nFROM x\n', false],
    ['FROM x\n\0binary', false],
    ['RUN echo FROM x\n', false],
    ['FROMX\n', false],
    ['', false],
  ])('%j → %p', (text, expected) => {
    expect(looksLikeDockerfile(text)).toBe(expected);
  });
});
