import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  ContainerSecurityApi,
  containerSecurityApiRef,
} from '../../api/ContainerSecurityApi';
import {
  emptyScorecards,
  mockApi,
  scorecardEntry,
  workload,
} from '../../__testUtils__/components';
import { ScorecardsContent } from '../Scorecards';
import { SecurityOverviewPage } from './SecurityOverviewPage';

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

/** The Scorecard tab's content alone, without the estate summary above it (which loads scorecards too). */
function renderScorecards(api: ContainerSecurityApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
      <ScorecardsContent />
    </TestApiProvider>,
    { mountedRoutes },
  );
}

function render(api: ContainerSecurityApi, route = '/') {
  return renderInTestApp(
    <TestApiProvider apis={[[containerSecurityApiRef, api]]}>
      <SecurityOverviewPage />
    </TestApiProvider>,
    { mountedRoutes, routeEntries: [route] },
  );
}

const scorecards = () =>
  emptyScorecards({
    entries: [
      scorecardEntry('payments-api', {
        title: 'Payments API',
        score: 55,
        grade: 'D',
        previousScore: 60,
        level: 'bronze',
        counts: { critical: 1, high: 3, medium: 0, low: 0, info: 0 },
        workloadCount: 2,
        risk: { likelihood: 'high', impact: 'high' },
      }),
      scorecardEntry('checkout-web', {
        title: 'Checkout Web',
        owner: 'group:default/storefront-team',
        system: 'system:default/storefront',
        score: 92,
        grade: 'A',
        previousScore: 85,
        level: 'gold',
        risk: { likelihood: 'low', impact: 'high' },
      }),
      scorecardEntry('search-api', {
        title: 'Search API',
        owner: 'group:default/storefront-team',
        system: 'system:default/storefront',
        score: 70,
        grade: 'C',
        risk: { likelihood: 'high', impact: 'high' },
      }),
    ],
    gradeDistribution: { A: 1, B: 0, C: 1, D: 1, F: 0 },
    topFailingChecks: [
      { checkId: 'privileged-container', entities: 2 },
      { checkId: 'custom-unknown-check', entities: 1 },
    ],
    groups: {
      owner: [
        {
          ref: 'group:default/payments-team',
          score: 55,
          grade: 'D',
          entityCount: 1,
          counts: { critical: 1, high: 3, medium: 0, low: 0, info: 0 },
          gradeDistribution: { A: 0, B: 0, C: 0, D: 1, F: 0 },
        },
        {
          ref: 'group:default/storefront-team',
          score: 81,
          grade: 'B',
          entityCount: 2,
          counts: { critical: 0, high: 2, medium: 4, low: 0, info: 2 },
          gradeDistribution: { A: 1, B: 0, C: 1, D: 0, F: 0 },
        },
      ],
      system: [],
      domain: [
        {
          ref: 'domain:default/commerce',
          score: 72,
          grade: 'C',
          entityCount: 3,
          counts: { critical: 1, high: 5, medium: 4, low: 0, info: 2 },
          gradeDistribution: { A: 1, B: 0, C: 1, D: 1, F: 0 },
        },
      ],
    },
    levels: [
      { name: 'bronze', entities: 3 },
      { name: 'silver', entities: 1 },
      { name: 'gold', entities: 1 },
    ],
    campaigns: [
      {
        id: 'q4-no-privileged',
        title: 'No privileged containers by Q4',
        owner: 'group:default/platform-team',
        deadline: '2099-12-31T00:00:00.000Z',
        goal: { level: 'silver' },
        total: 3,
        met: 1,
        shortfall: [
          'component:default/payments-api',
          'component:default/search-api',
        ],
        history: [
          { date: '2026-11-20', met: 0, total: 3 },
          { date: '2026-11-21', met: 1, total: 3 },
        ],
      },
    ],
  });

describe('SecurityOverviewPage', () => {
  it('shows the scorecard of every entry by default', async () => {
    const api = mockApi({
      getScorecards: jest.fn().mockResolvedValue(scorecards()),
      listWorkloads: jest.fn(),
    });
    await renderScorecards(api);
    const table = await screen.findByTestId('scorecard-table');
    expect(within(table).getByText('Scorecards (3)')).toBeInTheDocument();
    expect(within(table).getByText('Payments API')).toBeInTheDocument();
    expect(within(table).getByText('Checkout Web')).toBeInTheDocument();
    expect(
      within(table).getByText('Payments API').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/component/payments-api');
    const deltas = within(table)
      .getAllByTestId('score-delta')
      .map(d => d.textContent);
    expect(deltas).toEqual(
      expect.arrayContaining(['55 ↓ -5', '92 ↑ +7', '70']),
    );
    expect(api.getScorecards).toHaveBeenCalledWith({
      owner: undefined,
      system: undefined,
      domain: undefined,
      kind: undefined,
    });
    expect(api.listWorkloads).not.toHaveBeenCalled();

    expect(screen.getByTestId('grade-count-A')).toHaveTextContent('A: 1');
    expect(screen.getByTestId('grade-count-B')).toHaveTextContent('B: 0');
    expect(screen.getByTestId('grade-distribution-D')).toHaveStyle({
      width: '33.3%',
    });
    expect(screen.queryByTestId('grade-distribution-B')).toBeNull();

    expect(
      within(
        screen.getByTestId('failing-check-privileged-container'),
      ).getByText('Privileged container', { exact: false }),
    ).toBeInTheDocument();
    expect(
      screen.getByTestId('failing-check-custom-unknown-check'),
    ).toHaveTextContent('custom-unknown-check1');

    const owners = screen.getByTestId('rollup-owner');
    expect(within(owners).getByText('storefront-team')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('rollup-domain')).getByText('commerce'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('level-bronze')).toHaveTextContent('bronze3');

    const campaign = screen.getByTestId('campaign-q4-no-privileged');
    expect(campaign).toHaveTextContent('No privileged containers by Q4');
    expect(campaign).toHaveTextContent('Goal: level silver');
    expect(campaign).toHaveTextContent('2099-12-31');
    expect(
      screen.getByTestId('campaign-q4-no-privileged-progress'),
    ).toHaveTextContent('1/3');
    expect(
      within(campaign).getByText('search-api').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/component/search-api');
    expect(
      within(campaign).getByTestId('campaign-history'),
    ).toBeInTheDocument();
  });

  it('counts entries per likelihood × impact cell and filters the table by a cell', async () => {
    const api = mockApi({
      getScorecards: jest.fn().mockResolvedValue(scorecards()),
    });
    await renderScorecards(api);
    await screen.findByTestId('risk-matrix');
    expect(screen.getByTestId('risk-cell-high-high')).toHaveTextContent('2');
    expect(screen.getByTestId('risk-cell-low-high')).toHaveTextContent('1');
    expect(screen.getByTestId('risk-cell-low-low')).toHaveTextContent('0');
    expect(screen.getByTestId('risk-cell-medium-medium')).toHaveTextContent(
      '0',
    );

    fireEvent.click(screen.getByTestId('risk-cell-high-high'));
    const table = screen.getByTestId('scorecard-table');
    expect(within(table).getByText('Scorecards (2)')).toBeInTheDocument();
    expect(within(table).queryByText('Checkout Web')).toBeNull();
    expect(screen.getByTestId('csv-export')).toHaveTextContent(
      'Export CSV (2)',
    );

    fireEvent.click(screen.getByTestId('risk-cell-high-high'));
    expect(within(table).getByText('Scorecards (3)')).toBeInTheDocument();
  });

  it('fetches the scorecards again with the chosen owner and system', async () => {
    const api = mockApi({
      getScorecards: jest.fn().mockResolvedValue(scorecards()),
    });
    await renderScorecards(api);
    await screen.findByTestId('scorecard-table');

    fireEvent.mouseDown(
      within(screen.getByTestId('scorecard-filter-owner')).getByRole('button'),
    );
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('storefront-team'),
    );
    await waitFor(() =>
      expect(api.getScorecards).toHaveBeenLastCalledWith({
        owner: 'group:default/storefront-team',
        system: undefined,
        domain: undefined,
        kind: undefined,
      }),
    );

    fireEvent.mouseDown(
      within(screen.getByTestId('scorecard-filter-system')).getByRole('button'),
    );
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('storefront'),
    );
    await waitFor(() =>
      expect(api.getScorecards).toHaveBeenLastCalledWith({
        owner: 'group:default/storefront-team',
        system: 'system:default/storefront',
        domain: undefined,
        kind: undefined,
      }),
    );
  });

  it('groups the table by owner', async () => {
    const api = mockApi({
      getScorecards: jest.fn().mockResolvedValue(scorecards()),
    });
    await renderScorecards(api);
    await screen.findByTestId('scorecard-table');
    fireEvent.mouseDown(
      within(screen.getByTestId('scorecard-group-by')).getByRole('button'),
    );
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('Owner'),
    );
    const table = screen.getByTestId('scorecard-table');
    // One group row per owner; their entries stay collapsed until opened.
    expect(
      await within(table).findByText('storefront-team'),
    ).toBeInTheDocument();
    expect(within(table).getByText('payments-team')).toBeInTheDocument();
    expect(within(table).queryByText('Checkout Web')).toBeNull();
    expect(api.getScorecards).toHaveBeenCalledTimes(1);
  });

  it('keeps the filters when a filtered answer is empty', async () => {
    const api = mockApi({
      getScorecards: jest
        .fn()
        .mockResolvedValueOnce(scorecards())
        .mockResolvedValue(emptyScorecards()),
    });
    await renderScorecards(api);
    await screen.findByTestId('scorecard-table');
    fireEvent.mouseDown(
      within(screen.getByTestId('scorecard-filter-system')).getByRole('button'),
    );
    fireEvent.click(
      within(await screen.findByRole('listbox')).getByText('payments'),
    );
    await waitFor(() =>
      expect(api.getScorecards).toHaveBeenLastCalledWith(
        expect.objectContaining({ system: 'system:default/payments' }),
      ),
    );
    await waitFor(() =>
      expect(
        screen.getByText('No entities match these filters'),
      ).toBeInTheDocument(),
    );
    expect(screen.getByText('Scorecards (0)')).toBeInTheDocument();
    expect(screen.getByTestId('scorecard-filter-owner')).toBeInTheDocument();
  });

  it('downloads the shown entries as CSV', async () => {
    const createObjectURL = jest.fn(() => 'blob:scorecards');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    try {
      const api = mockApi({
        getScorecards: jest.fn().mockResolvedValue(scorecards()),
      });
      await renderScorecards(api);
      await screen.findByTestId('risk-matrix');
      fireEvent.click(screen.getByTestId('risk-cell-low-high'));
      fireEvent.click(screen.getByTestId('csv-export'));

      expect(click).toHaveBeenCalledTimes(1);
      const link = click.mock.instances[0] as unknown as HTMLAnchorElement;
      expect(link.download).toMatch(
        /^security-scorecards-\d{4}-\d{2}-\d{2}\.csv$/,
      );
      const blob = (createObjectURL.mock.calls[0] as unknown[])[0] as Blob;
      const text = await blob.text();
      const lines = text
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(lines).toEqual([
        'entityRef,title,owner,system,domain,score,grade,level,critical,high,medium,low,info,workloads',
        'component:default/checkout-web,Checkout Web,group:default/storefront-team,system:default/storefront,domain:default/commerce,92,A,gold,0,1,2,0,1,1',
      ]);
    } finally {
      click.mockRestore();
    }
  });

  it('shows an empty state before the first snapshot', async () => {
    const api = mockApi({});
    await renderScorecards(api);
    expect(await screen.findByText('No scorecards yet')).toBeInTheDocument();
    expect(
      screen.getByText('The first snapshot is taken after the first sync.'),
    ).toBeInTheDocument();
  });

  it('shows the error of a failed scorecards request', async () => {
    const api = mockApi({
      getScorecards: jest.fn().mockRejectedValue(new Error('backend down')),
    });
    await renderScorecards(api);
    expect((await screen.findAllByText(/backend down/)).length).toBeGreaterThan(
      0,
    );
    expect(screen.getByTestId('scorecard-filters')).toBeInTheDocument();
  });

  it('lists every workload with the total in the Workloads tab', async () => {
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
    await render(api);
    fireEvent.click(await screen.findByRole('tab', { name: 'Workloads' }));
    expect(await screen.findByText('All workloads (2)')).toBeInTheDocument();
    expect(screen.getByText('checkout-web')).toBeInTheDocument();
    expect(api.listWorkloads).toHaveBeenCalledWith({
      namespace: undefined,
      limit: 200,
    });
    // Everything is loaded: no button for more.
    expect(
      screen.queryByRole('button', { name: 'Load more workloads' }),
    ).toBeNull();
  });

  it('loads the workloads a page at a time, by offset, up to the total', async () => {
    const page = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        workload(`svc-${from + i}`, 'a:1'),
      );
    const listWorkloads = jest
      .fn()
      .mockResolvedValueOnce({
        items: page(0, 200),
        totalCount: 250,
        sources: [],
      })
      .mockResolvedValueOnce({
        items: page(200, 50),
        totalCount: 250,
        sources: [],
      });
    await render(mockApi({ listWorkloads }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Workloads' }));
    // By text, not role: computing roles over 200 table rows takes jsdom seconds.
    fireEvent.click(await screen.findByText('Load more workloads'));
    await waitFor(() =>
      expect(listWorkloads).toHaveBeenLastCalledWith({
        namespace: undefined,
        limit: 200,
        offset: 200,
      }),
    );
    await waitFor(() =>
      expect(screen.queryByText('Load more workloads')).toBeNull(),
    );
  });

  it('opens the Workloads tab from ?tab=workloads', async () => {
    const api = mockApi({
      listWorkloads: jest
        .fn()
        .mockResolvedValue({ items: [], totalCount: 0, sources: [] }),
    });
    await render(api, '/?tab=workloads');
    expect(await screen.findByText('No workloads yet')).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Workloads' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('serves each tab at its own path, under the estate summary', async () => {
    const api = mockApi({
      listWorkloads: jest.fn(),
      getScorecards: jest.fn().mockResolvedValue(scorecards()),
    });
    await render(api, '/cost');
    expect(screen.getByRole('tab', { name: 'Cost' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const worst = await screen.findByTestId('org-summary-worst');
    expect(
      await within(worst).findByText('Payments API · D 55'),
    ).toBeInTheDocument();
    expect(worst).toHaveTextContent(
      'then Search API (C 70), Checkout Web (A 92)',
    );
    expect(worst).toHaveAttribute('href', '/scorecard');
    expect(screen.getByRole('tab', { name: 'Risky events' })).toHaveAttribute(
      'href',
      '/risky-events',
    );
    // only the open tab loads its data
    expect(api.listWorkloads).not.toHaveBeenCalled();
  });
});
