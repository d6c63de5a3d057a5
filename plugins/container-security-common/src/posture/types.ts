/**
 * Severities, most severe first.
 *
 * @public
 */
export const SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'info',
] as const;

/**
 * @public
 */
export type Severity = (typeof SEVERITIES)[number];

/**
 * What a check is about; used to group findings.
 *
 * @public
 */
export type CheckCategory =
  | 'privilege'
  | 'identity'
  | 'capabilities'
  | 'host'
  | 'isolation'
  | 'filesystem'
  | 'service-account'
  | 'rbac'
  | 'resources'
  | 'reliability'
  | 'images'
  | 'secrets'
  | 'network'
  | 'logging'
  /** Checks an adopter wrote in CEL through app-config. */
  | 'custom';

/**
 * The description of one posture check. Stable ids: renaming one breaks exemptions,
 * overrides and history, so ids are never reused or changed once released.
 *
 * @public
 */
export interface CheckDefinition {
  /** kebab-case, e.g. `privileged-container` */
  id: string;
  title: string;
  category: CheckCategory;
  /** The default severity; app-config can override it. */
  severity: Severity;
  /** Why it matters, in a sentence or two. */
  rationale: string;
  /** What to change, in words. */
  remediation: string;
  /** A YAML snippet that shows the fix. */
  remediationYaml: string;
  /**
   * `polaris:<Polaris check id>`, `pss:<baseline|restricted>:<control>`, `cis-eks:<id>`,
   * `eks-bp:<topic>` where they exist.
   */
  references: string[];
}

/**
 * The object a finding is about.
 *
 * @public
 */
export interface FindingResource {
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * One failed check on one object (and container, where the check is per container).
 *
 * @public
 */
export interface Finding {
  checkId: string;
  severity: Severity;
  resource: FindingResource;
  container?: string;
  message: string;
  /** Where the object was read from, for findings on manifest files. */
  location?: { file: string; line: number };
  /**
   * For checks that cite a Pod Security Standards control: the version of the standard
   * the pod was evaluated at (`v1.35`), from its namespace's
   * `pod-security.kubernetes.io/<mode>-version` label or the configured default.
   */
  podSecurityVersion?: string;
}

/**
 * Letter grades, best first.
 *
 * @public
 */
export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';
