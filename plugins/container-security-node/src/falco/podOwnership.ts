/**
 * How the controllers that run pods name them. Kubernetes appends generated suffixes
 * to the owner's name; recognising them is how a pod name in a Falco event leads back
 * to the workload the suite knows.
 */

// ReplicaSets and the pods they create use Kubernetes' "safe encode" alphabet
// (no vowels, no 0/1/3) for generated suffixes.
const SAFE = '[bcdfghjklmnpqrstvwxz2456789]';
const POD_SUFFIX = `${SAFE}{5}`;
const TEMPLATE_HASH = `${SAFE}{1,10}`;

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The pattern a pod name follows when the given workload owns it, or undefined for
 * kinds that run no pods of their own.
 */
function podNamePattern(kind: string, name: string): RegExp | undefined {
  const n = escape(name);
  switch (kind) {
    case 'Deployment':
      // Deployment → ReplicaSet `<name>-<pod-template-hash>` → pod `<rs>-<5>`.
      return new RegExp(`^${n}-${TEMPLATE_HASH}-${POD_SUFFIX}$`);
    case 'StatefulSet':
      return new RegExp(`^${n}-\\d+$`);
    case 'DaemonSet':
    case 'ReplicaSet':
      return new RegExp(`^${n}-${POD_SUFFIX}$`);
    case 'Job':
      // Indexed Jobs add the completion index before the random suffix.
      return new RegExp(`^${n}-(\\d+-)?${POD_SUFFIX}$`);
    case 'CronJob':
      // CronJob → Job `<name>-<scheduled minutes since epoch>` → pod.
      return new RegExp(`^${n}-\\d{6,}-(\\d+-)?${POD_SUFFIX}$`);
    case 'Pod':
      return new RegExp(`^${n}$`);
    default:
      return undefined;
  }
}

/**
 * A test for pod names owned by one workload, compiled once for many alerts.
 *
 * @public
 */
export function podNameMatcher(workload: {
  kind: string;
  name: string;
}): (podName: string) => boolean {
  const pattern = podNamePattern(workload.kind, workload.name);
  if (!pattern) return () => false;
  return podName => podName.startsWith(workload.name) && pattern.test(podName);
}

/**
 * Whether a pod with this name belongs to a workload of this kind and name.
 *
 * @public
 */
export function podBelongsToWorkload(
  podName: string,
  workload: { kind: string; name: string },
): boolean {
  return podNameMatcher(workload)(podName);
}
