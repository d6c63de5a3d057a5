import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  annotatedEntity,
  emptyPosture,
  mockApi,
  plainEntity,
  response,
  workload,
  Wrapper,
} from '../../__testUtils__/components';
import { ContainerSecurityApi } from '../../api/ContainerSecurityApi';
import { EntitySecurityContent } from './EntitySecurityContent';

// Mounted as apps mount the tab: at `…/security`, with the rest of the path its own.
function render(
  api: ContainerSecurityApi,
  path: string,
  entity = annotatedEntity,
) {
  return renderInTestApp(
    <Wrapper api={api} entity={entity}>
      <Routes>
        <Route
          path="/catalog/default/component/payments-api/security/*"
          element={<EntitySecurityContent />}
        />
      </Routes>
    </Wrapper>,
    {
      routeEntries: [`/catalog/default/component/payments-api/security${path}`],
    },
  );
}

const tab = (name: string) => screen.findByRole('tab', { name });

// Each area and tab is a lazily imported module, transformed on its first import in a
// test run; on a busy machine that alone can pass Jest's default 5 s.
jest.setTimeout(30_000);

describe('EntitySecurityContent', () => {
  it('opens an area from its own URL, loading only that area', async () => {
    const api = mockApi({ getEntityWorkloads: jest.fn() });
    await render(api, '/network');
    expect(await tab('Network')).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByTestId('summary-network')).toBeInTheDocument();
    // the network area itself (not only the summary figure) rendered
    await waitFor(() => expect(api.getEntityNetwork).toHaveBeenCalledTimes(2));
    expect(api.getEntityWorkloads).not.toHaveBeenCalled();
    expect(api.getEntityAlertHistogram).not.toHaveBeenCalled();
    expect(screen.queryByRole('heading', { name: 'Posture' })).toBeNull();
  });

  it('shows the summary and the Posture area on the index', async () => {
    const api = mockApi({
      getEntityPosture: jest
        .fn()
        .mockResolvedValue(emptyPosture({ score: 100, grade: 'A' })),
    });
    await render(api, '');
    expect(await tab('Posture')).toHaveAttribute('aria-selected', 'true');
    expect(
      await screen.findByRole('heading', { name: 'Posture' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('A · 100/100')).toBeInTheDocument();
  });

  it('navigates between areas with links that reproduce the view', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([workload('payments-api', 'registry/p:1')]),
        ),
    });
    await render(api, '/posture');
    const workloads = await tab('Workloads');
    expect(workloads).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/security/workloads',
    );
    fireEvent.click(workloads);
    expect(await screen.findByText('payments-api')).toBeInTheDocument();
    expect(await tab('Workloads')).toHaveAttribute('aria-selected', 'true');
    // a summary figure leads to its area too
    const alertsFigure = await screen.findByTestId('summary-alerts');
    expect(alertsFigure).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/security/alerts',
    );
    fireEvent.click(alertsFigure);
    expect(await tab('Alerts')).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(api.getEntityAlertHistogram).toHaveBeenCalled());
  });

  it('renders workload text from the cluster as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(response([workload('payments-api', hostile)])),
    });
    const { container } = await render(api, '/workloads');
    expect(await screen.findByLabelText(hostile)).toHaveAttribute(
      'data-full',
      hostile,
    );
    expect(container.querySelector('img[src="x"]')).toBeNull();
  });

  it('offers the Response area only to services with responders', async () => {
    const without = mockApi({});
    const { unmount } = await render(without, '/posture');
    await tab('Posture');
    await waitFor(() => expect(without.getEntityResponders).toHaveBeenCalled());
    expect(screen.queryByRole('tab', { name: 'Response' })).toBeNull();
    unmount();

    const withResponders = mockApi({
      getEntityResponders: jest.fn().mockResolvedValue({
        enabled: true,
        functions: [{ functionName: 'quarantine-pod', automatic: false }],
        pending: [],
      }),
    });
    await render(withResponders, '/posture');
    expect(await tab('Response')).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/security/response',
    );
  });

  it('says so for an area that does not exist', async () => {
    await render(mockApi({}), '/nonsense');
    expect(await screen.findByText('No such area')).toBeInTheDocument();
  });

  it('schedules a rescan and reloads the summary and the open area', async () => {
    const api = mockApi({
      getEntityWorkloads: jest.fn().mockResolvedValue(response([])),
      refreshEntity: jest.fn().mockResolvedValue({ status: 'scheduled' }),
    });
    await render(api, '/workloads');
    await waitFor(() =>
      expect(api.getEntityWorkloads).toHaveBeenCalledTimes(1),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Rescan' }));
    await waitFor(() =>
      expect(api.getEntityWorkloads).toHaveBeenCalledTimes(2),
    );
    await waitFor(() => expect(api.getEntityPosture).toHaveBeenCalledTimes(2));
    expect(api.refreshEntity).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('shows the missing-annotation state for entities without Kubernetes annotations', async () => {
    const api = mockApi({});
    await render(api, '/network', plainEntity);
    // Either annotation is enough, and the state says so.
    expect(
      await screen.findByTestId('missing-kubernetes-annotation'),
    ).toHaveTextContent(
      'Add either the backstage.io/kubernetes-id or the backstage.io/kubernetes-label-selector annotation to this entity: either one is enough',
    );
    expect(api.getEntityWorkloads).not.toHaveBeenCalled();
    expect(api.getEntityPosture).not.toHaveBeenCalled();
    expect(api.getEntityNetwork).not.toHaveBeenCalled();
  });
});
