import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import {
  API,
  cartPod,
  http,
  HttpResponse,
  notFound,
  record,
  RecordedWrite,
  status,
  testKubeClient,
  TOKEN,
} from '../__testUtils__/kubernetes';
import { QUARANTINE_POLICY_NAME } from '../kubernetes/quarantine';
import { createQuarantinePodHandler } from './quarantinePod';

const server = setupServer();
registerMswTestHooks(server);

const POD = `${API}/api/v1/namespaces/storefront/pods/cart-service-7c9d8f6b5-q2w4z`;
const POLICIES = `${API}/apis/networking.k8s.io/v1/namespaces/storefront/networkpolicies`;

function payload(overrides: object = {}) {
  return {
    idempotencyKey: 'act-01HZX3K9Q',
    dryRun: false,
    action: {
      name: 'Quarantine the pod',
      actionner: 'kubernetes:label',
      parameters: {},
    },
    rule: 'Quarantine on terminal shell',
    requestedBy: 'rule:Quarantine on terminal shell',
    entityRef: 'component:default/cart-service',
    target: {
      cluster: 'demo-eks',
      namespace: 'storefront',
      kind: 'Deployment',
      name: 'cart-service',
      pod: 'cart-service-7c9d8f6b5-q2w4z',
    },
    ...overrides,
  };
}

/** A small stateful API server: the pod and the namespace's policies, as writes leave them. */
function serveCluster(initial: { pod?: any; policy?: any } = {}) {
  const state = { pod: initial.pod ?? cartPod(), policy: initial.policy };
  const writes: RecordedWrite[] = [];
  server.use(
    http.get(POD, () => HttpResponse.json(state.pod)),
    http.patch(POD, async ({ request }) => {
      await record(request, writes);
      const patch = writes[writes.length - 1].body;
      state.pod.metadata.labels = {
        ...state.pod.metadata.labels,
        ...patch.metadata.labels,
      };
      state.pod.metadata.annotations = {
        ...state.pod.metadata.annotations,
        ...patch.metadata.annotations,
      };
      return HttpResponse.json(state.pod);
    }),
    http.get(`${POLICIES}/${QUARANTINE_POLICY_NAME}`, () =>
      state.policy
        ? HttpResponse.json(state.policy)
        : notFound('networkpolicies.networking.k8s.io', QUARANTINE_POLICY_NAME),
    ),
    http.post(POLICIES, async ({ request }) => {
      await record(request, writes);
      if (state.policy) {
        return status(
          409,
          'AlreadyExists',
          'networkpolicies.networking.k8s.io "container-security-quarantine" already exists',
        );
      }
      state.policy = {
        ...writes[writes.length - 1].body,
        metadata: { ...writes[writes.length - 1].body.metadata, uid: 'p-1' },
      };
      return HttpResponse.json(state.policy, { status: 201 });
    }),
  );
  return { state, writes };
}

describe('cs-quarantine-pod', () => {
  const handler = () =>
    createQuarantinePodHandler({ kube: testKubeClient(), log: () => {} });

  it('labels the pod and creates the deny-all policy on the first run', async () => {
    const { state, writes } = serveCluster();

    const answer = await handler()(payload());

    expect(answer.status).toBe('done');
    expect(answer.changes).toHaveLength(2);
    expect(writes.map(w => `${w.method} ${w.path}`)).toEqual([
      'POST /apis/networking.k8s.io/v1/namespaces/storefront/networkpolicies',
      'PATCH /api/v1/namespaces/storefront/pods/cart-service-7c9d8f6b5-q2w4z',
    ]);
    expect(writes.every(w => w.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(writes[1].contentType).toBe('application/merge-patch+json');
    expect(state.pod.metadata.labels['container-security.io/quarantine']).toBe(
      'true',
    );
    expect(
      state.pod.metadata.annotations['container-security.io/quarantined-by'],
    ).toBe('act-01HZX3K9Q');
    expect(state.policy.spec).toEqual({
      podSelector: {
        matchLabels: { 'container-security.io/quarantine': 'true' },
      },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    });
  });

  it('answers already-done on a retry with the same key and writes nothing', async () => {
    const { writes } = serveCluster();
    const run = handler();
    await run(payload());
    const before = writes.length;

    const again = await run(payload());

    expect(again).toEqual({
      status: 'already-done',
      changes: [],
      message:
        'pod storefront/cart-service-7c9d8f6b5-q2w4z is already quarantined',
    });
    expect(writes).toHaveLength(before);
  });

  it('does not redo its action after an operator released the pod', async () => {
    const { writes } = serveCluster({
      pod: cartPod({
        annotations: {
          'container-security.io/quarantined-by': 'act-01HZX3K9Q',
        },
      }),
    });

    const answer = await handler()(payload());

    expect(answer.status).toBe('already-done');
    expect(writes).toEqual([]);
  });

  it('only creates the policy when the pod is labelled but the policy is missing', async () => {
    const { writes } = serveCluster({
      pod: cartPod({ labels: { 'container-security.io/quarantine': 'true' } }),
    });

    const answer = await handler()(payload({ idempotencyKey: 'act-other' }));

    expect(answer.status).toBe('done');
    expect(answer.changes).toEqual([
      expect.stringContaining(
        'create NetworkPolicy storefront/container-security-quarantine',
      ),
    ]);
    expect(writes.map(w => w.method)).toEqual(['POST', 'PATCH']);
  });

  it('treats a policy created concurrently (409) as in place', async () => {
    const { writes } = serveCluster();
    // The policy appears between the handler's GET and its POST.
    server.use(
      http.post(POLICIES, async ({ request }) => {
        await record(request, writes);
        return status(
          409,
          'AlreadyExists',
          'networkpolicies.networking.k8s.io "container-security-quarantine" already exists',
        );
      }),
    );

    const answer = await handler()(payload());

    expect(answer.status).toBe('done');
    expect(writes.map(w => w.method)).toEqual(['POST', 'PATCH']);
  });

  it('changes nothing in a dry run and says what it would do', async () => {
    const { state, writes } = serveCluster();

    const answer = await handler()(payload({ dryRun: true }));

    expect(answer.status).toBe('dry-run');
    expect(answer.changes).toEqual([
      'label pod storefront/cart-service-7c9d8f6b5-q2w4z container-security.io/quarantine=true',
      expect.stringContaining('create NetworkPolicy'),
    ]);
    expect(writes).toEqual([]);
    expect(state.policy).toBeUndefined();
  });

  it('refuses to touch a quarantine policy someone loosened', async () => {
    const { writes } = serveCluster({
      policy: {
        kind: 'NetworkPolicy',
        metadata: { name: QUARANTINE_POLICY_NAME, namespace: 'storefront' },
        spec: {
          podSelector: {
            matchLabels: { 'container-security.io/quarantine': 'true' },
          },
          policyTypes: ['Ingress', 'Egress'],
          egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }],
        },
      },
    });

    await expect(handler()(payload())).rejects.toThrow(
      /no longer denies all traffic/,
    );
    expect(writes).toEqual([]);
  });

  it.each([
    ['not an object', 'quarantine', /payload: expected a JSON object/],
    ['no key', payload({ idempotencyKey: '' }), /idempotencyKey/],
    [
      'dryRun not boolean',
      payload({ dryRun: 'yes' }),
      /dryRun: expected true or false/,
    ],
    ['no pod', payload({ target: { namespace: 'storefront' } }), /target.pod/],
    [
      'bad namespace',
      payload({ target: { namespace: 'Store Front', pod: 'a' } }),
      /target.namespace/,
    ],
  ])(
    'rejects bad input (%s) before calling the API',
    async (_, input, message) => {
      await expect(handler()(input)).rejects.toThrow(message);
    },
  );

  it('fails when the pod does not exist', async () => {
    server.use(
      http.get(POD, () => notFound('pods', 'cart-service-7c9d8f6b5-q2w4z')),
    );

    await expect(handler()(payload())).rejects.toThrow(
      'pod storefront/cart-service-7c9d8f6b5-q2w4z not found: nothing to quarantine',
    );
  });

  it('surfaces an API error with its status and reason', async () => {
    serveCluster();
    server.use(
      http.patch(POD, () =>
        status(
          403,
          'Forbidden',
          'pods "cart-service-7c9d8f6b5-q2w4z" is forbidden: User "system:serviceaccount:responders:quarantine" cannot patch resource "pods"',
        ),
      ),
    );

    await expect(handler()(payload())).rejects.toThrow(
      /PATCH \/api\/v1\/namespaces\/storefront\/pods\/cart-service-7c9d8f6b5-q2w4z answered 403 Forbidden: .*cannot patch/,
    );
  });
});
