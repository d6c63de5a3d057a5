import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { WorkloadMetricsSource } from './types';

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
