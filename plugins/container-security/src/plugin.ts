import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { containerSecurityApiRef } from './api/ContainerSecurityApi';
import { ContainerSecurityClient } from './api/ContainerSecurityClient';
import { rootRouteRef } from './routes';

/**
 * The container-security frontend plugin, for apps on the legacy frontend system.
 * Apps on the new frontend system install `@containersec/plugin-container-security/alpha`.
 *
 * @public
 */
export const containerSecurityPlugin = createPlugin({
  id: 'container-security',
  apis: [
    createApiFactory({
      api: containerSecurityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ContainerSecurityClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The org-wide Security page.
 *
 * @public
 */
export const ContainerSecurityPage: () => JSX.Element =
  containerSecurityPlugin.provide(
    createRoutableExtension({
      name: 'ContainerSecurityPage',
      component: () =>
        import('./components/SecurityOverviewPage').then(
          m => m.SecurityOverviewPage,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The Security tab content of an entity page.
 *
 * @public
 */
export const EntityContainerSecurityContent: () => JSX.Element =
  containerSecurityPlugin.provide(
    createComponentExtension({
      name: 'EntityContainerSecurityContent',
      component: {
        lazy: () =>
          import('./components/EntitySecurityContent').then(
            m => m.EntitySecurityContent,
          ),
      },
    }),
  );

/**
 * The Container security card for an entity's Overview tab.
 *
 * @public
 */
export const EntityContainerSecurityCard: () => JSX.Element =
  containerSecurityPlugin.provide(
    createComponentExtension({
      name: 'EntityContainerSecurityCard',
      component: {
        lazy: () =>
          import('./components/SecurityOverviewCard').then(
            m => m.SecurityOverviewCard,
          ),
      },
    }),
  );

/**
 * The Cost card for an entity's Overview tab: the monthly estimate and potential savings
 * from the cost hints.
 *
 * @public
 */
export const EntityContainerSecurityCostCard: () => JSX.Element =
  containerSecurityPlugin.provide(
    createComponentExtension({
      name: 'EntityContainerSecurityCostCard',
      component: {
        lazy: () => import('./components/CostCard').then(m => m.CostCard),
      },
    }),
  );

/**
 * The Security scorecard card for System, Domain and Group pages: the roll-up grade
 * and score and the table of its services.
 *
 * @public
 */
export const EntityScorecardCard: () => JSX.Element =
  containerSecurityPlugin.provide(
    createComponentExtension({
      name: 'EntityScorecardCard',
      component: {
        lazy: () =>
          import('./components/EntityScorecardCard').then(
            m => m.EntityScorecardCard,
          ),
      },
    }),
  );
