import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { containerSecurityOverviewReadPermission } from '@containersec/plugin-container-security-common';
import { Request } from 'express';

/**
 * Checks that the caller may read the org-wide views (`container-security.overview.read`)
 * and resolves with their credentials; throws NotAllowedError (403) otherwise.
 */
export async function authorizeOverview(
  deps: { httpAuth: HttpAuthService; permissions: PermissionsService },
  // Any route's request: the typed routers give params and query their spec types.
  req: Request<any, any, any, any>,
): Promise<BackstageCredentials> {
  const credentials = await deps.httpAuth.credentials(req);
  const [decision] = await deps.permissions.authorize(
    [{ permission: containerSecurityOverviewReadPermission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed: ${containerSecurityOverviewReadPermission.name}`,
    );
  }
  return credentials;
}
