import { ConfigReader } from '@backstage/config';
import {
  createMockDirectory,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import {
  buildNetpolModel,
  evaluateNetpolFlow,
  KubernetesObject,
} from '@containersec/plugin-container-security-node';
import { setupServer } from 'msw/node';
import { KubernetesWorkloadSource } from '../workloads/kubernetes';
import { ManifestWorkloadSource } from '../workloads/ManifestWorkloadSource';
import {
  clusterHandlers,
  namespace,
  uid,
} from '../workloads/kubernetes/__testUtils__/kubernetesApi';
import { NetworkObjectStore, StoredNetworkObject } from './NetworkObjectStore';
import { NetworkService } from './NetworkService';

const server = setupServer();
registerMswTestHooks(server);

const A = 'https://guardrails.example.com';
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

const CREATED = '2026-11-02T09:30:00Z';

/** As the API server lists them: server-set metadata, status conditions from the CNI. */
const adminNetworkPolicy = {
  metadata: {
    name: 'cluster-control',
    uid: uid(),
    resourceVersion: '48211',
    generation: 2,
    creationTimestamp: CREATED,
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"…"}',
    },
    managedFields: [
      {
        manager: 'kubectl-client-side-apply',
        operation: 'Update',
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        time: CREATED,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:spec': {} },
      },
    ],
  },
  spec: {
    priority: 20,
    subject: { namespaces: {} },
    ingress: [
      {
        name: 'allow-monitoring',
        action: 'Allow',
        from: [
          {
            namespaces: {
              matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
            },
          },
        ],
      },
      {
        name: 'deny-from-sandbox',
        action: 'Deny',
        from: [{ namespaces: { matchLabels: { tier: 'sandbox' } } }],
      },
    ],
    egress: [
      {
        name: 'pass-dns',
        action: 'Pass',
        to: [
          {
            pods: {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
              },
              podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
            },
          },
        ],
        ports: [{ portNumber: { protocol: 'UDP', port: 53 } }],
      },
    ],
  },
  status: {
    conditions: [
      {
        type: 'Ready-In-Zone-eu-west-1a',
        status: 'True',
        reason: 'SetupSucceeded',
        message: 'Setting up OVN DB plumbing was successful',
        lastTransitionTime: CREATED,
        observedGeneration: 2,
      },
    ],
  },
};

const baselineAdminNetworkPolicy = {
  metadata: {
    name: 'default',
    uid: uid(),
    resourceVersion: '48212',
    generation: 1,
    creationTimestamp: CREATED,
  },
  spec: {
    subject: {
      namespaces: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] },
    },
    ingress: [
      {
        name: 'default-deny',
        action: 'Deny',
        from: [{ namespaces: {} }],
      },
    ],
  },
  status: { conditions: [] },
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

const guardrailsOf = (objects: KubernetesObject[]) =>
  objects
    .filter(o => (o.apiVersion ?? '').startsWith('policy.networking.k8s.io/'))
    .map(o => `${o.apiVersion} ${o.kind} ${o.metadata.name}`)
    .sort();

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy read from a live cluster', () => {
  it('lists both kinds cluster-wide, keeps them whole in the network store, and the engine evaluates them', async () => {
    const { handlers, requests } = clusterHandlers(A, {
      pages: {
        Namespace: [
          [
            namespace('monitoring'),
            {
              ...namespace('shop'),
              metadata: {
                ...namespace('shop').metadata,
                labels: { tenant: 'shop' },
              },
            },
          ],
        ],
        'adminnetworkpolicies.policy.networking.k8s.io': [[adminNetworkPolicy]],
        'baselineadminnetworkpolicies.policy.networking.k8s.io': [
          [baselineAdminNetworkPolicy],
        ],
      },
    });
    server.use(...handlers);

    const results = await source().readWorkloads();
    const [result] = results;
    expect(result.ok).toBe(true);
    expect(result.message).toBeUndefined();
    expect(guardrailsOf(result.objects!.map(o => o.object))).toEqual([
      'policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy cluster-control',
      'policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy default',
    ]);
    expect(requests.map(r => r.path)).toEqual(
      expect.arrayContaining([
        '/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies',
        '/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies',
      ]),
    );

    const store = new MemoryStore();
    await new NetworkService({
      store,
      logger: mockServices.logger.mock(),
    }).recordScan('kubernetes', results);
    const stored = store.stored.map(s => s.object);
    const anp = stored.find(o => o.kind === 'AdminNetworkPolicy')!;
    expect(anp.spec).toEqual(adminNetworkPolicy.spec);
    // Server bookkeeping is not kept.
    expect(anp.metadata.managedFields).toBeUndefined();
    expect(anp.metadata.annotations).toBeUndefined();
    expect(
      stored.find(o => o.kind === 'BaselineAdminNetworkPolicy'),
    ).toBeDefined();

    const model = buildNetpolModel(stored);
    expect(model.errors).toEqual([]);
    expect(model.policies.map(p => [p.kind, p.tier, p.order])).toEqual([
      ['AdminNetworkPolicy', 'adminnetworkpolicy', 20],
      ['BaselineAdminNetworkPolicy', 'baselineadminnetworkpolicy', 0],
    ]);
  });

  it('reads a cluster whose CNI serves no guardrail CRDs as before, without a message', async () => {
    server.use(
      ...clusterHandlers(A, {
        pages: { Namespace: [[namespace('shop')]] },
        statuses: {
          'adminnetworkpolicies.policy.networking.k8s.io': 404,
          'baselineadminnetworkpolicies.policy.networking.k8s.io': 404,
        },
      }).handlers,
    );
    const [result] = await source().readWorkloads();
    expect(result.ok).toBe(true);
    expect(result.message).toBeUndefined();
    expect(guardrailsOf(result.objects!.map(o => o.object))).toEqual([]);
  });

  it('names the guardrail kinds the service account may not list', async () => {
    server.use(
      ...clusterHandlers(A, {
        pages: { Namespace: [[namespace('shop')]] },
        statuses: { 'adminnetworkpolicies.policy.networking.k8s.io': 403 },
      }).handlers,
    );
    const [result] = await source().readWorkloads();
    expect(result.ok).toBe(true);
    expect(result.message).toBe(
      'skipped resource types: forbidden: adminnetworkpolicies.policy.networking.k8s.io',
    );
  });
});

describe('the engine over the stored guardrails', () => {
  it('decides by the ANP before anything else', () => {
    const model = buildNetpolModel([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      {
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        ...adminNetworkPolicy,
      } as KubernetesObject,
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'prom', namespace: 'monitoring' },
        spec: { containers: [{ name: 'p', image: 'p' }] },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web', namespace: 'shop' },
        spec: { containers: [{ name: 'w', image: 'w' }] },
      },
    ]);
    const [prom, web] = model.endpoints;
    const v = evaluateNetpolFlow(model, {
      from: { endpoint: prom },
      to: { endpoint: web },
      port: 8080,
    });
    expect(v.ingress).toMatchObject({
      allowed: true,
      decidedBy: 'admin-policy',
    });
  });
});

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy read from manifest files', () => {
  const dir = createMockDirectory();

  it('keeps both kinds from the files in the network store, and the engine decides by them', async () => {
    dir.setContent({
      'k8s/shop.yaml': `
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { tenant: shop } }
---
apiVersion: v1
kind: Namespace
metadata: { name: monitoring }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: web }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: prom, namespace: monitoring }
spec:
  selector: { matchLabels: { app: prom } }
  template:
    metadata: { labels: { app: prom } }
    spec: { containers: [{ name: prom, image: prom }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: job, namespace: shop }
spec:
  selector: { matchLabels: { app: job } }
  template:
    metadata: { labels: { app: job } }
    spec: { containers: [{ name: job, image: job }] }
`,
      'k8s/guardrails.yaml': `
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: allow-monitoring }
spec:
  priority: 20
  subject: { namespaces: {} }
  ingress:
    - name: allow-monitoring
      action: Allow
      from: [{ namespaces: { matchLabels: { kubernetes.io/metadata.name: monitoring } } }]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: { name: default }
spec:
  subject: { namespaces: { matchExpressions: [{ key: tenant, operator: Exists }] } }
  ingress:
    - name: default-deny
      action: Deny
      from: [{ namespaces: {} }]
`,
    });
    const results = await ManifestWorkloadSource.fromEntry(
      { name: 'repo', paths: ['k8s'] },
      dir.path,
    ).readWorkloads();
    expect(results.map(r => [r.cluster, r.ok])).toEqual([['repo', true]]);

    const store = new MemoryStore();
    await new NetworkService({
      store,
      logger: mockServices.logger.mock(),
    }).recordScan('manifests:repo', results);
    const stored = store.stored.map(s => s.object);
    expect(guardrailsOf(stored)).toEqual([
      'policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy allow-monitoring',
      'policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy default',
    ]);

    const model = buildNetpolModel(stored);
    expect(model.errors).toEqual([]);
    const endpoint = (name: string) =>
      model.endpoints.find(e => e.name === name)!;
    const ingress = (from: string, to: string) =>
      evaluateNetpolFlow(model, {
        from: { endpoint: endpoint(from) },
        to: { endpoint: endpoint(to) },
        port: 8080,
      }).ingress;
    expect(ingress('prom', 'web')).toMatchObject({
      allowed: true,
      decidedBy: 'admin-policy',
    });
    expect(ingress('job', 'web')).toMatchObject({
      allowed: false,
      decidedBy: 'baseline-admin-policy',
    });
    // monitoring has no tenant label: the baseline does not select it.
    expect(ingress('job', 'prom').decidedBy).not.toBe('baseline-admin-policy');
  });
});
