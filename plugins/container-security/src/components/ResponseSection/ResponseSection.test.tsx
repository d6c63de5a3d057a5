import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi } from '../../__testUtils__/components';
import { fakePermissions, responderAction } from './__testUtils__/responders';
import { ResponseSection } from './ResponseSection';

// usePermission caches answers per (permission, resource) across renders, so every
// test uses its own service.
function entityNamed(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'backstage.io/kubernetes-id': name },
    },
  };
}

function fakeSignals() {
  const handlers = new Map<string, (message: any) => void>();
  return {
    api: {
      subscribe(channel: string, onMessage: (message: any) => void) {
        handlers.set(channel, onMessage);
        return { unsubscribe: () => handlers.delete(channel) };
      },
    },
    emit(channel: string, message: any) {
      handlers.get(channel)?.(message);
    },
  };
}

async function render(options: {
  api: ReturnType<typeof mockApi>;
  entity: Entity;
  allow?: (name: string, resourceRef?: string) => boolean;
  signals?: ReturnType<typeof fakeSignals>;
}) {
  const permissions = fakePermissions(options.allow ?? (() => true));
  const signals = options.signals ?? fakeSignals();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [containerSecurityApiRef, options.api],
        [permissionApiRef, permissions.api],
        [signalApiRef, signals.api],
      ]}
    >
      <EntityProvider entity={options.entity}>
        <ResponseSection />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { permissions, signals };
}

const functions = [
  {
    functionName: 'quarantine-pod',
    description: 'Labels the pod and isolates it with a deny-all policy',
    automatic: true,
  },
  { functionName: 'scale-to-zero', automatic: false },
];

describe('ResponseSection', () => {
  it('lists the responders, approves a pending action and reloads', async () => {
    const ref = 'component:default/approve-svc';
    const pending = responderAction('p1', { entityRef: ref });
    const done = responderAction('p1', {
      entityRef: ref,
      status: 'succeeded',
      decidedBy: 'user:default/whitfield.diffie',
      decidedAt: '2026-12-07T01:05:00.000Z',
      result: {
        statusCode: 200,
        payload: { message: 'Pod quarantined' },
        logTail: 'START RequestId: 1\nquarantined payments-api-6d8f9c7b5-x7k2p',
        durationMs: 850,
      },
    });
    const getEntityResponders = jest
      .fn()
      .mockResolvedValueOnce({ enabled: true, functions, pending: [pending] })
      .mockResolvedValue({ enabled: true, functions, pending: [] });
    const listEntityResponderActions = jest
      .fn()
      .mockResolvedValueOnce({ items: [pending] })
      .mockResolvedValue({ items: [done] });
    const approve = jest.fn().mockResolvedValue(done);
    const api = mockApi({
      getEntityResponders,
      listEntityResponderActions,
      approveResponderAction: approve,
    });
    const { permissions } = await render({
      api,
      entity: entityNamed('approve-svc'),
    });

    const rows = await screen.findAllByTestId('responder-function-row');
    expect(rows.map(r => r.textContent)).toEqual([
      'quarantine-podLabels the pod and isolates it with a deny-all policyAutomatically (opted in)',
      'scale-to-zero—By hand only',
    ]);
    const pendingArea = screen.getByTestId('responder-pending');
    expect(
      within(pendingArea).getByText('Pending approval'),
    ).toBeInTheDocument();
    expect(
      within(pendingArea).getByText(/Awaiting approval; expires in/),
    ).toBeInTheDocument();
    const approveButton = within(pendingArea).getByRole('button', {
      name: 'Approve',
    });
    await waitFor(() => expect(approveButton).toBeEnabled());
    await userEvent.click(approveButton);

    expect(approve).toHaveBeenCalledWith('p1');
    expect(
      await screen.findByText('No action waits for approval.'),
    ).toBeInTheDocument();
    const history = screen.getByTestId('responder-history');
    expect(
      await within(history).findByText('Pod quarantined'),
    ).toBeInTheDocument();
    expect(within(history).getByText('Succeeded')).toBeInTheDocument();
    expect(within(history).getByText('StatusCode 200')).toBeInTheDocument();
    expect(within(history).getByText('850 ms')).toBeInTheDocument();
    // The log tail is behind the row's expander.
    expect(within(history).queryByTestId('action-log-tail')).toBeNull();
    await userEvent.click(
      within(history).getByRole('button', { name: 'Show details' }),
    );
    expect(
      await within(history).findByTestId('action-log-tail'),
    ).toHaveTextContent('quarantined payments-api-6d8f9c7b5-x7k2p');
    expect(
      within(history).getByText(/Approved by user:default\/whitfield.diffie/),
    ).toBeInTheDocument();
    expect(permissions.asked).toContainEqual({
      name: 'container-security.responder.approve',
      resourceRef: ref,
    });
  });

  it('disables Approve and Reject with the reason for those who may not approve', async () => {
    const ref = 'component:default/denied-svc';
    const api = mockApi({
      getEntityResponders: jest.fn().mockResolvedValue({
        enabled: true,
        functions,
        pending: [responderAction('p2', { entityRef: ref })],
      }),
      listEntityResponderActions: jest.fn().mockResolvedValue({ items: [] }),
    });
    await render({
      api,
      entity: entityNamed('denied-svc'),
      allow: name => name !== 'container-security.responder.approve',
    });
    const reason = await screen.findByLabelText(
      /may not approve or reject responder actions on this service/,
    );
    expect(
      within(reason).getByRole('button', { name: 'Approve' }),
    ).toBeDisabled();
    expect(
      within(reason).getByRole('button', { name: 'Reject' }),
    ).toBeDisabled();
    expect(api.approveResponderAction).not.toHaveBeenCalled();
  });

  it('shows a refusal from the server as a message, not a crash', async () => {
    const ref = 'component:default/race-svc';
    // What the client throws for a 403 (ResponseError.fromResponse).
    const refusal = await ResponseError.fromResponse({
      ok: false,
      status: 403,
      statusText: 'Forbidden',
      url: 'http://backstage.test/api/container-security/responder-actions/p3/reject',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: 'Not allowed: container-security.responder.approve',
          },
          request: { method: 'POST', url: '/responder-actions/p3/reject' },
          response: { statusCode: 403 },
        }),
    } as unknown as Response);
    const api = mockApi({
      getEntityResponders: jest.fn().mockResolvedValue({
        enabled: true,
        functions,
        pending: [responderAction('p3', { entityRef: ref })],
      }),
      listEntityResponderActions: jest.fn().mockResolvedValue({ items: [] }),
      rejectResponderAction: jest.fn().mockRejectedValue(refusal),
    });
    await render({ api, entity: entityNamed('race-svc') });
    const reject = await screen.findByRole('button', { name: 'Reject' });
    await waitFor(() => expect(reject).toBeEnabled());
    await userEvent.click(reject);
    expect(await screen.findByTestId('approval-error')).toHaveTextContent(
      'Rejection failed: Not allowed: container-security.responder.approve',
    );
    expect(screen.getByTestId('responder-pending')).toBeInTheDocument();
  });

  it('says what to configure when responders are not set up, and that nothing acted yet', async () => {
    const api = mockApi({});
    await render({ api, entity: entityNamed('plain-svc') });
    expect(
      await screen.findByText('Responders are not set up'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/containerSecurity.responders.functions/),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/No responder has acted on this service yet/),
    ).toBeInTheDocument();
  });

  it('warns when the kill switch is on', async () => {
    const api = mockApi({
      getEntityResponders: jest
        .fn()
        .mockResolvedValue({ enabled: false, functions, pending: [] }),
    });
    await render({ api, entity: entityNamed('killed-svc') });
    expect(
      await screen.findByText(/Responders are switched off/),
    ).toBeInTheDocument();
  });

  it('shows why the responders or the history did not load', async () => {
    const api = mockApi({
      getEntityResponders: jest
        .fn()
        .mockRejectedValue(new Error('responders exploded')),
      listEntityResponderActions: jest
        .fn()
        .mockRejectedValue(new Error('history exploded')),
    });
    await render({ api, entity: entityNamed('broken-svc') });
    expect(
      (await screen.findAllByText(/responders exploded/)).length,
    ).toBeGreaterThan(0);
    expect(
      (await screen.findAllByText(/history exploded/)).length,
    ).toBeGreaterThan(0);
  });

  it('pages the history and reloads on the entity’s signal', async () => {
    const ref = 'component:default/paged-svc';
    const list = jest
      .fn()
      .mockImplementation(async (_e, request?: { cursor?: string }) =>
        request?.cursor === 'older'
          ? {
              items: [
                responderAction('h2', {
                  entityRef: ref,
                  status: 'failed',
                  functionName: 'scale-to-zero',
                  result: { statusCode: 200, functionError: 'Unhandled' },
                }),
              ],
            }
          : {
              items: [
                responderAction('h1', { entityRef: ref, status: 'dry-run' }),
              ],
              nextCursor: 'older',
            },
      );
    const api = mockApi({
      getEntityResponders: jest
        .fn()
        .mockResolvedValue({ enabled: true, functions, pending: [] }),
      listEntityResponderActions: list,
    });
    const { signals } = await render({
      api,
      entity: entityNamed('paged-svc'),
    });
    const history = screen.getByTestId('responder-history');
    await within(history).findByText('Dry run');
    await userEvent.click(
      within(history).getByRole('button', { name: 'Load older actions' }),
    );
    expect(
      await within(history).findByText('FunctionError: Unhandled'),
    ).toBeInTheDocument();
    expect(within(history).getAllByTestId('responder-action-row')).toHaveLength(
      2,
    );
    expect(list).toHaveBeenLastCalledWith(
      { kind: 'Component', namespace: 'default', name: 'paged-svc' },
      { limit: 20, cursor: 'older' },
    );

    const calls = list.mock.calls.length;
    act(() =>
      signals.emit(`container-security:responders:${ref}`, {
        type: 'responder-action',
        actionId: 'h3',
        entityRef: ref,
        status: 'succeeded',
      }),
    );
    await waitFor(() => expect(list.mock.calls.length).toBeGreaterThan(calls));
  });
});
