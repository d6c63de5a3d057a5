import { FalcoAlertSummary } from '@containersec/plugin-container-security-common';

/** Alerts of one rule on one workload with the same output apart from its values. */
export interface AlertGroup {
  key: string;
  /** The newest alert of the group (lists are newest first). */
  newest: FalcoAlertSummary;
  count: number;
  oldestTime: string;
}

/**
 * The shape of a Falco output line without what changes from one event to the next: a
 * leading timestamp, the values of `field=value` pairs, and numbers. "12:00:01.5: Shell
 * spawned (user=root pid=4242 …)" and the same line a minute later with another pid
 * share a template.
 */
export function outputTemplate(output: string): string {
  return output
    .replace(/^\S*\d{2}:\d{2}:\d{2}(\.\d+)?\S*:?\s*/, '')
    .replace(/([\w.[\]]+)=("[^"]*"|\S+)/g, '$1=…')
    .replace(/\d+/g, '#')
    .trim();
}

const workloadOf = (a: FalcoAlertSummary) =>
  a.workload
    ? `${a.workload.kind}/${a.workload.name}`
    : [a.namespace, a.pod].filter(Boolean).join('/');

/**
 * Groups repeated alerts (same rule, workload and output template) in list order, newest
 * first: an on-call engineer sees "Terminal shell ×40" once, not forty rows.
 */
export function groupAlerts(alerts: FalcoAlertSummary[]): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const alert of alerts) {
    const key = JSON.stringify([
      alert.rule,
      workloadOf(alert),
      outputTemplate(alert.output),
    ]);
    const group = groups.get(key);
    if (group) {
      group.count += 1;
      group.oldestTime = alert.time;
    } else {
      groups.set(key, { key, newest: alert, count: 1, oldestTime: alert.time });
    }
  }
  return [...groups.values()];
}
