import { LazyTab, lazyTab } from '../LinkTabs/lazyTab';

/** One area of the Security tab: its path under the tab, its title and its code. */
export interface SecurityArea extends LazyTab {
  /** Shown in the navigation only when the service has responders. */
  needsResponders?: boolean;
}

/** The areas in navigation order; the first is the tab's default. */
export const SECURITY_AREAS: readonly SecurityArea[] = [
  lazyTab('posture', 'Posture', () =>
    import('../PostureSection').then(m => m.PostureSection),
  ),
  lazyTab('vulnerabilities', 'Vulnerabilities', () =>
    import('../VulnerabilitiesSection').then(m => m.VulnerabilitiesSection),
  ),
  lazyTab('alerts', 'Alerts', () =>
    import('../AlertsSection').then(m => m.AlertsSection),
  ),
  lazyTab('network', 'Network', () =>
    import('../NetworkSection').then(m => m.NetworkSection),
  ),
  lazyTab('audit', 'Audit', () =>
    import('../AuditSection').then(m => m.AuditSection),
  ),
  lazyTab('cost', 'Cost', () =>
    import('../CostSection').then(m => m.CostSection),
  ),
  lazyTab('workloads', 'Workloads', () =>
    import('./WorkloadsArea').then(m => m.WorkloadsArea),
  ),
  {
    ...lazyTab('response', 'Response', () =>
      import('../ResponseSection').then(m => m.ResponseSection),
    ),
    needsResponders: true,
  },
];
