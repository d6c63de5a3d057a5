import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityPostureResponse,
  EntityScorecardResponse,
  EntityVulnerabilitiesResponse,
  EntityWorkloadsResponse,
  RefreshResponse,
  ScorecardsResponse,
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
 * Filters of the org-wide scorecards: full entity refs such as
 * `group:default/payments-team` or `system:default/payments`, and an entity kind.
 *
 * @public
 */
export interface ScorecardFilter {
  owner?: string;
  system?: string;
  domain?: string;
  kind?: string;
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
  /** Every entity's latest posture with the org-wide roll-ups, levels and campaigns. */
  getScorecards(filter?: ScorecardFilter): Promise<ScorecardsResponse>;
  /** A service's own entry, or the roll-up of the services of a system, domain or group. */
  getEntityScorecard(
    entity: CompoundEntityRef,
  ): Promise<EntityScorecardResponse>;
  /** The known vulnerabilities of the images the entity's workloads run. */
  getEntityVulnerabilities(
    entity: CompoundEntityRef,
  ): Promise<EntityVulnerabilitiesResponse>;
}

/**
 * @public
 */
export const containerSecurityApiRef = createApiRef<ContainerSecurityApi>({
  id: 'plugin.container-security.service',
});
