import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { WorkloadSource } from './sources/WorkloadSource';

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
