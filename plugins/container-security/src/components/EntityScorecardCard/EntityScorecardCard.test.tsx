import { Entity } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import {
  emptyEntityScorecard,
  mockApi,
  scorecardEntry,
  Wrapper,
} from '../../__testUtils__/components';
import { EntityScorecardCard } from './EntityScorecardCard';

const system: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: { name: 'payments', namespace: 'default' },
};

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

describe('EntityScorecardCard', () => {
  it('shows the roll-up grade and score and each service, worst first', async () => {
    const api = mockApi({
      getEntityScorecard: jest.fn().mockResolvedValue(
        emptyEntityScorecard({
          score: 68,
          grade: 'C',
          entries: [
            scorecardEntry('payments-api', {
              title: 'Payments API',
              score: 90,
              grade: 'A',
              level: 'gold',
            }),
            scorecardEntry('payments-worker', {
              title: undefined,
              score: 45,
              grade: 'F',
              previousScore: 50,
            }),
          ],
        }),
      ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={system}>
        <EntityScorecardCard />
      </Wrapper>,
      { mountedRoutes },
    );
    expect(await screen.findByText('Security scorecard')).toBeInTheDocument();
    expect(await screen.findByTestId('scorecard-grade')).toHaveTextContent('C');
    expect(screen.getByTestId('scorecard-score')).toHaveTextContent('68/100');
    expect(screen.getByText('Across 2 services')).toBeInTheDocument();
    const rows = within(
      screen.getByTestId('entity-scorecard-table'),
    ).getAllByRole('row');
    expect(rows.map(r => r.textContent)).toEqual([
      'ServiceGradeScoreLevel',
      'payments-workerF45 ↓ -5—',
      'Payments APIA90gold',
    ]);
    expect(
      within(rows[2]).getByText('Payments API').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    expect(api.getEntityScorecard).toHaveBeenCalledWith({
      kind: 'System',
      namespace: 'default',
      name: 'payments',
    });
  });

  it('shows an empty state without snapshots', async () => {
    const api = mockApi({});
    await renderInTestApp(
      <Wrapper api={api} entity={system}>
        <EntityScorecardCard />
      </Wrapper>,
      { mountedRoutes },
    );
    expect(await screen.findByText('No scorecards yet')).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    const api = mockApi({
      getEntityScorecard: jest.fn().mockRejectedValue(new Error('boom')),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={system}>
        <EntityScorecardCard />
      </Wrapper>,
      { mountedRoutes },
    );
    expect(
      await screen.findByText(/Scorecard unavailable/),
    ).toBeInTheDocument();
  });
});
