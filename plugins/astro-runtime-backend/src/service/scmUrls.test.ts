import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  isPlainlyUnder,
  isUnder,
  MAX_REMEMBERED_URLS,
  ScmUrlResolver,
} from './scmUrls';

const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({
    integrations: {
      github: [
        { host: 'github.com' },
        {
          host: 'ghe.example.com',
          apiBaseUrl: 'https://ghe.example.com/api/v3',
        },
      ],
      gitlab: [
        {
          host: 'gitlab.example.com',
          apiBaseUrl: 'https://gitlab.example.com/api/v4',
        },
      ],
      azure: [{ host: 'dev.azure.com' }],
      bitbucketServer: [
        {
          host: 'bitbucket.example.com',
          apiBaseUrl: 'https://bitbucket.example.com/rest/api/1.0',
        },
      ],
    },
  }),
);

const bases = [
  'https://github.com/acme/dags/tree/main/',
  'https://github.com/acme/dags/tree/main/projects/etl/',
  'https://github.com/acme/dags/blob/main/projects/etl/catalog-info.yaml',
  'https://ghe.example.com/acme/dags/tree/release-1/',
  'https://gitlab.example.com/group/sub/dags/-/tree/main/airflow/',
  'https://dev.azure.com/acme/proj/_git/dags?path=/airflow&version=GBmain',
  'https://bitbucket.example.com/projects/ACME/repos/dags/browse/airflow/',
  'https://unknown.example.org/acme/dags/tree/main/',
];
const relatives = [
  'Dockerfile',
  'requirements.txt',
  'etl/Dockerfile',
  'a%20b/Dockerfile',
  '',
];

describe('ScmUrlResolver', () => {
  it.each(bases.flatMap(b => relatives.map(r => [b, r] as const)))(
    'resolves %s + %s as ScmIntegrations.resolveUrl does',
    (base, relative) => {
      const resolver = new ScmUrlResolver(integrations);
      const url = relative ? `./${relative}` : './';
      expect(resolver.resolve(url, base)).toBe(
        integrations.resolveUrl({ url, base }),
      );
      expect(resolver.resolve('/Dockerfile', base)).toBe(
        integrations.resolveUrl({ url: '/Dockerfile', base }),
      );
    },
  );

  it('looks up the integration of a host once', () => {
    const spy = jest.spyOn(integrations, 'byUrl');
    const resolver = new ScmUrlResolver(integrations);
    for (let i = 0; i < 50; i++) {
      resolver.under(
        `https://github.com/acme/repo-${i}/tree/main/`,
        'Dockerfile',
      );
    }
    resolver.under('https://gitlab.example.com/g/r/-/tree/main/', 'Dockerfile');
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  it('answers the URL under the base folder, or undefined outside it', () => {
    const resolver = new ScmUrlResolver(integrations);
    const base = 'https://github.com/acme/dags/tree/main/projects/etl/';
    expect(resolver.under(base, 'Dockerfile')).toBe(
      'https://github.com/acme/dags/tree/main/projects/etl/Dockerfile',
    );
    expect(resolver.under(base, '')).toBe(base);
    // callers check segments first; the resolver still refuses what escapes
    expect(resolver.under(base, '../other/Dockerfile')).toBeUndefined();
    expect(resolver.under(base, '%2e%2e/other/Dockerfile')).toBeUndefined();
    expect(
      resolver.under('https://github.com/acme/dags/tree/main/', 'x/../../y'),
    ).toBeUndefined();
  });
});

describe('ScmUrlResolver.under memory', () => {
  it('answers a remembered path without resolving it again, and forgets the least recently used', () => {
    const resolver = new ScmUrlResolver(integrations);
    const spy = jest.spyOn(resolver, 'resolve');
    const base = (i: number) => `https://github.com/acme/repo-${i}/tree/main/`;
    expect(resolver.under(base(0), 'Dockerfile')).toBe(`${base(0)}Dockerfile`);
    expect(resolver.under(base(0), '../x')).toBeUndefined();
    // each file once, and the folder once for both
    expect(spy).toHaveBeenCalledTimes(3);
    expect(resolver.under(base(0), 'Dockerfile')).toBe(`${base(0)}Dockerfile`);
    expect(resolver.under(base(0), '../x')).toBeUndefined();
    expect(spy).toHaveBeenCalledTimes(3);
    for (let i = 1; i <= MAX_REMEMBERED_URLS; i++) {
      resolver.under(base(i), 'Dockerfile');
    }
    spy.mockClear();
    // the first entries were used least recently: resolved anew
    resolver.under(base(0), '../x');
    expect(spy).toHaveBeenCalledTimes(2);
    // a recent one is still remembered
    resolver.under(base(MAX_REMEMBERED_URLS), 'Dockerfile');
    expect(spy).toHaveBeenCalledTimes(2);
  });
});

describe('isPlainlyUnder', () => {
  const folders = [
    'https://github.com/acme/dags/tree/main/projects/etl/',
    'https://github.com/acme/dags/tree/main/a/../',
    'https://ghe.example.com:8443/acme/dags/tree/main/',
    'http://host/',
    'https://github.com/acme/dags/tree/main/etl?x=1/',
    'https://github.com/acme/dags/tree/main/etl',
    'file:///srv/repos/dags/',
    'github.com/acme/',
  ];
  const pieces = [
    'a',
    '/',
    '.',
    '..',
    '%2e',
    '%2E',
    '?',
    '#',
    '\\',
    '\t',
    'b.txt',
    '%20',
  ];

  /** Every sequence of up to `n` pieces. */
  function* rests(n: number): Generator<string> {
    yield '';
    if (n === 0) return;
    for (const r of rests(n - 1)) {
      for (const p of pieces) yield r + p;
    }
  }

  it('never says "under" where parsing the URLs says otherwise (every path of up to 4 tricky pieces)', () => {
    let plain = 0;
    const wrong: string[] = [];
    for (const folder of folders) {
      for (const rest of new Set(rests(4))) {
        const url = folder + rest;
        if (isPlainlyUnder(url, folder)) {
          plain++;
          if (!isUnder(url, folder)) wrong.push(`${url} (folder ${folder})`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // and it does answer for plain paths (the point of it)
    expect(plain).toBeGreaterThan(1000);
  });

  it.each([
    [
      'https://github.com/a/b/tree/main/etl/Dockerfile',
      'https://github.com/a/b/tree/main/etl/',
      true,
    ],
    [
      'https://github.com/a/b/tree/main/etl/',
      'https://github.com/a/b/tree/main/etl/',
      true,
    ],
    [
      'https://github.com/a/b/tree/main/etl/../x',
      'https://github.com/a/b/tree/main/etl/',
      false,
    ],
    [
      'https://github.com/a/b/tree/main/etl/%2E%2E/x',
      'https://github.com/a/b/tree/main/etl/',
      false,
    ],
    [
      'https://github.com/a/b/tree/main/etlx/Dockerfile',
      'https://github.com/a/b/tree/main/etl',
      false,
    ],
    [
      'https://github.com/a/b/tree/main/etl/x',
      'https://github.com/a/b/tree/main/etl/?',
      false,
    ],
  ])('%s under %s: %p', (url, folder, expected) => {
    expect(isPlainlyUnder(url, folder)).toBe(expected);
  });
});
