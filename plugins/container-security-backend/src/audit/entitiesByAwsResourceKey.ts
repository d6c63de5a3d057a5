import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AWS_ANNOTATIONS,
  getEntityAwsResources,
} from '@containersec/plugin-container-security-common';
import { entityResourceKeys } from '@containersec/plugin-container-security-node';

/**
 * The entities (string refs) whose AWS annotations name each resource key, read from
 * the catalog with the given credentials: the one lookup that ties audit events to
 * services, for the audit routes and for responders.
 */
export async function entitiesByAwsResourceKey(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Map<string, string[]>> {
  const { items } = await catalog.getEntities(
    {
      // One filter per annotation: the filters are OR-ed.
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
  const result = new Map<string, string[]>();
  for (const entity of items) {
    const ref = stringifyEntityRef(entity);
    for (const key of entityResourceKeys(getEntityAwsResources(entity))) {
      result.set(key, [...(result.get(key) ?? []), ref]);
    }
  }
  return result;
}
