import { KubernetesObject } from '@containersec/plugin-container-security-node';
import { apiVersionOf, KubernetesResourceType } from './resourceTypes';

/** One page of a list call, as objects the rest of the suite reads. */
export interface ListPage {
  objects: KubernetesObject[];
  /** The `continue` token of the next page; undefined on the last page. */
  continueToken?: string;
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns one list response body (`PodList`, `DeploymentList`, …) into objects. The API
 * omits `kind` and `apiVersion` on list items, so they are set from the listed type;
 * `metadata.managedFields` (server-side apply bookkeeping, often most of the object)
 * is dropped. Items without a name are not objects and are left out.
 */
export function readListPage(
  body: unknown,
  type: KubernetesResourceType,
): ListPage {
  if (!isRecord(body) || !Array.isArray(body.items)) {
    throw new Error(`the ${type.kind} list response has no items`);
  }
  const apiVersion = apiVersionOf(type);
  const objects: KubernetesObject[] = [];
  for (const item of body.items) {
    if (!isRecord(item) || !isRecord(item.metadata)) continue;
    if (typeof item.metadata.name !== 'string' || !item.metadata.name) continue;
    const { managedFields: _managedFields, ...metadata } = item.metadata;
    objects.push({
      ...item,
      apiVersion,
      kind: type.kind,
      metadata: metadata as KubernetesObject['metadata'],
    });
  }
  const token = isRecord(body.metadata) ? body.metadata.continue : undefined;
  return {
    objects,
    continueToken: typeof token === 'string' && token ? token : undefined,
  };
}
