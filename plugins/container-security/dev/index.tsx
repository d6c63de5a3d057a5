import { Entity } from '@backstage/catalog-model';
import {
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { createDevApp } from '@backstage/dev-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { mockApis } from '@backstage/test-utils';
import {
  containerSecurityApiRef,
  containerSecurityPlugin,
  ContainerSecurityPage,
  EntityContainerSecurityCard,
  EntityContainerSecurityContent,
} from '../src';
import { mockContainerSecurityApi } from './mockApi';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

// Entity links (the org page's tables) need the catalog's entity route mounted somewhere.
const EntityPagePlaceholder = createPlugin({ id: 'catalog' }).provide(
  createRoutableExtension({
    name: 'EntityPagePlaceholder',
    mountPoint: entityRouteRef,
    component: async () => () =>
      <p>The dev app has no catalog entity pages.</p>,
  }),
);

createDevApp()
  .registerPlugin(containerSecurityPlugin)
  .registerApi({
    api: containerSecurityApiRef,
    deps: {},
    factory: () => mockContainerSecurityApi,
  })
  // Everything is allowed, so the views that check permissions render their actions.
  .registerApi({
    api: permissionApiRef,
    deps: {},
    factory: () => mockApis.permission(),
  })
  .addPage({
    element: <ContainerSecurityPage />,
    title: 'Security page',
    path: '/container-security',
  })
  .addPage({
    element: (
      <EntityProvider entity={entity}>
        <EntityContainerSecurityContent />
      </EntityProvider>
    ),
    title: 'Security tab',
    path: '/security-tab',
  })
  .addPage({
    element: (
      <EntityProvider entity={entity}>
        <EntityContainerSecurityCard />
      </EntityProvider>
    ),
    title: 'Overview card',
    path: '/overview-card',
  })
  .addPage({
    element: <EntityPagePlaceholder />,
    path: '/catalog/:namespace/:kind/:name',
  })
  .render();
