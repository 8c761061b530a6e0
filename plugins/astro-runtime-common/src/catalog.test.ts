import {
  catalogToFeed,
  findRelease,
  getBundledCatalog,
  latestRelease,
  lifecycleFor,
  lifecycleForVersion,
  normalizeDate,
  parseReleaseFeed,
  releasesBetween,
} from './catalog';
import { AstroRuntimeError } from './errors';
import type { RuntimeRelease } from './types';

const feed = {
  runtimeVersions: {
    '12.4.0': {
      metadata: {
        airflowVersion: '2.10.2',
        channel: 'stable',
        releaseDate: '2024-10-03',
        pythonVersions: ['3.10', '3.11', '3.12'],
        defaultPythonVersion: '3.12',
        yanked: false,
        yankedReason: '',
        endOfMaintenance: '2026-02-28',
        endOfBasicSupport: '2027-02-28',
        someFutureField: { nested: true },
      },
      migrations: { airflowDatabase: false },
    },
    '12.5.0': {
      metadata: { channel: 'stable', yanked: 'true', yankedReason: 'broken' },
      migrations: { airflowDatabase: 'true' },
    },
    '12.6.0': { metadata: { channel: 'stable' } },
    '13.0.0-alpha1': { metadata: { channel: 'alpha' } },
    '13.0.0': { metadata: { channel: 'deprecated' } },
    '3.0-9': { metadata: { channel: 'stable' } }, // X.Y-N format in the V2 map: classified by format
    'not-a-version': { metadata: {} },
    '11.0.0-python-3.11': { metadata: {} }, // keys are bare tags: skipped
  },
  runtimeVersionsV3: {
    '3.1-12': {
      metadata: {
        airflowVersion: '3.1.3',
        channel: 'stable',
        releaseDate: '2025-11-20T10:00:00Z',
        endOfMaintenance: '2027-11',
      },
      migrations: { airflowDatabase: true },
    },
    '3.1-13': { metadata: { channel: 'beta' } },
    '3.0-1-nightly20250220': { metadata: { channel: 'alpha' } },
  },
  unknownTopLevel: 1,
};

describe('parseReleaseFeed', () => {
  const cat = parseReleaseFeed(JSON.stringify(feed), {
    location: 'https://mirror.example.com/feed',
    asOf: '2026-01-01T00:00:00Z',
  });

  it('reads both maps, sorted, tolerant of extra and missing fields', () => {
    expect(cat.releases.map(r => r.version)).toEqual([
      '12.4.0',
      '12.5.0',
      '12.6.0',
      '13.0.0-alpha1',
      '13.0.0',
      '3.0-1-nightly20250220',
      '3.0-9',
      '3.1-12',
      '3.1-13',
    ]);
    expect(cat.skipped).toEqual(['not-a-version', '11.0.0-python-3.11']);
    expect(cat.source).toBe('url');
    expect(cat.location).toBe('https://mirror.example.com/feed');
    expect(cat.asOf).toBe('2026-01-01T00:00:00Z');
  });

  it('coerces fields', () => {
    const r = findRelease(cat, '12.5.0')!;
    expect(r.yanked).toBe(true);
    expect(r.yankedReason).toBe('broken');
    expect(r.airflowDatabaseMigration).toBe(true);
    expect(findRelease(cat, '12.4.0')).toMatchObject({
      airflowVersion: '2.10.2',
      pythonVersions: ['3.10', '3.11', '3.12'],
      endOfMaintenance: '2026-02-28',
      airflowDatabaseMigration: false,
    });
    expect(findRelease(cat, '12.4.0')!.yankedReason).toBeUndefined();
    const v3 = findRelease(cat, '3.1-12')!;
    expect(v3).toMatchObject({
      line: 'airflow3',
      releaseDate: '2025-11-20',
      endOfMaintenance: '2027-11-30',
      airflowDatabaseMigration: true,
    });
    expect(findRelease(cat, '3.0-9')!.line).toBe('airflow3');
  });

  it('fills missing Airflow-2 lifecycle dates from the per-major facts', () => {
    expect(findRelease(cat, '12.6.0')).toMatchObject({
      endOfMaintenance: '2026-02-28',
      endOfBasicSupport: '2027-02-28',
    });
    const raw = parseReleaseFeed(feed, { fillLifecycle: false });
    expect(findRelease(raw, '12.6.0')!.endOfMaintenance).toBeUndefined();
  });

  it('accepts an object, the Platform API deployment-options shape and a BOM', () => {
    expect(parseReleaseFeed(feed).releases).toHaveLength(9);
    const opts = parseReleaseFeed({
      runtimeReleases: [
        {
          version: '13.1.0',
          airflowVersion: '2.11.0',
          channel: 'STABLE',
          releaseDate: '2025-06-01',
          airflowDatabaseMigration: 'true',
        },
        { version: '3.1-14', channel: 'stable' },
      ],
    });
    expect(
      opts.releases.map(r => [
        r.version,
        r.channel,
        r.airflowDatabaseMigration,
      ]),
    ).toEqual([
      ['13.1.0', 'stable', true],
      ['3.1-14', 'stable', 'unknown'],
    ]);
    expect(
      parseReleaseFeed(`\ufeff${JSON.stringify({ runtimeVersions: {} })}`)
        .releases,
    ).toEqual([]);
    expect(
      parseReleaseFeed('{"runtimeVersions":{}}', { location: '/tmp/feed.json' })
        .source,
    ).toBe('file');
  });

  it.each([
    ['not json', 'INVALID_FEED', 'not valid JSON'],
    ['[]', 'INVALID_FEED', 'JSON object'],
    ['null', 'INVALID_FEED', 'JSON object'],
    ['{"foo":1}', 'INVALID_FEED', 'runtimeVersions'],
    ['{"runtimeVersions":[1,2]}', 'INVALID_FEED', 'must be an object'],
    ['{"runtimeVersions":"x"}', 'INVALID_FEED', 'must be an object'],
    ['{"a":"\u0000"}', 'BINARY_INPUT', 'NUL'],
  ])('refuses %j', (input, code, message) => {
    expect(() => parseReleaseFeed(input)).toThrow(
      expect.objectContaining({
        code,
        message: expect.stringContaining(message),
      }),
    );
  });

  it('has a size limit', () => {
    const big = JSON.stringify({ runtimeVersions: {}, pad: 'x'.repeat(2000) });
    expect(() => parseReleaseFeed(big, { maxBytes: 1000 })).toThrow(
      expect.objectContaining({ code: 'TOO_LARGE' }),
    );
    expect(() =>
      parseReleaseFeed(
        `{"runtimeVersions":{},"p":"${'x'.repeat(5 * 1024 * 1024)}"}`,
      ),
    ).toThrow(AstroRuntimeError);
  });

  it('catalogToFeed is the inverse', () => {
    const again = parseReleaseFeed(catalogToFeed(cat), {
      source: 'url',
      location: cat.location,
      asOf: cat.asOf,
    });
    expect(again.releases).toEqual(cat.releases);
    const bundled = getBundledCatalog();
    expect(
      parseReleaseFeed(JSON.stringify(catalogToFeed(bundled)), {
        source: 'bundled',
        asOf: bundled.asOf,
      }).releases,
    ).toEqual(bundled.releases);
  });
});

describe('normalizeDate', () => {
  it.each([
    ['2026-02', '2026-02-28'],
    ['2024-02', '2024-02-29'],
    ['2025-10', '2025-10-31'],
    ['2025-06-12', '2025-06-12'],
    ['2025-06-12T23:00:00Z', '2025-06-12'],
    ['2025-13', undefined],
    ['2025-02-30', undefined],
    ['soon', undefined],
    [42, undefined],
  ])('%j → %j', (input, out) => expect(normalizeDate(input)).toBe(out));
});

describe('bundled catalog', () => {
  const cat = getBundledCatalog();
  it('has its as-of date and every version of the facts', () => {
    expect(cat.source).toBe('bundled');
    expect(cat.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(cat.releases.length).toBe(152);
    expect(cat.releases.filter(r => r.line === 'airflow3')).toHaveLength(17);
  });
  it('marks the known yanked versions', () => {
    const yanked = cat.releases.filter(r => r.yanked).map(r => r.version);
    expect(yanked).toEqual([
      '8.0.0',
      '9.0.0',
      '9.1.0',
      '9.2.0',
      '9.3.0',
      '9.4.0',
      '9.5.0',
      '9.6.0',
      '11.0.0',
      '11.1.0',
    ]);
    expect(findRelease(cat, '9.3.0')!.yankedReason).toBe(
      'significant scheduling performance issues',
    );
  });
  it('applies lifecycle dates per major', () => {
    expect(findRelease(cat, '12.1.0')).toMatchObject({
      endOfMaintenance: '2026-02-28',
      endOfBasicSupport: '2027-02-28',
    });
    expect(findRelease(cat, '11.8.0')).toMatchObject({
      endOfMaintenance: '2025-10-31',
      endOfBasicSupport: '2026-10-31',
    });
    expect(findRelease(cat, '7.6.0')).toMatchObject({
      endOfMaintenance: '2023-07-31',
    });
    expect(findRelease(cat, '7.6.0')!.endOfBasicSupport).toBeUndefined();
    expect(findRelease(cat, '3.0.4')).toMatchObject({
      endOfMaintenance: '2022-02-28',
    });
    expect(findRelease(cat, '3.1-12')!.endOfMaintenance).toBeUndefined();
  });
  it('returns a fresh copy', () => {
    const a = getBundledCatalog();
    a.releases[0].version = 'mutated';
    expect(getBundledCatalog().releases[0].version).toBe('3.0.0');
  });
});

describe('queries', () => {
  const cat = parseReleaseFeed(feed);
  const bundled = getBundledCatalog();
  it('latestRelease: stable, not yanked, not pre-release', () => {
    expect(latestRelease(cat)!.version).toBe('3.1-12');
    expect(latestRelease(cat, { line: 'airflow2' })!.version).toBe('12.6.0');
    expect(
      latestRelease(cat, { line: 'airflow2', includePrerelease: true })!
        .version,
    ).toBe('13.0.0-alpha1');
    expect(latestRelease(cat, { includePrerelease: true })!.version).toBe(
      '3.1-13',
    );
    expect(
      latestRelease(cat, { line: 'airflow3', major: 3, minor: 0 })!.version,
    ).toBe('3.0-9');
    expect(latestRelease(cat, { major: 99 })).toBeUndefined();
    expect(latestRelease(bundled)!.version).toBe('3.3-2');
    expect(latestRelease(bundled, { line: 'airflow2' })!.version).toBe(
      '13.1.0',
    );
    expect(
      latestRelease(bundled, { line: 'airflow2', major: 9 })!.version,
    ).toBe('9.17.0');
    expect(
      latestRelease(bundled, { line: 'airflow2', major: 9, minor: 10 })!
        .version,
    ).toBe('9.10.2');
    expect(
      latestRelease(bundled, { line: 'airflow2', major: 8, minor: 0 }),
    ).toBeUndefined(); // only 8.0.0, yanked
  });
  it('findRelease ignores variants', () => {
    expect(findRelease(bundled, '11.2.0-python-3.11-slim')!.version).toBe(
      '11.2.0',
    );
    expect(findRelease(bundled, '3.1')).toBeUndefined();
    expect(findRelease(bundled, '99.0.0')).toBeUndefined();
  });
  it('releasesBetween: exclusive from, inclusive to, sorted', () => {
    expect(
      releasesBetween(bundled, '11.6.0', '12.1.0').map(r => r.version),
    ).toEqual(['11.7.0', '11.8.0', '12.0.0', '12.1.0']);
    expect(
      releasesBetween(bundled, '13.0.0', '3.0-5').map(r => r.version),
    ).toEqual(['13.1.0', '3.0-2', '3.0-5']);
    expect(releasesBetween(bundled, '12.1.0', '11.0.0')).toEqual([]);
  });
  it('throws INVALID_INPUT for a non-catalog', () => {
    expect(() => latestRelease({} as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('lifecycleFor', () => {
  const r: RuntimeRelease = {
    version: '12.4.0',
    line: 'airflow2',
    channel: 'stable',
    yanked: false,
    airflowDatabaseMigration: false,
    endOfMaintenance: '2026-02-28',
    endOfBasicSupport: '2027-02-28',
  };
  it.each([
    ['2025-12-01T00:00:00Z', 'maintained', 89, 454],
    ['2026-02-28T23:59:59Z', 'maintained', 0, 365],
    ['2026-03-01T00:00:00Z', 'basic-support', -1, 364],
    ['2027-02-28T12:00:00Z', 'basic-support', -365, 0],
    ['2027-03-01T00:00:00Z', 'unsupported', -366, -1],
  ])('%s → %s', (now, state, dm, db) => {
    expect(lifecycleFor(r, new Date(now))).toEqual({
      state,
      basis: 'feed',
      endOfMaintenance: '2026-02-28',
      endOfBasicSupport: '2027-02-28',
      daysToEndOfMaintenance: dm,
      daysToEndOfBasicSupport: db,
    });
  });
  it('unknown without a release or dates', () => {
    expect(lifecycleFor(undefined, new Date())).toEqual({ state: 'unknown' });
    expect(
      lifecycleFor(
        { ...r, endOfMaintenance: undefined, endOfBasicSupport: undefined },
        new Date(),
      ).state,
    ).toBe('unknown');
    expect(
      lifecycleFor(
        { ...r, endOfBasicSupport: undefined },
        new Date('2026-03-01'),
      ).state,
    ).toBe('unsupported');
  });
  it("lifecycleForVersion uses the major's dates for a version missing from the catalog", () => {
    const lc = lifecycleForVersion(
      getBundledCatalog(),
      '12.7.0',
      new Date('2026-01-01'),
    );
    expect(lc).toMatchObject({
      state: 'maintained',
      endOfMaintenance: '2026-02-28',
      daysToEndOfMaintenance: 58,
    });
  });
});
