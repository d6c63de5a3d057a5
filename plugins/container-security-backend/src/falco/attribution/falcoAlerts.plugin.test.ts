import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import request from 'supertest';
import { createTestDatabases } from '../../__testUtils__/databases';
import { containerSecurityPlugin } from '../../plugin';
import {
  fixtureLines,
  serviceEntity,
  syntheticEvent,
} from './__testUtils__/falcoFixtures';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const dir = createMockDirectory();
const ALERTS =
  '/api/container-security/entities/default/component/cart-service/alerts';

async function eventually<T>(
  probe: () => Promise<T | undefined>,
  what: string,
): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.each(databases.eachSupportedId())(
  'Falco alerts end to end on %p',
  id => {
    let server: request.Agent;
    const publish = jest.fn(async () => {});
    const send = jest.fn(async () => {});

    beforeAll(async () => {
      dir.setContent({
        'manifests/cart.yaml': [
          'apiVersion: apps/v1',
          'kind: Deployment',
          'metadata: { name: cart-service, namespace: storefront, labels: { backstage.io/kubernetes-id: cart-service } }',
          'spec:',
          '  template:',
          '    spec:',
          '      containers: [{ name: cart-service, image: "registry/cart:1" }]',
        ].join('\n'),
      });
      const knex = await databases.init(id);
      const { server: httpServer } = await startTestBackend({
        features: [
          containerSecurityPlugin,
          mockServices.rootConfig.factory({
            data: {
              containerSecurity: {
                workloads: {
                  manifests: [
                    { name: 'demo', paths: [`${dir.path}/manifests`] },
                  ],
                },
                falco: {
                  ingest: {
                    spoolDirectory: `${dir.path}/spool`,
                    // The subject of mockCredentials.service().
                    allowedServicePrincipals: ['external:test-service'],
                  },
                  notifications: { minPriority: 'Critical' },
                },
              },
            },
          }),
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          catalogServiceMock.factory({
            entities: [serviceEntity('cart-service', 'storefront-team')],
          }),
          createServiceFactory({
            service: signalsServiceRef,
            deps: {},
            factory: () => ({ publish }),
          }),
          createServiceFactory({
            service: notificationService,
            deps: {},
            factory: () => ({ send }),
          }),
        ],
      });
      server = request.agent(httpServer);
    });

    const asUser = {
      Authorization: mockCredentials.user.header('user:default/alice'),
    };

    it('attributes an alert posted to the webhook, signals open pages and notifies the owners', async () => {
      const post = await server
        .post('/api/container-security/falco/events')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(
          syntheticEvent({
            time: new Date().toISOString(),
            priority: 'Critical',
            pod: 'cart-service-6d8f9c7b5-x7k2p',
          }),
        );
      expect(post.status).toBeLessThan(300);

      const items = await eventually(async () => {
        const res = await server.get(ALERTS).set(asUser);
        return res.body.items?.length ? res.body.items : undefined;
      }, 'the attributed alert');
      expect(items[0]).toMatchObject({
        rule: 'Terminal shell in container',
        entityRef: 'component:default/cart-service',
        workload: { kind: 'Deployment', name: 'cart-service' },
      });

      await eventually(
        async () =>
          publish.mock.calls.some(
            ([signal]: any) =>
              signal.channel ===
              'container-security:alerts:component:default/cart-service',
          ) || undefined,
        'the signal',
      );
      expect(publish).toHaveBeenCalledWith({
        recipients: { type: 'broadcast' },
        channel: 'container-security:alerts:component:default/cart-service',
        message: {
          type: 'alerts',
          entityRef: 'component:default/cart-service',
          count: 1,
          maxPriority: 'Critical',
        },
      });
      await eventually(
        async () => send.mock.calls.length || undefined,
        'notification',
      );
      expect(send).toHaveBeenCalledWith(
        expect.objectContaining({
          recipients: {
            type: 'entity',
            entityRef: 'group:default/storefront-team',
          },
        }),
      );
    });

    it('keeps the public sample events as unattributed for the org page', async () => {
      const post = await server
        .post('/api/container-security/falco/events')
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/x-ndjson')
        .send(`${fixtureLines().join('\n')}\n`);
      expect(post.status).toBeLessThan(300);
      const res = await eventually(async () => {
        const r = await server
          .get('/api/container-security/alerts/unattributed?limit=100')
          .set(asUser);
        return r.body.items?.length >= 24 ? r : undefined;
      }, 'the unattributed alerts');
      expect(res.body.items).toHaveLength(24);
      // An alert of another service is not reachable through this one's routes.
      const other = await server
        .get(`${ALERTS}/${res.body.items[0].id}`)
        .set(asUser);
      expect(other.status).toBe(404);
    });
  },
);
