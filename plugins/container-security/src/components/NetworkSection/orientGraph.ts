import {
  NetworkGraphEdge,
  NetworkGraphNode,
} from '@containersec/plugin-container-security-common';

/** The id of the service itself in the flow graph. */
export const SERVICE_NODE = 'service';

/** Node id prefixes of the two sides: callers and those the service calls. */
export const CALLER = 'in|';
export const CALLEE = 'out|';

/**
 * Lays the flows out as the page describes them: every caller on the left of the service,
 * everyone it calls on the right. A peer on both sides (anywhere, a namespace) becomes one
 * node per side, so the layout never has to put a caller on the right, and the two flows
 * are no longer two edges between the same pair of nodes. Edges between the same nodes
 * merge, their port labels without repeats.
 */
export function orientGraph(graph: {
  nodes: NetworkGraphNode[];
  edges: NetworkGraphEdge[];
}): { nodes: NetworkGraphNode[]; edges: NetworkGraphEdge[] } {
  const byId = new Map(graph.nodes.map(n => [n.id, n]));
  const nodes = new Map<string, NetworkGraphNode>();
  const service = byId.get(SERVICE_NODE);
  if (service) nodes.set(SERVICE_NODE, service);
  const labels = new Map<string, Set<string>>();
  const place = (id: string, side: string) => {
    if (id === SERVICE_NODE) return id;
    const placed = `${side}${id}`;
    if (!nodes.has(placed)) {
      const node = byId.get(id) ?? { id, label: id, type: 'workload' as const };
      nodes.set(placed, { ...node, id: placed });
    }
    return placed;
  };
  for (const edge of graph.edges) {
    let from: string;
    let to: string;
    if (edge.to === SERVICE_NODE) {
      from = place(edge.from, CALLER);
      to = SERVICE_NODE;
    } else if (edge.from === SERVICE_NODE) {
      from = SERVICE_NODE;
      to = place(edge.to, CALLEE);
    } else {
      // Not a flow of the service; keep it between the callers.
      from = place(edge.from, CALLER);
      to = place(edge.to, CALLER);
    }
    const key = `${from}\u0000${to}`;
    const set = labels.get(key) ?? new Set<string>();
    for (const part of edge.label.split(', ')) set.add(part);
    labels.set(key, set);
  }
  const edges = [...labels].map(([key, set]) => {
    const [from, to] = key.split('\u0000');
    return { from, to, label: [...set].join(', ') };
  });
  return { nodes: [...nodes.values()], edges };
}
