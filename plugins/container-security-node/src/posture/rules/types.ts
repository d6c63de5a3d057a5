import type { PostureCheckOptions } from '../types';
import { Severity } from '@containersec/plugin-container-security-common';

/**
 * Turns a check off or changes its severity, for every resource or for some namespaces
 * or catalog entities. When several rules match a finding, the last one wins.
 *
 * @public
 */
export interface CheckRule {
  check: string;
  enabled?: boolean;
  severity?: Severity;
  namespaces?: string[];
  /** Entity refs such as `component:default/payments-api`. */
  entities?: string[];
}

/**
 * Accepts a known finding for a while, with a reason and an owner. Every field left out
 * widens the scope; `container` narrows it down to one container (a mesh sidecar, say).
 *
 * @public
 */
export interface PostureExemption {
  check: string;
  namespace?: string;
  kind?: string;
  name?: string;
  container?: string;
  reason: string;
  owner: string;
  /** Last day the exemption applies (YYYY-MM-DD, UTC); it stops applying the day after. */
  expires?: string;
  origin: 'config' | 'annotation';
}

/**
 * A check written in CEL over the Kubernetes object, as ValidatingAdmissionPolicy
 * validations are: `expression` must evaluate to true for the object to pass.
 *
 * @public
 */
export interface CustomCheckConfig {
  id: string;
  title: string;
  severity: Severity;
  /** Object kinds to evaluate, e.g. `[Deployment, StatefulSet]`. */
  kinds: string[];
  expression: string;
  /** Shown on failure; defaults to the title. */
  message?: string;
  remediation?: string;
}

/**
 * Every customisation of the posture checks, as read from `containerSecurity.posture`.
 *
 * @public
 */
export interface PostureRules {
  rules: CheckRule[];
  exemptions: PostureExemption[];
  customChecks: CustomCheckConfig[];
  /** Image registries workloads may pull from; empty means any. */
  allowedRegistries: string[];
  /** `containerSecurity.posture.podSecurityVersion`: see {@link PostureCheckOptions}. */
  podSecurityVersion?: string;
}
