import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityAlertsResponse,
  FalcoAlertDetail,
} from '@containersec/plugin-container-security-common';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseWorkloadStore } from '../workloads/DatabaseWorkloadStore';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { createErrorHandler } from '../http/errorHandler';
import { EntityWorkloadService } from '../workloads/EntityWorkloadService';
import {
  alertFromText,
  fixtureAlerts,
  serviceEntity,
  syntheticEvent,
} from './attribution/__testUtils__/falcoFixtures';
import { DatabaseFalcoAlertStore } from './DatabaseFalcoAlertStore';
import { createFalcoRouter } from './router';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const NOW = Date.parse('2026-11-22T10:00:00Z');
const CART = 'component:default/cart-service';
const BASE = '/entities/default/component/cart-service/alerts';
const ALICE = mockCredentials.user.header('user:default/alice');
const MALLORY = mockCredentials.user.header('user:default/mallory');

describe.each(databases.eachSupportedId())('Falco alert routes on %p', id => {
  let knex: Knex;
  let alerts: DatabaseFalcoAlertStore;
  let app: express.Express;
  const onStatusChanged = jest.fn(async () => {});

  // Mallory may read everything but act on nothing and see no org-wide views.
  const authorize = jest.fn(async (requests: any[], options: any) =>
    requests.map(r => {
      const user = options.credentials.principal?.userEntityRef;
      const denied =
        user === 'user:default/mallory' &&
        r.permission.name !== 'container-security.entity.read';
      return { result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }),
  );

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    alerts = DatabaseFalcoAlertStore.create(knex);
    const permissions = mockServices.permissions.mock({ authorize });
    const entityWorkloads = new EntityWorkloadService({
      catalog: catalogServiceMock({
        entities: [
          serviceEntity('cart-service'),
          serviceEntity('checkout-web'),
        ],
      }),
      permissions,
      store: DatabaseWorkloadStore.create(knex),
    });
    app = express()
      .use(
        createFalcoRouter({
          httpAuth: mockServices.httpAuth(),
          permissions,
          alerts,
          entityWorkloads,
          onStatusChanged,
          now: () => NOW,
        }),
      )
      .use(createErrorHandler(mockServices.logger.mock()));

    // 30 cart-service alerts a minute apart, alternating priorities and containers.
    const cart = Array.from({ length: 30 }, (_, i) =>
      alertFromText(
        syntheticEvent({
          time: new Date(NOW - (i + 1) * 60_000).toISOString(),
          priority: i % 3 === 0 ? 'Critical' : 'Notice',
          rule: i % 2 ? 'Terminal shell in container' : 'Write below etc',
          container: i % 5 === 0 ? 'sidecar' : 'cart-service',
          tags: i % 2 ? ['shell', 'mitre_execution'] : ['filesystem'],
          output: `event ${i} <img src=x onerror=alert(1)>`,
        }),
      ),
    );
    const other = alertFromText(
      syntheticEvent({
        pod: 'checkout-web-6d8f9c7b5-x7k2p',
        time: new Date(NOW - 90_000).toISOString(),
        priority: 'Emergency',
      }),
    );
    await alerts.insertAlerts([...cart, other, ...fixtureAlerts(NOW)]);
    await alerts.setAttribution([
      ...cart.map(a => ({
        id: a.id,
        entityRef: CART,
        workload: {
          cluster: 'demo-eks',
          namespace: 'storefront',
          kind: 'Deployment',
          name: 'cart-service',
        },
      })),
      { id: other.id, entityRef: 'component:default/checkout-web' },
    ]);
  });

  afterEach(() => jest.clearAllMocks());

  it('lists an entity’s alerts newest first and pages by keyset', async () => {
    const first = await request(app)
      .get(`${BASE}?limit=12`)
      .set('Authorization', ALICE);
    expect(first.status).toBe(200);
    const page1 = first.body as EntityAlertsResponse;
    expect(page1.entityRef).toBe(CART);
    expect(page1.canAct).toBe(true);
    expect(page1.items).toHaveLength(12);
    expect(page1.items[0].time).toBe('2026-11-22T09:59:00.000000000Z');
    const seen = new Set(page1.items.map(i => i.id));
    let cursor = page1.nextCursor;
    while (cursor) {
      const next = await request(app)
        .get(`${BASE}?limit=12&cursor=${encodeURIComponent(cursor)}`)
        .set('Authorization', ALICE);
      for (const item of next.body.items) seen.add(item.id);
      cursor = next.body.nextCursor;
    }
    // Every alert exactly once, and none of the other service's.
    expect(seen.size).toBe(30);
  });

  it('filters by priority, rule, container, tags, status and time', async () => {
    const get = async (query: string) =>
      (await request(app).get(`${BASE}?${query}`).set('Authorization', ALICE))
        .body.items as EntityAlertsResponse['items'];
    expect(await get('priority=Critical')).toHaveLength(10);
    expect(await get('priority=critical&priority=Notice')).toHaveLength(30);
    expect(await get('rule=Write%20below%20etc')).toHaveLength(15);
    expect(await get('container=sidecar')).toHaveLength(6);
    expect(await get('tags=shell&tags=mitre_execution')).toHaveLength(15);
    expect(await get('workload=cart-service&limit=200')).toHaveLength(30);
    expect(await get('status=resolved')).toHaveLength(0);
    expect(
      await get(`from=${new Date(NOW - 10.5 * 60_000).toISOString()}`),
    ).toHaveLength(10);
  });

  it('answers bad filters with 400 naming the problem', async () => {
    const res = await request(app)
      .get(`${BASE}?priority=Severe&limit=0`)
      .set('Authorization', ALICE);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/priority.*must be one of/);
    expect(res.body.error.message).toMatch(/limit/);
    const unknown = await request(app)
      .get(`${BASE}?sql=1`)
      .set('Authorization', ALICE);
    expect(unknown.status).toBe(400);
  });

  it('counts alerts per bucket and priority', async () => {
    const res = await request(app)
      .get(
        `${BASE}/histogram?from=${new Date(
          NOW - 3_600_000,
        ).toISOString()}&to=${new Date(NOW).toISOString()}`,
      )
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    expect(res.body.bucketMs).toBe(60_000);
    expect(res.body.buckets).toHaveLength(60);
    const sum = (p: string) =>
      res.body.buckets.reduce((n: number, b: any) => n + (b.counts[p] ?? 0), 0);
    expect(sum('Critical')).toBe(10);
    expect(sum('Notice')).toBe(20);
    expect(sum('Emergency')).toBe(0);
  });

  it('shows one alert with every field, as received', async () => {
    const [first] = (
      await request(app).get(`${BASE}?limit=1`).set('Authorization', ALICE)
    ).body.items;
    const res = await request(app)
      .get(`${BASE}/${first.id}`)
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    const detail = res.body as FalcoAlertDetail;
    expect(detail.output).toBe('event 0 <img src=x onerror=alert(1)>');
    expect(detail.outputFields).toMatchObject({
      'k8s.pod.name': 'cart-service-6d8f9c7b5-x7k2p',
      'proc.cmdline': 'sh -c id',
    });
    expect(detail.history).toEqual([]);
  });

  it('hides alerts of other entities behind 404', async () => {
    const [other] = (
      await request(app)
        .get('/entities/default/component/checkout-web/alerts')
        .set('Authorization', ALICE)
    ).body.items;
    const res = await request(app)
      .get(`${BASE}/${other.id}`)
      .set('Authorization', ALICE);
    expect(res.status).toBe(404);
    const post = await request(app)
      .post(`${BASE}/${other.id}/status`)
      .set('Authorization', ALICE)
      .send({ status: 'resolved', comment: 'not mine' });
    expect(post.status).toBe(404);
  });

  it('acknowledges and resolves with a comment, recording who and when', async () => {
    const [first] = (
      await request(app).get(`${BASE}?limit=1`).set('Authorization', ALICE)
    ).body.items;
    const ack = await request(app)
      .post(`${BASE}/${first.id}/status`)
      .set('Authorization', ALICE)
      .send({ status: 'acknowledged', comment: 'looking into it' });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('acknowledged');
    const res = await request(app)
      .post(`${BASE}/${first.id}/status`)
      .set('Authorization', ALICE)
      .send({ status: 'resolved', comment: 'debug session, expected' });
    expect(res.body.history).toEqual([
      {
        status: 'acknowledged',
        comment: 'looking into it',
        by: 'user:default/alice',
        at: '2026-11-22T10:00:00.000Z',
      },
      {
        status: 'resolved',
        comment: 'debug session, expected',
        by: 'user:default/alice',
        at: '2026-11-22T10:00:00.000Z',
      },
    ]);
    expect(onStatusChanged).toHaveBeenCalledWith({
      entityRef: CART,
      priority: 'Critical',
    });
    const open = await request(app)
      .get(`${BASE}?status=open&limit=200`)
      .set('Authorization', ALICE);
    expect(open.body.items).toHaveLength(29);
  });

  it('refuses status changes without the act permission or a comment', async () => {
    const list = await request(app)
      .get(`${BASE}?limit=1`)
      .set('Authorization', MALLORY);
    expect(list.status).toBe(200);
    expect(list.body.canAct).toBe(false);
    const alertId = list.body.items[0].id;
    const denied = await request(app)
      .post(`${BASE}/${alertId}/status`)
      .set('Authorization', MALLORY)
      .send({ status: 'resolved', comment: 'nothing to see' });
    expect(denied.status).toBe(403);
    const noComment = await request(app)
      .post(`${BASE}/${alertId}/status`)
      .set('Authorization', ALICE)
      .send({ status: 'resolved', comment: '   ' });
    expect(noComment.status).toBe(400);
    expect(noComment.body.error.message).toMatch(/comment/);
    const detail = await request(app)
      .get(`${BASE}/${alertId}`)
      .set('Authorization', ALICE);
    expect(detail.body.status).toBe('open');
  });

  it('summarises the org with the change against the previous period', async () => {
    // The previous hour had one alert of the rule that fires most now.
    await alerts.insertAlerts([
      alertFromText(
        syntheticEvent({
          time: new Date(NOW - 90 * 60_000).toISOString(),
          rule: 'Write below etc',
        }),
      ),
    ]);
    const res = await request(app)
      .get(`/alerts/overview?from=${new Date(NOW - 3_600_000).toISOString()}`)
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(31);
    expect(res.body.previousTotal).toBe(1);
    expect(res.body.topRules[0]).toEqual({
      key: 'Terminal shell in container',
      count: 16,
      previousCount: 0,
    });
    expect(res.body.topRules[1]).toEqual({
      key: 'Write below etc',
      count: 15,
      previousCount: 1,
    });
    expect(res.body.services).toEqual(
      expect.arrayContaining([
        { key: CART, count: 30, previousCount: 0 },
        { key: 'component:default/checkout-web', count: 1, previousCount: 0 },
      ]),
    );
    // The sample events are from years ago, so none falls into this hour.
    expect(res.body.unattributedCount).toBe(0);
    const series = res.body.byService as Array<{
      counts: Record<string, number>;
    }>;
    expect(series.reduce((n, b) => n + (b.counts[CART] ?? 0), 0)).toBe(30);
  });

  it('lists unattributed alerts for overview readers only', async () => {
    const res = await request(app)
      .get('/alerts/unattributed?limit=100')
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(24);
    expect(res.body.items.every((i: any) => !i.entityRef)).toBe(true);
    const denied = await request(app)
      .get('/alerts/unattributed')
      .set('Authorization', MALLORY);
    expect(denied.status).toBe(403);
    const overview = await request(app)
      .get('/alerts/overview')
      .set('Authorization', MALLORY);
    expect(overview.status).toBe(403);
  });

  it('opens one unattributed alert with every field, and no attributed one', async () => {
    const list = await request(app)
      .get('/alerts/unattributed?limit=1')
      .set('Authorization', ALICE);
    const [first] = list.body.items;
    const res = await request(app)
      .get(`/alerts/unattributed/${first.id}`)
      .set('Authorization', ALICE);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: first.id, rule: first.rule });
    expect(res.body.outputFields).toEqual(expect.any(Object));
    expect(res.body.history).toEqual([]);

    const attributed = await request(app)
      .get(`/entities/default/component/cart-service/alerts?limit=1`)
      .set('Authorization', ALICE);
    const owned = attributed.body.items[0];
    expect(owned.entityRef).toBe(CART);
    const notHere = await request(app)
      .get(`/alerts/unattributed/${owned.id}`)
      .set('Authorization', ALICE);
    expect(notHere.status).toBe(404);

    const denied = await request(app)
      .get(`/alerts/unattributed/${first.id}`)
      .set('Authorization', MALLORY);
    expect(denied.status).toBe(403);
    const bad = await request(app)
      .get('/alerts/unattributed/not%20an%20id')
      .set('Authorization', ALICE);
    expect(bad.status).toBe(400);
  });
});
