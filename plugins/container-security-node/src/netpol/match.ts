import { matchesSelector, SelectorNode } from './selector';
import { cidrContains, cidrOf, parseIp } from './cidr';
import {
  NAMESPACE_LABEL,
  NAME_LABEL,
  ORCHESTRATOR_LABEL,
  PORT_PROTOCOLS,
  SERVICE_ACCOUNT_LABEL,
} from './model';
import {
  NetpolEndpoint,
  NetpolModel,
  NetpolNetworkSet,
  NetpolPeerMatch,
  NetpolPortMatch,
  NetpolRule,
} from './types';

const labelCache = new WeakMap<NetpolEndpoint, Record<string, string>>();

/**
 * An endpoint's labels as Calico selectors see them: its own plus the automatic
 * `projectcalico.org/namespace`, `…/orchestrator` and `…/serviceaccount` labels
 * (https://docs.tigera.io/calico/latest/network-policy/get-started/calico-policy/calico-labels).
 */
export function calicoLabels(e: NetpolEndpoint): Record<string, string> {
  let labels = labelCache.get(e);
  if (!labels) {
    labels = {
      ...e.labels,
      [NAMESPACE_LABEL]: e.namespace,
      [ORCHESTRATOR_LABEL]: 'k8s',
      [SERVICE_ACCOUNT_LABEL]: e.serviceAccount,
    };
    labelCache.set(e, labels);
  }
  return labels;
}

const setLabelCache = new WeakMap<NetpolNetworkSet, Record<string, string>>();
function networkSetLabels(s: NetpolNetworkSet): Record<string, string> {
  let labels = setLabelCache.get(s);
  if (!labels) {
    labels = {
      ...s.labels,
      ...(s.namespace ? { [NAMESPACE_LABEL]: s.namespace } : {}),
    };
    setLabelCache.set(s, labels);
  }
  return labels;
}

function namespaceLabels(
  model: NetpolModel,
  name: string,
): Record<string, string> {
  return (
    model.namespaces.get(name)?.labels ?? {
      'kubernetes.io/metadata.name': name,
      [NAME_LABEL]: name,
    }
  );
}

function serviceAccountLabels(
  model: NetpolModel,
  namespace: string,
  name: string,
): Record<string, string> {
  return (
    model.serviceAccounts.get(`${namespace}/${name}`)?.labels ?? {
      [NAME_LABEL]: name,
    }
  );
}

function ipsIn(ips: readonly string[], nets: readonly string[]): boolean {
  return ips.some(ip => {
    const parsed = parseIp(ip);
    return (
      !!parsed &&
      nets.some(n => {
        const c = cidrOf(n);
        return !!c && cidrContains(c, parsed);
      })
    );
  });
}

/** Whether a peer (or policy subject) matches a workload endpoint. */
export function peerMatchesEndpoint(
  model: NetpolModel,
  peer: NetpolPeerMatch,
  e: NetpolEndpoint,
): boolean {
  if (peer.namespace !== undefined && peer.namespace !== e.namespace)
    return false;
  if (
    peer.namespaceSelector &&
    !matchesSelector(
      peer.namespaceSelector,
      namespaceLabels(model, e.namespace),
      { isGlobal: false },
    )
  ) {
    return false;
  }
  if (!labelSelectorsPass(peer, calicoLabels(e), false)) return false;
  if (
    peer.serviceAccountNames &&
    !peer.serviceAccountNames.includes(e.serviceAccount)
  )
    return false;
  if (
    peer.serviceAccountSelector &&
    !matchesSelector(
      peer.serviceAccountSelector,
      serviceAccountLabels(model, e.namespace, e.serviceAccount),
    )
  ) {
    return false;
  }
  if (e.ips.length === 0) {
    // Pod IPs are unknown for workload templates. Every address lies in 0.0.0.0/0 or
    // ::/0, so such nets match (Calico applies nets to pod IPs too) unless notNets
    // carve ranges out; any other nets cannot be told and do not match.
    if (
      peer.nets &&
      (peer.notNets || !peer.nets.some(n => cidrOf(n)?.prefix === 0))
    )
      return false;
  } else {
    if (peer.nets && !ipsIn(e.ips, peer.nets)) return false;
    if (peer.notNets && ipsIn(e.ips, peer.notNets)) return false;
  }
  return true;
}

function selectorPartMatchesSet(
  model: NetpolModel,
  peer: NetpolPeerMatch,
  s: NetpolNetworkSet,
): boolean {
  if (peer.serviceAccountNames || peer.serviceAccountSelector) return false;
  if (peer.namespace !== undefined && peer.namespace !== s.namespace)
    return false;
  const global = s.namespace === undefined;
  if (peer.namespaceSelector) {
    // `global()` in a namespaceSelector matches non-namespaced resources only.
    if (global) {
      if (!matchesSelector(peer.namespaceSelector, {}, { isGlobal: true }))
        return false;
    } else if (
      !matchesSelector(
        peer.namespaceSelector,
        namespaceLabels(model, s.namespace!),
        { isGlobal: false },
      )
    ) {
      return false;
    }
  }
  return labelSelectorsPass(peer, networkSetLabels(s), global);
}

/** Whether labels pass a peer's `selector` and are not taken by its `notSelector`. */
function labelSelectorsPass(
  peer: NetpolPeerMatch,
  labels: Record<string, string>,
  isGlobal: boolean,
): boolean {
  if (peer.selector && !matchesSelector(peer.selector, labels, { isGlobal })) {
    return false;
  }
  return !(
    peer.notSelector && matchesSelector(peer.notSelector, labels, { isGlobal })
  );
}

/**
 * Whether a peer matches an address outside the model's endpoints: by `nets`, and
 * for selector peers through the Calico network sets whose nets hold the address.
 */
export function peerMatchesIp(
  model: NetpolModel,
  peer: NetpolPeerMatch,
  ip: string,
): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  const inNets = (nets: readonly string[]) =>
    nets.some(n => {
      const c = cidrOf(n);
      return !!c && cidrContains(c, parsed);
    });
  if (peer.nets && !inNets(peer.nets)) return false;
  if (peer.notNets && inNets(peer.notNets)) return false;
  if (
    peer.selector ||
    peer.namespaceSelector ||
    peer.namespace ||
    peer.serviceAccountNames ||
    peer.serviceAccountSelector
  ) {
    return model.networkSets.some(
      s => inNets(s.nets) && selectorPartMatchesSet(model, peer, s),
    );
  }
  if (peer.notSelector) {
    // An address is no endpoint: it escapes the negated selector unless a network set holding it matches.
    return !model.networkSets.some(
      s =>
        inNets(s.nets) &&
        selectorPartMatchesSet(model, { selector: peer.notSelector }, s),
    );
  }
  return true;
}

function portMatch(
  p: NetpolPortMatch,
  port: number | string,
  protocol: string,
  endpoint: NetpolEndpoint | undefined,
): boolean {
  if (p.type === 'range')
    return typeof port === 'number' && port >= p.from && port <= p.to;
  if (typeof port === 'string') return port === p.name;
  // A named port matches the numeric port the endpoint declares under that name and protocol.
  return (
    !!endpoint &&
    endpoint.ports.some(
      cp => cp.name === p.name && cp.port === port && cp.protocol === protocol,
    )
  );
}

/**
 * Whether a rule's protocol and destination ports match. `dst` resolves named ports
 * (the destination endpoint; undefined for addresses).
 */
export function rulePortsMatch(
  rule: NetpolRule,
  port: number | string,
  protocol: string,
  dst: NetpolEndpoint | undefined,
): boolean {
  if (rule.portProtocols && rule.ports) {
    return rule.ports.some(
      (p, i) =>
        rule.portProtocols![i] === protocol &&
        portMatch(p, port, protocol, dst),
    );
  }
  if (rule.protocol !== undefined && rule.protocol !== protocol) return false;
  if (rule.notProtocol !== undefined && rule.notProtocol === protocol)
    return false;
  if (rule.ports) {
    if (!PORT_PROTOCOLS.includes(protocol)) return false;
    if (!rule.ports.some(p => portMatch(p, port, protocol, dst))) return false;
  }
  if (rule.notPorts) {
    if (rule.notPorts.some(p => portMatch(p, port, protocol, dst)))
      return false;
  }
  // The source port of a connection is ephemeral and unknown: source-port rules never match.
  if (rule.sourcePorts) return false;
  return true;
}

/** Whether one side (peer list) of a rule matches the remote side of a flow. */
export function peersMatch(
  model: NetpolModel,
  peers: NetpolPeerMatch[] | undefined,
  remote: { endpoint: NetpolEndpoint } | { ip: string },
): boolean {
  if (!peers) return true;
  return peers.some(p =>
    'endpoint' in remote
      ? peerMatchesEndpoint(model, p, remote.endpoint)
      : peerMatchesIp(model, p, remote.ip),
  );
}

/** Whether a policy applies to an endpoint (its subject selects it). */
export function selectsEndpoint(
  model: NetpolModel,
  subject: NetpolPeerMatch,
  e: NetpolEndpoint,
): boolean {
  return peerMatchesEndpoint(model, subject, e);
}

export type { SelectorNode };
