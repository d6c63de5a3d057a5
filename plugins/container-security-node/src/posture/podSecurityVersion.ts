import { KubernetesObject } from '../manifests/types';

/**
 * The newest minor version whose Pod Security Standards rules the checks implement: the
 * rules of `k8s.io/pod-security-admission` up to v1.37 (the last rule change there: the
 * sysctls added in v1.37). `latest` evaluates these rules.
 *
 * @public
 */
export const POD_SECURITY_LATEST_MINOR = 37;

/**
 * The oldest minor version evaluated as such. Older label values are evaluated at this
 * one: from v1.25 on Windows pods are exempt from the Linux-only restricted controls,
 * and every earlier rule change predates it.
 *
 * @public
 */
export const POD_SECURITY_OLDEST_MINOR = 25;

/**
 * The Pod Security Standards version a pod is evaluated at.
 *
 * @public
 */
export interface PodSecurityVersion {
  /** The Kubernetes 1.x minor version whose rules apply. */
  minor: number;
  /** As shown with results: `v1.35`; `latest` resolves to the newest rules. */
  label: string;
  /** Where it came from. */
  source: 'namespace-label' | 'config' | 'default';
}

const VERSION = /^v1\.(\d+)$/;

/**
 * Parses `latest` or `v1.<minor>` (the values PSA accepts in its version labels);
 * undefined for anything else.
 *
 * @public
 */
export function parsePodSecurityVersion(
  value: string | undefined,
): { minor: number } | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (v === 'latest') return { minor: POD_SECURITY_LATEST_MINOR };
  const m = VERSION.exec(v);
  if (!m) return undefined;
  // A version newer than the rules we know is evaluated, as PSA does with "latest", at the newest.
  const minor = Math.min(Number(m[1]), POD_SECURITY_LATEST_MINOR);
  return { minor: Math.max(minor, POD_SECURITY_OLDEST_MINOR) };
}

// PSA evaluates each mode at its own version; findings stand for what admission would
// reject, so the enforce version comes first, then audit's, then warn's.
const VERSION_LABELS = ['enforce', 'audit', 'warn'].map(
  mode => `pod-security.kubernetes.io/${mode}-version`,
);

const labelOf = (minor: number) => `v1.${minor}`;

/**
 * The version a namespace's pods are evaluated at: the namespace's
 * `pod-security.kubernetes.io/<mode>-version` label (enforce, else audit, else warn),
 * else `configured` (`containerSecurity.posture.podSecurityVersion`: what `latest`
 * means on your clusters), else the newest rules. A label that names `latest` uses
 * the configured version too, as PSA's `latest` is the cluster's own version.
 *
 * @public
 */
export function podSecurityVersionOf(
  namespace: KubernetesObject | undefined,
  configured?: string,
): PodSecurityVersion {
  const pinned = parsePodSecurityVersion(configured);
  const labels = namespace?.metadata?.labels ?? {};
  const key = VERSION_LABELS.find(k => labels[k] !== undefined);
  // `latest` (or a value PSA would not parse) falls through to the cluster's version.
  const parsed =
    key && labels[key] !== 'latest'
      ? parsePodSecurityVersion(labels[key])
      : undefined;
  if (parsed) {
    // A namespace cannot be evaluated at rules newer than its cluster's.
    const minor = pinned ? Math.min(parsed.minor, pinned.minor) : parsed.minor;
    return { minor, label: labelOf(minor), source: 'namespace-label' };
  }
  if (pinned)
    return {
      minor: pinned.minor,
      label: labelOf(pinned.minor),
      source: 'config',
    };
  return {
    minor: POD_SECURITY_LATEST_MINOR,
    label: labelOf(POD_SECURITY_LATEST_MINOR),
    source: 'default',
  };
}
