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
} from '../__testUtils__/kubernetes';
import { createDeletePodHandler } from './deletePod';

const server = setupServer();
registerMswTestHooks(server);

const POD = `${API}/api/v1/namespaces/storefront/pods/cart-service-7c9d8f6b5-q2w4z`;

function payload(overrides: object = {}) {
  return {
    idempotencyKey: 'act-del-1',
    dryRun: false,
    action: {
      name: 'Terminate the pod',
      actionner: 'kubernetes:terminate',
      parameters: {},
    },
    target: { namespace: 'storefront', pod: 'cart-service-7c9d8f6b5-q2w4z' },
    ...overrides,
  };
}

/** A pod that exists until it is deleted, as the API server does it. */
function serveCluster() {
  const state = { exists: true };
  const writes: RecordedWrite[] = [];
  server.use(
    http.get(POD, () =>
      state.exists
        ? HttpResponse.json(cartPod())
        : notFound('pods', 'cart-service-7c9d8f6b5-q2w4z'),
    ),
    http.delete(POD, async ({ request }) => {
      await record(request, writes);
      if (!state.exists) {
        return notFound('pods', 'cart-service-7c9d8f6b5-q2w4z');
      }
      state.exists = false;
      // The API server answers a graceful delete with the pod, now terminating.
      return HttpResponse.json({
        ...cartPod(),
        metadata: {
          ...cartPod().metadata,
          deletionTimestamp: '2026-12-07T09:20:00Z',
        },
      });
    }),
  );
  return { state, writes };
}

describe('cs-delete-pod', () => {
  const handler = () =>
    createDeletePodHandler({ kube: testKubeClient(), log: () => {} });

  it('deletes the pod on the first run', async () => {
    const { state, writes } = serveCluster();

    const answer = await handler()(payload());

    expect(answer).toEqual({
      status: 'done',
      changes: ['delete pod storefront/cart-service-7c9d8f6b5-q2w4z'],
      message:
        'pod storefront/cart-service-7c9d8f6b5-q2w4z deleted; its controller replaces it',
    });
    expect(state.exists).toBe(false);
    expect(writes[0].body).toBeUndefined();
  });

  it('answers already-done on a retry (404) without failing', async () => {
    const { writes } = serveCluster();
    const run = handler();
    await run(payload());

    const again = await run(payload());

    expect(again.status).toBe('already-done');
    expect(again.changes).toEqual([]);
    expect(writes).toHaveLength(2); // the retry's DELETE found nothing to delete
  });

  it("passes Talon's grace_period_seconds as DeleteOptions", async () => {
    const { writes } = serveCluster();

    await handler()(
      payload({
        action: {
          name: 'Terminate',
          actionner: 'kubernetes:terminate',
          parameters: { grace_period_seconds: 5 },
        },
      }),
    );

    expect(writes[0].body).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: 5,
    });
    expect(writes[0].contentType).toBe('application/json');
  });

  it('changes nothing in a dry run', async () => {
    const { state, writes } = serveCluster();

    const answer = await handler()(payload({ dryRun: true }));

    expect(answer).toEqual({
      status: 'dry-run',
      changes: ['delete pod storefront/cart-service-7c9d8f6b5-q2w4z'],
      message:
        'dry run: pod storefront/cart-service-7c9d8f6b5-q2w4z would be deleted',
    });
    expect(writes).toEqual([]);
    expect(state.exists).toBe(true);
  });

  it('says so in a dry run when the pod is already gone', async () => {
    const { state } = serveCluster();
    state.exists = false;

    const answer = await handler()(payload({ dryRun: true }));

    expect(answer.changes).toEqual([]);
    expect(answer.message).toMatch(/does not exist; nothing would be deleted/);
  });

  it.each([
    [
      { target: { namespace: 'storefront' } },
      /target.pod: expected a Kubernetes object name/,
    ],
    [{ target: { namespace: 'storefront', pod: '../secrets' } }, /target.pod/],
    [
      { action: { parameters: { grace_period_seconds: -1 } } },
      /grace_period_seconds: expected a whole number/,
    ],
  ])('rejects bad input %#', async (overrides, message) => {
    await expect(handler()(payload(overrides))).rejects.toThrow(message);
  });

  it('surfaces a forbidden delete', async () => {
    server.use(
      http.delete(POD, () =>
        status(
          403,
          'Forbidden',
          'pods "cart-service-7c9d8f6b5-q2w4z" is forbidden: User "eks:responder" cannot delete resource "pods"',
        ),
      ),
    );

    await expect(handler()(payload())).rejects.toThrow(
      /answered 403 Forbidden: .*cannot delete resource "pods"/,
    );
  });
});
