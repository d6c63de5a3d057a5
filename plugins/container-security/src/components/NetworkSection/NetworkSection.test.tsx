import { renderInTestApp } from '@backstage/test-utils';
import {
  EntityNetworkResponse,
  NetworkPeerView,
  NetworkWhatIfResponse,
} from '@containersec/plugin-container-security-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  annotatedEntity,
  emptyNetwork,
  mockApi,
  Wrapper,
} from '../../__testUtils__/components';
import { NetworkSection } from './NetworkSection';

const POLICY_ID = 'networking.k8s.io/v1/NetworkPolicy/payments/payments-api';

const peer = (overrides: Partial<NetworkPeerView>): NetworkPeerView => ({
  key: 'workload:demo/storefront/Deployment/checkout-web',
  type: 'workload',
  cluster: 'demo',
  namespace: 'storefront',
  workloadKind: 'Deployment',
  name: 'checkout-web',
  ports: [{ protocol: 'TCP', port: 8080 }],
  policies: [POLICY_ID],
  ...overrides,
});

const network = (): EntityNetworkResponse =>
  emptyNetwork({
    workloads: ['Deployment/payments/payments-api'],
    policies: [
      {
        id: POLICY_ID,
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        namespace: 'payments',
        name: 'payments-api',
        flavor: 'kubernetes',
        directions: ['ingress', 'egress'],
        rules: [
          {
            direction: 'ingress',
            index: 0,
            action: 'Allow',
            text: 'from pods app.kubernetes.io/name=checkout-web in namespace storefront on TCP 8080',
          },
        ],
        yaml: 'kind: NetworkPolicy\nmetadata:\n  name: payments-api\n',
      },
    ],
    isolation: {
      ingress: { isolated: true, policies: [POLICY_ID] },
      egress: { isolated: false, policies: [] },
    },
    reachableFrom: [peer({})],
    reachableTo: [
      peer({
        key: 'anywhere',
        type: 'anywhere',
        namespace: undefined,
        workloadKind: undefined,
        name: undefined,
        ports: [{ protocol: 'any' }],
        policies: [],
      }),
    ],
    findings: [
      {
        id: 'egress-anywhere',
        severity: 'medium',
        message: '<img src=x onerror=alert(1)> egress is open to any address',
      },
    ],
    graph: {
      nodes: [
        {
          id: 'service',
          label: 'payments-api',
          type: 'service',
          namespace: 'payments',
        },
        {
          id: 'w1',
          label: 'storefront/checkout-web',
          type: 'workload',
          namespace: 'storefront',
        },
      ],
      edges: [{ from: 'w1', to: 'service', label: 'TCP 8080' }],
    },
  });

async function render(api: ReturnType<typeof mockApi>) {
  return renderInTestApp(
    <Wrapper api={api} entity={annotatedEntity}>
      <NetworkSection />
    </Wrapper>,
  );
}

// jsdom does not lay out SVG; DependencyGraph measures nodes and labels with getBBox.
beforeAll(() => {
  Object.defineProperty(window.SVGElement.prototype, 'getBBox', {
    configurable: true,
    value: () => ({ x: 0, y: 0, width: 120, height: 30 }),
  });
});

describe('NetworkSection', () => {
  it('shows isolation per direction, findings as text, peers and the graph', async () => {
    const api = mockApi({
      getEntityNetwork: jest.fn().mockResolvedValue(network()),
    });
    const { container } = await render(api);
    expect(
      await screen.findByTestId('network-isolation-ingress'),
    ).toHaveTextContent('ingress: isolated');
    expect(screen.getByTestId('network-isolation-egress')).toHaveTextContent(
      'egress: not isolated',
    );
    // Attacker-controlled text stays text.
    expect(
      screen.getByText(
        '<img src=x onerror=alert(1)> egress is open to any address',
      ),
    ).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();

    const from = screen.getByTestId('network-reachable-from');
    expect(
      within(from).getByText('Deployment storefront/checkout-web'),
    ).toBeInTheDocument();
    expect(within(from).getByText('TCP 8080')).toBeInTheDocument();
    expect(
      within(from).getByText('NetworkPolicy payments/payments-api'),
    ).toBeInTheDocument();
    const to = screen.getByTestId('network-reachable-to');
    expect(within(to).getByText('anywhere (any address)')).toBeInTheDocument();
    expect(within(to).getByText('all traffic')).toBeInTheDocument();

    expect(screen.getByTestId('network-node-service')).toBeInTheDocument();
    expect(screen.getByTestId('network-node-workload')).toBeInTheDocument();
    expect(api.getEntityNetwork).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'payments-api',
    });
  });

  it('renders each rule in words and the YAML behind an expander', async () => {
    const api = mockApi({
      getEntityNetwork: jest.fn().mockResolvedValue(network()),
    });
    await render(api);
    const policies = await screen.findByTestId('network-policies');
    fireEvent.click(
      within(policies).getByText('NetworkPolicy payments/payments-api'),
    );
    expect(
      await within(policies).findByText(
        /from pods app.kubernetes.io\/name=checkout-web/,
      ),
    ).toBeInTheDocument();
    expect(
      within(policies).getByText(/kind: NetworkPolicy/),
    ).toBeInTheDocument();
  });

  it('labels AdminNetworkPolicy and BaselineAdminNetworkPolicy as cluster guardrails, with the priority', async () => {
    const response = network();
    response.policies.push(
      {
        id: 'policy.networking.k8s.io/v1alpha1/AdminNetworkPolicy//cluster-control',
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        name: 'cluster-control',
        flavor: 'admin',
        order: 20,
        directions: ['ingress'],
        rules: [
          {
            direction: 'ingress',
            index: 0,
            action: 'Pass',
            text: 'pass-monitoring: Pass all traffic from pods in namespaces kubernetes.io/metadata.name=monitoring',
          },
        ],
        yaml: 'kind: AdminNetworkPolicy\n',
      },
      {
        id: 'policy.networking.k8s.io/v1alpha1/BaselineAdminNetworkPolicy//default',
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'BaselineAdminNetworkPolicy',
        name: 'default',
        flavor: 'baseline-admin',
        directions: ['ingress'],
        rules: [],
        yaml: 'kind: BaselineAdminNetworkPolicy\n',
      },
    );
    const api = mockApi({
      getEntityNetwork: jest.fn().mockResolvedValue(response),
    });
    await render(api);
    const policies = await screen.findByTestId('network-policies');
    expect(
      within(policies).getByText('AdminNetworkPolicy cluster-control'),
    ).toBeInTheDocument();
    expect(within(policies).getByText('cluster guardrail')).toBeInTheDocument();
    expect(within(policies).getByText('priority 20')).toBeInTheDocument();
    expect(
      within(policies).getByText('cluster guardrail (baseline)'),
    ).toBeInTheDocument();
    expect(within(policies).getAllByText('Kubernetes')).toHaveLength(1);
  });

  it('shows an empty state when the entity has no workloads', async () => {
    const api = mockApi({
      getEntityNetwork: jest.fn().mockResolvedValue(emptyNetwork()),
    });
    await render(api);
    expect(
      await screen.findByText('No workloads to analyse'),
    ).toBeInTheDocument();
  });

  it('shows the error when loading fails', async () => {
    const api = mockApi({
      getEntityNetwork: jest
        .fn()
        .mockRejectedValue(
          new Error('Not allowed: container-security.entity.read'),
        ),
    });
    await render(api);
    expect(
      (
        await screen.findAllByText(
          /Not allowed: container-security.entity.read/,
        )
      )[0],
    ).toBeInTheDocument();
  });

  it('previews a pasted policy and shows gained and lost peers, applying nothing', async () => {
    const result: NetworkWhatIfResponse = {
      entityRef: 'component:default/payments-api',
      applied: false,
      policies: [],
      replaces: [],
      selectsService: true,
      isolation: {
        before: network().isolation,
        after: {
          ingress: { isolated: true, policies: [POLICY_ID] },
          egress: { isolated: true, policies: ['x'] },
        },
      },
      reachableFrom: { added: [], removed: [], changed: [] },
      reachableTo: {
        added: [],
        removed: [
          peer({
            key: 'anywhere',
            type: 'anywhere',
            ports: [{ protocol: 'any' }],
            policies: [],
          }),
        ],
        changed: [],
      },
      findings: {
        added: [],
        removed: [
          {
            id: 'egress-anywhere',
            severity: 'medium',
            message: 'egress is open to any address',
          },
        ],
      },
    };
    const api = mockApi({
      getEntityNetwork: jest.fn().mockResolvedValue(network()),
      previewEntityNetworkPolicy: jest.fn().mockResolvedValue(result),
    });
    await render(api);
    const panel = await screen.findByTestId('network-what-if');
    expect(panel).toHaveTextContent('nothing is applied to the cluster');
    const input = within(panel).getByTestId('network-what-if-input');
    fireEvent.change(input, { target: { value: 'kind: NetworkPolicy' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Preview' }));
    const shown = await screen.findByTestId('network-what-if-result');
    expect(api.previewEntityNetworkPolicy).toHaveBeenCalledWith(
      { kind: 'Component', namespace: 'default', name: 'payments-api' },
      { policy: 'kind: NetworkPolicy' },
    );
    expect(shown).toHaveTextContent('egress: not isolated → isolated');
    expect(
      within(screen.getByTestId('network-what-if-to')).getByText(
        /lost: anywhere \(any address\) \(all traffic\)/,
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('network-what-if-from')).getByText(
        'No change.',
      ),
    ).toBeInTheDocument();
    expect(shown).toHaveTextContent('resolved: egress is open to any address');
  });

  it('shows the backend’s message when a preview is refused', async () => {
    const api = mockApi({
      getEntityNetwork: jest.fn().mockResolvedValue(network()),
      previewEntityNetworkPolicy: jest
        .fn()
        .mockRejectedValue(
          new Error('Invalid policy: document 1 is not valid YAML'),
        ),
    });
    await render(api);
    const panel = await screen.findByTestId('network-what-if');
    fireEvent.change(within(panel).getByTestId('network-what-if-input'), {
      target: { value: 'kind: [' },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Preview' }));
    await waitFor(() =>
      expect(
        screen.getAllByText(/document 1 is not valid YAML/)[0],
      ).toBeInTheDocument(),
    );
  });

  it('reads an uploaded file into the editor', async () => {
    const api = mockApi({
      getEntityNetwork: jest.fn().mockResolvedValue(network()),
    });
    await render(api);
    const panel = await screen.findByTestId('network-what-if');
    const file = new File(['kind: GlobalNetworkPolicy\n'], 'deny.yaml', {
      type: 'text/yaml',
    });
    fireEvent.change(within(panel).getByTestId('network-what-if-file'), {
      target: { files: [file] },
    });
    await waitFor(() =>
      expect(within(panel).getByTestId('network-what-if-input')).toHaveValue(
        'kind: GlobalNetworkPolicy\n',
      ),
    );
  });
});
