import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  FalcoAlertDetail,
  FalcoAlertSummary,
} from '@containersec/plugin-container-security-common';
import {
  act,
  fireEvent,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { containerSecurityApiRef } from '../../api/ContainerSecurityApi';
import { annotatedEntity, mockApi } from '../../__testUtils__/components';
import { AlertsSection } from './AlertsSection';

const ENTITY_REF = 'component:default/payments-api';

const summary = (
  id: string,
  overrides: Partial<FalcoAlertSummary> = {},
): FalcoAlertSummary => ({
  id,
  time: '2026-11-22T09:59:00.123456789Z',
  rule: 'Terminal shell in container',
  priority: 'Critical',
  tags: ['shell'],
  namespace: 'payments',
  pod: 'payments-api-6d8f9c7b5-x7k2p',
  container: 'app',
  entityRef: ENTITY_REF,
  workload: {
    cluster: 'demo-eks',
    namespace: 'payments',
    kind: 'Deployment',
    name: 'payments-api',
  },
  output: 'A shell was spawned <img src=x onerror=alert(1)>',
  status: 'open',
  ...overrides,
});

const detail = (
  overrides: Partial<FalcoAlertDetail> = {},
): FalcoAlertDetail => ({
  ...summary('a1'),
  outputFields: {
    'proc.cmdline': 'sh -c "<script>alert(1)</script>"',
    'evt.time': '1763990531153390386',
    'k8s.pod.name': 'payments-api-6d8f9c7b5-x7k2p',
  },
  extraFields: { uuid: '0f5e7c4a-6c1e-4d3f-9d7e-111111111111' },
  receivedAt: '2026-11-22T09:59:01.000Z',
  history: [],
  ...overrides,
});

/** A signals API whose test can deliver messages on any channel. */
function fakeSignals() {
  const handlers = new Map<string, (message: any) => void>();
  return {
    api: {
      subscribe(channel: string, onMessage: (message: any) => void) {
        handlers.set(channel, onMessage);
        return { unsubscribe: () => handlers.delete(channel) };
      },
    },
    emit(channel: string, message: any) {
      handlers.get(channel)?.(message);
    },
    channels: () => [...handlers.keys()],
  };
}

async function render(
  api: ReturnType<typeof mockApi>,
  signals = fakeSignals(),
  url?: string,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [containerSecurityApiRef, api],
        [signalApiRef, signals.api],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={annotatedEntity}>
        <AlertsSection />
      </EntityProvider>
    </TestApiProvider>,
    url ? { routeEntries: [url] } : undefined,
  );
  return signals;
}

describe('AlertsSection', () => {
  it('shows the histogram and the alerts, event text as text only', async () => {
    const api = mockApi({
      listEntityAlerts: jest.fn().mockResolvedValue({
        entityRef: ENTITY_REF,
        items: [summary('a1'), summary('a2', { priority: 'Notice' })],
        canAct: true,
      }),
      getEntityAlertHistogram: jest.fn().mockResolvedValue({
        from: '2026-11-22T08:00:00.000Z',
        to: '2026-11-22T10:00:00.000Z',
        bucketMs: 3_600_000,
        buckets: [
          { start: '2026-11-22T08:00:00.000Z', counts: { Critical: 1 } },
          { start: '2026-11-22T09:00:00.000Z', counts: { Notice: 3 } },
        ],
      }),
    });
    await render(api);
    // Repeated alerts (same rule, workload and output) are one row with a count.
    const [grouped] = await screen.findAllByTestId('alert-row');
    expect(screen.getAllByTestId('alert-row')).toHaveLength(1);
    expect(within(grouped).getByTestId('alert-group-count')).toHaveTextContent(
      '×2',
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Group repeated alerts' }),
    );
    expect(await screen.findAllByTestId('alert-row')).toHaveLength(2);
    expect(screen.getAllByTestId('alert-histogram-bucket')).toHaveLength(2);
    expect(
      screen.getByRole('img', { name: 'Alerts by priority: 4 in 2 buckets' }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('A shell was spawned <img src=x onerror=alert(1)>'),
    ).toHaveLength(2);
    expect(document.querySelector('img[src="x"]')).toBeNull();
    // The default view: open and acknowledged alerts of the last 7 days.
    expect(api.listEntityAlerts).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      expect.objectContaining({ status: ['open', 'acknowledged'] }),
    );
  });

  it('takes its filters from the URL, so a link reproduces the view', async () => {
    const api = mockApi({});
    await render(
      api,
      fakeSignals(),
      '/alerts?range=24h&priority=Critical,Emergency&status=any',
    );
    await screen.findByText('No alerts');
    const [, request] = (api.listEntityAlerts as jest.Mock).mock.calls[0];
    expect(request.priority).toEqual(['Critical', 'Emergency']);
    expect(request.status).toBeUndefined();
    const from = Date.parse(request.from);
    expect(Date.now() - from).toBeGreaterThanOrEqual(24 * 3_600_000);
    expect(Date.now() - from).toBeLessThan(25 * 3_600_000);
  });

  it('shows an empty state', async () => {
    await render(mockApi({}));
    expect(await screen.findByText('No alerts')).toBeInTheDocument();
  });

  it('shows why the alerts did not load', async () => {
    await render(
      mockApi({
        listEntityAlerts: jest
          .fn()
          .mockRejectedValue(
            new Error('Not allowed: container-security.entity.read'),
          ),
      }),
    );
    expect(
      (
        await screen.findAllByText(
          /Not allowed: container-security.entity.read/,
        )
      ).length,
    ).toBeGreaterThan(0);
  });

  it('applies text filters on submit', async () => {
    const api = mockApi({});
    await render(api);
    await screen.findByText('No alerts');
    await userEvent.type(screen.getByLabelText('Container'), 'sidecar');
    await userEvent.type(
      screen.getByLabelText('Tags'),
      'shell, mitre_execution',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Apply' }));
    await waitFor(() =>
      expect(api.listEntityAlerts).toHaveBeenLastCalledWith(
        expect.anything(),
        expect.objectContaining({
          container: 'sidecar',
          tags: ['shell', 'mitre_execution'],
        }),
      ),
    );
    expect(api.getEntityAlertHistogram).toHaveBeenLastCalledWith(
      expect.anything(),
      expect.objectContaining({ container: 'sidecar' }),
    );
  });

  it('refreshes when a live signal for the entity arrives', async () => {
    const list = jest
      .fn()
      .mockResolvedValueOnce({ entityRef: ENTITY_REF, items: [], canAct: true })
      .mockResolvedValue({
        entityRef: ENTITY_REF,
        items: [summary('new', { rule: 'Read sensitive file untrusted' })],
        canAct: true,
      });
    const signals = await render(mockApi({ listEntityAlerts: list }));
    await screen.findByText('No alerts');
    expect(signals.channels()).toContain(
      'container-security:alerts:component:default/payments-api',
    );
    act(() =>
      signals.emit('container-security:alerts:component:default/payments-api', {
        type: 'alerts',
        count: 1,
        maxPriority: 'Critical',
      }),
    );
    expect(
      await screen.findByText('Read sensitive file untrusted'),
    ).toBeInTheDocument();
  });

  it('shows every field in the drawer and records a status change', async () => {
    const setStatus = jest.fn().mockResolvedValue(
      detail({
        status: 'acknowledged',
        history: [
          {
            status: 'acknowledged',
            comment: 'on it',
            by: 'user:default/alice',
            at: '2026-11-22T10:00:00.000Z',
          },
        ],
      }),
    );
    const api = mockApi({
      listEntityAlerts: jest.fn().mockResolvedValue({
        entityRef: ENTITY_REF,
        items: [summary('a1')],
        canAct: true,
      }),
      getEntityAlert: jest.fn().mockResolvedValue(detail()),
      setEntityAlertStatus: setStatus,
    });
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Terminal shell in container',
      }),
    );
    const drawer = await screen.findByTestId('alert-detail');
    expect(
      await within(drawer).findByText('sh -c "<script>alert(1)</script>"'),
    ).toBeInTheDocument();
    expect(within(drawer).getByText('1763990531153390386')).toBeInTheDocument();
    expect(within(drawer).getByText('uuid')).toBeInTheDocument();
    expect(document.querySelector('script')).toBeNull();

    const acknowledge = within(drawer).getByRole('button', {
      name: 'Acknowledge',
    });
    expect(acknowledge).toBeDisabled();
    await userEvent.type(within(drawer).getByLabelText('Comment'), 'on it');
    await userEvent.click(acknowledge);
    await waitFor(() =>
      expect(setStatus).toHaveBeenCalledWith(
        { kind: 'Component', namespace: 'default', name: 'payments-api' },
        'a1',
        { status: 'acknowledged', comment: 'on it' },
      ),
    );
    expect(
      await within(drawer).findByText(/acknowledged by user:default\/alice/),
    ).toBeInTheDocument();
  });

  it('explains when triage is not permitted and shows failures', async () => {
    const api = mockApi({
      listEntityAlerts: jest.fn().mockResolvedValue({
        entityRef: ENTITY_REF,
        items: [summary('a1')],
        canAct: false,
      }),
      getEntityAlert: jest.fn().mockResolvedValue(detail()),
    });
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Terminal shell in container',
      }),
    );
    const drawer = await screen.findByTestId('alert-detail');
    expect(
      await within(drawer).findByTestId('alert-act-not-permitted'),
    ).toBeInTheDocument();
    expect(
      within(drawer).getByRole('button', { name: 'Resolve' }),
    ).toBeDisabled();
  });

  it('shows a failed status change in the drawer', async () => {
    const api = mockApi({
      listEntityAlerts: jest.fn().mockResolvedValue({
        entityRef: ENTITY_REF,
        items: [summary('a1')],
        canAct: true,
      }),
      getEntityAlert: jest.fn().mockResolvedValue(detail()),
      setEntityAlertStatus: jest
        .fn()
        .mockRejectedValue(
          new Error('Not allowed: container-security.entity.act'),
        ),
    });
    await render(api);
    fireEvent.click(
      await screen.findByRole('button', {
        name: 'Terminal shell in container',
      }),
    );
    const drawer = await screen.findByTestId('alert-detail');
    await userEvent.type(
      await within(drawer).findByLabelText('Comment'),
      'done',
    );
    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Resolve' }),
    );
    expect(
      await within(drawer).findByTestId('alert-status-error'),
    ).toHaveTextContent('Not allowed: container-security.entity.act');
  });
});
