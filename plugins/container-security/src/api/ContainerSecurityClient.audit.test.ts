import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ContainerSecurityClient } from './ContainerSecurityClient';

const baseUrl = 'http://backstage.test/api/container-security';

describe('ContainerSecurityClient audit methods', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ContainerSecurityClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });

  it('sends the filters of an entity’s timeline as query parameters, leaving out empty ones', async () => {
    const seen: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/entities/default/component/payments-api/audit`,
        ({ request }) => {
          expect(request.headers.get('authorization')).toBe(
            'Bearer user-token',
          );
          seen.push(new URL(request.url).search);
          return HttpResponse.json({ items: [] });
        },
      ),
    );
    await client.listEntityAuditEvents(
      { kind: 'component', namespace: 'default', name: 'payments-api' },
      {
        from: '2026-11-20T00:00:00.000Z',
        eventName: 'AttachRolePolicy',
        principal: 'a b&c',
        riskyOnly: true,
        errorsOnly: undefined,
        cursor: 'abc_-',
      },
    );
    expect(seen).toEqual([
      '?from=2026-11-20T00%3A00%3A00.000Z&eventName=AttachRolePolicy&principal=a+b%26c&riskyOnly=true&cursor=abc_-',
    ]);
  });

  it('lists risky events org-wide and raises the backend’s 403', async () => {
    server.use(
      http.get(`${baseUrl}/audit/risky`, () =>
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
    await expect(client.listRiskyAuditEvents()).rejects.toMatchObject({
      statusCode: 403,
    });
  });
});
