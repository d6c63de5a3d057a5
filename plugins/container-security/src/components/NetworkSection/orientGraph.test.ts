import { groupGraph } from './groupGraph';
import { CALLEE, CALLER, orientGraph, SERVICE_NODE } from './orientGraph';

const service = {
  id: SERVICE_NODE,
  label: 'cart-service',
  type: 'service' as const,
};
const anywhere = {
  id: 'anywhere',
  label: 'anywhere',
  type: 'anywhere' as const,
};
const workload = (name: string) => ({
  id: `w:${name}`,
  label: `shop/${name}`,
  type: 'workload' as const,
  namespace: 'shop',
});

describe('orientGraph', () => {
  it('puts a peer that is caller and callee on both sides, one edge each', () => {
    const out = orientGraph({
      nodes: [service, anywhere],
      edges: [
        { from: 'anywhere', to: SERVICE_NODE, label: 'all traffic' },
        { from: SERVICE_NODE, to: 'anywhere', label: 'all traffic' },
      ],
    });
    expect(out.nodes.map(n => n.id).sort()).toEqual(
      [`${CALLEE}anywhere`, `${CALLER}anywhere`, SERVICE_NODE].sort(),
    );
    expect(out.edges).toEqual([
      { from: `${CALLER}anywhere`, to: SERVICE_NODE, label: 'all traffic' },
      { from: SERVICE_NODE, to: `${CALLEE}anywhere`, label: 'all traffic' },
    ]);
  });

  it('keeps every caller as its own node with an edge into the service', () => {
    const callers = Array.from({ length: 9 }, (_, i) => workload(`c${i}`));
    const out = orientGraph({
      nodes: [service, ...callers],
      edges: callers.map(c => ({
        from: c.id,
        to: SERVICE_NODE,
        label: 'TCP 8080',
      })),
    });
    const into = out.edges.filter(e => e.to === SERVICE_NODE);
    expect(into).toHaveLength(9);
    expect(into.every(e => e.from.startsWith(CALLER))).toBe(true);
  });

  it('merges repeated edges and their port labels without repeats', () => {
    const out = orientGraph({
      nodes: [service, workload('a')],
      edges: [
        { from: 'w:a', to: SERVICE_NODE, label: 'TCP 80, TCP 443' },
        { from: 'w:a', to: SERVICE_NODE, label: 'TCP 443' },
      ],
    });
    expect(out.edges).toEqual([
      { from: `${CALLER}w:a`, to: SERVICE_NODE, label: 'TCP 80, TCP 443' },
    ]);
  });
});

describe('orientGraph then groupGraph', () => {
  it('groups callers and callees of one namespace on their own sides', () => {
    const peers = Array.from({ length: 12 }, (_, i) => workload(`p${i}`));
    const oriented = orientGraph({
      nodes: [service, ...peers],
      edges: [
        ...peers.map(p => ({ from: p.id, to: SERVICE_NODE, label: 'TCP 80' })),
        ...peers.map(p => ({ from: SERVICE_NODE, to: p.id, label: 'TCP 53' })),
      ],
    });
    const grouped = groupGraph(oriented, 20);
    expect(grouped.grouped).toBe(true);
    expect(grouped.edges).toEqual([
      { from: `${CALLER}group:shop`, to: SERVICE_NODE, label: 'TCP 80' },
      { from: SERVICE_NODE, to: `${CALLEE}group:shop`, label: 'TCP 53' },
    ]);
  });
});
