import { randomUUID } from 'crypto';
import { NewResponderAction } from '../ResponderActionStore';

/** A rule-started action on payments-api, overridable field by field. */
export function ruleAction(
  overrides: Partial<NewResponderAction> = {},
): NewResponderAction {
  return {
    id: randomUUID(),
    ruleName: 'Quarantine on terminal shell',
    actionIndex: 0,
    actionName: 'quarantine',
    actionner: 'aws:lambda',
    functionName: 'cs-quarantine-pod',
    qualifier: '$LATEST',
    invocationType: 'RequestResponse',
    mode: 'automatic',
    status: 'running',
    entityRef: 'component:default/payments-api',
    target: { cluster: 'demo-eks', namespace: 'payments', pod: 'p-1' },
    trigger: { kind: 'falco-alert', id: randomUUID(), summary: 'shell' },
    requestedBy: 'rule:Quarantine on terminal shell',
    payload: { dryRun: false },
    ...overrides,
  };
}
