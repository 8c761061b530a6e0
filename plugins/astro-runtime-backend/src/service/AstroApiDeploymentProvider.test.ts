import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import { mockServices } from '@backstage/backend-test-utils';
import { parseDeployment as toDeploymentInfo } from '@backstage-astro/plugin-astro-runtime-common';
import { AstroApiDeploymentProvider } from './AstroApiDeploymentProvider';
import { parseRetryAfter } from './http';
import { hugeBody, MB } from '../__testUtils__/hugeBody';

const BASE = 'https://api.astro.test/v1';
const TOKEN = 'astro-secret-token-1234567890';
const server = setupServer();

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function apiDeployment(
  id: string,
  version: string,
  extra: Record<string, unknown> = {},
) {
  return {
    id,
    name: `name of ${id}`,
    workspaceId: 'ws-1',
    workspaceName: 'Data',
    astroRuntimeVersion: version,
    runtimeVersion: version,
    airflowVersion: '2.10.2',
    status: 'HEALTHY',
    webServerUrl: `org.astronomer.run/${id}`,
    updatedAt: '2025-06-01T00:00:00Z',
    // fields the plugin does not use must not matter
    schedulerReplicas: 1,
    workerQueues: [{ name: 'default' }],
    ...extra,
  };
}

function provider(
  options: Partial<
    ConstructorParameters<typeof AstroApiDeploymentProvider>[0]
  > = {},
) {
  return new AstroApiDeploymentProvider({
    baseUrl: BASE,
    token: TOKEN,
    organizationId: 'org-1',
    timeoutMs: 500,
    maxRetries: 2,
    backoffMs: 10,
    logger: mockServices.logger.mock(),
    ...options,
  });
}

describe('AstroApiDeploymentProvider', () => {
  it('gets one Deployment with the bearer token and maps its fields', async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        `${BASE}/organizations/org-1/deployments/dep-1`,
        ({ request }) => {
          seen.push(request.headers.get('authorization') ?? '');
          return HttpResponse.json(apiDeployment('dep-1', '12.4.0'));
        },
      ),
    );
    await expect(provider().getDeployments(['dep-1'], {})).resolves.toEqual([
      {
        id: 'dep-1',
        name: 'name of dep-1',
        workspaceId: 'ws-1',
        workspaceName: 'Data',
        astroRuntimeVersion: '12.4.0',
        airflowVersion: '2.10.2',
        status: 'HEALTHY',
        uiUrl: 'https://org.astronomer.run/dep-1',
        updatedAt: '2025-06-01T00:00:00Z',
      },
    ]);
    expect(seen).toEqual([`Bearer ${TOKEN}`]);
  });

  it('uses the deprecated runtimeVersion when astroRuntimeVersion is absent', () => {
    expect(
      toDeploymentInfo({
        id: 'd',
        runtimeVersion: '9.1.0',
        astroRuntimeVersion: '',
      })?.astroRuntimeVersion,
    ).toBe('9.1.0');
    expect(toDeploymentInfo({ name: 'no id' })).toBeUndefined();
    expect(toDeploymentInfo('junk')).toBeUndefined();
  });

  it('batches several ids through the list endpoint, following pages', async () => {
    const urls: URL[] = [];
    server.use(
      http.get(`${BASE}/organizations/org-2/deployments`, ({ request }) => {
        const url = new URL(request.url);
        urls.push(url);
        const ids = url.searchParams.get('deploymentIds')!.split(',');
        const offset = Number(url.searchParams.get('offset'));
        // the API answers at most 2 per page, and knows only dep-a..dep-c
        const known = ids.filter(id =>
          ['dep-a', 'dep-b', 'dep-c'].includes(id),
        );
        return HttpResponse.json({
          deployments: known
            .slice(offset, offset + 2)
            .map(id => apiDeployment(id, '13.0.0')),
          totalCount: known.length,
          offset,
          limit: 2,
        });
      }),
    );
    const result = await provider({ batchSize: 3 }).getDeployments(
      ['dep-a', 'dep-b', 'dep-c', 'dep-missing', 'dep-a'],
      { organizationId: 'org-2' },
    );
    expect(result.map(d => d.id).sort()).toEqual(['dep-a', 'dep-b', 'dep-c']);
    // batch 1 (a,b,c): two pages; batch 2 (missing): one page
    expect(
      urls.map(u => [
        u.searchParams.get('deploymentIds'),
        u.searchParams.get('offset'),
      ]),
    ).toEqual([
      ['dep-a,dep-b,dep-c', '0'],
      ['dep-a,dep-b,dep-c', '2'],
      ['dep-missing', '0'],
    ]);
  });

  it('treats a 404 for a single Deployment as unknown (left out)', async () => {
    server.use(
      http.get(`${BASE}/organizations/org-1/deployments/dep-gone`, () =>
        HttpResponse.json(
          { message: 'deployment not found', statusCode: 404 },
          { status: 404 },
        ),
      ),
    );
    await expect(provider().getDeployments(['dep-gone'], {})).resolves.toEqual(
      [],
    );
  });

  it('names the organization on a 404 of the list endpoint', async () => {
    server.use(
      http.get(`${BASE}/organizations/org-nope/deployments`, () =>
        HttpResponse.json(
          { message: 'organization not found', requestId: 'r-1' },
          { status: 404 },
        ),
      ),
    );
    await expect(
      provider().getDeployments(['a', 'b'], { organizationId: 'org-nope' }),
    ).rejects.toThrow(
      /Deployments a, b in organization org-nope not found \(404\).*organization not found \(requestId r-1\)/,
    );
  });

  it('reports 401 and 403 clearly without the token, and does not retry them', async () => {
    let calls = 0;
    server.use(
      http.get(
        `${BASE}/organizations/org-1/deployments/dep-1`,
        ({ request }) => {
          calls++;
          // a hostile upstream echoing the credentials back
          return HttpResponse.json(
            { message: `bad token ${request.headers.get('authorization')}` },
            { status: 401 },
          );
        },
      ),
      http.get(`${BASE}/organizations/org-1/deployments/dep-2`, () =>
        HttpResponse.json({ message: 'forbidden' }, { status: 403 }),
      ),
    );
    const error = await provider()
      .getDeployments(['dep-1'], {})
      .catch(e => e);
    expect(error.message).toMatch(
      /Astro API rejected the credentials \(401\) reading Deployment dep-1 in organization org-1/,
    );
    expect(error.message).not.toContain(TOKEN);
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(error.statusCode).toBe(502);
    expect(calls).toBe(1);
    await expect(provider().getDeployments(['dep-2'], {})).rejects.toThrow(
      /denied access \(403\) to Deployment dep-2 in organization org-1/,
    );
  });

  it('retries 429 after the Retry-After delay', async () => {
    const times: number[] = [];
    server.use(
      http.get(`${BASE}/organizations/org-1/deployments/dep-1`, () => {
        times.push(Date.now());
        if (times.length === 1) {
          return HttpResponse.json(
            { message: 'slow down' },
            { status: 429, headers: { 'Retry-After': '1' } },
          );
        }
        return HttpResponse.json(apiDeployment('dep-1', '12.4.0'));
      }),
    );
    const result = await provider().getDeployments(['dep-1'], {});
    expect(result[0].astroRuntimeVersion).toBe('12.4.0');
    expect(times).toHaveLength(2);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After is longer than it will wait', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/organizations/org-1/deployments/dep-1`, () => {
        calls++;
        return new HttpResponse(null, {
          status: 429,
          headers: { 'Retry-After': '3600' },
        });
      }),
    );
    await expect(provider().getDeployments(['dep-1'], {})).rejects.toThrow(
      /rate limited \(429\).*Retry-After 3600 s is longer than 30 s/,
    );
    expect(calls).toBe(1);
  });

  it('retries 5xx with backoff, then reports the last failure', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/organizations/org-1/deployments/dep-1`, () => {
        calls++;
        return HttpResponse.json({ message: 'internal' }, { status: 503 });
      }),
    );
    await expect(
      provider({ maxRetries: 2 }).getDeployments(['dep-1'], {}),
    ).rejects.toThrow(
      /Astro API answered 503: internal reading Deployment dep-1/,
    );
    expect(calls).toBe(3);
  });

  it('times out slow answers and retries them', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/organizations/org-1/deployments/dep-1`, async () => {
        calls++;
        if (calls < 3) {
          await delay(2000);
        }
        return HttpResponse.json(apiDeployment('dep-1', '11.8.0'));
      }),
    );
    const started = Date.now();
    const result = await provider({
      timeoutMs: 150,
      maxRetries: 3,
    }).getDeployments(['dep-1'], {});
    expect(result[0].astroRuntimeVersion).toBe('11.8.0');
    expect(calls).toBe(3);
    expect(Date.now() - started).toBeLessThan(1500);

    calls = -100;
    await expect(
      provider({ timeoutMs: 100, maxRetries: 1 }).getDeployments(['dep-1'], {}),
    ).rejects.toThrow(
      /Astro API timed out after 100 ms reading Deployment dep-1 in organization org-1/,
    );
  });

  it('reports malformed JSON and unexpected bodies', async () => {
    server.use(
      http.get(
        `${BASE}/organizations/org-1/deployments/dep-1`,
        () =>
          new HttpResponse('{"id": "dep-1", oops', {
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
      http.get(`${BASE}/organizations/org-1/deployments`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await expect(provider().getDeployments(['dep-1'], {})).rejects.toThrow(
      /Astro API returned malformed JSON for Deployment dep-1 in organization org-1/,
    );
    await expect(provider().getDeployments(['x', 'y'], {})).rejects.toThrow(
      /unexpected body .* no deployments array/,
    );
  });

  it('stops paging at the page cap instead of following a huge totalCount', async () => {
    let requests = 0;
    server.use(
      http.get(`${BASE}/organizations/org-1/deployments`, ({ request }) => {
        requests++;
        const offset = Number(new URL(request.url).searchParams.get('offset'));
        // never the ids asked for, one filler per page, a million in total
        return HttpResponse.json({
          deployments: [apiDeployment(`other-${offset}`, '12.4.0')],
          totalCount: 1_000_000,
        });
      }),
    );
    await expect(
      provider({ maxPages: 5 }).getDeployments(['a', 'b'], {}),
    ).rejects.toMatchObject({
      code: 'astro-api-too-many-pages',
      message: expect.stringMatching(/kept paging past 5 pages/),
    });
    expect(requests).toBe(5);

    // the ids asked for arrive on page 1: the total is not followed at all
    requests = 0;
    server.use(
      http.get(`${BASE}/organizations/org-1/deployments`, () => {
        requests++;
        return HttpResponse.json({
          deployments: [
            apiDeployment('a', '12.4.0'),
            apiDeployment('b', '12.4.0'),
          ],
          totalCount: 1_000_000,
        });
      }),
    );
    const found = await provider().getDeployments(['a', 'b'], {});
    expect(found.map(d => d.id)).toEqual(['a', 'b']);
    expect(requests).toBe(1);
  });

  it('refuses an endless body without reading it whole', async () => {
    const body = hugeBody(100 * MB, ' ');
    server.use(
      http.get(
        `${BASE}/organizations/org-1/deployments/dep-1`,
        () =>
          new HttpResponse(body.stream, {
            headers: { 'Content-Type': 'application/json' },
          }),
      ),
    );
    await expect(
      provider({ maxRetries: 0, timeoutMs: 30_000 }).getDeployments(
        ['dep-1'],
        {},
      ),
    ).rejects.toMatchObject({ code: 'astro-api-too-large' });
    expect(body.stats.pulled).toBeLessThan(12 * MB);
  });

  it('needs an organization', async () => {
    await expect(
      provider({ organizationId: undefined }).getDeployments(['dep-1'], {}),
    ).rejects.toThrow(/No Astro organization for Deployment\(s\) dep-1/);
  });

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('2', 0)).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
