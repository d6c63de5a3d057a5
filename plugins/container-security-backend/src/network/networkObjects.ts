import {
  apiGroupOf,
  CALICO_API_GROUPS,
  isAdminNetworkPolicyObject,
  KubernetesObject,
} from '@containersec/plugin-container-security-node';

const CALICO_KINDS = new Set([
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'StagedNetworkPolicy',
  'StagedGlobalNetworkPolicy',
  'StagedKubernetesNetworkPolicy',
  'NetworkSet',
  'GlobalNetworkSet',
  'Tier',
]);
/** Kinds whose pods the policies select, by API group. */
const WORKLOAD_KINDS: Record<string, Set<string>> = {
  '': new Set(['Pod']),
  apps: new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']),
  batch: new Set(['Job', 'CronJob']),
};

/** Whether the network engine needs the object. */
export function isNetworkObject(object: KubernetesObject): boolean {
  if (isAdminNetworkPolicyObject(object)) return true;
  const group = apiGroupOf(object);
  if (CALICO_API_GROUPS.includes(group)) return CALICO_KINDS.has(object.kind);
  if (group === 'networking.k8s.io') return object.kind === 'NetworkPolicy';
  if (group === '' && ['Namespace', 'ServiceAccount'].includes(object.kind)) {
    return true;
  }
  return WORKLOAD_KINDS[group]?.has(object.kind) ?? false;
}

const asRecord = (v: unknown): Record<string, any> =>
  v && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, any>)
    : {};
const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);

/** What a policy can match on in a pod spec: its service account, ports and host network. */
function trimPodSpec(spec: unknown): Record<string, unknown> {
  const s = asRecord(spec);
  const containers = (list: unknown) =>
    asArray(list).map(c => ({
      name: asRecord(c).name,
      ...(asRecord(c).ports ? { ports: asArray(asRecord(c).ports) } : {}),
    }));
  return {
    ...(s.serviceAccountName !== undefined
      ? { serviceAccountName: s.serviceAccountName }
      : {}),
    ...(s.serviceAccount !== undefined
      ? { serviceAccount: s.serviceAccount }
      : {}),
    ...(s.hostNetwork !== undefined ? { hostNetwork: s.hostNetwork } : {}),
    containers: containers(s.containers),
    ...(s.initContainers
      ? { initContainers: containers(s.initContainers) }
      : {}),
  };
}

function trimTemplate(template: unknown) {
  const t = asRecord(template);
  return {
    metadata: { labels: asRecord(asRecord(t.metadata).labels) },
    spec: trimPodSpec(t.spec),
  };
}

/**
 * The object as stored for the network engine: policies, sets, namespaces and service
 * accounts whole (less server bookkeeping); workloads and pods only with what policies
 * match on (labels, service account, ports, pod IPs), which keeps a large cluster small.
 */
export function trimNetworkObject(object: KubernetesObject): KubernetesObject {
  const {
    managedFields: _managedFields,
    annotations,
    ...metadata
  } = object.metadata;
  const kept = { ...(annotations ?? {}) };
  delete kept['kubectl.kubernetes.io/last-applied-configuration'];
  const isWorkload = WORKLOAD_KINDS[apiGroupOf(object)]?.has(object.kind);
  if (!isWorkload) {
    return {
      ...object,
      metadata: {
        ...metadata,
        ...(Object.keys(kept).length ? { annotations: kept } : {}),
      },
    };
  }
  const spec = asRecord(object.spec);
  const status = asRecord(object.status);
  let trimmedSpec: Record<string, unknown>;
  if (object.kind === 'Pod') trimmedSpec = trimPodSpec(spec);
  else if (object.kind === 'CronJob') {
    trimmedSpec = {
      jobTemplate: {
        spec: {
          template: trimTemplate(
            asRecord(asRecord(spec.jobTemplate).spec).template,
          ),
        },
      },
    };
  } else trimmedSpec = { template: trimTemplate(spec.template) };
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name: metadata.name,
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
      // Ownership is matched by uid too (a re-created owner is not the old one's).
      ...(metadata.uid ? { uid: metadata.uid } : {}),
      ...(metadata.labels ? { labels: metadata.labels } : {}),
      ...(metadata.ownerReferences
        ? {
            ownerReferences: metadata.ownerReferences.map(o => ({
              kind: o.kind,
              name: o.name,
              ...(o.uid ? { uid: o.uid } : {}),
            })),
          }
        : {}),
    },
    spec: trimmedSpec,
    ...(object.kind === 'Pod' && (status.podIP || status.podIPs)
      ? {
          status: {
            ...(status.podIP ? { podIP: status.podIP } : {}),
            ...(status.podIPs ? { podIPs: status.podIPs } : {}),
          },
        }
      : {}),
  };
}
