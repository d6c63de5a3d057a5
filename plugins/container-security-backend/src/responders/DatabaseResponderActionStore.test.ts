import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import { DatabaseResponderActionStore } from './DatabaseResponderActionStore';
import { ruleAction } from './__testUtils__/actions';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = new Date('2026-12-07T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(databases.eachSupportedId())(
  'DatabaseResponderActionStore on %p',
  id => {
    let knex: Knex;
    let store: DatabaseResponderActionStore;

    beforeEach(async () => {
      knex = await databases.init(id);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseResponderActionStore.create(knex);
    });

    it('migrates down and up again', async () => {
      const name = '20261207013000_responder_actions.js';
      await knex.migrate.down({ directory: MIGRATIONS_DIRECTORY, name });
      expect(
        await knex.schema.hasTable('container_security_responder_actions'),
      ).toBe(false);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(
        await knex.schema.hasTable('container_security_responder_actions'),
      ).toBe(true);
    });

    it('migrates the suppression count down and up again', async () => {
      const name = '20261207041500_responder_suppressed_count.js';
      const table = 'container_security_responder_actions';
      expect(await knex.schema.hasColumn(table, 'suppressed_count')).toBe(true);
      await knex.migrate.down({ directory: MIGRATIONS_DIRECTORY, name });
      expect(await knex.schema.hasColumn(table, 'suppressed_count')).toBe(
        false,
      );
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      expect(await knex.schema.hasColumn(table, 'suppressed_count')).toBe(true);
    });

    it('records one action per (rule, trigger, action), even when raced', async () => {
      const trigger = {
        kind: 'falco-alert' as const,
        id: 'alert-1',
        summary: 's',
      };
      const results = await Promise.all(
        Array.from({ length: 6 }, () =>
          store.createAction(ruleAction({ trigger }), { now: T0 }),
        ),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      // The next action of the same match is its own row.
      expect(
        await store.createAction(ruleAction({ trigger, actionIndex: 1 }), {
          now: T0,
        }),
      ).toBeDefined();
      // Manual actions never collide.
      const manual = ruleAction({
        ruleName: undefined,
        actionIndex: undefined,
        trigger,
        mode: 'manual',
      });
      expect(await store.createAction(manual, { now: T0 })).toBeDefined();
      expect(
        await store.createAction({ ...manual, id: 'other' }, { now: T0 }),
      ).toBeDefined();
      const [{ count }] = await knex(
        'container_security_responder_actions',
      ).count({
        count: '*',
      });
      expect(Number(count)).toBe(4);
    });

    it('keeps the whole action and reads it back', async () => {
      const action = ruleAction({
        status: 'pending-approval',
        mode: 'approval',
        expiresAt: at(240),
        payload: { a: [1, 'two'] },
      });
      const created = await store.createAction(action, { now: T0 });
      expect(await store.getAction(action.id)).toEqual(created);
      expect(created).toMatchObject({
        id: action.id,
        ruleName: action.ruleName,
        status: 'pending-approval',
        expiresAt: at(240).toISOString(),
        payload: { a: [1, 'two'] },
        target: action.target,
        trigger: action.trigger,
        createdAt: T0.toISOString(),
      });
    });

    it('suppresses by rule cooldown, then service cooldown, per entity', async () => {
      const limits = {
        ruleCooldownMs: 10 * 60_000,
        serviceCooldownMs: 2 * 60_000,
      };
      expect(
        (await store.createAction(ruleAction(), { now: T0, limits }))?.status,
      ).toBe('running');
      const sameRule = await store.createAction(ruleAction(), {
        now: at(5),
        limits,
      });
      expect(sameRule).toMatchObject({
        status: 'suppressed',
        suppressedBy: 'rule-cooldown',
      });
      const otherRule = await store.createAction(
        ruleAction({ ruleName: 'Other' }),
        { now: at(1), limits },
      );
      expect(otherRule).toMatchObject({
        status: 'suppressed',
        suppressedBy: 'service-cooldown',
      });
      // Another service is not held back; after the cooldowns the rule runs again.
      expect(
        (
          await store.createAction(
            ruleAction({ entityRef: 'component:default/other' }),
            { now: at(5), limits },
          )
        )?.status,
      ).toBe('running');
      expect(
        (await store.createAction(ruleAction(), { now: at(11), limits }))
          ?.status,
      ).toBe('running');
    });

    it('does not count dry runs or suppressed actions for cooldowns', async () => {
      const limits = { ruleCooldownMs: 10 * 60_000 };
      await store.createAction(
        ruleAction({ status: 'dry-run', mode: 'dry-run' }),
        {
          now: T0,
          limits,
        },
      );
      await store.createAction(
        ruleAction({ status: 'suppressed', suppressedBy: 'not-opted-in' }),
        { now: T0, limits },
      );
      expect(
        (await store.createAction(ruleAction(), { now: at(1), limits }))
          ?.status,
      ).toBe('running');
    });

    it('holds the hourly limit across concurrent writers', async () => {
      const limits = { maxActionsPerHour: 3 };
      const other = DatabaseResponderActionStore.create(knex);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? other : store).createAction(
            ruleAction({ entityRef: `component:default/s${i}` }),
            { now: at(i), limits },
          ),
        ),
      );
      expect(results.filter(r => r?.status === 'running')).toHaveLength(3);
      expect(
        results.filter(r => r?.suppressedBy === 'hourly-limit'),
      ).toHaveLength(5);
      expect(await store.countStartedSince(at(-60))).toBe(3);
      // An hour after the first ones, room again.
      expect(
        (await store.createAction(ruleAction(), { now: at(65), limits }))
          ?.status,
      ).toBe('running');
    });

    it('approves, rejects and expires pending actions once', async () => {
      const pending = () =>
        ruleAction({
          status: 'pending-approval',
          mode: 'approval',
          expiresAt: at(60),
        });
      const a = pending();
      const b = pending();
      const c = pending();
      for (const x of [a, b, c]) await store.createAction(x, { now: T0 });

      const approved = await store.decide(a.id, {
        approve: true,
        by: 'user:default/sam',
        now: at(1),
      });
      expect(approved).toMatchObject({
        status: 'running',
        decidedBy: 'user:default/sam',
        decidedAt: at(1).toISOString(),
      });
      expect(
        await store.decide(a.id, {
          approve: false,
          by: 'user:default/x',
          now: at(2),
        }),
      ).toBeUndefined();
      expect(
        await store.decide(b.id, {
          approve: false,
          by: 'user:default/x',
          now: at(2),
        }),
      ).toMatchObject({ status: 'rejected' });

      expect(await store.expirePending(at(59))).toEqual([]);
      const expired = await store.expirePending(at(60));
      expect(expired.map(e => e.id)).toEqual([c.id]);
      expect(expired[0].status).toBe('expired');
      expect(
        await store.decide(c.id, {
          approve: true,
          by: 'user:default/x',
          now: at(61),
        }),
      ).toBeUndefined();

      const finished = await store.finish(a.id, {
        status: 'succeeded',
        result: { statusCode: 200, payload: { status: 'done' } },
        now: at(2),
      });
      expect(finished).toMatchObject({
        status: 'succeeded',
        result: { statusCode: 200, payload: { status: 'done' } },
      });
    });

    it('records an approval under the kill switch or over the hourly limit as suppressed', async () => {
      const a = ruleAction({
        status: 'pending-approval',
        mode: 'approval',
        expiresAt: at(60),
      });
      const b = ruleAction({
        status: 'pending-approval',
        mode: 'approval',
        expiresAt: at(60),
      });
      await store.createAction(a, { now: T0 });
      await store.createAction(b, { now: T0 });
      expect(
        await store.decide(a.id, {
          approve: true,
          by: 'user:default/sam',
          now: at(1),
          killSwitch: true,
        }),
      ).toMatchObject({ status: 'suppressed', suppressedBy: 'kill-switch' });
      expect(
        await store.decide(b.id, {
          approve: true,
          by: 'user:default/sam',
          now: at(1),
          maxActionsPerHour: 0,
        }),
      ).toMatchObject({ status: 'suppressed', suppressedBy: 'hourly-limit' });
    });

    it('pages newest first by entity and status', async () => {
      for (let i = 0; i < 7; i++) {
        await store.createAction(
          ruleAction({
            id: `a${i}`,
            status: i % 2 ? 'dry-run' : 'succeeded',
            entityRef:
              i < 5 ? 'component:default/payments-api' : 'component:default/x',
          }),
          // Two share a creation time: the id breaks the tie.
          { now: at(Math.min(i, 5)) },
        );
      }
      const first = await store.listActions({
        entityRef: 'component:default/payments-api',
        limit: 2,
      });
      expect(first.items.map(i => i.id)).toEqual(['a4', 'a3']);
      const second = await store.listActions({
        entityRef: 'component:default/payments-api',
        limit: 2,
        cursor: first.nextCursor,
      });
      expect(second.items.map(i => i.id)).toEqual(['a2', 'a1']);
      const last = await store.listActions({
        entityRef: 'component:default/payments-api',
        limit: 2,
        cursor: second.nextCursor,
      });
      expect(last).toEqual({ items: [expect.objectContaining({ id: 'a0' })] });

      const all = await store.listActions({ status: 'succeeded', limit: 2 });
      expect(all.items.map(i => i.id)).toEqual(['a6', 'a4']);
      const newest = await store.listActions({ limit: 1 });
      expect(newest.items.map(i => i.id)).toEqual(['a6']);
      const tie = await store.listActions({
        limit: 1,
        cursor: newest.nextCursor,
      });
      expect(tie.items.map(i => i.id)).toEqual(['a5']);
      await expect(
        store.listActions({ limit: 2, cursor: 'bad' }),
      ).rejects.toThrow('Invalid cursor');
    });

    it('keeps pending and running actions past retention, deletes settled ones', async () => {
      await store.createAction(
        ruleAction({ id: 'old-done', status: 'succeeded' }),
        { now: T0 },
      );
      await store.createAction(
        ruleAction({
          id: 'old-pending',
          status: 'pending-approval',
          expiresAt: at(1),
        }),
        { now: T0 },
      );
      await store.createAction(ruleAction({ id: 'new', status: 'succeeded' }), {
        now: at(10),
      });
      expect(await store.deleteSettledBefore(at(5))).toBe(1);
      expect(await store.getAction('old-done')).toBeUndefined();
      expect(await store.getAction('old-pending')).toBeDefined();
      expect(await store.getAction('new')).toBeDefined();
    });
  },
);
