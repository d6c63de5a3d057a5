import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import {
  annotatedEntity,
  emptyCost,
  mockApi,
  plainEntity,
  Wrapper,
} from '../../__testUtils__/components';
import { CostCard } from './CostCard';
import { formatMoney } from './formatMoney';

const render = (api: ReturnType<typeof mockApi>, entity = annotatedEntity) =>
  renderInTestApp(
    <Wrapper api={api} entity={entity}>
      <CostCard />
    </Wrapper>,
  );

describe('CostCard', () => {
  it('shows the monthly estimate and potential savings', async () => {
    const api = mockApi({
      getEntityCost: jest.fn().mockResolvedValue(
        emptyCost({
          monthlyCost: 1234.5,
          potentialSavings: 56.7,
          workloads: [
            {
              workload: {
                cluster: 'c',
                namespace: 'n',
                kind: 'Deployment',
                name: 'w',
              },
              source: 'files',
              capacityType: 'ec2',
              replicas: 2,
              cpu: {},
              memory: {},
              monthlyCost: 1234.5,
              potentialSavings: 56.7,
              windowStart: '',
              windowEnd: '',
              computedAt: '',
            },
          ],
        }),
      ),
    });
    await render(api);
    expect(await screen.findByTestId('cost-monthly')).toHaveTextContent(
      '$1,234.50',
    );
    expect(screen.getByTestId('cost-savings')).toHaveTextContent('$56.70');
  });

  it('shows an empty state without metrics', async () => {
    const api = mockApi({});
    await render(api);
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
  });

  it('asks for the annotation instead of calling the backend for unannotated entities', async () => {
    const api = mockApi({});
    await render(api, plainEntity);
    expect(api.getEntityCost).not.toHaveBeenCalled();
  });

  it('shows errors', async () => {
    const api = mockApi({
      getEntityCost: jest.fn().mockRejectedValue(new Error('down')),
    });
    await render(api);
    expect(await screen.findByText(/Cost unavailable/)).toBeInTheDocument();
  });
});

describe('formatMoney', () => {
  it('formats known currencies and falls back for unknown codes', () => {
    expect(formatMoney(12.345, 'USD')).toBe('$12.35');
    expect(formatMoney(3, 'EUR')).toBe('€3.00');
    expect(formatMoney(3, 'NOT-A-CODE')).toBe('3.00 NOT-A-CODE');
  });
});
