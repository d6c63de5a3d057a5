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

  it("shows a group's sub-groups, each service's team, and the services left out with why", async () => {
    const team: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'payments-team', namespace: 'default' },
    };
    const api = mockApi({
      getEntityScorecard: jest.fn().mockResolvedValue(
        emptyEntityScorecard({
          entityRef: 'group:default/payments-team',
          score: 80,
          grade: 'B',
          entries: [
            scorecardEntry('payments-api', {
              owner: 'group:default/payments-team',
              score: 90,
            }),
            scorecardEntry('fraud-scoring', {
              owner: 'group:default/fraud-team',
              score: 70,
            }),
          ],
          subGroups: [
            {
              entityRef: 'group:default/fraud-team',
              parentRef: 'group:default/payments-team',
            },
          ],
          excluded: [
            {
              entityRef: 'component:default/legacy-reporting',
              reason: 'no-kubernetes-annotation',
            },
            {
              entityRef: 'component:default/fraud-batch',
              reason: 'no-workloads',
            },
          ],
        }),
      ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={team}>
        <EntityScorecardCard />
      </Wrapper>,
      { mountedRoutes },
    );
    expect(await screen.findByTestId('scorecard-across')).toHaveTextContent(
      'Across 2 services of 4',
    );
    expect(screen.getByTestId('scorecard-sub-groups')).toHaveTextContent(
      'fraud-team under payments-team',
    );
    const excluded = screen.getByTestId('scorecard-excluded');
    expect(excluded).toHaveTextContent('Not counted: 2 more services');
    expect(excluded).toHaveTextContent(
      'legacy-reporting (no Kubernetes annotation)',
    );
    expect(excluded).toHaveTextContent('fraud-batch (no workload matched yet)');
    const rows = within(
      screen.getByTestId('entity-scorecard-table'),
    ).getAllByRole('row');
    expect(rows[0]).toHaveTextContent('Team');
    // Teams are entity links, not raw references.
    expect(
      within(rows[1]).getByRole('link', { name: 'fraud-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/fraud-team');
    expect(screen.queryByText('group:default/fraud-team')).toBeNull();
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
