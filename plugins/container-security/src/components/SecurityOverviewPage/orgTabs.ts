import { LazyTab, lazyTab } from '../LinkTabs/lazyTab';

/** The tabs of the org-wide Security page in navigation order; the first is its default. */
export const ORG_TABS: readonly LazyTab[] = [
  lazyTab('scorecard', 'Scorecard', () =>
    import('../Scorecards').then(m => m.ScorecardsContent),
  ),
  lazyTab('workloads', 'Workloads', () =>
    import('./WorkloadsContent').then(m => m.WorkloadsContent),
  ),
  lazyTab('alerts', 'Alerts', () =>
    import('../AlertsOverview').then(m => m.AlertsOverview),
  ),
  lazyTab('risky-events', 'Risky events', () =>
    import('../RiskyEvents').then(m => m.RiskyEvents),
  ),
  lazyTab('cost', 'Cost', () =>
    import('../CostOverview').then(m => m.CostOverview),
  ),
  lazyTab('responses', 'Responses', () =>
    import('../ResponsesOverview').then(m => m.ResponsesOverview),
  ),
];
