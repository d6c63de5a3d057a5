import { createBackend } from '@backstage/backend-defaults';
import { demoUsersAuthModule } from './modules/demoUsersAuth';
import {
  demoLocalPublishScaffolderModule,
  demoLocalRepositoriesCatalogModule,
} from './modules/demoLocalPublish';
import { demoPermissionPolicyModule } from './modules/permissionPolicy';
import { rootHttpRouterWithoutStackTraces } from './modules/rootHttpRouter';

const backend = createBackend();

backend.add(rootHttpRouterWithoutStackTraces);

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// Guest sign-in for the demo; see the README to switch to a real provider.
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Browser test only: sign in as a listed catalog user; inert unless
// auth.providers.demo-users is configured (app-config.e2e.yaml). See the README.
backend.add(demoUsersAuthModule);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(demoPermissionPolicyModule);

backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));

backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The events bus (database-backed on PostgreSQL): with several replicas, a signal or event
// published on one reaches subscribers, and so browsers, on every replica.
backend.add(import('@backstage/plugin-events-backend'));

// The container-security suite
backend.add(import('@containersec/plugin-container-security-backend'));
backend.add(
  import('@containersec/plugin-scaffolder-backend-module-container-security'),
);
// Demo only: scaffolded services are published to local bare repositories (README).
backend.add(demoLocalPublishScaffolderModule);
backend.add(demoLocalRepositoriesCatalogModule);
// Demo only: a local Lambda endpoint running the example responders on a fake cluster;
// it starts only when containerSecurityDemo.localLambda is configured (README, "Demo").
backend.add(import('./modules/demoLambda'));

backend.start();
