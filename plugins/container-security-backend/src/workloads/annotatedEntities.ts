import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityWorkloadSelector,
  getEntityWorkloadSelector,
  KUBERNETES_ANNOTATIONS,
} from '@containersec/plugin-container-security-common';

/**
 * Every catalog entity tied to workloads, with its selector. Entities whose selector
 * annotation is malformed are skipped and named in `invalid`.
 */
export async function listAnnotatedEntities(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<{
  entities: Array<{ entity: Entity; selector: EntityWorkloadSelector }>;
  invalid: Array<{ entityRef: string; error: string }>;
}> {
  const { items } = await catalog.getEntities(
    {
      filter: [
        {
          [`metadata.annotations.${KUBERNETES_ANNOTATIONS.id}`]:
            CATALOG_FILTER_EXISTS,
        },
        {
          [`metadata.annotations.${KUBERNETES_ANNOTATIONS.labelSelector}`]:
            CATALOG_FILTER_EXISTS,
        },
      ],
      fields: [
        'apiVersion',
        'kind',
        'metadata',
        'spec.owner',
        'spec.system',
        'spec.lifecycle',
      ],
    },
    { credentials },
  );
  const entities: Array<{ entity: Entity; selector: EntityWorkloadSelector }> =
    [];
  const invalid: Array<{ entityRef: string; error: string }> = [];
  for (const entity of items) {
    try {
      const selector = getEntityWorkloadSelector(entity);
      if (selector) entities.push({ entity, selector });
    } catch (e) {
      invalid.push({
        entityRef: stringifyEntityRef(entity),
        error: (e as Error).message,
      });
    }
  }
  return { entities, invalid };
}

/** The domain of every system, as full refs, for placing services in domains. */
export async function systemDomains(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<string, string>> {
  const { items } = await catalog.getEntities(
    { filter: { kind: 'System' }, fields: ['kind', 'metadata', 'spec.domain'] },
    { credentials },
  );
  const domains = new Map<string, string>();
  for (const system of items) {
    const domain = (system.spec as { domain?: unknown } | undefined)?.domain;
    if (typeof domain === 'string' && domain) {
      domains.set(
        stringifyEntityRef(system),
        stringifyEntityRef(
          parseEntityRef(domain, {
            defaultKind: 'domain',
            defaultNamespace: system.metadata.namespace ?? 'default',
          }),
        ),
      );
    }
  }
  return domains;
}
