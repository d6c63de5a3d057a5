import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { CostOverviewResponse } from '@containersec/plugin-container-security-common';
import { screen, within } from '@testing-library/react';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi } from '../../__testUtils__/components';
import { SecurityOverviewPage } from '../SecurityOverviewPage';
import { CostOverview } from './CostOverview';

const overview = (
  overrides: Partial<CostOverviewResponse> = {},
): CostOverviewResponse => ({
  currency: 'USD',
  totals: { monthlyCost: 223.52, potentialSavings: 140.29, hintCount: 15 },
  byTeam: [
    {
      owner: 'group:default/payments-team',
      serviceCount: 3,
      monthlyCost: 136.07,
      potentialSavings: 84.76,
      hintCount: 7,
    },
    {
      owner: 'unowned',
      serviceCount: 1,
      monthlyCost: 10,
      potentialSavings: 1,
      hintCount: 1,
    },
  ],
  byService: [
    {
      entityRef: 'component:default/fraud-scoring',
      title: 'Fraud scoring',
      owner: 'group:default/payments-team',
      monthlyCost: 59.45,
      potentialSavings: 56.66,
      hintCount: 4,
    },
  ],
  sources: [],
  ...overrides,
});

const render = (api: ReturnType<typeof mockApi>) =>
  renderInTestApp(
    <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
      <CostOverview />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

describe('CostOverview', () => {
  it('totals savings by team and by service, linking to the catalog', async () => {
    const api = mockApi({
      getCostOverview: jest.fn().mockResolvedValue(overview()),
    });
    await render(api);
    expect(
      await screen.findByTestId('cost-overview-savings'),
    ).toHaveTextContent('$140.29');
    expect(screen.getByTestId('cost-overview-monthly')).toHaveTextContent(
      '$223.52',
    );
    const teams = within(screen.getByTestId('cost-by-team'));
    const team = teams.getByText('group:default/payments-team');
    expect(team.closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/group/payments-team',
    );
    expect(teams.getByText('$84.76')).toBeInTheDocument();
    expect(teams.getByText('No owner')).toBeInTheDocument();
    const services = within(screen.getByTestId('cost-by-service'));
    expect(services.getByText('Fraud scoring').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/fraud-scoring',
    );
    expect(services.getByText('$56.66')).toBeInTheDocument();
  });

  it('shows an empty state before any metrics', async () => {
    const api = mockApi({
      getCostOverview: jest.fn().mockResolvedValue(
        overview({
          byService: [],
          byTeam: [],
          totals: { monthlyCost: 0, potentialSavings: 0, hintCount: 0 },
        }),
      ),
    });
    await render(api);
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
  });

  it('shows errors', async () => {
    const api = mockApi({
      getCostOverview: jest.fn().mockRejectedValue(new Error('forbidden')),
    });
    await render(api);
    expect(await screen.findByText('Error: forbidden')).toBeInTheDocument();
    expect(screen.queryByTestId('cost-by-team')).toBeNull();
  });

  it('is the Cost tab of the org-wide Security page', async () => {
    const api = mockApi({
      getCostOverview: jest.fn().mockResolvedValue(overview()),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
        <SecurityOverviewPage />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
        routeEntries: ['/?tab=cost'],
      },
    );
    expect(screen.getByRole('tab', { name: 'Cost' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    expect(await screen.findByTestId('cost-by-team')).toBeInTheDocument();
  });
});
