/**
 * The invocation payload the container-security backend sends to a responder function,
 * and the answer a function returns. Mirrors the contract in the suite's README; kept
 * here (not imported from the suite) so a team can deploy the handlers on their own.
 */

/** The workload the action targets; which fields a handler needs depends on the handler. */
export interface ResponderTarget {
  cluster?: string | null;
  namespace?: string | null;
  kind?: string | null;
  name?: string | null;
  pod?: string | null;
  accessKeyId?: string | null;
  userName?: string | null;
}

/** What the backend sends. Only `idempotencyKey`, `dryRun` and `target` drive a handler. */
export interface ResponderPayload {
  idempotencyKey: string;
  dryRun: boolean;
  action?: {
    name?: string;
    actionner?: string;
    parameters?: Record<string, unknown>;
  };
  rule?: string | null;
  requestedBy?: string;
  entityRef?: string | null;
  target: ResponderTarget;
  event?: Record<string, unknown> | null;
}

/** What a handler returns; a failure throws instead (Lambda reports `FunctionError`). */
export interface ResponderAnswer {
  status: 'done' | 'already-done' | 'dry-run';
  /** One line per change made (or, in a dry run, that would be made). */
  changes: string[];
  message: string;
}

/** Thrown when the payload is not one a handler can act on; nothing was changed. */
export class InvalidPayloadError extends Error {
  readonly name = 'InvalidPayloadError';
}

// Kubernetes names: DNS-1123 subdomain (pods, deployments) and label (namespaces).
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// The key lands in an annotation value and in log lines: keep it printable and bounded.
const IDEMPOTENCY_KEY = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks the parts of the payload every handler relies on and returns it typed.
 * Each problem names the field, so a failed invocation says what to fix.
 */
export function parsePayload(input: unknown): ResponderPayload {
  // Lambda hands over whatever was sent; a string body means a client double-encoded it.
  if (!isRecord(input)) {
    throw new InvalidPayloadError('payload: expected a JSON object');
  }
  const { idempotencyKey, dryRun, target } = input;
  if (
    typeof idempotencyKey !== 'string' ||
    !IDEMPOTENCY_KEY.test(idempotencyKey)
  ) {
    throw new InvalidPayloadError(
      'idempotencyKey: expected 1-128 characters of letters, digits and . _ : -',
    );
  }
  if (dryRun !== undefined && typeof dryRun !== 'boolean') {
    throw new InvalidPayloadError('dryRun: expected true or false');
  }
  if (!isRecord(target)) {
    throw new InvalidPayloadError('target: expected an object');
  }
  if (
    input.action !== undefined &&
    input.action !== null &&
    !isRecord(input.action)
  ) {
    throw new InvalidPayloadError('action: expected an object');
  }
  return {
    ...(input as unknown as ResponderPayload),
    idempotencyKey,
    dryRun: dryRun ?? false,
    target: target as ResponderTarget,
  };
}

/** A target field that must be a Kubernetes namespace name. */
export function requireNamespace(target: ResponderTarget): string {
  const value = target.namespace;
  if (typeof value !== 'string' || !DNS_LABEL.test(value)) {
    throw new InvalidPayloadError(
      'target.namespace: expected a Kubernetes namespace name',
    );
  }
  return value;
}

/** A target field that must be a Kubernetes object name (`pod`, `name`). */
export function requireObjectName(
  target: ResponderTarget,
  field: 'pod' | 'name',
): string {
  const value = target[field];
  if (typeof value !== 'string' || !DNS_SUBDOMAIN.test(value)) {
    throw new InvalidPayloadError(
      `target.${field}: expected a Kubernetes object name`,
    );
  }
  return value;
}

/** The same, for an optional field: absent (undefined or null) is fine, malformed is not. */
export function optionalObjectName(
  target: ResponderTarget,
  field: 'pod' | 'name',
): string | undefined {
  if (target[field] === undefined || target[field] === null) {
    return undefined;
  }
  return requireObjectName(target, field);
}
