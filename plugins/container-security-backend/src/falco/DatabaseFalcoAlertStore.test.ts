import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { DatabaseFalcoAlertStore } from './DatabaseFalcoAlertStore';
import { fixtureAlerts } from './__testUtils__/falcoFixtures';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseFalcoAlertStore on %p',
  id => {
    let knex: Knex;
    let store: DatabaseFalcoAlertStore;

    beforeEach(async () => {
      knex = await databases.init(id);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseFalcoAlertStore.create(knex);
    });

    it('stores every fixture once, keeps them exact and skips redeliveries', async () => {
      const alerts = fixtureAlerts();
      const first = await store.insertAlerts(alerts);
      expect(first.insertedIds.sort()).toEqual(alerts.map(a => a.id).sort());
      const again = await store.insertAlerts([alerts[0], alerts[1]]);
      expect(again.insertedIds).toEqual([]);
      expect(await store.countAlerts()).toBe(24);

      const shell = await store.getAlert(alerts[0].id);
      expect(shell).toMatchObject({
        rule: 'Terminal shell in container',
        priority: 'Critical',
        time: '2023-05-25T13:44:05.478445995Z',
        timeEpochNs: '1685022245478445995',
        namespace: 'default',
        pod: 'kubecon',
        container: 'ee97d9c4186f',
        tags: ['container', 'mitre_execution', 'shell'],
        status: 'open',
      });
      expect(shell!.outputFields['evt.time']).toBe('1685022245478445995');
      expect(shell!.outputFields['proc.tty']).toBe(34816);
      expect(shell!.output).toBe(alerts[0].output);
    });

    it('lists newest first with a cursor and filters by entity, priority and tags', async () => {
      const alerts = fixtureAlerts();
      await store.insertAlerts(alerts);
      await store.setAttribution([
        {
          id: alerts[20].id,
          entityRef: 'component:default/hello',
          workload: {
            cluster: 'aks',
            namespace: 'default',
            kind: 'Deployment',
            name: 'hellofalco',
          },
        },
        { id: alerts[21].id, entityRef: 'component:default/hello' },
        { id: alerts[23].id, entityRef: 'component:default/hello' },
      ]);
      const page1 = await store.listAlerts({
        entityRef: 'component:default/hello',
        limit: 2,
      });
      expect(page1.items.map(a => a.rule)).toEqual([
        'Terminal shell in container',
        'Terminal shell in container',
      ]);
      expect(page1.items[0].priority).toBe('Alert');
      const page2 = await store.listAlerts({
        entityRef: 'component:default/hello',
        limit: 2,
        cursor: page1.nextCursor,
      });
      expect(page2.items.map(a => a.rule)).toEqual([
        'Read sensitive file untrusted',
      ]);
      expect(page2.items[0].workload).toEqual({
        cluster: 'aks',
        namespace: 'default',
        kind: 'Deployment',
        name: 'hellofalco',
      });
      expect(page2.nextCursor).toBeUndefined();

      const unattributed = await store.countAlerts({ entityRef: null });
      expect(unattributed).toBe(21);
      expect(
        await store.countAlerts({ tags: ['mitre_credential_access'] }),
      ).toBe(2);
      expect(
        await store.countAlerts({ tags: ['mitre_credential_access', 'shell'] }),
      ).toBe(0);
      expect(
        await store.countAlerts({ tags: ['maturity_stable', 'shell'] }),
      ).toBe(2);
      expect(
        await store.countAlerts({ priorities: ['Warning', 'Critical'] }),
      ).toBe(6);
      const byPriority = await store.aggregate({
        filter: {},
        groupBy: ['priority'],
      });
      expect(
        Object.fromEntries(byPriority.map(c => [c.priority, c.count])),
      ).toEqual({
        Alert: 1,
        Critical: 1,
        Debug: 1,
        Error: 1,
        Informational: 3,
        Notice: 12,
        Warning: 5,
      });
      const buckets = await store.aggregate({
        filter: { entityRef: 'component:default/hello' },
        groupBy: ['rule'],
        bucketMs: 3_600_000,
      });
      expect(buckets).toContainEqual({
        bucketStartMs: Date.parse('2025-11-24T14:00:00Z'),
        rule: 'Terminal shell in container',
        count: 1,
      });
    });

    it('records status changes with who, when and why', async () => {
      const [alert] = fixtureAlerts();
      await store.insertAlerts([alert]);
      expect(
        await store.setStatus(alert.id, {
          status: 'acknowledged',
          by: 'user:default/alice',
          comment: 'looking',
          atMs: Date.parse('2026-01-01T00:00:00Z'),
        }),
      ).toBe(true);
      expect(
        await store.setStatus('00000000-0000-4000-8000-000000000000', {
          status: 'resolved',
          by: 'user:default/alice',
          comment: 'x',
          atMs: 0,
        }),
      ).toBe(false);
      expect(await store.getAlert(alert.id)).toMatchObject({
        status: 'acknowledged',
        statusBy: 'user:default/alice',
        statusComment: 'looking',
      });
      expect(await store.listStatusChanges(alert.id)).toEqual([
        {
          status: 'acknowledged',
          by: 'user:default/alice',
          comment: 'looking',
          at: '2026-01-01T00:00:00.000Z',
        },
      ]);
    });

    it('deletes by age and by count, oldest first, status history included', async () => {
      const alerts = fixtureAlerts();
      await store.insertAlerts(alerts);
      await store.setStatus(alerts[1].id, {
        status: 'resolved',
        by: 'user:default/alice',
        comment: 'old',
        atMs: 1,
      });
      // Fixtures before 2021-02-01: #2 (2021-01-14), #15 (2021-01-11), #17 (2018).
      const deleted = await store.deleteOlderThan(
        Date.parse('2021-02-01T00:00:00Z'),
        2,
      );
      expect(deleted).toBeGreaterThanOrEqual(2);
      expect(await store.getAlert(alerts[1].id)).toBeUndefined();
      expect(await store.listStatusChanges(alerts[1].id)).toEqual([]);
      const left = await store.countAlerts();
      expect(left).toBe(24 - deleted);

      expect(await store.deleteBeyondCount(5, 2)).toBe(left - 5);
      const kept = await store.listAlerts({ limit: 10 });
      expect(kept.items).toHaveLength(5);
      expect(kept.items[0].time).toBe('2025-11-24T14:24:39.222599448Z');
    });
  },
);
