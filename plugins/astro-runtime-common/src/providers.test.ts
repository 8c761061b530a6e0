import {
  DEFAULT_PROVIDER_FREEZE_URL_TEMPLATE,
  getBundledProviders,
  normalizePackageName,
  parseProviderFreeze,
  pinProviders,
  providerFreezeUrl,
} from './providers';

describe('normalizePackageName (PEP 503)', () => {
  it.each([
    [
      'apache-airflow-providers-common-sql',
      'apache-airflow-providers-common-sql',
    ],
    [
      'Apache_Airflow.Providers__Common-SQL',
      'apache-airflow-providers-common-sql',
    ],
    ['a..b--c__d', 'a-b-c-d'],
  ])('%s', (a, b) => expect(normalizePackageName(a)).toBe(b));
});

describe('pinProviders', () => {
  const providers = [
    { name: 'apache-airflow-providers-celery', version: '3.15.2' },
    { name: 'apache-airflow-providers-common-sql', version: '1.30.4' },
    { name: 'apache-airflow-providers-smtp', version: '2.4.2' },
  ];

  it('appends missing pins, keeps existing lines, never duplicates (PEP 503)', () => {
    const text =
      '# my deps\nApache_Airflow_Providers.Common_SQL>=1.2  # keep\npandas==2.2.0\n';
    const r = pinProviders(text, providers);
    expect(r.text).toBe(
      '# my deps\nApache_Airflow_Providers.Common_SQL>=1.2  # keep\npandas==2.2.0\napache-airflow-providers-celery==3.15.2\napache-airflow-providers-smtp==2.4.2\n',
    );
    expect(r.added).toEqual([
      'apache-airflow-providers-celery',
      'apache-airflow-providers-smtp',
    ]);
    expect(r.kept).toEqual(['apache-airflow-providers-common-sql']);
  });

  it('keeps CRLF line endings and adds a missing final newline', () => {
    const r = pinProviders(
      'pandas==2.2.0\r\nrequests',
      [{ name: 'apache-airflow-providers-smtp', version: '2.4.2' }],
      { comment: 'pinned from Runtime 3.1-12' },
    );
    expect(r.text).toBe(
      'pandas==2.2.0\r\nrequests\r\n# pinned from Runtime 3.1-12\r\napache-airflow-providers-smtp==2.4.2\r\n',
    );
  });

  it('is idempotent and ignores commented-out, option and continuation lines', () => {
    const text =
      '# apache-airflow-providers-celery==1.0\n-r other.txt\n--index-url https://x\nfoo==1 \\\n    --hash=sha256:abc\n';
    const once = pinProviders(text, providers);
    expect(once.added).toHaveLength(3);
    const twice = pinProviders(once.text, providers);
    expect(twice.text).toBe(once.text);
    expect(twice.added).toEqual([]);
    expect(twice.kept).toHaveLength(3);
  });

  it('handles an empty file, extras and markers, and duplicate inputs', () => {
    expect(pinProviders('', [...providers, providers[0]]).text).toBe(
      'apache-airflow-providers-celery==3.15.2\napache-airflow-providers-common-sql==1.30.4\napache-airflow-providers-smtp==2.4.2\n',
    );
    expect(
      pinProviders(
        'apache-airflow-providers-celery[redis]==3.0 ; python_version>"3.8"\n',
        providers,
      ).kept,
    ).toEqual(['apache-airflow-providers-celery']);
  });

  it('refuses bad input with typed errors', () => {
    expect(() =>
      pinProviders('x', [{ name: 'bad name', version: '1' }]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_REQUIREMENTS' }));
    expect(() =>
      pinProviders('x', [{ name: 'ok', version: '1; rm -rf' }]),
    ).toThrow(expect.objectContaining({ code: 'INVALID_REQUIREMENTS' }));
    expect(() => pinProviders('\u0000', providers)).toThrow(
      expect.objectContaining({ code: 'BINARY_INPUT' }),
    );
    expect(() => pinProviders('', null as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
  });
});

describe('parseProviderFreeze', () => {
  it('keeps apache-airflow-providers-* pins', () => {
    const text = [
      '# constraints',
      'apache-airflow==2.10.2',
      'apache-airflow-providers-amazon==9.0.0',
      'Apache_Airflow_Providers_Celery==3.8.3',
      'apache-airflow-providers-common-sql===1.18.0 ; python_version >= "3.9"',
      'apache-airflow-providers-amazon==8.0.0',
      'apache-airflow-providers-local @ file:///tmp/x',
      'astronomer-providers-logging==1.6.4',
      'requests==2.32.3',
      '',
    ].join('\r\n');
    expect(parseProviderFreeze(text)).toEqual([
      { name: 'apache-airflow-providers-amazon', version: '9.0.0' },
      { name: 'apache-airflow-providers-celery', version: '3.8.3' },
      { name: 'apache-airflow-providers-common-sql', version: '1.18.0' },
    ]);
  });
});

describe('providerFreezeUrl', () => {
  it('fills {tag} and {python}', () => {
    expect(
      providerFreezeUrl(DEFAULT_PROVIDER_FREEZE_URL_TEMPLATE, {
        tag: '3.1-12',
        python: '3.12',
      }),
    ).toBe(
      'https://cdn.astronomer.io/runtime-freeze/runtime-3.1-12-python-3.12.txt',
    );
    expect(
      providerFreezeUrl('https://x/{tag}/{tag}-{python}-{airflow}', {
        tag: '12.4.0-slim',
        python: '3.12',
        airflow: '2.10.2',
      }),
    ).toBe('https://x/12.4.0/12.4.0-3.12-2.10.2');
  });
});

describe('getBundledProviders', () => {
  it('returns the facts for known Runtimes', () => {
    const p = getBundledProviders('3.1-12')!;
    expect(p).toHaveLength(9);
    expect(p).toContainEqual({
      name: 'apache-airflow-providers-common-sql',
      version: '1.30.4',
    });
    expect(getBundledProviders('3.3-2-python-3.12')).toHaveLength(9);
    expect(getBundledProviders('12.4.0')).toBeUndefined();
    expect(getBundledProviders('constructor')).toBeUndefined();
  });
});
