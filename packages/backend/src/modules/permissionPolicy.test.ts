import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  containerSecurityEntityActPermission,
  containerSecurityEntityReadPermission,
  containerSecurityOverviewReadPermission,
  containerSecurityResponderApprovePermission,
  containerSecurityResponderInvokePermission,
} from '@containersec/plugin-container-security-common';
import { DemoPermissionPolicy } from './permissionPolicy';

// The policy reads ownership through the user-info service, as the real backend does.
const user = (...ownershipEntityRefs: string[]): PolicyQueryUser => ({
  credentials: mockCredentials.user(ownershipEntityRefs[0]),
  info: { userEntityRef: ownershipEntityRefs[0], ownershipEntityRefs },
});

const userInfo = mockServices.userInfo.mock({
  getUserInfo: async credentials => {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    const groups: Record<string, string[]> = {
      'user:default/grace.hopper': ['group:default/security-team'],
      'user:default/guest': ['group:default/storefront-team'],
    };
    return { userEntityRef: ref, ownershipEntityRefs: [ref, ...groups[ref]] };
  },
});

describe('DemoPermissionPolicy', () => {
  const policy = new DemoPermissionPolicy(userInfo);

  it('lets everyone read', async () => {
    for (const permission of [
      containerSecurityEntityReadPermission,
      containerSecurityOverviewReadPermission,
    ]) {
      await expect(
        policy.handle({ permission }, user('user:default/guest')),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('lets the security team act on any entity', async () => {
    await expect(
      policy.handle(
        { permission: containerSecurityEntityActPermission },
        user('user:default/grace.hopper', 'group:default/security-team'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('limits everyone else to the entities they own', async () => {
    const decision = await policy.handle(
      { permission: containerSecurityEntityActPermission },
      user('user:default/guest', 'group:default/storefront-team'),
    );
    expect(decision).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/guest', 'group:default/storefront-team'],
        },
      },
    });
  });

  it('gives callers without a user identity no ownership', async () => {
    const decision = await policy.handle({
      permission: containerSecurityEntityActPermission,
    });
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { params: { claims: [] } },
    });
  });

  it('lets owners invoke responders on their entities, and only the security team approve', async () => {
    await expect(
      policy.handle(
        { permission: containerSecurityResponderInvokePermission },
        user('user:default/guest', 'group:default/storefront-team'),
      ),
    ).resolves.toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: { rule: 'IS_ENTITY_OWNER' },
    });
    await expect(
      policy.handle(
        { permission: containerSecurityResponderApprovePermission },
        user('user:default/guest', 'group:default/storefront-team'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle(
        { permission: containerSecurityResponderApprovePermission },
        user('user:default/grace.hopper', 'group:default/security-team'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });
});
