import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuditEventQuery,
  EntityAuditResponse,
  getEntityAwsResources,
  RiskyEventsResponse,
} from '@containersec/plugin-container-security-common';
import { entityResourceKeys } from '@containersec/plugin-container-security-node';
import { AuditStore } from './AuditStore';
import { entitiesByAwsResourceKey } from './entitiesByAwsResourceKey';

type Filter = Omit<AuditEventQuery, 'limit' | 'from' | 'to'> & {
  limit: number;
  from?: Date;
  to?: Date;
};

/** Reads stored audit events for the routes; never calls AWS. */
export class AuditService {
  constructor(
    private readonly deps: { store: AuditStore; catalog: CatalogService },
  ) {}

  async getEntityAudit(
    entity: Entity,
    filter: Filter,
  ): Promise<EntityAuditResponse> {
    const resources = getEntityAwsResources(entity);
    const resourceKeys = entityResourceKeys(resources);
    const [page, sources] = await Promise.all([
      this.deps.store.queryEvents({ ...filter, resourceKeys }),
      this.deps.store.listStatuses(),
    ]);
    return {
      entityRef: stringifyEntityRef(entity),
      hasAwsResources: resourceKeys.length > 0,
      resourceKeys,
      invalidAnnotations: resources.invalid,
      ...page,
      sources,
    };
  }

  /**
   * Risky events org-wide, each with the services (that the caller may see in the
   * catalog) whose annotated resources it touched.
   */
  async getRiskyEvents(
    filter: Filter,
    credentials: BackstageCredentials,
  ): Promise<RiskyEventsResponse> {
    const [page, sources] = await Promise.all([
      this.deps.store.queryEvents({ ...filter, riskyOnly: true }),
      this.deps.store.listStatuses(),
    ]);
    const keysByEvent = await this.deps.store.resourceKeysOf(
      page.items.map(e => e.eventId),
    );
    const entitiesByKey = page.items.length
      ? await this.entitiesByResourceKey(credentials)
      : new Map<string, string[]>();
    return {
      items: page.items.map(event => ({
        ...event,
        entityRefs: [
          ...new Set(
            (keysByEvent.get(event.eventId) ?? []).flatMap(
              key => entitiesByKey.get(key) ?? [],
            ),
          ),
        ].sort(),
      })),
      nextCursor: page.nextCursor,
      sources,
    };
  }

  listSources() {
    return this.deps.store.listStatuses();
  }

  private entitiesByResourceKey(credentials: BackstageCredentials) {
    return entitiesByAwsResourceKey(this.deps.catalog, credentials);
  }
}
