import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityPostureResponse,
  EntityWorkloadsResponse,
  RefreshResponse,
  WorkloadListResponse,
} from '@containersec/plugin-container-security-common';

/**
 * Query of the org-wide workload list.
 *
 * @public
 */
export interface WorkloadListRequest {
  namespace?: string;
  kind?: string;
  limit?: number;
  offset?: number;
}

/**
 * Client of the container-security backend.
 *
 * @public
 */
export interface ContainerSecurityApi {
  getEntityWorkloads(
    entity: CompoundEntityRef,
  ): Promise<EntityWorkloadsResponse>;
  /** The entity's posture: score, grade, findings by resource, exemptions and trend. */
  getEntityPosture(entity: CompoundEntityRef): Promise<EntityPostureResponse>;
  refreshEntity(entity: CompoundEntityRef): Promise<RefreshResponse>;
  listWorkloads(request?: WorkloadListRequest): Promise<WorkloadListResponse>;
}

/**
 * @public
 */
export const containerSecurityApiRef = createApiRef<ContainerSecurityApi>({
  id: 'plugin.container-security.service',
});
