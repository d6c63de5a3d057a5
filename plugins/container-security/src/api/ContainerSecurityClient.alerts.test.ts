import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ContainerSecurityClient } from './ContainerSecurityClient';

const baseUrl = 'http://backstage.test/api/container-security';
const entity = {
  kind: 'component',
  namespace: 'default',
  name: 'cart-service',
};
const alerts = `${baseUrl}/entities/default/component/cart-service/alerts`;

describe('ContainerSecurityClient alerts', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ContainerSecurityClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });

  it('sends list filters as repeated parameters, rule names with commas intact', async () => {
    let query: URLSearchParams | undefined;
    server.use(
      http.get(alerts, ({ request }) => {
        query = new URL(request.url).searchParams;
        return HttpResponse.json({ entityRef: 'x', items: [], canAct: true });
      }),
    );
    await client.listEntityAlerts(entity, {
      priority: ['Critical', 'Alert'],
      rule: ['Read sensitive file, untrusted'],
      tags: [],
      container: '',
      cursor: 'abc',
      limit: 20,
    });
    expect(query?.getAll('priority')).toEqual(['Critical', 'Alert']);
    expect(query?.getAll('rule')).toEqual(['Read sensitive file, untrusted']);
    expect(query?.has('tags')).toBe(false);
    expect(query?.has('container')).toBe(false);
    expect(query?.get('cursor')).toBe('abc');
    expect(query?.get('limit')).toBe('20');
  });

  it('posts a status change with an encoded id and surfaces the backend’s error', async () => {
    server.use(
      http.post(`${alerts}/a%2Fb/status`, async ({ request }) => {
        expect(await request.json()).toEqual({
          status: 'resolved',
          comment: 'fixed',
        });
        return HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'Not allowed: act' } },
          { status: 403 },
        );
      }),
    );
    await expect(
      client.setEntityAlertStatus(entity, 'a/b', {
        status: 'resolved',
        comment: 'fixed',
      }),
    ).rejects.toThrow(/403|Not allowed/);
  });

  it('reads the org overview and unattributed alerts', async () => {
    server.use(
      http.get(`${baseUrl}/alerts/overview`, ({ request }) =>
        HttpResponse.json({
          from: new URL(request.url).searchParams.get('from'),
        }),
      ),
      http.get(`${baseUrl}/alerts/unattributed`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    await expect(
      client.getAlertsOverview({ from: '2026-11-21T10:00:00.000Z' }),
    ).resolves.toEqual({ from: '2026-11-21T10:00:00.000Z' });
    await expect(client.listUnattributedAlerts()).resolves.toEqual({
      items: [],
    });
  });
});
