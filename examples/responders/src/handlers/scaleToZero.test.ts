import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  API,
  cartDeployment,
  cartPod,
  cartReplicaSet,
  http,
  HttpResponse,
  notFound,
  record,
  RecordedWrite,
  scale,
  status,
  testKubeClient,
} from '../__testUtils__/kubernetes';
import { createScaleToZeroHandler } from './scaleToZero';

const server = setupServer();
registerMswTestHooks(server);

const NS = `${API}/apis/apps/v1/namespaces/storefront`;
const DEPLOYMENT = `${NS}/deployments/cart-service`;

function payload(target: object, overrides: object = {}) {
  return {
    idempotencyKey: 'act-scale-1',
    dryRun: false,
    action: { name: 'Scale to zero', actionner: 'aws:lambda', parameters: {} },
    rule: 'Scale to zero on critical alerts',
    requestedBy: 'rule:Scale to zero on critical alerts',
    target: { cluster: 'demo-eks', namespace: 'storefront', ...target },
    ...overrides,
  };
}

const byPod = { pod: 'cart-service-7c9d8f6b5-q2w4z' };

/** Pod → ReplicaSet → Deployment, with a scale subresource that writes change. */
function serveCluster(replicas = 2) {
  const state = { deployment: cartDeployment(), replicas };
  const writes: RecordedWrite[] = [];
  server.use(
    http.get(
      `${API}/api/v1/namespaces/storefront/pods/cart-service-7c9d8f6b5-q2w4z`,
      () => HttpResponse.json(cartPod()),
    ),
    http.get(`${NS}/replicasets/cart-service-7c9d8f6b5`, () =>
      HttpResponse.json(cartReplicaSet()),
    ),
    http.get(DEPLOYMENT, () => HttpResponse.json(state.deployment)),
    http.patch(DEPLOYMENT, async ({ request }) => {
      await record(request, writes);
      const annotations = writes[writes.length - 1].body.metadata.annotations;
      state.deployment.metadata.annotations = {
        ...state.deployment.metadata.annotations,
        ...annotations,
      };
      return HttpResponse.json(state.deployment);
    }),
    http.get(`${DEPLOYMENT}/scale`, () =>
      HttpResponse.json(scale('cart-service', 'storefront', state.replicas)),
    ),
    http.patch(`${DEPLOYMENT}/scale`, async ({ request }) => {
      await record(request, writes);
      state.replicas = writes[writes.length - 1].body.spec.replicas;
      return HttpResponse.json(
        scale('cart-service', 'storefront', state.replicas),
      );
    }),
  );
  return { state, writes };
}

describe('cs-scale-to-zero', () => {
  const handler = () =>
    createScaleToZeroHandler({ kube: testKubeClient(), log: () => {} });

  it("resolves the pod's Deployment through its ReplicaSet and scales it to zero, recording the count", async () => {
    const { state, writes } = serveCluster(2);

    const answer = await handler()(payload(byPod));

    expect(answer).toEqual({
      status: 'done',
      changes: [
        'annotate Deployment storefront/cart-service container-security.io/scaled-to-zero-from-replicas=2',
        'scale Deployment storefront/cart-service from 2 to 0 replicas',
      ],
      message: 'Deployment storefront/cart-service scaled from 2 to 0 replicas',
    });
    // The count to restore is written before the scale, so it is never lost.
    expect(writes.map(w => `${w.method} ${w.path}`)).toEqual([
      'PATCH /apis/apps/v1/namespaces/storefront/deployments/cart-service',
      'PATCH /apis/apps/v1/namespaces/storefront/deployments/cart-service/scale',
    ]);
    expect(writes[1].contentType).toBe('application/merge-patch+json');
    expect(state.replicas).toBe(0);
    expect(state.deployment.metadata.annotations).toMatchObject({
      'container-security.io/scaled-to-zero-from-replicas': '2',
      'container-security.io/scaled-to-zero-by': 'act-scale-1',
    });
  });

  it('uses target.kind and target.name when given, without reading the pod', async () => {
    const { writes } = serveCluster(3);
    server.use(
      http.get(`${API}/api/v1/namespaces/storefront/pods/:pod`, () => {
        throw new Error('the pod should not be read');
      }),
    );

    const answer = await handler()(
      payload({ kind: 'Deployment', name: 'cart-service', ...byPod }),
    );

    expect(answer.message).toBe(
      'Deployment storefront/cart-service scaled from 3 to 0 replicas',
    );
    expect(writes).toHaveLength(2);
  });

  it('answers already-done on a retry with the same key, even after an operator restored it', async () => {
    const { state, writes } = serveCluster(2);
    const run = handler();
    await run(payload(byPod));
    state.replicas = 2; // kubectl scale --replicas=2 by an operator
    const before = writes.length;

    const again = await run(payload(byPod));

    expect(again.status).toBe('already-done');
    expect(writes).toHaveLength(before);
    expect(state.replicas).toBe(2);
  });

  it('answers already-done for a workload already at zero', async () => {
    const { writes } = serveCluster(0);

    const answer = await handler()(
      payload(byPod, { idempotencyKey: 'act-other' }),
    );

    expect(answer.status).toBe('already-done');
    expect(writes).toEqual([]);
  });

  it('changes nothing in a dry run', async () => {
    const { state, writes } = serveCluster(2);

    const answer = await handler()(payload(byPod, { dryRun: true }));

    expect(answer.status).toBe('dry-run');
    expect(answer.message).toBe(
      'dry run: Deployment storefront/cart-service would be scaled from 2 to 0 replicas',
    );
    expect(writes).toEqual([]);
    expect(state.replicas).toBe(2);
  });

  it('scales a StatefulSet that owns the pod directly', async () => {
    const writes: RecordedWrite[] = [];
    const sts = `${API}/apis/apps/v1/namespaces/payments/statefulsets/ledger-worker`;
    server.use(
      http.get(`${API}/api/v1/namespaces/payments/pods/ledger-worker-0`, () =>
        HttpResponse.json({
          kind: 'Pod',
          apiVersion: 'v1',
          metadata: {
            name: 'ledger-worker-0',
            namespace: 'payments',
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'StatefulSet',
                name: 'ledger-worker',
                uid: 'u',
                controller: true,
              },
            ],
          },
        }),
      ),
      http.get(sts, () =>
        HttpResponse.json({
          kind: 'StatefulSet',
          apiVersion: 'apps/v1',
          metadata: { name: 'ledger-worker', namespace: 'payments' },
        }),
      ),
      http.get(`${sts}/scale`, () =>
        HttpResponse.json(scale('ledger-worker', 'payments', 1)),
      ),
      http.patch(sts, async ({ request }) => {
        await record(request, writes);
        return HttpResponse.json({});
      }),
      http.patch(`${sts}/scale`, async ({ request }) => {
        await record(request, writes);
        return HttpResponse.json(scale('ledger-worker', 'payments', 0));
      }),
    );

    const answer = await handler()(
      payload({ namespace: 'payments', pod: 'ledger-worker-0' }),
    );

    expect(answer.message).toBe(
      'StatefulSet payments/ledger-worker scaled from 1 to 0 replicas',
    );
    expect(writes.map(w => w.path)).toEqual([
      '/apis/apps/v1/namespaces/payments/statefulsets/ledger-worker',
      '/apis/apps/v1/namespaces/payments/statefulsets/ledger-worker/scale',
    ]);
  });

  it('refuses a pod no scalable workload controls', async () => {
    server.use(
      http.get(`${API}/api/v1/namespaces/storefront/pods/debug`, () =>
        HttpResponse.json({
          kind: 'Pod',
          metadata: { name: 'debug', namespace: 'storefront' },
        }),
      ),
    );

    await expect(handler()(payload({ pod: 'debug' }))).rejects.toThrow(
      'pod storefront/debug is not controlled by any workload: only Deployments and StatefulSets are scaled to zero',
    );
  });

  it('rejects a target with neither a workload nor a pod', async () => {
    await expect(handler()(payload({ kind: 'Deployment' }))).rejects.toThrow(
      /target: expected kind Deployment or StatefulSet with a name, or a pod/,
    );
  });

  it('fails clearly when the pod is gone', async () => {
    server.use(
      http.get(
        `${API}/api/v1/namespaces/storefront/pods/cart-service-7c9d8f6b5-q2w4z`,
        () => notFound('pods', 'cart-service-7c9d8f6b5-q2w4z'),
      ),
    );

    await expect(handler()(payload(byPod))).rejects.toThrow(
      /not found: cannot tell which workload runs it/,
    );
  });

  it('surfaces a failed scale with its status', async () => {
    serveCluster(2);
    server.use(
      http.patch(`${DEPLOYMENT}/scale`, () =>
        status(
          409,
          'Conflict',
          'Operation cannot be fulfilled on deployments.apps "cart-service": the object has been modified',
        ),
      ),
    );

    await expect(handler()(payload(byPod))).rejects.toThrow(
      /scale answered 409 Conflict: Operation cannot be fulfilled/,
    );
  });
});
