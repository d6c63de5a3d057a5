import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
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
  ContainerSecurityApi,
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

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('container-security');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
