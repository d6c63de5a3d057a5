import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  AlertListFilters,
  AlertStatusRequest,
  AuditEventQuery,
  InvokeResponderRequest,
  NetworkWhatIfRequest,
} from '@containersec/plugin-container-security-common';
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
 * client generated from the backend's OpenAPI spec (whose answer types the methods take).
 *
 * @public
 */
export class ContainerSecurityClient implements ContainerSecurityApi {
  private readonly api: DefaultApiClient;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.api = new DefaultApiClient(options);
  }

  getEntityWorkloads(entity: CompoundEntityRef) {
    return answer(this.api.getEntityWorkloads({ path: pathOf(entity) }));
  }

  getEntityPosture(entity: CompoundEntityRef) {
    return answer(this.api.getEntityPosture({ path: pathOf(entity) }));
  }

  refreshEntity(entity: CompoundEntityRef) {
    return answer(this.api.refreshEntity({ path: pathOf(entity) }));
  }

  listWorkloads(request: WorkloadListRequest = {}) {
    return answer(this.api.listWorkloads({ query: request }));
  }

  getScorecards(filter: ScorecardFilter = {}) {
    const { owner, system, domain, kind } = filter;
    return answer(
      this.api.getScorecards({ query: { owner, system, domain, kind } }),
    );
  }

  getEntityScorecard(entity: CompoundEntityRef) {
    return answer(this.api.getEntityScorecard({ path: pathOf(entity) }));
  }

  getEntityVulnerabilities(entity: CompoundEntityRef) {
    return answer(this.api.getEntityVulnerabilities({ path: pathOf(entity) }));
  }

  getEntityCost(entity: CompoundEntityRef) {
    return answer(this.api.getEntityCost({ path: pathOf(entity) }));
  }

  getCostOverview() {
    return answer(this.api.getCostOverview());
  }

  getEntityNetwork(entity: CompoundEntityRef) {
    return answer(this.api.getEntityNetwork({ path: pathOf(entity) }));
  }

  previewEntityNetworkPolicy(
    entity: CompoundEntityRef,
    request: NetworkWhatIfRequest,
  ) {
    return answer(
      this.api.previewEntityNetworkPolicy({
        path: pathOf(entity),
        body: request,
      }),
    );
  }

  listEntityAlerts(entity: CompoundEntityRef, request: AlertListRequest = {}) {
    return answer(
      this.api.listEntityAlerts({ path: pathOf(entity), query: request }),
    );
  }

  getEntityAlertHistogram(
    entity: CompoundEntityRef,
    filters: AlertListFilters = {},
  ) {
    return answer(
      this.api.getEntityAlertHistogram({
        path: pathOf(entity),
        query: filters,
      }),
    );
  }

  getEntityAlert(entity: CompoundEntityRef, id: string) {
    return answer(this.api.getEntityAlert({ path: { ...pathOf(entity), id } }));
  }

  setEntityAlertStatus(
    entity: CompoundEntityRef,
    id: string,
    request: AlertStatusRequest,
  ) {
    return answer(
      this.api.setEntityAlertStatus({
        path: { ...pathOf(entity), id },
        body: request,
      }),
    );
  }

  getAlertsOverview(request: { from?: string; to?: string } = {}) {
    return answer(this.api.getAlertsOverview({ query: request }));
  }

  listUnattributedAlerts(request: { cursor?: string; limit?: number } = {}) {
    return answer(this.api.listUnattributedAlerts({ query: request }));
  }

  getUnattributedAlert(id: string) {
    return answer(this.api.getUnattributedAlert({ path: { id } }));
  }

  listEntityAuditEvents(
    entity: CompoundEntityRef,
    request: AuditEventQuery = {},
  ) {
    return answer(
      this.api.listEntityAuditEvents({ path: pathOf(entity), query: request }),
    );
  }

  listRiskyAuditEvents(request: AuditEventQuery = {}) {
    return answer(this.api.listRiskyAuditEvents({ query: request }));
  }

  getRespondersOverview() {
    return answer(this.api.getRespondersOverview());
  }

  getEntityResponders(entity: CompoundEntityRef) {
    return answer(this.api.getEntityResponders({ path: pathOf(entity) }));
  }

  listEntityResponderActions(
    entity: CompoundEntityRef,
    request: ResponderActionListRequest = {},
  ) {
    const { status, limit, cursor } = request;
    return answer(
      this.api.listEntityResponderActions({
        path: pathOf(entity),
        query: { status, limit, cursor },
      }),
    );
  }

  listResponderActions(request: ResponderActionListRequest = {}) {
    const { status, limit, cursor } = request;
    return answer(
      this.api.listResponderActions({ query: { status, limit, cursor } }),
    );
  }

  invokeEntityResponder(
    entity: CompoundEntityRef,
    request: InvokeResponderRequest,
  ) {
    return answer(
      this.api.invokeEntityResponder({ path: pathOf(entity), body: request }),
    );
  }

  approveResponderAction(id: string) {
    return answer(this.api.approveResponderAction({ path: { id } }));
  }

  rejectResponderAction(id: string) {
    return answer(this.api.rejectResponderAction({ path: { id } }));
  }
}
