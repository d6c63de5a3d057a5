import {
  ADMIN_POLICY_GROUP,
  CALICO_CRD_GROUP,
  CALICO_V3_GROUP,
} from '@containersec/plugin-container-security-node';

/**
 * One Kubernetes resource type the source lists, cluster-wide.
 */
export interface KubernetesResourceType {
  kind: string;
  /** API group; empty for the core group. */
  group: string;
  version: string;
  /** Plural resource name, as used in the list path. */
  plural: string;
  /**
   * A custom resource that many clusters do not serve (Calico's): a 404 only means it is
   * not installed and is not reported; a 403 still is.
   */
  optional?: boolean;
}


/**
 * Calico's policy kinds (with tiers and staged policies), in both forms a cluster may serve them: `projectcalico.org/v3`
 * (the Calico API server) and `crd.projectcalico.org/v1` (the CRDs that back it, or the
 * only form when no API server is installed).
 */
export const CALICO_RESOURCE_TYPES: readonly KubernetesResourceType[] = [
  { group: CALICO_V3_GROUP, version: 'v3' },
  { group: CALICO_CRD_GROUP, version: 'v1' },
].flatMap(({ group, version }) =>
  [
    ['NetworkPolicy', 'networkpolicies'],
    ['GlobalNetworkPolicy', 'globalnetworkpolicies'],
    ['NetworkSet', 'networksets'],
    ['GlobalNetworkSet', 'globalnetworksets'],
    // Tiers order the policies (a custom tier read from the cluster sorts where the
    // cluster puts it, not last); staged policies are shown as what-ifs, never enforced.
    ['Tier', 'tiers'],
    ['StagedNetworkPolicy', 'stagednetworkpolicies'],
    ['StagedGlobalNetworkPolicy', 'stagedglobalnetworkpolicies'],
    ['StagedKubernetesNetworkPolicy', 'stagedkubernetesnetworkpolicies'],
  ].map(([kind, plural]) => ({ kind, group, version, plural, optional: true })),
);

/**
 * The cluster guardrails of the network-policy API (AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy), served where a CNI that implements them (Calico 3.30,
 * OVN-Kubernetes, …) installed their CRDs: optional, like Calico's kinds.
 */
export const ADMIN_POLICY_RESOURCE_TYPES: readonly KubernetesResourceType[] = [
  ['AdminNetworkPolicy', 'adminnetworkpolicies'],
  ['BaselineAdminNetworkPolicy', 'baselineadminnetworkpolicies'],
].map(([kind, plural]) => ({
  kind,
  group: ADMIN_POLICY_GROUP,
  version: 'v1alpha1',
  plural,
  optional: true,
}));

/**
 * What the live source reads from every cluster: the workloads, and what the posture
 * checks relate them to. Namespaces come first, so an unreachable cluster fails fast.
 */
export const KUBERNETES_RESOURCE_TYPES: readonly KubernetesResourceType[] = [
  { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces' },
  { kind: 'Pod', group: '', version: 'v1', plural: 'pods' },
  { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments' },
  { kind: 'StatefulSet', group: 'apps', version: 'v1', plural: 'statefulsets' },
  { kind: 'DaemonSet', group: 'apps', version: 'v1', plural: 'daemonsets' },
  { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets' },
  { kind: 'Job', group: 'batch', version: 'v1', plural: 'jobs' },
  { kind: 'CronJob', group: 'batch', version: 'v1', plural: 'cronjobs' },
  { kind: 'Service', group: '', version: 'v1', plural: 'services' },
  {
    kind: 'Ingress',
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'ingresses',
  },
  {
    kind: 'ServiceAccount',
    group: '',
    version: 'v1',
    plural: 'serviceaccounts',
  },
  {
    kind: 'Role',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'roles',
  },
  {
    kind: 'RoleBinding',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'rolebindings',
  },
  {
    kind: 'ClusterRole',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'clusterroles',
  },
  {
    kind: 'ClusterRoleBinding',
    group: 'rbac.authorization.k8s.io',
    version: 'v1',
    plural: 'clusterrolebindings',
  },
  {
    kind: 'PodDisruptionBudget',
    group: 'policy',
    version: 'v1',
    plural: 'poddisruptionbudgets',
  },
  {
    kind: 'HorizontalPodAutoscaler',
    group: 'autoscaling',
    version: 'v2',
    plural: 'horizontalpodautoscalers',
  },
  {
    kind: 'NetworkPolicy',
    group: 'networking.k8s.io',
    version: 'v1',
    plural: 'networkpolicies',
  },
  ...CALICO_RESOURCE_TYPES,
  ...ADMIN_POLICY_RESOURCE_TYPES,
];

/** `v1`, `apps/v1`, … as objects of the type carry it. */
export function apiVersionOf(type: KubernetesResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** The all-namespaces list path, relative to the API server url. */
export function listPathOf(type: KubernetesResourceType): string {
  return type.group
    ? `/apis/${type.group}/${type.version}/${type.plural}`
    : `/api/${type.version}/${type.plural}`;
}

/** `pods`, `clusterrolebindings.rbac.authorization.k8s.io`, … as kubectl names them. */
export function resourceNameOf(type: KubernetesResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}
