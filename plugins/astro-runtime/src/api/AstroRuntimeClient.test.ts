import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { AstroRuntimeClient } from './AstroRuntimeClient';

const baseUrl = 'http://localhost:7007/api/astro-runtime';

describe('AstroRuntimeClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const discoveryApi = {
    getBaseUrl: jest.fn(async (pluginId: string) =>
      pluginId === 'astro-runtime' ? baseUrl : 'http://wrong',
    ),
  };
  const fetchApi = {
    fetch: jest.fn((input: RequestInfo | URL, init?: RequestInit) =>
      fetch(input, {
        ...init,
        headers: { ...init?.headers, Authorization: 'Bearer user-token' },
      }),
    ),
  };
  const client = new AstroRuntimeClient({ discoveryApi, fetchApi });

  beforeEach(() => jest.clearAllMocks());

  it('gets the stored status of an entity through discovery and fetchApi', async () => {
    let seen: { url?: string; auth?: string | null } = {};
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/status`,
        ({ request, params }) => {
          seen = {
            url: request.url,
            auth: request.headers.get('authorization'),
          };
          return HttpResponse.json({
            entityRef: `${params.kind}:${params.namespace}/${params.name}`,
            stale: false,
          });
        },
      ),
    );
    const record = await client.getEntityStatus('component:default/orders');
    expect(record).toEqual({
      entityRef: 'component:default/orders',
      stale: false,
    });
    expect(seen.url).toBe(
      `${baseUrl}/entities/component/default/orders/status`,
    );
    expect(seen.auth).toBe('Bearer user-token');
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('astro-runtime');
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
  });

  it('accepts an entity object, encodes the ref and asks for a fresh assessment', async () => {
    let url = '';
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/status`,
        ({ request }) => {
          url = request.url;
          return HttpResponse.json({ entityRef: 'x', stale: false });
        },
      ),
    );
    await client.getEntityStatus(
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'a b', namespace: 'team-x' },
      },
      { fresh: true },
    );
    expect(url).toBe(
      `${baseUrl}/entities/component/team-x/a%20b/status?fresh=true`,
    );
  });

  it('defaults the kind to component and the namespace to default', async () => {
    let url = '';
    server.use(
      http.get(
        `${baseUrl}/entities/:kind/:namespace/:name/status`,
        ({ request }) => {
          url = request.url;
          return HttpResponse.json({ entityRef: 'x', stale: false });
        },
      ),
    );
    await client.getEntityStatus('orders');
    expect(url).toBe(`${baseUrl}/entities/component/default/orders/status`);
  });

  it.each([
    [404, 'NotFoundError', 'entity not found'],
    [422, 'InputError', 'not an Astro project'],
    [502, 'ServiceUnavailableError', 'GitHub answered 500'],
  ])(
    'throws a ResponseError with the backend reason on %s',
    async (status, name, message) => {
      server.use(
        http.get(`${baseUrl}/entities/:kind/:namespace/:name/status`, () =>
          HttpResponse.json(
            {
              error: { name, message },
              request: { method: 'GET', url: '/x' },
              response: { statusCode: status },
            },
            { status },
          ),
        ),
      );
      const error = await client
        .getEntityStatus('component:default/orders')
        .catch(e => e);
      expect(ResponseError.is(error)).toBe(true);
      expect(error.statusCode).toBe(status);
      expect(error.cause.name).toBe(name);
      expect(error.cause.message).toBe(message);
    },
  );

  it('lists statuses with filters, repeated values, cursor and limit', async () => {
    let params: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/statuses`, ({ request }) => {
        params = new URL(request.url).searchParams;
        return HttpResponse.json({ items: [], totalCount: 0 });
      }),
    );
    const result = await client.listStatuses({
      owner: 'group:default/data',
      state: ['minor-behind', 'major-behind'],
      line: 'airflow2',
      q: 'orders',
      cursor: 'abc',
      limit: 25,
    });
    expect(result).toEqual({ items: [], totalCount: 0 });
    expect(params?.get('owner')).toBe('group:default/data');
    expect(params?.getAll('state')).toEqual(['minor-behind', 'major-behind']);
    expect(params?.get('line')).toBe('airflow2');
    expect(params?.get('q')).toBe('orders');
    expect(params?.get('cursor')).toBe('abc');
    expect(params?.get('limit')).toBe('25');
  });

  it('lists the lean rows of the same page with view=rows', async () => {
    const seen: string[] = [];
    const row = {
      entityRef: 'component:default/orders',
      deployments: [],
      mustMoveToAirflow3: false,
      stale: false,
    };
    server.use(
      http.get(`${baseUrl}/statuses`, ({ request }) => {
        seen.push(new URL(request.url).search);
        return HttpResponse.json({ items: [row], totalCount: 1 });
      }),
    );
    const result = await client.listStatusRows({
      owner: ['group:default/data', 'group:default/ml'],
      mustMoveToAirflow3: true,
      cursor: 'abc',
      limit: 25,
    });
    expect(result).toEqual({ items: [row], totalCount: 1 });
    await client.listStatusRows();
    expect(seen).toEqual([
      '?owner=group%3Adefault%2Fdata&owner=group%3Adefault%2Fml&mustMoveToAirflow3=true&cursor=abc&limit=25&view=rows',
      '?view=rows',
    ]);
  });

  it('sends mustMoveToAirflow3=true only when the filter is on, to both reads', async () => {
    const seen: string[] = [];
    server.use(
      http.get(`${baseUrl}/statuses`, ({ request }) => {
        seen.push(new URL(request.url).search);
        return HttpResponse.json({ items: [], totalCount: 0 });
      }),
      http.get(`${baseUrl}/summary`, ({ request }) => {
        seen.push(new URL(request.url).search);
        return HttpResponse.json({ total: 0, byVersionState: [] });
      }),
    );
    await client.listStatuses({ mustMoveToAirflow3: true, limit: 2 });
    await client.listStatuses({ mustMoveToAirflow3: false });
    await client.getSummary({ mustMoveToAirflow3: true, days: 7 });
    await client.getSummary({ days: 7 });
    expect(seen).toEqual([
      '?mustMoveToAirflow3=true&limit=2',
      '',
      '?mustMoveToAirflow3=true&days=7',
      '?days=7',
    ]);
  });

  it('omits empty list parameters', async () => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/statuses`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({ items: [], totalCount: 0 });
      }),
    );
    await client.listStatuses({ owner: '', q: '' });
    expect(url).toBe(`${baseUrl}/statuses`);
  });

  it('gets the summary with the filters and days', async () => {
    let params: URLSearchParams | undefined;
    server.use(
      http.get(`${baseUrl}/summary`, ({ request }) => {
        params = new URL(request.url).searchParams;
        return HttpResponse.json({ total: 3, byVersionState: [] });
      }),
    );
    const summary = await client.getSummary({
      owner: 'group:default/data',
      state: ['minor-behind', 'yanked'],
      q: '',
      days: 30,
    });
    expect(summary.total).toBe(3);
    expect(params?.get('owner')).toBe('group:default/data');
    expect(params?.getAll('state')).toEqual(['minor-behind', 'yanked']);
    expect(params?.has('q')).toBe(false);
    expect(params?.get('days')).toBe('30');
  });

  it('gets the release catalog', async () => {
    server.use(
      http.get(`${baseUrl}/releases`, () =>
        HttpResponse.json({
          catalog: { source: 'bundled', asOf: '2025-01-01', releases: [] },
          ageSeconds: 42,
        }),
      ),
    );
    const releases = await client.getReleases();
    expect(releases.ageSeconds).toBe(42);
    expect(releases.catalog.source).toBe('bundled');
  });

  it('triggers a refresh with POST and reads its progress with GET', async () => {
    const methods: string[] = [];
    server.use(
      http.post(`${baseUrl}/refresh`, ({ request }) => {
        methods.push(request.method);
        return HttpResponse.json(
          { running: true, total: 10, done: 0, errors: 0, unchanged: 0 },
          { status: 202 },
        );
      }),
      http.get(`${baseUrl}/refresh`, ({ request }) => {
        methods.push(request.method);
        return HttpResponse.json({
          running: true,
          total: 10,
          done: 4,
          errors: 1,
          unchanged: 2,
        });
      }),
    );
    expect((await client.triggerRefresh()).running).toBe(true);
    expect((await client.getRefreshProgress()).done).toBe(4);
    expect(methods).toEqual(['POST', 'GET']);
  });

  it('surfaces a 403 on refresh as a ResponseError', async () => {
    server.use(
      http.post(`${baseUrl}/refresh`, () =>
        HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'admins only' } },
          { status: 403 },
        ),
      ),
    );
    await expect(client.triggerRefresh()).rejects.toMatchObject({
      statusCode: 403,
    });
  });

  it('gets history for a number of days', async () => {
    let url = '';
    server.use(
      http.get(`${baseUrl}/history`, ({ request }) => {
        url = request.url;
        return HttpResponse.json({
          points: [{ day: '2025-01-01', versions: { '12.4.0': 3 } }],
        });
      }),
    );
    const history = await client.getHistory({ days: 30 });
    expect(url).toBe(`${baseUrl}/history?days=30`);
    expect(history.points[0].versions['12.4.0']).toBe(3);
  });
});
