import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { createTestDatabases } from '../../__testUtils__/databases';
import { DatabaseWorkloadStore } from '../../workloads/DatabaseWorkloadStore';
import { MIGRATIONS_DIRECTORY } from '../../migrations/openDatabase';
import { DatabaseFalcoAlertStore } from '../DatabaseFalcoAlertStore';
import {
  alertFromText,
  fixtureAlerts,
  serviceEntity,
  syntheticEvent,
  workloadSummary,
} from './__testUtils__/falcoFixtures';
import { FalcoAttributionService } from './FalcoAttributionService';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'FalcoAttributionService on %p',
  id => {
    let knex: Knex;
    let alerts: DatabaseFalcoAlertStore;
    let workloads: DatabaseWorkloadStore;

    const service = (entities = [serviceEntity('alpine-deployment')]) =>
      new FalcoAttributionService({
        alerts,
        workloads,
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
      });

    beforeEach(async () => {
      knex = await databases.init(id);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      alerts = DatabaseFalcoAlertStore.create(knex);
      workloads = DatabaseWorkloadStore.create(knex);
    });

    it('attributes the public sample events whose pod a known workload owns', async () => {
      await workloads.recordSync(
        'manifests:demo',
        [
          {
            cluster: 'demo-eks',
            ok: true,
            workloads: [
              workloadSummary('alpine-deployment', 'default'),
              workloadSummary('falco-pod-delete', 'openfaas-fn'),
            ],
          },
        ],
        new Date(),
      );
      const fixtures = fixtureAlerts();
      const { insertedIds } = await alerts.insertAlerts(fixtures);
      expect(insertedIds).toHaveLength(24);

      // falco-pod-delete has a workload but no entity selects it: still unattributed.
      const result = await service().attributeNew(fixtures);
      expect(result.filter(r => r.entityRef).map(r => r.alert.pod)).toEqual([
        'alpine-deployment-77789455d6-m7flp',
      ]);

      const stored = await alerts.listAlerts({
        entityRef: 'component:default/alpine-deployment',
      });
      expect(stored.items).toHaveLength(1);
      expect(stored.items[0].workload).toEqual({
        cluster: 'demo-eks',
        namespace: 'default',
        kind: 'Deployment',
        name: 'alpine-deployment',
      });
      expect(await alerts.countAlerts({ entityRef: null })).toBe(23);
    });

    it('re-attributes unattributed alerts once the mapping becomes known', async () => {
      const alert = alertFromText(
        syntheticEvent({ pod: 'cart-service-6d8f9c7b5-x7k2p' }),
      );
      await alerts.insertAlerts([alert]);
      const attribution = service([serviceEntity('cart-service')]);

      expect(await attribution.attributeNew([alert])).toEqual([
        { alert, entityRef: undefined },
      ]);
      expect(await attribution.reattribute()).toEqual([]);

      await workloads.recordSync(
        'manifests:demo',
        [
          {
            cluster: 'demo-eks',
            ok: true,
            workloads: [workloadSummary('cart-service', 'storefront')],
          },
        ],
        new Date(),
      );
      const again = await attribution.reattribute();
      expect(again.map(a => a.entityRef)).toEqual([
        'component:default/cart-service',
      ]);
      expect(await alerts.countAlerts({ entityRef: null })).toBe(0);
      const [stored] = (
        await alerts.listAlerts({ entityRef: 'component:default/cart-service' })
      ).items;
      expect(stored.id).toBe(alert.id);
      expect(stored.cluster).toBe('demo-eks');
    });

    it('rebuilds a mapping taken before the workloads were known once it is 15 s old', async () => {
      let now = 1_000_000;
      const attribution = new FalcoAttributionService({
        alerts,
        workloads,
        catalog: catalogServiceMock({
          entities: [serviceEntity('cart-service')],
        }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        now: () => now,
      });
      const alert = alertFromText(syntheticEvent({}));
      await alerts.insertAlerts([alert]);
      expect(
        (await attribution.attributeNew([alert]))[0].entityRef,
      ).toBeUndefined();
      await workloads.recordSync(
        'manifests:demo',
        [
          {
            cluster: 'demo-eks',
            ok: true,
            workloads: [workloadSummary('cart-service', 'storefront')],
          },
        ],
        new Date(),
      );
      now += 1000;
      expect(
        (await attribution.attributeNew([alert]))[0].entityRef,
      ).toBeUndefined();
      now += 15_000;
      expect((await attribution.attributeNew([alert]))[0].entityRef).toBe(
        'component:default/cart-service',
      );
    });

    it('keeps using the cluster an alert names', async () => {
      await workloads.recordSync(
        'kubernetes',
        [
          {
            cluster: 'prod-eu',
            ok: true,
            workloads: [
              workloadSummary(
                'cart-service',
                'storefront',
                'Deployment',
                'prod-eu',
              ),
            ],
          },
        ],
        new Date(),
      );
      const elsewhere = alertFromText(
        syntheticEvent({ pod: 'cart-service-6d8f9c7b5-x7k2p' }),
        undefined,
        'prod-us',
      );
      const here = alertFromText(
        syntheticEvent({
          pod: 'cart-service-6d8f9c7b5-z2k9p',
          uuid: undefined,
          time: '2026-11-22T09:58:00Z',
        }),
        undefined,
        'prod-eu',
      );
      await alerts.insertAlerts([elsewhere, here]);
      const result = await service([
        serviceEntity('cart-service'),
      ]).attributeNew([elsewhere, here]);
      expect(result.map(r => r.entityRef)).toEqual([
        undefined,
        'component:default/cart-service',
      ]);
    });
  },
);
