import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { AlertsOverviewResponse } from '@containersec/plugin-container-security-common';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { mockApi } from '../../__testUtils__/components';
import { AlertsOverview, describeChange } from './AlertsOverview';

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

async function render(api: ReturnType<typeof mockApi>, s = signals()) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [containerSecurityApiRef, api],
        [signalApiRef, s.api],
      ]}
    >
      <AlertsOverview />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return s;
}

describe('describeChange', () => {
  it.each([
    [5, 5, 'no change'],
    [3, 0, 'new'],
    [6, 3, '+3 (+100%)'],
    [0, 4, '−4 (−100%)'],
  ])('%d against %d is %s', (count, previous, text) => {
    expect(describeChange(count, previous)).toBe(text);
  });
});

describe('AlertsOverview', () => {
  it('shows totals, top rules, services with change, and unattributed alerts', async () => {
    const api = mockApi({
      getAlertsOverview: jest.fn().mockResolvedValue(overview()),
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
    expect(
      screen.getByText(/\+4 \(\+50%\) against the previous period/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('alerts-unattributed-count')).toHaveTextContent(
      '6 unattributed',
    );
    const rules = screen.getAllByTestId('top-rules-row');
    expect(
      within(rules[0]).getByText('Terminal shell in container'),
    ).toBeInTheDocument();
    expect(within(rules[0]).getByText('+3 (+100%)')).toBeInTheDocument();
    expect(within(rules[1]).getByText('new')).toBeInTheDocument();
    const services = screen.getAllByTestId('services-row');
    expect(within(services[0]).getByText('−2 (−25%)')).toBeInTheDocument();
    expect(await screen.findByText('Disallowed K8s User')).toBeInTheDocument();
    expect(screen.getByText('kube-system / mystery-pod')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('tab', { name: 'By rule' }));
    expect(
      screen.getByRole('img', { name: 'Alerts by rule: 12 in 2 buckets' }),
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
