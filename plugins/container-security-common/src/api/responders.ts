import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Invoke a responder (a Lambda function) on one catalog entity's workloads, by hand,
 * including its dry run. A different power from rescanning (`container-security.entity.act`):
 * a responder may delete pods or deactivate keys.
 *
 * @public
 */
export const containerSecurityResponderInvokePermission = createPermission({
  name: 'container-security.responder.invoke',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or reject a pending responder action on one catalog entity.
 *
 * @public
 */
export const containerSecurityResponderApprovePermission = createPermission({
  name: 'container-security.responder.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * The catalog annotation by which a service opts in to automatic responders: a
 * comma-separated list of the allow-listed function names that rules may run on it
 * without a person. Services without it can only be responded to by hand.
 *
 * @public
 */
export const RESPONDERS_ANNOTATION = 'container-security.io/responders';

/**
 * How a rule's actions run. New rules start in `dry-run` until configuration switches
 * them to `automatic` or `approval`.
 *
 * @public
 */
export const RESPONDER_RULE_MODES = ['dry-run', 'automatic', 'approval'] as const;

/**
 * One responder rule mode.
 *
 * @public
 */
export type ResponderRuleMode = (typeof RESPONDER_RULE_MODES)[number];

/**
 * How Lambda is asked to run a function (Talon's `aws_lambda_invocation_type`).
 *
 * @public
 */
export const LAMBDA_INVOCATION_TYPES = [
  'RequestResponse',
  'Event',
  'DryRun',
] as const;

/**
 * One Lambda invocation type.
 *
 * @public
 */
export type LambdaInvocationType = (typeof LAMBDA_INVOCATION_TYPES)[number];

/**
 * Where a responder action stands.
 *
 * - `dry-run`: the rule (or the person) asked for a dry run only; Lambda's `DryRun` was called.
 * - `pending-approval`: waits for an owner or the security team; expires at `expiresAt`.
 * - `rejected`, `expired`: a pending action that will not run.
 * - `running`: the invocation is under way.
 * - `succeeded`, `failed`: the invocation's outcome (`failed` covers `FunctionError`, throttling after retries, timeouts).
 * - `suppressed`: a limit stopped it (`suppressedBy` says which).
 *
 * @public
 */
export const RESPONDER_ACTION_STATUSES = [
  'dry-run',
  'pending-approval',
  'rejected',
  'expired',
  'running',
  'succeeded',
  'failed',
  'suppressed',
] as const;

/**
 * One responder action status.
 *
 * @public
 */
export type ResponderActionStatus = (typeof RESPONDER_ACTION_STATUSES)[number];

/**
 * Which limit stopped an action.
 *
 * @public
 */
export type ResponderSuppression =
  | 'kill-switch'
  | 'rule-cooldown'
  | 'service-cooldown'
  | 'hourly-limit'
  | 'not-opted-in'
  | 'not-allow-listed'
  | 'untrusted-source';

/**
 * What set an action off: a stored Falco alert or a risky CloudTrail event.
 *
 * @public
 */
export interface ResponderTrigger {
  kind: 'falco-alert' | 'audit-event';
  /** The alert's or audit event's id in the suite's store. */
  id: string;
  /** One line for people: the alert's rule and output, or the audit event's name and actor. */
  summary: string;
  /** The Falco priority, or the audit event's risk level. */
  severity?: string;
}

/**
 * The workload an action targets.
 *
 * @public
 */
export interface ResponderTarget {
  cluster?: string;
  namespace?: string;
  /** e.g. `Deployment`, `Pod`. */
  kind?: string;
  name?: string;
  /** The pod the alert names, when there is one. */
  pod?: string;
  /** The IAM access key id a risky audit event names, when there is one. */
  accessKeyId?: string;
  /** The IAM user name that owns `accessKeyId`. */
  userName?: string;
}

/**
 * The result of one Lambda invocation, as far as the suite keeps it (redacted).
 *
 * @public
 */
export interface ResponderInvocationResult {
  /** Lambda's `StatusCode`: 200 RequestResponse, 202 Event, 204 DryRun. */
  statusCode?: number;
  /** Lambda's `FunctionError` (`Unhandled`, `Handled`), when the function failed. */
  functionError?: string;
  /** The returned payload, parsed when it is JSON; secrets redacted. */
  payload?: unknown;
  /** The decoded tail of the function's log (RequestResponse only); secrets redacted. */
  logTail?: string;
  /** Why the invocation did not complete: throttled, timed out, not allowed. */
  error?: string;
  durationMs?: number;
}

/**
 * One responder action: who or which rule asked, on what, why, how, and what came of it.
 * Its `id` is the idempotency key handed to the function.
 *
 * @public
 */
export interface ResponderAction {
  id: string;
  /** The rule that matched, or undefined for an action a person started. */
  ruleName?: string;
  /** The Talon action block's name (`- action:`), or `manual`. */
  actionName: string;
  /** The Talon actionner, e.g. `aws:lambda` or a mapped `kubernetes:terminate`. */
  actionner: string;
  functionName: string;
  /** Alias or version; `$LATEST` by default. */
  qualifier: string;
  invocationType: LambdaInvocationType;
  /** How it was decided to run: a rule's mode, or `manual`. */
  mode: ResponderRuleMode | 'manual';
  status: ResponderActionStatus;
  suppressedBy?: ResponderSuppression;
  /**
   * For a suppression by a cooldown (`rule-cooldown`, `service-cooldown`): how many
   * matches of the rule on the service it stands for. Such suppressions are recorded
   * once per rule, service and cooldown window, not once per alert; `trigger` is the
   * first of them.
   */
  suppressedCount?: number;
  /** The catalog entity (string ref) whose workload it targets, if attributed. */
  entityRef?: string;
  target: ResponderTarget;
  trigger?: ResponderTrigger;
  /** `user:default/jane`, or `rule:<rule name>` for automatic actions. */
  requestedBy: string;
  /** The payload sent (or to be sent) to the function; secrets redacted. */
  payload: unknown;
  result?: ResponderInvocationResult;
  /** Who approved or rejected, and when. */
  decidedBy?: string;
  decidedAt?: string;
  /** When a pending action expires (ISO 8601). */
  expiresAt?: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A page of responder actions, newest first. `nextCursor` is opaque.
 *
 * @public
 */
export interface ResponderActionPage {
  items: ResponderAction[];
  nextCursor?: string;
}

/**
 * A function a person may run on a service (allow-listed in config).
 *
 * @public
 */
export interface ResponderFunction {
  functionName: string;
  /** From config; what the function does, for the Respond dialog. */
  description?: string;
  /** Whether the service opted in to automatic runs of this function. */
  automatic: boolean;
}

/**
 * `GET /entities/:namespace/:kind/:name/responders`: what can be run on a service.
 *
 * @public
 */
export interface EntityResponders {
  /** False when responders are not configured, or the kill switch is on. */
  enabled: boolean;
  functions: ResponderFunction[];
  /** The service's pending approvals, newest first. */
  pending: ResponderAction[];
}

/**
 * One loaded rule, as the org-wide view lists it.
 *
 * @public
 */
export interface ResponderRuleSummary {
  name: string;
  mode: ResponderRuleMode;
  /** Where the rule is defined: `file:line`. */
  source: string;
  actions: string[];
}

/**
 * `GET /responders`: the state of responders across the estate.
 *
 * @public
 */
export interface RespondersOverview {
  /** Configured and not stopped by the kill switch. */
  enabled: boolean;
  killSwitch: boolean;
  rules: ResponderRuleSummary[];
  allowedFunctions: string[];
  limits: {
    ruleCooldownSeconds: number;
    serviceCooldownSeconds: number;
    maxActionsPerHour: number;
    /** Actions that ran in the last hour. */
    actionsLastHour: number;
  };
  /** How long a pending approval waits before it expires. */
  approvalTimeoutSeconds: number;
}

/**
 * `POST /entities/:namespace/:kind/:name/responder-actions`: run a function by hand.
 * With `dryRun` (the default) Lambda's `DryRun` is called and the payload returned for
 * preview; nothing acts.
 *
 * @public
 */
export interface InvokeResponderRequest {
  functionName: string;
  /** The alert this responds to; its pod and workload become the target. */
  alertId?: string;
  /** A workload of the service, when no alert is named. */
  target?: ResponderTarget;
  dryRun?: boolean;
  /** Alias or version; `$LATEST` by default. */
  qualifier?: string;
}

/**
 * Signal channel of one entity's responder actions: a message whenever one of its
 * actions is created or changes status.
 *
 * @public
 */
export function responderSignalChannel(entityRef: string): string {
  return `container-security:responders:${entityRef}`;
}

/**
 * Signal channel of every responder action (the org-wide Responses page).
 *
 * @public
 */
export const RESPONDERS_ORG_SIGNAL_CHANNEL = 'container-security:responders';

/**
 * The message on the responder signal channels. It carries ids and the status only;
 * pages refetch through the permission-checked routes.
 *
 * @public
 */
export interface ResponderSignalMessage {
  type: 'responder-action';
  actionId: string;
  entityRef?: string;
  status: ResponderActionStatus;
  /**
   * How many action changes this signal stands for when several were coalesced into
   * one (the latest one's id and status are given); absent for one.
   */
  count?: number;
}
