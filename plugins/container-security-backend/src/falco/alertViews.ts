import {
  AlertStatusChange,
  FalcoAlertDetail,
  FalcoAlertSummary,
} from '@containersec/plugin-container-security-common';
import { FalcoAlert } from './FalcoAlertStore';

/** Lists show the start of the output line; the detail shows all of it. */
const LIST_OUTPUT_CHARS = 300;

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A stored alert as lists serve it. */
export function alertSummary(alert: FalcoAlert): FalcoAlertSummary {
  return {
    id: alert.id,
    time: alert.time,
    rule: alert.rule,
    priority: alert.priority,
    source: alert.source,
    tags: alert.tags,
    hostname: alert.hostname,
    cluster: alert.cluster,
    namespace: alert.namespace,
    pod: alert.pod,
    container: alert.container,
    entityRef: alert.entityRef,
    workload: alert.workload,
    output: truncate(alert.output, LIST_OUTPUT_CHARS),
    status: alert.status,
  };
}

/** A stored alert with every field and its status history. */
export function alertDetail(
  alert: FalcoAlert,
  history: AlertStatusChange[],
): FalcoAlertDetail {
  return {
    ...alertSummary(alert),
    output: alert.output,
    outputFields: alert.outputFields,
    extraFields: alert.extraFields,
    receivedAt: new Date(alert.receivedAt).toISOString(),
    history,
  };
}
