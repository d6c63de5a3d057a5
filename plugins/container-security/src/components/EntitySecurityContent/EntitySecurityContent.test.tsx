import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import {
  annotatedEntity,
  mockApi,
  plainEntity,
  response,
  workload,
  Wrapper,
} from '../../__testUtils__/components';
import { EntitySecurityContent } from './EntitySecurityContent';

describe('EntitySecurityContent', () => {
  it('lists the workloads with their images, rendering hostile text as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(response([workload('payments-api', hostile)])),
    });
    const { container } = await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <EntitySecurityContent />
      </Wrapper>,
    );
    expect(await screen.findByText('payments-api')).toBeInTheDocument();
    expect(screen.getByText(`app: ${hostile}`)).toBeInTheDocument();
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });

  it('schedules a rescan and reloads', async () => {
    const api = mockApi({
      getEntityWorkloads: jest.fn().mockResolvedValue(response([])),
      refreshEntity: jest.fn().mockResolvedValue({ status: 'scheduled' }),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <EntitySecurityContent />
      </Wrapper>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Rescan' }));
    await waitFor(() =>
      expect(api.getEntityWorkloads).toHaveBeenCalledTimes(2),
    );
    expect(api.refreshEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('shows the missing-annotation state for entities without Kubernetes annotations', async () => {
    const api = mockApi({});
    await renderInTestApp(
      <Wrapper api={api} entity={plainEntity}>
        <EntitySecurityContent />
      </Wrapper>,
    );
    expect(
      await screen.findByText('backstage.io/kubernetes-id'),
    ).toBeInTheDocument();
    expect(api.getEntityWorkloads).not.toHaveBeenCalled();
  });
});
