import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  SignInResolver,
} from '@backstage/plugin-auth-node';

/** The header that names the catalog user to sign in as. */
export const DEMO_USER_HEADER = 'x-demo-user';

/** The provider id, and its key under `auth.providers`. */
export const DEMO_USERS_PROVIDER_ID = 'demo-users';

interface DemoUsersContext {
  users: Set<string>;
  disabled: boolean;
}

/** What the authenticator found: the user to sign in as. */
export interface DemoUserResult {
  userEntityRef: string;
}

const userRefOf = (text: string) =>
  stringifyEntityRef(
    parseEntityRef(text.trim(), {
      defaultKind: 'user',
      defaultNamespace: 'default',
    }),
  );

/**
 * Signs in as the catalog user the request names in `x-demo-user`, if that user is
 * listed in `auth.providers.demo-users.users`. Like the guest provider it works only in
 * development unless `dangerouslyAllowOutsideDevelopment` is set: anyone who can reach
 * the backend can pick any listed identity.
 */
export const demoUsersAuthenticator = createProxyAuthenticator<
  DemoUsersContext,
  DemoUserResult,
  undefined
>({
  defaultProfileTransform: async result => ({
    profile: { displayName: parseEntityRef(result.userEntityRef).name },
  }),
  initialize({ config }: { config: Config }) {
    return {
      users: new Set(config.getStringArray('users').map(userRefOf)),
      disabled:
        process.env.NODE_ENV !== 'development' &&
        config.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') !==
          true,
    };
  },
  async authenticate({ req }, ctx) {
    if (ctx.disabled) {
      throw new NotAllowedError(
        `The ${DEMO_USERS_PROVIDER_ID} provider works only in development`,
      );
    }
    const named = req.header(DEMO_USER_HEADER);
    if (!named) {
      throw new AuthenticationError(`Missing ${DEMO_USER_HEADER} header`);
    }
    let userEntityRef: string;
    try {
      userEntityRef = userRefOf(named);
    } catch {
      throw new AuthenticationError(`Invalid ${DEMO_USER_HEADER} header`);
    }
    if (!ctx.users.has(userEntityRef)) {
      throw new NotAllowedError(
        `${userEntityRef} is not listed in auth.providers.${DEMO_USERS_PROVIDER_ID}.users`,
      );
    }
    return { result: { userEntityRef } };
  },
});

/** Signs in as the named user's catalog entity, with its groups as ownership. */
export const signInAsDemoUser: SignInResolver<DemoUserResult> = async (
  { result },
  ctx,
) => ctx.signInWithCatalogUser({ entityRef: result.userEntityRef });

/**
 * Demo and browser test only: an auth provider that lets a request choose who to sign in
 * as among a configured list of catalog users, so one backend can serve a security-team
 * member and a service owner side by side. Inert unless `auth.providers.demo-users` is
 * configured (only `app-config.e2e.yaml` does); the demo's own sign-in stays the guest
 * provider.
 */
export const demoUsersAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-users-provider',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: DEMO_USERS_PROVIDER_ID,
          factory: createProxyAuthProviderFactory({
            authenticator: demoUsersAuthenticator,
            signInResolver: signInAsDemoUser,
          }),
        });
      },
    });
  },
});
