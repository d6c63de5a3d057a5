import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/databases';
import { MIGRATIONS_DIRECTORY } from '../migrations/openDatabase';
import {
  alertTrigger,
  createService,
  FakeInvoker,
  PAYMENTS,
} from './__testUtils__/service';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const T0 = new Date('2026-12-07T10:00:00Z');
const RULE = 'Quarantine on terminal shell';

/** An alert storm must not become a write storm (automatic path). */
describe.each(databases.eachSupportedId())(
  'ResponderService under an alert storm on %p',
  id => {
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

    async function rows() {
      return knex('container_security_responder_actions').orderBy([
        'created_at',
        'action_index',
      ]);
    }

    const storm = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) =>
        alertTrigger({ id: `${prefix}${i}` }),
      );

    it('(a) holds dry runs of a dry-run rule to the per-(rule, service) cooldown', async () => {
      const { service, invoker } = createService(knex, {
        now,
        config: { ruleModes: {} }, // every rule in dry-run
      });
      await service.handle(alertTrigger({ id: 'a1' }));
      advance(1);
      await service.handle(alertTrigger({ id: 'a2' }));
      advance(10); // past the 10-minute rule cooldown
      await service.handle(alertTrigger({ id: 'a3' }));
      expect(
        (await rows()).map(r => [
          r.trigger_id,
          r.status,
          r.suppressed_by,
          r.suppressed_count,
        ]),
      ).toEqual([
        ['a1', 'dry-run', null, null],
        ['a1', 'dry-run', null, null],
        ['a2', 'suppressed', 'rule-cooldown', 1],
        ['a3', 'dry-run', null, null],
        ['a3', 'dry-run', null, null],
      ]);
      expect(invoker.types()).toEqual(['DryRun', 'DryRun', 'DryRun', 'DryRun']);
    });

    it('(a) a dry run is held by the database on another replica, and never holds back a real action', async () => {
      const dry = createService(knex, { now, config: { ruleModes: {} } });
      await dry.service.handle(alertTrigger({ id: 'a1' }));
      advance(1);
      // Another replica (no memory of a1) in dry-run: the database decides.
      const other = createService(knex, { now, config: { ruleModes: {} } });
      const create = jest.spyOn(other.store, 'createAction');
      await other.service.handle(alertTrigger({ id: 'a2' }));
      expect(create).toHaveBeenCalledTimes(1);
      advance(1); // still within the 10-minute rule cooldown
      // A replica where the rule is automatic: the dry runs do not hold it.
      const real = createService(knex, { now });
      await real.service.handle(alertTrigger({ id: 'a3' }));
      expect(
        (await rows()).map(r => [r.trigger_id, r.status, r.suppressed_by]),
      ).toEqual([
        ['a1', 'dry-run', null],
        ['a1', 'dry-run', null],
        ['a2', 'suppressed', 'rule-cooldown'],
        ['a3', 'succeeded', null],
        ['a3', 'succeeded', null],
      ]);
      expect(real.invoker.types()).toEqual([
        'RequestResponse',
        'RequestResponse',
      ]);
    });

    it('(b) drops matches in a cooldown this replica started before any database work', async () => {
      const { service, store, invoker } = createService(knex, { now });
      const create = jest.spyOn(store, 'createAction');
      const record = jest.spyOn(store, 'recordCooldownSuppressions');
      service.submit([alertTrigger({ id: 'first' })]);
      await service.idle();
      expect(create).toHaveBeenCalledTimes(2); // the rule's two actions
      advance(1);
      service.submit(storm('s', 50));
      await service.idle();
      // No per-match database work: one write counts all 50.
      expect(create).toHaveBeenCalledTimes(2);
      expect(record).toHaveBeenCalledTimes(1);
      expect(invoker.calls).toHaveLength(2);
      const suppressed = (await rows()).filter(r => r.status === 'suppressed');
      expect(
        suppressed.map(r => [r.rule_name, r.suppressed_by, r.suppressed_count]),
      ).toEqual([[RULE, 'rule-cooldown', 50]]);
    });

    it('(b) leaves a cooldown it did not record to the database once, then knows its window (cross-replica)', async () => {
      const a = createService(knex, { now });
      await a.service.handle(alertTrigger({ id: 'a1' }));
      advance(1);
      const b = createService(knex, { now });
      const create = jest.spyOn(b.store, 'createAction');
      const record = jest.spyOn(b.store, 'recordCooldownSuppressions');
      b.service.submit(storm('b', 3));
      await b.service.idle();
      // Replica B knew of no cooldown: the database (under its lock) decided the first
      // match, and told B when the window started; the other two took the fast path.
      expect(create).toHaveBeenCalledTimes(1);
      expect(
        record.mock.calls.map(([items]) => items.map(i => i.count)),
      ).toEqual([[2]]);
      expect(b.invoker.calls).toHaveLength(0);
      const suppressed = (await rows()).filter(r => r.status === 'suppressed');
      expect(suppressed.map(r => [r.trigger_id, r.suppressed_count])).toEqual([
        ['b0', 3],
      ]);
    });

    it('(c) records a cooldown suppression once per (rule, service, window) with the matches it stood for', async () => {
      const { service, invoker } = createService(knex, { now });
      const replicaB = createService(knex, { now });
      service.submit([alertTrigger({ id: 'w1' })]);
      await service.idle();
      advance(1);
      service.submit(storm('x', 7));
      await service.idle();
      // The other replica's matches of the window count into the same row.
      await replicaB.service.handle(alertTrigger({ id: 'y0' }));
      advance(10); // the rule cooldown is over: a new window
      service.submit([alertTrigger({ id: 'w2' }), ...storm('z', 4)]);
      await service.idle();
      // Another service is its own (rule, service).
      await service.handle(
        alertTrigger({ id: 'other', entityRef: 'component:default/billing' }),
      );
      expect(
        (await rows())
          .filter(r => r.status === 'suppressed')
          .sort((p, q) => p.trigger_id.localeCompare(q.trigger_id))
          .map(r => [
            r.trigger_id,
            r.entity_ref,
            r.suppressed_by,
            r.suppressed_count,
          ]),
      ).toEqual([
        // Not a cooldown: one row per action, as before.
        ['other', 'component:default/billing', 'not-opted-in', null],
        ['other', 'component:default/billing', 'not-opted-in', null],
        ['x0', 'component:default/payments-api', 'rule-cooldown', 8],
        ['z0', 'component:default/payments-api', 'rule-cooldown', 4],
      ]);
      expect(invoker.calls).toHaveLength(4); // w1 and w2, two actions each
      const listed = await service.listActions({ limit: 10 });
      expect(
        listed.items.find(a => a.trigger?.id === 'x0')?.suppressedCount,
      ).toBe(8);
    });

    it('(d) bounds the automatic queue: a submission that would overflow it is dropped and logged', async () => {
      const { service, invoker, logger } = createService(knex, {
        now,
        maxQueuedTriggers: 5,
        config: {
          limits: {
            ruleCooldownMs: 0,
            serviceCooldownMs: 0,
            maxActionsPerHour: 1000,
          },
        },
      });
      service.submit(storm('q', 6));
      await service.idle();
      expect(logger.error).toHaveBeenCalledWith(
        'responder queue full, matched triggers dropped',
        { dropped: 6, queued: 0 },
      );
      expect(await rows()).toHaveLength(0);
      service.submit(storm('r', 5));
      await service.idle();
      expect(invoker.calls).toHaveLength(10);
    });

    it('(d) handles the queue in batches: one suppression write per (rule, service) per batch', async () => {
      const invoker = new FakeInvoker();
      const { service, store, catalog } = createService(knex, {
        now,
        invoker,
      });
      const create = jest.spyOn(store, 'createAction');
      const record = jest.spyOn(store, 'recordCooldownSuppressions');
      const lookups = jest.spyOn(catalog, 'getEntityByRef');
      // Submitted one at a time, as a serial ingest hands them over.
      for (const trigger of storm('t', 250)) service.submit([trigger]);
      await service.idle();
      // The first match acts; 249 are counted in memory (batches of 100) and written
      // once (at most once a second; the clock stands still here).
      expect(create).toHaveBeenCalledTimes(2);
      expect(
        record.mock.calls.map(([items]) => items.map(i => i.count)),
      ).toEqual([[249]]);
      const all = await rows();
      expect(all).toHaveLength(3);
      expect(
        all.filter(r => r.status === 'suppressed').map(r => r.suppressed_count),
      ).toEqual([249]);
      expect(invoker.calls).toHaveLength(2);
      // The service's opt-in is looked up once per flush interval (here: for the first
      // trigger, and after the flush that followed it), not once per match; the owner
      // once per notified outcome (2).
      expect(
        lookups.mock.calls.filter(([ref]) => ref === PAYMENTS),
      ).toHaveLength(4);
    });
  },
);
