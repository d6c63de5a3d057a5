/**
 * Falco priorities, most severe first, spelled as Falco writes them in its JSON output.
 *
 * @public
 */
export const FALCO_PRIORITIES = [
  'Emergency',
  'Alert',
  'Critical',
  'Error',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
] as const;

/**
 * One Falco priority.
 *
 * @public
 */
export type FalcoPriority = (typeof FALCO_PRIORITIES)[number];

// Falco's rules files and its `priority` setting accept these spellings too.
const PRIORITY_ALIASES: Record<string, FalcoPriority> = {
  emergency: 'Emergency',
  alert: 'Alert',
  critical: 'Critical',
  error: 'Error',
  warning: 'Warning',
  notice: 'Notice',
  informational: 'Informational',
  info: 'Informational',
  debug: 'Debug',
};

/**
 * The canonical priority for a spelling Falco accepts (case-insensitive, `info` for
 * `Informational`), or undefined for anything else.
 *
 * @public
 */
export function parseFalcoPriority(value: unknown): FalcoPriority | undefined {
  if (typeof value !== 'string') return undefined;
  return PRIORITY_ALIASES[value.trim().toLowerCase()];
}

/**
 * Severity rank of a priority: 7 for Emergency down to 0 for Debug, so that
 * `falcoPriorityRank(a) >= falcoPriorityRank(b)` reads "a is at least as severe as b".
 *
 * @public
 */
export function falcoPriorityRank(priority: FalcoPriority): number {
  return FALCO_PRIORITIES.length - 1 - FALCO_PRIORITIES.indexOf(priority);
}

/**
 * The priorities at or above `min`, most severe first.
 *
 * @public
 */
export function falcoPrioritiesAtLeast(min: FalcoPriority): FalcoPriority[] {
  return FALCO_PRIORITIES.slice(0, FALCO_PRIORITIES.indexOf(min) + 1);
}

/**
 * Where an alert stands for the people who own the service.
 *
 * @public
 */
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;

/**
 * One alert status.
 *
 * @public
 */
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/**
 * The workload an alert was attributed to.
 *
 * @public
 */
export interface AlertWorkloadRef {
  cluster: string;
  namespace: string;
  kind: string;
  name: string;
}

/**
 * One alert as lists show it. Every string is attacker-controlled text from the
 * event (a process name or command line can be anything): render it as text only.
 *
 * @public
 */
export interface FalcoAlertSummary {
  id: string;
  /** RFC 3339 with Falco's nanoseconds kept. */
  time: string;
  rule: string;
  priority: FalcoPriority;
  /** Falco's event source (`syscall`, `k8s_audit`, …) when the event names one. */
  source?: string;
  tags: string[];
  hostname?: string;
  cluster?: string;
  namespace?: string;
  pod?: string;
  container?: string;
  /** The entity that owns the pod, when attribution found one. */
  entityRef?: string;
  workload?: AlertWorkloadRef;
  /** Falco's rendered output line, truncated for lists. */
  output: string;
  status: AlertStatus;
}

/**
 * One change of an alert's status, with who made it and why.
 *
 * @public
 */
export interface AlertStatusChange {
  status: AlertStatus;
  comment: string;
  /** The user entity ref of whoever changed it. */
  by: string;
  at: string;
}

/**
 * `GET …/alerts/:id`: one alert with every field of the event.
 *
 * @public
 */
export interface FalcoAlertDetail extends FalcoAlertSummary {
  /** The full output line. */
  output: string;
  /** Falco's `output_fields`, values as the event carried them (exact integers as strings). */
  outputFields: Record<string, unknown>;
  /** Fields of the event the suite does not model, kept as received. */
  extraFields: Record<string, unknown>;
  receivedAt?: string;
  history: AlertStatusChange[];
}

/**
 * `GET /entities/:namespace/:kind/:name/alerts`: newest first, keyset-paged.
 *
 * @public
 */
export interface EntityAlertsResponse {
  entityRef: string;
  items: FalcoAlertSummary[];
  /** Pass back as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
  /** Whether the caller may acknowledge and resolve this entity's alerts. */
  canAct: boolean;
}

/**
 * Filters shared by the alert list and histogram routes.
 *
 * @public
 */
export interface AlertListFilters {
  priority?: FalcoPriority[];
  rule?: string[];
  status?: AlertStatus[];
  /** Workload name. */
  workload?: string;
  container?: string;
  tags?: string[];
  /** ISO 8601 bounds; `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
}

/**
 * One time bucket of a histogram: how many alerts of each priority began in it.
 *
 * @public
 */
export interface AlertHistogramBucket {
  /** Start of the bucket (ISO 8601). */
  start: string;
  counts: Partial<Record<FalcoPriority, number>>;
}

/**
 * `GET /entities/:namespace/:kind/:name/alerts/histogram`.
 *
 * @public
 */
export interface AlertHistogramResponse {
  from: string;
  to: string;
  bucketMs: number;
  buckets: AlertHistogramBucket[];
}

/**
 * `POST /entities/:namespace/:kind/:name/alerts/:id/status` body.
 *
 * @public
 */
export interface AlertStatusRequest {
  status: AlertStatus;
  comment: string;
}

/**
 * A count and its change against the period of the same length just before.
 *
 * @public
 */
export interface AlertCountWithChange {
  key: string;
  count: number;
  previousCount: number;
}

/**
 * One time bucket of the org-wide series, split by one dimension.
 *
 * @public
 */
export interface AlertSeriesBucket {
  start: string;
  counts: Record<string, number>;
}

/**
 * `GET /alerts/overview`: the org-wide picture of one period.
 *
 * @public
 */
export interface AlertsOverviewResponse {
  from: string;
  to: string;
  bucketMs: number;
  total: number;
  previousTotal: number;
  /** Series by priority, rule and service (entity ref, or `unattributed`). */
  byPriority: AlertSeriesBucket[];
  byRule: AlertSeriesBucket[];
  byService: AlertSeriesBucket[];
  /** Most frequent rules, with the previous period's count. */
  topRules: AlertCountWithChange[];
  priorities: AlertCountWithChange[];
  services: AlertCountWithChange[];
  unattributedCount: number;
}

/**
 * `GET /alerts/unattributed`: alerts no service owns yet, newest first.
 *
 * @public
 */
export interface UnattributedAlertsResponse {
  items: FalcoAlertSummary[];
  nextCursor?: string;
}

/**
 * The payload of the live signal sent after new alerts are stored and attributed;
 * carries no event text so that subscribers refetch through the permission-checked routes.
 *
 * @public
 */
export interface AlertSignalMessage {
  type: 'alerts';
  entityRef?: string;
  count: number;
  /** The most severe priority among the new alerts. */
  maxPriority: FalcoPriority;
}

/**
 * Signal channel of one entity's alerts.
 *
 * @public
 */
export function alertSignalChannel(entityRef: string): string {
  return `container-security:alerts:${entityRef}`;
}

/**
 * Signal channel of every alert (the org-wide page).
 *
 * @public
 */
export const ALERTS_ORG_SIGNAL_CHANNEL = 'container-security:alerts';
