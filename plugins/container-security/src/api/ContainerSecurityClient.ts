import { CompoundEntityRef } from '@backstage/catalog-model';
import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  EntityPostureResponse,
  EntityWorkloadsResponse,
  RefreshResponse,
  WorkloadListResponse,
} from '@containersec/plugin-container-security-common';
import {
  ContainerSecurityApi,
  WorkloadListRequest,
} from './ContainerSecurityApi';

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
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(request)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const query = params.toString();
    return this.request(`/workloads${query ? `?${query}` : ''}`);
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
