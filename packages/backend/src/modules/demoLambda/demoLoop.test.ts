import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockServices } from '@backstage/backend-test-utils';
import { resolve } from 'node:path';
import { demoFunctions } from './demoFunctions';
import { FakeIam } from './FakeIam';
import { FakeKubernetes } from './FakeKubernetes';
import { LocalLambdaServer } from './LocalLambdaServer';
import { DEMO_ACCESS_KEY_ID } from './__fixtures__/accessKeys';

// The demo's own data, as app-config.yaml points at it.
const EXAMPLES = resolve(__dirname, '../../../../../examples');

describe('the demo responder loop without AWS', () => {
  let server: LocalLambdaServer;
  let lambda: LambdaClient;
  let kubernetes: FakeKubernetes;
  let iam: FakeIam;

  beforeAll(async () => {
    kubernetes = await FakeKubernetes.fromManifests([
      resolve(EXAMPLES, 'manifests'),
    ]);
    iam = await FakeIam.fromCloudTrail(resolve(EXAMPLES, 'cloudtrail'));
    server = await LocalLambdaServer.start({
      port: 0,
      region: 'eu-west-1',
      accountId: '000000000000',
      functions: demoFunctions,
      kubernetes,
      iam,
      logger: mockServices.logger.mock(),
    });
    lambda = new LambdaClient({
      region: 'eu-west-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    lambda.destroy();
    await server.stop();
  });

  async function invoke(functionName: string, body: object) {
    const out = await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        LogType: 'Tail',
        Payload: Buffer.from(JSON.stringify(body)),
      }),
    );
    return {
      functionError: out.FunctionError,
      answer: JSON.parse(Buffer.from(out.Payload!).toString('utf8')),
      log: Buffer.from(out.LogResult ?? '', 'base64').toString('utf8'),
    };
  }

  // The pod the demo's first Falco event names (examples/falco/events.jsonl, line 1).
  const cartPod = {
    cluster: 'demo-eks',
    namespace: 'storefront',
    kind: 'Deployment',
    name: 'cart-service',
    pod: 'cart-service-7c9d8f6b5-q2w4z',
  };

  it('quarantines a pod a demo event names, once', async () => {
    const dry = await invoke('cs-quarantine-pod', {
      idempotencyKey: 'demo-q1',
      dryRun: true,
      target: cartPod,
    });
    expect(dry.answer.status).toBe('dry-run');

    const first = await invoke('cs-quarantine-pod', {
      idempotencyKey: 'demo-q1',
      dryRun: false,
      target: cartPod,
    });
    expect(first.answer).toMatchObject({
      status: 'done',
      message:
        'pod storefront/cart-service-7c9d8f6b5-q2w4z labelled and isolated by a deny-all NetworkPolicy',
    });
    expect(first.log).toContain('"message":"quarantined"');

    const retry = await invoke('cs-quarantine-pod', {
      idempotencyKey: 'demo-q1',
      dryRun: false,
      target: cartPod,
    });
    expect(retry.answer.status).toBe('already-done');

    const state = kubernetes.snapshot();
    expect(state.pods).toContainEqual(
      expect.objectContaining({
        name: 'cart-service-7c9d8f6b5-q2w4z',
        labels: expect.objectContaining({
          'container-security.io/quarantine': 'true',
          'app.kubernetes.io/name': 'cart-service',
        }),
      }),
    );
    expect(state.networkPolicies).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({
          name: 'container-security-quarantine',
          namespace: 'storefront',
        }),
      }),
    ]);
  });

  it("scales the StatefulSet of the demo's Alert-priority shell to zero, keeping the count", async () => {
    const target = { namespace: 'payments', pod: 'ledger-worker-0' };
    const before = kubernetes
      .snapshot()
      .workloads.find(w => w.name === 'ledger-worker')!;
    expect(before.replicas).toBeGreaterThan(0);

    const first = await invoke('cs-scale-to-zero', {
      idempotencyKey: 'demo-s1',
      dryRun: false,
      target,
    });
    expect(first.answer.message).toBe(
      `StatefulSet payments/ledger-worker scaled from ${before.replicas} to 0 replicas`,
    );
    const after = kubernetes
      .snapshot()
      .workloads.find(w => w.name === 'ledger-worker')!;
    expect(after.replicas).toBe(0);
    expect(
      after.annotations['container-security.io/scaled-to-zero-from-replicas'],
    ).toBe(String(before.replicas));

    // Its pods are gone now, like a real scale-down; the retry answers from the annotation.
    const retry = await invoke('cs-scale-to-zero', {
      idempotencyKey: 'demo-s1',
      dryRun: false,
      target: {
        namespace: 'payments',
        kind: 'StatefulSet',
        name: 'ledger-worker',
      },
    });
    expect(retry.answer.status).toBe('already-done');
  });

  it('deletes a pod, and a second delete is already-done', async () => {
    const target = {
      namespace: 'payments',
      pod: 'payments-api-5d7f9c8b6-k8s2x',
    };

    expect(
      (
        await invoke('cs-delete-pod', {
          idempotencyKey: 'demo-d1',
          dryRun: false,
          target,
        })
      ).answer.status,
    ).toBe('done');
    expect(
      (
        await invoke('cs-delete-pod', {
          idempotencyKey: 'demo-d1',
          dryRun: false,
          target,
        })
      ).answer.status,
    ).toBe('already-done');
  });

  it('deactivates an access key the example CloudTrail logs show', async () => {
    const target = {
      accessKeyId: DEMO_ACCESS_KEY_ID,
      userName: 'christophe',
    };

    const first = await invoke('cs-deactivate-access-key', {
      idempotencyKey: 'demo-k1',
      dryRun: false,
      target,
    });
    expect(first.answer.status).toBe('done');
    expect(iam.snapshot().christophe).toContainEqual({
      id: DEMO_ACCESS_KEY_ID,
      status: 'Inactive',
    });

    const retry = await invoke('cs-deactivate-access-key', {
      idempotencyKey: 'demo-k1',
      dryRun: false,
      target,
    });
    expect(retry.answer.status).toBe('already-done');
  });

  it('reports a pod the demo does not run as a function error', async () => {
    const out = await invoke('cs-quarantine-pod', {
      idempotencyKey: 'demo-q2',
      target: {
        namespace: 'default',
        pod: 'alpine-deployment-77789455d6-m7flp',
      },
    });

    expect(out.functionError).toBe('Unhandled');
    expect(out.answer).toEqual({
      errorType: 'Error',
      errorMessage:
        'pod default/alpine-deployment-77789455d6-m7flp not found: nothing to quarantine',
      trace: [],
    });
  });

  it('shows what the responders did at /_demo/state', async () => {
    const response = await fetch(`${server.url}/_demo/state`);
    const state = await response.json();

    expect(state.kubernetes.networkPolicies).toHaveLength(1);
    expect(Object.keys(state.iam)).toContain('christophe');
  });
});
