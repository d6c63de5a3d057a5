import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  annotatedEntity,
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
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(api.getEntityWorkloads).not.toHaveBeenCalled();
  });

  it('warns when a source could not be read', async () => {
    const api = mockApi({
      getEntityWorkloads: jest
        .fn()
        .mockResolvedValue(
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
