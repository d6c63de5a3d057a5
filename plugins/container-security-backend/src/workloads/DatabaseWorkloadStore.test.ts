import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabaseWorkloadStore } from './DatabaseWorkloadStore';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const workload = (
  name: string,
  labels: Record<string, string>,
  namespace = 'payments',
): WorkloadSummary => ({
  cluster: 'eks-prod',
  namespace,
  kind: 'Deployment',
  name,
  labels,
  containers: [{ name: 'app', image: `registry/${name}:1.0.0`, type: 'app' }],
  source: 'kubernetes',
  observedAt: '2026-11-22T10:00:00.000Z',
});

describe.each(databases.eachSupportedId())(
  'DatabaseWorkloadStore on %p',
  id => {
    let knex: Knex;
    let store: DatabaseWorkloadStore;

    beforeEach(async () => {
      knex = await databases.init(id);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseWorkloadStore.create(knex);
    });

    it('migrates down and up again cleanly', async () => {
      await knex.migrate.rollback({ directory: MIGRATIONS_DIRECTORY }, true);
      expect(await knex.schema.hasTable('container_security_workloads')).toBe(
        false,
      );
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await knex.schema.hasTable('container_security_workloads')).toBe(
        true,
      );
    });

    it('stores workloads and matches them by label selector and namespace', async () => {
      await store.recordSync(
        'kubernetes',
        [
          {
            cluster: 'eks-prod',
            ok: true,
            workloads: [
              workload('payments-api', { app: 'payments-api' }),
              workload('ledger', { app: 'ledger' }),
              workload('payments-api', { app: 'payments-api' }, 'staging'),
            ],
          },
        ],
        new Date('2026-11-22T10:00:00Z'),
      );
      const matched = await store.listWorkloads({
        selector: {
          namespace: 'payments',
          requirements: [
            { key: 'app', operator: 'In', values: ['payments-api'] },
          ],
        },
      });
      expect(matched.totalCount).toBe(1);
      expect(matched.items[0]).toEqual(
        workload('payments-api', { app: 'payments-api' }),
      );
      const all = await store.listWorkloads({ limit: 2 });
      expect(all.totalCount).toBe(3);
      expect(all.items.map(w => `${w.namespace}/${w.name}`)).toEqual([
        'payments/ledger',
        'payments/payments-api',
      ]);
    });

    it('keeps the last known workloads of a cluster that failed, and says so', async () => {
      const first = new Date('2026-11-22T10:00:00Z');
      await store.recordSync(
        'kubernetes',
        [
          { cluster: 'eks-prod', ok: true, workloads: [workload('a', {})] },
          { cluster: 'eks-dev', ok: true, workloads: [] },
        ],
        first,
      );
      await store.recordSync(
        'kubernetes',
        [
          {
            cluster: 'eks-prod',
            ok: false,
            message: 'connect ECONNREFUSED',
            workloads: [],
          },
          { cluster: 'eks-dev', ok: true, workloads: [] },
        ],
        new Date('2026-11-22T10:05:00Z'),
      );
      expect((await store.listWorkloads({})).totalCount).toBe(1);
      expect(await store.listSourceStatuses()).toEqual([
        {
          source: 'kubernetes',
          cluster: 'eks-dev',
          ok: true,
          message: undefined,
          workloadCount: 0,
          syncedAt: '2026-11-22T10:05:00.000Z',
        },
        {
          source: 'kubernetes',
          cluster: 'eks-prod',
          ok: false,
          message: 'connect ECONNREFUSED',
          workloadCount: 1,
          syncedAt: '2026-11-22T10:05:00.000Z',
        },
      ]);
    });

    it('forgets clusters a source stops reporting, without touching other sources', async () => {
      const at = new Date('2026-11-22T10:00:00Z');
      await store.recordSync(
        'kubernetes',
        [{ cluster: 'old', ok: true, workloads: [workload('a', {})] }],
        at,
      );
      await store.recordSync(
        'manifests:demo',
        [
          {
            cluster: 'demo',
            ok: true,
            workloads: [
              {
                ...workload('b', {}),
                cluster: 'demo',
                source: 'manifests:demo',
              },
            ],
          },
        ],
        at,
      );
      await store.recordSync('kubernetes', [], at);
      const { items } = await store.listWorkloads({});
      expect(items.map(w => w.name)).toEqual(['b']);
      expect((await store.listSourceStatuses()).map(s => s.cluster)).toEqual([
        'demo',
      ]);
    });

    it('replaces a cluster in batches larger than one insert statement', async () => {
      const many = Array.from({ length: 250 }, (_, i) =>
        workload(`w-${i}`, { i: String(i) }),
      );
      await store.recordSync(
        'kubernetes',
        [{ cluster: 'eks-prod', ok: true, workloads: many }],
        new Date(),
      );
      await store.recordSync(
        'kubernetes',
        [{ cluster: 'eks-prod', ok: true, workloads: many.slice(0, 10) }],
        new Date(),
      );
      expect((await store.listWorkloads({})).totalCount).toBe(10);
    });
  },
);
