import { renderInTestApp } from '@backstage/test-utils';
import {
  CostHint,
  EntityCostResponse,
  WorkloadCost,
} from '@containersec/plugin-container-security-common';
import { screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import {
  annotatedEntity,
  emptyCost,
  mockApi,
  Wrapper,
} from '../../__testUtils__/components';
import { EntitySecurityContent } from '../EntitySecurityContent';
import { CostSection } from './CostSection';

jest.setTimeout(15_000);

const workload = {
  cluster: 'demo-eks',
  namespace: 'payments',
  kind: 'Deployment',
  name: 'payments-api',
};

const hint = (overrides: Partial<CostHint>): CostHint => ({
  type: 'right-size',
  workload,
  resource: 'cpu',
  title: 'Lower the CPU request of payments-api',
  current: '370m CPU per pod',
  suggested: '160m CPU per pod',
  monthlySavings: 15.36,
  why: 'p95 CPU per pod was 120m, 32% of the 370m request',
  ...overrides,
});

const workloadCost: WorkloadCost = {
  workload,
  source: 'files',
  capacityType: 'ec2',
  replicas: 3,
  cpu: { request: 0.37, p95: 0.12, max: 0.15 },
  memory: { request: 416 * 1024 ** 2, p95: 240 * 1024 ** 2 },
  monthlyCost: 30.32,
  potentialSavings: 24.34,
  windowStart: '2026-11-08T00:00:00.000Z',
  windowEnd: '2026-11-21T23:00:00.000Z',
  computedAt: '2026-11-22T08:00:00.000Z',
};

const cost = (overrides: Partial<EntityCostResponse> = {}) =>
  emptyCost({
    monthlyCost: 30.32,
    potentialSavings: 24.34,
    workloads: [workloadCost],
    hints: [
      hint({}),
      hint({
        type: 'spot',
        resource: 'workload',
        current: 'EC2 on-demand',
        suggested: 'EC2 spot',
        monthlySavings: 8.98,
        why: 'It mounts no PersistentVolumeClaims and runs 3 replicas',
      }),
      hint({
        type: 'limit-risk',
        resource: 'memory',
        current: '128Mi memory limit',
        suggested: '160Mi memory limit or more',
        monthlySavings: 0,
        why: '<img src=x onerror=alert(1)> peak reached 97% of the limit',
      }),
    ],
    ...overrides,
  });

const render = (api: ReturnType<typeof mockApi>) =>
  renderInTestApp(
    <Wrapper api={api} entity={annotatedEntity}>
      <CostSection />
    </Wrapper>,
  );

describe('CostSection', () => {
  it('shows the estimate, the savings and every hint with its reasons', async () => {
    const api = mockApi({ getEntityCost: jest.fn().mockResolvedValue(cost()) });
    await render(api);
    expect(await screen.findByTestId('cost-monthly')).toHaveTextContent(
      '$30.32',
    );
    expect(screen.getByTestId('cost-savings')).toHaveTextContent('$24.34');
    expect(screen.getByTestId('cost-hint-count')).toHaveTextContent(
      '2 saving hints, 1 limit risk across 1 workload with metrics',
    );
    const rows = screen.getAllByTestId('cost-hint-row');
    expect(rows).toHaveLength(3);
    expect(within(rows[0]).getByText('Right-size CPU')).toBeInTheDocument();
    expect(within(rows[0]).getByText('160m CPU per pod')).toBeInTheDocument();
    expect(within(rows[0]).getByText('$15.36')).toBeInTheDocument();
    expect(within(rows[1]).getByText('Spot')).toBeInTheDocument();
    expect(within(rows[2]).getByText('OOM risk')).toBeInTheDocument();
    expect(within(rows[2]).getByText('–')).toBeInTheDocument();
    expect(api.getEntityCost).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
    const [row] = screen.getAllByTestId('cost-workload-row');
    expect(row).toHaveTextContent('370m / 120m');
    expect(row).toHaveTextContent('416Mi / 240Mi');
  });

  it('renders text from the answer as text, never as markup', async () => {
    const api = mockApi({ getEntityCost: jest.fn().mockResolvedValue(cost()) });
    const { container } = await render(api);
    expect(
      await screen.findByText(/<img src=x onerror=alert\(1\)>/),
    ).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('says when no workload has metrics and names those without', async () => {
    const api = mockApi({
      getEntityCost: jest
        .fn()
        .mockResolvedValue(emptyCost({ workloadsWithoutMetrics: [workload] })),
    });
    await render(api);
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
    expect(screen.getByTestId('cost-without-metrics')).toHaveTextContent(
      'No metrics for: Deployment/payments-api',
    );
  });

  it('says so when nothing needs changing', async () => {
    const api = mockApi({
      getEntityCost: jest
        .fn()
        .mockResolvedValue(cost({ hints: [], potentialSavings: 0 })),
    });
    await render(api);
    expect(await screen.findByTestId('cost-no-hints')).toBeInTheDocument();
  });

  it('warns about metrics sources that failed on their last pull', async () => {
    const api = mockApi({
      getEntityCost: jest.fn().mockResolvedValue(
        cost({
          sources: [
            {
              source: 'cloudwatch:123456789012:eu-west-1',
              cluster: 'prod',
              ok: false,
              message: 'access denied: the role needs cloudwatch:GetMetricData',
              syncedAt: '2026-11-22T08:00:00.000Z',
              workloadCount: 0,
            },
          ],
        }),
      ),
    });
    await render(api);
    expect(await screen.findByTestId('source-status-alert')).toHaveTextContent(
      'access denied: the role needs cloudwatch:GetMetricData',
    );
  });

  it('shows an error instead of figures', async () => {
    const api = mockApi({
      getEntityCost: jest
        .fn()
        .mockRejectedValue(
          Object.assign(new Error('boom'), { name: 'NotAllowedError' }),
        ),
    });
    await render(api);
    expect(await screen.findByText(/Cost unavailable/)).toBeInTheDocument();
    expect(screen.queryByTestId('cost-hint-row')).toBeNull();
  });

  it('is the Cost area of the Security tab', async () => {
    const api = mockApi({
      getEntityWorkloads: jest.fn().mockResolvedValue({
        entityRef: 'component:default/payments-api',
        workloads: [],
        sources: [],
      }),
      getEntityCost: jest.fn().mockResolvedValue(cost()),
    });
    // Mounted as apps mount the tab, opened at its Cost area.
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <Routes>
          <Route
            path="/catalog/default/component/payments-api/security/*"
            element={<EntitySecurityContent />}
          />
        </Routes>
      </Wrapper>,
      {
        routeEntries: ['/catalog/default/component/payments-api/security/cost'],
      },
    );
    // The area loads lazily; give it time on a busy machine.
    const section = await screen.findByTestId(
      'cost-section',
      {},
      { timeout: 5000 },
    );
    expect(await within(section).findAllByTestId('cost-hint-row')).toHaveLength(
      3,
    );
  });
});
