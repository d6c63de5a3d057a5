import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseWorkloadStore } from '../workloads/DatabaseWorkloadStore';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { createErrorHandler } from '../http/errorHandler';
import { EntityWorkloadService } from '../workloads/EntityWorkloadService';
import { createRespondersRouter } from './router';
import { alertTrigger, createService, entity } from './__testUtils__/service';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const OWNER = mockCredentials.user.header('user:default/owner');
const GUEST = mockCredentials.user.header('user:default/guest');
const SECURITY = mockCredentials.user.header('user:default/sec');
const PAYMENTS_ACTIONS =
  '/entities/default/component/payments-api/responder-actions';

/** Guests read; owners invoke; only security approves. */
const authorize = jest.fn(async (requests: any[], options: any) =>
  requests.map(r => {
    const user = options.credentials.principal?.userEntityRef;
    const name: string = r.permission.name;
    let allowed = true;
    if (name === 'container-security.responder.invoke') {
      allowed = user !== 'user:default/guest';
    } else if (name === 'container-security.responder.approve') {
      allowed = user === 'user:default/sec';
    }
    return { result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
  }),
);

describe.each(databases.eachSupportedId())('responder routes on %p', dbId => {
  let knex: Knex;
  let app: express.Express;
  let ctx: ReturnType<typeof createService>;

  const count = async () =>
    Number(
      (await knex('container_security_responder_actions').count({ c: '*' }))[0]
        .c,
    );

  beforeEach(async () => {
    authorize.mockClear();
    knex = await databases.init(dbId);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    ctx = createService(knex);
    const permissions = mockServices.permissions.mock({ authorize });
    const entityWorkloads = new EntityWorkloadService({
      catalog: catalogServiceMock({
        entities: [
          entity('payments-api', 'cs-quarantine-pod'),
          entity('billing'),
        ],
      }),
      permissions,
      store: DatabaseWorkloadStore.create(knex),
    });
    app = express()
      .use(
        createRespondersRouter({
          // Requests without a token are unauthenticated, as behind the real auth policy.
          httpAuth: mockServices.httpAuth({
            defaultCredentials: mockCredentials.none(),
          }),
          permissions,
          entityWorkloads,
          responders: ctx.service,
        }),
      )
      .use(createErrorHandler(mockServices.logger.mock()));
  });

  async function pendingId() {
    await ctx.service.handle(
      alertTrigger({ id: 'm1', rule: 'Detect crypto miners' }),
    );
    const { items } = await ctx.service.listActions({
      status: 'pending-approval',
      limit: 1,
    });
    return items[0].id;
  }

  describe('POST responder-actions (invoke and dry run)', () => {
    it('runs a dry run by default for an owner', async () => {
      const res = await request(app)
        .post(PAYMENTS_ACTIONS)
        .set('Authorization', OWNER)
        .send({ functionName: 'cs-quarantine-pod', alertId: 'alert-1' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'dry-run',
        invocationType: 'DryRun',
        requestedBy: 'user:default/owner',
        entityRef: 'component:default/payments-api',
      });
      expect(ctx.invoker.types()).toEqual(['DryRun']);
    });

    it('invokes for real when asked', async () => {
      const res = await request(app)
        .post(PAYMENTS_ACTIONS)
        .set('Authorization', OWNER)
        .send({
          functionName: 'cs-quarantine-pod',
          alertId: 'alert-1',
          dryRun: false,
        });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('succeeded');
      expect(ctx.invoker.types()).toEqual(['RequestResponse']);
    });

    it.each([
      ['an invocation', false],
      ['a dry run', true],
    ])(
      'answers 401 to %s without credentials, with no side effect',
      async (_, dryRun) => {
        const res = await request(app).post(PAYMENTS_ACTIONS).send({
          functionName: 'cs-quarantine-pod',
          alertId: 'alert-1',
          dryRun,
        });
        expect(res.status).toBe(401);
        expect(await count()).toBe(0);
        expect(ctx.invoker.calls).toHaveLength(0);
      },
    );

    it.each([
      ['an invocation', false],
      ['a dry run', true],
    ])(
      'answers 403 to %s without responder.invoke, with no side effect',
      async (_, dryRun) => {
        const res = await request(app)
          .post(PAYMENTS_ACTIONS)
          .set('Authorization', GUEST)
          .send({
            functionName: 'cs-quarantine-pod',
            alertId: 'alert-1',
            dryRun,
          });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain(
          'container-security.responder.invoke',
        );
        expect(await count()).toBe(0);
        expect(ctx.invoker.calls).toHaveLength(0);
      },
    );

    it.each([
      [{ alertId: 'alert-1' }, 'functionName'],
      [{ functionName: 'cs-quarantine-pod', dryRun: 'yes' }, 'dryRun'],
      [
        { functionName: 'cs-quarantine-pod', target: { accessKeyId: 'x' } },
        'target.accessKeyId',
      ],
      [{ functionName: 'cs-quarantine-pod', extra: 1 }, 'extra'],
      [{ functionName: 'cs-quarantine-pod', qualifier: 'a b' }, 'qualifier'],
    ])('answers 400 naming the field for %j', async (body, field) => {
      const res = await request(app)
        .post(PAYMENTS_ACTIONS)
        .set('Authorization', OWNER)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
      expect(await count()).toBe(0);
    });

    it('answers 400 when neither an alert nor a target is named, 404 for an unknown alert or entity', async () => {
      const none = await request(app)
        .post(PAYMENTS_ACTIONS)
        .set('Authorization', OWNER)
        .send({ functionName: 'cs-quarantine-pod' });
      expect(none.status).toBe(400);
      const alert = await request(app)
        .post(PAYMENTS_ACTIONS)
        .set('Authorization', OWNER)
        .send({ functionName: 'cs-quarantine-pod', alertId: 'nope' });
      expect(alert.status).toBe(404);
      const entityMissing = await request(app)
        .post('/entities/default/component/ghost/responder-actions')
        .set('Authorization', OWNER)
        .send({ functionName: 'cs-quarantine-pod', target: { name: 'x' } });
      expect(entityMissing.status).toBe(404);
      expect(await count()).toBe(0);
    });
  });

  describe.each(['approve', 'reject'])(
    'POST responder-actions/:id/%s',
    verb => {
      it('answers 401 without credentials, with no side effect', async () => {
        const id = await pendingId();
        const res = await request(app).post(`/responder-actions/${id}/${verb}`);
        expect(res.status).toBe(401);
        expect((await ctx.service.getAction(id)).status).toBe(
          'pending-approval',
        );
        expect(ctx.invoker.calls).toHaveLength(0);
      });

      it('answers 403 without responder.approve, with no side effect', async () => {
        const id = await pendingId();
        const res = await request(app)
          .post(`/responder-actions/${id}/${verb}`)
          .set('Authorization', OWNER);
        expect(res.status).toBe(403);
        expect((await ctx.service.getAction(id)).status).toBe(
          'pending-approval',
        );
        expect(ctx.invoker.calls).toHaveLength(0);
      });

      it('decides once for the security team, then answers 409', async () => {
        const id = await pendingId();
        const res = await request(app)
          .post(`/responder-actions/${id}/${verb}`)
          .set('Authorization', SECURITY);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          id,
          status: verb === 'approve' ? 'succeeded' : 'rejected',
          decidedBy: 'user:default/sec',
        });
        expect(ctx.invoker.calls).toHaveLength(verb === 'approve' ? 1 : 0);
        const again = await request(app)
          .post(`/responder-actions/${id}/${verb}`)
          .set('Authorization', SECURITY);
        expect(again.status).toBe(409);
      });

      it('answers 404 for an unknown action and 400 for a malformed id', async () => {
        const unknown = await request(app)
          .post(`/responder-actions/0f0e/${verb}`)
          .set('Authorization', SECURITY);
        expect(unknown.status).toBe(404);
        const bad = await request(app)
          .post(`/responder-actions/${'x'.repeat(65)}/${verb}`)
          .set('Authorization', SECURITY);
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toContain('id');
      });
    },
  );

  describe('reads', () => {
    it('lists the approval queue and a service history, with paging', async () => {
      await pendingId();
      await request(app)
        .post(PAYMENTS_ACTIONS)
        .set('Authorization', OWNER)
        .send({ functionName: 'cs-quarantine-pod', alertId: 'alert-1' });
      const queue = await request(app)
        .get('/responder-actions?status=pending-approval')
        .set('Authorization', GUEST);
      expect(queue.status).toBe(200);
      expect(queue.body.items.map((i: any) => i.functionName)).toEqual([
        'cs-scale-to-zero',
      ]);
      const first = await request(app)
        .get(`${PAYMENTS_ACTIONS}?limit=1`)
        .set('Authorization', GUEST);
      expect(first.body.items).toHaveLength(1);
      const second = await request(app)
        .get(`${PAYMENTS_ACTIONS}?limit=1&cursor=${first.body.nextCursor}`)
        .set('Authorization', GUEST);
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      const bad = await request(app)
        .get('/responder-actions?status=done')
        .set('Authorization', GUEST);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('status');
    });

    it('describes a service and the estate', async () => {
      const service = await request(app)
        .get('/entities/default/component/payments-api/responders')
        .set('Authorization', GUEST);
      expect(service.status).toBe(200);
      expect(service.body).toMatchObject({ enabled: true, pending: [] });
      expect(service.body.functions).toContainEqual({
        functionName: 'cs-quarantine-pod',
        description: 'Quarantine',
        automatic: true,
      });
      const overview = await request(app)
        .get('/responders')
        .set('Authorization', GUEST);
      expect(overview.status).toBe(200);
      expect(overview.body.rules).toHaveLength(4);
    });
  });
});

describe('responder routes when responders are not configured', () => {
  it('answers enabled: false', async () => {
    const permissions = mockServices.permissions.mock({ authorize });
    const app = express()
      .use(
        createRespondersRouter({
          httpAuth: mockServices.httpAuth(),
          permissions,
          entityWorkloads: new EntityWorkloadService({
            catalog: catalogServiceMock({ entities: [entity('payments-api')] }),
            permissions,
            store: {} as any,
          }),
        }),
      )
      .use(createErrorHandler(mockServices.logger.mock()));
    expect((await request(app).get('/responders')).body.enabled).toBe(false);
    expect(
      (
        await request(app).get(
          '/entities/default/component/payments-api/responders',
        )
      ).body,
    ).toEqual({ enabled: false, functions: [], pending: [] });
    expect((await request(app).get('/responder-actions')).body).toEqual({
      items: [],
    });
  });
});
