import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
  EntityPostureResponse,
  EntityScorecardResponse,
  EntityVulnerabilitiesResponse,
  EntityWorkloadsResponse,
  RefreshResponse,
  ScorecardsResponse,
  WorkloadListResponse,
} from '@containersec/plugin-container-security-common';
import {
  AuditEventQuery,
  EntityAuditResponse,
  RiskyEventsResponse,
} from '@containersec/plugin-container-security-common';
import {
  EntityResponders,
  InvokeResponderRequest,
  ResponderAction,
  ResponderActionPage,
  RespondersOverview,
} from '@containersec/plugin-container-security-common';
import {
  AlertListRequest,
  ContainerSecurityApi,
  ResponderActionListRequest,
  ScorecardFilter,
  WorkloadListRequest,
} from './ContainerSecurityApi';

/** `?a=1&b=2` of the defined, non-empty values, or nothing. */
const queryOf = (params: object) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `?${query}` : '';
};

/** Like `queryOf`, with list-valued filters as repeated parameters. */
const alertQueryOf = (params: object) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== '') search.append(key, String(item));
    }
  }
  const query = search.toString();
  return query ? `?${query}` : '';
};

const entityPath = (e: CompoundEntityRef) =>
  [e.namespace, e.kind, e.name].map(encodeURIComponent).join('/');

/**
 * Talks to `/api/container-security` with the signed-in user's credentials.
 *
 * @public
 */
export class ContainerSecurityClient implements ContainerSecurityApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getEntityWorkloads(
    entity: CompoundEntityRef,
  ): Promise<EntityWorkloadsResponse> {
    return this.request(`/entities/${entityPath(entity)}/workloads`);
  }

  getEntityPosture(entity: CompoundEntityRef): Promise<EntityPostureResponse> {
    return this.request(`/entities/${entityPath(entity)}/posture`);
  }

  refreshEntity(entity: CompoundEntityRef): Promise<RefreshResponse> {
    return this.request(`/entities/${entityPath(entity)}/refresh`, {
      method: 'POST',
    });
  }

  listWorkloads(
    request: WorkloadListRequest = {},
  ): Promise<WorkloadListResponse> {
    return this.request(`/workloads${queryOf(request)}`);
  }

  getScorecards(filter: ScorecardFilter = {}): Promise<ScorecardsResponse> {
    const { owner, system, domain, kind } = filter;
    return this.request(
      `/scorecards${queryOf({ owner, system, domain, kind })}`,
    );
  }

  getEntityScorecard(
    entity: CompoundEntityRef,
  ): Promise<EntityScorecardResponse> {
    return this.request(`/entities/${entityPath(entity)}/scorecard`);
  }

  getEntityVulnerabilities(
    entity: CompoundEntityRef,
  ): Promise<EntityVulnerabilitiesResponse> {
    return this.request(`/entities/${entityPath(entity)}/vulnerabilities`);
  }

  getEntityCost(entity: CompoundEntityRef): Promise<EntityCostResponse> {
    return this.request(`/entities/${entityPath(entity)}/cost`);
  }

  getCostOverview(): Promise<CostOverviewResponse> {
    return this.request('/cost/overview');
  }

  getEntityNetwork(entity: CompoundEntityRef): Promise<EntityNetworkResponse> {
    return this.request(`/entities/${entityPath(entity)}/network`);
  }

  previewEntityNetworkPolicy(
    entity: CompoundEntityRef,
    request: NetworkWhatIfRequest,
  ): Promise<NetworkWhatIfResponse> {
    return this.request(`/entities/${entityPath(entity)}/network/what-if`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  listEntityAlerts(
    entity: CompoundEntityRef,
    request: AlertListRequest = {},
  ): Promise<EntityAlertsResponse> {
    return this.request(
      `/entities/${entityPath(entity)}/alerts${alertQueryOf(request)}`,
    );
  }

  getEntityAlertHistogram(
    entity: CompoundEntityRef,
    filters: AlertListFilters = {},
  ): Promise<AlertHistogramResponse> {
    return this.request(
      `/entities/${entityPath(entity)}/alerts/histogram${alertQueryOf(
        filters,
      )}`,
    );
  }

  getEntityAlert(
    entity: CompoundEntityRef,
    id: string,
  ): Promise<FalcoAlertDetail> {
    return this.request(
      `/entities/${entityPath(entity)}/alerts/${encodeURIComponent(id)}`,
    );
  }

  setEntityAlertStatus(
    entity: CompoundEntityRef,
    id: string,
    request: AlertStatusRequest,
  ): Promise<FalcoAlertDetail> {
    return this.request(
      `/entities/${entityPath(entity)}/alerts/${encodeURIComponent(id)}/status`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      },
    );
  }

  getAlertsOverview(
    request: { from?: string; to?: string } = {},
  ): Promise<AlertsOverviewResponse> {
    return this.request(`/alerts/overview${queryOf(request)}`);
  }

  listUnattributedAlerts(
    request: { cursor?: string; limit?: number } = {},
  ): Promise<UnattributedAlertsResponse> {
    return this.request(`/alerts/unattributed${queryOf(request)}`);
  }

  listEntityAuditEvents(
    entity: CompoundEntityRef,
    request: AuditEventQuery = {},
  ): Promise<EntityAuditResponse> {
    return this.request(
      `/entities/${entityPath(entity)}/audit${queryOf(request)}`,
    );
  }

  listRiskyAuditEvents(
    request: AuditEventQuery = {},
  ): Promise<RiskyEventsResponse> {
    return this.request(`/audit/risky${queryOf(request)}`);
  }

  getRespondersOverview(): Promise<RespondersOverview> {
    return this.request('/responders');
  }

  getEntityResponders(entity: CompoundEntityRef): Promise<EntityResponders> {
    return this.request(`/entities/${entityPath(entity)}/responders`);
  }

  listEntityResponderActions(
    entity: CompoundEntityRef,
    request: ResponderActionListRequest = {},
  ): Promise<ResponderActionPage> {
    const { status, limit, cursor } = request;
    return this.request(
      `/entities/${entityPath(entity)}/responder-actions${queryOf({
        status,
        limit,
        cursor,
      })}`,
    );
  }

  listResponderActions(
    request: ResponderActionListRequest = {},
  ): Promise<ResponderActionPage> {
    const { status, limit, cursor } = request;
    return this.request(
      `/responder-actions${queryOf({ status, limit, cursor })}`,
    );
  }

  invokeEntityResponder(
    entity: CompoundEntityRef,
    request: InvokeResponderRequest,
  ): Promise<ResponderAction> {
    return this.request(`/entities/${entityPath(entity)}/responder-actions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  approveResponderAction(id: string): Promise<ResponderAction> {
    return this.request(
      `/responder-actions/${encodeURIComponent(id)}/approve`,
      { method: 'POST' },
    );
  }

  rejectResponderAction(id: string): Promise<ResponderAction> {
    return this.request(`/responder-actions/${encodeURIComponent(id)}/reject`, {
      method: 'POST',
    });
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('container-security');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
