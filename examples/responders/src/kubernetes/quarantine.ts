/** The label that marks a quarantined pod, and that the deny-all policy selects. */
export const QUARANTINE_LABEL = 'container-security.io/quarantine';
/** The annotation naming the action (idempotency key) that quarantined the pod. */
export const QUARANTINED_BY_ANNOTATION = 'container-security.io/quarantined-by';
/** One policy per namespace selects every quarantined pod in it. */
export const QUARANTINE_POLICY_NAME = 'container-security-quarantine';

/**
 * Deny all ingress and egress for pods carrying the quarantine label: both policy
 * types listed and no rules, which is Kubernetes' "deny everything" (NetworkPolicies
 * are additive, so this isolates the pod even where other policies allow traffic —
 * only a CNI that enforces NetworkPolicy makes it effective).
 */
export function quarantinePolicy(namespace: string) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: QUARANTINE_POLICY_NAME,
      namespace,
      labels: {
        'app.kubernetes.io/managed-by': 'container-security-responders',
      },
    },
    spec: {
      podSelector: { matchLabels: { [QUARANTINE_LABEL]: 'true' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [],
    },
  };
}

/** Whether an existing policy still does what ours does (someone may have edited it). */
export function isQuarantinePolicy(policy: any): boolean {
  const spec = policy?.spec;
  const types: unknown = spec?.policyTypes;
  return (
    spec?.podSelector?.matchLabels?.[QUARANTINE_LABEL] === 'true' &&
    Object.keys(spec.podSelector.matchLabels).length === 1 &&
    !spec.podSelector.matchExpressions?.length &&
    Array.isArray(types) &&
    types.includes('Ingress') &&
    types.includes('Egress') &&
    !spec.ingress?.length &&
    !spec.egress?.length
  );
}
