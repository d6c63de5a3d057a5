import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  LambdaInvocationType,
  RESPONDERS_ANNOTATION,
  ResponderInvocationResult,
} from '@containersec/plugin-container-security-common';
import {
  compileTalonRules,
  parseTalonRules,
} from '@containersec/plugin-container-security-node';
import { Knex } from 'knex';
import { RespondersConfig } from '../config';
import { DatabaseResponderActionStore } from '../DatabaseResponderActionStore';
import {
  ResponderInvocation,
  ResponderInvoker,
} from '../LambdaResponderInvoker';
import { ResponderService } from '../ResponderService';
import { ResponderTriggerEvent } from '../triggers';

export const PAYMENTS = 'component:default/payments-api';
export const BILLING = 'component:default/billing';

/** Rules used across the service and router tests. */
export const RULES_YAML = `
- action: Quarantine
  actionner: aws:lambda
  parameters:
    aws_lambda_name: cs-quarantine-pod
- action: Terminate
  actionner: kubernetes:terminate
- rule: Quarantine on terminal shell
  match:
    rules: [Terminal shell in container]
  actions:
    - action: Quarantine
    - action: Terminate
- rule: Scale on crypto miner
  match:
    rules: [Detect crypto miners]
  actions:
    - action: Scale
      actionner: aws:lambda
      parameters:
        aws_lambda_name: cs-scale-to-zero
- rule: Always dry
  match:
    rules: [Write below etc]
  dry_run: true
  actions:
    - action: Quarantine
- rule: Deactivate key
  match:
    tags: [cloudtrail]
  actions:
    - action: Deactivate
      actionner: aws:lambda
      parameters:
        aws_lambda_name: cs-deactivate-access-key
`;

export function respondersConfig(
  overrides: Partial<RespondersConfig> = {},
): RespondersConfig {
  return {
    killSwitch: false,
    rulesFiles: [],
    ruleModes: {
      'Quarantine on terminal shell': 'automatic',
      'Scale on crypto miner': 'approval',
      'Always dry': 'automatic',
      'Deactivate key': 'automatic',
    },
    approvalTimeoutMs: 4 * 3_600_000,
    retentionMs: 7 * 86_400_000,
    limits: {
      ruleCooldownMs: 10 * 60_000,
      serviceCooldownMs: 2 * 60_000,
      maxActionsPerHour: 30,
    },
    functions: [
      { name: 'cs-quarantine-pod', description: 'Quarantine' },
      { name: 'cs-scale-to-zero' },
      { name: 'cs-delete-pod' },
      { name: 'cs-deactivate-access-key' },
    ],
    actionners: { 'kubernetes:terminate': 'cs-delete-pod' },
    lambda: { region: 'eu-west-1', timeoutMs: 30_000, maxRetries: 0 },
    ...overrides,
  };
}

export function entity(name: string, optIn?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: optIn ? { [RESPONDERS_ANNOTATION]: optIn } : {},
    },
    spec: { owner: 'group:default/payments-team', type: 'service' },
  };
}

/** An invoker that records calls and answers as told (success by default). */
export class FakeInvoker implements ResponderInvoker {
  readonly calls: ResponderInvocation[] = [];
  answer: (i: ResponderInvocation) => ResponderInvocationResult = i => ({
    statusCode: i.invocationType === 'DryRun' ? 204 : 200,
    payload: { status: 'done' },
    durationMs: 1,
  });
  /** Called when an invocation starts, before it answers (for order checks). */
  onInvoke?: (i: ResponderInvocation) => void;

  async invoke(i: ResponderInvocation) {
    this.calls.push(i);
    this.onInvoke?.(i);
    return this.answer(i);
  }

  types(): LambdaInvocationType[] {
    return this.calls.map(c => c.invocationType);
  }
}

export function alertTrigger(
  overrides: Partial<ResponderTriggerEvent> & {
    rule?: string;
    id?: string;
  } = {},
): ResponderTriggerEvent {
  const {
    rule = 'Terminal shell in container',
    id = 'alert-1',
    ...rest
  } = overrides;
  return {
    trigger: {
      kind: 'falco-alert',
      id,
      summary: `${rule}: shell`,
      severity: 'Notice',
    },
    event: {
      uuid: id,
      rule,
      priority: 'Notice',
      tags: ['container', 'shell'],
      output: 'A shell was spawned (password=hunter2)',
      output_fields: {
        'k8s.ns.name': 'payments',
        'k8s.pod.name': 'payments-api-1',
      },
      source: 'syscall',
    },
    entityRef: PAYMENTS,
    target: {
      cluster: 'demo',
      namespace: 'payments',
      kind: 'Deployment',
      name: 'payments-api',
      pod: 'payments-api-1',
    },
    trusted: true,
    ...rest,
  };
}

export const USER = mockCredentials.user('user:default/jane');

/** A service over `knex` with a fake invoker, a mock auditor, catalog, signals and notifications. */
export function createService(
  knex: Knex,
  options: {
    config?: Partial<RespondersConfig>;
    entities?: Entity[];
    now?: () => Date;
    invoker?: FakeInvoker;
    maxQueuedTriggers?: number;
  } = {},
) {
  const config = respondersConfig(options.config);
  const rules = compileTalonRules(
    parseTalonRules([{ path: 'rules.yaml', content: RULES_YAML }], {
      actionners: config.actionners,
    }),
  );
  const invoker = options.invoker ?? new FakeInvoker();
  const trail: string[] = [];
  const auditEvent = {
    success: jest.fn(async () => {
      trail.push('audit:success');
    }),
    fail: jest.fn(async () => {
      trail.push('audit:fail');
    }),
  };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => {
      trail.push('audit:initiated');
      return auditEvent;
    }),
  });
  invoker.onInvoke = i => trail.push(`invoke:${i.functionName}`);
  const notifications = { send: jest.fn(async () => {}) };
  const signals = { publish: jest.fn(async () => {}) };
  const store = DatabaseResponderActionStore.create(knex);
  const logger = mockServices.logger.mock();
  const catalog = catalogServiceMock({
    entities: options.entities ?? [
      entity(
        'payments-api',
        'cs-quarantine-pod,cs-delete-pod,cs-deactivate-access-key',
      ),
      entity('billing'),
    ],
  });
  const service = new ResponderService({
    config,
    rules,
    store,
    invoker,
    auditor,
    catalog,
    auth: mockServices.auth(),
    logger,
    notifications: notifications as any,
    signals: signals as any,
    getAlertTrigger: async id =>
      id === 'alert-1' ? alertTrigger() : undefined,
    now: options.now,
    maxQueuedTriggers: options.maxQueuedTriggers,
  });
  return {
    service,
    logger,
    catalog,
    store,
    invoker,
    auditor,
    auditEvent,
    trail,
    notifications,
    signals,
  };
}
