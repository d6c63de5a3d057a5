import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { AlertsOverviewResponse } from '@containersec/plugin-container-security-common';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi } from '../../__testUtils__/components';
import userEvent from '@testing-library/user-event';
import {
  AlertsOverview,
  bySeverity,
  describeChange,
  describePeriodChange,
} from './AlertsOverview';

const overview = (
  overrides: Partial<AlertsOverviewResponse> = {},
): AlertsOverviewResponse => ({
  from: '2026-11-15T10:00:00.000Z',
  to: '2026-11-22T10:00:00.000Z',
  bucketMs: 86_400_000,
  total: 12,
  previousTotal: 8,
  byPriority: [
    { start: '2026-11-21T00:00:00.000Z', counts: { Critical: 2, Notice: 4 } },
    { start: '2026-11-22T00:00:00.000Z', counts: { Notice: 6 } },
  ],
  byRule: [
    {
      start: '2026-11-21T00:00:00.000Z',
      counts: { 'Terminal shell in container': 6 },
    },
    {
      start: '2026-11-22T00:00:00.000Z',
      counts: { 'Write below etc': 6 },
    },
  ],
  byService: [
    {
      start: '2026-11-21T00:00:00.000Z',
      counts: { 'component:default/cart-service': 6 },
    },
    { start: '2026-11-22T00:00:00.000Z', counts: { unattributed: 6 } },
  ],
  topRules: [
    { key: 'Terminal shell in container', count: 6, previousCount: 3 },
    { key: 'Write below etc', count: 6, previousCount: 0 },
  ],
  priorities: [
    { key: 'Critical', count: 2, previousCount: 2 },
    { key: 'Notice', count: 10, previousCount: 6 },
  ],
  services: [
    { key: 'component:default/cart-service', count: 6, previousCount: 8 },
    { key: 'unattributed', count: 6, previousCount: 0 },
  ],
  unattributedCount: 6,
  ...overrides,
});

function signals() {
  const handlers = new Map<string, (m: any) => void>();
  return {
    api: {
      subscribe(channel: string, fn: (m: any) => void) {
        handlers.set(channel, fn);
        return { unsubscribe: () => handlers.delete(channel) };
      },
    },
    emit: (channel: string) =>
      handlers.get(channel)?.({
        type: 'alerts',
        count: 1,
        maxPriority: 'Notice',
      }),
  };
}

async function render(
  api: ReturnType<typeof mockApi>,
  s = signals(),
  url?: string,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [containerSecurityApiRef, api],
        [signalApiRef, s.api],
      ]}
    >
      <AlertsOverview />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      ...(url ? { routeEntries: [url] } : {}),
    },
  );
  return s;
}

// Whole pages render here; a busy machine needs more than the default 5 s.
jest.setTimeout(30_000);

describe('describeChange', () => {
  it.each([
    [5, 5, 'no change'],
    [3, 0, 'new (none before)'],
    [6, 3, '+3 (+100%)'],
    [0, 4, '−4 (−100%)'],
  ])('%d against %d is %s', (count, previous, text) => {
    expect(describeChange(count, previous)).toBe(text);
  });
});

describe('describePeriodChange', () => {
  it.each([
    [223, 0, 'none in the previous 7 days'],
    [0, 0, 'none in the previous 7 days either'],
    [12, 8, '8 in the previous 7 days: up 4 (+50%)'],
    [4, 8, '8 in the previous 7 days: down 4 (−50%)'],
    [8, 8, 'same as the previous 7 days (8)'],
  ])('%d against %d reads "%s"', (count, previous, text) => {
    expect(describePeriodChange(count, previous, '7 days')).toBe(text);
  });
});

describe('bySeverity', () => {
  it('orders priorities from most to least severe, whatever their counts', () => {
    expect(
      bySeverity([
        { key: 'Notice', count: 200, previousCount: 0 },
        { key: 'Emergency', count: 1, previousCount: 0 },
        { key: 'Warning', count: 50, previousCount: 0 },
        { key: 'Critical', count: 3, previousCount: 0 },
      ]).map(r => r.key),
    ).toEqual(['Emergency', 'Critical', 'Warning', 'Notice']);
  });
});

describe('AlertsOverview', () => {
  it('shows totals, top rules, services with change, and unattributed alerts', async () => {
    const getUnattributedAlert = jest.fn().mockResolvedValue({
      id: 'u1',
      outputFields: { 'ka.user.name': 'mallory' },
      extraFields: {},
      history: [],
    });
    const api = mockApi({
      getAlertsOverview: jest.fn().mockResolvedValue(overview()),
      getUnattributedAlert,
      listUnattributedAlerts: jest.fn().mockResolvedValue({
        items: [
          {
            id: 'u1',
            time: '2026-11-22T09:00:00.000000000Z',
            rule: 'Disallowed K8s User',
            priority: 'Warning',
            tags: [],
            namespace: 'kube-system',
            pod: 'mystery-pod',
            output: 'K8s Operation performed by user not in allowed list',
            status: 'open',
          },
        ],
      }),
    });
    await render(api);
    expect(await screen.findByTestId('alerts-total')).toHaveTextContent('12');
    expect(screen.getByTestId('alerts-previous-period')).toHaveTextContent(
      '8 in the previous 7 days: up 4 (+50%)',
    );
    // Most severe first, not the most frequent.
    expect(
      screen
        .getAllByTestId('priorities-row')
        .map(r => r.firstChild?.textContent),
    ).toEqual(['Critical', 'Notice']);
    expect(screen.getByTestId('alerts-unattributed-count')).toHaveTextContent(
      '6 unattributed',
    );
    const rules = screen.getAllByTestId('top-rules-row');
    expect(
      within(rules[0]).getByText('Terminal shell in container'),
    ).toBeInTheDocument();
    expect(within(rules[0]).getByText('+3 (+100%)')).toBeInTheDocument();
    expect(within(rules[1]).getByText('new (none before)')).toBeInTheDocument();
    expect(
      within(rules[0]).getByRole('link', {
        name: 'Terminal shell in container',
      }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining('rule=Terminal+shell+in+container'),
    );
    const services = screen.getAllByTestId('services-row');
    expect(within(services[0]).getByText('−2 (−25%)')).toBeInTheDocument();
    // A service leads to its own alerts, for the same period.
    expect(
      within(services[0]).getByTestId('service-alerts-link'),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/cart-service/security/alerts?range=7d',
    );
    expect(await screen.findByText('Disallowed K8s User')).toBeInTheDocument();
    expect(screen.getByText('kube-system / mystery-pod')).toBeInTheDocument();

    // An unattributed alert opens its detail, like an attributed one.
    await userEvent.click(
      screen.getByRole('button', { name: 'Disallowed K8s User' }),
    );
    const drawer = await screen.findByTestId('unattributed-alert-detail');
    expect(
      within(drawer).getByText(
        'K8s Operation performed by user not in allowed list',
      ),
    ).toBeInTheDocument();
    expect(within(drawer).getByText('mystery-pod')).toBeInTheDocument();
    // Every field of the event, with names never broken.
    expect(await within(drawer).findByText('mallory')).toBeInTheDocument();
    expect(getUnattributedAlert).toHaveBeenCalledWith('u1');
    for (const name of within(drawer).getAllByTestId('alert-field-name')) {
      expect(name).toHaveStyle({ whiteSpace: 'nowrap' });
    }
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Close' }),
    );

    fireEvent.click(screen.getByRole('tab', { name: 'By rule' }));
    expect(
      screen.getByRole('img', { name: 'Alerts by rule: 12 in 2 buckets' }),
    ).toBeInTheDocument();
  });

  it('pages the unattributed alerts and takes the period and rule from the URL', async () => {
    const unattributed = (id: string, rule: string) => ({
      id,
      time: `2026-11-22T09:00:0${id}.000000000Z`,
      rule,
      priority: 'Warning' as const,
      tags: [],
      namespace: 'kube-system',
      pod: `pod-${id}`,
      output: `output ${rule}`,
      status: 'open' as const,
    });
    const list = jest
      .fn()
      .mockResolvedValueOnce({
        items: [unattributed('1', 'Rule A'), unattributed('2', 'Rule B')],
        nextCursor: 'c1',
      })
      .mockResolvedValueOnce({ items: [unattributed('3', 'Rule A')] });
    const get = jest.fn().mockResolvedValue(overview());
    await render(
      mockApi({ getAlertsOverview: get, listUnattributedAlerts: list }),
      signals(),
      '/alerts?period=24h&rule=Rule%20A',
    );
    expect(
      await screen.findByText('Showing the loaded alerts of rule "Rule A".'),
    ).toBeInTheDocument();
    expect(screen.queryByText('Rule B')).toBeNull();
    const from = Date.parse(get.mock.calls[0][0].from);
    expect(Date.now() - from).toBeLessThan(25 * 3_600_000);
    await userEvent.click(
      screen.getByRole('button', { name: 'Load older alerts' }),
    );
    expect(list).toHaveBeenLastCalledWith({ limit: 50, cursor: 'c1' });
    expect(
      await screen.findByText('pod-3', { exact: false }),
    ).toBeInTheDocument();
  });

  it('shows an empty state when nothing happened in either period', async () => {
    await render(
      mockApi({
        getAlertsOverview: jest.fn().mockResolvedValue(
          overview({
            total: 0,
            previousTotal: 0,
            topRules: [],
            services: [],
          }),
        ),
        listUnattributedAlerts: jest.fn().mockResolvedValue({ items: [] }),
      }),
    );
    expect(
      await screen.findByText('No alerts in this period'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('Every stored alert belongs to a service.'),
    ).toBeInTheDocument();
  });

  it('reloads when a signal on the org channel arrives', async () => {
    const get = jest
      .fn()
      .mockResolvedValueOnce(overview())
      .mockResolvedValue(overview({ total: 13 }));
    const s = await render(
      mockApi({
        getAlertsOverview: get,
        listUnattributedAlerts: jest.fn().mockResolvedValue({ items: [] }),
      }),
    );
    expect(await screen.findByTestId('alerts-total')).toHaveTextContent('12');
    act(() => s.emit('container-security:alerts'));
    expect(await screen.findByText('13')).toBeInTheDocument();
  });

  it('shows why the overview did not load', async () => {
    await render(
      mockApi({
        getAlertsOverview: jest
          .fn()
          .mockRejectedValue(
            new Error('Not allowed: container-security.overview.read'),
          ),
        listUnattributedAlerts: jest.fn().mockResolvedValue({ items: [] }),
      }),
    );
    expect(
      (await screen.findAllByText(/container-security.overview.read/)).length,
    ).toBeGreaterThan(0);
  });
});
