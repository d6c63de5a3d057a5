import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { WORKLOAD_SYNC_SIGNAL_CHANNEL } from '@containersec/plugin-container-security-common';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi } from '../../__testUtils__/components';
import { fakeSignals } from '../../__testUtils__/signals';
import { fakePermissions } from '../ResponseSection/__testUtils__/responders';
import { RescanButton } from './RescanButton';

// usePermission caches answers per (permission, resource): each test its own entity.
const entityNamed = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
});

async function render(options: {
  entity: Entity;
  allowed: boolean;
  signals?: ReturnType<typeof fakeSignals>;
}) {
  const api = mockApi({
    refreshEntity: jest.fn().mockResolvedValue({ status: 'scheduled' }),
  });
  const permissions = fakePermissions(() => options.allowed);
  const onDone = jest.fn();
  const apis: any[] = [
    [containerSecurityApiRef, api],
    [permissionApiRef, permissions.api],
  ];
  if (options.signals) apis.push([signalApiRef, options.signals.api]);
  await renderInTestApp(
    <TestApiProvider apis={apis as any}>
      <EntityProvider entity={options.entity}>
        <RescanButton onDone={onDone} />
      </EntityProvider>
    </TestApiProvider>,
  );
  return { api, onDone, permissions };
}

describe('RescanButton', () => {
  it('shows the rescan running until the sync-finished signal, then reloads the page', async () => {
    const signals = fakeSignals();
    const { api, onDone, permissions } = await render({
      entity: entityNamed('rescan-allowed'),
      allowed: true,
      signals,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rescan' }),
    );
    expect(api.refreshEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'rescan-allowed',
    });
    expect(await screen.findByTestId('rescan-progress')).toHaveTextContent(
      'Rescanning: the page updates when the sync finishes',
    );
    expect(screen.getByRole('button', { name: 'Rescan' })).toBeDisabled();
    expect(onDone).not.toHaveBeenCalled();
    expect(permissions.asked).toContainEqual({
      name: 'container-security.entity.act',
      resourceRef: 'component:default/rescan-allowed',
    });

    act(() =>
      signals.emit(WORKLOAD_SYNC_SIGNAL_CHANNEL, {
        type: 'workload-sync',
        finishedAt: '2026-12-07T05:00:00.000Z',
      }),
    );
    expect(screen.queryByTestId('rescan-progress')).toBeNull();
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Rescan' })).toBeEnabled();
  });

  it('is disabled with the reason for a user who may not act on the entity', async () => {
    const { api } = await render({
      entity: entityNamed('rescan-denied'),
      allowed: false,
      signals: fakeSignals(),
    });
    const wrapper = await screen.findByTestId('rescan-not-allowed');
    expect(screen.getByRole('button', { name: 'Rescan' })).toBeDisabled();
    await userEvent.hover(wrapper);
    expect(
      await screen.findByText(/may not rescan this entity/),
    ).toBeInTheDocument();
    expect(api.refreshEntity).not.toHaveBeenCalled();
  });

  it('without signals, reloads once the rescan is scheduled', async () => {
    const { onDone } = await render({
      entity: entityNamed('rescan-no-signals'),
      allowed: true,
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Rescan' }),
    );
    expect(onDone).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('rescan-progress')).toBeNull();
  });
});
