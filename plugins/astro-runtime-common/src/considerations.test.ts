import { getBundledCatalog, parseReleaseFeed } from './catalog';
import {
  considerationRules,
  considerationsFor,
  databaseMigrationFor,
} from './considerations';
import { compareRuntimeVersions } from './tag';

const bundled = getBundledCatalog();
const ids = (from: string | undefined, to: string, catalog = bundled) =>
  considerationsFor(from, to, catalog).map(c => c.id);

/*
 * One row per rule: a path that crosses it, and a path just beside it that
 * does not.
 */
const rules: Array<{
  id: string;
  crossing: [string, string];
  notCrossing: [string, string];
  version?: string;
}> = [
  {
    id: 'runtime-5-db-migration',
    crossing: ['4.2.9', '5.0.0'],
    notCrossing: ['5.0.0', '5.5.0'],
    version: '5.0.0',
  },
  {
    id: 'runtime-6-smart-sensors-removed',
    crossing: ['5.5.0', '6.0.0'],
    notCrossing: ['6.0.0', '6.10.0'],
    version: '6.0.0',
  },
  {
    id: 'runtime-8-0-yanked',
    crossing: ['7.6.0', '8.1.0'],
    notCrossing: ['8.1.0', '8.10.0'],
    version: '8.0.0',
  },
  {
    id: 'runtime-8-python-3.10',
    crossing: ['7.6.0', '8.1.0'],
    notCrossing: ['6.0.0', '7.6.0'],
    version: '8.0.0',
  },
  {
    id: 'runtime-8-providers-not-preinstalled',
    crossing: ['7.6.0', '8.1.0'],
    notCrossing: ['8.1.0', '8.3.0'],
    version: '8.0.0',
  },
  {
    id: 'runtime-8.4-cncf-kubernetes-7',
    crossing: ['8.3.0', '8.4.0'],
    notCrossing: ['8.4.0', '8.10.0'],
    version: '8.4.0',
  },
  {
    id: 'runtime-9-yanked',
    crossing: ['8.10.0', '9.7.0'],
    notCrossing: ['9.7.0', '9.17.0'],
    version: '9.0.0',
  },
  {
    id: 'runtime-9-python-3.11',
    crossing: ['8.10.0', '9.7.0'],
    notCrossing: ['9.7.0', '10.0.0'],
    version: '9.0.0',
  },
  {
    id: 'runtime-9-test-connection-disabled',
    crossing: ['8.10.0', '9.7.0'],
    notCrossing: ['7.0.0', '8.10.0'],
    version: '9.0.0',
  },
  {
    id: 'runtime-9-python-3.7-dropped',
    crossing: ['8.10.0', '9.7.0'],
    notCrossing: ['9.8.0', '9.9.0'],
    version: '9.0.0',
  },
  {
    id: 'runtime-9-db-migrate-command',
    crossing: ['8.10.0', '9.7.0'],
    notCrossing: ['9.8.0', '11.2.0'],
    version: '9.0.0',
  },
  {
    id: 'runtime-11-yanked',
    crossing: ['10.9.0', '11.2.0'],
    notCrossing: ['11.2.0', '11.8.0'],
    version: '11.0.0',
  },
  {
    id: 'runtime-12-airflow3-minimum',
    crossing: ['11.8.0', '12.0.0'],
    notCrossing: ['12.0.0', '13.1.0'],
    version: '12.0.0',
  },
  {
    id: 'airflow3-requires-runtime-12',
    crossing: ['11.8.0', '3.1-12'],
    notCrossing: ['12.0.0', '3.1-12'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-via-runtime-13',
    crossing: ['12.9.0', '3.1-12'],
    notCrossing: ['13.0.0', '3.1-12'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-new-image',
    crossing: ['13.1.0', '3.0-2'],
    notCrossing: ['3.0-2', '3.1-12'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-removed-features',
    crossing: ['13.1.0', '3.1-12'],
    notCrossing: ['3.0-2', '3.3-2'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-context-keys-removed',
    crossing: ['13.1.0', '3.1-12'],
    notCrossing: ['12.1.0', '13.1.0'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-no-direct-db-access',
    crossing: ['13.1.0', '3.1-12'],
    notCrossing: ['12.1.0', '13.1.0'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-assets',
    crossing: ['13.1.0', '3.1-12'],
    notCrossing: ['12.1.0', '13.1.0'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-rest-api-v2',
    crossing: ['13.1.0', '3.1-12'],
    notCrossing: ['12.1.0', '13.1.0'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-xcom-pickling',
    crossing: ['13.1.0', '3.1-12'],
    notCrossing: ['12.1.0', '13.1.0'],
    version: '3.0-2',
  },
  {
    id: 'airflow3-ruff-air30',
    crossing: ['13.1.0', '3.1-12'],
    notCrossing: ['12.1.0', '13.1.0'],
    version: '3.0-2',
  },
  {
    id: 'pin-providers',
    crossing: ['12.9.0', '13.0.0'],
    notCrossing: ['12.1.0', '12.9.0'],
    version: '13.0.0',
  },
  {
    id: 'full-version-tag',
    crossing: ['3.1', '3.1-12'],
    notCrossing: ['3.1-11', '3.1-12'],
  },
  {
    id: 'no-downgrade',
    crossing: ['12.1.0', '12.1.1'],
    notCrossing: ['12.1.1', '12.1.0'],
  },
];

describe('considerationRules', () => {
  it('every rule is tested here and ids are unique', () => {
    expect(considerationRules.map(r => r.id).sort()).toEqual(
      rules.map(r => r.id).sort(),
    );
    expect(new Set(considerationRules.map(r => r.id)).size).toBe(
      considerationRules.length,
    );
  });
  it('every rule has a title, detail, severity and doc link', () => {
    for (const r of considerationRules) {
      expect(r.title.length).toBeGreaterThan(5);
      expect(r.detail.length).toBeGreaterThan(20);
      expect(['info', 'warning', 'error']).toContain(r.severity);
      expect(r.docUrl).toMatch(/^https:\/\//);
    }
  });
});

describe.each(rules)('$id', ({ id, crossing, notCrossing, version }) => {
  it(`applies to ${crossing.join(' → ')}`, () => {
    const found = considerationsFor(crossing[0], crossing[1], bundled).find(
      c => c.id === id,
    );
    expect(found).toBeDefined();
    // Rules tied to no version (full-version-tag, no-downgrade) carry none.
    expect(found?.version).toBe(version);
  });
  it(`does not apply to ${notCrossing.join(' → ')}`, () => {
    expect(ids(notCrossing[0], notCrossing[1])).not.toContain(id);
  });
});

describe('considerationsFor', () => {
  it('returns every rule crossed on a long path, ordered by version', () => {
    const list = considerationsFor('4.2.9', '3.1-12', bundled);
    const versions = list.map(c => c.version).filter((v): v is string => !!v);
    expect([...versions].sort(compareRuntimeVersions)).toEqual(versions);
    // Versionless rules come last.
    const firstVersionless = list.findIndex(c => !c.version);
    expect(list.slice(firstVersionless).every(c => !c.version)).toBe(true);
    expect(list.map(c => c.id)).toEqual(
      expect.arrayContaining([
        'runtime-5-db-migration',
        'runtime-6-smart-sensors-removed',
        'runtime-8-providers-not-preinstalled',
        'runtime-9-yanked',
        'runtime-11-yanked',
        'runtime-12-airflow3-minimum',
        'airflow3-requires-runtime-12',
        'airflow3-removed-features',
        'database-migration-6.0.0',
        'no-downgrade',
      ]),
    );
    // The DB migration in 5.0.0 is told once, by its rule.
    expect(
      list.filter(c => c.version === '5.0.0' && /migration/.test(c.id)),
    ).toHaveLength(1);
  });

  it('adds a database-migration consideration per crossed release that migrates', () => {
    const cat = parseReleaseFeed({
      runtimeVersions: { '13.1.0': {} },
      runtimeVersionsV3: {
        '3.1-11': { migrations: { airflowDatabase: 'true' } },
        '3.1-12': { migrations: { airflowDatabase: false } },
        '3.1-13': { migrations: { airflowDatabase: true } },
      },
    });
    const list = considerationsFor('3.1-10', '3.1-13', cat).filter(c =>
      c.id.startsWith('database-migration'),
    );
    expect(list.map(c => c.version)).toEqual(['3.1-11', '3.1-13']);
    expect(list[0].detail).toMatch(/maintenance window/);
    expect(list[0].severity).toBe('warning');
    expect(
      considerationsFor('3.1-11', '3.1-12', cat).filter(c =>
        c.id.startsWith('database-migration'),
      ),
    ).toEqual([]);
  });

  it('is empty for no path, and version-independent only for an unknown start', () => {
    expect(considerationsFor('13.1.0', '12.1.0', bundled)).toEqual([]);
    expect(considerationsFor('13.1.0', 'latest', bundled)).toEqual([]);
    expect(ids('latest', '13.1.0')).toEqual([
      'full-version-tag',
      'no-downgrade',
    ]);
    expect(ids(undefined, '13.1.0')).toEqual([
      'full-version-tag',
      'no-downgrade',
    ]);
  });

  it('works without a catalog (no DB-migration rows)', () => {
    expect(considerationsFor('8.10.0', '9.7.0').map(c => c.id)).toContain(
      'runtime-9-yanked',
    );
  });
});

describe('consideration texts', () => {
  const rule = (id: string) => considerationRules.find(r => r.id === id)!;

  it('lists exactly the context keys Airflow 3 removed', () => {
    const detail = rule('airflow3-context-keys-removed').detail;
    const keys = Array.from(detail.matchAll(/`([a-z_]+)`/g), m => m[1]);
    const removed = keys.slice(0, keys.indexOf('yesterday_ds_nodash') + 1);
    expect(removed).toEqual([
      'conf',
      'execution_date',
      'next_ds',
      'next_ds_nodash',
      'next_execution_date',
      'prev_ds',
      'prev_ds_nodash',
      'prev_execution_date',
      'prev_execution_date_success',
      'tomorrow_ds',
      'yesterday_ds',
      'yesterday_ds_nodash',
    ]);
    expect(detail).not.toMatch(/templates_dict/);
  });

  it('dates the `airflow db init/upgrade` removal right', () => {
    const detail = rule('runtime-9-db-migrate-command').detail;
    expect(detail).toMatch(/deprecated since Airflow 2\.7/);
    expect(detail).toMatch(/removed in Airflow 3\.0/);
  });

  it('"No way back" says a deploy with an older image is refused', () => {
    const detail = rule('no-downgrade').detail;
    expect(detail).toMatch(/deploy with an older image is refused/);
    expect(detail).not.toMatch(/never supported/);
  });

  it('does not tell a move to Airflow 3 to pin Airflow 2 providers', () => {
    expect(ids('12.4.0', '3.3-2')).not.toContain('pin-providers');
    expect(ids('12.4.0', '13.1.0')).toContain('pin-providers');
  });
});

describe('database migrations: true, false or unknown', () => {
  const migrations = (from: string, to: string, catalog = bundled) =>
    considerationsFor(from, to, catalog)
      .filter(c => c.id.startsWith('database-migration-'))
      .map(c => c.version);

  it('a step into Airflow 3 and each new Airflow 3 minor migrates unless the data says otherwise', () => {
    expect(migrations('12.4.0', '3.3-2')).toEqual([
      '3.0-2',
      '3.1-3',
      '3.2-6',
      '3.3-1',
    ]);
    const detail = considerationsFor('3.2-6', '3.3-2', bundled).find(
      c => c.id === 'database-migration-3.3-1',
    )!.detail;
    expect(detail).toMatch(
      /migrates the metadata database.*expect downtime on large databases/,
    );
    expect(databaseMigrationFor('3.2-6', '3.3-2', bundled)).toBe(true);
  });

  it('builds within one Airflow minor are unknown offline, not "false"', () => {
    expect(migrations('3.3-1', '3.3-2')).toEqual([]);
    expect(databaseMigrationFor('3.3-1', '3.3-2', bundled)).toBe('unknown');
  });

  it('the feed decides when it says', () => {
    const cat = parseReleaseFeed({
      runtimeVersionsV3: {
        '3.1-12': { migrations: { airflowDatabase: false } },
        '3.2-1': { migrations: { airflowDatabase: false } },
        '3.2-2': { migrations: { airflowDatabase: false } },
      },
    });
    expect(migrations('3.1-12', '3.2-2', cat)).toEqual([]);
    expect(databaseMigrationFor('3.1-12', '3.2-2', cat)).toBe(false);
    const unknown = parseReleaseFeed({
      runtimeVersionsV3: { '3.1-12': {}, '3.2-1': {} },
    });
    expect(migrations('3.1-12', '3.2-1', unknown)).toEqual(['3.2-1']);
  });
});
