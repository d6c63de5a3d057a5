import { KubernetesObject } from '../manifests/types';
import { podSpecOf } from '../workloads/workloadFromObject';
import { parseSelector, SelectorNode, SelectorSyntaxError } from './selector';
import { cidrOf } from './cidr';
import { FieldProblem, labelSelectorToNode } from './labelSelector';
import { describeRule } from './render';
import {
  ADMIN_POLICY_GROUP,
  apiGroupOf,
  CALICO_API_GROUPS,
} from './apiGroups';
import {
  ADMIN_TIER,
  BASELINE_ADMIN_TIER,
  normalizeAdminPolicy,
} from './admin';
import {
  NetpolAction,
  NetpolContainerPort,
  NetpolDirection,
  NetpolEndpoint,
  NetpolModel,
  NetpolNamespace,
  NetpolNetworkSet,
  NetpolObjectError,
  NetpolPeerMatch,
  NetpolPolicy,
  NetpolPortMatch,
  NetpolRule,
  NetpolServiceAccount,
  NetpolTier,
} from './types';

/**
 * Options of {@link buildNetpolModel}.
 *
 * @public
 */
export interface BuildNetpolModelOptions {
  /** Throw on the first malformed object (default) or collect errors in `model.errors`. */
  strict?: boolean;
}

/** Calico's orchestrator label: Calico's translation of a Kubernetes namespaceSelector peer uses it to match pods only. */
export const ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';
export const NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const SERVICE_ACCOUNT_LABEL = 'projectcalico.org/serviceaccount';
export const NAME_LABEL = 'projectcalico.org/name';
/** https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy — "The default tier … has the order of 1,000,000". */
export const DEFAULT_TIER_ORDER = 1_000_000;
/**
 * Calico places Kubernetes NetworkPolicies in the default tier with order 1000, named
 * `knp.default.<name>` (projectcalico/calico libcalico-go/lib/backend/k8s/conversion/conversion.go,
 * `K8sNetworkPolicyToCalico`: "We insert all the NetworkPolicy Policies at order 1000.0";
 * https://docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy — the default
 * tier is where "You manage all Kubernetes network policies").
 */
export const KUBERNETES_POLICY_ORDER = 1000;
const PROTOCOL_NUMBERS: Record<string, string> = {
  '1': 'ICMP',
  '6': 'TCP',
  '17': 'UDP',
  '58': 'ICMPV6',
  '132': 'SCTP',
  '136': 'UDPLITE',
};
/** Protocols that carry ports. */
export const PORT_PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

const isRecord = (v: unknown): v is Record<string, any> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

class Fail extends Error {
  constructor(readonly field: string, readonly problem: string) {
    super(problem);
  }
}

function wrap<T>(object: KubernetesObject, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    const ns = object.metadata?.namespace;
    const name = object.metadata?.name ?? '';
    if (e instanceof Fail || e instanceof FieldProblem) {
      throw new NetpolObjectError(object.kind, ns, name, e.field, e.problem);
    }
    throw e;
  }
}

function selectorAt(value: unknown, field: string): SelectorNode | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string')
    throw new Fail(field, 'expected a selector string');
  try {
    return parseSelector(value);
  } catch (e) {
    if (e instanceof SelectorSyntaxError) throw new Fail(field, e.message);
    throw e;
  }
}

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new Fail(field, 'expected a list of strings');
  }
  return value as string[];
}

function netsAt(value: unknown, field: string): string[] | undefined {
  const list = stringList(value, field);
  list?.forEach((n, i) => {
    if (!cidrOf(n))
      throw new Fail(`${field}[${i}]`, `${JSON.stringify(n)} is not a CIDR`);
  });
  return list;
}

function protocolAt(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).toUpperCase();
  if (PROTOCOL_NUMBERS[text]) return PROTOCOL_NUMBERS[text];
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1 || n > 255)
      throw new Fail(field, `protocol number ${n} out of range 1-255`);
    return text;
  }
  if (!['TCP', 'UDP', 'ICMP', 'ICMPV6', 'SCTP', 'UDPLITE'].includes(text)) {
    throw new Fail(field, `unknown protocol ${JSON.stringify(value)}`);
  }
  return text;
}

const portNumber = (n: number, field: string) => {
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    throw new Fail(field, `port ${n} out of range 0-65535`);
  }
  return n;
};

/** A Calico port: 80, "80", "1000:2000", or a named port. */
function calicoPort(value: unknown, field: string): NetpolPortMatch {
  if (typeof value === 'number') {
    const n = portNumber(value, field);
    return { type: 'range', from: n, to: n };
  }
  if (typeof value !== 'string' || value === '')
    throw new Fail(field, 'expected a port number, range or name');
  const range = /^(\d+):(\d+)$/.exec(value);
  if (range) {
    const from = portNumber(Number(range[1]), field);
    const to = portNumber(Number(range[2]), field);
    if (from > to)
      throw new Fail(field, `range ${value} ends before it starts`);
    return { type: 'range', from, to };
  }
  if (/^\d+$/.test(value)) {
    const n = portNumber(Number(value), field);
    return { type: 'range', from: n, to: n };
  }
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(value) || value.length > 63) {
    throw new Fail(field, `${JSON.stringify(value)} is not a valid port name`);
  }
  return { type: 'named', name: value };
}

function calicoPorts(
  value: unknown,
  field: string,
): NetpolPortMatch[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new Fail(field, 'expected a list of ports');
  return value.map((p, i) => calicoPort(p, `${field}[${i}]`));
}

const ACTIONS: NetpolAction[] = ['Allow', 'Deny', 'Pass', 'Log'];

/** A Calico entity rule (source or destination) as a peer match. */
function calicoEntity(
  value: unknown,
  field: string,
  policyNamespace: string | undefined,
): {
  peer?: NetpolPeerMatch;
  ports?: NetpolPortMatch[];
  notPorts?: NetpolPortMatch[];
} {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new Fail(field, 'expected an entity rule object');
  const peer: NetpolPeerMatch = {};
  const selector = selectorAt(value.selector, `${field}.selector`);
  const notSelector = selectorAt(value.notSelector, `${field}.notSelector`);
  const namespaceSelector = selectorAt(
    value.namespaceSelector,
    `${field}.namespaceSelector`,
  );
  let saNames: string[] | undefined;
  let saSelector: SelectorNode | undefined;
  if (value.serviceAccounts !== undefined && value.serviceAccounts !== null) {
    if (!isRecord(value.serviceAccounts))
      throw new Fail(`${field}.serviceAccounts`, 'expected an object');
    saNames = stringList(
      value.serviceAccounts.names,
      `${field}.serviceAccounts.names`,
    );
    saSelector = selectorAt(
      value.serviceAccounts.selector,
      `${field}.serviceAccounts.selector`,
    );
  }
  if (selector) peer.selector = selector;
  if (notSelector) peer.notSelector = notSelector;
  if (namespaceSelector) peer.namespaceSelector = namespaceSelector;
  if (saNames) peer.serviceAccountNames = saNames;
  if (saSelector) peer.serviceAccountSelector = saSelector;
  // Calico: in a namespaced NetworkPolicy, a selector without namespaceSelector
  // matches endpoints in the policy's own namespace
  // (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule).
  if (
    policyNamespace &&
    !namespaceSelector &&
    (selector || notSelector || saNames || saSelector)
  ) {
    peer.namespace = policyNamespace;
  }
  const nets = netsAt(value.nets, `${field}.nets`);
  const notNets = netsAt(value.notNets, `${field}.notNets`);
  if (nets) peer.nets = nets;
  if (notNets) peer.notNets = notNets;
  return {
    peer: Object.keys(peer).length ? peer : undefined,
    ports: calicoPorts(value.ports, `${field}.ports`),
    notPorts: calicoPorts(value.notPorts, `${field}.notPorts`),
  };
}

function calicoRules(
  spec: Record<string, any>,
  direction: NetpolDirection,
  policyNamespace: string | undefined,
): NetpolRule[] {
  const key = direction;
  const list = spec[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list))
    throw new Fail(`spec.${key}`, 'expected a list of rules');
  return list.map((r, index) => {
    const path = `spec.${key}[${index}]`;
    if (!isRecord(r)) throw new Fail(path, 'expected a rule object');
    if (!ACTIONS.includes(r.action)) {
      throw new Fail(
        `${path}.action`,
        `expected one of ${ACTIONS.join(', ')}, got ${JSON.stringify(
          r.action,
        )}`,
      );
    }
    const source = calicoEntity(r.source, `${path}.source`, policyNamespace);
    const destination = calicoEntity(
      r.destination,
      `${path}.destination`,
      policyNamespace,
    );
    const remote = direction === 'ingress' ? source : destination;
    const local = direction === 'ingress' ? destination : source;
    const rule: Omit<NetpolRule, 'text'> = {
      direction,
      index,
      action: r.action,
      protocol: protocolAt(r.protocol, `${path}.protocol`),
      notProtocol: protocolAt(r.notProtocol, `${path}.notProtocol`),
      peers: remote.peer ? [remote.peer] : undefined,
      localPeer: local.peer,
      ports: destination.ports,
      notPorts: destination.notPorts,
      sourcePorts: source.ports,
      sourceNotPorts: source.notPorts,
      path,
    };
    for (const k of Object.keys(rule) as Array<keyof typeof rule>) {
      if (rule[k] === undefined) delete rule[k];
    }
    return { ...rule, text: describeRule(rule) };
  });
}

function calicoTypes(spec: Record<string, any>): NetpolDirection[] {
  if (spec.types !== undefined && spec.types !== null) {
    if (!Array.isArray(spec.types))
      throw new Fail('spec.types', 'expected a list of Ingress/Egress');
    return spec.types.map((t: unknown, i: number) => {
      if (t === 'Ingress' || t === 'Egress')
        return t.toLowerCase() as NetpolDirection;
      throw new Fail(
        `spec.types[${i}]`,
        `expected Ingress or Egress, got ${JSON.stringify(t)}`,
      );
    });
  }
  // Calico NetworkPolicy reference (spec.types): "[ PolicyTypeIngress ], if there are no
  // Egress rules (including the case where there are also no Ingress rules);
  // [ PolicyTypeEgress ], if there are Egress rules but no Ingress rules; [ PolicyTypeIngress,
  // PolicyTypeEgress ], if there are both" — https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#spec
  const hasIn = Array.isArray(spec.ingress) && spec.ingress.length > 0;
  const hasOut = Array.isArray(spec.egress) && spec.egress.length > 0;
  if (hasOut && !hasIn) return ['egress'];
  if (hasOut) return ['ingress', 'egress'];
  return ['ingress'];
}

function orderAt(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n))
    throw new Fail(field, 'expected a number');
  return n;
}

function k8sPort(
  p: any,
  field: string,
): { protocol: string; port: NetpolPortMatch } {
  if (!isRecord(p)) throw new Fail(field, 'expected a port object');
  const protocol =
    p.protocol === undefined || p.protocol === null
      ? 'TCP'
      : String(p.protocol);
  if (!PORT_PROTOCOLS.includes(protocol)) {
    throw new Fail(
      `${field}.protocol`,
      `expected TCP, UDP or SCTP, got ${JSON.stringify(p.protocol)}`,
    );
  }
  if (p.port === undefined || p.port === null) {
    if (p.endPort !== undefined && p.endPort !== null)
      throw new Fail(`${field}.endPort`, 'endPort needs a numeric port');
    return { protocol, port: { type: 'range', from: 1, to: 65535 } };
  }
  if (typeof p.port === 'string' && !/^\d+$/.test(p.port)) {
    if (p.endPort !== undefined && p.endPort !== null)
      throw new Fail(
        `${field}.endPort`,
        'endPort needs a numeric port, not a named one',
      );
    if (
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(p.port) ||
      p.port.length > 15 ||
      !/[a-z]/.test(p.port)
    ) {
      throw new Fail(
        `${field}.port`,
        `${JSON.stringify(p.port)} is not a valid port name`,
      );
    }
    return { protocol, port: { type: 'named', name: p.port } };
  }
  const from = Number(p.port);
  if (!Number.isInteger(from) || from < 1 || from > 65535)
    throw new Fail(
      `${field}.port`,
      `port ${JSON.stringify(p.port)} out of range 1-65535`,
    );
  let to = from;
  if (p.endPort !== undefined && p.endPort !== null) {
    to = Number(p.endPort);
    if (!Number.isInteger(to) || to < from || to > 65535) {
      throw new Fail(
        `${field}.endPort`,
        `endPort ${JSON.stringify(p.endPort)} must be a port ≥ port (${from})`,
      );
    }
  }
  return { protocol, port: { type: 'range', from, to } };
}

const orchestratorK8s: SelectorNode = {
  type: 'eq',
  key: ORCHESTRATOR_LABEL,
  value: 'k8s',
};
function andNodes(a: SelectorNode, b: SelectorNode): SelectorNode {
  if (b.type === 'all') return a;
  return {
    type: 'and',
    operands: [a, ...(b.type === 'and' ? b.operands : [b])],
  };
}

function k8sPeer(p: any, field: string, namespace: string): NetpolPeerMatch {
  if (!isRecord(p)) throw new Fail(field, 'expected a peer object');
  const hasPod = p.podSelector !== undefined;
  const hasNs = p.namespaceSelector !== undefined;
  if (p.ipBlock !== undefined && p.ipBlock !== null) {
    if (hasPod || hasNs)
      throw new Fail(
        field,
        'ipBlock cannot be combined with podSelector or namespaceSelector',
      );
    if (!isRecord(p.ipBlock) || typeof p.ipBlock.cidr !== 'string')
      throw new Fail(`${field}.ipBlock.cidr`, 'expected a CIDR');
    const cidr = cidrOf(p.ipBlock.cidr);
    if (!cidr)
      throw new Fail(
        `${field}.ipBlock.cidr`,
        `${JSON.stringify(p.ipBlock.cidr)} is not a CIDR`,
      );
    const except = netsAt(p.ipBlock.except, `${field}.ipBlock.except`);
    return {
      nets: [p.ipBlock.cidr],
      ...(except && except.length ? { notNets: except } : {}),
    };
  }
  if (!hasPod && !hasNs)
    throw new Fail(
      field,
      'a peer needs podSelector, namespaceSelector or ipBlock',
    );
  const peer: NetpolPeerMatch = {
    // Calico translates Kubernetes pod peers to `projectcalico.org/orchestrator == 'k8s'`
    // so they never match network sets or host endpoints.
    selector: hasPod
      ? andNodes(
          orchestratorK8s,
          labelSelectorToNode(p.podSelector, `${field}.podSelector`),
        )
      : orchestratorK8s,
  };
  // Kubernetes: podSelector alone selects pods in the policy's namespace; with a
  // namespaceSelector both must match (https://kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors).
  if (hasNs)
    peer.namespaceSelector = labelSelectorToNode(
      p.namespaceSelector,
      `${field}.namespaceSelector`,
    );
  else peer.namespace = namespace;
  return peer;
}

function k8sRules(
  spec: Record<string, any>,
  direction: NetpolDirection,
  namespace: string,
): NetpolRule[] {
  const list = spec[direction];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list))
    throw new Fail(`spec.${direction}`, 'expected a list of rules');
  const peersKey = direction === 'ingress' ? 'from' : 'to';
  return list.map((r, index) => {
    const path = `spec.${direction}[${index}]`;
    if (r !== null && !isRecord(r))
      throw new Fail(path, 'expected a rule object');
    const rr = r ?? {};
    let peers: NetpolPeerMatch[] | undefined;
    if (rr[peersKey] !== undefined && rr[peersKey] !== null) {
      if (!Array.isArray(rr[peersKey]))
        throw new Fail(`${path}.${peersKey}`, 'expected a list of peers');
      // An empty list matches all peers, like a missing one.
      if (rr[peersKey].length)
        peers = rr[peersKey].map((p: unknown, i: number) =>
          k8sPeer(p, `${path}.${peersKey}[${i}]`, namespace),
        );
    }
    let ports: NetpolPortMatch[] | undefined;
    let portProtocols: string[] | undefined;
    if (rr.ports !== undefined && rr.ports !== null) {
      if (!Array.isArray(rr.ports))
        throw new Fail(`${path}.ports`, 'expected a list of ports');
      if (rr.ports.length) {
        const parsed = rr.ports.map((p: unknown, i: number) =>
          k8sPort(p, `${path}.ports[${i}]`),
        );
        ports = parsed.map((p: { port: NetpolPortMatch }) => p.port);
        portProtocols = parsed.map((p: { protocol: string }) => p.protocol);
      }
    }
    const rule: Omit<NetpolRule, 'text'> = {
      direction,
      index,
      action: 'Allow',
      ...(peers ? { peers } : {}),
      ...(ports ? { ports, portProtocols } : {}),
      path,
    };
    return { ...rule, text: describeRule(rule) };
  });
}

function metaOf(object: KubernetesObject) {
  if (!isRecord(object.metadata) || typeof object.metadata.name !== 'string') {
    throw new NetpolObjectError(
      object.kind,
      undefined,
      '',
      'metadata.name',
      'missing',
    );
  }
  return object.metadata;
}

/** The kind a staged kind stands for. */
export const STAGED_KINDS: Record<string, string> = {
  StagedNetworkPolicy: 'NetworkPolicy',
  StagedGlobalNetworkPolicy: 'GlobalNetworkPolicy',
  StagedKubernetesNetworkPolicy: 'NetworkPolicy',
};

/**
 * Normalises one policy object (Kubernetes `NetworkPolicy`, Calico `NetworkPolicy`,
 * `GlobalNetworkPolicy` and their `Staged*` kinds, `AdminNetworkPolicy` and
 * `BaselineAdminNetworkPolicy`); undefined for other kinds.
 *
 * @throws NetpolObjectError naming the object and the field when malformed.
 * @public
 */
export function normalizeNetpolPolicy(
  object: KubernetesObject,
): NetpolPolicy | undefined {
  const group = apiGroupOf(object);
  const calico = CALICO_API_GROUPS.includes(group);
  const k8s = group === 'networking.k8s.io' && object.kind === 'NetworkPolicy';
  const calicoKinds = [
    'NetworkPolicy',
    'GlobalNetworkPolicy',
    'StagedNetworkPolicy',
    'StagedGlobalNetworkPolicy',
  ];
  const stagedK8s = calico && object.kind === 'StagedKubernetesNetworkPolicy';
  const admin =
    group === ADMIN_POLICY_GROUP &&
    (object.kind === 'AdminNetworkPolicy' ||
      object.kind === 'BaselineAdminNetworkPolicy');
  if (
    !admin &&
    !k8s &&
    !stagedK8s &&
    !(calico && calicoKinds.includes(object.kind))
  )
    return undefined;
  return wrap(object, () => {
    const meta = metaOf(object);
    const spec =
      object.spec === undefined || object.spec === null ? {} : object.spec;
    if (!isRecord(spec)) throw new Fail('spec', 'expected an object');
    const staged = object.kind.startsWith('Staged');
    let stagedAction: 'Set' | 'Delete' | undefined;
    if (staged) {
      stagedAction = spec.stagedAction ?? 'Set';
      if (stagedAction !== 'Set' && stagedAction !== 'Delete')
        throw new Fail('spec.stagedAction', 'expected Set or Delete');
    }
    const base = {
      id: `${object.apiVersion ?? ''}/${object.kind}/${meta.namespace ?? ''}/${
        meta.name
      }`,
      apiVersion: object.apiVersion ?? '',
      kind: object.kind,
      name: meta.name,
      staged,
      ...(stagedAction ? { stagedAction } : {}),
      object,
    };
    if (admin) return normalizeAdminPolicy(object, base);
    if (k8s || stagedK8s) {
      const namespace = meta.namespace ?? 'default';
      if (spec.podSelector === undefined && !staged) {
        throw new Fail(
          'spec.podSelector',
          'required (use {} to select every pod of the namespace)',
        );
      }
      const subjectSelector = andNodes(
        orchestratorK8s,
        labelSelectorToNode(spec.podSelector, 'spec.podSelector'),
      );
      let types: NetpolDirection[];
      if (spec.policyTypes !== undefined && spec.policyTypes !== null) {
        if (!Array.isArray(spec.policyTypes))
          throw new Fail('spec.policyTypes', 'expected a list');
        types = spec.policyTypes.map((t: unknown, i: number) => {
          if (t === 'Ingress' || t === 'Egress')
            return t.toLowerCase() as NetpolDirection;
          throw new Fail(
            `spec.policyTypes[${i}]`,
            `expected Ingress or Egress, got ${JSON.stringify(t)}`,
          );
        });
      } else {
        // Kubernetes API: policyTypes defaults to Ingress, plus Egress when the policy
        // has egress rules (NetworkPolicySpec.policyTypes).
        types = ['ingress'];
        if (Array.isArray(spec.egress) && spec.egress.length > 0)
          types.push('egress');
      }
      return {
        ...base,
        namespace,
        flavor: 'kubernetes',
        tier: 'default',
        order: KUBERNETES_POLICY_ORDER,
        subject: { selector: subjectSelector, namespace },
        types,
        ingress: k8sRules(spec, 'ingress', namespace),
        egress: k8sRules(spec, 'egress', namespace),
      } as NetpolPolicy;
    }
    const global = object.kind.includes('Global');
    const namespace = global ? undefined : meta.namespace ?? 'default';
    const subject: NetpolPeerMatch = {
      selector: selectorAt(spec.selector, 'spec.selector') ?? { type: 'all' },
    };
    if (namespace) subject.namespace = namespace;
    if (global) {
      const ns = selectorAt(spec.namespaceSelector, 'spec.namespaceSelector');
      if (ns) subject.namespaceSelector = ns;
    }
    const sa = selectorAt(
      spec.serviceAccountSelector,
      'spec.serviceAccountSelector',
    );
    if (sa) subject.serviceAccountSelector = sa;
    if (
      spec.tier !== undefined &&
      (typeof spec.tier !== 'string' || spec.tier === '')
    )
      throw new Fail('spec.tier', 'expected a tier name');
    return {
      ...base,
      ...(namespace ? { namespace } : {}),
      flavor: 'calico',
      tier: spec.tier ?? 'default',
      order: orderAt(spec.order, 'spec.order'),
      subject,
      types: calicoTypes(spec),
      ingress: calicoRules(spec, 'ingress', namespace),
      egress: calicoRules(spec, 'egress', namespace),
    } as NetpolPolicy;
  });
}

function labelsOf(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value))
    if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

function portsOf(spec: any): NetpolContainerPort[] {
  const out: NetpolContainerPort[] = [];
  for (const list of [spec?.containers, spec?.initContainers]) {
    if (!Array.isArray(list)) continue;
    for (const c of list) {
      if (!isRecord(c) || !Array.isArray(c.ports)) continue;
      for (const p of c.ports) {
        if (!isRecord(p) || typeof p.containerPort !== 'number') continue;
        out.push({
          ...(typeof p.name === 'string' ? { name: p.name } : {}),
          port: p.containerPort,
          protocol:
            typeof p.protocol === 'string' ? p.protocol.toUpperCase() : 'TCP',
        });
      }
    }
  }
  return out;
}

function templateLabels(object: KubernetesObject): unknown {
  const spec = object.spec as any;
  if (object.kind === 'Pod') return object.metadata.labels;
  if (object.kind === 'CronJob')
    return spec?.jobTemplate?.spec?.template?.metadata?.labels;
  return spec?.template?.metadata?.labels;
}

const OWNED_KINDS = new Set(['Pod', 'ReplicaSet', 'Job']);

/** Sort key of a tier: order (nil last), then name. */
export function compareTiers(a: NetpolTier, b: NetpolTier): number {
  if (a.order !== b.order) {
    if (a.order === null) return 1;
    if (b.order === null) return -1;
    return a.order - b.order;
  }
  return compareText(a.name, b.name);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The name Calico sorts a policy by within its tier. */
function sortName(p: NetpolPolicy): string {
  const name = p.flavor === 'kubernetes' ? `knp.default.${p.name}` : p.name;
  return p.namespace ? `${p.namespace}/${name}` : name;
}

/** Orders policies as Felix does: tier order, then policy order (nil last), then name. */
export function sortPolicies(
  policies: NetpolPolicy[],
  tiers: Map<string, NetpolTier>,
): NetpolPolicy[] {
  const tierOf = (p: NetpolPolicy) =>
    tiers.get(p.tier) ?? {
      name: p.tier,
      order: null,
      defaultAction: 'Deny' as const,
    };
  return [...policies].sort((a, b) => {
    const t = compareTiers(tierOf(a), tierOf(b));
    if (t) return t;
    if (a.order !== b.order) {
      if (a.order === null) return 1;
      if (b.order === null) return -1;
      return a.order - b.order;
    }
    const an = sortName(a);
    const bn = sortName(b);
    return compareText(an, bn);
  });
}

/** The implicit default tier. */
export const DEFAULT_TIER: NetpolTier = {
  name: 'default',
  order: DEFAULT_TIER_ORDER,
  defaultAction: 'Deny',
};

/**
 * Builds the engine's model from plain parsed objects. Unknown kinds are listed in
 * `ignored`; Pods owned by a workload that is also present are folded into it.
 *
 * @throws NetpolObjectError for a malformed object (unless `strict: false`).
 * @public
 */
export function buildNetpolModel(
  objects: readonly KubernetesObject[],
  options: BuildNetpolModelOptions = {},
): NetpolModel {
  const strict = options.strict ?? true;
  const model: NetpolModel = {
    endpoints: [],
    namespaces: new Map(),
    serviceAccounts: new Map(),
    networkSets: [],
    tiers: new Map([['default', DEFAULT_TIER]]),
    policies: [],
    stagedPolicies: [],
    ignored: [],
    errors: [],
  };
  const present = new Set<string>();
  for (const o of objects) {
    if (o && isRecord(o.metadata))
      present.add(
        `${o.metadata.namespace ?? 'default'}/${o.kind}/${o.metadata.name}`,
      );
  }
  const ownerPresent = (o: KubernetesObject, ns: string): boolean =>
    (o.metadata.ownerReferences ?? []).some(ref => {
      if (present.has(`${ns}/${ref.kind}/${ref.name}`)) return true;
      // Pods of a Deployment are owned by `<deployment>-<hash>` ReplicaSets.
      if (ref.kind === 'ReplicaSet')
        return present.has(
          `${ns}/Deployment/${ref.name.replace(/-[a-z0-9]+$/, '')}`,
        );
      return false;
    });
  const ensureNamespace = (
    name: string,
    labels: Record<string, string> = {},
  ) => {
    const existing = model.namespaces.get(name);
    const merged: NetpolNamespace = {
      name,
      // kubernetes.io/metadata.name is set by the API server (1.21+); Calico adds projectcalico.org/name.
      labels: {
        ...(existing?.labels ?? {}),
        ...labels,
        'kubernetes.io/metadata.name': name,
        [NAME_LABEL]: name,
      },
    };
    model.namespaces.set(name, merged);
  };
  const enforcedById = new Map<string, NetpolPolicy>();
  const stagedById = new Map<string, NetpolPolicy>();
  for (const object of objects) {
    try {
      if (!object || typeof object.kind !== 'string') continue;
      const group = apiGroupOf(object);
      const policy = normalizeNetpolPolicy(object);
      if (policy) {
        const byId = policy.staged ? stagedById : enforcedById;
        // A later object with the same kind, namespace and name replaces the earlier one,
        // as applying both would (and takes its place at the end, as before). A map, so
        // that thousands of policies are not compared with each other.
        if (byId.has(policy.id)) {
          model.ignored.push({
            kind: policy.kind,
            namespace: policy.namespace,
            name: policy.name,
            reason:
              'superseded by a later object with the same kind, namespace and name',
          });
          byId.delete(policy.id);
        }
        byId.set(policy.id, policy);
        if (policy.namespace) ensureNamespace(policy.namespace);
        continue;
      }
      const meta = metaOf(object);
      if (
        CALICO_API_GROUPS.includes(group) &&
        (object.kind === 'NetworkSet' || object.kind === 'GlobalNetworkSet')
      ) {
        wrap(object, () => {
          const spec = isRecord(object.spec) ? object.spec : {};
          const set: NetpolNetworkSet = {
            kind: object.kind as NetpolNetworkSet['kind'],
            name: meta.name,
            labels: labelsOf(meta.labels),
            nets: netsAt(spec.nets, 'spec.nets') ?? [],
          };
          if (object.kind === 'NetworkSet') {
            set.namespace = meta.namespace ?? 'default';
            ensureNamespace(set.namespace);
          }
          model.networkSets.push(set);
        });
        continue;
      }
      if (CALICO_API_GROUPS.includes(group) && object.kind === 'Tier') {
        wrap(object, () => {
          const spec = isRecord(object.spec) ? object.spec : {};
          const action = spec.defaultAction ?? 'Deny';
          if (action !== 'Deny' && action !== 'Pass')
            throw new Fail('spec.defaultAction', 'expected Deny or Pass');
          const order =
            meta.name === 'default'
              ? DEFAULT_TIER_ORDER
              : orderAt(spec.order, 'spec.order');
          model.tiers.set(meta.name, {
            name: meta.name,
            order,
            defaultAction: action,
          });
        });
        continue;
      }
      if (group === '' && object.kind === 'Namespace') {
        ensureNamespace(meta.name, labelsOf(meta.labels));
        continue;
      }
      if (group === '' && object.kind === 'ServiceAccount') {
        const namespace = meta.namespace ?? 'default';
        const sa: NetpolServiceAccount = {
          namespace,
          name: meta.name,
          labels: { ...labelsOf(meta.labels), [NAME_LABEL]: meta.name },
        };
        model.serviceAccounts.set(`${namespace}/${meta.name}`, sa);
        continue;
      }
      const spec = podSpecOf(object);
      if (
        spec !== undefined ||
        [
          'Pod',
          'Deployment',
          'StatefulSet',
          'DaemonSet',
          'ReplicaSet',
          'Job',
          'CronJob',
        ].includes(object.kind)
      ) {
        const namespace = meta.namespace ?? 'default';
        if (OWNED_KINDS.has(object.kind) && ownerPresent(object, namespace))
          continue;
        if (
          object.kind === 'Pod' &&
          ['Succeeded', 'Failed'].includes((object.status as any)?.phase)
        )
          continue;
        const s: any = spec ?? {};
        const status: any = object.status ?? {};
        const ips: string[] = [];
        if (object.kind === 'Pod') {
          if (Array.isArray(status.podIPs))
            status.podIPs.forEach(
              (p: any) => typeof p?.ip === 'string' && ips.push(p.ip),
            );
          else if (typeof status.podIP === 'string') ips.push(status.podIP);
        }
        const endpoint: NetpolEndpoint = {
          id: `${namespace}/${object.kind}/${meta.name}`,
          namespace,
          name: meta.name,
          kind: object.kind,
          labels: labelsOf(templateLabels(object)),
          serviceAccount: s.serviceAccountName || s.serviceAccount || 'default',
          ports: portsOf(s),
          ips,
          index: model.endpoints.length,
        };
        model.endpoints.push(endpoint);
        ensureNamespace(namespace);
        continue;
      }
      model.ignored.push({
        kind: object.kind,
        namespace: meta.namespace,
        name: meta.name,
        reason: 'kind not modelled by the network-policy engine',
      });
    } catch (e) {
      if (strict || !(e instanceof NetpolObjectError)) throw e;
      model.errors.push(e);
    }
  }
  const policies = [...enforcedById.values()];
  model.stagedPolicies = [...stagedById.values()];
  // Calico's fixed tiers for the cluster guardrails, whatever Tier objects say.
  if (policies.some(p => p.flavor === 'admin'))
    model.tiers.set(ADMIN_TIER.name, ADMIN_TIER);
  if (policies.some(p => p.flavor === 'baseline-admin'))
    model.tiers.set(BASELINE_ADMIN_TIER.name, BASELINE_ADMIN_TIER);
  model.policies = sortPolicies(policies, model.tiers);
  return model;
}
