import { mockServices } from '@backstage/backend-test-utils';
import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import { KubernetesObject } from '@containersec/plugin-container-security-node';
import { NetworkObjectStore, StoredNetworkObject } from './NetworkObjectStore';
import { NetworkService } from './NetworkService';

class MemoryStore implements NetworkObjectStore {
  stored: StoredNetworkObject[] = [];
  async recordScan(
    sourceId: string,
    scanned: Array<{ cluster: string; objects: KubernetesObject[] }>,
  ) {
    this.stored = scanned.flatMap(s =>
      s.objects.map(object => ({
        source: sourceId,
        cluster: s.cluster,
        object,
      })),
    );
  }
  async listObjects(query: { clusters?: string[] }) {
    return this.stored.filter(
      s => !query.clusters || query.clusters.includes(s.cluster),
    );
  }
}

const deployment = (name: string): KubernetesObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop', labels: { app: name } },
  spec: {
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: 'app', image: 'x:1', ports: [{ containerPort: 8080 }] },
        ],
      },
    },
  },
});
const denyIngress: KubernetesObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: 'deny', namespace: 'shop' },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
};
const workload = (cluster: string): WorkloadSummary => ({
  cluster,
  namespace: 'shop',
  kind: 'Deployment',
  name: 'api',
  labels: { app: 'api' },
  containers: [],
  source: 'test',
  observedAt: '2026-11-22T08:00:00Z',
});

describe('NetworkService', () => {
  it('stores only the network objects of clusters that were read', async () => {
    const store = new MemoryStore();
    const service = new NetworkService({
      store,
      logger: mockServices.logger.mock(),
    });
    await service.recordScan('test', [
      {
        cluster: 'a',
        ok: true,
        workloads: [],
        objects: [
          { object: deployment('api') },
          { object: denyIngress },
          {
            object: {
              apiVersion: 'v1',
              kind: 'Secret',
              metadata: { name: 's', namespace: 'shop' },
            },
          },
        ],
      },
      { cluster: 'b', ok: false, message: 'down', workloads: [] },
    ]);
    expect(
      store.stored.map(
        s => `${s.cluster}/${s.object.kind}/${s.object.metadata.name}`,
      ),
    ).toEqual(['a/Deployment/api', 'a/NetworkPolicy/deny']);
  });

  it('logs and swallows a store failure, so the sync goes on', async () => {
    const logger = mockServices.logger.mock();
    const service = new NetworkService({
      store: {
        recordScan: async () => {
          throw new Error('disk full');
        },
        listObjects: async () => [],
      },
      logger,
    });
    await expect(
      service.recordScan('test', [
        { cluster: 'a', ok: true, workloads: [], objects: [] },
      ]),
    ).resolves.toBeUndefined();
    expect(logger.error).toHaveBeenCalledWith(
      'network objects were not stored',
      { source: 'test', reason: 'disk full' },
    );
  });

  it('calls a service isolated only where every cluster it runs in isolates it', async () => {
    const store = new MemoryStore();
    store.stored = [
      { source: 't', cluster: 'a', object: deployment('api') },
      { source: 't', cluster: 'a', object: deployment('web') },
      { source: 't', cluster: 'a', object: denyIngress },
      { source: 't', cluster: 'b', object: deployment('api') },
      { source: 't', cluster: 'b', object: deployment('web') },
    ];
    const service = new NetworkService({
      store,
      logger: mockServices.logger.mock(),
    });
    const both = await service.getEntityNetwork(
      'component:default/api',
      'api',
      [workload('a'), workload('b')],
    );
    expect(both.workloads).toEqual([
      'Deployment/shop/api',
      'Deployment/shop/api',
    ]);
    expect(both.isolation.ingress.isolated).toBe(false);
    // web reaches api only in cluster b, where nothing isolates it.
    const fromWeb = both.reachableFrom.filter(p => p.name === 'web');
    expect(fromWeb.map(p => p.cluster)).toEqual(['b']);
    expect(fromWeb[0].key).toBe('b|workload:shop/Deployment/web');

    const onlyA = await service.getEntityNetwork(
      'component:default/api',
      'api',
      [workload('a')],
    );
    expect(onlyA.isolation.ingress.isolated).toBe(true);
    expect(onlyA.reachableFrom).toEqual([]);
    // Egress is open: the graph has the service and "anywhere" (web is isolated in a).
    expect(onlyA.graph.nodes.map(n => n.id)).toEqual(['service', 'a|anywhere']);
    expect(onlyA.graph.edges).toEqual([
      { from: 'service', to: 'a|anywhere', label: 'all traffic' },
    ]);
  });
});
