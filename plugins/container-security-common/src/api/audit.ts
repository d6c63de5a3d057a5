import { Severity } from '../posture/types';

/**
 * Why an audit event is risky: one risky-event rule that fired on it.
 *
 * @public
 */
export interface AuditRisk {
  /** The rule's id, e.g. `console-login-without-mfa`. */
  ruleId: string;
  title: string;
  severity: Severity;
  /** Why the rule fired on this event, in one sentence. */
  why: string;
}

/**
 * Who made a call, as CloudTrail recorded it.
 *
 * @public
 */
export interface AuditPrincipal {
  /** `userIdentity.type`: IAMUser, AssumedRole, Root, AWSService, … */
  type: string;
  /** The caller's ARN (for an assumed role, the session ARN). */
  arn?: string;
  /** A readable name: the user name, the role (and session) name, or `root`. */
  name: string;
  /** For assumed roles: the role the session was issued for (the IRSA role acting). */
  roleArn?: string;
  /** Set when the call came from an AWS service on the caller's behalf. */
  invokedBy?: string;
}

/**
 * One CloudTrail event, normalised for display.
 *
 * @public
 */
export interface AuditEvent {
  eventId: string;
  /** ISO 8601. */
  eventTime: string;
  eventName: string;
  /** e.g. `iam.amazonaws.com`. */
  eventSource: string;
  accountId: string;
  region: string;
  principal: AuditPrincipal;
  sourceIp?: string;
  userAgent?: string;
  /** Whether the caller signed in / authenticated with MFA; undefined when the record does not say. */
  mfaUsed?: boolean;
  /** The error code of a failed call; undefined for a successful one. */
  errorCode?: string;
  errorMessage?: string;
  readOnly?: boolean;
  /** The resources the call named (ARNs where known, else `type:name`). */
  resources: string[];
  /** The risky-event rules that fired on this event, most severe first. */
  risks: AuditRisk[];
  /** Which audit source stored it, e.g. `cloudtrail-api` or `cloudtrail-logs:demo`. */
  source: string;
}

/**
 * The state of one audit source for one account and region.
 *
 * @public
 */
export interface AuditSourceStatus {
  source: string;
  accountId: string;
  region: string;
  status: 'ok' | 'error' | 'access-denied' | 'pending';
  /** What went wrong, safe to show (no secrets). */
  message?: string;
  /** ISO 8601: the end of the last window that was fully stored. */
  syncedUntil?: string;
  /** ISO 8601: when the source last finished a run (successful or not). */
  lastRunAt?: string;
}

/**
 * Filters of the audit timeline.
 *
 * @public
 */
export interface AuditEventQuery {
  /** ISO 8601, inclusive. */
  from?: string;
  /** ISO 8601, exclusive. */
  to?: string;
  eventName?: string;
  eventSource?: string;
  /** Matches the principal's ARN or name (substring, case-insensitive). */
  principal?: string;
  riskyOnly?: boolean;
  errorsOnly?: boolean;
  /** 1–200, default 50. */
  limit?: number;
  /** The `nextCursor` of the previous page. */
  cursor?: string;
}

/**
 * Response of `GET /entities/:namespace/:kind/:name/audit`.
 *
 * @public
 */
export interface EntityAuditResponse {
  entityRef: string;
  /** False when the entity has no AWS annotations that events could match. */
  hasAwsResources: boolean;
  /** The resource keys the entity's annotations resolve to (what events are matched on). */
  resourceKeys: string[];
  /** Annotation values that could not be understood. */
  invalidAnnotations: string[];
  items: AuditEvent[];
  /** Pass as `cursor` to get the next (older) page; absent on the last page. */
  nextCursor?: string;
  sources: AuditSourceStatus[];
}

/**
 * A risky event in the org-wide list, with the services whose resources it touched.
 *
 * @public
 */
export interface RiskyAuditEvent extends AuditEvent {
  entityRefs: string[];
}

/**
 * Response of `GET /audit/risky`.
 *
 * @public
 */
export interface RiskyEventsResponse {
  items: RiskyAuditEvent[];
  nextCursor?: string;
  sources: AuditSourceStatus[];
}

/**
 * Response of `GET /audit/sources`.
 *
 * @public
 */
export interface AuditSourcesResponse {
  sources: AuditSourceStatus[];
}
