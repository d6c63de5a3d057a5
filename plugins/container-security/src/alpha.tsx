import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import { isContainerSecurityAvailable } from '@containersec/plugin-container-security-common';
import SecurityIcon from '@material-ui/icons/Security';
import { containerSecurityApiRef } from './api/ContainerSecurityApi';
import { ContainerSecurityClient } from './api/ContainerSecurityClient';
import { ORG_TABS } from './components/SecurityOverviewPage/orgTabs';

const isComponent = (entity: Entity) => entity.kind === 'Component';
// Overview cards only where the suite has something to say; the tab stays on every
// Component, where its empty state explains the annotations.
const isComponentOnKubernetes = (entity: Entity) =>
  isComponent(entity) && isContainerSecurityAvailable(entity);

const rootRouteRef = createRouteRef();

const containerSecurityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: containerSecurityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new ContainerSecurityClient(deps),
    }),
});

// The page has no content of its own: its sub-pages are the tabs of its header.
const containerSecurityPage = PageBlueprint.make({
  params: {
    path: '/container-security',
    title: 'Security',
    icon: <SecurityIcon />,
    routeRef: rootRouteRef,
  },
});

// One sub-page per tab of the legacy page, in its order; each loads its own code.
const containerSecuritySubPages = ORG_TABS.map(({ path, title }) =>
  SubPageBlueprint.make({
    attachTo: { id: 'page:container-security', input: 'pages' },
    name: path,
    params: {
      path,
      title,
      loader: () =>
        import('./components/SecurityOverviewPage').then(m => (
          <m.OrgTabPage tab={path} />
        )),
    },
  }),
);

const entitySecurityContent = EntityContentBlueprint.make({
  params: {
    path: '/security',
    title: 'Security',
    filter: isComponent,
    loader: () =>
      import('./components/EntitySecurityContent').then(m => (
        <m.EntitySecurityContent />
      )),
  },
});

const entitySecurityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: isComponentOnKubernetes,
    // Beside the About card, so the grade is visible without scrolling.
    type: 'info',
    loader: () =>
      import('./components/SecurityOverviewCard').then(m => (
        <m.SecurityOverviewCard />
      )),
  },
});

const entityCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: isComponentOnKubernetes,
    loader: () => import('./components/CostCard').then(m => <m.CostCard />),
  },
});

const entityScorecardCard = EntityCardBlueprint.make({
  name: 'scorecard',
  params: {
    filter: (entity: Entity) =>
      ['System', 'Domain', 'Group'].includes(entity.kind),
    loader: () =>
      import('./components/EntityScorecardCard').then(m => (
        <m.EntityScorecardCard />
      )),
  },
});

/**
 * The container-security plugin for apps on the new frontend system: the Security
 * tab and Overview card on Component pages, the Security scorecard card on System,
 * Domain and Group pages, and the org-wide Security page in the nav.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'container-security',
  title: 'Security',
  icon: <SecurityIcon />,
  routes: { root: rootRouteRef },
  extensions: [
    containerSecurityApi,
    containerSecurityPage,
    ...containerSecuritySubPages,
    entitySecurityContent,
    entitySecurityCard,
    entityScorecardCard,
    entityCostCard,
  ],
});
