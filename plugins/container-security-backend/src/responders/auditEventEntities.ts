import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AWS_ANNOTATIONS,
  getEntityAwsResources,
} from '@containersec/plugin-container-security-common';
import { entityResourceKeys } from '@containersec/plugin-container-security-node';
import { StoredRiskyAuditEvent } from '../audit/AuditIngester';

/**
 * The service of each risky audit event: the first (by ref) entity whose AWS annotations
 * name a resource the event touched. Read with the plugin's own credentials (nobody
 * asked; the automatic path). Events touching no annotated resource have none.
 */
export async function auditEventEntities(
  events: StoredRiskyAuditEvent[],
  deps: { catalog: CatalogService; auth: AuthService },
): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  if (!events.some(e => e.resourceKeys.length)) return result;
  const credentials = await deps.auth.getOwnServiceCredentials();
  const { items } = await deps.catalog.getEntities(
    {
      filter: Object.values(AWS_ANNOTATIONS).map(annotation => ({
        [`metadata.annotations.${annotation}`]: CATALOG_FILTER_EXISTS,
      })),
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const byKey = new Map<string, string[]>();
  for (const entity of items) {
    const ref = stringifyEntityRef(entity);
    for (const key of entityResourceKeys(getEntityAwsResources(entity))) {
      byKey.set(key, [...(byKey.get(key) ?? []), ref]);
    }
  }
  for (const e of events) {
    const refs = e.resourceKeys.flatMap(k => byKey.get(k) ?? []).sort();
    if (refs.length) result.set(e.event.eventId, refs[0]);
  }
  return result;
}
