import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { containerSecurityResponderApprovePermission } from '@containersec/plugin-container-security-common';

/** The group whose members may act on every entity. */
export const SECURITY_TEAM_REF = 'group:default/security-team';

/**
 * The demo portal's policy: everyone who is signed in reads everything; acting on a
 * catalog entity (the suite's act permission, and the catalog's own update, delete and
 * refresh, and invoking responders) is reserved to the entity's owners and the security
 * team; approving a pending responder action to the security team alone. Creating things
 * (scaffolder runs, catalog locations) stays open so anyone can scaffold a service.
 */
export class DemoPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.attributes.action === 'read') {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
      const claims = user
        ? (await this.userInfo.getUserInfo(user.credentials))
            .ownershipEntityRefs
        : [];
      if (claims.includes(SECURITY_TEAM_REF)) {
        return { result: AuthorizeResult.ALLOW };
      }
      if (
        permission.name === containerSecurityResponderApprovePermission.name
      ) {
        return { result: AuthorizeResult.DENY };
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export const demoPermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DemoPermissionPolicy(userInfo));
      },
    });
  },
});
