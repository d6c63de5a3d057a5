import {
  EntityNetworkResponse,
  NetworkGraphEdge,
  NetworkGraphNode,
  NetworkPeerView,
  NetworkPortRange,
} from '@containersec/plugin-container-security-common';
import {
  formatNetpolPorts,
  NetpolPortRange,
} from '@containersec/plugin-container-security-node';

const SERVICE_NODE = 'service';

/** Peers' ports come from the engine, so they are its port ranges. */
const portLabel = (ports: NetworkPortRange[]) =>
  formatNetpolPorts(ports as NetpolPortRange[]);

function peerLabel(peer: NetworkPeerView): string {
  switch (peer.type) {
    case 'workload':
      return `${peer.namespace}/${peer.name}`;
    case 'namespace':
      return `namespace ${peer.namespace}`;
    case 'cidr':
      return peer.cidr ?? peer.name ?? 'addresses';
    default:
      return 'anywhere';
  }
}

/**
 * The allowed flows around a service: the service in the middle, who can connect to it
 * on one side, whom it connects to on the other; one node per peer, one edge per
 * direction with its ports.
 */
export function buildFlowGraph(
  serviceLabel: string,
  reachableFrom: NetworkPeerView[],
  reachableTo: NetworkPeerView[],
): EntityNetworkResponse['graph'] {
  const nodes = new Map<string, NetworkGraphNode>();
  nodes.set(SERVICE_NODE, {
    id: SERVICE_NODE,
    label: serviceLabel,
    type: 'service',
  });
  const edges: NetworkGraphEdge[] = [];
  const add = (peer: NetworkPeerView) => {
    if (!nodes.has(peer.key)) {
      nodes.set(peer.key, {
        id: peer.key,
        label: peerLabel(peer),
        type: peer.type,
        ...(peer.namespace !== undefined ? { namespace: peer.namespace } : {}),
      });
    }
    return peer.key;
  };
  for (const peer of reachableFrom) {
    if (peer.ports.length === 0) continue;
    edges.push({
      from: add(peer),
      to: SERVICE_NODE,
      label: portLabel(peer.ports),
    });
  }
  for (const peer of reachableTo) {
    if (peer.ports.length === 0) continue;
    edges.push({
      from: SERVICE_NODE,
      to: add(peer),
      label: portLabel(peer.ports),
    });
  }
  return { nodes: [...nodes.values()], edges };
}
