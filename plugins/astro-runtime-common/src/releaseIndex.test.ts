import { getBundledCatalog } from './catalog';
import {
  findRelease,
  indexCatalog,
  latestRelease,
  releaseIndex,
} from './releaseIndex';
import { runtimeVersionKey } from './tag';

describe('release index', () => {
  it('answers for a catalog edited in place (no index outlives an edit)', () => {
    const catalog = getBundledCatalog();
    const before = latestRelease(catalog, { line: 'airflow2' })!;
    expect(findRelease(catalog, '99.0.0')).toBeUndefined();
    catalog.releases.push({ ...before, version: '99.0.0' });
    expect(latestRelease(catalog, { line: 'airflow2' })?.version).toBe(
      '99.0.0',
    );
    expect(findRelease(catalog, '99.0.0')?.version).toBe('99.0.0');
    before.yanked = true;
    expect(findRelease(catalog, before.version)?.yanked).toBe(true);
  });

  it('indexCatalog: a frozen copy that carries its index', () => {
    const source = getBundledCatalog();
    const indexed = indexCatalog(source);
    expect(indexed).not.toBe(source);
    expect(Object.isFrozen(indexed)).toBe(true);
    expect(Object.isFrozen(indexed.releases[0])).toBe(true);
    expect(() => {
      (indexed.releases as unknown[]).push({});
    }).toThrow(TypeError);
    // the same index every time; indexing again returns the catalog itself
    expect(releaseIndex(indexed)).toBe(releaseIndex(indexed));
    expect(indexCatalog(indexed)).toBe(indexed);
    // the index is not part of the data: JSON and spreads leave it out
    expect(JSON.parse(JSON.stringify(indexed))).toEqual(
      JSON.parse(JSON.stringify(source)),
    );
    expect(releaseIndex({ ...indexed })).not.toBe(releaseIndex(indexed));
    // editing the source afterwards does not reach the copy
    source.releases.length = 0;
    expect(indexed.releases.length).toBeGreaterThan(0);
  });

  it('keyOf gives the keys runtimeVersionKey gives, for listed and other versions', () => {
    const index = releaseIndex(indexCatalog(getBundledCatalog()));
    for (const v of ['11.8.0', '3.1-1', '13.1.0-python-3.12-slim', '99.9.9']) {
      expect(index.keyOf(v)).toEqual(runtimeVersionKey(v));
    }
    expect(index.keyOf('latest')).toBeUndefined();
  });
});
