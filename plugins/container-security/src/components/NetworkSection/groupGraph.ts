import {
  NetworkGraphEdge,
  NetworkGraphNode,
} from '@containersec/plugin-container-security-common';

/** Above this many nodes, workloads are shown as one node per namespace. */
export const GRAPH_GROUPING_THRESHOLD = 20;

/**
 * Keeps a graph readable: beyond `threshold` nodes, the workloads of each namespace
 * (other than the service itself) become one namespace node, and their edges merge.
 */
export function groupGraph(
  graph: { nodes: NetworkGraphNode[]; edges: NetworkGraphEdge[] },
  threshold = GRAPH_GROUPING_THRESHOLD,
): { nodes: NetworkGraphNode[]; edges: NetworkGraphEdge[]; grouped: boolean } {
  if (graph.nodes.length <= threshold) return { ...graph, grouped: false };
  const replacement = new Map<string, string>();
  const counts = new Map<string, number>();
  const nodes: NetworkGraphNode[] = [];
  for (const node of graph.nodes) {
    if (node.type === 'workload' && node.namespace !== undefined) {
      // Oriented graphs prefix ids with their side (`in|`, `out|`): a group stays on it.
      const side = /^(in|out)\|/.exec(node.id)?.[0] ?? '';
      const id = `${side}group:${node.namespace}`;
      replacement.set(node.id, id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    } else {
      nodes.push(node);
    }
  }
  for (const [id, count] of counts) {
    const namespace = id.slice(id.indexOf('group:') + 'group:'.length);
    nodes.push({
      id,
      type: 'namespace',
      namespace,
      label: `${namespace} (${count} workload${count === 1 ? '' : 's'})`,
    });
  }
  const labels = new Map<string, Set<string>>();
  for (const edge of graph.edges) {
    const from = replacement.get(edge.from) ?? edge.from;
    const to = replacement.get(edge.to) ?? edge.to;
    const key = `${from}\u0000${to}`;
    const set = labels.get(key) ?? new Set<string>();
    for (const part of edge.label.split(', ')) set.add(part);
    labels.set(key, set);
  }
  const edges = [...labels].map(([key, set]) => {
    const [from, to] = key.split('\u0000');
    return { from, to, label: [...set].join(', ') };
  });
  return { nodes, edges, grouped: true };
}
