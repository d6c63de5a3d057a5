import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { PostureCheck } from './posture/types';
import { WorkloadSource } from './workloads/WorkloadSource';
import { ImageVulnerabilitySource } from './vulnerabilities/ImageVulnerabilitySource';
import { AuditEventSource } from './audit/types';
import { AuditRule } from './audit/rules';
import { TalonRulesFile } from './responders/types';
import { WorkloadMetricsSource } from './cost/types';
import {
  LambdaInvocationType,
  ResponderInvocationResult,
} from '@containersec/plugin-container-security-common';

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
 * Lets modules add workload metrics sources for the cost hints, beside the built-in
 * CloudWatch, Prometheus and file sources.
 *
 * @public
 */
export interface ContainerSecurityMetricsSourcesExtensionPoint {
  addMetricsSource(...sources: WorkloadMetricsSource[]): void;
}

/**
 * @public
 */
export const containerSecurityMetricsSourcesExtensionPoint =
  createExtensionPoint<ContainerSecurityMetricsSourcesExtensionPoint>({
    id: 'container-security.metrics-sources',
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

/**
 * One invocation of an allow-listed responder function: what the backend asks a
 * {@link ResponderInvoker} to run.
 *
 * @public
 */
export interface ResponderInvocation {
  functionName: string;
  /** Alias or version. */
  qualifier: string;
  invocationType: LambdaInvocationType;
  /** The payload as sent (not redacted: the function needs the real values). */
  payload: unknown;
}

/**
 * Runs responder functions. The built-in one calls AWS Lambda; an adopter may run them
 * elsewhere. It must not throw for a failed invocation: the failure goes in the result's
 * `error` or `functionError`. The backend checks the allow-list before calling it.
 *
 * @public
 */
export interface ResponderInvoker {
  invoke(invocation: ResponderInvocation): Promise<ResponderInvocationResult>;
}

/**
 * Lets modules add responder rules (Talon rules files, evaluated after the configured
 * ones; they may only name allow-listed functions) and replace the Lambda invoker.
 *
 * @public
 */
export interface ContainerSecurityRespondersExtensionPoint {
  addResponderRules(...files: TalonRulesFile[]): void;
  setResponderInvoker(invoker: ResponderInvoker): void;
}

/**
 * @public
 */
export const containerSecurityRespondersExtensionPoint =
  createExtensionPoint<ContainerSecurityRespondersExtensionPoint>({
    id: 'container-security.responders',
  });
