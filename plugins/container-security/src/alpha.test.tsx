import { renderTestApp } from '@backstage/frontend-test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { containerSecurityApiRef } from './api/ContainerSecurityApi';
import { mockApi, workload } from './__testUtils__/components';
import containerSecurityPlugin from './alpha';

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
    expect(await screen.findByText('No scorecards yet')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('tab', { name: 'Workloads' }));
    expect(await screen.findByText('All workloads (1)')).toBeInTheDocument();
    expect(screen.getByText('payments-api')).toBeInTheDocument();
  });

  it('serves the Responses tab of the org-wide page', async () => {
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
      initialRouteEntries: ['/container-security?tab=responses'],
      apis: [[containerSecurityApiRef, api]],
    });
    expect(
      await screen.findByText(/The kill switch is on/),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Responses' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });
});
