import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import {
  alertTrigger,
  BILLING,
  createService,
  FakeInvoker,
  PAYMENTS,
  USER,
} from './__testUtils__/service';
import { ResponderPayload } from './ResponderService';
import { REDACTED } from './redact';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = new Date('2026-12-07T10:00:00Z');

describe.each(databases.eachSupportedId())('ResponderService on %p', id => {
  let knex: Knex;
  let clock: Date;
  const now = () => clock;
  const advance = (minutes: number) => {
    clock = new Date(clock.getTime() + minutes * 60_000);
  };

  beforeEach(async () => {
    knex = await databases.init(id);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    clock = T0;
  });

  async function actions() {
    return knex('container_security_responder_actions').orderBy('action_index');
  }

  it('runs an automatic rule on an opted-in service from a trusted source, with the contract payload', async () => {
    const { service, invoker } = createService(knex, { now });
    await service.handle(alertTrigger());
    expect(invoker.calls.map(c => c.functionName)).toEqual([
      'cs-quarantine-pod',
      'cs-delete-pod',
    ]);
    const payload = invoker.calls[0].payload as ResponderPayload;
    const rows = await actions();
    expect(payload).toEqual({
      idempotencyKey: rows[0].id,
      dryRun: false,
      action: {
        name: 'Quarantine',
        actionner: 'aws:lambda',
        parameters: expect.any(Object),
      },
      rule: 'Quarantine on terminal shell',
      requestedBy: 'rule:Quarantine on terminal shell',
      entityRef: PAYMENTS,
      target: {
        cluster: 'demo',
        namespace: 'payments',
        kind: 'Deployment',
        name: 'payments-api',
        pod: 'payments-api-1',
        accessKeyId: null,
        userName: null,
      },
      event: expect.objectContaining({ rule: 'Terminal shell in container' }),
    });
    expect(rows.map(r => [r.status, r.mode, r.actionner])).toEqual([
      ['succeeded', 'automatic', 'aws:lambda'],
      ['succeeded', 'automatic', 'kubernetes:terminate'],
    ]);
    // The stored payload is redacted; the function got the real text.
    expect(JSON.parse(rows[0].payload).event.output).toBe(
      `A shell was spawned (password=${REDACTED})`,
    );
    expect(payload.event?.output).toBe(
      'A shell was spawned (password=hunter2)',
    );
  });

  it('creates one action and one invocation for a redelivered trigger', async () => {
    const { service, invoker } = createService(knex, { now });
    await service.handle(alertTrigger());
    await service.handle(alertTrigger());
    service.submit([alertTrigger(), alertTrigger()]);
    await service.idle();
    expect(invoker.calls).toHaveLength(2); // two actions of one rule, once each
    expect(await actions()).toHaveLength(2);
  });

  it('creates one action across two service instances on one database', async () => {
    const a = createService(knex, { now });
    const b = createService(knex, { now });
    await Promise.all([
      a.service.handle(alertTrigger()),
      b.service.handle(alertTrigger()),
      a.service.handle(alertTrigger()),
      b.service.handle(alertTrigger()),
    ]);
    expect(a.invoker.calls.length + b.invoker.calls.length).toBe(2);
    expect(
      [...a.invoker.calls, ...b.invoker.calls].map(c => c.functionName).sort(),
    ).toEqual(['cs-delete-pod', 'cs-quarantine-pod']);
    expect(await actions()).toHaveLength(2);
  });

  it('writes the audit record before it acts and its outcome after', async () => {
    const { service, trail, auditor, auditEvent, invoker } = createService(
      knex,
      { now },
    );
    invoker.answer = i =>
      i.functionName === 'cs-delete-pod'
        ? { statusCode: 200, functionError: 'Unhandled', durationMs: 1 }
        : { statusCode: 200, payload: { status: 'done' }, durationMs: 1 };
    await service.handle(alertTrigger());
    expect(trail).toEqual([
      'audit:initiated',
      'invoke:cs-quarantine-pod',
      'audit:success',
      'audit:initiated',
      'invoke:cs-delete-pod',
      'audit:fail',
    ]);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'responder-invoke',
        severityLevel: 'high',
        meta: expect.objectContaining({
          functionName: 'cs-quarantine-pod',
          requestedBy: 'rule:Quarantine on terminal shell',
          entityRef: PAYMENTS,
        }),
      }),
    );
    expect(auditEvent.fail).toHaveBeenCalledWith(
      expect.objectContaining({ error: expect.any(Error) }),
    );
    const rows = await actions();
    expect(rows.map(r => r.status)).toEqual(['succeeded', 'failed']);
  });

  it('stores running before the invocation', async () => {
    const invoker = new FakeInvoker();
    const { service } = createService(knex, { now, invoker });
    const seen: string[] = [];
    const original = invoker.invoke.bind(invoker);
    invoker.invoke = async i => {
      const row = await knex('container_security_responder_actions')
        .where({ id: (i.payload as ResponderPayload).idempotencyKey })
        .first();
      seen.push(row.status);
      return original(i);
    };
    await service.handle(alertTrigger());
    expect(seen).toEqual(['running', 'running']);
    expect((await actions()).map(r => r.status)).toEqual([
      'succeeded',
      'succeeded',
    ]);
  });

  it('does not act when the audit record cannot be written', async () => {
    const { service, invoker, auditor } = createService(knex, { now });
    (auditor.createEvent as jest.Mock).mockRejectedValue(
      new Error('auditor down'),
    );
    await service.handle(alertTrigger());
    expect(invoker.calls).toHaveLength(0);
    // The first action failed without ignore_errors: the rule's later action is not run.
    const rows = await actions();
    expect(rows.map(r => r.status)).toEqual(['failed']);
  });

  it('runs rules in dry-run unless configured, and always for dry_run rules', async () => {
    const { service, invoker } = createService(knex, {
      now,
      config: { ruleModes: { 'Always dry': 'automatic' } },
    });
    await service.handle(alertTrigger());
    await service.handle(
      alertTrigger({ id: 'alert-2', rule: 'Write below etc' }),
    );
    expect(invoker.types()).toEqual(['DryRun', 'DryRun', 'DryRun']);
    expect((invoker.calls[0].payload as ResponderPayload).dryRun).toBe(true);
    const rows = await knex('container_security_responder_actions');
    expect(rows.map(r => r.status)).toEqual(['dry-run', 'dry-run', 'dry-run']);
    expect(rows.every(r => r.mode === 'dry-run')).toBe(true);
  });

  it('suppresses automatic actions for services that did not opt in, and untrusted sources', async () => {
    const { service, invoker } = createService(knex, { now });
    await service.handle(alertTrigger({ entityRef: BILLING }));
    await service.handle(alertTrigger({ id: 'alert-2', trusted: false }));
    expect(invoker.calls).toHaveLength(0);
    const rows = await knex('container_security_responder_actions').orderBy([
      'trigger_id',
      'action_index',
    ]);
    expect(rows.map(r => [r.trigger_id, r.status, r.suppressed_by])).toEqual([
      ['alert-1', 'suppressed', 'not-opted-in'],
      ['alert-1', 'suppressed', 'not-opted-in'],
      ['alert-2', 'suppressed', 'untrusted-source'],
      ['alert-2', 'suppressed', 'untrusted-source'],
    ]);
  });

  it('records everything as suppressed under the kill switch, manual ones too', async () => {
    const { service, invoker } = createService(knex, {
      now,
      config: { killSwitch: true },
    });
    await service.handle(alertTrigger());
    const manual = await service.invokeManually(
      {
        entityRef: PAYMENTS,
        functionName: 'cs-scale-to-zero',
        alertId: 'alert-1',
        dryRun: false,
      },
      USER,
    );
    expect(invoker.calls).toHaveLength(0);
    expect(manual).toMatchObject({
      status: 'suppressed',
      suppressedBy: 'kill-switch',
    });
    const rows = await actions();
    expect(rows.every(r => r.suppressed_by === 'kill-switch')).toBe(true);
  });

  it('holds the rule cooldown, the service cooldown and the hourly limit', async () => {
    const { service, invoker } = createService(knex, {
      now,
      config: {
        limits: {
          ruleCooldownMs: 10 * 60_000,
          serviceCooldownMs: 2 * 60_000,
          maxActionsPerHour: 3,
        },
        ruleModes: {
          'Quarantine on terminal shell': 'automatic',
          'Deactivate key': 'automatic',
        },
      },
    });
    await service.handle(alertTrigger({ id: 'a1' }));
    expect(invoker.calls).toHaveLength(2);
    advance(1);
    await service.handle(alertTrigger({ id: 'a2' }));
    advance(2);
    // Another rule on the same service, 3 minutes after: past the service cooldown.
    const keyEvent = alertTrigger({ id: 'k1' });
    keyEvent.event = {
      ...keyEvent.event,
      rule: 'iam-key',
      tags: ['aws', 'cloudtrail'],
    };
    await service.handle(keyEvent);
    advance(1);
    const keyEvent2 = alertTrigger({ id: 'k2' });
    keyEvent2.event = {
      ...keyEvent2.event,
      rule: 'iam-key',
      tags: ['aws', 'cloudtrail'],
    };
    await service.handle(keyEvent2);
    advance(20);
    await service.handle(alertTrigger({ id: 'a3' }));
    const rows = await knex('container_security_responder_actions').orderBy([
      'created_at',
      'action_index',
    ]);
    // A cooldown suppression stands for the match (one row, counted), not per action.
    expect(
      rows.map(r => [
        r.trigger_id,
        r.status,
        r.suppressed_by,
        r.suppressed_count,
      ]),
    ).toEqual([
      ['a1', 'succeeded', null, null],
      ['a1', 'succeeded', null, null],
      ['a2', 'suppressed', 'rule-cooldown', 1],
      ['k1', 'succeeded', null, null],
      ['k2', 'suppressed', 'rule-cooldown', 1],
      ['a3', 'suppressed', 'hourly-limit', null],
      ['a3', 'suppressed', 'hourly-limit', null],
    ]);
    expect(invoker.calls).toHaveLength(3);
  });

  it('suppresses by service cooldown when another rule acted on the service just before', async () => {
    const { service, invoker } = createService(knex, { now });
    await service.handle(alertTrigger({ id: 'a1' }));
    advance(1);
    const keyEvent = alertTrigger({ id: 'k1' });
    keyEvent.event = {
      ...keyEvent.event,
      rule: 'iam-key',
      tags: ['cloudtrail'],
    };
    await service.handle(keyEvent);
    const row = await knex('container_security_responder_actions')
      .where({ trigger_id: 'k1' })
      .first();
    expect([row.status, row.suppressed_by]).toEqual([
      'suppressed',
      'service-cooldown',
    ]);
    expect(invoker.calls).toHaveLength(2);
  });

  it('queues approval actions, notifies the owners, and runs them once approved', async () => {
    const { service, invoker, notifications, signals, trail } = createService(
      knex,
      { now },
    );
    await service.handle(
      alertTrigger({ id: 'm1', rule: 'Detect crypto miners' }),
    );
    expect(invoker.calls).toHaveLength(0);
    const [pending] = (
      await service.listActions({ status: 'pending-approval', limit: 10 })
    ).items;
    expect(pending).toMatchObject({
      mode: 'approval',
      functionName: 'cs-scale-to-zero',
      entityRef: PAYMENTS,
      expiresAt: new Date(T0.getTime() + 4 * 3_600_000).toISOString(),
    });
    expect(notifications.send).toHaveBeenCalledWith(
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: 'group:default/payments-team',
        },
        payload: expect.objectContaining({
          title: 'Approval needed: cs-scale-to-zero on payments-api',
        }),
      }),
    );
    expect(signals.publish).toHaveBeenCalledWith(
      expect.objectContaining({
        channel: `container-security:responders:${PAYMENTS}`,
        message: expect.objectContaining({
          actionId: pending.id,
          status: 'pending-approval',
        }),
      }),
    );

    advance(5);
    const approved = await service.decide(pending.id, true, USER);
    expect(approved).toMatchObject({
      status: 'succeeded',
      decidedBy: 'user:default/jane',
      result: { statusCode: 200, payload: { status: 'done' } },
    });
    expect(trail).toEqual([
      'audit:initiated',
      'invoke:cs-scale-to-zero',
      'audit:success',
    ]);
    expect((invoker.calls[0].payload as ResponderPayload).idempotencyKey).toBe(
      pending.id,
    );
    expect((invoker.calls[0].payload as ResponderPayload).dryRun).toBe(false);
    // The outcome goes to the owners and to the approver.
    expect(notifications.send).toHaveBeenLastCalledWith(
      expect.objectContaining({
        recipients: {
          type: 'entity',
          entityRef: ['group:default/payments-team', 'user:default/jane'],
        },
        payload: expect.objectContaining({
          title: 'Responder succeeded: cs-scale-to-zero on payments-api',
        }),
      }),
    );
    await expect(service.decide(pending.id, false, USER)).rejects.toThrow(
      ConflictError,
    );
    await expect(service.decide('nope', true, USER)).rejects.toThrow(
      NotFoundError,
    );
  });

  it('rejects a pending action without invoking, and expires the ones nobody decided', async () => {
    const { service, invoker } = createService(knex, {
      now,
      config: {
        limits: {
          ruleCooldownMs: 0,
          serviceCooldownMs: 0,
          maxActionsPerHour: 30,
        },
      },
    });
    await service.handle(
      alertTrigger({ id: 'm1', rule: 'Detect crypto miners' }),
    );
    await service.handle(
      alertTrigger({ id: 'm2', rule: 'Detect crypto miners' }),
    );
    const { items } = await service.listActions({
      status: 'pending-approval',
      limit: 10,
    });
    const [second, first] = items;
    expect(await service.decide(first.id, false, USER)).toMatchObject({
      status: 'rejected',
    });

    advance(4 * 60 - 1);
    expect(await service.expireAndPrune()).toEqual({ expired: 0, deleted: 0 });
    advance(1);
    expect(await service.expireAndPrune()).toEqual({ expired: 1, deleted: 0 });
    expect((await service.getAction(second.id)).status).toBe('expired');
    await expect(service.decide(second.id, true, USER)).rejects.toThrow(
      ConflictError,
    );
    expect(invoker.calls).toHaveLength(0);

    // Retention: a week later both settled actions go.
    advance(7 * 24 * 60);
    expect(await service.expireAndPrune()).toEqual({ expired: 0, deleted: 2 });
  });

  it('invokes by hand: a dry run by default, the alert as target, not-allow-listed recorded', async () => {
    const { service, invoker } = createService(knex, { now });
    const dry = await service.invokeManually(
      {
        entityRef: PAYMENTS,
        functionName: 'cs-quarantine-pod',
        alertId: 'alert-1',
        dryRun: true,
      },
      USER,
    );
    expect(dry).toMatchObject({
      mode: 'manual',
      status: 'dry-run',
      invocationType: 'DryRun',
      requestedBy: 'user:default/jane',
      target: { pod: 'payments-api-1', namespace: 'payments' },
      trigger: { kind: 'falco-alert', id: 'alert-1' },
      result: { statusCode: 204 },
    });
    const real = await service.invokeManually(
      {
        entityRef: PAYMENTS,
        functionName: 'cs-scale-to-zero',
        target: {
          namespace: 'payments',
          kind: 'Deployment',
          name: 'payments-api',
        },
        dryRun: false,
        qualifier: 'live',
      },
      USER,
    );
    expect(real).toMatchObject({
      status: 'succeeded',
      qualifier: 'live',
      invocationType: 'RequestResponse',
    });
    const refused = await service.invokeManually(
      {
        entityRef: PAYMENTS,
        functionName: 'rm-rf',
        target: { namespace: 'payments' },
        dryRun: false,
      },
      USER,
    );
    expect(refused).toMatchObject({
      status: 'suppressed',
      suppressedBy: 'not-allow-listed',
    });
    expect(invoker.calls.map(c => c.functionName)).toEqual([
      'cs-quarantine-pod',
      'cs-scale-to-zero',
    ]);
    await expect(
      service.invokeManually(
        {
          entityRef: BILLING,
          functionName: 'cs-quarantine-pod',
          alertId: 'alert-1',
          dryRun: true,
        },
        USER,
      ),
    ).rejects.toThrow(NotFoundError);
  });

  it('describes the estate and a service', async () => {
    const { service } = createService(knex, { now });
    await service.invokeManually(
      {
        entityRef: PAYMENTS,
        functionName: 'cs-scale-to-zero',
        target: { name: 'x' },
        dryRun: false,
      },
      USER,
    );
    const overview = await service.getOverview();
    expect(overview).toMatchObject({
      enabled: true,
      killSwitch: false,
      allowedFunctions: [
        'cs-quarantine-pod',
        'cs-scale-to-zero',
        'cs-delete-pod',
        'cs-deactivate-access-key',
      ],
      limits: {
        maxActionsPerHour: 30,
        actionsLastHour: 1,
        ruleCooldownSeconds: 600,
      },
      approvalTimeoutSeconds: 14400,
    });
    expect(overview.rules.map(r => [r.name, r.mode])).toEqual([
      ['Quarantine on terminal shell', 'automatic'],
      ['Scale on crypto miner', 'approval'],
      ['Always dry', 'dry-run'],
      ['Deactivate key', 'automatic'],
    ]);
    expect(overview.rules[0].source).toMatch(/^rules\.yaml:\d+$/);
  });
});
