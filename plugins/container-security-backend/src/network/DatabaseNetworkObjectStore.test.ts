import { KubernetesObject } from '@containersec/plugin-container-security-node';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { DatabaseNetworkObjectStore } from './DatabaseNetworkObjectStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

const k8sPolicy = (name: string, ns = 'payments'): KubernetesObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec: { podSelector: {}, policyTypes: ['Ingress'] },
});
const calicoPolicy = (name: string, ns = 'payments'): KubernetesObject => ({
  apiVersion: 'projectcalico.org/v3',
  kind: 'NetworkPolicy',
  metadata: { name, namespace: ns },
  spec: { selector: 'all()', order: 100, types: ['Ingress'] },
});

describe.each(databases.eachSupportedId())(
  'DatabaseNetworkObjectStore on %p',
  id => {
    let knex: Knex;
    let store: DatabaseNetworkObjectStore;

    beforeEach(async () => {
      knex = await databases.init(id);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseNetworkObjectStore.create(knex);
    });

    it('keeps a Kubernetes and a Calico policy of the same name apart', async () => {
      await store.recordScan(
        'kubernetes',
        [
          {
            cluster: 'eks-prod',
            objects: [k8sPolicy('web'), calicoPolicy('web')],
          },
        ],
        ['eks-prod'],
      );
      const stored = await store.listObjects({});
      expect(stored.map(s => s.object.apiVersion).sort()).toEqual([
        'networking.k8s.io/v1',
        'projectcalico.org/v3',
      ]);
      expect(stored[0]).toMatchObject({
        source: 'kubernetes',
        cluster: 'eks-prod',
      });
      expect(
        stored.find(s => s.object.apiVersion === 'projectcalico.org/v3')!.object
          .spec,
      ).toEqual({ selector: 'all()', order: 100, types: ['Ingress'] });
    });

    it('replaces scanned clusters, keeps failed ones and forgets unreported ones', async () => {
      await store.recordScan(
        'kubernetes',
        [
          { cluster: 'a', objects: [k8sPolicy('one')] },
          { cluster: 'b', objects: [k8sPolicy('two')] },
          { cluster: 'c', objects: [k8sPolicy('three')] },
        ],
        ['a', 'b', 'c'],
      );
      await store.recordScan(
        'other',
        [{ cluster: 'a', objects: [k8sPolicy('x')] }],
        ['a'],
      );
      // a is read again, b failed (reported, not scanned), c is gone.
      await store.recordScan(
        'kubernetes',
        [{ cluster: 'a', objects: [k8sPolicy('four'), k8sPolicy('four')] }],
        ['a', 'b'],
      );
      const stored = await store.listObjects({});
      expect(
        stored.map(s => `${s.source}/${s.cluster}/${s.object.metadata.name}`),
      ).toEqual(['kubernetes/a/four', 'other/a/x', 'kubernetes/b/two']);
      const onlyB = await store.listObjects({ clusters: ['b'] });
      expect(onlyB.map(s => s.object.metadata.name)).toEqual(['two']);
    });

    it('stores more objects than one INSERT chunk', async () => {
      const objects = Array.from({ length: 250 }, (_, i) =>
        k8sPolicy(`p-${String(i).padStart(3, '0')}`),
      );
      await store.recordScan('kubernetes', [{ cluster: 'a', objects }], ['a']);
      expect(await store.listObjects({ clusters: ['a'] })).toHaveLength(250);
    });
  },
);
