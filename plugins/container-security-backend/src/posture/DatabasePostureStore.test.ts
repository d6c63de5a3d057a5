import { Knex } from 'knex';
import { SCORE_MODEL_VERSION } from '@containersec/plugin-container-security-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { DatabasePostureStore } from './DatabasePostureStore';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { StoredResource } from './PostureStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const resource = (name: string, namespace?: string): StoredResource => ({
  source: 'kubernetes',
  cluster: 'eks-prod',
  resource: {
    kind: namespace ? 'Deployment' : 'ClusterRoleBinding',
    namespace,
    name,
  },
  isWorkload: Boolean(namespace),
  labels: { app: name },
  findings: [
    {
      checkId: 'privileged-container',
      severity: 'critical',
      resource: { kind: 'Deployment', namespace, name },
      container: 'app',
      message: 'container "app" runs privileged',
    },
  ],
  exemptions: [],
});

const counts = { critical: 1, high: 0, medium: 2, low: 0, info: 0 };

describe.each(databases.eachSupportedId())('DatabasePostureStore on %p', id => {
  let knex: Knex;
  let store: DatabasePostureStore;

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    store = DatabasePostureStore.create(knex);
  });

  it('replaces scanned clusters, keeps failed ones and forgets unreported ones', async () => {
    await store.recordScan(
      'kubernetes',
      [
        {
          cluster: 'eks-prod',
          resources: [resource('a', 'payments'), resource('admins')],
        },
        {
          cluster: 'eks-old',
          resources: [{ ...resource('b', 'payments'), cluster: 'eks-old' }],
        },
      ],
      ['eks-prod', 'eks-old'],
    );
    // eks-prod failed this time (not scanned but reported); eks-old is gone.
    await store.recordScan('kubernetes', [], ['eks-prod']);
    const all = await store.listResources({});
    expect(all.map(r => `${r.cluster}/${r.resource.name}`)).toEqual([
      'eks-prod/admins',
      'eks-prod/a',
    ]);
    expect(all[0].resource.namespace).toBeUndefined();
    expect(all[1]).toEqual(resource('a', 'payments'));
    expect(
      (await store.listResources({ namespace: 'payments' })).map(
        r => r.resource.name,
      ),
    ).toEqual(['a']);
  });

  it('keeps snapshots per entity and answers the latest ones oldest first', async () => {
    const snapshot = (entityRef: string, day: number, score: number) => ({
      entityRef,
      takenAt: `2026-11-${String(day).padStart(2, '0')}T00:00:00.000Z`,
      score,
      grade: 'B' as const,
      counts,
      workloadCount: 2,
      kind: 'Component',
      failingChecks: ['privileged-container'],
    });
    await store.addSnapshots([
      snapshot('component:default/a', 1, 50),
      snapshot('component:default/a', 2, 60),
      snapshot('component:default/a', 3, 70),
      snapshot('component:default/b', 3, 10),
    ]);
    expect(await store.getTrend('component:default/a', 2)).toEqual([
      {
        takenAt: '2026-11-02T00:00:00.000Z',
        score: 60,
        grade: 'B',
        counts,
        workloadCount: 2,
        scoreModel: SCORE_MODEL_VERSION,
      },
      {
        takenAt: '2026-11-03T00:00:00.000Z',
        score: 70,
        grade: 'B',
        counts,
        workloadCount: 2,
        scoreModel: SCORE_MODEL_VERSION,
      },
    ]);
    expect(await store.getTrend('component:default/none', 5)).toEqual([]);
  });

  it('keeps the newest snapshot of each entity as its scorecard, with the score of a week before', async () => {
    const snapshot = (entityRef: string, takenAt: string, score: number) => ({
      entityRef,
      takenAt,
      score,
      grade: 'C' as const,
      counts,
      workloadCount: 1,
      kind: 'Component',
      owner: 'group:default/t1',
      failingChecks: ['cpu-limits-missing'],
    });
    await store.addSnapshots([
      snapshot('component:default/a', '2026-11-01T00:00:00.000Z', 40),
    ]);
    await store.addSnapshots([
      snapshot('component:default/a', '2026-11-21T00:00:00.000Z', 70),
      snapshot('component:default/a', '2026-11-22T00:00:00.000Z', 75),
      snapshot('component:default/b', '2026-11-22T00:00:00.000Z', 90),
    ]);
    const latest = await store.listLatest();
    expect(latest.map(l => [l.entityRef, l.score, l.previousScore])).toEqual([
      ['component:default/a', 75, 40],
      ['component:default/b', 90, undefined],
    ]);
    expect(latest[0]).toMatchObject({
      owner: 'group:default/t1',
      failingChecks: ['cpu-limits-missing'],
      kind: 'Component',
    });
    expect((await store.lastSnapshotAt())?.toISOString()).toBe(
      '2026-11-22T00:00:00.000Z',
    );
    // a later round without b drops it from the scorecards
    await store.addSnapshots([
      snapshot('component:default/a', '2026-11-23T00:00:00.000Z', 80),
    ]);
    expect((await store.listLatest()).map(l => l.entityRef)).toEqual([
      'component:default/a',
    ]);
    const since = await store.listSnapshotsSince(
      new Date('2026-11-22T00:00:00.000Z'),
    );
    expect(since.map(s => [s.entityRef, s.score])).toEqual([
      ['component:default/a', 75],
      ['component:default/b', 90],
      ['component:default/a', 80],
    ]);
  });

  it('marks snapshots of the first scoring model and gives no delta across a change of model', async () => {
    // A row stored before the model was recorded, as the scorecards migration left it.
    await knex('container_security_posture_snapshots').insert({
      entity_ref: 'component:default/cart',
      taken_at: new Date('2026-11-01T00:00:00.000Z'),
      score: 0,
      grade: 'F',
      ...counts,
      workload_count: 1,
      kind: 'Component',
      failing_checks: '[]',
    });
    await store.addSnapshots([
      {
        entityRef: 'component:default/cart',
        takenAt: '2026-11-22T00:00:00.000Z',
        score: 31,
        grade: 'F',
        counts,
        workloadCount: 1,
        kind: 'Component',
        failingChecks: [],
      },
    ]);
    const trend = await store.getTrend('component:default/cart', 5);
    expect(trend.map(t => [t.score, t.scoreModel])).toEqual([
      [0, 1],
      [31, SCORE_MODEL_VERSION],
    ]);
    const [latest] = await store.listLatest();
    expect(latest.previousScore).toBeUndefined();
    expect(latest.scoreModel).toBe(SCORE_MODEL_VERSION);
  });

  it('stores more snapshots than fit in one statement', async () => {
    const many = Array.from({ length: 400 }, (_, i) => ({
      entityRef: `component:default/s${i}`,
      takenAt: '2026-11-22T00:00:00.000Z',
      score: 90,
      grade: 'A' as const,
      counts,
      workloadCount: 1,
      kind: 'Component',
      failingChecks: [],
    }));
    await store.addSnapshots(many);
    const [{ count }] = await knex(
      'container_security_posture_snapshots',
    ).count({ count: '*' });
    expect(Number(count)).toBe(400);
  });
});
