import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
// By namespace: ContainerSecurityApi.ts names the same types one by one.
import type * as common from '@containersec/plugin-container-security-common';
import {
  AlertListRequest,
  ContainerSecurityApi,
  ResponderActionListRequest,
  ScorecardFilter,
  WorkloadListRequest,
} from './ContainerSecurityApi';
import { DefaultApiClient, TypedResponse } from './generated/DefaultApi.client';

const pathOf = ({ namespace, kind, name }: CompoundEntityRef) => ({
  namespace,
  kind,
  name,
});

/** The answer's body, or the backend's error as a ResponseError. */
async function answer<T>(pending: Promise<TypedResponse<T>>): Promise<T> {
  const response = await pending;
  if (!response.ok) {
    throw await ResponseError.fromResponse(response as Response);
  }
  return response.json();
}

/**
 * Talks to `/api/container-security` with the signed-in user's credentials, through the
 * client generated from the backend's OpenAPI spec.
 *
 * @public
 */
export class ContainerSecurityClient implements ContainerSecurityApi {
  private readonly api: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new DefaultApiClient(options);
  }

  getEntityWorkloads(
    entity: CompoundEntityRef,
  ): Promise<common.EntityWorkloadsResponse> {
    return answer(this.api.getEntityWorkloads({ path: pathOf(entity) }));
  }

  getEntityPosture(
    entity: CompoundEntityRef,
  ): Promise<common.EntityPostureResponse> {
    return answer(this.api.getEntityPosture({ path: pathOf(entity) }));
  }

  refreshEntity(entity: CompoundEntityRef): Promise<common.RefreshResponse> {
    return answer(this.api.refreshEntity({ path: pathOf(entity) }));
  }

  listWorkloads(
    request: WorkloadListRequest = {},
  ): Promise<common.WorkloadListResponse> {
    return answer(this.api.listWorkloads({ query: request }));
  }

  getScorecards(
    filter: ScorecardFilter = {},
  ): Promise<common.ScorecardsResponse> {
    const { owner, system, domain, kind } = filter;
    return answer(
      this.api.getScorecards({ query: { owner, system, domain, kind } }),
    );
  }

  getEntityScorecard(
    entity: CompoundEntityRef,
  ): Promise<common.EntityScorecardResponse> {
    return answer(this.api.getEntityScorecard({ path: pathOf(entity) }));
  }

  getEntityVulnerabilities(
    entity: CompoundEntityRef,
  ): Promise<common.EntityVulnerabilitiesResponse> {
    return answer(this.api.getEntityVulnerabilities({ path: pathOf(entity) }));
  }

  getEntityCost(entity: CompoundEntityRef): Promise<common.EntityCostResponse> {
    return answer(this.api.getEntityCost({ path: pathOf(entity) }));
  }

  getCostOverview(): Promise<common.CostOverviewResponse> {
    return answer(this.api.getCostOverview());
  }

  getEntityNetwork(
    entity: CompoundEntityRef,
  ): Promise<common.EntityNetworkResponse> {
    return answer(this.api.getEntityNetwork({ path: pathOf(entity) }));
  }

  previewEntityNetworkPolicy(
    entity: CompoundEntityRef,
    request: common.NetworkWhatIfRequest,
  ): Promise<common.NetworkWhatIfResponse> {
    return answer(
      this.api.previewEntityNetworkPolicy({
        path: pathOf(entity),
        body: request,
      }),
    );
  }

  listEntityAlerts(
    entity: CompoundEntityRef,
    request: AlertListRequest = {},
  ): Promise<common.EntityAlertsResponse> {
    return answer(
      this.api.listEntityAlerts({ path: pathOf(entity), query: request }),
    );
  }

  getEntityAlertHistogram(
    entity: CompoundEntityRef,
    filters: common.AlertListFilters = {},
  ): Promise<common.AlertHistogramResponse> {
    return answer(
      this.api.getEntityAlertHistogram({
        path: pathOf(entity),
        query: filters,
      }),
    );
  }

  getEntityAlert(
    entity: CompoundEntityRef,
    id: string,
  ): Promise<common.FalcoAlertDetail> {
    return answer(this.api.getEntityAlert({ path: { ...pathOf(entity), id } }));
  }

  setEntityAlertStatus(
    entity: CompoundEntityRef,
    id: string,
    request: common.AlertStatusRequest,
  ): Promise<common.FalcoAlertDetail> {
    return answer(
      this.api.setEntityAlertStatus({
        path: { ...pathOf(entity), id },
        body: request,
      }),
    );
  }

  getAlertsOverview(
    request: { from?: string; to?: string } = {},
  ): Promise<common.AlertsOverviewResponse> {
    return answer(this.api.getAlertsOverview({ query: request }));
  }

  listUnattributedAlerts(
    request: { cursor?: string; limit?: number } = {},
  ): Promise<common.UnattributedAlertsResponse> {
    return answer(this.api.listUnattributedAlerts({ query: request }));
  }

  getUnattributedAlert(id: string): Promise<common.FalcoAlertDetail> {
    return answer(this.api.getUnattributedAlert({ path: { id } }));
  }

  listEntityAuditEvents(
    entity: CompoundEntityRef,
    request: common.AuditEventQuery = {},
  ): Promise<common.EntityAuditResponse> {
    return answer(
      this.api.listEntityAuditEvents({ path: pathOf(entity), query: request }),
    );
  }

  listRiskyAuditEvents(
    request: common.AuditEventQuery = {},
  ): Promise<common.RiskyEventsResponse> {
    return answer(this.api.listRiskyAuditEvents({ query: request }));
  }

  getRespondersOverview(): Promise<common.RespondersOverview> {
    return answer(this.api.getRespondersOverview());
  }

  getEntityResponders(
    entity: CompoundEntityRef,
  ): Promise<common.EntityResponders> {
    return answer(this.api.getEntityResponders({ path: pathOf(entity) }));
  }

  listEntityResponderActions(
    entity: CompoundEntityRef,
    request: ResponderActionListRequest = {},
  ): Promise<common.ResponderActionPage> {
    const { status, limit, cursor } = request;
    return answer(
      this.api.listEntityResponderActions({
        path: pathOf(entity),
        query: { status, limit, cursor },
      }),
    );
  }

  listResponderActions(
    request: ResponderActionListRequest = {},
  ): Promise<common.ResponderActionPage> {
    const { status, limit, cursor } = request;
    return answer(
      this.api.listResponderActions({ query: { status, limit, cursor } }),
    );
  }

  invokeEntityResponder(
    entity: CompoundEntityRef,
    request: common.InvokeResponderRequest,
  ): Promise<common.ResponderAction> {
    return answer(
      this.api.invokeEntityResponder({ path: pathOf(entity), body: request }),
    );
  }

  approveResponderAction(id: string): Promise<common.ResponderAction> {
    return answer(this.api.approveResponderAction({ path: { id } }));
  }

  rejectResponderAction(id: string): Promise<common.ResponderAction> {
    return answer(this.api.rejectResponderAction({ path: { id } }));
  }
}
