import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityNetworkResponse,
  NetworkWhatIfResponse,
} from '@containersec/plugin-container-security-common';
import request from 'supertest';
import { createTestDatabases } from '../__testUtils__/databases';
import { containerSecurityPlugin } from '../plugin';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const manifests = createMockDirectory();

const OUTSIDER = 'user:default/outsider';
const BASE = '/api/container-security/entities/default/component';

const component = (name: string, namespace: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': name,
      'backstage.io/kubernetes-namespace': namespace,
    },
  },
  spec: {
    type: 'service',
    owner: 'group:default/team',
    lifecycle: 'production',
  },
});

const namespace = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
});

const deployment = (name: string, ns: string, port: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name,
    namespace: ns,
    labels: { app: name, 'backstage.io/kubernetes-id': name },
  },
  spec: {
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name, 'backstage.io/kubernetes-id': name } },
      spec: {
        containers: [
          {
            name: 'app',
            image: `registry/${name}:1`,
            ports: [{ name: 'http', containerPort: port }],
          },
        ],
      },
    },
  },
});

// payments-api: Kubernetes policy isolates ingress to checkout-web (storefront) on 8080;
// a Calico policy ordered before it (order 10 < Kubernetes' 1000) also lets
// fraud-scoring in on 9090. checkout-web and fraud-scoring are not isolated.
const objects = [
  namespace('payments'),
  namespace('storefront'),
  deployment('payments-api', 'payments', 8080),
  deployment('fraud-scoring', 'payments', 9090),
  deployment('checkout-web', 'storefront', 8080),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'payments-api', namespace: 'payments' },
    spec: {
      podSelector: { matchLabels: { app: 'payments-api' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'storefront' },
              },
              podSelector: { matchLabels: { app: 'checkout-web' } },
            },
          ],
          ports: [{ protocol: 'TCP', port: 8080 }],
        },
      ],
    },
  },
  {
    apiVersion: 'projectcalico.org/v3',
    kind: 'NetworkPolicy',
    metadata: { name: 'payments-api-fraud', namespace: 'payments' },
    spec: {
      selector: "app == 'payments-api'",
      order: 10,
      types: ['Ingress'],
      ingress: [
        {
          action: 'Allow',
          protocol: 'TCP',
          source: { selector: "app == 'fraud-scoring'" },
          destination: { ports: [9090] },
        },
      ],
    },
  },
];

const DENY_ALL = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: payments-api',
  'spec:',
  '  podSelector:',
  '    matchLabels: { app: payments-api }',
  '  policyTypes: [Ingress]',
].join('\n');

describe.each(databases.eachSupportedId())('network routes on %p', id => {
  let server: request.Agent;
  const authorize = jest.fn(async (requests: any[], options: any) =>
    requests.map(() => ({
      result:
        options.credentials.principal?.userEntityRef === OUTSIDER
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })),
  );

  beforeAll(async () => {
    manifests.setContent({
      'cluster.json': JSON.stringify({ kind: 'List', items: objects }),
    });
    const knex = await databases.init(id);
    const { server: httpServer } = await startTestBackend({
      features: [
        containerSecurityPlugin,
        mockServices.rootConfig.factory({
          data: {
            containerSecurity: {
              workloads: {
                manifests: [{ name: 'demo', paths: [manifests.path] }],
              },
            },
          },
        }),
        mockServices.database.factory({ knex }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        mockServices.permissions.mock({ authorize }).factory,
        catalogServiceMock.factory({
          entities: [
            component('payments-api', 'payments'),
            component('checkout-web', 'storefront'),
          ],
        }),
      ],
    });
    server = request.agent(httpServer);
  });

  const asUser = (ref = 'user:default/guest') => ({
    Authorization: mockCredentials.user.header(ref),
  });
  const getNetwork = async (name: string) => {
    const res = await server.get(`${BASE}/${name}/network`).set(asUser());
    expect(res.status).toBe(200);
    return res.body as EntityNetworkResponse;
  };
  const whatIf = (policy: unknown, user = asUser()) =>
    server
      .post(`${BASE}/payments-api/network/what-if`)
      .set(user)
      .send(policy === undefined ? {} : { policy });

  it('rejects requests without credentials', async () => {
    expect((await server.get(`${BASE}/payments-api/network`)).status).toBe(401);
    expect(
      (
        await server
          .post(`${BASE}/payments-api/network/what-if`)
          .send({ policy: DENY_ALL })
      ).status,
    ).toBe(401);
  });

  it('forbids callers without read permission on the entity', async () => {
    const res = await server
      .get(`${BASE}/payments-api/network`)
      .set(asUser(OUTSIDER));
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('container-security.entity.read');
    const post = await whatIf(DENY_ALL, asUser(OUTSIDER));
    expect(post.status).toBe(403);
  });

  it('answers who can reach an isolated service, with Calico order before Kubernetes', async () => {
    const body = await getNetwork('payments-api');
    expect(body.workloads).toEqual(['Deployment/payments/payments-api']);
    expect(body.isolation.ingress.isolated).toBe(true);
    expect(body.isolation.egress.isolated).toBe(false);
    expect(body.policies.map(p => `${p.flavor}:${p.name}`).sort()).toEqual([
      'calico:payments-api-fraud',
      'kubernetes:payments-api',
    ]);
    const k8s = body.policies.find(p => p.flavor === 'kubernetes')!;
    expect(k8s.rules).toHaveLength(1);
    expect(k8s.rules[0]).toMatchObject({
      direction: 'ingress',
      action: 'Allow',
    });
    expect(k8s.yaml).toContain('kind: NetworkPolicy');

    const from = Object.fromEntries(
      body.reachableFrom.map(p => [`${p.type}:${p.namespace}/${p.name}`, p]),
    );
    expect(from['workload:storefront/checkout-web'].ports).toEqual([
      expect.objectContaining({ protocol: 'TCP', port: 8080 }),
    ]);
    expect(from['workload:payments/fraud-scoring'].ports).toEqual([
      expect.objectContaining({ protocol: 'TCP', port: 9090 }),
    ]);
    expect(body.reachableFrom.some(p => p.type === 'anywhere')).toBe(false);
    expect(body.findings.map(f => f.id)).toContain('not-isolated'); // egress
    expect(body.graph.nodes.find(n => n.type === 'service')?.label).toBe(
      'payments-api',
    );
    expect(body.graph.edges).toContainEqual(
      expect.objectContaining({ to: 'service', label: 'TCP 8080' }),
    );
    expect(body.sources).toEqual([
      expect.objectContaining({ source: 'manifests:demo', ok: true }),
    ]);
  });

  it('reports a service no policy selects as not isolated', async () => {
    const body = await getNetwork('checkout-web');
    expect(body.isolation.ingress.isolated).toBe(false);
    expect(body.isolation.egress.isolated).toBe(false);
    expect(body.policies).toEqual([]);
    expect(body.findings.map(f => f.id)).toContain('not-isolated');
    const to = body.reachableTo.find(
      p => p.type === 'workload' && p.name === 'payments-api',
    );
    expect(to?.ports).toEqual([
      expect.objectContaining({ protocol: 'TCP', port: 8080 }),
    ]);
  });

  it('previews a replacing policy without writing anything', async () => {
    const res = await whatIf(DENY_ALL);
    expect(res.status).toBe(200);
    const body = res.body as NetworkWhatIfResponse;
    expect(body.applied).toBe(false);
    expect(body.selectsService).toBe(true);
    expect(body.replaces).toEqual([
      'networking.k8s.io/v1/NetworkPolicy/payments/payments-api',
    ]);
    // checkout-web loses access; fraud-scoring keeps it through the Calico policy.
    expect(body.reachableFrom.removed.map(p => p.name)).toEqual([
      'checkout-web',
    ]);
    expect(body.reachableFrom.added).toEqual([]);
    // Nothing was stored: the service's answer is as before.
    const after = await getNetwork('payments-api');
    expect(
      after.reachableFrom
        .map(p => p.name)
        .filter(Boolean)
        .sort(),
    ).toEqual(['checkout-web', 'fraud-scoring']);
  });

  it.each([
    ['no policy', undefined, /policy: is required/],
    ['an empty policy', '', /policy: must not be empty/],
    ['a number', 42, /policy: must be a string/],
    ['too much text', 'x'.repeat(256 * 1024 + 1), /at most 262144 characters/],
    ['bad YAML', 'kind: [unclosed', /Invalid policy: line 1: /],
    [
      'a ConfigMap',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }',
      /line 1: v1 ConfigMap x is not a network policy/,
    ],
    [
      'a policy without a name',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {}',
      /has no "metadata.name"/,
    ],
    [
      'a bad Calico selector',
      'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: bad }\nspec:\n  selector: "app == "\n',
      /Invalid policy: .*bad.*spec\.selector/,
    ],
  ])(
    'answers 400 naming the problem for %s',
    async (_label, policy, message) => {
      const res = await whatIf(policy);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('InputError');
      expect(res.body.error.message).toMatch(message);
      expect(JSON.stringify(res.body)).not.toMatch(/\n\s+at /);
    },
  );
});
