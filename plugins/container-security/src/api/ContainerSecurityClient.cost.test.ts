import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ContainerSecurityClient } from './ContainerSecurityClient';

const baseUrl = 'http://backstage.test/api/container-security';

describe('ContainerSecurityClient cost methods', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ContainerSecurityClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });

  it('fetches an entity’s cost from its encoded path with the user’s token', async () => {
    server.use(
      http.get(
        `${baseUrl}/entities/default/component/payments%20api/cost`,
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe(
            'Bearer user-token',
          );
          return HttpResponse.json({ entityRef: 'x', hints: [] });
        },
      ),
    );
    await expect(
      client.getEntityCost({
        kind: 'component',
        namespace: 'default',
        name: 'payments api',
      }),
    ).resolves.toEqual({ entityRef: 'x', hints: [] });
  });

  it('fetches the overview and raises the backend’s 403', async () => {
    server.use(
      http.get(`${baseUrl}/cost/overview`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: container-security.overview.read',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    await expect(client.getCostOverview()).rejects.toMatchObject({
      statusCode: 403,
      body: {
        error: { message: 'Not allowed: container-security.overview.read' },
      },
    });
  });
});
