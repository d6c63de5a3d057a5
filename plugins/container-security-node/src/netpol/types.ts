import { KubernetesObject } from '../manifests/types';
import { SelectorNode } from './selector';

/**
 * The direction of a connection as seen from the endpoint a policy selects.
 *
 * @public
 */
export type NetpolDirection = 'ingress' | 'egress';

/**
 * What a Calico rule does when it matches. Kubernetes rules always `Allow`.
 *
 * @public
 */
export type NetpolAction = 'Allow' | 'Deny' | 'Pass' | 'Log';

/**
 * A container port a pod declares; `name` makes it usable as a named port.
 *
 * @public
 */
export interface NetpolContainerPort {
  name?: string;
  port: number;
  /** Upper-case protocol, `TCP` when the manifest leaves it out. */
  protocol: string;
}

/**
 * A pod, or the pod template of a workload, as policies see it.
 *
 * @public
 */
export interface NetpolEndpoint {
  /** `<namespace>/<Kind>/<name>` of the Pod or workload; unique in a model. */
  id: string;
  namespace: string;
  /** The Pod's or the workload's name. */
  name: string;
  /** `Pod`, `Deployment`, `StatefulSet`, … */
  kind: string;
  /** The pod's own labels (pod template labels for workloads). */
  labels: Record<string, string>;
  /** `spec.serviceAccountName`, `default` when unset. */
  serviceAccount: string;
  ports: NetpolContainerPort[];
  /** Pod IPs when known (`status.podIPs`); nets/ipBlock rules match them. */
  ips: string[];
  /** Index in {@link NetpolModel.endpoints}. */
  index: number;
}

/**
 * A namespace with its labels, including `kubernetes.io/metadata.name` that the API
 * server sets and `projectcalico.org/name` that Calico adds.
 *
 * @public
 */
export interface NetpolNamespace {
  name: string;
  labels: Record<string, string>;
}

/**
 * A service account with its labels (what Calico's service-account selectors match).
 *
 * @public
 */
export interface NetpolServiceAccount {
  namespace: string;
  name: string;
  labels: Record<string, string>;
}

/**
 * A Calico `NetworkSet` (namespaced) or `GlobalNetworkSet`: labelled CIDRs that rule
 * selectors match like endpoints.
 *
 * @public
 */
export interface NetpolNetworkSet {
  kind: 'NetworkSet' | 'GlobalNetworkSet';
  namespace?: string;
  name: string;
  labels: Record<string, string>;
  nets: string[];
}

/**
 * A Calico tier. `default` exists implicitly with order 1,000,000.
 *
 * @public
 */
export interface NetpolTier {
  name: string;
  /** `null` sorts last (Calico: "no value indicates highest order"). */
  order: number | null;
  /** What happens when the tier selected the endpoint but no rule matched. */
  defaultAction: 'Deny' | 'Pass';
}

/**
 * A port match of a rule: one number, a range, or a name resolved against the
 * endpoint whose port it is.
 *
 * @public
 */
export type NetpolPortMatch =
  | { type: 'range'; from: number; to: number }
  | { type: 'named'; name: string };

/**
 * One side of a rule ("who"): matches when any of its peers matches; undefined
 * `peers` matches everything (any pod, any address).
 *
 * @public
 */
export interface NetpolPeerMatch {
  /** Endpoint/network-set label selector. */
  selector?: SelectorNode;
  notSelector?: SelectorNode;
  /** Namespace label selector; with neither this nor `sameNamespace`, any namespace (and non-namespaced sets). */
  namespaceSelector?: SelectorNode;
  /** Limit to this namespace (namespaced policies' implicit scope). */
  namespace?: string;
  /** Calico `serviceAccounts.names` (within the peer's namespace scope). */
  serviceAccountNames?: string[];
  /** Calico `serviceAccounts.selector` over service-account labels. */
  serviceAccountSelector?: SelectorNode;
  /** CIDRs the address must be in (any of). */
  nets?: string[];
  /** CIDRs the address must not be in. */
  notNets?: string[];
}

/**
 * A normalised rule of either flavour.
 *
 * @public
 */
export interface NetpolRule {
  direction: NetpolDirection;
  /** 0-based position among the policy's rules of this direction. */
  index: number;
  action: NetpolAction;
  /** Upper-case protocol name or number as text; undefined = any protocol. */
  protocol?: string;
  notProtocol?: string;
  /** Who the remote side may be (source for ingress, destination for egress). */
  peers?: NetpolPeerMatch[];
  /** Constraints on the local endpoint's side in Calico (destination for ingress, source for egress). */
  localPeer?: NetpolPeerMatch;
  /** Destination ports (any of); undefined = all ports. Kubernetes ports are per protocol, see `portProtocols`. */
  ports?: NetpolPortMatch[];
  notPorts?: NetpolPortMatch[];
  /** Source ports (Calico `source.ports`). */
  sourcePorts?: NetpolPortMatch[];
  sourceNotPorts?: NetpolPortMatch[];
  /**
   * Kubernetes only: each port entry carries its own protocol; when set, entry i of
   * `ports` applies to protocol `portProtocols[i]` (and `protocol` is undefined).
   */
  portProtocols?: string[];
  /** The rule in one sentence. */
  text: string;
  /** JSON path of the rule in its object, e.g. `spec.ingress[0]`. */
  path: string;
}

/**
 * A normalised Kubernetes or Calico policy.
 *
 * @public
 */
export interface NetpolPolicy {
  /** `<apiVersion>/<kind>/<namespace>/<name>` (empty namespace for global kinds). */
  id: string;
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  /**
   * `admin` for AdminNetworkPolicy and `baseline-admin` for BaselineAdminNetworkPolicy
   * (policy.networking.k8s.io): cluster guardrails evaluated before, and after, the rest.
   */
  flavor: 'kubernetes' | 'calico' | 'admin' | 'baseline-admin';
  /** Calico staged kinds are recorded, never enforced. */
  staged: boolean;
  /** For staged kinds: `Set` (default) or `Delete`. */
  stagedAction?: 'Set' | 'Delete';
  /** `default` for Kubernetes policies and Calico policies without a tier. */
  tier: string;
  /**
   * Kubernetes policies take 1000, as Calico places them; an AdminNetworkPolicy its
   * priority. `null` sorts last.
   */
  order: number | null;
  /** Which endpoints it applies to (its namespace scope included). */
  subject: NetpolPeerMatch;
  types: NetpolDirection[];
  ingress: NetpolRule[];
  egress: NetpolRule[];
  /** The object as read. */
  object: KubernetesObject;
}

/**
 * Everything the evaluator needs, built once by {@link buildNetpolModel}.
 *
 * @public
 */
export interface NetpolModel {
  endpoints: NetpolEndpoint[];
  namespaces: Map<string, NetpolNamespace>;
  serviceAccounts: Map<string, NetpolServiceAccount>;
  networkSets: NetpolNetworkSet[];
  tiers: Map<string, NetpolTier>;
  /** Enforced policies in evaluation order (tier order, policy order, name). */
  policies: NetpolPolicy[];
  /** Staged policies (not enforced). */
  stagedPolicies: NetpolPolicy[];
  /** Objects that were skipped, with why (kinds the engine does not model). */
  ignored: Array<{
    kind: string;
    namespace?: string;
    name: string;
    reason: string;
  }>;
  /** Errors of malformed objects when built with `{ strict: false }`. */
  errors: NetpolObjectError[];
}

/**
 * A malformed policy (or other network object): names the object and the field.
 *
 * @public
 */
export class NetpolObjectError extends Error {
  constructor(
    readonly objectKind: string,
    readonly objectNamespace: string | undefined,
    readonly objectName: string,
    /** Field path such as `spec.ingress[0].ports[1].port`. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(
      `${objectKind} ${
        objectNamespace ? `${objectNamespace}/` : ''
      }${objectName}: ${field}: ${problem}`,
    );
    this.name = 'NetpolObjectError';
  }
}

/**
 * One side of a flow: an endpoint of the model (by id or the object) or an address.
 *
 * @public
 */
export type NetpolPeer = { endpoint: NetpolEndpoint } | { ip: string };

/**
 * A connection to evaluate.
 *
 * @public
 */
export interface NetpolFlow {
  from: NetpolPeer;
  to: NetpolPeer;
  /** Destination port: a number, or a name resolved against the destination pod. */
  port: number | string;
  /** Upper-case protocol, default `TCP`. */
  protocol?: string;
}

/**
 * The verdict of one direction.
 *
 * @public
 */
export interface NetpolDirectionVerdict {
  allowed: boolean;
  /** The policy whose rule (or whose tier's end) decided; null when a default decided. */
  policy: NetpolPolicy | null;
  /** The deciding rule's index within its direction; null for defaults and tier ends. */
  ruleIndex: number | null;
  /** The deciding rule in words, or null. */
  rule: string | null;
  /** Why, in words ("no policy selects the endpoint for egress: allowed", …). */
  reason: string;
  /**
   * `rule` (a rule decided), `admin-policy` (a rule of an AdminNetworkPolicy decided),
   * `baseline-admin-policy` (a rule of the BaselineAdminNetworkPolicy decided),
   * `tier-default` (end of a tier that selected the endpoint), `no-policy` (nothing
   * selects the endpoint), `pass-to-profile` (passed out of the last tier),
   * `not-applicable` (the side is an address outside the model).
   */
  decidedBy:
    | 'rule'
    | 'admin-policy'
    | 'baseline-admin-policy'
    | 'tier-default'
    | 'no-policy'
    | 'pass-to-profile'
    | 'not-applicable';
  /** Tier that decided, when a tier did. */
  tier?: string;
  /** Log rules that matched on the way. */
  logged: Array<{ policy: string; ruleIndex: number }>;
}

/**
 * Whether a flow is allowed: both egress at the source and ingress at the destination.
 *
 * @public
 */
export interface NetpolFlowVerdict {
  allowed: boolean;
  egress: NetpolDirectionVerdict;
  ingress: NetpolDirectionVerdict;
}

/**
 * A port set: `protocol` `ANY` with no port means everything; no `port` means every
 * port of the protocol.
 *
 * @public
 */
export interface NetpolPortRange {
  protocol: string;
  port?: number;
  endPort?: number;
}

/**
 * A peer of a service with the ports allowed to/from it.
 *
 * @public
 */
export interface NetpolExposurePeer {
  /** Stable key: `workload:<ns>/<Kind>/<name>`, `namespace:<ns>`, `cidr:<cidr>`, `anywhere`. */
  key: string;
  type: 'workload' | 'namespace' | 'cidr' | 'anywhere';
  namespace?: string;
  workloadKind?: string;
  name?: string;
  cidr?: string;
  /** Endpoint ids the peer stands for (workload peers). */
  endpointIds?: string[];
  ports: NetpolPortRange[];
  /** Ids of the policies whose Allow rules let it through (empty when a default did). */
  policies: string[];
}

/**
 * A finding about a service's isolation.
 *
 * @public
 */
export interface NetpolFinding {
  id:
    | 'not-isolated'
    | 'allow-all'
    | 'egress-anywhere'
    | 'selects-nothing'
    | 'shadowed-rule';
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  message: string;
  policy?: string;
  direction?: NetpolDirection;
  rule?: number;
}

/**
 * What a set of endpoints (one service) exposes.
 *
 * @public
 */
export interface NetpolExposure {
  endpointIds: string[];
  /** Enforced policies selecting at least one of the endpoints, in evaluation order. */
  policies: NetpolPolicy[];
  isolation: Record<NetpolDirection, { isolated: boolean; policies: string[] }>;
  /** Who can open connections to the endpoints (ports = destination ports). */
  reachableFrom: NetpolExposurePeer[];
  /** Whom the endpoints can open connections to. */
  reachableTo: NetpolExposurePeer[];
  findings: NetpolFinding[];
}

/**
 * Peers gained and lost in one direction by a what-if.
 *
 * @public
 */
export interface NetpolPeerDelta {
  added: NetpolExposurePeer[];
  removed: NetpolExposurePeer[];
  changed: Array<NetpolExposurePeer & { previousPorts: NetpolPortRange[] }>;
}

/**
 * The effect of staged/pasted policies on one service.
 *
 * @public
 */
export interface NetpolWhatIf {
  before: NetpolExposure;
  after: NetpolExposure;
  /** The normalised pasted policies. */
  policies: NetpolPolicy[];
  /** Ids of existing policies replaced (same kind, namespace, name) or deleted. */
  replaces: string[];
  selectsService: boolean;
  reachableFrom: NetpolPeerDelta;
  reachableTo: NetpolPeerDelta;
  findings: { added: NetpolFinding[]; removed: NetpolFinding[] };
}

/**
 * The reachability of every endpoint pair at one port, grouped by endpoint classes
 * (same namespace, labels, service account and ports ⇒ same verdicts).
 *
 * @public
 */
export interface NetpolReachabilityMatrix {
  port: number | string;
  protocol: string;
  /** Each class with the endpoint indexes it stands for. */
  classes: Array<{ endpoints: number[] }>;
  /** Class index of each endpoint. */
  classOf: Int32Array;
  /** Whether a connection from class `from` to class `to` is allowed. */
  allowedClasses(from: number, to: number): boolean;
  /** Whether endpoint `from` may connect to endpoint `to` (indexes in the model). */
  allowed(from: number, to: number): boolean;
  /** Number of allowed endpoint pairs (self-pairs included). */
  allowedPairs: number;
}
