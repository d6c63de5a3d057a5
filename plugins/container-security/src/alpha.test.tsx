import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { containerSecurityApiRef } from './api/ContainerSecurityApi';
import {
  annotatedEntity,
  emptyVulnerabilities,
  mockApi,
  response,
  workload,
} from './__testUtils__/components';
import containerSecurityPlugin from './alpha';

// Each area and tab is a lazily imported module, transformed on its first import in a
// test run; on a busy machine that alone can pass Jest's default 5 s.
jest.setTimeout(30_000);

describe('new frontend system plugin', () => {
  it('mounts the org-wide Security page at /container-security', async () => {
    const api = mockApi({
      listWorkloads: jest.fn().mockResolvedValue({
        items: [workload('payments-api', 'registry/payments:1')],
        totalCount: 1,
        sources: [],
      }),
    });
    renderTestApp({
      features: [containerSecurityPlugin],
      initialRouteEntries: ['/container-security'],
      apis: [[containerSecurityApiRef, api]],
    });
    // The Scorecard tab opens first; the workloads are one tab further.
    // The page and then its tab load lazily; in jsdom that takes longer than findBy's default.
    expect(
      await screen.findByText('No scorecards yet', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Workloads' }));
    expect(
      await screen.findByText('All workloads (1)', {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('payments-api')).toBeInTheDocument();
  });

  it('serves the Responses tab of the org-wide page as a sub-page with its own URL', async () => {
    const api = mockApi({
      getRespondersOverview: jest.fn().mockResolvedValue({
        enabled: true,
        killSwitch: true,
        rules: [],
        allowedFunctions: ['quarantine-pod'],
        limits: {
          ruleCooldownSeconds: 600,
          serviceCooldownSeconds: 120,
          maxActionsPerHour: 30,
          actionsLastHour: 0,
        },
        approvalTimeoutSeconds: 3600,
      }),
      listResponderActions: jest.fn().mockResolvedValue({ items: [] }),
    });
    renderTestApp({
      features: [containerSecurityPlugin],
      initialRouteEntries: ['/container-security/responses'],
      apis: [[containerSecurityApiRef, api]],
    });
    expect(
      await screen.findByText(/The kill switch is on/, {}, { timeout: 15_000 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Responses' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('serves each area of the Security tab at its own path below the tab', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(response([workload('payments-api', 'r/p:1')])),
      getEntityVulnerabilities: jest
        .fn()
        .mockResolvedValue(
          emptyVulnerabilities({ images: [{ image: 'r/p:1', workloads: [] }] }),
        ),
    });
    const content = containerSecurityPlugin.getExtension(
      'entity-content:container-security',
    );
    // As the catalog's entity page mounts entity content: at its path, with the rest of the URL below it.
    renderInTestApp(
      <EntityProvider entity={annotatedEntity}>
        <Routes>
          <Route
            path="/catalog/default/component/payments-api/security/*"
            element={createExtensionTester(content).reactElement()}
          />
        </Routes>
      </EntityProvider>,
      {
        initialRouteEntries: [
          '/catalog/default/component/payments-api/security/vulnerabilities',
        ],
        apis: [
          [containerSecurityApiRef, api],
          [permissionApiRef, mockApis.permission()],
        ],
      },
    );
    expect(
      await screen.findByRole('tab', { name: 'Vulnerabilities' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(
      await within(
        await screen.findByTestId('summary-vulnerabilities'),
      ).findByText('Not scanned'),
    ).toBeInTheDocument();
    expect(
      await screen.findByTestId('vulnerabilities-section'),
    ).toBeInTheDocument();
    expect(api.getEntityWorkloads).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('tab', { name: 'Workloads' }));
    expect(await screen.findByText('payments-api')).toBeInTheDocument();
  });
});
