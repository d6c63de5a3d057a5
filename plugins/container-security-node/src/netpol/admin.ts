import { KubernetesObject } from '../manifests/types';
import { cidrOf } from './cidr';
import { FieldProblem, labelSelectorToNode } from './labelSelector';
import { describeRule } from './render';
import { SelectorNode } from './selector';
import {
  NetpolAction,
  NetpolDirection,
  NetpolPeerMatch,
  NetpolPolicy,
  NetpolPortMatch,
  NetpolRule,
  NetpolTier,
} from './types';

/*
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1,
 * https://network-policy-api.sigs.k8s.io/api-overview/) mapped onto the engine's tiers
 * the way Calico 3.30 implements them: every ANP in the tier `adminnetworkpolicy`
 * (order 1,000, default action Pass) with its priority as the policy order, the BANP in
 * `baselineadminnetworkpolicy` (order 10,000,000, after the default tier's 1,000,000,
 * default action Pass). So a connection meets the ANPs by priority, then Calico tiers and
 * Kubernetes NetworkPolicies (the default tier), then the BANP; an ANP `Pass` skips the
 * remaining ANPs; a pod no NetworkPolicy selects reaches the BANP; what nothing decides
 * is allowed.
 */

/** Calico's fixed tier for AdminNetworkPolicies. */
export const ADMIN_TIER: NetpolTier = {
  name: 'adminnetworkpolicy',
  order: 1000,
  defaultAction: 'Pass',
};

/** Calico's fixed tier for the BaselineAdminNetworkPolicy. */
export const BASELINE_ADMIN_TIER: NetpolTier = {
  name: 'baselineadminnetworkpolicy',
  order: 10_000_000,
  defaultAction: 'Pass',
};

const ORCHESTRATOR_K8S: SelectorNode = {
  type: 'eq',
  key: 'projectcalico.org/orchestrator',
  value: 'k8s',
};

const isRecord = (v: unknown): v is Record<string, any> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

function fail(field: string, problem: string): never {
  throw new FieldProblem(field, problem);
}

function podsOnly(selector: SelectorNode): SelectorNode {
  return selector.type === 'all'
    ? ORCHESTRATOR_K8S
    : { type: 'and', operands: [ORCHESTRATOR_K8S, selector] };
}

/** `namespaces` or `pods` (subject or peer): pods only, never network sets or hosts. */
function podPeer(
  value: Record<string, any>,
  field: string,
): NetpolPeerMatch | undefined {
  if (value.namespaces !== undefined && value.namespaces !== null) {
    return {
      selector: ORCHESTRATOR_K8S,
      namespaceSelector: labelSelectorToNode(
        value.namespaces,
        `${field}.namespaces`,
      ),
    };
  }
  if (value.pods !== undefined && value.pods !== null) {
    if (!isRecord(value.pods))
      fail(`${field}.pods`, 'expected namespaceSelector and podSelector');
    return {
      selector: podsOnly(
        labelSelectorToNode(
          value.pods.podSelector,
          `${field}.pods.podSelector`,
        ),
      ),
      namespaceSelector: labelSelectorToNode(
        value.pods.namespaceSelector,
        `${field}.pods.namespaceSelector`,
      ),
    };
  }
  return undefined;
}

function subjectOf(spec: Record<string, any>): NetpolPeerMatch {
  if (!isRecord(spec.subject))
    fail('spec.subject', 'required: namespaces or pods');
  const peer = podPeer(spec.subject, 'spec.subject');
  if (!peer) fail('spec.subject', 'expected namespaces or pods');
  return peer;
}

/**
 * A rule's peer. `nodes` and `domainNames` name things the model does not hold (node
 * addresses, DNS answers), so they match nothing here; a peer with no field at all is
 * from a newer API version and fails closed as the API asks: matches nothing in an
 * Allow rule, everything in a Deny or Pass rule.
 */
function rulePeer(
  value: unknown,
  field: string,
  action: NetpolAction,
): NetpolPeerMatch | 'nothing' | 'everything' {
  if (!isRecord(value)) fail(field, 'expected a peer object');
  const pods = podPeer(value, field);
  if (pods) return pods;
  if (value.networks !== undefined && value.networks !== null) {
    if (!Array.isArray(value.networks) || value.networks.length === 0)
      fail(`${field}.networks`, 'expected a list of CIDRs');
    value.networks.forEach((n: unknown, i: number) => {
      if (typeof n !== 'string' || !cidrOf(n))
        fail(`${field}.networks[${i}]`, `${JSON.stringify(n)} is not a CIDR`);
    });
    return { nets: value.networks as string[] };
  }
  if (value.nodes !== undefined || value.domainNames !== undefined)
    return 'nothing';
  return action === 'Allow' ? 'nothing' : 'everything';
}

const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function protocolOf(value: unknown, field: string): string {
  const p = value === undefined || value === null ? 'TCP' : String(value);
  if (!PORT_PROTOCOLS.includes(p))
    fail(field, `expected TCP, UDP or SCTP, got ${JSON.stringify(value)}`);
  return p;
}

function portNumber(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    fail(field, `expected a port 1-65535, got ${JSON.stringify(value)}`);
  if (value > 65535) fail(field, `port ${value} out of range 1-65535`);
  return value;
}

/** `portNumber`, `portRange` or `namedPort`, each entry with its own protocol. */
function portsOf(
  value: unknown,
  field: string,
): { ports: NetpolPortMatch[]; portProtocols: string[] } | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail(field, 'expected a list of ports');
  const ports: NetpolPortMatch[] = [];
  const portProtocols: string[] = [];
  value.forEach((p: unknown, i: number) => {
    const at = `${field}[${i}]`;
    if (!isRecord(p)) fail(at, 'expected a port object');
    if (isRecord(p.portNumber)) {
      const n = portNumber(p.portNumber.port, `${at}.portNumber.port`);
      ports.push({ type: 'range', from: n, to: n });
      portProtocols.push(
        protocolOf(p.portNumber.protocol, `${at}.portNumber.protocol`),
      );
    } else if (isRecord(p.portRange)) {
      const from = portNumber(p.portRange.start, `${at}.portRange.start`);
      const to = portNumber(p.portRange.end, `${at}.portRange.end`);
      if (to < from)
        fail(`${at}.portRange.end`, `end ${to} is before start ${from}`);
      ports.push({ type: 'range', from, to });
      portProtocols.push(
        protocolOf(p.portRange.protocol, `${at}.portRange.protocol`),
      );
    } else if (typeof p.namedPort === 'string' && p.namedPort !== '') {
      // A named port carries no protocol: it matches the container port of that name
      // whatever its protocol, so one entry per protocol (each still needs the name).
      for (const protocol of PORT_PROTOCOLS) {
        ports.push({ type: 'named', name: p.namedPort });
        portProtocols.push(protocol);
      }
    } else {
      fail(at, 'expected portNumber, portRange or namedPort');
    }
  });
  return { ports, portProtocols };
}

function rulesOf(
  spec: Record<string, any>,
  direction: NetpolDirection,
  actions: readonly NetpolAction[],
): NetpolRule[] {
  const list = spec[direction];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list))
    fail(`spec.${direction}`, 'expected a list of rules');
  if (list.length > 100)
    fail(`spec.${direction}`, `at most 100 rules, got ${list.length}`);
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  return list.map((r: unknown, index: number) => {
    const path = `spec.${direction}[${index}]`;
    if (!isRecord(r)) fail(path, 'expected a rule object');
    if (!actions.includes(r.action))
      fail(
        `${path}.action`,
        `expected one of ${actions.join(', ')}, got ${JSON.stringify(
          r.action,
        )}`,
      );
    let action: NetpolAction = r.action;
    const peerList = r[peersKey];
    if (!Array.isArray(peerList) || peerList.length === 0)
      fail(`${path}.${peersKey}`, 'required: at least one peer');
    const peers: NetpolPeerMatch[] = [];
    let everything = false;
    peerList.forEach((p: unknown, i: number) => {
      const peer = rulePeer(p, `${path}.${peersKey}[${i}]`, action);
      if (peer === 'everything') everything = true;
      else if (peer !== 'nothing') peers.push(peer);
    });
    // Failing closed turns a Pass into a Deny of everything.
    if (everything) action = 'Deny';
    const ports = portsOf(r.ports, `${path}.ports`);
    const rule: Omit<NetpolRule, 'text'> = {
      direction,
      index,
      action,
      ...(everything ? {} : { peers }),
      ...(ports ?? {}),
      path,
    };
    const name = typeof r.name === 'string' && r.name ? `${r.name}: ` : '';
    return { ...rule, text: `${name}${describeRule(rule)}` };
  });
}

/**
 * Normalises an AdminNetworkPolicy or BaselineAdminNetworkPolicy; undefined for other
 * kinds. Throws FieldProblem (the caller names the object) when malformed.
 */
export function normalizeAdminPolicy(
  object: KubernetesObject,
  base: Pick<
    NetpolPolicy,
    'id' | 'apiVersion' | 'kind' | 'name' | 'staged' | 'object'
  >,
): NetpolPolicy | undefined {
  const baseline = object.kind === 'BaselineAdminNetworkPolicy';
  if (!baseline && object.kind !== 'AdminNetworkPolicy') return undefined;
  const spec = isRecord(object.spec) ? object.spec : fail('spec', 'required');
  let order = 0;
  if (baseline) {
    // The API admits one BANP, named "default".
    if (base.name !== 'default')
      fail(
        'metadata.name',
        'a BaselineAdminNetworkPolicy must be named "default"',
      );
  } else {
    const p = spec.priority;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > 1000)
      fail(
        'spec.priority',
        `expected an integer 0-1000, got ${JSON.stringify(p)}`,
      );
    order = p;
  }
  const actions: NetpolAction[] = baseline
    ? ['Allow', 'Deny']
    : ['Allow', 'Deny', 'Pass'];
  const ingress = rulesOf(spec, 'ingress', actions);
  const egress = rulesOf(spec, 'egress', actions);
  // "ANPs with no ingress rules do not affect ingress traffic" (and likewise egress).
  const types: NetpolDirection[] = [];
  if (ingress.length) types.push('ingress');
  if (egress.length) types.push('egress');
  return {
    ...base,
    flavor: baseline ? 'baseline-admin' : 'admin',
    tier: baseline ? BASELINE_ADMIN_TIER.name : ADMIN_TIER.name,
    order,
    subject: subjectOf(spec),
    types,
    ingress,
    egress,
  };
}
