/**
 * Vulnerability severities as scanners report them, most severe first.
 *
 * @public
 */
export const VULNERABILITY_SEVERITIES = [
  'critical',
  'high',
  'medium',
  'low',
  'unknown',
] as const;

/**
 * @public
 */
export type VulnerabilitySeverity = (typeof VULNERABILITY_SEVERITIES)[number];

/**
 * @public
 */
export type VulnerabilityCounts = Record<VulnerabilitySeverity, number>;

/**
 * One known vulnerability of a package in an image.
 *
 * @public
 */
export interface ImageVulnerability {
  /** CVE or advisory id. */
  id: string;
  severity: VulnerabilitySeverity;
  packageName: string;
  installedVersion?: string;
  /** Set when a fixed version exists. */
  fixedVersion?: string;
  title?: string;
  url?: string;
}

/**
 * What one scanner knows about one image.
 *
 * @public
 */
export interface ImageVulnerabilityReport {
  /** The image reference as workloads name it (`registry/repo:tag` or `@sha256:…`). */
  image: string;
  /** The id of the source that reported it, e.g. `trivy` or `inspector`. */
  source: string;
  scannedAt?: string;
  counts: VulnerabilityCounts;
  /** How many have a fixed version available. */
  fixable: number;
  /** The most severe ones first, at most 50. */
  vulnerabilities: ImageVulnerability[];
}

/**
 * `GET /entities/:namespace/:kind/:name/vulnerabilities`.
 *
 * @public
 */
export interface EntityVulnerabilitiesResponse {
  entityRef: string;
  /** Summed over the entity's distinct images. */
  totals: VulnerabilityCounts;
  fixable: number;
  images: Array<{
    image: string;
    /** `Kind/namespace/name` of the workloads that run it. */
    workloads: string[];
    /** Undefined when no source has a report for the image. */
    report?: ImageVulnerabilityReport;
  }>;
}
