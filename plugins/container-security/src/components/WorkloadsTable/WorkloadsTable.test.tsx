import { renderInTestApp } from '@backstage/test-utils';
import { WorkloadSummary } from '@containersec/plugin-container-security-common';
import { screen, within } from '@testing-library/react';
import { WorkloadsTable } from './WorkloadsTable';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
const workload: WorkloadSummary = {
  cluster: 'eks-prod',
  namespace: 'payments',
  kind: 'Deployment',
  name: 'payments-api',
  containers: [
    {
      name: 'app',
      type: 'app',
      image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/payments@${digest}`,
    },
    { name: 'istio-proxy', type: 'sidecar', image: 'istio/proxyv2:1.24.0' },
  ],
} as WorkloadSummary;

describe('WorkloadsTable', () => {
  it('shows each container with its image shortened, the full reference kept', async () => {
    await renderInTestApp(
      <WorkloadsTable title="Workloads" workloads={[workload]} />,
    );
    const containers = await screen.findAllByTestId('workload-container');
    expect(containers).toHaveLength(2);
    expect(within(containers[0]).getByText('app')).toBeInTheDocument();
    expect(within(containers[0]).getByTestId('image-ref')).toHaveTextContent(
      '…/payments@sha256:0123456789ab…',
    );
    expect(
      within(containers[0]).getByLabelText(workload.containers[0].image),
    ).toBeInTheDocument();
    expect(within(containers[1]).getByTestId('image-ref')).toHaveTextContent(
      '…/proxyv2:1.24.0',
    );
  });
});
