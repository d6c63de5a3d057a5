/**
 * The Kubernetes coordinates of a Falco event, as far as it names them.
 *
 * @public
 */
export interface FalcoKubernetesFields {
  cluster?: string;
  namespace?: string;
  pod?: string;
  container?: string;
  /** Pod labels, when Falco's output carries them. */
  podLabels?: Record<string, string>;
}

// Falco writes `<NA>` (and Sidekick passes null) for fields it could not resolve.
function text(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === '<NA>') return undefined;
  return trimmed;
}

function splitPair(item: string): [string, string] | undefined {
  const at = item.search(/[:=]/);
  if (at <= 0) return undefined;
  const key = item.slice(0, at).trim();
  const value = item.slice(at + 1).trim();
  return key ? [key, value] : undefined;
}

/**
 * Reads `k8s.pod.labels` in the shapes Falco versions render it: an object, a list of
 * `key:value` strings, or one string such as `(app:web, tier:front)`.
 */
function parseLabels(value: unknown): Record<string, string> | undefined {
  if (value === null || value === undefined) return undefined;
  const labels: Record<string, string> = {};
  const add = (item: unknown) => {
    const s = text(item);
    const pair = s ? splitPair(s) : undefined;
    if (pair) labels[pair[0]] = pair[1];
  };
  if (Array.isArray(value)) {
    value.forEach(add);
  } else if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string') labels[k] = v;
    }
  } else if (typeof value === 'string') {
    const inner = value.trim().replace(/^\(/, '').replace(/\)$/, '');
    inner.split(',').forEach(add);
  }
  return Object.keys(labels).length ? labels : undefined;
}

/**
 * Extracts the Kubernetes fields attribution uses from an event's `output_fields`
 * (`k8s.ns.name`, `k8s.pod.name`, `container.name`, `k8s.pod.labels` and single
 * `k8s.pod.label[key]` / `k8s.pod.label.key` fields). `cluster` comes from the
 * caller (a Sidekick custom field, the token's cluster, or configuration).
 *
 * @public
 */
export function falcoKubernetesFields(
  outputFields: Record<string, unknown> | undefined,
  cluster?: string,
): FalcoKubernetesFields {
  const fields = outputFields ?? {};
  let podLabels = parseLabels(fields['k8s.pod.labels']);
  for (const [key, value] of Object.entries(fields)) {
    const single = key.match(/^k8s\.pod\.label(?:\[(.+)\]|\.(.+))$/);
    const v = text(value);
    if (single && v !== undefined) {
      podLabels = { ...podLabels, [single[1] ?? single[2]]: v };
    }
  }
  return {
    cluster: text(cluster),
    namespace: text(fields['k8s.ns.name']),
    pod: text(fields['k8s.pod.name']),
    container: text(fields['container.name']),
    podLabels,
  };
}
