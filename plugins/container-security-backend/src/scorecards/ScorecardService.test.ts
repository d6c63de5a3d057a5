import { Entity } from '@backstage/catalog-model';
import { LatestSnapshot, PostureStore } from '../posture';
import { DEFAULT_LEVELS } from './config';
import { ScopeCatalog } from './entityScope';
import { ScorecardService } from './ScorecardService';

const snap = (entityRef: string, owner: string, score: number) =>
  ({
    entityRef,
    kind: 'Component',
    owner,
    takenAt: '2026-12-07T00:00:00.000Z',
    score,
    grade: score >= 90 ? 'A' : 'C',
    counts: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    workloadCount: 1,
    failingChecks: [],
  } as LatestSnapshot);

const group = (
  name: string,
  children: string[],
  owns: string[],
  title?: string,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
  relations: [
    ...children.map(c => ({
      type: 'parentOf',
      targetRef: `group:default/${c}`,
    })),
    ...owns.map(c => ({
      type: 'ownerOf',
      targetRef: `component:default/${c}`,
    })),
  ],
});

const component = (name: string, annotated: boolean): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: annotated ? { 'backstage.io/kubernetes-id': name } : {},
  },
});

describe('ScorecardService.getEntityScorecard', () => {
  const entities = new Map<string, Entity>([
    [
      'group:default/payments',
      group(
        'payments',
        ['payments-fraud'],
        ['payments-api', 'legacy-reporting'],
      ),
    ],
    [
      'group:default/payments-fraud',
      group(
        'payments-fraud',
        [],
        ['fraud-scoring', 'fraud-batch'],
        'Fraud team',
      ),
    ],
    [
      'component:default/legacy-reporting',
      component('legacy-reporting', false),
    ],
    ['component:default/fraud-batch', component('fraud-batch', true)],
  ]);
  const catalog: ScopeCatalog & { asked: string[][] } = {
    asked: [],
    async getEntitiesByRefs(refs) {
      this.asked.push(refs);
      return refs.map(r => entities.get(r));
    },
  };
  const store = {
    listLatest: async () => [
      snap('component:default/payments-api', 'group:default/payments', 90),
      snap(
        'component:default/fraud-scoring',
        'group:default/payments-fraud',
        70,
      ),
      snap('component:default/other', 'group:default/elsewhere', 10),
    ],
  } as unknown as PostureStore;
  const service = new ScorecardService({
    store,
    config: { levels: DEFAULT_LEVELS, campaigns: [], impactByLifecycle: {} },
  });

  it("rolls up a group's sub-groups with the hierarchy, and says which services are left out and why", async () => {
    const out = await service.getEntityScorecard(
      entities.get('group:default/payments')!,
      catalog,
    );
    expect(out.entries.map(e => e.entityRef)).toEqual([
      'component:default/payments-api',
      'component:default/fraud-scoring',
    ]);
    expect(out.score).toBe(80);
    expect(out.subGroups).toEqual([
      {
        entityRef: 'group:default/payments-fraud',
        parentRef: 'group:default/payments',
        title: 'Fraud team',
      },
    ]);
    expect(out.excluded).toEqual([
      { entityRef: 'component:default/fraud-batch', reason: 'no-workloads' },
      {
        entityRef: 'component:default/legacy-reporting',
        reason: 'no-kubernetes-annotation',
      },
    ]);
  });

  it('without a catalog, a group counts only the services it owns directly', async () => {
    const out = await service.getEntityScorecard(
      entities.get('group:default/payments')!,
    );
    expect(out.entries.map(e => e.entityRef)).toEqual([
      'component:default/payments-api',
    ]);
    expect(out.subGroups).toBeUndefined();
  });

  it('stops at a cycle in the hierarchy', async () => {
    const cyclic = new Map<string, Entity>([
      ['group:default/a', group('a', ['b'], [])],
      ['group:default/b', group('b', ['a'], [])],
    ]);
    const out = await service.getEntityScorecard(
      cyclic.get('group:default/a')!,
      {
        getEntitiesByRefs: async refs => refs.map(r => cyclic.get(r)),
      },
    );
    expect(out.subGroups?.map(g => g.entityRef)).toEqual(['group:default/b']);
  });
});
