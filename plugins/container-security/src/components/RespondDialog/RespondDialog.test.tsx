import { permissionApiRef } from '@backstage/plugin-permission-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi } from '../../__testUtils__/components';
import {
  fakePermissions,
  responderAction,
} from '../ResponseSection/__testUtils__/responders';
import { RespondButton } from './RespondButton';

// usePermission caches answers per (permission, resource), so each test has its service.
const entityOf = (name: string) => ({
  kind: 'Component',
  namespace: 'default',
  name,
});

const functions = [
  {
    functionName: 'quarantine-pod',
    description: 'Labels the pod and isolates it',
    automatic: false,
  },
  {
    functionName: 'delete-pod',
    description: 'Deletes the pod; its controller replaces it',
    automatic: false,
  },
];

async function render(options: {
  api: ReturnType<typeof mockApi>;
  name: string;
  allow?: (name: string, resourceRef?: string) => boolean;
  onResponded?: jest.Mock;
}) {
  const permissions = fakePermissions(options.allow ?? (() => true));
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [containerSecurityApiRef, options.api],
        [permissionApiRef, permissions.api],
      ]}
    >
      <RespondButton
        entity={entityOf(options.name)}
        alertId="alert-7"
        alertTitle="Terminal shell in container"
        onResponded={options.onResponded}
      />
    </TestApiProvider>,
  );
  return permissions;
}

describe('RespondDialog', () => {
  it('previews the payload with a dry run, then runs and shows the outcome', async () => {
    const ref = 'component:default/respond-svc';
    const preview = responderAction('dry-1', {
      entityRef: ref,
      functionName: 'delete-pod',
      invocationType: 'DryRun',
      mode: 'manual',
      status: 'dry-run',
      ruleName: undefined,
      requestedBy: 'user:default/ada.lovelace',
      payload: { action: 'delete-pod', pod: 'payments-api-6d8f9c7b5-x7k2p' },
      result: { statusCode: 204, durationMs: 40 },
    });
    const ran = responderAction('run-1', {
      entityRef: ref,
      functionName: 'delete-pod',
      mode: 'manual',
      status: 'succeeded',
      ruleName: undefined,
      requestedBy: 'user:default/ada.lovelace',
      result: {
        statusCode: 200,
        payload: { message: 'Deleted pod payments-api-6d8f9c7b5-x7k2p' },
        durationMs: 1200,
      },
    });
    const invoke = jest
      .fn()
      .mockImplementation(async (_e, request) =>
        request.dryRun ? preview : ran,
      );
    const api = mockApi({
      getEntityResponders: jest
        .fn()
        .mockResolvedValue({ enabled: true, functions, pending: [] }),
      invokeEntityResponder: invoke,
    });
    const onResponded = jest.fn();
    const permissions = await render({
      api,
      name: 'respond-svc',
      onResponded,
    });

    const respond = await screen.findByRole('button', { name: 'Respond' });
    await waitFor(() => expect(respond).toBeEnabled());
    expect(permissions.asked).toContainEqual({
      name: 'container-security.responder.invoke',
      resourceRef: ref,
    });
    await userEvent.click(respond);
    const dialog = await screen.findByTestId('respond-dialog');
    await userEvent.click(await within(dialog).findByLabelText(/delete-pod/));
    const run = screen.getByRole('button', { name: 'Run' });
    expect(run).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Preview (dry run)' }),
    );
    expect(invoke).toHaveBeenCalledWith(entityOf('respond-svc'), {
      functionName: 'delete-pod',
      alertId: 'alert-7',
      dryRun: true,
    });
    expect(
      await within(dialog).findByTestId('respond-preview-payload'),
    ).toHaveTextContent('"pod": "payments-api-6d8f9c7b5-x7k2p"');
    expect(within(dialog).getByText('StatusCode 204')).toBeInTheDocument();
    expect(onResponded).not.toHaveBeenCalled();

    await waitFor(() => expect(run).toBeEnabled());
    await userEvent.click(run);
    expect(invoke).toHaveBeenLastCalledWith(entityOf('respond-svc'), {
      functionName: 'delete-pod',
      alertId: 'alert-7',
      dryRun: false,
    });
    const outcome = await within(dialog).findByTestId('respond-outcome');
    expect(
      within(outcome).getByText('Deleted pod payments-api-6d8f9c7b5-x7k2p'),
    ).toBeInTheDocument();
    expect(within(outcome).getByText('Succeeded')).toBeInTheDocument();
    expect(onResponded).toHaveBeenCalledWith(ran);
    expect(run).toBeDisabled();
  });

  it('needs a new preview after another function is chosen', async () => {
    const invoke = jest.fn().mockImplementation(async (_e, request) =>
      responderAction('dry', {
        functionName: request.functionName,
        status: 'dry-run',
        mode: 'manual',
      }),
    );
    const api = mockApi({
      getEntityResponders: jest
        .fn()
        .mockResolvedValue({ enabled: true, functions, pending: [] }),
      invokeEntityResponder: invoke,
    });
    await render({ api, name: 'switch-svc' });
    const respond = await screen.findByRole('button', { name: 'Respond' });
    await waitFor(() => expect(respond).toBeEnabled());
    await userEvent.click(respond);
    const dialog = await screen.findByTestId('respond-dialog');
    await userEvent.click(
      await within(dialog).findByLabelText(/quarantine-pod/),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Preview (dry run)' }),
    );
    await within(dialog).findByTestId('respond-preview');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled(),
    );
    await userEvent.click(within(dialog).getByLabelText(/delete-pod/));
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
    expect(within(dialog).queryByTestId('respond-preview')).toBeNull();
  });

  it('disables Respond with the reason for those who may not invoke', async () => {
    const api = mockApi({});
    await render({
      api,
      name: 'not-mine-svc',
      allow: name => name !== 'container-security.responder.invoke',
    });
    const reason = await screen.findByLabelText(
      /may not run responders on this service/,
    );
    expect(
      within(reason).getByRole('button', { name: 'Respond' }),
    ).toBeDisabled();
    expect(api.getEntityResponders).not.toHaveBeenCalled();
  });

  it('shows a refused run as an error message and what to configure when nothing is allow-listed', async () => {
    const api = mockApi({
      getEntityResponders: jest
        .fn()
        .mockResolvedValueOnce({ enabled: true, functions, pending: [] })
        .mockResolvedValue({ enabled: false, functions: [], pending: [] }),
      invokeEntityResponder: jest
        .fn()
        .mockRejectedValue(
          new Error('Not allowed: container-security.responder.invoke'),
        ),
    });
    await render({ api, name: 'refused-svc' });
    const respond = await screen.findByRole('button', { name: 'Respond' });
    await waitFor(() => expect(respond).toBeEnabled());
    await userEvent.click(respond);
    const dialog = await screen.findByTestId('respond-dialog');
    await userEvent.click(await within(dialog).findByLabelText(/delete-pod/));
    await userEvent.click(
      screen.getByRole('button', { name: 'Preview (dry run)' }),
    );
    expect(
      await within(dialog).findByTestId('respond-error'),
    ).toHaveTextContent(
      'Dry run failed: Not allowed: container-security.responder.invoke',
    );
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByTestId('respond-dialog')).toBeNull(),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Respond' }));
    expect(await screen.findByText('No responder to run')).toBeInTheDocument();
  });
});
