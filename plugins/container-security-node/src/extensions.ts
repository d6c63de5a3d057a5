import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { PostureCheck } from './posture/types';
import { WorkloadSource } from './sources/WorkloadSource';
import { ImageVulnerabilitySource } from './vulnerabilities/ImageVulnerabilitySource';
import { AuditEventSource } from './audit/types';
import { AuditRule } from './audit/rules';

/**
 * Lets modules add workload sources to the container-security backend.
 *
 * @public
 */
export interface ContainerSecurityWorkloadSourcesExtensionPoint {
  addWorkloadSource(...sources: WorkloadSource[]): void;
}

/**
 * @public
 */
export const containerSecurityWorkloadSourcesExtensionPoint =
  createExtensionPoint<ContainerSecurityWorkloadSourcesExtensionPoint>({
    id: 'container-security.workload-sources',
  });

/**
 * Lets modules add posture checks; they run beside the built-in catalogue and obey the
 * same rules, exemptions and scoring.
 *
 * @public
 */
export interface ContainerSecurityPostureChecksExtensionPoint {
  addPostureCheck(...checks: PostureCheck[]): void;
}

/**
 * @public
 */
export const containerSecurityPostureChecksExtensionPoint =
  createExtensionPoint<ContainerSecurityPostureChecksExtensionPoint>({
    id: 'container-security.posture-checks',
  });

/**
 * Lets modules add image vulnerability sources beside the built-in Trivy and Inspector ones.
 *
 * @public
 */
export interface ContainerSecurityVulnerabilitySourcesExtensionPoint {
  addVulnerabilitySource(...sources: ImageVulnerabilitySource[]): void;
}

/**
 * @public
 */
export const containerSecurityVulnerabilitySourcesExtensionPoint =
  createExtensionPoint<ContainerSecurityVulnerabilitySourcesExtensionPoint>({
    id: 'container-security.vulnerability-sources',
  });

/**
 * Lets modules add audit event sources (beside the built-in CloudTrail `LookupEvents` and
 * log-file sources) and risky-event rules (beside the built-in ones; config can switch
 * them off or change their severity by id like any other rule).
 *
 * @public
 */
export interface ContainerSecurityAuditExtensionPoint {
  addAuditSource(...sources: AuditEventSource[]): void;
  addAuditRule(...rules: AuditRule[]): void;
}

/**
 * @public
 */
export const containerSecurityAuditExtensionPoint =
  createExtensionPoint<ContainerSecurityAuditExtensionPoint>({
    id: 'container-security.audit',
  });
