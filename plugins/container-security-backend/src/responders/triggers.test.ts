import { mockServices } from '@backstage/backend-test-utils';
import {
  compileTalonRules,
  DEFAULT_AUDIT_RULE_SETTINGS,
  parseTalonRules,
} from '@containersec/plugin-container-security-node';
import { AuditIngester, StoredRiskyAuditEvent } from '../audit/AuditIngester';
import { AuditStore } from '../audit/AuditStore';
import { roleCall } from '../audit/__testUtils__/records';
import { AlertPostProcessor } from '../falco/attribution/AlertPostProcessor';
import {
  alertFromText,
  syntheticEvent,
} from '../falco/attribution/__testUtils__/falcoFixtures';
import { auditEventTrigger, falcoAlertTrigger } from './triggers';
import { EXAMPLE_ACCESS_KEY_ID } from './__fixtures__/secrets';

function memoryAuditStore(): AuditStore {
  return {
    existingEventIds: async () => new Set(),
    listAccessDenied: async () => [],
    storeEvents: async (rows: unknown[]) => rows.length,
    addRisks: async () => {},
  } as unknown as AuditStore;
}

const stopLogging = roleCall(1, {
  eventName: 'StopLogging',
  eventSource: 'cloudtrail.amazonaws.com',
  userIdentity: {
    type: 'IAMUser',
    arn: 'arn:aws:iam::111122223333:user/mallory',
    accountId: '111122223333',
    userName: 'mallory',
    accessKeyId: EXAMPLE_ACCESS_KEY_ID,
  },
  requestParameters: { name: 'main-trail' },
});

describe('risky audit events as responder triggers', () => {
  it('hands newly stored risky events to the listener, and only those', async () => {
    const seen: StoredRiskyAuditEvent[][] = [];
    const ingester = new AuditIngester({
      store: memoryAuditStore(),
      settings: DEFAULT_AUDIT_RULE_SETTINGS,
      onRiskyEventsStored: events => seen.push(events),
    });
    await ingester.ingest([roleCall(2), stopLogging], 'test');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ eventName: 'StopLogging' }),
        accessKeyId: EXAMPLE_ACCESS_KEY_ID,
        userName: 'mallory',
      }),
    ]);
    await ingester.ingest([roleCall(3)], 'test');
    expect(seen).toHaveLength(1);
  });

  it('maps a risky event to a Talon event that rules can match', async () => {
    const seen: StoredRiskyAuditEvent[] = [];
    await new AuditIngester({
      store: memoryAuditStore(),
      settings: DEFAULT_AUDIT_RULE_SETTINGS,
      onRiskyEventsStored: events => seen.push(...events),
    }).ingest([stopLogging], 'test');
    const trigger = auditEventTrigger(seen[0], 'component:default/audit');
    expect(trigger).toMatchObject({
      trigger: { kind: 'audit-event', id: 'evt-000001', severity: 'critical' },
      entityRef: 'component:default/audit',
      target: { accessKeyId: EXAMPLE_ACCESS_KEY_ID, userName: 'mallory' },
      trusted: true,
      event: {
        rule: 'logging-disabled',
        priority: 'Critical',
        tags: ['aws', 'cloudtrail', 'logging-disabled'],
        source: 'aws_cloudtrail',
        output_fields: expect.objectContaining({
          'aws.eventName': 'StopLogging',
          'aws.user': 'mallory',
          'aws.accessKeyId': EXAMPLE_ACCESS_KEY_ID,
        }),
      },
    });
    const rules = compileTalonRules(
      parseTalonRules(
        [
          {
            path: 'r.yaml',
            content: [
              '- rule: Deactivate the key',
              '  match:',
              '    priority: ">=Error"',
              '    tags: [aws, cloudtrail]',
              '    output_fields: ["aws.eventName=StopLogging"]',
              '  actions:',
              '    - action: Deactivate',
              '      actionner: aws:lambda',
              '      parameters: { aws_lambda_name: cs-deactivate-access-key }',
            ].join('\n'),
          },
        ],
        {},
      ),
    );
    expect(rules.match(trigger.event).map(m => m.rule.name)).toEqual([
      'Deactivate the key',
    ]);
  });
});

describe('Falco alerts as responder triggers', () => {
  const alert = alertFromText(
    syntheticEvent({ priority: 'Critical' }),
    Date.parse('2026-12-07T10:00:00Z'),
  );

  it('are handed to listeners once attributed, and a failing listener harms nothing', async () => {
    const heard: unknown[] = [];
    const notifier = { handle: jest.fn(async () => {}) };
    const post = new AlertPostProcessor({
      attribution: {
        attributeNew: async (alerts: any[]) =>
          alerts.map(a => ({
            alert: a,
            entityRef: 'component:default/cart',
            workload: {
              cluster: 'demo',
              namespace: 'shop',
              kind: 'Deployment',
              name: 'cart',
            },
          })),
      } as any,
      notifier: notifier as any,
      logger: mockServices.logger.mock(),
    });
    post.onAlertsAttributed(() => {
      throw new Error('boom');
    });
    post.onAlertsAttributed(attributed => heard.push(...attributed));
    await post.onAlertsStored([alert]);
    expect(heard).toEqual([
      expect.objectContaining({ entityRef: 'component:default/cart' }),
    ]);
    expect(notifier.handle).toHaveBeenCalled();
  });

  it('carry the alert as Falco posted it and its workload as the target', () => {
    const trigger = falcoAlertTrigger(
      alert,
      {
        entityRef: 'component:default/cart',
        workload: {
          cluster: 'demo',
          namespace: 'shop',
          kind: 'Deployment',
          name: 'cart',
        },
      },
      false,
    );
    expect(trigger).toMatchObject({
      trigger: { kind: 'falco-alert', id: alert.id, severity: 'Critical' },
      entityRef: 'component:default/cart',
      trusted: false,
      target: {
        cluster: 'demo',
        namespace: 'shop',
        kind: 'Deployment',
        name: 'cart',
      },
      event: {
        rule: alert.rule,
        priority: 'Critical',
        output: alert.output,
        output_fields: alert.outputFields,
        tags: alert.tags,
      },
    });
    expect(trigger.target.pod).toBe(alert.pod);
  });

  it('redact secrets from the summary people see', () => {
    const leaky = alertFromText(
      syntheticEvent({ output: 'curl -u admin password=hunter2 http://x' }),
      Date.parse('2026-12-07T10:00:00Z'),
    );
    const trigger = falcoAlertTrigger(leaky, {}, true);
    expect(trigger.trigger.summary).toContain('password=[REDACTED]');
    expect(trigger.trigger.summary).not.toContain('hunter2');
  });
});
