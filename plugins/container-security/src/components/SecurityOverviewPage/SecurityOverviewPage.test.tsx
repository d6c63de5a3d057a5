import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi, workload } from '../../__testUtils__/components';
import { SecurityOverviewPage } from './SecurityOverviewPage';

describe('SecurityOverviewPage', () => {
  it('lists every workload with the total', async () => {
    const api = mockApi({
      listWorkloads: jest.fn().mockResolvedValue({
        items: [
          workload('payments-api', 'a:1'),
          workload('checkout-web', 'nginx:1.27'),
        ],
        totalCount: 2,
        sources: [],
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
        <SecurityOverviewPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('All workloads (2)')).toBeInTheDocument();
    expect(screen.getByText('checkout-web')).toBeInTheDocument();
    expect(api.listWorkloads).toHaveBeenCalledWith({
      namespace: undefined,
      limit: 1000,
    });
  });

  it('shows an empty state before the first sync', async () => {
    const api = mockApi({
      listWorkloads: jest
        .fn()
        .mockResolvedValue({ items: [], totalCount: 0, sources: [] }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
        <SecurityOverviewPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('No workloads yet')).toBeInTheDocument();
  });
});
