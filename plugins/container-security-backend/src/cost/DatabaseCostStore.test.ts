import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { StoredWorkloadCost } from './CostStore';
import { DatabaseCostStore } from './DatabaseCostStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const cost = (
  workload: string,
  overrides: Partial<StoredWorkloadCost> = {},
): StoredWorkloadCost => ({
  source: 'files',
  cluster: 'prod',
  namespace: 'shop',
  workload,
  kind: 'Deployment',
  capacityType: 'ec2',
  replicas: 2.5,
  monthlyCost: 12.34,
  potentialSavings: 5.67,
  currency: 'USD',
  stats: {
    cluster: 'prod',
    namespace: 'shop',
    workload,
    windowStart: '2026-11-08T00:00:00.000Z',
    windowEnd: '2026-11-22T00:00:00.000Z',
    periodSeconds: 3600,
    cpu: {
      request: 0.5,
      usage: { p50: 0.1, p95: 0.2, max: 0.3, mean: 0.1, samples: 336 },
    },
    memory: {},
  },
  hints: [
    {
      type: 'spot',
      workload: {
        cluster: 'prod',
        namespace: 'shop',
        kind: 'Deployment',
        name: workload,
      },
      resource: 'workload',
      title: 't',
      current: 'c',
      suggested: 's',
      monthlySavings: 5.67,
      why: 'w',
    },
  ],
  computedAt: '2026-11-22T08:00:00.000Z',
  ...overrides,
});

describe.each(databases.eachSupportedId())('DatabaseCostStore on %p', id => {
  let knex: Knex;
  let store: DatabaseCostStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    store = DatabaseCostStore.create(knex);
  });

  it('stores and reads back costs and statuses', async () => {
    await store.recordPull(
      'files',
      [{ cluster: 'prod', ok: true, costs: [cost('api'), cost('web')] }],
      new Date('2026-11-22T08:00:00Z'),
    );
    const costs = await store.listCosts();
    expect(costs).toEqual([cost('api'), cost('web')]);
    expect(await store.listCosts({ namespaces: ['other'] })).toEqual([]);
    expect(await store.listCosts({ namespaces: [] })).toEqual([]);
    expect(await store.listSourceStatuses()).toEqual([
      {
        source: 'files',
        cluster: 'prod',
        ok: true,
        syncedAt: '2026-11-22T08:00:00.000Z',
        workloadCount: 2,
      },
    ]);
  });

  it('replaces a cluster read successfully, keeps a failed one and forgets unreported ones', async () => {
    await store.recordPull(
      'cw',
      [
        {
          cluster: 'a',
          ok: true,
          costs: [cost('api', { source: 'cw', cluster: 'a' })],
        },
        {
          cluster: 'b',
          ok: true,
          costs: [cost('web', { source: 'cw', cluster: 'b' })],
        },
        {
          cluster: 'c',
          ok: true,
          costs: [cost('db', { source: 'cw', cluster: 'c' })],
        },
      ],
      new Date('2026-11-22T08:00:00Z'),
    );
    await store.recordPull(
      'cw',
      [
        {
          cluster: 'a',
          ok: true,
          costs: [cost('api2', { source: 'cw', cluster: 'a' })],
        },
        { cluster: 'b', ok: false, message: 'access denied', costs: [] },
      ],
      new Date('2026-11-22T09:00:00Z'),
    );
    const costs = await store.listCosts();
    expect(costs.map(c => `${c.cluster}/${c.workload}`)).toEqual([
      'a/api2',
      'b/web',
    ]);
    expect(await store.listSourceStatuses()).toEqual([
      expect.objectContaining({ cluster: 'a', ok: true, workloadCount: 1 }),
      {
        source: 'cw',
        cluster: 'b',
        ok: false,
        message: 'access denied',
        syncedAt: '2026-11-22T09:00:00.000Z',
        workloadCount: 1,
      },
    ]);
  });

  it('keeps sources apart', async () => {
    await store.recordPull(
      'one',
      [{ cluster: 'prod', ok: true, costs: [cost('api', { source: 'one' })] }],
      new Date(),
    );
    await store.recordPull(
      'two',
      [{ cluster: 'prod', ok: true, costs: [cost('api', { source: 'two' })] }],
      new Date(),
    );
    await store.recordPull('one', [], new Date());
    expect((await store.listCosts()).map(c => c.source)).toEqual(['two']);
  });

  it('migrates down cleanly', async () => {
    await knex.migrate.rollback({ directory: MIGRATIONS_DIRECTORY }, true);
    expect(
      await knex.schema.hasTable('container_security_workload_costs'),
    ).toBe(false);
  });
});
