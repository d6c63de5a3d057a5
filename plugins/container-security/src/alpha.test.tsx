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
});
