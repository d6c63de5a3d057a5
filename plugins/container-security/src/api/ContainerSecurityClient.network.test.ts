import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ContainerSecurityClient } from './ContainerSecurityClient';

const baseUrl = 'http://backstage.test/api/container-security';
const entity = {
  kind: 'component',
  namespace: 'default',
  name: 'payments api',
};

describe('ContainerSecurityClient network methods', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ContainerSecurityClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });

  it('fetches an entity’s network picture from its encoded path', async () => {
    server.use(
      http.get(
        `${baseUrl}/entities/default/component/payments%20api/network`,
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe(
            'Bearer user-token',
          );
          return HttpResponse.json({ entityRef: 'x', workloads: [] });
        },
      ),
    );
    await expect(client.getEntityNetwork(entity)).resolves.toEqual({
      entityRef: 'x',
      workloads: [],
    });
  });

  it('posts a what-if as JSON and raises the backend’s 400 message', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(
        `${baseUrl}/entities/default/component/payments%20api/network/what-if`,
        async ({ request }) => {
          expect(request.headers.get('content-type')).toBe('application/json');
          const body = (await request.json()) as { policy: string };
          bodies.push(body);
          if (body.policy === 'bad') {
            return HttpResponse.json(
              {
                error: {
                  name: 'InputError',
                  message: 'Invalid policy: line 1',
                },
                response: { statusCode: 400 },
              },
              { status: 400 },
            );
          }
          return HttpResponse.json({ applied: false });
        },
      ),
    );
    await expect(
      client.previewEntityNetworkPolicy(entity, { policy: 'kind: X' }),
    ).resolves.toEqual({ applied: false });
    await expect(
      client.previewEntityNetworkPolicy(entity, { policy: 'bad' }),
    ).rejects.toMatchObject({
      statusCode: 400,
      body: { error: { message: 'Invalid policy: line 1' } },
    });
    expect(bodies).toEqual([{ policy: 'kind: X' }, { policy: 'bad' }]);
  });
});
