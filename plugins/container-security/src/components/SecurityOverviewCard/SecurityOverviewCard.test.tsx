import { renderInTestApp } from '@backstage/test-utils';
import { act, screen, waitFor } from '@testing-library/react';
import {
  annotatedEntity,
  emptyPosture,
  emptyVulnerabilities,
  mockApi,
  plainEntity,
  response,
  workload,
  Wrapper,
} from '../../__testUtils__/components';
import { SecurityOverviewCard } from './SecurityOverviewCard';

describe('SecurityOverviewCard', () => {
  it('counts workloads, containers and distinct images', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([
            workload('payments-api', 'registry/payments:1'),
            workload('payments-worker', 'registry/payments:1'),
          ]),
        ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    expect(await screen.findByTestId('figure-Workloads')).toHaveTextContent(
      '2Workloads',
    );
    expect(screen.getByTestId('figure-Containers')).toHaveTextContent(
      '4Containers',
    );
    expect(screen.getByTestId('figure-Images')).toHaveTextContent('2Images');
    expect(screen.getByText('In payments')).toBeInTheDocument();
    expect(api.getEntityWorkloads).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('shows the grade, score, counts and trend above the figures', async () => {
    const snapshot = (takenAt: string, score: number) => ({
      takenAt,
      score,
      grade: 'C' as const,
      counts: { critical: 0, high: 1, medium: 2, low: 0, info: 0 },
      workloadCount: 2,
    });
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([workload('payments-api', 'registry/payments:1')]),
        ),
      getEntityPosture: jest.fn().mockResolvedValue(
        emptyPosture({
          score: 84,
          grade: 'B',
          counts: { critical: 0, high: 0, medium: 2, low: 1, info: 0 },
          trend: [
            snapshot('2026-11-20T00:00:00Z', 70),
            snapshot('2026-11-22T00:00:00Z', 84),
          ],
        }),
      ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    const grade = await screen.findByTestId('posture-grade');
    expect(grade.textContent).toBe('B');
    expect(screen.getByTestId('posture-score')).toHaveTextContent('84/100');
    expect(screen.getByTestId('count-medium')).toHaveTextContent('2 medium');
    expect(screen.getByTestId('count-low')).toHaveTextContent('1 low');
    expect(screen.getByTestId('score-trend')).toBeInTheDocument();
    expect(screen.getByTestId('figure-Workloads')).toHaveTextContent(
      '1Workloads',
    );
    expect(screen.getByTestId('figure-Containers')).toHaveTextContent(
      '2Containers',
    );
    // The posture headline comes before the figures.
    expect(
      grade.compareDocumentPosition(screen.getByTestId('figure-Workloads')) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(api.getEntityPosture).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('sums up the vulnerabilities once an image is scanned', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([workload('payments-api', 'registry/payments:1')]),
        ),
      getEntityVulnerabilities: jest.fn().mockResolvedValue(
        emptyVulnerabilities({
          totals: { critical: 2, high: 5, medium: 7, low: 1, unknown: 0 },
          fixable: 4,
          images: [
            {
              image: 'registry/payments:1',
              workloads: ['Deployment/payments/payments-api'],
              report: {
                image: 'registry/payments:1',
                source: 'trivy',
                counts: { critical: 2, high: 5, medium: 7, low: 1, unknown: 0 },
                fixable: 4,
                vulnerabilities: [],
              },
            },
            { image: 'istio/proxyv2:1.24.0', workloads: [] },
          ],
        }),
      ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    expect(await screen.findByTestId('card-vulnerabilities')).toHaveTextContent(
      'Vulnerabilities: 2 critical, 5 high (4 fixable)',
    );
    expect(screen.getByTestId('figure-Workloads')).toHaveTextContent(
      '1Workloads',
    );
    expect(api.getEntityVulnerabilities).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('has no vulnerabilities line while no image is scanned', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([workload('payments-api', 'registry/payments:1')]),
        ),
      getEntityVulnerabilities: jest.fn().mockResolvedValue(
        emptyVulnerabilities({
          images: [{ image: 'registry/payments:1', workloads: [] }],
        }),
      ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    await screen.findByTestId('figure-Workloads');
    await waitFor(() =>
      expect(api.getEntityVulnerabilities).toHaveBeenCalled(),
    );
    // Let the answer arrive before checking nothing was drawn for it.
    await act(async () => {});
    expect(screen.queryByTestId('card-vulnerabilities')).toBeNull();
  });

  it('keeps the figures when the vulnerabilities cannot be loaded', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([workload('payments-api', 'registry/payments:1')]),
        ),
      getEntityVulnerabilities: jest
        .fn()
        .mockRejectedValue(new Error('scanner down')),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    expect(await screen.findByTestId('figure-Workloads')).toHaveTextContent(
      '1Workloads',
    );
    await act(async () => {});
    expect(screen.queryByTestId('card-vulnerabilities')).toBeNull();
  });

  it('keeps the figures when the posture cannot be loaded', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
          response([workload('payments-api', 'registry/payments:1')]),
        ),
      getEntityPosture: jest
        .fn()
        .mockRejectedValue(new Error('posture store unavailable')),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    expect(
      await screen.findByText(
        'Error: Posture unavailable: posture store unavailable',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('figure-Workloads')).toHaveTextContent(
      '1Workloads',
    );
    expect(screen.queryByTestId('posture-grade')).toBeNull();
  });

  it('shows an empty state when nothing matches', async () => {
    const api = mockApi({
      getEntityWorkloads: jest.fn().mockResolvedValue(response([])),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    expect(await screen.findByText('No workloads found')).toBeInTheDocument();
  });

  it('shows the error the backend gave', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockRejectedValue(new Error('backend unreachable')),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    expect(
      await screen.findByText('Error: backend unreachable'),
    ).toBeInTheDocument();
  });

  it('explains the missing annotation without calling the backend', async () => {
    const api = mockApi({});
    await renderInTestApp(
      <Wrapper api={api} entity={plainEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    expect(
      await screen.findByText('Not linked to Kubernetes workloads'),
    ).toBeInTheDocument();
    expect(api.getEntityWorkloads).not.toHaveBeenCalled();
  });

  it('warns when a source could not be read', async () => {
    const api = mockApi({
      getEntityWorkloads: jest.fn().mockResolvedValue(
        response(
          [workload('payments-api', 'registry/payments:1')],
          [
            {
              source: 'kubernetes',
              cluster: 'eks-prod',
              ok: false,
              message: 'forbidden: deployments.apps',
              syncedAt: '2026-11-22T10:00:00Z',
              workloadCount: 1,
            },
          ],
        ),
      ),
    });
    await renderInTestApp(
      <Wrapper api={api} entity={annotatedEntity}>
        <SecurityOverviewCard />
      </Wrapper>,
    );
    expect(
      await screen.findByText(
        /eks-prod \(kubernetes\): forbidden: deployments.apps/,
      ),
    ).toBeInTheDocument();
  });
});
