import { CompoundEntityRef } from '@backstage/catalog-model';
import { createApiRef } from '@backstage/core-plugin-api';
import {
  AuditEventQuery,
  EntityAuditResponse,
  RiskyEventsResponse,
} from '@containersec/plugin-container-security-common';
import {
  CostOverviewResponse,
  EntityCostResponse,
} from '@containersec/plugin-container-security-common';
import {
  EntityNetworkResponse,
  NetworkWhatIfRequest,
  NetworkWhatIfResponse,
} from '@containersec/plugin-container-security-common';
import {
  AlertHistogramResponse,
  AlertListFilters,
  AlertsOverviewResponse,
  AlertStatusRequest,
  EntityAlertsResponse,
  FalcoAlertDetail,
  UnattributedAlertsResponse,
} from '@containersec/plugin-container-security-common';
import {
  EntityResponders,
  InvokeResponderRequest,
  ResponderAction,
  ResponderActionPage,
  ResponderActionStatus,
  RespondersOverview,
} from '@containersec/plugin-container-security-common';
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
 * One page of an entity's alerts: filters, the cursor of the previous page and a page size.
 *
 * @public
 */
export interface AlertListRequest extends AlertListFilters {
  cursor?: string;
  limit?: number;
}

/**
 * One page of responder actions: an optional status (`pending-approval` is the approval
 * queue), the cursor of the previous page and a page size.
 *
 * @public
 */
export interface ResponderActionListRequest {
  status?: ResponderActionStatus;
  cursor?: string;
  limit?: number;
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
  /** The entity's monthly cost estimate, potential savings and cost hints. */
  getEntityCost(entity: CompoundEntityRef): Promise<EntityCostResponse>;
  /** Savings totals by owning team and by service. */
  getCostOverview(): Promise<CostOverviewResponse>;
  /** The policies around the entity's workloads, who can reach them and whom they reach. */
  getEntityNetwork(entity: CompoundEntityRef): Promise<EntityNetworkResponse>;
  /** What pasted policies would change in the entity's exposure; nothing is applied. */
  previewEntityNetworkPolicy(
    entity: CompoundEntityRef,
    request: NetworkWhatIfRequest,
  ): Promise<NetworkWhatIfResponse>;
  /** The entity's Falco alerts, newest first, filtered and keyset-paged. */
  listEntityAlerts(
    entity: CompoundEntityRef,
    request?: AlertListRequest,
  ): Promise<EntityAlertsResponse>;
  /** Counts of the entity's alerts per time bucket and priority. */
  getEntityAlertHistogram(
    entity: CompoundEntityRef,
    filters?: AlertListFilters,
  ): Promise<AlertHistogramResponse>;
  /** One alert with every field of the event and its status history. */
  getEntityAlert(
    entity: CompoundEntityRef,
    id: string,
  ): Promise<FalcoAlertDetail>;
  /** Acknowledges, resolves or reopens an alert with a comment. */
  setEntityAlertStatus(
    entity: CompoundEntityRef,
    id: string,
    request: AlertStatusRequest,
  ): Promise<FalcoAlertDetail>;
  /** The org-wide alert picture of a period and its change against the previous one. */
  getAlertsOverview(request?: {
    from?: string;
    to?: string;
  }): Promise<AlertsOverviewResponse>;
  /** Alerts no service owns (yet), newest first. */
  listUnattributedAlerts(request?: {
    cursor?: string;
    limit?: number;
  }): Promise<UnattributedAlertsResponse>;
  /** One alert no service owns, with every field of the event. */
  getUnattributedAlert(id: string): Promise<FalcoAlertDetail>;
  /** CloudTrail events touching the entity's AWS resources, newest first, filtered and keyset-paged. */
  listEntityAuditEvents(
    entity: CompoundEntityRef,
    request?: AuditEventQuery,
  ): Promise<EntityAuditResponse>;
  /** Risky CloudTrail events org-wide, newest first, with the services they touched. */
  listRiskyAuditEvents(request?: AuditEventQuery): Promise<RiskyEventsResponse>;
  /** Responders across the estate: kill switch, limits, loaded rules and their modes. */
  getRespondersOverview(): Promise<RespondersOverview>;
  /** The functions a person may run on the entity and its pending approvals. */
  getEntityResponders(entity: CompoundEntityRef): Promise<EntityResponders>;
  /** The entity's responder actions, newest first, keyset-paged. */
  listEntityResponderActions(
    entity: CompoundEntityRef,
    request?: ResponderActionListRequest,
  ): Promise<ResponderActionPage>;
  /** Every responder action, newest first, keyset-paged. */
  listResponderActions(
    request?: ResponderActionListRequest,
  ): Promise<ResponderActionPage>;
  /** Runs a function on the entity by hand; a dry run (Lambda `DryRun`) unless `dryRun` is false. */
  invokeEntityResponder(
    entity: CompoundEntityRef,
    request: InvokeResponderRequest,
  ): Promise<ResponderAction>;
  /** Approves a pending action, which then runs. */
  approveResponderAction(id: string): Promise<ResponderAction>;
  /** Rejects a pending action, which then never runs. */
  rejectResponderAction(id: string): Promise<ResponderAction>;
}

/**
 * @public
 */
export const containerSecurityApiRef = createApiRef<ContainerSecurityApi>({
  id: 'plugin.container-security.service',
});
