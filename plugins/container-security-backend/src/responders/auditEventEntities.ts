import { AuthService } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { entitiesByAwsResourceKey, StoredRiskyAuditEvent } from '../audit';

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
  const byKey = await entitiesByAwsResourceKey(deps.catalog, credentials);
  for (const e of events) {
    const refs = e.resourceKeys.flatMap(k => byKey.get(k) ?? []).sort();
    if (refs.length) result.set(e.event.eventId, refs[0]);
  }
  return result;
}
