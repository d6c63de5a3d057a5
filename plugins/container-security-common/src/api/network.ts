import { SourceStatus } from './types';

/**
 * The direction of traffic, seen from the pods a policy selects.
 *
 * @public
 */
export type NetworkDirection = 'ingress' | 'egress';

/**
 * A port or port range of one protocol; no `port` means every port of the protocol,
 * and protocol `any` means every protocol.
 *
 * @public
 */
export interface NetworkPortRange {
  protocol: string;
  /** A number, or a named port as the policy wrote it. */
  port?: number | string;
  endPort?: number;
}

/**
 * One rule of a policy, in words.
 *
 * @public
 */
export interface NetworkPolicyRuleView {
  direction: NetworkDirection;
  /** 0-based position among the rules of its direction. */
  index: number;
  /** Kubernetes rules always allow; Calico rules say so. */
  action: 'Allow' | 'Deny' | 'Pass' | 'Log';
  /** The rule in one sentence, such as "Allow TCP 8080 from pods app=web in namespace shop". */
  text: string;
}

/**
 * A policy that selects the service's pods (or that a what-if adds).
 *
 * @public
 */
export interface NetworkPolicyView {
  /** `<apiVersion>/<kind>/<namespace>/<name>`; stable within one answer. */
  id: string;
  apiVersion: string;
  kind: string;
  /** Undefined for cluster-wide kinds (GlobalNetworkPolicy). */
  namespace?: string;
  name: string;
  /**
   * `admin`: an AdminNetworkPolicy, `baseline-admin`: the BaselineAdminNetworkPolicy
   * (policy.networking.k8s.io) — cluster guardrails evaluated before (by priority) and
   * after the namespaced policies.
   */
  flavor: 'kubernetes' | 'calico' | 'admin' | 'baseline-admin';
  /**
   * Calico tier (`default` when none) and order; for an AdminNetworkPolicy its
   * priority as `order`; undefined for Kubernetes policies.
   */
  tier?: string;
  order?: number;
  /** The directions the policy applies to. */
  directions: NetworkDirection[];
  rules: NetworkPolicyRuleView[];
  /** The policy as YAML, for reading and copying. */
  yaml: string;
}

/**
 * Whether the service's pods are isolated in one direction: once a policy selects them
 * for that direction, only what a policy allows gets through.
 *
 * @public
 */
export interface NetworkIsolationView {
  isolated: boolean;
  /** Ids of the policies that select the pods for the direction. */
  policies: string[];
}

/**
 * Who can reach the service, or whom it can reach: a workload, a whole namespace (its
 * workloads grouped), an address range, or anything at all.
 *
 * @public
 */
export interface NetworkPeerView {
  /** Stable key of the peer (not of its ports). */
  key: string;
  type: 'workload' | 'namespace' | 'cidr' | 'anywhere';
  cluster?: string;
  namespace?: string;
  /** For workloads: `Deployment`, `StatefulSet`, … */
  workloadKind?: string;
  name?: string;
  /** For address ranges: the CIDR, or the network set's name with its CIDRs. */
  cidr?: string;
  /** The catalog entity that owns the workload, when one is known. */
  entityRef?: string;
  /** The ports and protocols allowed; empty when none are. */
  ports: NetworkPortRange[];
  /** Ids of the policies whose rules allow the flow, empty when a default allowed it. */
  policies: string[];
  /** Workloads a `namespace` peer stands for, when peers are grouped. */
  workloadCount?: number;
}

/**
 * Something worth fixing in how the service is isolated.
 *
 * @public
 */
export interface NetworkFindingView {
  id:
    | 'not-isolated'
    | 'allow-all'
    | 'egress-anywhere'
    | 'selects-nothing'
    | 'shadowed-rule'
    | string;
  severity: 'critical' | 'high' | 'medium' | 'low' | 'info';
  message: string;
  /** The policy it is about, if any. */
  policy?: string;
  direction?: NetworkDirection;
  /** 0-based rule position within its direction, for rule findings. */
  rule?: number;
}

/**
 * A node of the flow graph around a service.
 *
 * @public
 */
export interface NetworkGraphNode {
  id: string;
  label: string;
  type: 'service' | 'workload' | 'namespace' | 'cidr' | 'anywhere';
  namespace?: string;
}

/**
 * An allowed flow between two nodes (direction of the connection).
 *
 * @public
 */
export interface NetworkGraphEdge {
  from: string;
  to: string;
  /** Ports in words, such as `TCP 8080`. */
  label: string;
}

/**
 * `GET /entities/:namespace/:kind/:name/network`.
 *
 * @public
 */
export interface EntityNetworkResponse {
  entityRef: string;
  /** `Kind/namespace/name` of the entity's workloads the answer is about. */
  workloads: string[];
  policies: NetworkPolicyView[];
  isolation: Record<NetworkDirection, NetworkIsolationView>;
  /** Who can open connections to the service. */
  reachableFrom: NetworkPeerView[];
  /** Whom the service can open connections to. */
  reachableTo: NetworkPeerView[];
  findings: NetworkFindingView[];
  graph: { nodes: NetworkGraphNode[]; edges: NetworkGraphEdge[] };
  sources: SourceStatus[];
}

/**
 * `POST /entities/:namespace/:kind/:name/network/what-if`: one or more policies as YAML
 * or JSON text (several YAML documents allowed). Nothing is applied to any cluster.
 *
 * @public
 */
export interface NetworkWhatIfRequest {
  policy: string;
}

/**
 * Peers gained and lost in one direction.
 *
 * @public
 */
export interface NetworkPeerDelta {
  added: NetworkPeerView[];
  removed: NetworkPeerView[];
  /** Peers kept, whose allowed ports changed (the new ports). */
  changed: Array<NetworkPeerView & { previousPorts: NetworkPortRange[] }>;
}

/**
 * What the pasted policies would change in the service's exposure.
 *
 * @public
 */
export interface NetworkWhatIfResponse {
  entityRef: string;
  /** Always false: a what-if is computed, never applied. */
  applied: false;
  /** The pasted policies, as the network section renders policies. */
  policies: NetworkPolicyView[];
  /** Ids of existing policies the pasted ones replace (same kind, namespace and name). */
  replaces: string[];
  /** Whether the pasted policies select the service's pods at all. */
  selectsService: boolean;
  isolation: {
    before: Record<NetworkDirection, NetworkIsolationView>;
    after: Record<NetworkDirection, NetworkIsolationView>;
  };
  reachableFrom: NetworkPeerDelta;
  reachableTo: NetworkPeerDelta;
  findings: { added: NetworkFindingView[]; removed: NetworkFindingView[] };
}
