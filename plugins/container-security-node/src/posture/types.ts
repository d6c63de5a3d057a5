import {
  CheckDefinition,
  FindingResource,
} from '@containersec/plugin-container-security-common';
import { KubernetesObject, ManifestObject } from '../manifests/types';
import { PodSecurityVersion } from './podSecurityVersion';

/**
 * Looks up objects related to the one being checked (its Namespace, the Services,
 * PodDisruptionBudgets and HorizontalPodAutoscalers that target it, RBAC bindings of its
 * service account, …) among everything that was read in the same scan.
 *
 * @public
 */
export interface ObjectIndex {
  all(): KubernetesObject[];
  byKind(kind: string): KubernetesObject[];
  namespace(name: string | undefined): KubernetesObject | undefined;
  /**
   * Objects of a kind in one namespace (`default` for objects without one). Optional so
   * that hand-written indexes keep compiling; the engine's index always has it.
   */
  inNamespace?(kind: string, namespace: string): KubernetesObject[];
  /** One object by kind, namespace (undefined for cluster-scoped kinds) and name. */
  get?(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubernetesObject | undefined;
}

/**
 * Settings that some checks read, e.g. the registry allow-list.
 *
 * @public
 */
export interface PostureCheckOptions {
  /**
   * Registries (`ghcr.io`, `123456789012.dkr.ecr.eu-west-1.amazonaws.com`) or registry
   * path prefixes (`ghcr.io/acme`) images may come from. Unset or empty: any registry.
   */
  allowedRegistries?: string[];
  /**
   * The Pod Security Standards version (`v1.<minor>` or `latest`) that namespaces without a
   * `pod-security.kubernetes.io/<mode>-version` label are evaluated at: what `latest`
   * means on the scanned clusters. Unset: the newest rules the checks know.
   */
  podSecurityVersion?: string;
}

/**
 * What a check looks at: one object, its pod spec where it runs pods, and the index.
 *
 * @public
 */
export interface CheckSubject {
  object: KubernetesObject;
  /** The pod spec of workload kinds (Pod, Deployment, CronJob, …); undefined otherwise. */
  podSpec?: Record<string, any>;
  /** The pod template's labels (or the Pod's own), for selector-based relations. */
  podLabels: Record<string, string>;
  /** The pod template's annotations (or the Pod's own). */
  podAnnotations?: Record<string, string>;
  index: ObjectIndex;
  /** Settings for checks that take them. */
  options?: PostureCheckOptions;
  /**
   * The Pod Security Standards version the `pss:` checks evaluate the pod at (workload
   * kinds only). Unset in hand-made subjects: the newest rules.
   */
  podSecurityVersion?: PodSecurityVersion;
}

/**
 * One way a subject fails a check.
 *
 * @public
 */
export interface CheckViolation {
  /** Set for per-container checks. */
  container?: string;
  message: string;
}

/**
 * A posture check: its description, the kinds it applies to, and a pure evaluation.
 * Adopters add their own through the checks extension point.
 *
 * @public
 */
export interface PostureCheck {
  definition: CheckDefinition;
  /** Object kinds the check evaluates, e.g. `['Deployment', 'Pod', …]` or `['ClusterRoleBinding']`. */
  kinds: readonly string[];
  evaluate(subject: CheckSubject): CheckViolation[];
}

/**
 * A resource the engine evaluated, with where it came from.
 *
 * @public
 */
export interface EvaluatedResource {
  resource: FindingResource;
  /** True for kinds that run containers; only these get a workload score. */
  isWorkload: boolean;
  labels: Record<string, string>;
  location?: { file: string; line: number };
}

/**
 * Input of the engine: objects with or without the place they were read from.
 *
 * @public
 */
export type PostureInput = Array<ManifestObject | { object: KubernetesObject }>;
