import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ContainerSecurityClient } from './ContainerSecurityClient';

const baseUrl = 'http://backstage.test/api/container-security';

describe('ContainerSecurityClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ContainerSecurityClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });

  it('fetches an entity’s workloads with the user’s token and an encoded path', async () => {
    server.use(
      http.get(
        `${baseUrl}/entities/default/component/payments%20api/workloads`,
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe(
            'Bearer user-token',
          );
          return HttpResponse.json({
            entityRef: 'component:default/payments api',
            workloads: [],
            sources: [],
          });
        },
      ),
    );
    await expect(
      client.getEntityWorkloads({
        kind: 'component',
        namespace: 'default',
        name: 'payments api',
      }),
    ).resolves.toEqual({
      entityRef: 'component:default/payments api',
      workloads: [],
      sources: [],
    });
  });

  it('fetches an entity’s posture from its encoded path', async () => {
    const posture = {
      entityRef: 'component:team a/component/payments api',
      score: 72,
      grade: 'C',
      counts: { critical: 0, high: 1, medium: 1, low: 0, info: 0 },
      resources: [],
      trend: [],
      sources: [],
    };
    server.use(
      http.get(
        `${baseUrl}/entities/team%20a/component/payments%20api/posture`,
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe(
            'Bearer user-token',
          );
          return HttpResponse.json(posture);
        },
      ),
    );
    await expect(
      client.getEntityPosture({
        kind: 'component',
        namespace: 'team a',
        name: 'payments api',
      }),
    ).resolves.toEqual(posture);
  });

  it('raises the backend’s error for a failed posture request', async () => {
    server.use(
      http.get(`${baseUrl}/entities/default/component/x/posture`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No such entity' },
            request: {
              method: 'GET',
              url: '/entities/default/component/x/posture',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await expect(
      client.getEntityPosture({
        kind: 'component',
        namespace: 'default',
        name: 'x',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      body: { error: { message: 'No such entity' } },
    });
  });

  it('passes list filters as query parameters', async () => {
    server.use(
      http.get(`${baseUrl}/workloads`, ({ request }) => {
        const url = new URL(request.url);
        return HttpResponse.json({
          items: [],
          totalCount: Number(url.searchParams.get('limit')),
          sources: [{ namespace: url.searchParams.get('namespace') }],
        });
      }),
    );
    const res = await client.listWorkloads({
      namespace: 'payments',
      limit: 50,
    });
    expect(res.totalCount).toBe(50);
    expect(res.sources).toEqual([{ namespace: 'payments' }]);
  });

  it('raises the backend’s error message for non-2xx answers', async () => {
    server.use(
      http.post(`${baseUrl}/entities/default/component/x/refresh`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: container-security.entity.act',
            },
            request: {
              method: 'POST',
              url: '/entities/default/component/x/refresh',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await expect(
      client.refreshEntity({
        kind: 'component',
        namespace: 'default',
        name: 'x',
      }),
    ).rejects.toMatchObject({
      statusCode: 403,
      body: {
        error: { message: 'Not allowed: container-security.entity.act' },
      },
    });
  });
  const emptyScorecards = {
    entries: [],
    gradeDistribution: { A: 0, B: 0, C: 0, D: 0, F: 0 },
    topFailingChecks: [],
    groups: { owner: [], system: [], domain: [] },
    levels: [],
    campaigns: [],
  };

  it('fetches the scorecards without a query when there is no filter', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/scorecards`, ({ request }) => {
        expect(request.headers.get('authorization')).toBe('Bearer user-token');
        seen = new URL(request.url);
        return HttpResponse.json(emptyScorecards);
      }),
    );
    await expect(client.getScorecards()).resolves.toEqual(emptyScorecards);
    expect(seen?.search).toBe('');
  });

  it('passes the scorecard filters as encoded query parameters', async () => {
    let seen: URL | undefined;
    server.use(
      http.get(`${baseUrl}/scorecards`, ({ request }) => {
        seen = new URL(request.url);
        return HttpResponse.json(emptyScorecards);
      }),
    );
    await client.getScorecards({
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
      domain: undefined,
      kind: 'Component',
    });
    expect(Object.fromEntries(seen!.searchParams)).toEqual({
      owner: 'group:default/payments-team',
      system: 'system:default/payments',
      kind: 'Component',
    });
    expect(seen!.search).toContain('owner=group%3Adefault%2Fpayments-team');
  });

  it('raises the backend’s error for a failed scorecards request', async () => {
    server.use(
      http.get(`${baseUrl}/scorecards`, () =>
        HttpResponse.json(
          {
            error: { name: 'InputError', message: 'Invalid owner' },
            request: { method: 'GET', url: '/scorecards' },
            response: { statusCode: 400 },
          },
          { status: 400 },
        ),
      ),
    );
    await expect(client.getScorecards({ owner: 'x' })).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      body: { error: { message: 'Invalid owner' } },
    });
  });

  it('fetches an entity’s scorecard from its encoded path', async () => {
    const scorecard = {
      entityRef: 'system:default/payments',
      score: 81,
      grade: 'B',
      entries: [],
    };
    server.use(
      http.get(
        `${baseUrl}/entities/default/system/payments%20core/scorecard`,
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe(
            'Bearer user-token',
          );
          return HttpResponse.json(scorecard);
        },
      ),
    );
    await expect(
      client.getEntityScorecard({
        kind: 'system',
        namespace: 'default',
        name: 'payments core',
      }),
    ).resolves.toEqual(scorecard);
  });

  it('raises the backend’s error for a failed entity scorecard request', async () => {
    server.use(
      http.get(`${baseUrl}/entities/default/group/x/scorecard`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No such entity' },
            request: {
              method: 'GET',
              url: '/entities/default/group/x/scorecard',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await expect(
      client.getEntityScorecard({
        kind: 'group',
        namespace: 'default',
        name: 'x',
      }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 404 });
  });

  it('fetches an entity’s vulnerabilities from its encoded path', async () => {
    const vulnerabilities = {
      entityRef: 'component:team a/payments api',
      totals: { critical: 1, high: 0, medium: 0, low: 0, unknown: 0 },
      fixable: 1,
      images: [
        {
          image: 'registry/payments:1',
          workloads: ['Deployment/payments/payments-api'],
        },
      ],
    };
    server.use(
      http.get(
        `${baseUrl}/entities/team%20a/component/payments%20api/vulnerabilities`,
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe(
            'Bearer user-token',
          );
          return HttpResponse.json(vulnerabilities);
        },
      ),
    );
    await expect(
      client.getEntityVulnerabilities({
        kind: 'component',
        namespace: 'team a',
        name: 'payments api',
      }),
    ).resolves.toEqual(vulnerabilities);
  });

  it('raises the backend’s error for a failed vulnerabilities request', async () => {
    server.use(
      http.get(`${baseUrl}/entities/default/component/x/vulnerabilities`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No such entity' },
            request: {
              method: 'GET',
              url: '/entities/default/component/x/vulnerabilities',
            },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    await expect(
      client.getEntityVulnerabilities({
        kind: 'component',
        namespace: 'default',
        name: 'x',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      body: { error: { message: 'No such entity' } },
    });
  });
});
