import {
  AlertCountWithChange,
  AlertsOverviewResponse,
  FALCO_PRIORITIES,
} from '@containersec/plugin-container-security-common';
import { FalcoAlertCount, FalcoAlertStore } from './FalcoAlertStore';
import { chooseBucketMs, denseSeries } from './histogram';

/** How many rules and services the overview names; the rest are summed as `other`. */
const TOP = 8;

const serviceKey = (c: FalcoAlertCount) => c.entityRef ?? 'unattributed';
const ruleKey = (c: FalcoAlertCount) => c.rule ?? '';
const priorityKey = (c: FalcoAlertCount) => c.priority ?? 'Debug';

function totalsOf(
  counts: FalcoAlertCount[],
  keyOf: (c: FalcoAlertCount) => string,
): Map<string, number> {
  const totals = new Map<string, number>();
  for (const c of counts) {
    totals.set(keyOf(c), (totals.get(keyOf(c)) ?? 0) + c.count);
  }
  return totals;
}

/** The `limit` largest keys; the others are summed under `other`. */
function topKeys(totals: Map<string, number>, limit: number): Set<string> {
  return new Set(
    [...totals.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, limit)
      .map(([k]) => k),
  );
}

function withChange(
  current: Map<string, number>,
  previous: Map<string, number>,
  keys: Iterable<string>,
): AlertCountWithChange[] {
  return [...keys]
    .map(key => ({
      key,
      count: current.get(key) ?? 0,
      previousCount: previous.get(key) ?? 0,
    }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

/**
 * The org-wide alert overview: series by priority, rule and service over a range, and
 * each total beside the same-length range before it.
 */
export class AlertOverviewService {
  constructor(private readonly alerts: FalcoAlertStore) {}

  async getOverview(range: {
    fromMs: number;
    toMs: number;
  }): Promise<AlertsOverviewResponse> {
    const { fromMs, toMs } = range;
    const { alerts } = this;
    const span = toMs - fromMs;
    const bucketMs = chooseBucketMs(fromMs, toMs, 48);
    const current = { fromMs, toMs };
    const previous = { fromMs: fromMs - span, toMs: fromMs };
    const [byPriority, byRule, byService, prevPriority, prevRule, prevService] =
      await Promise.all([
        alerts.aggregate({ filter: current, groupBy: ['priority'], bucketMs }),
        alerts.aggregate({ filter: current, groupBy: ['rule'], bucketMs }),
        alerts.aggregate({ filter: current, groupBy: ['entityRef'], bucketMs }),
        alerts.aggregate({ filter: previous, groupBy: ['priority'] }),
        alerts.aggregate({ filter: previous, groupBy: ['rule'] }),
        alerts.aggregate({ filter: previous, groupBy: ['entityRef'] }),
      ]);
    const ruleTotals = totalsOf(byRule, ruleKey);
    const serviceTotals = totalsOf(byService, serviceKey);
    const priorityTotals = totalsOf(byPriority, priorityKey);
    const topRules = topKeys(ruleTotals, TOP);
    const topServices = topKeys(serviceTotals, TOP);
    const orOther = (keys: Set<string>, key: string) =>
      keys.has(key) ? key : 'other';
    const series = (
      counts: FalcoAlertCount[],
      keyOf: (c: FalcoAlertCount) => string,
    ) => denseSeries(counts, keyOf, fromMs, toMs, bucketMs);
    return {
      from: new Date(fromMs).toISOString(),
      to: new Date(toMs).toISOString(),
      bucketMs,
      total: [...priorityTotals.values()].reduce((a, b) => a + b, 0),
      previousTotal: prevPriority.reduce((a, c) => a + c.count, 0),
      byPriority: series(byPriority, priorityKey),
      byRule: series(byRule, c => orOther(topRules, ruleKey(c))),
      byService: series(byService, c => orOther(topServices, serviceKey(c))),
      topRules: withChange(ruleTotals, totalsOf(prevRule, ruleKey), topRules),
      priorities: withChange(
        priorityTotals,
        totalsOf(prevPriority, priorityKey),
        FALCO_PRIORITIES,
      ).filter(p => p.count > 0 || p.previousCount > 0),
      services: withChange(
        serviceTotals,
        totalsOf(prevService, serviceKey),
        topServices,
      ),
      unattributedCount: serviceTotals.get('unattributed') ?? 0,
    };
  }
}
