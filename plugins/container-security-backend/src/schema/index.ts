import { ApiRouter } from '@backstage/backend-openapi-utils';
import Router from 'express-promise-router';
import { spec } from './openapi/generated/router';

/**
 * A router of the plugin's API typed from `openapi.yaml`: a route the spec does not
 * describe, or an answer of another shape, fails the type check. Requests are still
 * checked by each route's zod schemas, whose 4xx messages name each field; the spec's
 * request validator is not mounted, since its messages and its JSON body parser would
 * change what callers get.
 */
export type ContainerSecurityApiRouter = ApiRouter<typeof spec>;

/** A new, empty {@link ContainerSecurityApiRouter}. */
export function createApiRouter(): ContainerSecurityApiRouter {
  return Router() as ContainerSecurityApiRouter;
}
