import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { ResponderAction } from '@containersec/plugin-container-security-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { ContainerSecurityClient } from './ContainerSecurityClient';

const baseUrl = 'http://backstage.test/api/container-security';
const entity = {
  kind: 'component',
  namespace: 'default',
  name: 'payments-api',
};
const entityBase = `${baseUrl}/entities/default/component/payments-api`;

const action = (overrides: Partial<ResponderAction> = {}): ResponderAction => ({
  id: 'act-1',
  actionName: 'manual',
  actionner: 'aws:lambda',
  functionName: 'quarantine-pod',
  qualifier: '$LATEST',
  invocationType: 'DryRun',
  mode: 'manual',
  status: 'dry-run',
  target: { namespace: 'payments', pod: 'payments-api-1' },
  requestedBy: 'user:default/ada.lovelace',
  payload: { pod: 'payments-api-1' },
  createdAt: '2026-12-07T01:00:00.000Z',
  updatedAt: '2026-12-07T01:00:00.000Z',
  ...overrides,
});

describe('ContainerSecurityClient responders', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new ContainerSecurityClient({
    discoveryApi: { getBaseUrl: async () => baseUrl },
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  });

  it('reads the overview and an entity’s responders with the user’s token', async () => {
    const auth: Array<string | null> = [];
    server.use(
      http.get(`${baseUrl}/responders`, ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return HttpResponse.json({ enabled: true, killSwitch: false });
      }),
      http.get(`${entityBase}/responders`, ({ request }) => {
        auth.push(request.headers.get('authorization'));
        return HttpResponse.json({ enabled: true, functions: [], pending: [] });
      }),
    );
    await expect(client.getRespondersOverview()).resolves.toMatchObject({
      killSwitch: false,
    });
    await expect(client.getEntityResponders(entity)).resolves.toEqual({
      enabled: true,
      functions: [],
      pending: [],
    });
    expect(auth).toEqual(['Bearer user-token', 'Bearer user-token']);
  });

  it('lists an entity’s and the org’s actions with status, cursor and limit, leaving out what is unset', async () => {
    const queries: URLSearchParams[] = [];
    server.use(
      http.get(`${entityBase}/responder-actions`, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [action()], nextCursor: 'next' });
      }),
      http.get(`${baseUrl}/responder-actions`, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json({ items: [] });
      }),
    );
    const page = await client.listEntityResponderActions(entity, {
      status: 'succeeded',
      cursor: 'c/1',
      limit: 20,
    });
    expect(page.nextCursor).toBe('next');
    expect(page.items[0].id).toBe('act-1');
    await client.listResponderActions({ status: 'pending-approval' });
    await client.listResponderActions();
    expect(Object.fromEntries(queries[0])).toEqual({
      status: 'succeeded',
      cursor: 'c/1',
      limit: '20',
    });
    expect(Object.fromEntries(queries[1])).toEqual({
      status: 'pending-approval',
    });
    expect([...queries[2].keys()]).toEqual([]);
  });

  it('posts an invocation as JSON and returns the created action', async () => {
    let body: unknown;
    let contentType: string | null = null;
    server.use(
      http.post(`${entityBase}/responder-actions`, async ({ request }) => {
        body = await request.json();
        contentType = request.headers.get('content-type');
        return HttpResponse.json(action({ status: 'dry-run' }), {
          status: 201,
        });
      }),
    );
    const created = await client.invokeEntityResponder(entity, {
      functionName: 'quarantine-pod',
      alertId: 'alert-9',
      dryRun: true,
    });
    expect(created.status).toBe('dry-run');
    expect(body).toEqual({
      functionName: 'quarantine-pod',
      alertId: 'alert-9',
      dryRun: true,
    });
    expect(contentType).toBe('application/json');
  });

  it('approves and rejects by encoded id', async () => {
    const seen: string[] = [];
    server.use(
      http.post(`${baseUrl}/responder-actions/:id/approve`, ({ params }) => {
        seen.push(`approve ${params.id}`);
        return HttpResponse.json(action({ status: 'succeeded' }));
      }),
      http.post(`${baseUrl}/responder-actions/:id/reject`, ({ params }) => {
        seen.push(`reject ${params.id}`);
        return HttpResponse.json(action({ status: 'rejected' }));
      }),
    );
    await expect(client.approveResponderAction('a/1')).resolves.toMatchObject({
      status: 'succeeded',
    });
    await expect(client.rejectResponderAction('a 2')).resolves.toMatchObject({
      status: 'rejected',
    });
    expect(seen).toEqual(['approve a/1', 'reject a 2']);
  });

  it('surfaces 403 and 409 as ResponseErrors carrying the backend’s message', async () => {
    server.use(
      http.post(`${baseUrl}/responder-actions/act-1/approve`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed: container-security.responder.approve',
            },
          },
          { status: 403 },
        ),
      ),
      http.post(`${baseUrl}/responder-actions/act-1/reject`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ConflictError',
              message: 'The action is no longer pending',
            },
          },
          { status: 409 },
        ),
      ),
    );
    const denied = await client.approveResponderAction('act-1').catch(e => e);
    expect(denied).toBeInstanceOf(ResponseError);
    expect(denied.response.status).toBe(403);
    expect(denied.body.error.message).toMatch(/responder.approve/);
    const conflict = await client.rejectResponderAction('act-1').catch(e => e);
    expect(conflict.response.status).toBe(409);
  });
});
