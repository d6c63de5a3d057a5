import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { CompoundEntityRef } from '@backstage/catalog-model';
import { Request } from 'express';
import { entityParams, noQuery, parse } from './validation';

/**
 * What an entity route without query parameters starts with: the entity from the path
 * (400 naming the bad part), no query keys (400 for any), and the caller's credentials.
 */
export async function readEntityRequest(
  // Any route's request: the typed routers give params and query their spec types.
  req: Request<any, any, any, any>,
  httpAuth: HttpAuthService,
): Promise<{ ref: CompoundEntityRef; credentials: BackstageCredentials }> {
  const ref = parse(entityParams, req.params, 'entity reference');
  parse(noQuery, req.query, 'query');
  return { ref, credentials: await httpAuth.credentials(req) };
}
