import {
  AlertWorkloadRef,
  ResponderTarget,
  ResponderTrigger,
  Severity,
} from '@containersec/plugin-container-security-common';
import { TalonEvent } from '@containersec/plugin-container-security-node';
import { StoredRiskyAuditEvent } from '../audit';
import { NewFalcoAlert } from '../falco';
import { redactText } from './redact';

/** Something that may set responders off: the event rules match on, and what it is about. */
export interface ResponderTriggerEvent {
  trigger: ResponderTrigger;
  /** What Talon rules match on, and what the function receives as `event`. */
  event: TalonEvent;
  entityRef?: string;
  target: ResponderTarget;
  /** Whether it came from a configured, authenticated source (automatic actions need it). */
  trusted: boolean;
}

/** A one-line summary for people: redacted (alert output can carry secrets) and clipped. */
function clip(text: string, max: number) {
  const redacted = redactText(text);
  return redacted.length > max ? `${redacted.slice(0, max - 1)}…` : redacted;
}

/** The Talon event of a stored Falco alert, as Falco posted it. */
export function talonEventOfAlert(alert: NewFalcoAlert): TalonEvent {
  const uuid = alert.extraFields.uuid;
  return {
    uuid: typeof uuid === 'string' ? uuid : alert.id,
    rule: alert.rule,
    priority: alert.priority,
    tags: alert.tags,
    output_fields: alert.outputFields,
    output: alert.output,
    ...(alert.source ? { source: alert.source } : {}),
    ...(alert.hostname ? { hostname: alert.hostname } : {}),
    time: new Date(alert.timeMs).toISOString(),
  };
}

/** A stored, attributed Falco alert as a responder trigger. */
export function falcoAlertTrigger(
  alert: NewFalcoAlert,
  attribution: { entityRef?: string; workload?: AlertWorkloadRef },
  trusted: boolean,
): ResponderTriggerEvent {
  const workload = attribution.workload;
  return {
    trigger: {
      kind: 'falco-alert',
      id: alert.id,
      summary: clip(`${alert.rule}: ${alert.output}`, 500),
      severity: alert.priority,
    },
    event: talonEventOfAlert(alert),
    entityRef: attribution.entityRef,
    target: {
      cluster: workload?.cluster ?? alert.cluster,
      namespace: workload?.namespace ?? alert.namespace,
      ...(workload ? { kind: workload.kind, name: workload.name } : {}),
      pod: alert.pod,
    },
    trusted,
  };
}

// Audit risk levels in Falco's priority words, so `match.priority` works on both.
const PRIORITY_OF_SEVERITY: Record<Severity, string> = {
  critical: 'Critical',
  high: 'Error',
  medium: 'Warning',
  low: 'Notice',
  info: 'Informational',
};

/**
 * A risky CloudTrail event as a Talon event: `rule` is the audit rule id that fired
 * (the most severe one), `priority` its risk level in Falco's words, tags
 * `aws`, `cloudtrail`, the event source's service and every fired rule id, and
 * `aws.*` output fields. Audit sources are configured and pulled with the backend's
 * own credentials, so they count as trusted.
 */
export function auditEventTrigger(
  stored: StoredRiskyAuditEvent,
  entityRef: string | undefined,
): ResponderTriggerEvent {
  const { event } = stored;
  const top = event.risks[0];
  const service = event.eventSource.split('.')[0];
  return {
    trigger: {
      kind: 'audit-event',
      id: event.eventId,
      summary: clip(
        `${top.title}: ${event.eventName} by ${event.principal.name}`,
        500,
      ),
      severity: top.severity,
    },
    event: {
      uuid: event.eventId,
      rule: top.ruleId,
      priority: PRIORITY_OF_SEVERITY[top.severity] ?? 'Warning',
      tags: [
        ...new Set([
          'aws',
          'cloudtrail',
          service,
          ...event.risks.map(r => r.ruleId),
        ]),
      ],
      output: `${top.title}: ${top.why}`,
      output_fields: {
        'aws.eventName': event.eventName,
        'aws.eventSource': event.eventSource,
        'aws.accountId': event.accountId,
        'aws.region': event.region,
        'aws.user': event.principal.name,
        'aws.userArn': event.principal.arn ?? null,
        'aws.accessKeyId': stored.accessKeyId ?? null,
        'aws.sourceIP': event.sourceIp ?? null,
        'aws.errorCode': event.errorCode ?? null,
        'aws.rules': event.risks.map(r => r.ruleId).join(','),
      },
      source: 'aws_cloudtrail',
      time: event.eventTime,
    },
    entityRef,
    target: {
      ...(stored.accessKeyId ? { accessKeyId: stored.accessKeyId } : {}),
      ...(stored.userName ? { userName: stored.userName } : {}),
    },
    trusted: true,
  };
}
