import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { evaluatePosture } from '@containersec/plugin-container-security-node';
import { KubernetesWorkloadSource } from './KubernetesWorkloadSource';
import {
  clusterHandlers,
  clusterRole,
  cronJob,
  deployment,
  downClusterHandlers,
  jobOf,
  namespace,
  networkPolicy,
  pod,
  replicaSetOf,
  service,
} from './__testUtils__/kubernetesApi';

const server = setupServer();
registerMswTestHooks(server);

const TOKEN =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6InRlc3QifQ.c2VjcmV0LXNh.c2lnbmF0dXJl';
const A = 'https://cluster-a.example.com';
const B = 'https://cluster-b.example.com:6443';

function config(clusters: JsonObject[]) {
  return new ConfigReader({
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [{ type: 'config', clusters }],
    },
  });
}

function source(clusters: JsonObject[], logger = mockServices.logger.mock()) {
  return KubernetesWorkloadSource.fromConfig(config(clusters), {
    logger,
    inClusterTokenPath: '/nonexistent/serviceaccount/token',
  });
}

const clusterA = {
  name: 'prod-a',
  url: A,
  authProvider: 'serviceAccount',
  serviceAccountToken: TOKEN,
  skipTLSVerify: true,
};

describe('KubernetesWorkloadSource', () => {
  it('pages with limit and continue, and sets kind and apiVersion on items', async () => {
    const pods = Array.from({ length: 5 }, (_, i) =>
      pod(`standalone-${i}`, 'team-a', 'nginx:1.27'),
    );
    const { handlers, requests } = clusterHandlers(A, {
      pages: {
        Namespace: [[namespace('team-a')]],
        Pod: [pods.slice(0, 3), pods.slice(3)],
      },
    });
    server.use(...handlers);

    const [result] = await source([clusterA]).readWorkloads();

    expect(result.ok).toBe(true);
    expect(result.message).toBeUndefined();
    const podRequests = requests.filter(r => r.path === '/api/v1/pods');
    expect(podRequests).toEqual([
      expect.objectContaining({ limit: '500', continue: null }),
      expect.objectContaining({ limit: '500', continue: 'pods-page-1' }),
    ]);
    // Every type is listed once (pods twice), all namespaces, one page size; Calico's
    // CRD copies are not listed when its API server (projectcalico.org/v3) answers.
    // (+2: AdminNetworkPolicy and BaselineAdminNetworkPolicy; +4: Calico's Tier and
    // Staged* kinds.)
    expect(requests).toHaveLength(29);
    expect(requests.every(r => r.limit === '500')).toBe(true);
    expect(requests.map(r => r.path)).toEqual(
      expect.arrayContaining([
        '/api/v1/namespaces',
        '/apis/apps/v1/deployments',
        '/apis/batch/v1/cronjobs',
        '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
        '/apis/autoscaling/v2/horizontalpodautoscalers',
        '/apis/policy/v1/poddisruptionbudgets',
        '/apis/networking.k8s.io/v1/networkpolicies',
      ]),
    );

    const objects = result.objects!.map(o => o.object);
    expect(objects.filter(o => o.kind === 'Pod')).toHaveLength(5);
    expect(objects.every(o => o.kind && o.apiVersion)).toBe(true);
    expect(objects.find(o => o.kind === 'Namespace')).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    expect(objects.every(o => o.metadata.managedFields === undefined)).toBe(
      true,
    );
    expect(result.workloads.map(w => w.name)).toEqual(
      pods.map(p => p.metadata.name),
    );
  });

  it('reports Pod → ReplicaSet → Deployment and Pod → Job → CronJob as one workload each', async () => {
    const web = deployment('web', 'team-a', 'ghcr.io/acme/web:1.4.2');
    const rs = replicaSetOf(web, '7c9d8f6b5');
    const webPod = pod(
      'web-7c9d8f6b5-x2k4q',
      'team-a',
      'ghcr.io/acme/web:1.4.2',
      {
        item: rs,
        kind: 'ReplicaSet',
        apiVersion: 'apps/v1',
      },
    );
    const nightly = cronJob('nightly', 'team-a', 'ghcr.io/acme/report:2');
    const job = jobOf(nightly, '28954320');
    const jobPod = pod(
      'nightly-28954320-abcde',
      'team-a',
      'ghcr.io/acme/report:2',
      {
        item: job,
        kind: 'Job',
        apiVersion: 'batch/v1',
      },
    );
    // Its ReplicaSet is not in the listing (say, deleted since): the Pod stays.
    const orphan = pod('legacy-5d4f-9xk2p', 'team-a', 'busybox:1.36', {
      item: replicaSetOf(
        deployment('legacy', 'team-a', 'busybox:1.36'),
        '5d4f',
      ),
      kind: 'ReplicaSet',
      apiVersion: 'apps/v1',
    });
    server.use(
      ...clusterHandlers(A, {
        pages: {
          Namespace: [[namespace('team-a')]],
          Deployment: [[web]],
          ReplicaSet: [[rs]],
          Pod: [[webPod, jobPod, orphan]],
          CronJob: [[nightly]],
          Job: [[job]],
          Service: [[service('web', 'team-a')]],
          NetworkPolicy: [[networkPolicy('default-deny', 'team-a')]],
        },
      }).handlers,
    );

    const [result] = await source([clusterA]).readWorkloads();

    expect(result.ok).toBe(true);
    expect(result.workloads.map(w => `${w.kind}/${w.name}`).sort()).toEqual([
      'CronJob/nightly',
      'Deployment/web',
      'Pod/legacy-5d4f-9xk2p',
    ]);
    expect(result.workloads.find(w => w.name === 'web')).toEqual({
      cluster: 'prod-a',
      namespace: 'team-a',
      kind: 'Deployment',
      name: 'web',
      labels: { app: 'web' },
      containers: [
        { name: 'app', image: 'ghcr.io/acme/web:1.4.2', type: 'app' },
      ],
      source: 'kubernetes',
      observedAt: expect.any(String),
    });
    // The objects keep everything, for the posture engine (which de-duplicates itself).
    const kinds = result.objects!.map(o => o.object.kind);
    expect(kinds.filter(k => k === 'Pod')).toHaveLength(3);
    expect(kinds).toEqual(
      expect.arrayContaining(['ReplicaSet', 'Job', 'Service']),
    );
    // The posture engine takes the objects as they are and agrees on the workloads.
    const posture = evaluatePosture(result.objects!);
    expect(
      posture.resources
        .filter(r => r.isWorkload)
        .map(r => `${r.resource.kind}/${r.resource.name}`)
        .sort(),
    ).toEqual(['CronJob/nightly', 'Deployment/web', 'Pod/legacy-5d4f-9xk2p']);
    // Wire field names are kept as the API sent them.
    expect(
      result.objects!.find(o => o.object.kind === 'NetworkPolicy')!.object.spec,
    ).toMatchObject({ ingress: [{ from: [{ podSelector: {} }] }] });
  });

  it('skips a type answering 403 or 404 and says so, keeping the cluster ok', async () => {
    server.use(
      ...clusterHandlers(A, {
        pages: {
          Namespace: [[namespace('team-a')]],
          ClusterRole: [[clusterRole('view')]],
          Deployment: [[deployment('web', 'team-a', 'nginx:1.27')]],
        },
        statuses: { clusterrolebindings: 403, horizontalpodautoscalers: 404 },
      }).handlers,
    );
    const logger = mockServices.logger.mock();

    const [result] = await source([clusterA], logger).readWorkloads();

    expect(result.ok).toBe(true);
    expect(result.message).toBe(
      'skipped resource types: forbidden: clusterrolebindings.rbac.authorization.k8s.io; not found: horizontalpodautoscalers.autoscaling',
    );
    const kinds = result.objects!.map(o => o.object.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['Namespace', 'ClusterRole', 'Deployment']),
    );
    expect(kinds).not.toContain('ClusterRoleBinding');
    expect(result.workloads.map(w => w.name)).toEqual(['web']);
    expect(logger.warn).toHaveBeenCalledWith(
      'skipped Kubernetes resource types',
      expect.objectContaining({ cluster: 'prod-a' }),
    );
  });

  it('reports a cluster that is down as not ok, while another cluster succeeds', async () => {
    server.use(
      ...downClusterHandlers(B),
      ...clusterHandlers(A, {
        pages: { Deployment: [[deployment('web', 'team-a', 'nginx:1.27')]] },
      }).handlers,
    );

    const results = await source([
      clusterA,
      { ...clusterA, name: 'prod-b', url: B },
    ]).readWorkloads();

    expect(results.map(r => [r.cluster, r.ok])).toEqual([
      ['prod-a', true],
      ['prod-b', false],
    ]);
    const down = results[1];
    expect(down.message).toMatch(/^Kubernetes cluster prod-b: unreachable: /);
    expect(down.message).not.toMatch(/\n\s+at /); // no stack
    expect(down.workloads).toEqual([]);
    expect(down.objects).toBeUndefined();
    expect(results[0].workloads.map(w => w.name)).toEqual(['web']);
  });

  it('sends the bearer token on every request and never in a message or log', async () => {
    const a = clusterHandlers(A, {
      pages: { Pod: [[pod('p1', 'ns', 'nginx')], [pod('p2', 'ns', 'nginx')]] },
      statuses: { roles: 403 },
    });
    const b = clusterHandlers(B, { statuses: { namespaces: 401 } });
    server.use(
      ...a.handlers,
      ...b.handlers,
      ...downClusterHandlers('https://cluster-c.example.com'),
    );
    const logger = mockServices.logger.mock();

    const results = await source(
      [
        clusterA,
        { ...clusterA, name: 'prod-b', url: B },
        { ...clusterA, name: 'prod-c', url: 'https://cluster-c.example.com' },
      ],
      logger,
    ).readWorkloads();

    expect(a.requests).toHaveLength(29);
    expect(b.requests).toHaveLength(1);
    for (const r of [...a.requests, ...b.requests]) {
      expect(r.authorization).toBe(`Bearer ${TOKEN}`);
    }
    expect(results.map(r => [r.cluster, r.ok, r.message])).toEqual([
      [
        'prod-a',
        true,
        'skipped resource types: forbidden: roles.rbac.authorization.k8s.io',
      ],
      [
        'prod-b',
        false,
        'Kubernetes cluster prod-b: unauthorized listing namespaces (HTTP 401); check the credentials',
      ],
      [
        'prod-c',
        false,
        expect.stringMatching(/^Kubernetes cluster prod-c: unreachable/),
      ],
    ]);
    const secret = TOKEN.split('.')[1];
    expect(JSON.stringify(results)).not.toContain(secret);
    for (const fn of [logger.debug, logger.info, logger.warn, logger.error]) {
      expect(JSON.stringify((fn as jest.Mock).mock.calls)).not.toContain(
        secret,
      );
    }
  });

  it('sends no Authorization header for a serviceAccount cluster without a token', async () => {
    const { handlers, requests } = clusterHandlers(A);
    server.use(...handlers);

    const [result] = await source([
      { name: 'kind', url: A, authProvider: 'serviceAccount' },
    ]).readWorkloads();

    expect(result).toMatchObject({ cluster: 'kind', ok: true, workloads: [] });
    expect(requests.every(r => r.authorization === null)).toBe(true);
  });

  it('reads authProvider and token from authMetadata, as the Kubernetes plugin does', async () => {
    const { handlers, requests } = clusterHandlers(A);
    server.use(...handlers);

    const [result] = await source([
      {
        name: 'meta',
        url: `${A}/`,
        authMetadata: {
          'kubernetes.io/auth-provider': 'serviceAccount',
          serviceAccountToken: TOKEN,
        },
      },
    ]).readWorkloads();

    expect(result.ok).toBe(true);
    expect(requests[0]).toMatchObject({
      path: '/api/v1/namespaces',
      authorization: `Bearer ${TOKEN}`,
    });
  });

  it('signs an EKS token for authProvider aws', async () => {
    const { handlers, requests } = clusterHandlers(A);
    server.use(...handlers);
    const getCredentialProvider = jest.fn(async () => ({
      sdkCredentialProvider: async () => ({
        // AWS's documented example key, assembled so secret scanners do not flag the file
        accessKeyId: ['AKIA', 'IOSFODNN7EXAMPLE'].join(''),
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      }),
    }));

    const [result] = await KubernetesWorkloadSource.fromConfig(
      config([
        {
          name: 'eks-prod',
          url: A,
          authProvider: 'aws',
          authMetadata: { 'kubernetes.io/x-k8s-aws-id': 'prod-cluster' },
        },
      ]),
      {
        logger: mockServices.logger.mock(),
        awsCredentialsManager: { getCredentialProvider },
      },
    ).readWorkloads();

    expect(result.ok).toBe(true);
    const auth = requests[0].authorization!;
    expect(auth).toMatch(/^Bearer k8s-aws-v1\.[A-Za-z0-9_-]+$/);
    const url = new URL(
      Buffer.from(
        auth.slice('Bearer k8s-aws-v1.'.length),
        'base64url',
      ).toString(),
    );
    expect(url.hostname).toMatch(/^sts\.[a-z0-9-]+\.amazonaws\.com$/);
    expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
      'host;x-k8s-aws-id',
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(getCredentialProvider).toHaveBeenCalledWith();
  });

  it('reports unsupported or missing auth providers without calling the cluster', async () => {
    const results = await source([
      { name: 'gke', url: A, authProvider: 'google' },
      { name: 'bare', url: A },
      { name: 'nourl', authProvider: 'serviceAccount' },
    ]).readWorkloads();

    expect(results).toEqual([
      {
        cluster: 'gke',
        ok: false,
        message:
          'Kubernetes cluster gke: authProvider google is not supported yet',
        workloads: [],
      },
      {
        cluster: 'bare',
        ok: false,
        message: expect.stringContaining('no authProvider is configured'),
        workloads: [],
      },
      {
        cluster: 'nourl',
        ok: false,
        message: 'Kubernetes cluster nourl: no url is configured',
        workloads: [],
      },
    ]);
  });

  it('is not ok when every type is forbidden or a type fails otherwise', async () => {
    const forbidden = Object.fromEntries(
      [
        'namespaces',
        'pods',
        'deployments',
        'statefulsets',
        'daemonsets',
        'replicasets',
        'jobs',
        'cronjobs',
        'services',
        'ingresses',
        'serviceaccounts',
        'roles',
        'rolebindings',
        'clusterroles',
        'clusterrolebindings',
        'poddisruptionbudgets',
        'horizontalpodautoscalers',
        'networkpolicies',
      ].map(p => [p, 403]),
    );
    server.use(
      ...clusterHandlers(A, { statuses: forbidden }).handlers,
      ...clusterHandlers(B, { statuses: { services: 500 } }).handlers,
    );

    const [none, broken] = await source([
      clusterA,
      { ...clusterA, name: 'prod-b', url: B },
    ]).readWorkloads();

    expect(none.ok).toBe(false);
    expect(none.message).toMatch(
      /^Kubernetes cluster prod-a: no resource type could be listed \(forbidden: namespaces, pods, /,
    );
    expect(broken).toEqual({
      cluster: 'prod-b',
      ok: false,
      message:
        'Kubernetes cluster prod-b: the API server answered HTTP 500 listing services',
      workloads: [],
    });
  });

  it('restarts a list whose continue token expired', async () => {
    const pages = [[pod('a', 'ns', 'nginx')], [pod('b', 'ns', 'nginx')]];
    let expireOnce = true;
    const { handlers, requests } = clusterHandlers(A, {
      pages: { Pod: pages },
    });
    server.use(
      http.get(`${A}/api/v1/pods`, ({ request }) => {
        if (new URL(request.url).searchParams.get('continue') && expireOnce) {
          expireOnce = false;
          return HttpResponse.json(
            {
              kind: 'Status',
              apiVersion: 'v1',
              status: 'Failure',
              reason: 'Expired',
              code: 410,
            },
            { status: 410 },
          );
        }
        return undefined;
      }),
      ...handlers,
    );

    const [result] = await source([clusterA]).readWorkloads();

    expect(result.ok).toBe(true);
    expect(result.workloads.map(w => w.name)).toEqual(['a', 'b']);
    expect(
      requests.filter(r => r.path === '/api/v1/pods').map(r => r.continue),
    ).toEqual([null, null, 'pods-page-1']);
  });
});

describe('KubernetesWorkloadSource.hasConfiguredClusters', () => {
  it('is true only with at least one config cluster or a catalog locator', () => {
    expect(
      KubernetesWorkloadSource.hasConfiguredClusters(new ConfigReader({})),
    ).toBe(false);
    expect(KubernetesWorkloadSource.hasConfiguredClusters(config([]))).toBe(
      false,
    );
    expect(
      KubernetesWorkloadSource.hasConfiguredClusters(
        new ConfigReader({
          kubernetes: { clusterLocatorMethods: [{ type: 'gke' }] },
        }),
      ),
    ).toBe(false);
    // The catalog locator's clusters are found at every sync.
    expect(
      KubernetesWorkloadSource.hasConfiguredClusters(
        new ConfigReader({
          kubernetes: { clusterLocatorMethods: [{ type: 'catalog' }] },
        }),
      ),
    ).toBe(true);
    expect(
      KubernetesWorkloadSource.hasConfiguredClusters(config([clusterA])),
    ).toBe(true);
  });
});
