import { getBundledCatalog } from './catalog';
import {
  compareRuntimeVersions,
  isAstroRuntimeRepository,
  parseRuntimeTag,
  runtimeVersionKey,
} from './tag';

describe('parseRuntimeTag', () => {
  it.each([
    // tag, repository, expected
    [
      '12.4.0',
      undefined,
      {
        line: 'airflow2',
        version: '12.4.0',
        floating: false,
        prerelease: false,
        variants: [],
      },
    ],
    ['3.0.4', undefined, { line: 'airflow2', version: '3.0.4' }],
    ['3.0-1', undefined, { line: 'airflow3', version: '3.0-1' }],
    ['3.1-12', undefined, { line: 'airflow3', version: '3.1-12' }],
    ['3.1', undefined, { line: 'airflow3', version: '3.1', floating: true }],
    ['3', undefined, { line: 'airflow3', version: '3', floating: true }],
    ['12.4', undefined, { line: 'airflow2', version: '12.4', floating: true }],
    [
      '3.0-1-nightly20250220',
      undefined,
      { line: 'airflow3', version: '3.0-1-nightly20250220', prerelease: true },
    ],
    [
      '3.0-1-alpha2',
      undefined,
      { line: 'airflow3', version: '3.0-1-alpha2', prerelease: true },
    ],
    [
      '3.0-2-rc1-python-3.12',
      undefined,
      { version: '3.0-2-rc1', prerelease: true, python: '3.12' },
    ],
    [
      '11.0.0-python-3.11-slim-base',
      undefined,
      { version: '11.0.0', python: '3.11', variants: ['slim', 'base'] },
    ],
    [
      '11.20.0-ubi9-python-3.11-slim',
      undefined,
      { version: '11.20.0', python: '3.11', variants: ['ubi9', 'slim'] },
    ],
    [
      '9.7.0-python-3.11-base',
      undefined,
      { version: '9.7.0', python: '3.11', variants: ['base'] },
    ],
    ['5.0.6-base', undefined, { version: '5.0.6', variants: ['base'] }],
    [
      '3.1-12-python-3.12-base',
      undefined,
      {
        line: 'airflow3',
        version: '3.1-12',
        python: '3.12',
        variants: ['base'],
      },
    ],
    [
      '3.1',
      'astrocrpublic.azurecr.io/runtime',
      { line: 'airflow3', floating: true },
    ],
    [
      '12',
      'quay.io/astronomer/astro-runtime',
      { line: 'airflow2', floating: true },
    ],
    [
      '2.3.0-5-onbuild',
      'quay.io/astronomer/ap-airflow',
      { line: 'certified', version: '2.3.0-5', variants: ['onbuild'] },
    ],
    [
      '1.10.12-1-buster-onbuild',
      'astronomerinc/ap-airflow',
      {
        line: 'certified',
        version: '1.10.12-1',
        variants: ['buster', 'onbuild'],
      },
    ],
    [
      '2.2.3-ubuntu20.04',
      'astronomerinc/ap-airflow',
      { line: 'certified', version: '2.2.3', variants: ['ubuntu20.04'] },
    ],
    [
      '0.7.5-1.10.1-onbuild',
      'quay.io/astronomer/ap-airflow',
      { line: 'certified', version: '0.7.5-1.10.1', variants: ['onbuild'] },
    ],
    // Classified by format even when the number is the same as the other line's.
    [
      '3.0.0',
      'astrocrpublic.azurecr.io/runtime',
      { line: 'airflow2', version: '3.0.0' },
    ],
  ])('%s (%s)', (tag, repo, expected) => {
    expect(parseRuntimeTag(tag, repo)).toMatchObject({ raw: tag, ...expected });
  });

  it.each([
    'latest',
    '',
    'v12.4.0',
    '12.4.0--slim',
    '012.4.0',
    '12.4.0-python-3.11-python-3.12',
    'x'.repeat(200),
  ])('undefined for %j', tag => {
    expect(parseRuntimeTag(tag)).toBeUndefined();
  });
});

describe('isAstroRuntimeRepository', () => {
  it.each([
    ['quay.io', 'astronomer/astro-runtime', 'runtime'],
    ['astrocrpublic.azurecr.io', 'runtime', 'runtime'],
    ['QUAY.IO', 'astronomer/astro-runtime', 'runtime'],
    ['artifactory.example.com', 'quay/astronomer/astro-runtime', 'runtime'],
    ['harbor.example.com', 'proxy/astrocrpublic.azurecr.io/runtime', 'runtime'],
    [undefined, 'astronomer/astro-runtime', 'runtime'],
    ['quay.io', 'astronomer/ap-airflow', 'certified'],
    [undefined, 'astronomerinc/ap-airflow', 'certified'],
    ['docker.io', 'astronomerinc/ap-airflow', 'certified'],
    [undefined, 'python', undefined],
    ['example.com', 'runtime', undefined],
    ['quay.io', 'astronomer/astro-runtime-extra', undefined],
    ['quay.io', 'myastronomer/astro-runtime', undefined],
  ])('%s/%s → %s', (registry, repository, expected) => {
    expect(isAstroRuntimeRepository({ registry, repository })).toBe(expected);
  });
});

describe('compareRuntimeVersions', () => {
  // Ascending order; each adjacent pair must compare < 0.
  const ordered = [
    'latest', // unparseable: lowest
    '3.0.0',
    '3.0.4',
    '4.0.0',
    '9.0.0',
    '9.10.0',
    '12.0.0-rc1',
    '12.0.0',
    '12.4.0',
    '13.1.0',
    '0.1-1', // any X.Y-N is newer than any X.Y.Z
    '3.0-1-nightly20250220',
    '3.0-1',
    '3.0-2',
    '3.0-10',
    '3.1-1',
    '3.1-12',
  ];
  it.each(ordered.slice(1).map((v, i) => [ordered[i], v]))(
    '%s < %s',
    (a, b) => {
      expect(compareRuntimeVersions(a, b)).toBeLessThan(0);
      expect(compareRuntimeVersions(b, a)).toBeGreaterThan(0);
    },
  );
  it('sorts', () => {
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareRuntimeVersions)).toEqual(ordered);
  });
  it('ignores variants', () => {
    expect(compareRuntimeVersions('11.0.0-python-3.11-slim', '11.0.0')).toBe(0);
    expect(compareRuntimeVersions('3.1-12-base', '3.1-12')).toBe(0);
  });
  it('unparseable sorts lowest, and consistently', () => {
    expect(compareRuntimeVersions('3.1', '3.0.0')).toBeLessThan(0);
    expect(compareRuntimeVersions('junk', 'junk')).toBe(0);
    expect(Math.sign(compareRuntimeVersions('a', 'b'))).toBe(
      -Math.sign(compareRuntimeVersions('b', 'a')),
    );
  });
  it('runtimeVersionKey: a bare version and the same version with variants give one key', () => {
    const versions = getBundledCatalog().releases.map(r => r.version);
    expect(versions.length).toBeGreaterThan(100);
    for (const v of [...versions, '0.0.0', '999999999.0-1']) {
      const key = runtimeVersionKey(v);
      expect(key).toBeDefined();
      expect(runtimeVersionKey(`${v}-python-3.12-slim`)).toEqual(key);
    }
    for (const v of [
      '01.2.3',
      '3.1-012',
      '1234567890.0.0',
      '12.1',
      '12.1.0.1',
    ]) {
      expect(runtimeVersionKey(v)).toBeUndefined();
    }
  });
  it('runtimeVersionKey rewrites X.Y-N to X.Y.N', () => {
    expect(runtimeVersionKey('3.1-12')).toMatchObject({
      line: 'airflow3',
      major: 3,
      minor: 1,
      patch: 12,
    });
    expect(runtimeVersionKey('3.1-12')!.semver).toBe('3.1.12');
    expect(runtimeVersionKey('3.1')).toBeUndefined();
  });
});
