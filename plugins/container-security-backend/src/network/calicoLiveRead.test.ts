import { ConfigReader } from '@backstage/config';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import {
  buildNetpolModel,
  KubernetesObject,
} from '@containersec/plugin-container-security-node';
import { setupServer } from 'msw/node';
import { KubernetesWorkloadSource } from '../workloads/kubernetes';
import {
  clusterHandlers,
  deployment,
  namespace,
  networkPolicy,
  uid,
} from '../workloads/kubernetes/__testUtils__/kubernetesApi';
import { NetworkObjectStore, StoredNetworkObject } from './NetworkObjectStore';
import { NetworkService } from './NetworkService';

const server = setupServer();
registerMswTestHooks(server);

const A = 'https://calico.example.com';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.c2E.c2ln';

function source() {
  return KubernetesWorkloadSource.fromConfig(
    new ConfigReader({
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod',
                url: A,
                authProvider: 'serviceAccount',
                serviceAccountToken: TOKEN,
              },
            ],
          },
        ],
      },
    }),
    {
      logger: mockServices.logger.mock(),
      inClusterTokenPath: '/nonexistent',
    },
  );
}

const CREATED = '2026-10-01T08:00:00Z';

/** Items as the Calico API server (projectcalico.org/v3) lists them. */
const v3 = {
  networkPolicy: {
    metadata: {
      name: 'allow-tcp-6379',
      namespace: 'production',
      uid: uid(),
      resourceVersion: '90211',
      creationTimestamp: CREATED,
    },
    spec: {
      tier: 'default',
      order: 100,
      selector: "role == 'database'",
      types: ['Ingress', 'Egress'],
      ingress: [
        {
          action: 'Allow',
          protocol: 'TCP',
          source: { selector: "role == 'frontend'" },
          destination: { ports: [6379] },
        },
      ],
      egress: [{ action: 'Allow' }],
    },
  },
  globalNetworkPolicy: {
    metadata: {
      name: 'deny-metadata-egress',
      uid: uid(),
      resourceVersion: '90212',
      creationTimestamp: CREATED,
    },
    spec: {
      tier: 'default',
      order: 10,
      selector: 'all()',
      types: ['Egress'],
      egress: [
        {
          action: 'Deny',
          destination: { nets: ['169.254.169.254/32'] },
        },
        { action: 'Pass' },
      ],
    },
  },
  networkSet: {
    metadata: {
      name: 'partners',
      namespace: 'production',
      labels: { role: 'partner' },
      uid: uid(),
      resourceVersion: '90213',
      creationTimestamp: CREATED,
    },
    spec: { nets: ['198.51.100.0/24'] },
  },
  globalNetworkSet: {
    metadata: {
      name: 'threat-feed',
      labels: { feed: 'blocklist' },
      uid: uid(),
      resourceVersion: '90214',
      creationTimestamp: CREATED,
    },
    spec: { nets: ['203.0.113.0/24'] },
  },
};

/**
 * The same kinds as Calico's CRDs store them (crd.projectcalico.org/v1): names carry the
 * tier, and the v3 metadata is kept in an annotation.
 */
const crd = {
  networkPolicy: {
    metadata: {
      name: 'default.allow-tcp-6379',
      namespace: 'production',
      uid: uid(),
      resourceVersion: '1881',
      generation: 1,
      creationTimestamp: CREATED,
      annotations: {
        'projectcalico.org/metadata': `{"uid":"${uid()}","creationTimestamp":"${CREATED}"}`,
      },
    },
    spec: v3.networkPolicy.spec,
  },
  globalNetworkSet: {
    metadata: {
      name: 'threat-feed',
      labels: { feed: 'blocklist' },
      uid: uid(),
      resourceVersion: '1882',
      generation: 1,
      creationTimestamp: CREATED,
    },
    spec: { nets: ['203.0.113.0/24'] },
  },
};

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
  async listObjects() {
    return this.stored;
  }
}

const kindsOf = (objects: KubernetesObject[]) =>
  objects
    .filter(o => (o.apiVersion ?? '').includes('projectcalico'))
    .map(o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)
    .sort();

describe('Calico resources read from a live cluster', () => {
  it('reads the projectcalico.org/v3 kinds and skips their CRD copies', async () => {
    const { handlers, requests } = clusterHandlers(A, {
      pages: {
        Namespace: [[namespace('production')]],
        Deployment: [[deployment('redis', 'production', 'redis:7')]],
        NetworkPolicy: [[networkPolicy('web', 'production')]],
        'networkpolicies.projectcalico.org': [[v3.networkPolicy]],
        'globalnetworkpolicies.projectcalico.org': [[v3.globalNetworkPolicy]],
        'networksets.projectcalico.org': [[v3.networkSet]],
        'globalnetworksets.projectcalico.org': [[v3.globalNetworkSet]],
      },
    });
    server.use(...handlers);

    const results = await source().readWorkloads();
    const [result] = results;
    expect(result.ok).toBe(true);
    expect(result.message).toBeUndefined();
    const objects = result.objects!.map(o => o.object);
    expect(kindsOf(objects)).toEqual([
      'projectcalico.org/v3 GlobalNetworkPolicy deny-metadata-egress',
      'projectcalico.org/v3 GlobalNetworkSet threat-feed',
      'projectcalico.org/v3 NetworkPolicy allow-tcp-6379',
      'projectcalico.org/v3 NetworkSet partners',
    ]);
    expect(requests.some(r => r.path.includes('crd.projectcalico.org'))).toBe(
      false,
    );
    expect(requests.map(r => r.path)).toEqual(
      expect.arrayContaining([
        '/apis/projectcalico.org/v3/networkpolicies',
        '/apis/projectcalico.org/v3/globalnetworkpolicies',
        '/apis/projectcalico.org/v3/networksets',
        '/apis/projectcalico.org/v3/globalnetworksets',
      ]),
    );

    // The network store keeps the Calico and Kubernetes policies whole, trimmed workloads.
    const store = new MemoryStore();
    await new NetworkService({
      store,
      logger: mockServices.logger.mock(),
    }).recordScan('kubernetes', results);
    const stored = store.stored.map(s => s.object);
    expect(
      stored.find(o => o.metadata.name === 'allow-tcp-6379')!.spec,
    ).toEqual(v3.networkPolicy.spec);
    expect(
      stored.find(
        o =>
          o.kind === 'NetworkPolicy' && o.apiVersion === 'networking.k8s.io/v1',
      ),
    ).toBeDefined();
    const redis = stored.find(o => o.kind === 'Deployment')!;
    expect(JSON.stringify(redis)).not.toContain('redis:7'); // images are not kept
    expect((redis.spec as any).template.spec.containers[0].ports).toEqual([
      { containerPort: 8080, protocol: 'TCP' },
    ]);
  });

  it('reads tiers and staged policies, so a custom tier orders where the cluster puts it', async () => {
    const tier = {
      metadata: {
        name: 'security',
        uid: uid(),
        resourceVersion: '90215',
        creationTimestamp: CREATED,
      },
      spec: { order: 100 },
    };
    // In the security tier (order 100, before the default tier): denies what the
    // default-tier policy allows. Read without the Tier, the tier would sort last.
    const denyInSecurityTier = {
      ...v3.networkPolicy,
      metadata: {
        ...v3.networkPolicy.metadata,
        name: 'security.deny-tcp-6379',
        uid: uid(),
      },
      spec: {
        tier: 'security',
        order: 1,
        selector: "role == 'database'",
        types: ['Ingress'],
        ingress: [
          { action: 'Deny', protocol: 'TCP', destination: { ports: [6379] } },
        ],
      },
    };
    const staged = {
      ...v3.networkPolicy,
      metadata: {
        ...v3.networkPolicy.metadata,
        name: 'default.staged',
        uid: uid(),
      },
    };
    const { handlers, requests } = clusterHandlers(A, {
      pages: {
        Namespace: [[namespace('production')]],
        'networkpolicies.projectcalico.org': [
          [v3.networkPolicy, denyInSecurityTier],
        ],
        'tiers.projectcalico.org': [[tier]],
        'stagednetworkpolicies.projectcalico.org': [[staged]],
      },
    });
    server.use(...handlers);

    const results = await source().readWorkloads();
    const objects = results[0].objects!.map(o => o.object);
    expect(kindsOf(objects)).toEqual([
      'projectcalico.org/v3 NetworkPolicy allow-tcp-6379',
      'projectcalico.org/v3 NetworkPolicy security.deny-tcp-6379',
      'projectcalico.org/v3 StagedNetworkPolicy default.staged',
      'projectcalico.org/v3 Tier security',
    ]);
    expect(requests.map(r => r.path)).toEqual(
      expect.arrayContaining([
        '/apis/projectcalico.org/v3/tiers',
        '/apis/projectcalico.org/v3/stagednetworkpolicies',
        '/apis/projectcalico.org/v3/stagedglobalnetworkpolicies',
        '/apis/projectcalico.org/v3/stagedkubernetesnetworkpolicies',
      ]),
    );
    const store = new MemoryStore();
    await new NetworkService({
      store,
      logger: mockServices.logger.mock(),
    }).recordScan('kubernetes', results);
    expect(kindsOf(store.stored.map(o => o.object))).toContain(
      'projectcalico.org/v3 Tier security',
    );

    // With the Tier read, the engine orders the security tier at 100, before the
    // default tier (1,000,000); without it, the tier would have no order and sort last.
    const model = buildNetpolModel(objects, { strict: false });
    expect(model.tiers.get('security')?.order).toBe(100);
    expect(model.stagedPolicies.map(p => p.name)).toEqual(['default.staged']);
    const withoutTier = buildNetpolModel(
      objects.filter(o => o.kind !== 'Tier'),
      { strict: false },
    );
    expect(withoutTier.tiers.get('security')?.order).toBeUndefined();
  });

  it('falls back to the crd.projectcalico.org/v1 CRDs when no Calico API server is installed', async () => {
    const { handlers, requests } = clusterHandlers(A, {
      pages: {
        Namespace: [[namespace('production')]],
        'networkpolicies.crd.projectcalico.org': [[crd.networkPolicy]],
        'globalnetworksets.crd.projectcalico.org': [[crd.globalNetworkSet]],
      },
      statuses: {
        'networkpolicies.projectcalico.org': 404,
        'globalnetworkpolicies.projectcalico.org': 404,
        'networksets.projectcalico.org': 404,
        'globalnetworksets.projectcalico.org': 404,
      },
    });
    server.use(...handlers);

    const [result] = await source().readWorkloads();
    expect(result.ok).toBe(true);
    // Calico's API server being absent is normal, not a gap to report.
    expect(result.message).toBeUndefined();
    expect(kindsOf(result.objects!.map(o => o.object))).toEqual([
      'crd.projectcalico.org/v1 GlobalNetworkSet threat-feed',
      'crd.projectcalico.org/v1 NetworkPolicy default.allow-tcp-6379',
    ]);
    expect(requests.map(r => r.path)).toEqual(
      expect.arrayContaining([
        '/apis/crd.projectcalico.org/v1/networkpolicies',
        '/apis/crd.projectcalico.org/v1/globalnetworkpolicies',
      ]),
    );
  });

  it('reads a cluster without Calico as before, without a message', async () => {
    const calico404 = Object.fromEntries(
      [
        'networkpolicies',
        'globalnetworkpolicies',
        'networksets',
        'globalnetworksets',
      ].flatMap(p => [
        [`${p}.projectcalico.org`, 404],
        [`${p}.crd.projectcalico.org`, 404],
      ]),
    );
    server.use(
      ...clusterHandlers(A, {
        pages: { Namespace: [[namespace('production')]] },
        statuses: calico404,
      }).handlers,
    );
    const [result] = await source().readWorkloads();
    expect(result.ok).toBe(true);
    expect(result.message).toBeUndefined();
    expect(kindsOf(result.objects!.map(o => o.object))).toEqual([]);
  });

  it('names Calico kinds the service account may not list', async () => {
    server.use(
      ...clusterHandlers(A, {
        pages: { Namespace: [[namespace('production')]] },
        statuses: {
          'globalnetworkpolicies.projectcalico.org': 403,
        },
      }).handlers,
    );
    const [result] = await source().readWorkloads();
    expect(result.ok).toBe(true);
    expect(result.message).toBe(
      'skipped resource types: forbidden: globalnetworkpolicies.projectcalico.org',
    );
  });
});
