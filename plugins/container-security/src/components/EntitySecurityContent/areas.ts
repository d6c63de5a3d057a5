import { ComponentType, lazy } from 'react';

/** One area of the Security tab: its path under the tab, its title and its code. */
export interface SecurityArea {
  path: string;
  title: string;
  /** Loaded when the area is first opened, so the tab's first paint carries none of it. */
  Component: ComponentType;
  /** Shown in the navigation only when the service has responders. */
  needsResponders?: boolean;
}

function lazyArea(load: () => Promise<ComponentType>) {
  return lazy(() => load().then(component => ({ default: component })));
}

/** The areas in navigation order; the first is the tab's default. */
export const SECURITY_AREAS: readonly SecurityArea[] = [
  {
    path: 'posture',
    title: 'Posture',
    Component: lazyArea(() =>
      import('../PostureSection').then(m => m.PostureSection),
    ),
  },
  {
    path: 'vulnerabilities',
    title: 'Vulnerabilities',
    Component: lazyArea(() =>
      import('../VulnerabilitiesSection').then(m => m.VulnerabilitiesSection),
    ),
  },
  {
    path: 'alerts',
    title: 'Alerts',
    Component: lazyArea(() =>
      import('../AlertsSection').then(m => m.AlertsSection),
    ),
  },
  {
    path: 'network',
    title: 'Network',
    Component: lazyArea(() =>
      import('../NetworkSection').then(m => m.NetworkSection),
    ),
  },
  {
    path: 'audit',
    title: 'Audit',
    Component: lazyArea(() =>
      import('../AuditSection').then(m => m.AuditSection),
    ),
  },
  {
    path: 'cost',
    title: 'Cost',
    Component: lazyArea(() =>
      import('../CostSection').then(m => m.CostSection),
    ),
  },
  {
    path: 'workloads',
    title: 'Workloads',
    Component: lazyArea(() =>
      import('./WorkloadsArea').then(m => m.WorkloadsArea),
    ),
  },
  {
    path: 'response',
    title: 'Response',
    needsResponders: true,
    Component: lazyArea(() =>
      import('../ResponseSection').then(m => m.ResponseSection),
    ),
  },
];
