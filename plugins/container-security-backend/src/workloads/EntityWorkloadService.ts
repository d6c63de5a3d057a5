import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  containerSecurityEntityReadPermission,
  EntityWorkloadSelector,
  EntityWorkloadsResponse,
  getEntityWorkloadSelector,
  LabelSelectorSyntaxError,
  WorkloadSummary,
} from '@containersec/plugin-container-security-common';
import { WorkloadStore } from './WorkloadStore';

/** Resolves an entity's workloads, checking the caller's permission on that entity. */
export class EntityWorkloadService {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      permissions: PermissionsService;
      store: WorkloadStore;
    },
  ) {}

  /** Whether the caller holds the permission on the entity (for showing what they may do). */
  async isAllowed(
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.deps.permissions.authorize(
      [{ permission, resourceRef: entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Throws NotAllowedError unless the caller holds the permission on the entity. */
  async authorize(
    entityRef: string,
    permission: ResourcePermission<'catalog-entity'>,
    credentials: BackstageCredentials,
  ) {
    if (!(await this.isAllowed(entityRef, permission, credentials))) {
      throw new NotAllowedError(
        `Not allowed: ${permission.name} on ${entityRef}`,
      );
    }
  }

  /**
   * Checks read permission, fetches the entity with the caller's credentials and derives
   * its workload selector (undefined when it has no Kubernetes annotations).
   */
  async resolveEntity(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<{
    entity: Entity;
    entityRef: string;
    selector: EntityWorkloadSelector | undefined;
  }> {
    const entityRef = stringifyEntityRef(ref);
    await this.authorize(
      entityRef,
      containerSecurityEntityReadPermission,
      credentials,
    );
    const entity = await this.deps.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef} in the catalog`);
    }
    try {
      return { entity, entityRef, selector: getEntityWorkloadSelector(entity) };
    } catch (e) {
      if (e instanceof LabelSelectorSyntaxError) {
        throw new InputError(
          `${entityRef} has an invalid annotation: ${e.message}`,
        );
      }
      throw e;
    }
  }

  /** The entity's workloads, after the same permission check as `resolveEntity`. */
  async listEntityWorkloads(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<{ entityRef: string; workloads: WorkloadSummary[] }> {
    const { entityRef, selector } = await this.resolveEntity(ref, credentials);
    if (!selector) return { entityRef, workloads: [] };
    const { items } = await this.deps.store.listWorkloads({ selector });
    return { entityRef, workloads: items };
  }

  async getEntityWorkloads(
    ref: CompoundEntityRef,
    credentials: BackstageCredentials,
  ): Promise<EntityWorkloadsResponse> {
    const [workloads, sources] = await Promise.all([
      this.listEntityWorkloads(ref, credentials),
      this.deps.store.listSourceStatuses(),
    ]);
    return { ...workloads, sources };
  }
}
