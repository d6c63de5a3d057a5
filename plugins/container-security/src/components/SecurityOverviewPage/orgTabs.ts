import { ComponentType, lazy } from 'react';

/** One tab of the org-wide Security page: its path under the page, title and code. */
export interface OrgTab {
  path: string;
  title: string;
  /** Loaded when the tab is first opened. */
  Component: ComponentType;
}

function lazyTab(load: () => Promise<ComponentType>) {
  return lazy(() => load().then(component => ({ default: component })));
}

/** The tabs in navigation order; the first is the page's default. */
export const ORG_TABS: readonly OrgTab[] = [
  {
    path: 'scorecard',
    title: 'Scorecard',
    Component: lazyTab(() =>
      import('../Scorecards').then(m => m.ScorecardsContent),
    ),
  },
  {
    path: 'workloads',
    title: 'Workloads',
    Component: lazyTab(() =>
      import('./WorkloadsContent').then(m => m.WorkloadsContent),
    ),
  },
  {
    path: 'alerts',
    title: 'Alerts',
    Component: lazyTab(() =>
      import('../AlertsOverview').then(m => m.AlertsOverview),
    ),
  },
  {
    path: 'risky-events',
    title: 'Risky events',
    Component: lazyTab(() => import('../RiskyEvents').then(m => m.RiskyEvents)),
  },
  {
    path: 'cost',
    title: 'Cost',
    Component: lazyTab(() =>
      import('../CostOverview').then(m => m.CostOverview),
    ),
  },
  {
    path: 'responses',
    title: 'Responses',
    Component: lazyTab(() =>
      import('../ResponsesOverview').then(m => m.ResponsesOverview),
    ),
  },
];
