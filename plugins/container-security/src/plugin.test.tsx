import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { containerSecurityApiRef } from './api/ContainerSecurityApi';
import {
  annotatedEntity,
  emptyNetwork,
  mockApi,
  response,
  workload,
} from './__testUtils__/components';
import {
  ContainerSecurityPage,
  EntityContainerSecurityContent,
} from './plugin';
import { rootRouteRef } from './routes';
import { TestApiProvider } from '@backstage/test-utils';

const ENTITY = '/catalog/default/component/payments-api';

// Each area and tab is a lazily imported module, transformed on its first import in a
// test run; on a busy machine that alone can pass Jest's default 5 s.
jest.setTimeout(30_000);

describe('legacy frontend system extensions', () => {
  it('serves each area of the Security tab at its own path below the tab', async () => {
    const api = mockApi({
      getEntityNetwork: jest.fn().mockResolvedValue(
        emptyNetwork({
          workloads: ['Deployment/payments/payments-api'],
          isolation: {
            ingress: { isolated: true, policies: ['p'] },
            egress: { isolated: true, policies: ['p'] },
          },
        }),
      ),
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(response([workload('payments-api', 'r/p:1')])),
    });
    // As an app's EntityLayout.Route path="/security" mounts it.
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [containerSecurityApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={annotatedEntity}>
          <Routes>
            <Route
              path={`${ENTITY}/security/*`}
              element={<EntityContainerSecurityContent />}
            />
          </Routes>
        </EntityProvider>
      </TestApiProvider>,
      { routeEntries: [`${ENTITY}/security/network`] },
    );
    expect(await screen.findByRole('tab', { name: 'Network' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(await screen.findByText('Isolated')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Workloads' }));
    expect(await screen.findByText('payments-api')).toBeInTheDocument();
    expect(api.getEntityWorkloads).toHaveBeenCalledTimes(1);
  });

  it('serves the tabs of the org-wide page as sub-routes with the estate summary', async () => {
    const api = mockApi({
      listWorkloads: jest.fn().mockResolvedValue({
        items: [workload('checkout-web', 'nginx:1.27')],
        totalCount: 1,
        sources: [],
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
        <Routes>
          <Route
            path="/container-security/*"
            element={<ContainerSecurityPage />}
          />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/container-security/workloads'],
        mountedRoutes: { '/container-security': rootRouteRef },
      },
    );
    expect(await screen.findByText('All workloads (1)')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Workloads' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(screen.getByTestId('org-summary-worst')).toHaveAttribute(
      'href',
      '/container-security/scorecard',
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Scorecard' }));
    expect(await screen.findByText('No scorecards yet')).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('tab', { name: 'Scorecard' })).toHaveAttribute(
        'aria-selected',
        'true',
      ),
    );
  });
});
