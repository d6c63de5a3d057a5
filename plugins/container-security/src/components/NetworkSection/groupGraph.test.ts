import { NetworkGraphNode } from '@containersec/plugin-container-security-common';
import { groupGraph } from './groupGraph';
import { policyLabelFromId } from './PeersTable';

const service: NetworkGraphNode = {
  id: 'service',
  label: 'payments-api',
  type: 'service',
  namespace: 'payments',
};

function graphOf(workloads: number, namespaces: number) {
  const nodes: NetworkGraphNode[] = [service];
  const edges = [];
  for (let i = 0; i < workloads; i++) {
    const namespace = `ns-${i % namespaces}`;
    nodes.push({
      id: `w${i}`,
      label: `${namespace}/w${i}`,
      type: 'workload',
      namespace,
    });
    edges.push({
      from: `w${i}`,
      to: 'service',
      label: `TCP ${8000 + (i % 2)}`,
    });
  }
  nodes.push({ id: 'cidr', label: '10.0.0.0/8', type: 'cidr' });
  edges.push({ from: 'service', to: 'cidr', label: 'TCP 443' });
  return { nodes, edges };
}

describe('groupGraph', () => {
  it('leaves a small graph as it is', () => {
    const graph = graphOf(5, 2);
    expect(groupGraph(graph, 20)).toEqual({ ...graph, grouped: false });
  });

  it('groups 50 workloads into one node per namespace, merging edge labels', () => {
    const grouped = groupGraph(graphOf(50, 5), 20);
    expect(grouped.grouped).toBe(true);
    expect(grouped.nodes).toHaveLength(1 + 1 + 5);
    expect(grouped.nodes.find(n => n.id === 'group:ns-0')).toEqual({
      id: 'group:ns-0',
      type: 'namespace',
      namespace: 'ns-0',
      label: 'ns-0 (10 workloads)',
    });
    expect(grouped.edges).toHaveLength(5 + 1);
    const edge = grouped.edges.find(e => e.from === 'group:ns-1')!;
    expect(edge.to).toBe('service');
    expect(edge.label.split(', ').sort()).toEqual(['TCP 8000', 'TCP 8001']);
    expect(grouped.edges).toContainEqual({
      from: 'service',
      to: 'cidr',
      label: 'TCP 443',
    });
  });
});

describe('policyLabelFromId', () => {
  it('names namespaced and global policies by kind and name', () => {
    expect(
      policyLabelFromId('networking.k8s.io/v1/NetworkPolicy/payments/api'),
    ).toBe('NetworkPolicy payments/api');
    expect(
      policyLabelFromId('projectcalico.org/v3/GlobalNetworkPolicy//deny-all'),
    ).toBe('GlobalNetworkPolicy deny-all');
    expect(policyLabelFromId('odd')).toBe('odd');
  });
});
