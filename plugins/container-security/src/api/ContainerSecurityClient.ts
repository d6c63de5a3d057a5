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
import type {
  DefaultApiClient,
  TypedResponse,
} from './generated/DefaultApi.client';

const pathOf = ({ namespace, kind, name }: CompoundEntityRef) => ({
  namespace,
  kind,
  name,
});

/**
 * Talks to `/api/container-security` with the signed-in user's credentials, through the
 * client generated from the backend's OpenAPI spec (whose answer types the methods take).
 *
 * @public
 */
export class ContainerSecurityClient implements ContainerSecurityApi {
  private readonly options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi };
  private generated?: Promise<DefaultApiClient>;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.options = options;
  }

  /**
   * Sends one request through the generated client and returns the answer's body, or
   * throws the backend's error as a ResponseError. The generated client is loaded with
   * the first call, so the app's initial bundle carries only this class.
   */
  private async call<T>(
    send: (api: DefaultApiClient) => Promise<TypedResponse<T>>,
  ): Promise<T> {
    this.generated ??= import('./generated/DefaultApi.client').then(
      m => new m.DefaultApiClient(this.options),
    );
    const response = await send(await this.generated);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response as Response);
    }
    return response.json();
  }

  getEntityWorkloads(entity: CompoundEntityRef) {
    return this.call(api => api.getEntityWorkloads({ path: pathOf(entity) }));
  }

  getEntityPosture(entity: CompoundEntityRef) {
    return this.call(api => api.getEntityPosture({ path: pathOf(entity) }));
  }

  refreshEntity(entity: CompoundEntityRef) {
    return this.call(api => api.refreshEntity({ path: pathOf(entity) }));
  }

  listWorkloads(request: WorkloadListRequest = {}) {
    return this.call(api => api.listWorkloads({ query: request }));
  }

  getScorecards(filter: ScorecardFilter = {}) {
    const { owner, system, domain, kind } = filter;
    return this.call(api =>
      api.getScorecards({ query: { owner, system, domain, kind } }),
    );
  }

  getEntityScorecard(entity: CompoundEntityRef) {
    return this.call(api => api.getEntityScorecard({ path: pathOf(entity) }));
  }

  getEntityVulnerabilities(entity: CompoundEntityRef) {
    return this.call(api =>
      api.getEntityVulnerabilities({ path: pathOf(entity) }),
    );
  }

  getEntityCost(entity: CompoundEntityRef) {
    return this.call(api => api.getEntityCost({ path: pathOf(entity) }));
  }

  getCostOverview() {
    return this.call(api => api.getCostOverview());
  }

  getEntityNetwork(entity: CompoundEntityRef) {
    return this.call(api => api.getEntityNetwork({ path: pathOf(entity) }));
  }

  previewEntityNetworkPolicy(
    entity: CompoundEntityRef,
    request: NetworkWhatIfRequest,
  ) {
    return this.call(api =>
      api.previewEntityNetworkPolicy({
        path: pathOf(entity),
        body: request,
      }),
    );
  }

  listEntityAlerts(entity: CompoundEntityRef, request: AlertListRequest = {}) {
    return this.call(api =>
      api.listEntityAlerts({ path: pathOf(entity), query: request }),
    );
  }

  getEntityAlertHistogram(
    entity: CompoundEntityRef,
    filters: AlertListFilters = {},
  ) {
    return this.call(api =>
      api.getEntityAlertHistogram({
        path: pathOf(entity),
        query: filters,
      }),
    );
  }

  getEntityAlert(entity: CompoundEntityRef, id: string) {
    return this.call(api =>
      api.getEntityAlert({ path: { ...pathOf(entity), id } }),
    );
  }

  setEntityAlertStatus(
    entity: CompoundEntityRef,
    id: string,
    request: AlertStatusRequest,
  ) {
    return this.call(api =>
      api.setEntityAlertStatus({
        path: { ...pathOf(entity), id },
        body: request,
      }),
    );
  }

  getAlertsOverview(request: { from?: string; to?: string } = {}) {
    return this.call(api => api.getAlertsOverview({ query: request }));
  }

  listUnattributedAlerts(request: { cursor?: string; limit?: number } = {}) {
    return this.call(api => api.listUnattributedAlerts({ query: request }));
  }

  getUnattributedAlert(id: string) {
    return this.call(api => api.getUnattributedAlert({ path: { id } }));
  }

  listEntityAuditEvents(
    entity: CompoundEntityRef,
    request: AuditEventQuery = {},
  ) {
    return this.call(api =>
      api.listEntityAuditEvents({ path: pathOf(entity), query: request }),
    );
  }

  listRiskyAuditEvents(request: AuditEventQuery = {}) {
    return this.call(api => api.listRiskyAuditEvents({ query: request }));
  }

  getRespondersOverview() {
    return this.call(api => api.getRespondersOverview());
  }

  getEntityResponders(entity: CompoundEntityRef) {
    return this.call(api => api.getEntityResponders({ path: pathOf(entity) }));
  }

  listEntityResponderActions(
    entity: CompoundEntityRef,
    request: ResponderActionListRequest = {},
  ) {
    const { status, limit, cursor } = request;
    return this.call(api =>
      api.listEntityResponderActions({
        path: pathOf(entity),
        query: { status, limit, cursor },
      }),
    );
  }

  listResponderActions(request: ResponderActionListRequest = {}) {
    const { status, limit, cursor } = request;
    return this.call(api =>
      api.listResponderActions({ query: { status, limit, cursor } }),
    );
  }

  invokeEntityResponder(
    entity: CompoundEntityRef,
    request: InvokeResponderRequest,
  ) {
    return this.call(api =>
      api.invokeEntityResponder({ path: pathOf(entity), body: request }),
    );
  }

  approveResponderAction(id: string) {
    return this.call(api => api.approveResponderAction({ path: { id } }));
  }

  rejectResponderAction(id: string) {
    return this.call(api => api.rejectResponderAction({ path: { id } }));
  }
}
